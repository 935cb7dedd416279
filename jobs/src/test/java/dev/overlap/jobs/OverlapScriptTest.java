package dev.overlap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/overlap's checks of its environment, made before it builds or starts anything (no JVM, no build). */
class OverlapScriptTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  /** Exit code and output (both streams) of scripts/overlap with OVERLAP_DRIVER_MEMORY set to {@code memory}. */
  String[] run(String memory) throws Exception {
    // a copy in a checkout of nothing: were a check to pass, the script's build would fail at once (an empty pom)
    Path script = Files.createDirectories(tmp.resolve("scripts")).resolve("overlap");
    Files.copy(ROOT.resolve("scripts/overlap"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(tmp.resolve("pom.xml"), "<project><version>0</version></project>\n");
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), "help")).redirectErrorStream(true);
    pb.environment().put("OVERLAP_DRIVER_MEMORY", memory);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(1, TimeUnit.MINUTES);
    return new String[] {String.valueOf(p.exitValue()), out};
  }

  @Test
  void aHeapSparkRefusesIsOneLineBeforeAnythingStarts() throws Exception {
    assertEquals(List.of("2", "overlap: OVERLAP_DRIVER_MEMORY=384m is too small: Spark needs a heap of at least 450 MiB;"
        + " give 512m or more"), List.of(run("384m")));
    assertEquals("2", run("524287k")[0]);
    // 512m passes this check: the copy then fails to build (exit 1), which the real checkout would not
    assertEquals("1", run("512m")[0]);
    assertEquals(List.of("2", "overlap: OVERLAP_DRIVER_MEMORY='1.5g' is not a heap size (a whole number with k, m, g or t,"
        + " e.g. 2g)"), List.of(run("1.5g")));
  }
}
