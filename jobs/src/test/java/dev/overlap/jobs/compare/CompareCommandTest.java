package dev.overlap.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overlap compare} on coco-small: a model against itself gives exact zeros; a model made worse on half the
 * images is found significantly worse (exit 4); reshuffling the file order of tied scores is not significant.
 */
class CompareCommandTest {
  static final String GT = "reference/coco-small/instances_gt.json";
  static final String DT = "reference/coco-small/detections.json";

  @TempDir static Path tmp;
  static CliRun same;
  static CliRun worse;
  static CliRun shuffled;

  @BeforeAll
  static void compare() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode dets = (ArrayNode) json.readTree(Path.of(TestData.path(DT)).toFile());
    // worse: boxes of odd images moved right by 40% of their width (localisation errors on half the set)
    ArrayNode moved = json.createArrayNode();
    for (JsonNode d : dets) {
      ObjectNode c = d.deepCopy();
      if (c.get("image_id").asLong() % 2 == 1) {
        ArrayNode b = (ArrayNode) c.get("bbox");
        b.set(0, json.getNodeFactory().numberNode(b.get(0).asDouble() + 0.4 * b.get(2).asDouble()));
      }
      moved.add(c);
    }
    Path worsePath = tmp.resolve("worse.json");
    json.writeValue(worsePath.toFile(), moved);
    // shuffled: the same results, each image's results in another file order (only tied scores can notice)
    Map<Long, List<JsonNode>> byImage = new LinkedHashMap<>();
    for (JsonNode d : dets) byImage.computeIfAbsent(d.get("image_id").asLong(), k -> new ArrayList<>()).add(d);
    SplittableRandom rnd = new SplittableRandom(3);
    ArrayNode reordered = json.createArrayNode();
    for (List<JsonNode> l : byImage.values()) {
      for (int i = l.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        JsonNode t = l.get(i);
        l.set(i, l.get(j));
        l.set(j, t);
      }
      for (JsonNode d : l) reordered.add(d);
    }
    Path shuffledPath = tmp.resolve("shuffled.json");
    json.writeValue(shuffledPath.toFile(), reordered);

    same = run("same", TestData.path(DT));
    worse = run("worse", worsePath.toString());
    shuffled = run("shuffled", shuffledPath.toString());
  }

  static CliRun run(String name, String candidate) {
    return CliRun.of("compare", "--gt", TestData.path(GT), "--baseline", TestData.path(DT), "--candidate", candidate,
        "--out", tmp.resolve(name).toString(), "--run-id", "c1", "--bootstrap", "40", "--seed", "11", "--top", "5");
  }

  static Map<String, Object> summary(String name) {
    return TestJson.map(TestJson.read(tmp.resolve(name).resolve("summary.json")));
  }

  @Test
  void aModelAgainstItselfDiffersByExactlyZero() {
    assertEquals(Main.OK, same.exitCode, same.toString());
    Map<String, Object> s = summary("same");
    Map<String, Object> delta = TestJson.map(s.get("delta"));
    Map<String, Object> ci = TestJson.map(s.get("ci"));
    Map<String, Object> sig = TestJson.map(s.get("significant"));
    for (String n : CocoSummary.NAMES) {
      assertEquals(0.0, delta.get(n), n);
      assertEquals(List.of(0.0, 0.0), TestJson.list(ci.get(n)), n);
      assertEquals(false, sig.get(n), n);
    }
    for (Object o : TestJson.list(s.get("per_class"))) {
      Object d = TestJson.map(TestJson.map(o).get("delta")).get("AP");
      assertTrue(d == null || (Double) d == 0.0, "per class " + o);
    }
  }

  @Test
  void aRegressionOnHalfTheImagesIsSignificantAndFailsTheCommand() {
    assertEquals(Main.GATE_FAILED, worse.exitCode, worse.toString());
    assertTrue(worse.err.contains("overlap: compare: the candidate is worse on AP by -0."), worse.err);
    Map<String, Object> s = summary("worse");
    double delta = (Double) TestJson.map(s.get("delta")).get("AP");
    List<Object> ci = TestJson.list(TestJson.map(s.get("ci")).get("AP"));
    assertTrue(delta < -0.02, "AP delta " + delta);
    assertTrue((Double) ci.get(1) < 0 && (Double) ci.get(0) <= delta && delta <= (Double) ci.get(1), ci.toString());
    assertEquals(true, TestJson.map(s.get("significant")).get("AP"));
    double base = (Double) TestJson.map(s.get("baseline_stats")).get("AP");
    double cand = (Double) TestJson.map(s.get("candidate_stats")).get("AP");
    assertEquals(cand - base, delta, 0.0);
    assertTrue(worse.out.contains("Per class, largest AP drop first:"), worse.out);
    Row ap = SparkTestSession.get().read().parquet(tmp.resolve("worse").resolve("comparisons").toString())
        .where("metric = 'AP' AND category_id IS NULL").first();
    assertEquals(delta, ap.getDouble(ap.fieldIndex("delta")), 0.0);
    assertTrue(ap.getBoolean(ap.fieldIndex("significant")));
  }

  @Test
  void reshufflingTiedScoresIsNotSignificant() {
    assertEquals(Main.OK, shuffled.exitCode, shuffled.toString());
    Map<String, Object> s = summary("shuffled");
    double delta = (Double) TestJson.map(s.get("delta")).get("AP");
    assertTrue(Math.abs(delta) < 0.01, "AP delta " + delta);
    assertFalse((Boolean) TestJson.map(s.get("significant")).get("AP"), s.get("ci").toString());
  }

  /**
   * VOC (voc12), keypoints and bev compare in their own numbers: against itself every headline and per-class delta is
   * exactly 0 with interval [0, 0], and the baseline's numbers are the run's (VOC: the reference's mAP); VOC with
   * boxes moved on half the images is significantly worse on mAP and fails the command.
   */
  @Test
  void otherProtocolsCompareInTheirOwnNumbers() throws IOException {
    String vocGt = TestData.path("reference/voc-small/instances_gt.json");
    String vocDt = TestData.path("reference/voc-small/detections.json");
    String[][] cases = {
        {"voc", vocGt, vocDt, "--protocol", "voc12", "mAP,AP,AP50,AP75"},
        {"kpt", TestData.path("reference/keypoints-small/person_keypoints_gt.json"),
            TestData.path("reference/keypoints-small/keypoints_results.json"), "--iou-type", "keypoints",
            String.join(",", dev.overlap.core.keypoints.KeypointStats.NAMES)},
        {"bev", TestData.path("reference/box3d-small/gt.json"), TestData.path("reference/box3d-small/results.json"),
            "--iou-type", "bev", "AP,AP25,AP50,AR100"}};
    for (String[] c : cases) {
      CliRun r = CliRun.of("compare", "--gt", c[1], "--baseline", c[2], "--candidate", c[2], c[3], c[4], "--out",
          tmp.resolve(c[0]).toString(), "--run-id", "p1", "--bootstrap", "20", "--seed", "5");
      assertEquals(Main.OK, r.exitCode, r.toString());
      Map<String, Object> s = summary(c[0]);
      Map<String, Object> delta = TestJson.map(s.get("delta"));
      assertEquals(List.of(c[5].split(",")), new ArrayList<>(delta.keySet()), c[0]);
      for (String n : c[5].split(",")) {
        assertEquals(0.0, delta.get(n), c[0] + " " + n);
        assertEquals(List.of(0.0, 0.0), TestJson.list(TestJson.map(s.get("ci")).get(n)), c[0] + " " + n);
      }
      for (Object o : TestJson.list(s.get("per_class"))) {
        for (Object d : TestJson.map(TestJson.map(o).get("delta")).values()) {
          assertTrue(d == null || (Double) d == 0.0, c[0] + " per class " + o);
        }
      }
    }
    Map<String, Object> exp = TestJson.map(TestJson.map(TestJson.resource("reference/voc-small/expected.json"))
        .get("voc12"));
    assertEquals((Double) exp.get("mAP"), (Double) TestJson.map(summary("voc").get("baseline_stats")).get("mAP"), 1e-12);

    ObjectMapper json = new ObjectMapper();
    ArrayNode moved = json.createArrayNode();
    for (JsonNode d : json.readTree(Path.of(vocDt).toFile())) {
      ObjectNode x = d.deepCopy();
      if (x.get("image_id").asLong() % 2 == 0) {
        ArrayNode b = (ArrayNode) x.get("bbox");
        b.set(0, json.getNodeFactory().numberNode(b.get(0).asDouble() + 0.5 * b.get(2).asDouble()));
      }
      moved.add(x);
    }
    Path worseVoc = tmp.resolve("worse-voc.json");
    json.writeValue(worseVoc.toFile(), moved);
    CliRun w = CliRun.of("compare", "--gt", vocGt, "--baseline", vocDt, "--candidate", worseVoc.toString(),
        "--protocol", "voc12", "--out", tmp.resolve("voc-worse").toString(), "--run-id", "p2", "--bootstrap", "40",
        "--seed", "5");
    assertEquals(Main.GATE_FAILED, w.exitCode, w.toString());
    assertTrue(w.err.contains("overlap: compare: the candidate is worse on mAP by -0."), w.err);
    assertEquals(true, TestJson.map(summary("voc-worse").get("significant")).get("mAP"));
  }

  @Test
  void segmentationAgainstItselfDiffersByExactlyZero() {
    String gt = dev.overlap.jobs.TestData.path("reference/semseg-small/gt");
    String pred = dev.overlap.jobs.TestData.path("reference/semseg-small/pred");
    CliRun r = CliRun.of("compare", "--task", "segmentation", "--gt", gt, "--baseline", pred, "--candidate", pred,
        "--num-classes", "19", "--out", tmp.resolve("seg").toString(), "--run-id", "s1", "--bootstrap", "30");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary("seg");
    assertEquals("segmentation", s.get("compared_task"));
    assertEquals(0.0, TestJson.map(s.get("delta")).get("mIoU"));
    assertEquals(List.of(0.0, 0.0), TestJson.list(TestJson.map(s.get("ci")).get("mIoU")));
    assertEquals(19, TestJson.list(s.get("per_class")).size());
    assertTrue(r.out.contains("Per class, largest IoU drop first:"), r.out);
  }

  @Test
  void reportAndOptionErrors() throws IOException {
    String html = Files.readString(tmp.resolve("worse").resolve("report.html"));
    assertTrue(html.contains("Per class, largest AP drop first"), "per-class table");
    CliRun missing = CliRun.of("compare", "--gt", TestData.path(GT), "--baseline", TestData.path(DT), "--out",
        tmp.resolve("x").toString());
    assertEquals(Main.BAD_INPUT, missing.exitCode, missing.toString());
    assertEquals(1, missing.err.strip().lines().count(), missing.err);
    assertTrue(missing.err.contains("--candidate"), missing.err);
  }
}
