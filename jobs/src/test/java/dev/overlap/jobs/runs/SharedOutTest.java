package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One --out given to two jobs: a segmentation run under a detection run's --out (with the same run
 * id, and with another) is refused in one line before it writes, and every table of the detection
 * run stays readable by Spark with its rows; default run ids never collide.
 */
class SharedOutTest {
  static final String EDGE = "reference/coco-edge/01_perfect_match/";
  static final List<String> DETECTION_TABLES = List.of("summary", "per_class", "pr_curve", "per_image", "runs");

  @TempDir static Path tmp;
  static Path out;
  static long[] before;

  @BeforeAll
  static void detectionRun() {
    out = tmp.resolve("shared");
    CliRun r = CliRun.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred", TestData.path(EDGE + "pred.json"),
        "--out", out.toString(), "--run-id", "r1", "--partitions", "2", "--quiet");
    assertEquals(Main.OK, r.exitCode, r.toString());
    before = counts();
  }

  static long[] counts() {
    SparkSession spark = SparkTestSession.get();
    long[] n = new long[DETECTION_TABLES.size()];
    for (int i = 0; i < n.length; i++) n[i] = spark.read().parquet(out.resolve(DETECTION_TABLES.get(i)).toString()).count();
    return n;
  }

  static CliRun segmentation(String runId) {
    return CliRun.of("segmentation", "--gt", TestData.path("reference/semseg-small/gt"), "--pred",
        TestData.path("reference/semseg-small/pred"), "--num-classes", "19", "--ignore-label", "255", "--out",
        out.toString(), "--run-id", runId, "--quiet");
  }

  @Test
  void aSegmentationRunWithTheSameRunIdIsRefusedAndDeletesNothing() throws IOException {
    byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
    CliRun r = segmentation("r1");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: --out " + out + " holds detection-bbox runs (run r1); the tables of segmentation and"
        + " detection-bbox cannot share one folder: give this segmentation run its own --out\n", r.err);
    assertEquals(List.of(before[0], before[1], before[2], before[3], before[4]), asList(counts()));
    assertTrue(java.util.Arrays.equals(summary, Files.readAllBytes(out.resolve("summary.json"))));
  }

  @Test
  void aSegmentationRunWithAnotherRunIdIsRefusedAndEveryTableStaysReadable() {
    CliRun r = segmentation("r2");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.startsWith("overlap: --out " + out + " holds detection-bbox runs (run r1);"), r.err);
    assertEquals(List.of(before[0], before[1], before[2], before[3], before[4]), asList(counts()));
    assertEquals(12, before[0]);
    assertEquals(1, before[4]);
    assertTrue(Files.notExists(out.resolve("confusion")), "nothing of the segmentation run was written");
  }

  static List<Long> asList(long[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }

  @Test
  void defaultRunIdsDifferWithinOneSecond() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      RunOptions o = RunOptions.parse(Args.parse(new String[] {"--out", "o"}, RunOptions.OPTIONS, RunOptions.FLAGS));
      assertTrue(o.generatedRunId());
      assertTrue(o.runId().matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"), o.runId());
      ids.add(o.runId());
    }
    assertEquals(200, ids.size());
    RunOptions given = RunOptions.parse(Args.parse(new String[] {"--out", "o", "--run-id", "x"}, RunOptions.OPTIONS,
        RunOptions.FLAGS));
    assertEquals(false, given.generatedRunId());
  }

  @Test
  void aGeneratedRunIdAlreadyInUseIsRefused() throws IOException {
    Path o = tmp.resolve("collision");
    String id = RunOptions.generateRunId();
    Files.createDirectories(o.resolve("runs/run_id=" + id + "/job=detection-segm"));
    UsageException e = assertThrows(UsageException.class, () -> SharedOut.checkUnused(new Configuration(), o.toString(), id));
    assertEquals("the generated run id " + id + " is already used under " + o + " (by detection-segm); run again, or"
        + " give --run-id", e.getMessage());
    String other = RunOptions.generateRunId();
    assertNotEquals(id, other);
    SharedOut.checkUnused(new Configuration(), o.toString(), other);
  }
}
