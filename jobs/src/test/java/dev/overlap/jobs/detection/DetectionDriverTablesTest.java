package dev.overlap.jobs.detection;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.report.HtmlReport;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.RowDigest;
import dev.overlap.jobs.spark.StepTimer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables written from the driver, and the report built from the per_image write, against what the
 * Spark path produced: the same rows (nulls included) and the same report page.
 */
class DetectionDriverTablesTest {
  static final String SMALL = "reference/coco-small/";

  @TempDir static Path tmp;
  static Path out;
  static DetectionResult r;

  @BeforeAll
  static void runAndWrite() {
    SparkSession spark = SparkTestSession.get();
    out = tmp.resolve("out");
    DetectionConfig cfg = DetectionJobTest.config(TestData.path(SMALL + "instances_gt.json"),
        TestData.path(SMALL + "detections.json"), out.toString(), 3);
    RunContext run = RunContext.begin(cfg.run(), "detection", DetectionOutputs.partition(cfg), List.of(CocoSummary.NAMES));
    run.prepare(spark);
    r = DetectionJob.run(spark, cfg);
    DetectionOutputs.write(run, spark, r, new StepTimer());
  }

  @AfterAll
  static void release() {
    r.release();
  }

  static List<Row> table(String name) {
    return Tables.sorted(SparkTestSession.get().read().parquet(out.resolve(name).toString())
        .drop("run_id", "iou_type"), List.of());
  }

  static List<Row> expected(List<Row> rows, org.apache.spark.sql.types.StructType schema) {
    return Tables.sorted(SparkTestSession.get().createDataFrame(rows, schema), List.of());
  }

  /** pycocotools' precision array expanded row by row, cells without ground truth left out. */
  @Test
  void prCurveIsThePrecisionArrayRowForRow() {
    Accumulation a = r.summary().accumulation();
    CocoParams p = a.params();
    List<Row> want = new ArrayList<>();
    for (int k = 0; k < r.categoryIds().length; k++) {
      for (int t = 0; t < p.numIouThresholds(); t++) {
        for (int ar = 0; ar < p.numAreaRanges(); ar++) {
          if (a.npig(k, ar) == 0) continue;
          for (int m = 0; m < p.numMaxDets(); m++) {
            for (int rr = 0; rr < p.numRecallThresholds(); rr++) {
              want.add(RowFactory.create(r.categoryIds()[k], r.categoryNames()[k], p.iouThreshold(t), p.areaLabel(ar),
                  p.maxDets(m), p.recallThreshold(rr), a.precision(t, rr, k, ar, m), a.score(t, rr, k, ar, m)));
            }
          }
        }
      }
    }
    List<Row> got = table("pr_curve");
    assertEquals(prCurveRowsFromTheGroundTruth(), got.size(), "one row per recall threshold of every cell with ground truth");
    assertEquals(want.size(), got.size());
    assertEquals(expected(want, DetectionOutputs.PR_CURVE), got);
  }

  /**
   * Counted from the ground-truth file alone: (category, area range) cells holding a non-crowd annotation whose
   * area is in the range (inclusive at both ends), times 10 IoU thresholds, 3 maxDets and 101 recall thresholds.
   */
  static long prCurveRowsFromTheGroundTruth() {
    double[][] ranges = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    java.util.Set<String> cells = new java.util.HashSet<>();
    for (Object o : TestJson.list(TestJson.map(TestJson.resource(SMALL + "instances_gt.json")).get("annotations"))) {
      Map<String, Object> a = TestJson.map(o);
      if (((Number) a.get("iscrowd")).intValue() != 0) continue;
      double area = ((Number) a.get("area")).doubleValue();
      for (int r = 0; r < ranges.length; r++) {
        if (area >= ranges[r][0] && area <= ranges[r][1]) cells.add(a.get("category_id") + "/" + r);
      }
    }
    return cells.size() * 10L * 3 * 101;
  }

  @Test
  void summaryAndPerClassKeepTypesAndNulls() {
    List<Row> summary = new ArrayList<>();
    // no --bootstrap: the interval columns are there, null
    for (int i = 0; i < 12; i++) {
      summary.add(RowFactory.create(CocoSummary.NAMES[i], DetectionOutputs.orNull(r.summary().stat(i)), null, null));
    }
    assertEquals(expected(summary, DetectionOutputs.SUMMARY), table("summary"));

    List<Row> perClass = new ArrayList<>();
    int nulls = 0;
    for (int k = 0; k < r.categoryIds().length; k++) {
      double[] s = r.summary().categoryStats(k);
      // the interval columns, localization and AP25, then AR, AR50, AR75 and frequency (keypoint / LVIS columns,
      // null in a COCO run)
      Object[] v = new Object[10 + 3 * s.length + DetectionOutputs.PER_CLASS_EXTRA_METRICS.length + 1];
      v[0] = r.categoryIds()[k];
      v[1] = r.categoryNames()[k];
      for (int i = 0; i < s.length; i++) {
        v[2 + i] = DetectionOutputs.orNull(s[i]);
        if (v[2 + i] == null) nulls++;
      }
      v[2 + s.length] = r.numGt()[k];
      v[3 + s.length] = r.numPred()[k];
      // after the interval columns: localization of the true positives at IoU 0.5 (null where undefined), then
      // AP25 (bev / 3d only)
      v[4 + 3 * s.length] = r.localization().count(k);
      for (int m = 0; m < 4; m++) {
        double mean = r.localization().mean(k, m);
        v[5 + 3 * s.length + m] = Double.isNaN(mean) ? null : mean;
      }
      v[9 + 3 * s.length] = null;
      perClass.add(RowFactory.create(v));
    }
    assertTrue(nulls > 0, "coco-small has classes without ground truth");
    assertEquals(expected(perClass, DetectionOutputs.PER_CLASS), table("per_class"));
    Dataset<Row> df = SparkTestSession.get().read().parquet(out.resolve("per_class").toString());
    assertEquals("bigint", df.schema().apply("category_id").dataType().simpleString());
    assertEquals("double", df.schema().apply("AP").dataType().simpleString());
  }

  /** The page from the per_image write equals the page from the two queries it replaces. */
  @Test
  void reportFromThePerImageWriteIsTheQueriedOne() throws IOException {
    DetectionHtmlReport.ImageErrors queried = DetectionHtmlReport.imageErrors(r.perImage(), DetectionHtmlReport.WORST_IMAGES);
    assertTrue(queried.worst().size() == DetectionHtmlReport.WORST_IMAGES && queried.fp50() > 0, queried.toString());
    String page = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertEquals(HtmlReport.render(DetectionHtmlReport.build(r, queried)), page);
  }

  /** Ties at the cut of the top-n are broken the same way on any partitioning (image id last). */
  @Test
  void digestEqualsTheQueryForSmallN() {
    SparkSession spark = SparkTestSession.get();
    for (int n : new int[] {1, 7, 13}) {
      RowDigest d = RowDigest.register(spark, "test", n, new String[] {"tp_50", "fp_50", "fn_50"},
          new DetectionHtmlReport.HasErrors(), new DetectionHtmlReport.MostErrorsFirst());
      RowDigest.tap(r.perImage().repartition(5), d).write().parquet(tmp.resolve("tap" + n).toString());
      DetectionHtmlReport.ImageErrors got = DetectionHtmlReport.imageErrors(d.value());
      DetectionHtmlReport.ImageErrors want = DetectionHtmlReport.imageErrors(r.perImage(), n);
      assertEquals(List.of(want.images(), want.tp50(), want.fp50(), want.fn50()),
          List.of(got.images(), got.tp50(), got.fp50(), got.fn50()));
      assertEquals(200L, got.images());
      List<Long> a = new ArrayList<>();
      List<Long> b = new ArrayList<>();
      for (Row w : want.worst()) a.add(w.getAs("image_id"));
      for (Row g : got.worst()) b.add(g.getAs("image_id"));
      assertEquals(a, b, "top " + n);
    }
  }
}
