package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --iou-type boundary} in the Spark job against boundary-iou-api's numbers. */
class BoundaryDetectionTest {
  static final double TOL = 1e-12;
  static final String EDGE = "reference/coco-boundary-edge/";
  static final String SMALL = "reference/coco-small/";

  @TempDir Path tmp;

  static Map<String, Object> expected(String dir) {
    return TestJson.map(TestJson.map(TestJson.resource(dir + "expected-boundary.json")).get("boundary"));
  }

  @Test
  void edgeCasesMatchTheReferenceOnAnyPartitionCount() {
    Map<String, Object> exp = expected(EDGE);
    List<Object> want = TestJson.list(exp.get("stats"));
    Map<String, Object> perCat = TestJson.map(exp.get("per_category"));
    double[] first = null;
    for (int p : new int[] {1, 4}) {
      DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(TestData.path(EDGE + "instances_gt.json"),
          TestData.path(EDGE + "detections.json"), tmp.resolve("o" + p).toString(), p, "--iou-type", "boundary"));
      double[] stats = r.summary().stats();
      for (int i = 0; i < 12; i++) {
        assertEquals((Double) want.get(i), stats[i], TOL, "partitions " + p + " " + CocoSummary.NAMES[i]);
      }
      for (int k = 0; k < r.categoryIds().length; k++) {
        double ap = (Double) TestJson.map(perCat.get(Long.toString(r.categoryIds()[k]))).get("AP");
        assertEquals(ap, r.summary().categoryStats(k)[0], TOL, "AP of category " + r.categoryIds()[k]);
      }
      assertEquals(16, r.images());
      assertEquals(333, r.predRecords());
      assertEquals(48, r.gtRecords());
      if (first == null) first = stats;
      else assertArrayEquals(first, stats, "identical bits for every partition count");
    }
  }

  /** The edge set as Parquet, the GT ignore flag in an optional {@code ignore} column: the same stats. */
  @Test
  void parquetGroundTruthCarriesIgnore() {
    var spark = dev.overlap.jobs.SparkTestSession.get();
    var gt = dev.overlap.core.io.CocoFiles.readGroundTruth(Path.of(TestData.path(EDGE + "instances_gt.json")), true);
    List<org.apache.spark.sql.Row> images = new java.util.ArrayList<>();
    for (var im : gt.images()) images.add(org.apache.spark.sql.RowFactory.create(im.id(), im.width(), im.height(), im.fileName()));
    List<org.apache.spark.sql.Row> cats = new java.util.ArrayList<>();
    for (var c : gt.categories()) cats.add(org.apache.spark.sql.RowFactory.create(c.id(), c.name()));
    List<org.apache.spark.sql.Row> anns = new java.util.ArrayList<>();
    int ignored = 0;
    for (var a : gt.annotations()) {
      Object[] s = DetectionParquetAndSubsetTest.seg(a.segmentation());
      anns.add(org.apache.spark.sql.RowFactory.create(a.id(), a.imageId(), a.categoryId(),
          DetectionParquetAndSubsetTest.boxed(a.bbox()), a.area(), a.iscrowd() ? 1 : 0, s[0], s[1], s[2], a.ignore() ? 1 : 0));
      if (a.ignore()) ignored++;
    }
    assertTrue(ignored > 0);
    var schema = DetectionParquetAndSubsetTest.ANNOTATIONS.add("ignore", org.apache.spark.sql.types.DataTypes.IntegerType, true);
    Path g = tmp.resolve("gt-parquet");
    spark.createDataFrame(images, DetectionParquetAndSubsetTest.IMAGES).coalesce(1).write().parquet(g.resolve("images").toString());
    spark.createDataFrame(cats, DetectionParquetAndSubsetTest.CATEGORIES).coalesce(1).write().parquet(g.resolve("categories").toString());
    spark.createDataFrame(anns, schema).coalesce(1).write().parquet(g.resolve("annotations").toString());
    DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(g.toString(), TestData.path(EDGE + "detections.json"),
        tmp.resolve("o-parquet").toString(), 2, "--iou-type", "boundary"));
    List<Object> want = TestJson.list(expected(EDGE).get("stats"));
    for (int i = 0; i < 12; i++) assertEquals((Double) want.get(i), r.summary().stat(i), TOL, CocoSummary.NAMES[i]);
  }

  @Test
  void cocoSmallThroughTheCommandLine() throws IOException {
    Path out = tmp.resolve("small");
    CliRun r = CliRun.of("detection", "--gt", TestData.path(SMALL + "instances_gt.json"), "--pred",
        TestData.path(SMALL + "detections.json"), "--iou-type", "boundary", "--dilation-ratio", "0.02", "--out",
        out.toString(), "--run-id", "b1", "--partitions", "3");
    assertEquals(Main.OK, r.exitCode, r.toString());
    List<Object> want = TestJson.list(expected(SMALL).get("stats"));
    Map<String, Object> summary = TestJson.map(TestJson.read(out.resolve("summary.json")));
    assertEquals("boundary", summary.get("iou_type"));
    assertEquals(0.02, (Double) TestJson.map(summary.get("params")).get("dilationRatio"));
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) want.get(i), (Double) summary.get(CocoSummary.NAMES[i]), TOL, CocoSummary.NAMES[i]);
    }
    assertTrue(r.out.contains("boundary"), r.out);
    assertTrue(r.out.contains(String.format("%.3f", (Double) want.get(0))), r.out);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "boundary|0|--dilation-ratio: expected a number in (0, 1], got \"0\"",
      "boundary|1.5|--dilation-ratio: expected a number in (0, 1], got \"1.5\"",
      "boundary|-0.02|--dilation-ratio: expected a number in (0, 1], got \"-0.02\"",
      "boundary|abc|--dilation-ratio: expected a number in (0, 1], got \"abc\"",
      "segm|0.02|--dilation-ratio applies to --iou-type boundary only"})
  void badDilationRatioIsOneLine(String type, String ratio, String message) {
    CliRun r = CliRun.of("detection", "--gt", "g", "--pred", "p", "--out", tmp.resolve("o").toString(), "--iou-type",
        type, "--dilation-ratio", ratio);
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: " + message, r.err.strip());
  }

  @Test
  void maskOfTheWrongSizeNamesTheRecord() throws IOException {
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"segmentation\": "
        + "{\"size\": [20, 40], \"counts\": [0, 800]}}, {\"image_id\": 1, \"category_id\": 1, \"score\": 0.8, "
        + "\"segmentation\": {\"size\": [21, 40], \"counts\": [0, 840]}}]", StandardCharsets.UTF_8);
    CliRun r = CliRun.of("detection", "--gt", TestData.path("reference/coco-edge/16_segm_polygon_two_parts/gt.json"),
        "--pred", pred.toString(), "--iou-type", "boundary", "--out", tmp.resolve("out").toString(), "--partitions", "2");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), r.toString());
    assertTrue(line.contains("pred.json: record 1: field \"segmentation\""), line);
    assertTrue(line.contains("RLE size [21, 40] differs from the size [20, 40]"), line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
  }
}
