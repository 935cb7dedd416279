package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.geometry.Box3dSummary;
import dev.overlap.core.geometry.IouFamily;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detection job with --iou-type bev / 3d (box3d-small/expected.json), with --nms / --soft-nms
 * (coco-small/expected-nms.json), and the per-class localization columns.
 */
class GeometryJobTest {
  static final double TOL = 1e-12;
  static final String B3 = "reference/box3d-small/";
  static final String SMALL = "reference/coco-small/";

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bev", "3d"})
  void box3dSmallThroughTheCommandLine(String type) throws Exception {
    Path out = tmp.resolve(type);
    CliRun run = CliRun.of("detection", "--gt", TestData.path(B3 + "gt.json"), "--pred", TestData.path(B3 + "results.json"),
        "--iou-type", type, "--out", out.toString(), "--run-id", "t", "--partitions", "3");
    assertEquals(0, run.exitCode, run.toString());
    Map<String, Object> exp = TestJson.map(TestJson.map(TestJson.resource(B3 + "expected.json")).get(type));
    Map<String, Object> summary = TestJson.map(TestJson.read(out.resolve("summary.json")));
    for (String k : Box3dSummary.NAMES) assertEquals((Double) exp.get(k), (Double) summary.get(k), TOL, type + " " + k);
    assertTrue(!summary.containsKey("AP75"), "bev / 3d summary.json has no COCO-only keys");
    List<Object> want = TestJson.list(exp.get("per_class"));
    List<Object> got = TestJson.list(summary.get("per_class"));
    assertEquals(10, got.size());
    for (int i = 0; i < 10; i++) {
      Map<String, Object> w = TestJson.map(want.get(i));
      Map<String, Object> g = TestJson.map(got.get(i));
      assertEquals((Double) w.get("category_id"), ((Number) g.get("category_id")).doubleValue());
      assertEquals((Double) w.get("ap25"), (Double) g.get("ap25"), TOL);
      assertEquals((Double) w.get("ap50"), (Double) g.get("ap50"), TOL);
    }
    Map<String, Object> params = TestJson.map(summary.get("params"));
    assertEquals(List.of(0.25, 0.5), params.get("iouThrs"));
    // the console shows the four lines and the per-class table
    assertTrue(run.out.contains("Average Precision  (AP) @[ IoU=0.25:0.50 | area=   all | maxDets=100 ] = "), run.out);
    assertTrue(run.out.contains("AP25"), run.out);
    // per_class table: AP25 filled, COCO-only columns null
    List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("per_class").toString())
        .orderBy("category_id").collectAsList();
    assertEquals(10, rows.size());
    Map<String, Object> c1 = TestJson.map(want.get(0));
    assertEquals((Double) c1.get("ap25"), rows.get(0).<Double>getAs("AP25"), TOL);
    assertEquals((Double) c1.get("ap50"), rows.get(0).<Double>getAs("AP50"), TOL);
    assertEquals((Double) c1.get("ap"), rows.get(0).<Double>getAs("AP"), TOL);
    assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("AP75")));
    assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("AR1")));
    assertTrue(rows.get(0).<Long>getAs("tp_50") > 0);
    assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("mean_giou_50")), "GIoU is for axis-aligned boxes");
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("AP25 per class"), "report has the AP25 bars");
  }

  @Test
  void sameBitsOnAnyPartitionCount() {
    double[] first = null;
    for (int p : new int[] {1, 4}) {
      DetectionResult r = DetectionJob.run(SparkTestSession.get(), DetectionJobTest.config(TestData.path(B3 + "gt.json"),
          TestData.path(B3 + "results.json"), tmp.resolve("p" + p).toString(), p, "--iou-type", "3d"));
      r.release();
      double[] s = Box3dSummary.of(r.summary().accumulation()).stats();
      double[] loc = new double[r.categoryIds().length];
      for (int k = 0; k < loc.length; k++) loc[k] = r.localization().mean(k, 0);
      double[] both = new double[s.length + loc.length];
      System.arraycopy(s, 0, both, 0, s.length);
      System.arraycopy(loc, 0, both, s.length, loc.length);
      if (first == null) first = both;
      else assertArrayEquals(first, both);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bbox", "bbox_nms_0.7", "bbox_soft_nms_gaussian", "bbox_soft_nms_linear"})
  void cocoSmallAfterSuppression(String key) {
    String[] opt = switch (key) {
      case "bbox" -> new String[] {"--nms", "0.5"};
      case "bbox_nms_0.7" -> new String[] {"--nms", "0.7"};
      case "bbox_soft_nms_gaussian" -> new String[] {"--soft-nms", "gaussian", "--soft-nms-sigma", "0.5"};
      default -> new String[] {"--soft-nms", "linear"};
    };
    DetectionResult r = DetectionJob.run(SparkTestSession.get(), DetectionJobTest.config(
        TestData.path(SMALL + "instances_gt.json"), TestData.path(SMALL + "detections.json"),
        tmp.resolve(key).toString(), 3, opt));
    r.release();
    Map<String, Object> exp = TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected-nms.json")).get(key));
    long kept = (long) (double) (Double) exp.get("detections_kept");
    assertEquals(9870 - kept, r.counts().predSuppressed(), key + " removed");
    List<Object> stats = TestJson.list(exp.get("stats"));
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) stats.get(i), r.summary().stat(i), TOL, key + " " + CocoSummary.NAMES[i]);
    }
  }

  /** Per-class means of the IoU family against a naive recomputation from the matched pairs of a tiny set. */
  @Test
  void localizationMeansOfTruePositives() throws Exception {
    String gt = "{\"images\":[{\"id\":1,\"width\":100,\"height\":100},{\"id\":2,\"width\":100,\"height\":100}],"
        + "\"categories\":[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}],\"annotations\":["
        + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[10,10,20,20],\"area\":400},"
        + "{\"id\":2,\"image_id\":1,\"category_id\":1,\"bbox\":[50,50,10,30],\"area\":300},"
        + "{\"id\":3,\"image_id\":2,\"category_id\":2,\"bbox\":[0,0,40,10],\"area\":400}]}";
    String pred = "[{\"image_id\":1,\"category_id\":1,\"bbox\":[12,11,20,18],\"score\":0.9},"
        + "{\"image_id\":1,\"category_id\":1,\"bbox\":[51,52,10,27],\"score\":0.8},"
        + "{\"image_id\":1,\"category_id\":1,\"bbox\":[70,70,5,5],\"score\":0.7},"
        + "{\"image_id\":2,\"category_id\":2,\"bbox\":[2,1,36,10],\"score\":0.6}]";
    Path g = tmp.resolve("gt.json");
    Path p = tmp.resolve("pred.json");
    Files.writeString(g, gt);
    Files.writeString(p, pred);
    DetectionResult r = DetectionJob.run(SparkTestSession.get(), DetectionJobTest.config(g.toString(), p.toString(),
        tmp.resolve("loc").toString(), 2));
    r.release();
    double[][] pairs1 = {{12, 11, 32, 29, 10, 10, 30, 30}, {51, 52, 61, 79, 50, 50, 60, 80}};
    double[][] pairs2 = {{2, 1, 38, 11, 0, 0, 40, 10}};
    check(r, 0, pairs1);
    check(r, 1, pairs2);
  }

  private static void check(DetectionResult r, int k, double[][] pairs) {
    assertEquals(pairs.length, r.localization().count(k));
    double[] out = new double[4];
    double[] sum = new double[4];
    for (double[] pr : pairs) {
      IouFamily.all(pr, 0, pr, 4, out, 0);
      for (int m = 0; m < 4; m++) sum[m] += out[m];
    }
    for (int m = 0; m < 4; m++) assertEquals(sum[m] / pairs.length, r.localization().mean(k, m), 1e-15, "metric " + m);
  }
}
