package dev.overlap.jobs.runs;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs under one --out, nightly style: a perfect baseline night (AP 1), then a worse night (one
 * detection missing), re-runs that replace exactly their own run, the runs table, and the gate
 * passing, failing below a floor, failing on a drop, and missing its baseline.
 */
class RunsAndGateTest {
  static final String EDGE = "reference/coco-edge/01_perfect_match/";

  @TempDir static Path tmp;
  static Path out;
  static Path worse;

  @BeforeAll
  static void baselineNight() throws IOException {
    out = tmp.resolve("nightly");
    List<Object> preds = new ArrayList<>(TestJson.list(TestJson.resource(EDGE + "pred.json")));
    preds.remove(0);
    worse = tmp.resolve("worse.json");
    StringBuilder b = new StringBuilder();
    for (Object o : preds) {
      Map<String, Object> p = TestJson.map(o);
      List<Object> box = TestJson.list(p.get("bbox"));
      b.append(String.format(Locale.ROOT, "{\"image_id\": %d, \"category_id\": %d, \"bbox\": [%s, %s, %s, %s], \"score\": %s}%n",
          ((Double) p.get("image_id")).longValue(), ((Double) p.get("category_id")).longValue(), box.get(0), box.get(1),
          box.get(2), box.get(3), p.get("score")));
    }
    Files.writeString(worse, b.toString(), StandardCharsets.UTF_8);
    CliRun r = night("2026-11-20", TestData.path(EDGE + "pred.json"));
    assertEquals(Main.OK, r.exitCode, r.toString());
  }

  static CliRun night(String runId, String pred, String... gate) {
    List<String> a = new ArrayList<>(List.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred", pred, "--out",
        out.toString(), "--run-id", runId, "--partitions", "2", "--quiet"));
    a.addAll(List.of(gate));
    return CliRun.of(a.toArray(new String[0]));
  }

  static double ap() {
    return (Double) TestJson.map(TestJson.read(out.resolve("summary.json"))).get("AP");
  }

  static Map<String, Row> runsRows() {
    Map<String, Row> m = new HashMap<>();
    for (Row r : SparkTestSession.get().read().schema(RunsTable.READ).parquet(out.resolve("runs").toString()).collectAsList()) {
      m.put(r.<String>getAs("run_id") + "/" + r.getAs("job"), r);
    }
    return m;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  @Test
  void dropBeyondTheLimitFailsWithOneLineNamingTheBaseline() {
    CliRun r = night("2026-11-21", worse.toString(), "--max-drop", "AP=0.01");
    double ap = ap();
    assertTrue(ap < 0.99, "the worse night is worse: " + ap);
    assertEquals(Main.GATE_FAILED, r.exitCode, r.toString());
    assertEquals("overlap: gate: AP dropped " + fmt(1.0 - ap) + " from 1.0000 (run 2026-11-20) to " + fmt(ap)
        + ", more than 0.01", r.err.strip());
    // the report, written before summary.json, shows the same verdict
    String gate = GateReportTest.section(out, "2026-11-21");
    assertTrue(gate.contains("<p class=\"status\">failed</p>"), gate);
    assertTrue(gate.contains("Baseline: run 2026-11-20 (the latest earlier run that passed its gate)."), gate);
    assertTrue(gate.contains("<li>AP dropped " + fmt(1.0 - ap) + " from 1.0000 (run 2026-11-20) to " + fmt(ap)
        + ", more than 0.01</li>"), gate);
    // the run is complete all the same, and says so
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    assertEquals("2026-11-21", s.get("run_id"));
    assertEquals("failed", TestJson.map(s.get("gate")).get("status"));
    assertEquals("2026-11-20", TestJson.map(s.get("gate")).get("baseline"));
    Row row = runsRows().get("2026-11-21/detection-bbox");
    assertEquals("succeeded", row.getAs("status"));
    assertTrue(row.<String>getAs("gate").startsWith("AP dropped "), row.toString());
  }

  @Test
  void floorFailsWithValueAndThreshold() {
    CliRun r = night("2026-11-22", worse.toString(), "--fail-below", "AP=0.80,AP50=0.5");
    assertEquals(Main.GATE_FAILED, r.exitCode, r.toString());
    assertEquals("overlap: gate: AP " + fmt(ap()) + " is below 0.80", r.err.strip());
    String gate = GateReportTest.section(out, "2026-11-22");
    assertTrue(gate.contains("<div class=\"outcome failed\">\n<p class=\"status\">failed</p>\n<ul>\n<li>AP " + fmt(ap())
        + " is below 0.80</li>\n</ul>"), gate);
    assertTrue(gate.contains("<td class=\"text\">AP50</td><td class=\"text\">--fail-below</td><td class=\"num\">0.5</td>"),
        "every threshold checked, passed ones too: " + gate);
  }

  @Test
  void passingGateAndRerunReplacingExactlyItsOwnRun() throws IOException {
    CliRun r = night("2026-11-23", worse.toString(), "--fail-below", "AP=0.5", "--max-drop", "AP=0.3", "--baseline",
        "2026-11-20");
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertTrue(r.out.contains("Gate passed (baseline run 2026-11-20)\n"), r.out);
    String gate = GateReportTest.section(out, "2026-11-23");
    assertTrue(gate.contains("<p class=\"status\">passed</p>\n</div>"), gate);
    assertTrue(gate.contains("Baseline: run 2026-11-20 (--baseline)."), gate);
    assertTrue(r.out.contains("Read 4 ground truths (4 evaluated, 0 excluded, 0 rejected) and 3 predictions (3 evaluated,"
        + " 0 excluded, 0 rejected)\n"), r.out);
    assertEquals("", r.err);
    // the same night again, now with the perfect predictions: only its own rows change
    long before = perClassRows("2026-11-20");
    r = night("2026-11-23", TestData.path(EDGE + "pred.json"));
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertEquals(1.0, ap());
    assertNull(GateReportTest.section(out, "2026-11-23"), "no gate, no gate block");
    List<Row> apRows = SparkTestSession.get().read().parquet(out.resolve("summary").toString())
        .filter("metric = 'AP'").collectAsList();
    Map<String, Double> byRun = new HashMap<>();
    for (Row x : apRows) assertNull(byRun.put(x.getAs("run_id").toString(), x.getAs("value")), "one AP row per run");
    assertEquals(1.0, byRun.get("2026-11-23"));
    assertEquals(1.0, byRun.get("2026-11-20"));
    assertEquals(before, perClassRows("2026-11-20"));
    assertEquals(2, perClassRows("2026-11-23"));
    try (Stream<Path> files = Files.list(out.resolve("per_class/run_id=2026-11-23/iou_type=bbox"))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count(), "old files replaced");
    }
    Row row = runsRows().get("2026-11-23/detection-bbox");
    assertEquals("detection", row.getAs("task"));
    assertEquals("succeeded", row.getAs("status"));
    assertEquals(Version.get(), row.getAs("overlap_version"));
    assertEquals("0.1.0", Version.get());
    assertEquals(8L, (long) row.<Long>getAs("records_read"), "4 ground truths and 4 predictions");
    assertEquals(8L, (long) row.<Long>getAs("records_evaluated"));
    assertEquals(0L, (long) row.<Long>getAs("records_excluded"));
    assertEquals(0L, (long) row.<Long>getAs("records_rejected"));
    assertEquals(0L, (long) row.<String, Long>getJavaMap(row.fieldIndex("rejected")).get("images"));
    assertEquals(2L, (long) row.<String, Long>getJavaMap(row.fieldIndex("counts")).get("images"));
    assertEquals(1.0, row.<String, Double>getJavaMap(row.fieldIndex("metrics")).get("AP"));
    assertTrue(row.<String>getAs("inputs").contains("\"pred\":\"" + TestData.path(EDGE + "pred.json")), row.toString());
    assertTrue(row.<String>getAs("parameters").contains("\"iouThrs\":[0.5,0.55,"), row.toString());
    assertNull(row.getAs("gate"), "no gate this time");
    assertTrue(!row.<java.sql.Timestamp>getAs("finished_at").before(row.getAs("started_at")));
  }

  static long perClassRows(String runId) {
    return SparkTestSession.get().read().parquet(out.resolve("per_class").toString())
        .filter("run_id = '" + runId + "'").count();
  }

  @Test
  void missingNamedBaselineIsAUsageErrorBeforeAnyWork() {
    CliRun r = night("2026-11-24", worse.toString(), "--max-drop", "AP=0.01", "--baseline", "2026-01-01");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: gate: baseline run 2026-01-01 of detection-bbox not found in " + out.resolve("runs")
        + " (only runs that succeeded count)", r.err.strip());
    assertFalse(Files.exists(out.resolve("summary/run_id=2026-11-24")), "nothing written");
    assertFalse(Files.exists(out.resolve("runs/run_id=2026-11-24")), "nothing written");
  }

  @Test
  void firstNightHasNoPreviousRunAndSaysSo() {
    CliRun r = night("2026-11-01", worse.toString(), "--max-drop", "AP=0.01");
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertEquals("overlap: gate: no earlier run of detection-bbox under " + out + " that passed its gate to compare with; --max-drop not checked",
        r.err.strip());
    assertTrue(GateReportTest.section(out, "2026-11-01").contains("no earlier run that passed its gate; --max-drop not"
        + " checked"));
  }

  @Test
  void unknownGateMetricIsRefusedUpFront() {
    CliRun r = night("2026-11-25", worse.toString(), "--fail-below", "mAP=0.4");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.startsWith("overlap: --fail-below: unknown metric \"mAP\" (one of AP, AP50, AP75, "), r.err);
  }
}
