package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.NumpyPercentile;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-drop ... --significance A}: a drop fails the run only when the paired bootstrap interval of the change
 * against the baseline run (same images, same weights) lies below 0. On coco-small: the same predictions give a
 * change of exactly 0; boxes moved on half the images fail; scores jittered at random (a reshuffle of the ranking)
 * pass as noise though
 * the plain gate would fail it; the interval equals one recomputed here from both runs' replicates tables.
 */
class SignificanceGateTest {
  static final String GT = "reference/coco-small/instances_gt.json";
  static final String DT = "reference/coco-small/detections.json";
  static final int R = 60;

  @TempDir static Path tmp;
  static Path out;
  static Path shifted;
  static Path noisy;

  @BeforeAll
  static void baseline() throws Exception {
    out = tmp.resolve("out");
    ObjectMapper m = new ObjectMapper();
    ArrayNode all = (ArrayNode) m.readTree(Path.of(TestData.path(DT)).toFile());
    ArrayNode moved = m.createArrayNode();
    ArrayNode thinned = m.createArrayNode();
    Random rnd = new Random(3);
    for (var d : all) {
      ObjectNode x = ((ObjectNode) d).deepCopy();
      if (x.get("image_id").asLong() % 2 == 1) {
        ArrayNode b = (ArrayNode) x.get("bbox");
        b.set(0, m.getNodeFactory().numberNode(b.get(0).asDouble() + 0.4 * b.get(2).asDouble()));
      }
      moved.add(x);
      ObjectNode j = ((ObjectNode) d).deepCopy();
      j.put("score", j.get("score").asDouble() * Math.exp(0.2 * rnd.nextGaussian()));
      thinned.add(j);
    }
    shifted = tmp.resolve("shifted.json");
    noisy = tmp.resolve("noisy.json");
    m.writeValue(shifted.toFile(), moved);
    m.writeValue(noisy.toFile(), thinned);
    CliRun a = run("a", TestData.path(DT));
    assertEquals(Main.OK, a.exitCode, a.toString());
  }

  static CliRun run(String runId, String pred, String... extra) {
    String[] base = {"detection", "--gt", TestData.path(GT), "--pred", pred, "--out", out.toString(), "--run-id", runId,
        "--bootstrap", Integer.toString(R), "--quiet"};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  static Map<String, Object> gate() {
    return TestJson.map(TestJson.map(TestJson.read(out.resolve("summary.json"))).get("gate"));
  }

  static double[] replicates(String runId) {
    List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("replicates").toString())
        .where("run_id = '" + runId + "' AND metric = 'AP'").orderBy("replicate").collectAsList();
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) v[i] = rows.get(i).getDouble(rows.get(i).fieldIndex("value"));
    return v;
  }


  @Test
  void theSamePredictionsChangeNothingExactly() {
    CliRun same = run("same", TestData.path(DT), "--baseline", "a", "--max-drop", "AP=0", "--significance", "0.05");
    assertEquals(Main.OK, same.exitCode, same.toString());
    Map<String, Object> ap = TestJson.map(TestJson.map(gate().get("paired")).get("AP"));
    assertEquals(0.0, (Double) ap.get("delta"), 0.0);
    assertEquals(List.of(0.0, 0.0), TestJson.list(ap.get("ci")));
    assertFalse((Boolean) ap.get("significant"));
  }

  @Test
  void aRealRegressionFailsWithItsPairedInterval() {
    CliRun c = run("shifted", shifted.toString(), "--baseline", "a", "--max-drop", "AP=0.001", "--significance", "0.05");
    assertEquals(Main.GATE_FAILED, c.exitCode, c.toString());
    assertTrue(c.err.contains("paired 95% interval of the change [") && c.err.contains("] excludes 0"), c.err);
    Map<String, Object> ap = TestJson.map(TestJson.map(gate().get("paired")).get("AP"));
    assertTrue((Boolean) ap.get("significant"));
    double[] a = replicates("a");
    double[] b = replicates("shifted");
    double[] d = new double[R];
    for (int r = 0; r < R; r++) d[r] = b[r] - a[r];
    List<Object> ci = TestJson.list(ap.get("ci"));
    assertEquals(NumpyPercentile.of(d, 0.025), (Double) ci.get(0), 1e-15);
    assertEquals(NumpyPercentile.of(d, 0.975), (Double) ci.get(1), 1e-15);
    assertTrue((Double) ci.get(1) < 0);
    // the report shows the change and interval summary.json holds
    String gate = GateReportTest.section(out, "shifted");
    assertTrue(gate.contains("<td class=\"num\">" + GateReport.signed((Double) ap.get("delta")) + "</td><td class=\"num\">["
        + GateReport.signed((Double) ci.get(0)) + ", " + GateReport.signed((Double) ci.get(1)) + "]</td><td class=\"text\">yes"
        + "</td></tr>"), gate);
    assertTrue(gate.contains("<p class=\"status\">failed</p>"), gate);
    // the runs table keeps the change beside the metrics
    Row row = SparkTestSession.get().read().parquet(out.resolve("runs").toString()).where("run_id = 'shifted'").first();
    Map<String, Double> metrics = row.getJavaMap(row.fieldIndex("metrics"));
    assertEquals((Double) ap.get("delta"), metrics.get("gate_delta_AP"), 0.0);
  }

  @Test
  void aDropWithinNoisePassesWhereThePlainGateFails() {
    CliRun plain = run("noisy-plain", noisy.toString(), "--baseline", "a", "--max-drop", "AP=0.001");
    assertEquals(Main.GATE_FAILED, plain.exitCode, plain.toString());
    CliRun paired = run("noisy", noisy.toString(), "--baseline", "a", "--max-drop", "AP=0.001", "--significance",
        "0.05");
    assertEquals(Main.OK, paired.exitCode, paired.toString());
    assertTrue(paired.out.contains("includes 0: within noise, not failed"), paired.out);
    assertEquals("passed", gate().get("status"));
    assertEquals(1, TestJson.list(gate().get("notes")).size());
    String section = GateReportTest.section(out, "noisy");
    assertTrue(section.contains("<p class=\"status\">passed</p>") && section.contains("within noise, not failed</li>"),
        section);
  }

  @Test
  void pairingThatCannotHoldIsRefusedInOneLine() {
    CliRun seed = run("s1", TestData.path(DT), "--baseline", "a", "--max-drop", "AP=0.01", "--significance", "0.05",
        "--seed", "9");
    assertEquals(Main.BAD_INPUT, seed.exitCode, seed.toString());
    assertTrue(seed.err.contains("baseline run a used --seed 0, this run 9"), seed.err);
    CliRun none = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", TestData.path(DT), "--out", out.toString(),
        "--run-id", "s2", "--max-drop", "AP=0.01", "--significance", "0.05");
    assertEquals(Main.BAD_INPUT, none.exitCode, none.toString());
    assertTrue(none.err.contains("--significance needs --bootstrap R"), none.err);
    CliRun level = run("s3", TestData.path(DT), "--max-drop", "AP=0.01", "--significance", "2");
    assertTrue(level.err.contains("--significance: expected a level in (0, 1) such as 0.05, got 2"), level.err);
    CliRun plainBase = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", TestData.path(DT), "--out",
        out.toString(), "--run-id", "nob", "--quiet");
    assertEquals(Main.OK, plainBase.exitCode, plainBase.toString());
    CliRun noReps = run("s4", TestData.path(DT), "--baseline", "nob", "--max-drop", "AP=0.01", "--significance", "0.05");
    assertEquals(Main.BAD_INPUT, noReps.exitCode, noReps.toString());
    assertTrue(noReps.err.contains("baseline run nob of detection-bbox has no bootstrap replicates"), noReps.err);
    Path otherGt = TestData.copy(GT, tmp, "other-gt.json");
    CliRun otherTruth = CliRun.of("detection", "--gt", otherGt.toString(), "--pred", TestData.path(DT), "--out",
        out.toString(), "--run-id", "s5", "--bootstrap", Integer.toString(R), "--baseline", "a", "--max-drop", "AP=0.01",
        "--significance", "0.05");
    assertEquals(Main.BAD_INPUT, otherTruth.exitCode, otherTruth.toString());
    assertTrue(otherTruth.err.contains("baseline run a evaluated ground truth " + TestData.path(GT) + ", this run "
        + otherGt), otherTruth.err);
    for (CliRun r : List.of(seed, none, level, noReps, otherTruth)) {
      assertEquals(1, r.err.strip().lines().count(), r.err);
    }
  }
}
