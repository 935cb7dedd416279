package dev.overlap.jobs.segmentation;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.report.HtmlReport;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import dev.overlap.jobs.spark.RowDigest;
import dev.overlap.jobs.spark.StepTimer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary, per_class and confusion written from the driver, and the report's worst images from the per_image write. */
class SegmentationDriverTablesTest {
  @TempDir static Path tmp;
  static Path out;
  static SegmentationResult r;

  @BeforeAll
  static void runAndWrite() {
    SparkSession spark = SparkTestSession.get();
    out = tmp.resolve("out");
    SegmentationConfig cfg = SegmentationJobTest.config(SemsegSmall.gt(), SemsegSmall.pred(), out.toString(), 3,
        "--exclude-from-headline", "0");
    RunContext run = RunContext.begin(cfg.run(), "segmentation", Map.of(), List.of(SegmentationOutputs.METRICS));
    run.prepare(spark);
    r = SegmentationJob.run(spark, cfg);
    SegmentationOutputs.write(run, spark, r, new StepTimer());
  }

  @AfterAll
  static void release() {
    r.release();
  }

  static List<Row> table(String name) {
    return Tables.sorted(SparkTestSession.get().read().parquet(out.resolve(name).toString()).drop("run_id"), List.of());
  }

  static List<Row> expected(List<Row> rows, StructType schema) {
    return Tables.sorted(SparkTestSession.get().createDataFrame(rows, schema), List.of());
  }

  @Test
  void confusionIsTheReferenceMatrixCellForCell() {
    long[] m = SemsegSmall.confusion();
    List<Row> want = new ArrayList<>();
    for (int g = 0; g < SemsegSmall.K; g++) {
      for (int p = 0; p < SemsegSmall.K; p++) {
        if (m[g * SemsegSmall.K + p] != 0) want.add(RowFactory.create(g, p, m[g * SemsegSmall.K + p]));
      }
    }
    assertEquals(expected(want, SegmentationOutputs.CONFUSION), table("confusion"));
  }

  @Test
  void summaryAndPerClassKeepNullsAndFlags() {
    double[] v = SegmentationOutputs.summaryValues(r);
    List<Row> summary = new ArrayList<>();
    // no --bootstrap: the interval columns are there, null
    for (int i = 0; i < v.length; i++) {
      summary.add(RowFactory.create(SegmentationOutputs.METRICS[i], SegmentationOutputs.orNull(v[i]), null, null));
    }
    assertEquals(expected(summary, SegmentationOutputs.SUMMARY), table("summary"));

    SemsegMetrics m = r.metrics();
    SegmentationConfig cfg = r.config();
    List<Row> perClass = new ArrayList<>();
    for (int c = 0; c < m.numClasses(); c++) {
      perClass.add(RowFactory.create(c, cfg.classNames()[c], SegmentationOutputs.orNull(m.iou(c)),
          SegmentationOutputs.orNull(m.dice(c)), SegmentationOutputs.orNull(m.precision(c)),
          SegmentationOutputs.orNull(m.recall(c)), m.gtPixels(c), m.predPixels(c), m.truePositives(c),
          SegmentationOutputs.orNull(m.frequency(c)), cfg.isSignal(c), null, null, null, null, null, null, null, null, null,
          null, null, null, null));
    }
    List<Row> got = table("per_class");
    assertEquals(expected(perClass, SegmentationOutputs.PER_CLASS), got);
    assertEquals(false, SparkTestSession.get().read().parquet(out.resolve("per_class").toString())
        .filter("class_id = 0").first().getAs("signal"), "class 0 left out of the headline");
  }

  @Test
  void reportFromThePerImageWriteIsTheQueriedOne() throws IOException {
    List<Row> worst = r.perImage().filter(col("pixel_accuracy").isNotNull())
        .orderBy(col("pixel_accuracy").asc(), col("image_id").asc()).limit(SegmentationHtmlReport.WORST_IMAGES)
        .collectAsList();
    assertEquals(30, worst.size());
    String page = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertEquals(HtmlReport.render(SegmentationHtmlReport.build(r, worst)), page);
  }

  @Test
  void digestEqualsTheQueryForSmallN() {
    SparkSession spark = SparkTestSession.get();
    for (int n : new int[] {1, 4, 11}) {
      RowDigest d = RowDigest.register(spark, "test", n, new String[] {"valid_pixels"},
          new SegmentationHtmlReport.HasPixelAccuracy(), new SegmentationHtmlReport.LowestPixelAccuracyFirst());
      RowDigest.tap(r.perImage().repartition(4), d).write().parquet(tmp.resolve("tap" + n).toString());
      List<Row> want = r.perImage().filter(col("pixel_accuracy").isNotNull())
          .orderBy(col("pixel_accuracy").asc(), col("image_id").asc()).limit(n).collectAsList();
      assertEquals(want, d.value().top(), "top " + n);
      assertEquals(30, d.value().rows());
      assertEquals(3830211L, d.value().sums()[0], "valid pixels");
    }
  }
}
