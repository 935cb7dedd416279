package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Spark job with {@code --iou-type keypoints} against pycocotools and with {@code --protocol lvis} against
 * lvis-api (reference/keypoints-small, reference/lvis-small): the headline stats, per-class numbers, the LVIS
 * counts, and the same bits on any number of partitions (LVIS's top-300 cut is per image, on the executors).
 */
class KeypointsLvisJobTest {
  static final double TOL = 1e-12;
  static final String KPT = "reference/keypoints-small/";
  static final String LVIS = "reference/lvis-small/";

  @TempDir Path tmp;

  static DetectionResult run(String gt, String pred, Path out, int partitions, String... extra) {
    DetectionResult r = DetectionJob.run(SparkTestSession.get(), DetectionJobTest.config(gt, pred, out.toString(),
        partitions, extra));
    r.release();
    return r;
  }

  static Map<String, Object> expected(String dir, String key) {
    return TestJson.map(TestJson.map(TestJson.resource(dir + "expected.json")).get(key));
  }

  static void assertStats(Map<String, Object> exp, DetectionResult r, String what) {
    List<Object> names = TestJson.list(exp.get("stats_names"));
    List<Object> stats = TestJson.list(exp.get("stats"));
    assertEquals(names, List.of((Object[]) r.summary().names()), what);
    for (int i = 0; i < stats.size(); i++) assertEquals((Double) stats.get(i), r.summary().stat(i), TOL, what + " " + names.get(i));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"keypoints, keypoints_results.json", "keypoints_bbox, keypoints_results_bbox.json"})
  void keypointsMatchPycocotoolsOnAnyPartitionCount(String key, String file) {
    Map<String, Object> exp = expected(KPT, key);
    double[] first = null;
    for (int p : new int[] {1, 3}) {
      DetectionResult r = run(TestData.path(KPT + "person_keypoints_gt.json"), TestData.path(KPT + file),
          tmp.resolve(key + p), p, "--iou-type", "keypoints");
      assertStats(exp, r, key + " partitions " + p);
      if (first == null) first = r.summary().stats();
      else assertArrayEquals(first, r.summary().stats(), "same bits on any partitioning");
      Map<String, Object> perCat = TestJson.map(exp.get("per_category"));
      for (int k = 0; k < r.categoryIds().length; k++) {
        Map<String, Object> c = TestJson.map(perCat.get(Long.toString(r.categoryIds()[k])));
        for (String m : new String[] {"AP", "AP50", "AP75", "APm", "APl", "AR"}) {
          assertEquals((Double) c.get(m), r.summary().categoryStats(k)[r.summary().index(m)], TOL,
              "category " + r.categoryIds()[k] + " " + m);
        }
        assertEquals(((Double) c.get("num_gt")).longValue(), r.numGt()[k]);
      }
      assertEquals(key.equals("keypoints_bbox"), r.summary().accumulation().params().keypointAreaFromBox());
    }
  }

  @Test
  void keypointResultsAsJsonLinesGiveTheSameNumbers() throws IOException {
    Path lines = tmp.resolve("kpts.jsonl");
    ObjectMapper m = new ObjectMapper();
    StringBuilder b = new StringBuilder();
    for (JsonNode n : m.readTree(Path.of(TestData.path(KPT + "keypoints_results.json")).toFile())) b.append(m.writeValueAsString(n)).append('\n');
    Files.writeString(lines, b);
    DetectionResult r = run(TestData.path(KPT + "person_keypoints_gt.json"), lines.toString(), tmp.resolve("out"), 2,
        "--iou-type", "keypoints", "--split-mb", "0.05");
    assertStats(expected(KPT, "keypoints"), r, "JSON Lines");
  }

  /** The results without their bbox keys: segm sized by mask area, as the reference's segm entry. */
  Path resultsWithoutBbox() throws IOException {
    ObjectMapper m = new ObjectMapper();
    ArrayNode all = (ArrayNode) m.readTree(Path.of(TestData.path(LVIS + "lvis_results.json")).toFile());
    for (JsonNode n : all) ((ObjectNode) n).remove("bbox");
    Path p = tmp.resolve("lvis_results_nobox.json");
    m.writeValue(p.toFile(), all);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"bbox", "segm", "segm_raw"})
  void lvisMatchesLvisApiOnAnyPartitionCount(String key) throws IOException {
    Map<String, Object> exp = expected(LVIS, key);
    String pred = key.equals("segm") ? resultsWithoutBbox().toString() : TestData.path(LVIS + "lvis_results.json");
    String type = key.equals("bbox") ? "bbox" : "segm";
    double[] first = null;
    for (int p : key.equals("bbox") ? new int[] {1, 2, 5} : new int[] {3}) {
      DetectionResult r = key.equals("segm_raw")
          ? run(TestData.path(LVIS + "lvis_gt.json"), pred, tmp.resolve(key + p), p, "--iou-type", type, "--protocol", "lvis",
              "--segm-area", "bbox", "--split-mb", "0.2")
          : run(TestData.path(LVIS + "lvis_gt.json"), pred, tmp.resolve(key + p), p, "--iou-type", type, "--protocol", "lvis",
              "--split-mb", "0.2");
      assertStats(exp, r, key + " partitions " + p);
      if (first == null) first = r.summary().stats();
      else assertArrayEquals(first, r.summary().stats(), "same bits on any partitioning");
      Map<String, Object> perCat = TestJson.map(exp.get("per_category"));
      if (perCat == null) continue;
      assertEquals(perCat.size(), r.categoryIds().length);
      for (int k = 0; k < r.categoryIds().length; k++) {
        Map<String, Object> c = TestJson.map(perCat.get(Long.toString(r.categoryIds()[k])));
        for (String m : new String[] {"AP", "AP50", "AP75", "AR"}) {
          assertEquals((Double) c.get(m), r.summary().categoryStats(k)[r.summary().index(m)], TOL,
              "category " + r.categoryIds()[k] + " " + m);
        }
        assertEquals(c.get("frequency"), r.frequencyGroups().label(k));
      }
      Map<String, Object> counts = TestJson.map(exp.get("counts"));
      DetectionJob.Counts c = r.counts();
      long[] d = r.lvisDropped();
      assertEquals(((Double) counts.get("results_after_top300_per_image")).longValue(), c.predRecords() - d[1] - d[4]);
      assertEquals(((Double) counts.get("results_evaluated_after_area_and_federated_filters")).longValue(), c.predEvaluated());
      assertEquals(((Double) counts.get("gt_evaluated_area_gt_0")).longValue(), c.gtEvaluated());
      assertEquals(c.predRecords(), c.predEvaluated() + c.predExcluded() + c.predRejected(), "totals reconcile");
    }
  }

  @Test
  void summaryJsonPerClassAndReportOfAnLvisRun() throws IOException {
    Path out = tmp.resolve("out");
    dev.overlap.jobs.CliRun cli = dev.overlap.jobs.CliRun.of("detection", "--gt", TestData.path(LVIS + "lvis_gt.json"),
        "--pred", TestData.path(LVIS + "lvis_results.json"), "--protocol", "lvis", "--out", out.toString(),
        "--partitions", "2", "--run-id", "lvis-run", "--top", "5");
    assertEquals(0, cli.exitCode, cli.toString());
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    List<Object> names = TestJson.list(expected(LVIS, "bbox").get("stats_names"));
    List<Object> stats = TestJson.list(expected(LVIS, "bbox").get("stats"));
    for (int i = 0; i < names.size(); i++) assertEquals((Double) stats.get(i), (Double) s.get(names.get(i)), TOL, "" + names.get(i));
    assertEquals("lvis", s.get("protocol"));
    assertEquals(5279.0, TestJson.map(TestJson.map(s.get("counts")).get("lvis")).get("results_after_top300_per_image"));
    assertTrue(cli.out.contains("Per class by frequency, rare first"), cli.out);
    assertTrue(cli.out.contains("By frequency: APr 0.480 (rare, 11 of 114 classes with ground truth)"), cli.out);
    String html = Files.readString(out.resolve("report.html"));
    int rare = html.indexOf("Per class, rare");
    int common = html.indexOf("Per class, common");
    int frequent = html.indexOf("Per class, frequent");
    assertTrue(rare > 0 && rare < common && common < frequent, "rare first in the report");
    var perClass = SparkTestSession.get().read().parquet(out.resolve("per_class").toString())
        .where("run_id = 'lvis-run'");
    assertEquals(300, perClass.count());
    assertEquals(114, perClass.where("frequency = 'r'").count());
    var row = perClass.where("category_id = 1").first();
    assertEquals(0.175, row.getDouble(row.fieldIndex("AP")), TOL);
    assertEquals(0.7, row.getDouble(row.fieldIndex("AR")), TOL);
    assertTrue(row.isNullAt(row.fieldIndex("AR100")), "COCO's AR100 is not an LVIS number");
  }
}
