package dev.overlap.jobs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code dev.overlap.jobs.Main} in a separate JVM (the test classpath, Spark's launcher flags), for
 * what cannot happen in the shared test session: a master of its own (local[2,2], local-cluster), a
 * kill, a run whose every byte of console output is captured. stdout and stderr go to files in a
 * folder of the caller's.
 */
public final class MainProcess {
  private final Process process;
  private final Path dir;

  private MainProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts Main.
   *
   * @param dir where stdout.txt and stderr.txt go
   * @param env extra environment
   * @param jvm extra JVM options (-D...)
   */
  public static MainProcess start(Path dir, Map<String, String> env, List<String> jvm, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String s : System.getProperty("overlap.spark.flags", "").split("\\s+")) if (!s.isBlank()) cmd.add(s);
    cmd.addAll(List.of("-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dspark.sql.shuffle.partitions=2", "-Dspark.sql.adaptive.enabled=false"));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", classpath(), "dev.overlap.jobs.Main"));
    cmd.addAll(args);
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("stdout.txt").toFile())
          .redirectError(dir.resolve("stderr.txt").toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().putAll(env);
      Process p = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
      return new MainProcess(p, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String classpath() {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) if (!e.isBlank()) cp.add(e);
    return String.join(File.pathSeparator, cp);
  }

  public Process process() {
    return process;
  }

  /** Waits for the exit code (fails the test after {@code minutes}). */
  public int await(int minutes) {
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("Main did not finish in " + minutes + " min\n" + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until stderr holds {@code text} (fails the test when the process ends first or after {@code minutes}). */
  public void awaitStderr(String text, int minutes) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    while (!stderr().contains(text)) {
      if (!process.isAlive()) throw new AssertionError("Main ended before printing \"" + text + "\"\n" + stderr());
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("no \"" + text + "\" in " + minutes + " min\n" + stderr());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public String stdout() {
    return read("stdout.txt");
  }

  public String stderr() {
    return read("stderr.txt");
  }

  private String read(String name) {
    try {
      Path p = dir.resolve(name);
      return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
