package dev.overlap.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.junit.jupiter.api.Test;

/** Progress lines from listener events, on a fake clock; and the listener on a real Spark job. */
class ProgressTest {
  static final long S = 1_000_000_000L;

  @Test
  void printsAtMostOncePerIntervalAndOnlyWhileAStageRuns() {
    long[] now = {0};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
    Progress p = new Progress(err, 5, () -> now[0]);

    now[0] = 6 * S;
    p.tick();
    assertEquals("", b.toString(StandardCharsets.UTF_8), "nothing running: silent");

    p.stageStarted(3, "evaluate images (match detections\n to ground truth)", 64);
    for (int i = 0; i < 37; i++) p.taskEnded(3, true);
    p.taskEnded(3, false); // a failed attempt is not progress
    now[0] = 7 * S;
    p.tick();
    assertEquals("overlap: 7.0 s: evaluate images (match detections to ground truth): stage 3, 37/64 tasks; "
        + "0 stages done\n", b.toString(StandardCharsets.UTF_8));

    now[0] = 11 * S;
    p.tick();
    assertEquals(1, lines(b), "within the interval of the last line: nothing");

    p.stageEnded(3);
    p.stageStarted(4, "rank detections", 8);
    p.stageStarted(5, "rank detections", 8);
    p.taskEnded(5, true);
    now[0] = 12 * S;
    p.tick();
    assertEquals(2, lines(b));
    assertTrue(b.toString(StandardCharsets.UTF_8).endsWith(
        "overlap: 12.0 s: rank detections: stages 4, 5, 1/16 tasks; 1 stage done\n"), b.toString(StandardCharsets.UTF_8));

    p.stageEnded(4);
    p.stageEnded(5);
    now[0] = 30 * S;
    p.tick();
    assertEquals(2, lines(b), "finished: silent");
    assertNull(p.line(now[0]));
    assertEquals(3, p.stagesDone());
    assertEquals(38, p.tasksDone());
  }

  private static int lines(ByteArrayOutputStream b) {
    String s = b.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? 0 : s.split("\n").length;
  }

  @Test
  void countsARealJobsStagesAndTasks() throws InterruptedException {
    CountDownLatch jobEnded = new CountDownLatch(1);
    Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 5,
        System::nanoTime);
    SparkListener latch = new SparkListener() {
      @Override
      public void onJobEnd(SparkListenerJobEnd e) {
        jobEnded.countDown();
      }
    };
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    // both on Spark's shared listener queue, which hands each event to every listener in order before the next
    jsc.sc().addSparkListener(p);
    jsc.sc().addSparkListener(latch);
    try {
      jsc.setJobGroup("progress-test", "count to ten", false);
      assertEquals(55, jsc.parallelize(Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 3).reduce(Integer::sum));
      // once the latch has seen the job end, p has seen it and every stage and task event before it
      assertTrue(jobEnded.await(60, TimeUnit.SECONDS), "job end event");
    } finally {
      jsc.clearJobGroup();
      jsc.sc().removeSparkListener(p);
      jsc.sc().removeSparkListener(latch);
    }
    assertEquals(1, p.stagesDone());
    assertEquals(3, p.tasksDone());
  }

  @Test
  void zeroIntervalTurnsProgressOff() {
    String before = System.getProperty(Progress.INTERVAL_PROPERTY);
    System.setProperty(Progress.INTERVAL_PROPERTY, "0");
    try {
      assertNull(Progress.attach(SparkTestSession.get().sparkContext(), System.err));
    } finally {
      if (before == null) System.clearProperty(Progress.INTERVAL_PROPERTY);
      else System.setProperty(Progress.INTERVAL_PROPERTY, before);
    }
  }
}
