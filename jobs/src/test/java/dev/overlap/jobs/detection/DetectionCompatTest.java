package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results files written for pycocotools evaluate unchanged through the real job: what loadRes accepts,
 * string image ids, recall-threshold lists, honest summary keys, and duplicate annotation ids refused.
 * Expected numbers are pycocotools' (coco-edge expected.json) or derived by hand in each test.
 */
class DetectionCompatTest {
  static final double TOL = 1e-12;
  static final String EDGE = "reference/coco-edge/";
  /** numpy's eps in pycocotools' precision, tp / (tp + fp + eps). */
  static final double EPS = 2.220446049250313e-16;

  @TempDir Path tmp;

  private CliRun run(String gt, String pred, String... extra) {
    List<String> a = new ArrayList<>(List.of("detection", "--gt", gt, "--pred", pred, "--out",
        tmp.resolve("out").toString(), "--partitions", "2", "--quiet"));
    a.addAll(List.of(extra));
    return CliRun.of(a.toArray(new String[0]));
  }

  private Map<String, Object> summary() {
    return TestJson.map(TestJson.read(tmp.resolve("out/summary.json")));
  }

  private static double[] expectedStats(String edgeCase) {
    List<Object> l = TestJson.list(TestJson.map(TestJson.resource(EDGE + edgeCase + "/expected.json")).get("stats"));
    double[] s = new double[l.size()];
    for (int i = 0; i < s.length; i++) s[i] = ((Number) l.get(i)).doubleValue();
    return s;
  }

  private void assertStats(double[] want, Map<String, Object> got) {
    for (int i = 0; i < want.length; i++) {
      String k = dev.overlap.core.coco.CocoSummary.NAMES[i];
      assertEquals(want[i], ((Number) got.get(k)).doubleValue(), TOL, k);
    }
  }

  private Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  /** Column-major runs of the h x w mask with pixels x in [x0, x1), y in [y0, y1) set, written by hand. */
  static String rectRle(int h, int w, int x0, int y0, int x1, int y1) {
    List<Integer> runs = new ArrayList<>();
    int value = 0;
    int run = 0;
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        int v = x >= x0 && x < x1 && y >= y0 && y < y1 ? 1 : 0;
        if (v != value) {
          runs.add(run);
          run = 0;
          value = v;
        }
        run++;
      }
    }
    runs.add(run);
    return "{\"size\": [" + h + ", " + w + "], \"counts\": " + runs + "}";
  }

  @Test
  void segmResultWithOnlyABoxIsItsRectanglePolygonAndCounted() throws IOException {
    // GT: two polygon parts rasterising to x 2..11 and 20..27, y 2..11 (180 px). The box [2, 2, 10, 10] is loadRes'
    // polygon (2,2)-(12,12): 100 px, IoU 100/180 = 0.556, a TP at IoU .50 and .55 only; area w*h = 100 (small).
    Path pred = write("pred.json", "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [2, 2, 10, 10], \"score\": 0.9}]");
    CliRun r = run(TestData.path(EDGE + "16_segm_polygon_two_parts/gt.json"), pred.toString(), "--iou-type", "segm");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary();
    double p1 = 1 / (1 + EPS);
    assertEquals(2 * p1 / 10, ((Number) s.get("AP")).doubleValue(), TOL);
    assertEquals(p1, ((Number) s.get("AP50")).doubleValue(), TOL);
    assertEquals(0.0, ((Number) s.get("AP75")).doubleValue(), TOL);
    assertEquals(2 * p1 / 10, ((Number) s.get("APs")).doubleValue(), TOL);
    assertEquals(0.2, ((Number) s.get("AR100")).doubleValue(), TOL);
    Map<String, Object> counts = TestJson.map(s.get("counts"));
    assertEquals(1L, ((Number) counts.get("predictions_box_as_mask")).longValue());
    assertEquals(0L, ((Number) counts.get("predictions_mask_size_mismatch")).longValue());
  }

  @Test
  void bboxResultsWithOnlyMasksAreBoxedByTheirMasks() throws IOException {
    // 01_perfect_match with every detection box given as a mask only: the boxes toBbox derives are the boxes,
    // and mask area = w*h, so pycocotools' numbers for the boxes are expected
    List<Object> preds = TestJson.list(TestJson.read(Path.of(TestData.path(EDGE + "01_perfect_match/pred.json"))));
    StringBuilder b = new StringBuilder("[");
    for (Object o : preds) {
      Map<String, Object> d = TestJson.map(o);
      List<Object> bb = TestJson.list(d.get("bbox"));
      int x = ((Number) bb.get(0)).intValue();
      int y = ((Number) bb.get(1)).intValue();
      int w = ((Number) bb.get(2)).intValue();
      int h = ((Number) bb.get(3)).intValue();
      if (b.length() > 1) b.append(",\n");
      // the mask before the score: the reader meets it before knowing whether a box follows
      b.append("{\"image_id\": ").append(d.get("image_id")).append(", \"category_id\": ").append(d.get("category_id"))
          .append(", \"segmentation\": ").append(rectRle(400, 400, x, y, x + w, y + h)).append(", \"score\": ")
          .append(d.get("score")).append('}');
    }
    Path pred = write("pred.json", b.append(']').toString());
    CliRun r = run(TestData.path(EDGE + "01_perfect_match/gt.json"), pred.toString());
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertStats(expectedStats("01_perfect_match"), summary());
    assertEquals(4L, ((Number) TestJson.map(summary().get("counts")).get("predictions_box_from_mask")).longValue());
  }

  @Test
  void segmGroundTruthWithoutBoxes() throws IOException {
    String gt = Files.readString(Path.of(TestData.path(EDGE + "16_segm_polygon_two_parts/gt.json")));
    String noBox = gt.replaceAll("\"bbox\": \\[[^\\]]*\\],", "");
    assertFalse(noBox.contains("bbox"));
    Path g = write("gt.json", noBox);
    CliRun r = run(g.toString(), TestData.path(EDGE + "16_segm_polygon_two_parts/pred.json"), "--iou-type", "segm");
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertStats(expectedStats("16_segm_polygon_two_parts"), summary());
    // bbox evaluation still needs it
    CliRun bad = run(g.toString(), TestData.path(EDGE + "16_segm_polygon_two_parts/pred.json"));
    assertEquals(Main.BAD_INPUT, bad.exitCode, bad.toString());
    assertTrue(bad.err.contains("field \"bbox\": missing required field"), bad.err);
  }

  @Test
  void polygonPartsFarOutsideTheImageChangeNothing() throws IOException {
    // case 16's GT with a third part spanning 1e7 pixels outside the 40 x 20 image: no pixel of it is inside, so
    // pycocotools' numbers for case 16 (the clipped walk skips the 5e7 upsampled steps of its edges)
    String gt = Files.readString(Path.of(TestData.path(EDGE + "16_segm_polygon_two_parts/gt.json")));
    int parts = gt.indexOf("\"segmentation\": [") + "\"segmentation\": [".length();
    Path g = write("gt.json", gt.substring(0, parts) + "[1e7, 5, 2e7, 5, 2e7, 1e7, -1e7, 1e7], " + gt.substring(parts));
    CliRun r = run(g.toString(), TestData.path(EDGE + "16_segm_polygon_two_parts/pred.json"), "--iou-type", "segm");
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertStats(expectedStats("16_segm_polygon_two_parts"), summary());
  }

  @Test
  void resultMaskOfAnotherSizeScoresMinusOneAndTheRunGoesOn() throws IOException {
    // case 16's detection (IoU .722: TP at .50-.70) plus a higher-scored 10x10 mask for the 20x40 image that
    // overlaps the GT: IoU -1, an FP ranked first, so precision at recall 1 is 1/(2+eps) at 5 of 10 thresholds
    String good = Files.readString(Path.of(TestData.path(EDGE + "16_segm_polygon_two_parts/pred.json"))).strip();
    String misfit = "{\"image_id\": 1, \"category_id\": 1, \"segmentation\": " + rectRle(10, 10, 2, 2, 9, 9)
        + ", \"score\": 0.95}";
    Path pred = write("pred.json", "[" + misfit + ",\n" + good.substring(1));
    CliRun r = run(TestData.path(EDGE + "16_segm_polygon_two_parts/gt.json"), pred.toString(), "--iou-type", "segm");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary();
    assertEquals(5 * (1 / (2 + EPS)) / 10, ((Number) s.get("AP")).doubleValue(), TOL);
    assertEquals(0.5, ((Number) s.get("AR100")).doubleValue(), TOL);
    assertEquals(1L, ((Number) TestJson.map(s.get("counts")).get("predictions_mask_size_mismatch")).longValue());
    List<String> warnings = r.err.lines().filter(l -> l.contains("warning")).toList();
    assertEquals(1, warnings.size(), r.err);
    assertTrue(warnings.get(0).contains("1 result mask differs in size") && warnings.get(0).contains("record 0")
        && warnings.get(0).contains("mask [10, 10], image 1 is [20, 40]"), warnings.get(0));
  }

  /** Case 07 with its image ids 20 and 10 written as the given strings. */
  private CliRun stringIds(String id20, String id10, boolean jsonLines) throws IOException {
    String gt = Files.readString(Path.of(TestData.path(EDGE + "07_score_ties_across_images/gt.json")));
    gt = gt.replace("\"id\": 20,", "\"id\": \"" + id20 + "\",").replace("\"id\": 10,", "\"id\": \"" + id10 + "\",")
        .replace("\"image_id\": 20,", "\"image_id\": \"" + id20 + "\",");
    Path g = write("gt.json", gt);
    String p1 = "{\"image_id\": \"" + id20 + "\", \"category_id\": 1, \"bbox\": [10, 10, 50, 50], \"score\": 0.8}";
    String p2 = "{\"image_id\": \"" + id10 + "\", \"category_id\": 1, \"bbox\": [10, 10, 50, 50], \"score\": 0.8}";
    Path p = write(jsonLines ? "pred.jsonl" : "pred.json", jsonLines ? p1 + "\n" + p2 + "\n" : "[" + p1 + ", " + p2 + "]");
    return run(g.toString(), p.toString());
  }

  @Test
  void stringImageIdsRankTiesInPythonStringOrder() throws IOException {
    // "img10" < "img20" as 10 < 20: pycocotools' numbers for case 07 (the FP on image 10 ranks first)
    CliRun r = stringIds("img20", "img10", false);
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertStats(expectedStats("07_score_ties_across_images"), summary());
    // the tables keep the strings beside dense keys in sorted order
    Map<String, Long> keys = new TreeMap<>();
    for (Row row : SparkTestSession.get().read().parquet(tmp.resolve("out/per_image").toString())
        .select("image_id_str", "image_id").collectAsList()) {
      keys.put(row.getString(0), row.getLong(1));
    }
    assertEquals(Map.of("img10", 0L, "img20", 1L), keys);
  }

  @Test
  void cocoSmallWithStringImageIdsGivesPycocotoolsNumbersThroughSplitReads() throws IOException {
    // zero-padded strings sort as the numbers do: pycocotools' bbox stats for coco-small, with the ground truth
    // and the results array cut into stretches read in parallel
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode gt = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
        Path.of(TestData.path("reference/coco-small/instances_gt.json")).toFile());
    for (com.fasterxml.jackson.databind.JsonNode im : gt.get("images")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) im).put("id", String.format("%012d", im.get("id").asLong()));
    }
    for (com.fasterxml.jackson.databind.JsonNode a : gt.get("annotations")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) a).put("image_id",
          String.format("%012d", a.get("image_id").asLong()));
    }
    com.fasterxml.jackson.databind.JsonNode dts = json.readTree(
        Path.of(TestData.path("reference/coco-small/detections.json")).toFile());
    for (com.fasterxml.jackson.databind.JsonNode d : dts) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) d).put("image_id",
          String.format("%012d", d.get("image_id").asLong()));
    }
    Path g = tmp.resolve("gt_str.json");
    Path p = tmp.resolve("pred_str.json");
    json.writeValue(g.toFile(), gt);
    json.writeValue(p.toFile(), dts);
    CliRun r = run(g.toString(), p.toString(), "--split-mb", "0.05");
    assertEquals(Main.OK, r.exitCode, r.toString());
    List<Object> want = TestJson.list(TestJson.map(TestJson.map(TestJson.resource("reference/coco-small/expected.json")).get("bbox"))
        .get("stats"));
    double[] w = new double[want.size()];
    for (int i = 0; i < w.length; i++) w[i] = ((Number) want.get(i)).doubleValue();
    assertStats(w, summary());
  }

  @Test
  void stringImageIdsInTheOtherOrderRankTheTruePositiveFirst() throws IOException {
    // "b" (was 10) sorts after "a" (was 20): the TP on "a" ranks first, precision 1/(1+eps) at every recall
    CliRun r = stringIds("a", "b", true);
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertEquals(1 / (1 + EPS), ((Number) summary().get("AP")).doubleValue(), TOL);
  }

  @Test
  void imageSubsetsNameStringIds() throws IOException {
    // only "img20": its GT and its exact detection, so precision 1/(1+eps) everywhere; "img10" is excluded
    CliRun r = stringIds("img20", "img10", false);
    assertEquals(Main.OK, r.exitCode, r.toString());
    String gt = tmp.resolve("gt.json").toString();
    String pred = tmp.resolve("pred.json").toString();
    CliRun sub = run(gt, pred, "--img-ids", "img20,nosuch", "--run-id", "sub");
    assertEquals(Main.OK, sub.exitCode, sub.toString());
    assertEquals(1 / (1 + EPS), ((Number) summary().get("AP")).doubleValue(), TOL);
    Map<String, Object> counts = TestJson.map(summary().get("counts"));
    assertEquals(1L, ((Number) counts.get("images")).longValue());
    assertEquals(1L, ((Number) counts.get("images_not_evaluated")).longValue());
  }

  @Test
  void numericResultIdsAgainstStringGroundTruthIdsAreOneLine() throws IOException {
    String gt = Files.readString(Path.of(TestData.path(EDGE + "07_score_ties_across_images/gt.json")))
        .replace("\"id\": 20,", "\"id\": \"x20\",").replace("\"id\": 10,", "\"id\": \"x10\",")
        .replace("\"image_id\": 20,", "\"image_id\": \"x20\",");
    CliRun r = run(write("gt.json", gt).toString(), TestData.path(EDGE + "07_score_ties_across_images/pred.json"));
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.strip().lines().count() == 1 && r.err.contains("pred.json: record 0: field \"image_id\": expected a"
        + " string id, found a number"), r.err);
    String mixed = gt.replace("\"id\": \"x10\",", "\"id\": 10,");
    CliRun m = run(write("gt.json", mixed).toString(), TestData.path(EDGE + "07_score_ties_across_images/pred.json"));
    assertEquals(Main.BAD_INPUT, m.exitCode, m.toString());
    assertTrue(m.err.contains("field \"id\": mixes string and numeric image ids (1 strings, 1 numbers)"), m.err);
    // the first image's id a number: no first pass over the ground truth; the string is refused as it is read
    String numberFirst = gt.replace("\"id\": \"x20\",", "\"id\": 20,");
    CliRun n = run(write("gt.json", numberFirst).toString(), TestData.path(EDGE + "07_score_ties_across_images/pred.json"));
    assertEquals(Main.BAD_INPUT, n.exitCode, n.toString());
    assertEquals(1, n.err.strip().lines().count(), n.err);
    assertTrue(n.err.contains("gt.json: images[1]: field \"id\": image id \"x10\" is a string, but the first image's id is"
        + " a number: mixes string and numeric image ids; use one kind"), n.err);
  }

  @Test
  void theGroundTruthIsScannedFirstOnlyWhenTheEvaluationNeedsIt() {
    // numeric image ids with duplicates refused: the evaluation gathers the annotation ids itself; skip mode needs
    // the duplicates known before (the first of them is kept), so it scans first. Same numbers either way.
    String gt = TestData.path(EDGE + "01_perfect_match/gt.json");
    String pred = TestData.path(EDGE + "01_perfect_match/pred.json");
    CliRun r = run(gt, pred, "--verbose");
    assertEquals(Main.OK, r.exitCode, r.toString());
    String timings = r.out.lines().filter(l -> l.startsWith("Timings: ")).findFirst().orElseThrow();
    assertFalse(timings.contains("scan ground truth"), timings);
    assertStats(expectedStats("01_perfect_match"), summary());
    CliRun skip = run(gt, pred, "--verbose", "--on-bad-input", "skip");
    assertEquals(Main.OK, skip.exitCode, skip.toString());
    timings = skip.out.lines().filter(l -> l.startsWith("Timings: ")).findFirst().orElseThrow();
    assertTrue(timings.contains("scan ground truth"), timings);
    assertStats(expectedStats("01_perfect_match"), summary());
  }

  @Test
  void recallThresholdListIsUsedAsGiven() {
    // case 20, ranked 7 TPs, an FP, a TP over 10 GTs: recalls .1 .. .7, .7, .8; interpolated precision is 1 up to
    // recall .7 and 8/9 after. Sampled at .25 / .5 / .75: 1, 1, 8/9 at every IoU threshold.
    CliRun r = run(TestData.path(EDGE + "20_recall_threshold_float_values/gt.json"),
        TestData.path(EDGE + "20_recall_threshold_float_values/pred.json"), "--rec-thrs", "0.25,0.5,0.75");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary();
    double want = (1 + 1 + 8.0 / 9) / 3;
    assertEquals(want, ((Number) s.get("AP")).doubleValue(), TOL);
    assertEquals(want, ((Number) s.get("AP50")).doubleValue(), TOL);
    assertEquals(List.of(0.25, 0.5, 0.75), TestJson.list(TestJson.map(TestJson.map(s).get("params")).get("recThrs")));
    CliRun bad = run(TestData.path(EDGE + "20_recall_threshold_float_values/gt.json"),
        TestData.path(EDGE + "20_recall_threshold_float_values/pred.json"), "--rec-thrs", "0.5,0.25");
    assertEquals(Main.BAD_INPUT, bad.exitCode, bad.toString());
    assertTrue(bad.err.contains("--rec-thrs: thresholds must be strictly ascending, got 0.5 then 0.25"), bad.err);
  }

  @Test
  void fewerThanThreeMaxDetsGiveOnlyTheRecallKeysEvaluated() {
    // case 09: TPs ranked 1, 10, 100, 105 for cat 1; with maxDets 1,10 matching keeps the top 10, which changes
    // no match among them, so AR1 and AR10 are pycocotools' default-run values
    CliRun r = run(TestData.path(EDGE + "09_max_dets/gt.json"), TestData.path(EDGE + "09_max_dets/pred.json"),
        "--max-dets", "1,10");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary();
    double[] want = expectedStats("09_max_dets");
    assertEquals(want[6], ((Number) s.get("AR1")).doubleValue(), TOL);
    assertEquals(want[7], ((Number) s.get("AR10")).doubleValue(), TOL);
    assertFalse(s.containsKey("AR100"), s.keySet().toString());
    assertEquals(-1.0, ((Number) s.get("AP")).doubleValue(), 0); // pycocotools' AP is at maxDets 100 literally
    // no recall line at a limit that was not evaluated; AP's line keeps pycocotools' literal 100 (and its -1)
    assertTrue(r.out.lines().noneMatch(l -> l.contains("(AR)") && l.contains("maxDets=100")), r.out);
    assertTrue(r.out.contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = -1.000"), r.out);
    assertTrue(r.out.contains("Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = 0.750"), r.out);
  }

  @Test
  void everyAreaRangeGetsItsOwnKeys() {
    // case 03 with an extra range "tiny" equal to small: APtiny / ARtiny are pycocotools' APs / ARs
    CliRun r = run(TestData.path(EDGE + "03_area_range_boundaries/gt.json"),
        TestData.path(EDGE + "03_area_range_boundaries/pred.json"), "--area-rng",
        "all=0:1e10,small=0:1024,medium=1024:9216,large=9216:1e10,tiny=0:1024");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = summary();
    double[] want = expectedStats("03_area_range_boundaries");
    assertStats(want, s);
    assertEquals(want[3], ((Number) s.get("APtiny")).doubleValue(), TOL);
    assertEquals(want[9], ((Number) s.get("ARtiny")).doubleValue(), TOL);
    assertTrue(r.out.contains("Average Recall     (AR) @[ IoU=0.50:0.95 | area=  tiny | maxDets=100 ] = 1.000"), r.out);
    List<String> metrics = new ArrayList<>();
    for (Row row : SparkTestSession.get().read().parquet(tmp.resolve("out/summary").toString()).select("metric")
        .collectAsList()) {
      metrics.add(row.getString(0));
    }
    assertTrue(metrics.contains("ARtiny") && metrics.contains("APtiny") && metrics.size() == 14, metrics.toString());
    CliRun bad = run(TestData.path(EDGE + "03_area_range_boundaries/gt.json"),
        TestData.path(EDGE + "03_area_range_boundaries/pred.json"), "--area-rng", "all=0:1e10,50=0:10");
    assertEquals(Main.BAD_INPUT, bad.exitCode, bad.toString());
  }

  private Path duplicatedGt() throws IOException {
    String gt = Files.readString(Path.of(TestData.path(EDGE + "01_perfect_match/gt.json")));
    // a copy of annotation 2 appended under the same id
    Map<String, Object> doc = TestJson.map(TestJson.read(Path.of(TestData.path(EDGE + "01_perfect_match/gt.json"))));
    assertEquals(4, TestJson.list(doc.get("annotations")).size());
    int at = gt.indexOf("\"annotations\": [") + "\"annotations\": [".length();
    String copy = "{\"id\": 2, \"image_id\": 2, \"category_id\": 1, \"bbox\": [300, 300, 10, 10], \"area\": 100,"
        + " \"iscrowd\": 0},";
    return write("gt.json", gt.substring(0, at) + gt.substring(at).replaceFirst("(?s)(\\n \\],\\n)", ",\n"
        + copy.substring(0, copy.length() - 1) + "$1"));
  }

  @Test
  void duplicateAnnotationIdsAreRefusedInOneLineOrRejected() throws IOException {
    Path gt = duplicatedGt();
    String pred = TestData.path(EDGE + "01_perfect_match/pred.json");
    // annotation 2 is on image 1, its copy on image 2: evaluated by different tasks (--partitions 2), so the
    // refusal needs the check across tasks that runs after the evaluation
    assertNotEquals(Keys.imagePartition(1, 2), Keys.imagePartition(2, 2));
    CliRun r = run(gt.toString(), pred);
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.contains("gt.json: annotation id 2: field \"id\": duplicate annotation id: 2 annotations carry it"),
        r.err);
    assertFalse(Files.exists(tmp.resolve("out/summary.json")));

    CliRun skip = run(gt.toString(), pred, "--on-bad-input", "skip");
    assertEquals(Main.REJECTS, skip.exitCode, skip.toString());
    assertStats(expectedStats("01_perfect_match"), summary());
    List<Row> rejects = SparkTestSession.get().read().parquet(tmp.resolve("out/rejects").toString())
        .select("record", "field", "reason").collectAsList();
    assertEquals(1, rejects.size());
    assertEquals("annotations[4]", rejects.get(0).getString(0));
    assertTrue(rejects.get(0).getString(2).contains("duplicate annotation id 2"), rejects.get(0).toString());
    Map<String, Object> counts = TestJson.map(summary().get("counts"));
    assertEquals(5L, ((Number) counts.get("gt_annotations")).longValue());
    assertEquals(1L, ((Number) counts.get("gt_rejected")).longValue());
  }
}
