package dev.overlap.jobs.runs;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.MainProcess;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.spark.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that do not end well, in separate JVMs: one killed (SIGKILL) while it writes its tables, and
 * one on a {@code local-cluster} master whose executor process dies in the middle of the evaluation.
 */
class KillAndExecutorLossTest {
  static final String EDGE = "reference/coco-edge/02_iou_threshold_boundaries/";

  @TempDir static Path tmp;
  static Path out;
  static byte[] summaryBefore;
  static List<Row> perClassBefore;

  @BeforeAll
  static void previousCompleteRun() throws IOException {
    out = tmp.resolve("out");
    CliRun r = CliRun.of(args("night-1").toArray(new String[0]));
    assertEquals(Main.OK, r.exitCode, r.toString());
    summaryBefore = Files.readAllBytes(out.resolve("summary.json"));
    perClassBefore = perClass("night-1");
  }

  static List<String> args(String runId) {
    return List.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred", TestData.path(EDGE + "pred.json"),
        "--out", out.toString(), "--run-id", runId, "--partitions", "2", "--quiet");
  }

  static List<Row> perClass(String runId) {
    return Tables.sorted(SparkTestSession.get().read().parquet(out.resolve("per_class").toString())
        .filter("run_id = '" + runId + "'"), List.of());
  }

  static Map<String, String> statuses() {
    Map<String, String> m = new HashMap<>();
    for (Row r : SparkTestSession.get().read().schema(RunsTable.READ).parquet(out.resolve("runs").toString()).collectAsList()) {
      m.put(r.getAs("run_id"), r.getAs("status"));
    }
    return m;
  }

  @Test
  void killedMidWriteLeavesThePreviousRunReadableAndTheNextRunSucceeds() throws IOException {
    MainProcess p = MainProcess.start(tmp.resolve("killed"), Map.of(), List.of("-Doverlap.test.pauseAfterTableMs=600000"),
        args("night-2"));
    p.awaitStderr("overlap: test pause after table summary", 5);
    p.process().destroyForcibly();
    p.await(1);

    // the previous complete run: summary.json and its tables as they were
    assertArrayEquals(summaryBefore, Files.readAllBytes(out.resolve("summary.json")));
    assertEquals(perClassBefore, perClass("night-1"));
    SparkSession spark = SparkTestSession.get();
    assertEquals(12, spark.read().parquet(out.resolve("summary").toString()).filter("run_id = 'night-1'").count());
    // the killed run is marked as such: readers that want complete runs skip it
    assertEquals(Map.of("night-1", RunsTable.SUCCEEDED, "night-2", RunsTable.RUNNING), statuses());

    CliRun again = CliRun.of(args("night-2").toArray(new String[0]));
    assertEquals(Main.OK, again.exitCode, again.toString());
    assertEquals(Map.of("night-1", RunsTable.SUCCEEDED, "night-2", RunsTable.SUCCEEDED), statuses());
    assertEquals("night-2", TestJson.map(TestJson.read(out.resolve("summary.json"))).get("run_id"));
    assertEquals(perClassBefore.size(), perClass("night-2").size());
    assertEquals(perClassBefore, perClass("night-1"));
  }

  /**
   * local-cluster[2,1,1024]: a standalone master and two workers in the driver JVM, each executor its
   * own process. Spark launches executors through its launcher, which wants a Spark home with a jars
   * folder and the Scala version: an empty folder, {@code spark.testing} (executors then get the test
   * classpath) and SPARK_SCALA_VERSION stand in for a Spark distribution.
   */
  @Test
  void executorLostMidJobOnLocalClusterGivesTheSameResult() throws IOException {
    Path home = tmp.resolve("spark-home");
    Files.createDirectories(home.resolve("assembly/target/scala-2.13/jars"));
    Path lcOut = tmp.resolve("local-cluster");
    Path marker = tmp.resolve("executor-killed");
    List<String> a = new java.util.ArrayList<>(List.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred",
        TestData.path(EDGE + "pred.json"), "--out", lcOut.toString(), "--run-id", "night-1", "--partitions", "2",
        "--quiet", "--master", "local-cluster[2,1,1024]"));
    MainProcess p = MainProcess.start(tmp.resolve("lc"), Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13"),
        List.of("-Dspark.testing=true", "-Dspark.test.home=" + home, "-D" + Faults.STAGE + "=evaluate",
            "-D" + Faults.ACTION + "=exit", "-D" + Faults.MARKER + "=" + marker, "-Dspark.executor.memory=512m"), a);
    int code = p.await(8);
    assertEquals(Main.OK, code, p.stdout() + p.stderr());
    assertTrue(Files.exists(marker), "the fault fired");
    assertTrue(p.stderr().contains("Lost executor"), p.stderr());
    Map<String, Object> lost = TestJson.map(TestJson.read(lcOut.resolve("summary.json")));
    Map<String, Object> clean = TestJson.map(TestJson.parse(new java.io.ByteArrayInputStream(summaryBefore)));
    for (Map<String, Object> m : List.of(lost, clean)) {
      m.remove("inputs");
      m.remove("run");
    }
    assertEquals(clean, lost, "summary.json numbers");
    assertEquals(perClassBefore, Tables.sorted(SparkTestSession.get().read().parquet(lcOut.resolve("per_class").toString()),
        List.of()));
  }
}
