package dev.overlap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a failure is told: one line, and for memory what to change. */
class MainReportTest {
  private static String told(Throwable e, int[] code) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    code[0] = Main.report(e, new PrintStream(b, true, StandardCharsets.UTF_8), false);
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void taskOutOfMemoryNamesWhatToChange() {
    // as Spark reports a task's error on the driver: its text, with a trace, in the job failure's message
    Throwable spark = new IllegalStateException("Job aborted due to stage failure: Task 0 in stage 4.0 failed 1 times,"
        + " most recent failure: Lost task 0.0 (TID 220): java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)");
    int[] code = new int[1];
    String line = told(spark, code);
    assertEquals(Main.FAILED, code[0]);
    assertEquals(1, line.strip().lines().count(), line);
    assertTrue(line.startsWith("overlap: failed: out of memory in a task (Java heap space): "), line);
    assertTrue(line.contains("--partitions") && line.contains("OVERLAP_DRIVER_MEMORY"), line);
    assertFalse(line.contains("\tat "), line);

    line = told(new RuntimeException("wrapped", new OutOfMemoryError("Java heap space")), code);
    assertTrue(line.startsWith("overlap: failed: out of memory in a task (Java heap space): "), line);
    assertEquals(1, line.strip().lines().count(), line);
  }

  @Test
  void otherFailuresKeepTheirCause() {
    int[] code = new int[1];
    String line = told(new RuntimeException("outer", new IllegalArgumentException("disk full")), code);
    assertEquals(Main.FAILED, code[0]);
    assertTrue(line.startsWith("overlap: failed: ") && line.contains("disk full"), line);
    assertFalse(line.contains("out of memory"), line);
  }
}
