package dev.overlap.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package) for page checks: a screenshot and the DOM
 * after rendering. Each call starts a fresh browser with its own profile folder, no network services,
 * no sandbox (tests run as root in containers), no GPU.
 */
public final class Chromium {
  /** Where Debian installs it; {@code OVERLAP_CHROMIUM} overrides. */
  public static final String DEFAULT = "/usr/bin/chromium";

  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path work;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** Where the browser is looked for. */
  public static Path expected() {
    String env = System.getenv("OVERLAP_CHROMIUM");
    return Path.of(env != null && !env.isEmpty() ? env : DEFAULT);
  }

  /** The browser, or null when it is not installed. */
  public static Chromium find(Path work) {
    Path p = expected();
    return Files.isExecutable(p) ? new Chromium(p, work) : null;
  }

  public Path binary() {
    return binary;
  }

  /** Renders {@code page} in a window of the given size and writes a PNG of it. */
  public void screenshot(Path page, Path png, int width, int height) {
    run(List.of("--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        page.toUri().toString()), null);
    if (!Files.isRegularFile(png)) throw new IllegalStateException("chromium wrote no screenshot to " + png);
  }

  /** The DOM after rendering {@code page}, serialised. */
  public String dumpDom(Path page) {
    Path dom = work.resolve("dom-" + System.nanoTime() + ".html");
    run(List.of("--dump-dom", page.toUri().toString()), dom);
    try {
      return Files.readString(dom, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(List<String> args, Path stdout) {
    try {
      Path profile = Files.createTempDirectory(work, "chromium-profile");
      List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile));
      cmd.addAll(args);
      Path log = work.resolve("chromium-" + System.nanoTime() + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
      pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process proc = pb.start();
      if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
      }
      if (proc.exitValue() != 0) {
        throw new IllegalStateException("chromium exited " + proc.exitValue() + ": " + tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) throws IOException {
    try (InputStream in = Files.newInputStream(log)) {
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
  }
}
