package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.MainProcess;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts with the same explicit run id at once: the first (its own JVM, paused after each
 * table it writes) holds the run; the second, started meanwhile, fails in one line before writing;
 * the first then finishes whole, and its runs row, summary.json and per_image rows describe one attempt.
 */
class ConcurrentAttemptTest {
  static final String EDGE = "reference/coco-edge/02_iou_threshold_boundaries/";
  @TempDir Path tmp;

  @Test
  void oneAttemptWinsWholeAndTheOtherFailsInOneLine() {
    Path out = tmp.resolve("out");
    List<String> args = List.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred",
        TestData.path(EDGE + "pred.json"), "--out", out.toString(), "--run-id", "night-7", "--partitions", "2", "--quiet");
    SparkTestSession.get(); // started before the first attempt, so the second one comes while the first writes
    MainProcess first = MainProcess.start(tmp.resolve("first"), Map.of(), List.of("-Doverlap.test.pauseAfterTableMs=4000"),
        args);
    first.awaitStderr("overlap: test pause after table summary", 5);
    CliRun second = CliRun.of(args.toArray(new String[0]));
    assertEquals(Main.BAD_INPUT, second.exitCode, second.toString());
    assertTrue(second.err.matches("overlap: run night-7 of detection-bbox is being written under " + java.util.regex.Pattern.quote(out.toString())
        + " by another attempt \\(\\d+@\\S+ since \\S+Z \\([0-9a-f-]{36}\\)\\); wait for it to end, or give this one"
        + " another --run-id\n"), second.err);
    assertEquals("", second.out);
    assertEquals(Main.OK, first.await(3), first.stderr());

    long images = SparkTestSession.get().read().parquet(out.resolve("per_image").toString()).count();
    long distinct = SparkTestSession.get().read().parquet(out.resolve("per_image").toString()).distinct().count();
    assertEquals(distinct, images, "per_image holds one attempt's rows");
    List<Row> runs = SparkTestSession.get().read().schema(RunsTable.READ).parquet(out.resolve("runs").toString()).collectAsList();
    assertEquals(1, runs.size());
    assertEquals("succeeded", runs.get(0).getAs("status"));
    assertEquals("night-7", TestJson.map(TestJson.read(out.resolve("summary.json"))).get("run_id"));

    // the lock went with the first attempt: the run id can be written again
    CliRun again = CliRun.of(args.toArray(new String[0]));
    assertEquals(Main.OK, again.exitCode, again.toString());
    assertEquals(images, SparkTestSession.get().read().parquet(out.resolve("per_image").toString()).count());
  }
}
