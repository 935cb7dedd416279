package dev.overlap.jobs.detection;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's outputs read back: by Spark, by a plain Parquet reader, and summary.json. */
class DetectionOutputsTest {
  static final double TOL = 1e-12;
  static final String SMALL = "reference/coco-small/";

  @TempDir static Path tmp;
  static Path out;
  static CliRun run;

  @BeforeAll
  static void evaluate() {
    out = tmp.resolve("eval");
    run = CliRun.of("detection", "--gt", TestData.path(SMALL + "instances_gt.json"), "--pred",
        TestData.path(SMALL + "detections.json"), "--out", out.toString(), "--run-id", "r1", "--partitions", "3");
    assertEquals(Main.OK, run.exitCode, run.toString());
  }

  static double[] expected() {
    List<Object> l = TestJson.list(TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected.json")).get("bbox")).get("stats"));
    double[] s = new double[12];
    for (int i = 0; i < 12; i++) s[i] = (Double) l.get(i);
    return s;
  }

  @Test
  void consolePrintsPycocotoolsSummaryAndPerClassTable() {
    List<Object> lines = TestJson.list(TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected.json")).get("bbox"))
        .get("summarize_text"));
    for (Object l : lines) assertTrue(run.out.contains((String) l + "\n"), "missing line: " + l + "\n" + run.out);
    assertTrue(run.out.contains("Per class, worst AP first"), run.out);
    assertTrue(run.out.contains("more classes in " + out.resolve("per_class")), run.out);
    assertTrue(run.out.contains("AP 0.300 is the mean of 68 classes with ground truth (of 80)"), run.out);
  }

  @Test
  void summaryJsonHasTheTwelveStatsAtFullPrecision() {
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    double[] want = expected();
    for (int i = 0; i < 12; i++) assertEquals(want[i], (Double) s.get(CocoSummary.NAMES[i]), TOL, CocoSummary.NAMES[i]);
    assertEquals("r1", s.get("run_id"));
    assertEquals("bbox", s.get("iou_type"));
    assertEquals(200.0, TestJson.map(s.get("counts")).get("images"));
    assertEquals(9870.0, TestJson.map(s.get("counts")).get("predictions"));
  }

  @Test
  void tablesReadBackWithSpark() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> summary = spark.read().parquet(out.resolve("summary").toString());
    assertEquals(12, summary.count());
    Row ap = summary.filter("metric = 'AP'").first();
    assertEquals(expected()[0], ap.getDouble(ap.fieldIndex("value")), TOL);
    assertEquals("r1", ap.getString(ap.fieldIndex("run_id")));
    assertEquals("bbox", ap.getString(ap.fieldIndex("iou_type")));

    Dataset<Row> perClass = spark.read().parquet(out.resolve("per_class").toString());
    assertEquals(80, perClass.count());
    Row c65 = perClass.filter("category_id = 65").first(); // detections but no GT: undefined, so null
    assertTrue(c65.isNullAt(c65.fieldIndex("AP")));
    Row c52 = perClass.filter("category_id = 52").first(); // GT but no detections: AP 0
    assertEquals(0.0, c52.getDouble(c52.fieldIndex("AP")));
    assertEquals(13L, c52.getLong(c52.fieldIndex("num_gt")));
    assertEquals(0L, c52.getLong(c52.fieldIndex("num_pred")));

    Dataset<Row> pr = spark.read().parquet(out.resolve("pr_curve").toString());
    assertEquals(0, pr.filter("category_id = 65").count(), "no curve where there is no GT");

    Dataset<Row> perImage = spark.read().parquet(out.resolve("per_image").toString());
    Row empty = perImage.filter("image_id = 520222").first(); // neither GT nor detections
    assertEquals(0, empty.getInt(empty.fieldIndex("num_gt")));
    assertEquals(0, empty.getInt(empty.fieldIndex("tp_50")));
    assertTrue(empty.isNullAt(empty.fieldIndex("mean_iou_50")));
    Row noGt = perImage.filter("image_id = 440088").first(); // detections, no GT: all false positives
    assertEquals(0, noGt.getInt(noGt.fieldIndex("tp_50")));
    assertEquals(noGt.getInt(noGt.fieldIndex("num_pred")), noGt.getInt(noGt.fieldIndex("fp_50")));
    assertEquals(1446, perImage.agg(org.apache.spark.sql.functions.sum("num_gt")).first().getLong(0));
    assertEquals(9870, perImage.agg(org.apache.spark.sql.functions.sum("num_pred")).first().getLong(0));
  }

  /** pr_curve equals pycocotools' precision and scores arrays entry by entry (area all, maxDets 100). */
  @Test
  void prCurveTableEqualsPycocotoolsArrays() {
    ExpectedCurves.assertPrCurveTable(out, "r1", "bbox");
  }

  /** per_image equals pycocotools' per-image TP / FP / FN at IoU 0.50 and 0.75. */
  @Test
  void perImageTableEqualsPycocotoolsCounts() {
    ExpectedCurves.assertPerImageTable(out, "r1", "bbox");
  }

  /** A plain Parquet reader (parquet-hadoop's example Group API, no Spark) reads per_class. */
  @Test
  void perClassReadsWithoutSpark() throws IOException {
    Path dir = out.resolve("per_class/run_id=r1/iou_type=bbox");
    Path file;
    try (Stream<Path> s = Files.list(dir)) {
      file = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Map<String, Object> perCat = TestJson.map(TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected.json")).get("bbox"))
        .get("per_category"));
    Map<Long, Double> ap = new HashMap<>();
    int rows = 0;
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
      Group g;
      while ((g = r.read()) != null) {
        rows++;
        long id = g.getLong("category_id", 0);
        if (g.getFieldRepetitionCount("AP") > 0) ap.put(id, g.getDouble("AP", 0));
        assertNotNull(g.getString("name", 0));
      }
    }
    assertEquals(80, rows);
    for (Map.Entry<Long, Double> e : ap.entrySet()) {
      double want = (Double) TestJson.map(perCat.get(Long.toString(e.getKey()))).get("AP");
      assertEquals(want, e.getValue(), TOL, "AP of " + e.getKey());
    }
    assertNull(ap.get(65L));
    assertEquals(68, ap.size());
  }

  /** Replacement is about folders, not numbers: a four-image case (two images without anything) is enough. */
  @Test
  void rerunReplacesOnlyItsOwnRun() {
    Path runs = tmp.resolve("runs");
    String edge = "reference/coco-edge/10_empty_images_and_categories/";
    for (String id : new String[] {"r1", "r2", "r2"}) {
      CliRun r = CliRun.of("detection", "--gt", TestData.path(edge + "gt.json"), "--pred",
          TestData.path(edge + "pred.json"), "--out", runs.toString(), "--run-id", id, "--quiet");
      assertEquals(Main.OK, r.exitCode, r.toString());
    }
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> summary = spark.read().parquet(runs.resolve("summary").toString());
    assertEquals(12, summary.filter("run_id = 'r1'").count());
    assertEquals(12, summary.filter("run_id = 'r2'").count());
    assertEquals(2 * 4, spark.read().parquet(runs.resolve("per_image").toString()).count());
    assertEquals("r2", TestJson.map(TestJson.read(runs.resolve("summary.json"))).get("run_id"));
  }
}
