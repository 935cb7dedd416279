package dev.overlap.jobs.spark;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * A test-only fault hook, off unless the Spark conf names it: {@code spark.overlap.test.fault.stage}
 * (a step: {@code evaluate}, {@code curve-totals}, {@code curve-segments}), {@code
 * spark.overlap.test.fault.action} ({@code fail}: the task throws; {@code exit}: its executor process
 * dies, for {@code local-cluster} masters) and {@code spark.overlap.test.fault.marker} (a local file
 * created when the fault fires, so it fires once per test even when Spark re-runs the step). It fires
 * in the first attempt of partition 0 of the step's first stage attempt. Called once per task, before
 * the task reads its first record: never in a per-record loop.
 */
public final class Faults {
  private Faults() {}

  public static final String STAGE = "spark.overlap.test.fault.stage";
  public static final String ACTION = "spark.overlap.test.fault.action";
  public static final String MARKER = "spark.overlap.test.fault.marker";

  /** Fires the configured fault if this task is its target; otherwise returns at once. */
  public static void inject(String stage) {
    SparkEnv env = SparkEnv.get();
    if (env == null) return;
    String target = env.conf().get(STAGE, null);
    if (target == null || !target.equals(stage)) return;
    TaskContext tc = TaskContext.get();
    if (tc == null || tc.partitionId() != 0 || tc.attemptNumber() != 0 || tc.stageAttemptNumber() != 0) return;
    String marker = env.conf().get(MARKER, null);
    if (marker == null) throw new IllegalStateException(STAGE + " is set without " + MARKER);
    try {
      Files.createFile(Path.of(marker));
    } catch (FileAlreadyExistsException fired) {
      return;
    } catch (IOException e) {
      throw new IllegalStateException("fault marker " + marker + ": " + e.getMessage(), e);
    }
    String action = env.conf().get(ACTION, "fail");
    String what = "injected fault (test hook): " + action + " in stage " + stage + ", partition 0, attempt 0, executor "
        + env.executorId();
    System.err.println("overlap: " + what);
    if (action.equals("exit")) {
      if (env.executorId().equals("driver")) throw new IllegalStateException(ACTION + "=exit needs separate executor processes");
      Runtime.getRuntime().halt(137);
    }
    throw new IllegalStateException(what);
  }
}
