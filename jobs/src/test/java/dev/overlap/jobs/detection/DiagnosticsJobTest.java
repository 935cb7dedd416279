package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics through the Spark job: VOC AP on voc-small equal to the reference on any partition
 * count (identical bits), the confusion matrix equal to the reference matrices, the outputs
 * (summary.json keys, tables) of a CLI run, and the one-line refusals.
 */
class DiagnosticsJobTest {
  static final double TOL = 1e-12;
  static final String VOC = "reference/voc-small/";
  static final String EDGE = "reference/confusion-edge/";

  @TempDir Path tmp;

  @Test
  void vocAgreesWithTheReferenceOnAnyPartitionCount() {
    for (String protocol : new String[] {"voc07", "voc12"}) {
      Map<String, Object> exp = TestJson.map(TestJson.map(TestJson.resource(VOC + "expected.json")).get(protocol));
      double[] first = null;
      for (int p : new int[] {1, 4, 13}) {
        DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(TestData.path(VOC + "instances_gt.json"),
            TestData.path(VOC + "detections.json"), tmp.resolve(protocol + p).toString(), p, "--protocol", protocol));
        var v = r.diagnostics().voc();
        assertEquals((Double) exp.get("mAP"), v.map(), TOL);
        assertEquals((Double) exp.get("AP"), v.apAll(), TOL);
        assertEquals((Double) exp.get("AP75"), v.ap75(), TOL);
        for (Object o : TestJson.list(exp.get("per_class"))) {
          Map<String, Object> c = TestJson.map(o);
          int k = ((Double) c.get("category_id")).intValue() - 1;
          if (c.get("ap") == null) {
            assertTrue(Double.isNaN(v.ap(k, 0)));
            continue;
          }
          List<Object> byIou = TestJson.list(c.get("ap_by_iou"));
          for (int t = 0; t < 10; t++) assertEquals((Double) byIou.get(t), v.ap(k, t), TOL, protocol + " class " + (k + 1));
        }
        double[] all = new double[20 * 10 + 1];
        for (int k = 0; k < 20; k++) for (int t = 0; t < 10; t++) all[k * 10 + t] = v.ap(k, t);
        all[200] = v.apAll();
        if (first == null) first = all;
        else assertArrayEquals(first, all, "identical bits on " + p + " partitions");
      }
    }
  }

  @Test
  void confusionMatrixAgreesWithTheReferenceOnAnyPartitionCount() {
    Map<String, Object> root = TestJson.map(TestJson.resource(EDGE + "expected-confusion.json"));
    for (Object o : TestJson.list(root.get("bbox"))) {
      Map<String, Object> exp = TestJson.map(o);
      String iou = Double.toString((Double) exp.get("iou"));
      String score = Double.toString((Double) exp.get("score"));
      for (int p : new int[] {1, 5}) {
        DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(TestData.path(EDGE + "instances_gt.json"),
            TestData.path(EDGE + "detections.json"), tmp.resolve("c" + iou + p).toString(), p, "--confusion-matrix",
            "--confusion-iou", iou, "--confusion-score", score));
        DiagnosticsResult d = r.diagnostics();
        List<Object> cats = TestJson.list(exp.get("categories"));
        for (int i = 0; i < cats.size(); i++) assertEquals(((Double) cats.get(i)).longValue(), d.classIds()[d.fileOrder()[i]]);
        long[][] m = d.matrixInFileOrder();
        List<Object> rows = TestJson.list(exp.get("matrix"));
        for (int i = 0; i < rows.size(); i++) {
          List<Object> row = TestJson.list(rows.get(i));
          for (int j = 0; j < row.size(); j++) assertEquals(((Double) row.get(j)).longValue(), m[i][j], "cell " + i + "," + j);
        }
      }
    }
  }

  @Test
  void cliRunWritesSummaryKeysAndTables() throws Exception {
    Path out = tmp.resolve("cli");
    CliRun r = CliRun.of("detection", "--gt", TestData.path(VOC + "instances_gt.json"), "--pred",
        TestData.path(VOC + "detections.json"), "--protocol", "voc12", "--confusion-matrix", "--out", out.toString(),
        "--run-id", "t1", "--partitions", "3");
    assertEquals(Main.OK, r.exitCode, r.err);
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    Map<String, Object> exp = TestJson.map(TestJson.map(TestJson.resource(VOC + "expected.json")).get("voc12"));
    assertEquals("voc12", s.get("protocol"));
    assertEquals((Double) exp.get("mAP"), (Double) s.get("mAP"), TOL);
    assertEquals((Double) exp.get("AP50"), (Double) s.get("AP50"), TOL);
    assertEquals((Double) exp.get("AP"), (Double) s.get("AP"), TOL);
    List<Object> per = TestJson.list(s.get("per_class"));
    assertEquals(20, per.size());
    Map<String, Object> car = TestJson.map(per.get(6));
    assertEquals(7.0, car.get("category_id"));
    assertEquals(null, car.get("ap")); // only difficult GT: null, out of the means
    assertTrue(TestJson.map(s.get("coco")).containsKey("APs"));
    Map<String, Object> conf = TestJson.map(s.get("confusion"));
    assertEquals(20, TestJson.list(conf.get("categories")).size());
    assertEquals(22, TestJson.list(TestJson.list(conf.get("matrix")).get(0)).size());
    assertEquals(0.5, conf.get("iou"));
    assertEquals(0.0, conf.get("score"));
    Map<String, Object> total = TestJson.map(TestJson.map(s.get("errors")).get("total"));
    assertEquals((Double) total.get("fp"), (Double) total.get("fp_duplicate") + (Double) total.get("fp_localization")
        + (Double) total.get("fp_class_confusion") + (Double) total.get("fp_background"));
    assertEquals(1861.0, (Double) total.get("tp") + (Double) total.get("fp") + (Double) total.get("on_crowd"));
    for (String t : new String[] {"voc_per_class", "confusion", "errors"}) {
      assertTrue(Files.isDirectory(out.resolve(t).resolve("run_id=t1").resolve("iou_type=bbox-voc12")), t);
    }
    // the report points at the partition the tables are in, and its own copy is where it says
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Overlap detection (bbox, voc12), run t1"), "title");
    assertTrue(html.contains("(run_id=t1, iou_type=bbox-voc12)"), "per_class pointer");
    assertTrue(Files.isRegularFile(out.resolve("reports/t1/detection-bbox-voc12.html")));
    assertTrue(html.contains("reports/t1/detection-bbox-voc12.html"), "this page");
    var spark = dev.overlap.jobs.SparkTestSession.get();
    var confTable = spark.read().parquet(out.resolve("confusion").toString()).where("run_id = 't1'");
    List<Object> matrix = TestJson.list(TestJson.map(s.get("confusion")).get("matrix"));
    long cells = 0, nonZero = 0;
    for (Object row : matrix) {
      for (Object x : TestJson.list(row)) {
        cells += ((Double) x).longValue();
        if ((Double) x != 0) nonZero++;
      }
    }
    assertEquals(nonZero, confTable.count(), "one row per non-zero cell");
    assertEquals(cells, confTable.agg(org.apache.spark.sql.functions.sum("count")).first().getLong(0));
    long missedInJson = 0;
    for (Object row : matrix) missedInJson += ((Double) TestJson.list(row).get(20)).longValue();
    assertEquals(missedInJson, confTable.where("pred_category_id IS NULL").agg(org.apache.spark.sql.functions.sum("count"))
        .first().getLong(0));
    var errs = spark.read().parquet(out.resolve("errors").toString()).where("run_id = 't1'");
    assertEquals(20, errs.count());
    assertEquals(0, errs.where("fp <> fp_duplicate + fp_localization + fp_class_confusion + fp_background").count());
    var voc = spark.read().parquet(out.resolve("voc_per_class").toString()).where("run_id = 't1' AND iou_threshold = 0.5");
    assertEquals(20, voc.count());
    assertEquals((Double) exp.get("mAP"), voc.where("ap IS NOT NULL").agg(org.apache.spark.sql.functions.avg("ap"))
        .first().getDouble(0), 1e-9);
    assertTrue(r.out.contains("PASCAL VOC (voc12, all-point AP): mAP 0.347"), r.out);
    assertTrue(r.out.contains("Most confused (ground truth -> detected as):"), r.out);
  }

  @Test
  void reportDrawsTheMatrixAndTheBreakdownWithNamesEscaped() throws Exception {
    String gt = Files.readString(Path.of(TestData.path(EDGE + "instances_gt.json")));
    Map<String, Object> first = TestJson.map(TestJson.list(TestJson.map(TestJson.parse(new java.io.ByteArrayInputStream(
        gt.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).get("categories")).get(0));
    String name = (String) first.get("name");
    Path g = tmp.resolve("gt.json");
    Files.writeString(g, gt.replace("\"" + name + "\"", "\"<b>x</b>\""));
    Path out = tmp.resolve("html");
    CliRun r = CliRun.of("detection", "--gt", g.toString(), "--pred", TestData.path(EDGE + "detections.json"),
        "--confusion-matrix", "--out", out.toString(), "--run-id", "h1", "--partitions", "2");
    assertEquals(Main.OK, r.exitCode, r.err);
    String html = Files.readString(out.resolve("report.html"));
    for (String s : new String[] {"Confusion matrix", "Most confused pairs", "Missed and background",
        "False positives by kind", "False negatives by kind", "&lt;b&gt;x&lt;/b&gt;"}) {
      assertTrue(html.contains(s), s);
    }
    assertTrue(!html.contains("<b>x</b>"), "a class name reaches the page escaped");
  }

  @Test
  void protocolWithSegmIsRefusedInOneLine() {
    CliRun r = CliRun.of("detection", "--gt", "g", "--pred", "p", "--out", "o", "--iou-type", "segm", "--protocol", "voc07");
    assertEquals(Main.BAD_INPUT, r.exitCode);
    assertEquals("overlap: --protocol voc07 evaluates boxes only; it cannot be used with --iou-type segm", r.err.strip());
  }

  @Test
  void confusionIouOutsideTheUnitIntervalIsRefused() {
    for (String v : new String[] {"0", "1.5", "-0.2"}) {
      CliRun r = CliRun.of("detection", "--gt", "g", "--pred", "p", "--out", "o", "--confusion-matrix", "--confusion-iou", v);
      assertEquals(Main.BAD_INPUT, r.exitCode);
      assertEquals("overlap: --confusion-iou: expected a threshold in (0, 1], got \"" + v + "\"", r.err.strip());
    }
    CliRun r = CliRun.of("detection", "--gt", "g", "--pred", "p", "--out", "o", "--protocol", "voc10");
    assertEquals("overlap: --protocol: expected coco, lvis, voc07 or voc12, got \"voc10\"", r.err.strip());
  }
}
