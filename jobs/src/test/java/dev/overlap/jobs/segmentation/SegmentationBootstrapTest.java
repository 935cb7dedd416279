package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.NumpyPercentile;
import dev.overlap.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --bootstrap} on semseg-small: the same intervals on 1, 3 and 17 partitions, and every interval recomputed
 * here from the per_image_class table with a naive weighted sum and numpy's percentile formula.
 */
class SegmentationBootstrapTest {
  static final int K = SemsegSmall.K;
  static final int R = 60;
  static final long SEED = 7;

  @TempDir static Path tmp;
  static CliRun[] runs = new CliRun[3];
  static Map<String, Object>[] summaries;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void evaluate() {
    int[] partitions = {3, 1, 17};
    summaries = new Map[3];
    for (int i = 0; i < 3; i++) {
      Path out = tmp.resolve("p" + partitions[i]);
      runs[i] = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes",
          "19", "--ignore-label", "255", "--exclude-from-headline", "0", "--out", out.toString(), "--run-id", "b1",
          "--partitions", Integer.toString(partitions[i]), "--bootstrap", Integer.toString(R), "--seed",
          Long.toString(SEED), "--top", "3");
      assertEquals(Main.OK, runs[i].exitCode, runs[i].toString());
      summaries[i] = TestJson.map(TestJson.read(out.resolve("summary.json")));
    }
  }

  @Test
  void intervalsAreTheSameBitsOnAnyPartitioning() {
    String ci = summaries[0].get("ci").toString();
    String perClass = summaries[0].get("per_class").toString();
    for (int i = 1; i < 3; i++) {
      assertEquals(ci, summaries[i].get("ci").toString());
      assertEquals(perClass, summaries[i].get("per_class").toString());
    }
  }


  /** Per replicate, per class: weighted tp, gt and pred pixel sums from the per_image_class rows. */
  static double[][] replicateIou() {
    List<Row> rows = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("per_image_class").toString())
        .select("image_id", "class_id", "gt_pixels", "pred_pixels", "tp_pixels").collectAsList();
    long[][] tp = new long[R][K];
    long[][] gt = new long[R][K];
    long[][] pred = new long[R][K];
    for (Row row : rows) {
      long key = PoissonWeights.keyOf(row.getString(0));
      int c = row.getInt(1);
      for (int r = 0; r < R; r++) {
        int w = PoissonWeights.weight(SEED, key, r);
        tp[r][c] += w * row.getLong(4);
        gt[r][c] += w * row.getLong(2);
        pred[r][c] += w * row.getLong(3);
      }
    }
    double[][] iou = new double[R][K];
    for (int r = 0; r < R; r++) {
      for (int c = 0; c < K; c++) {
        long union = gt[r][c] + pred[r][c] - tp[r][c];
        iou[r][c] = union == 0 ? Double.NaN : (double) tp[r][c] / union;
      }
    }
    return iou;
  }

  @Test
  void intervalsEqualANaiveBootstrapOfThePerImageCounts() {
    double[][] iou = replicateIou();
    double[] miou = new double[R];
    for (int r = 0; r < R; r++) {
      double s = 0;
      int n = 0;
      for (int c = 0; c < K; c++) {
        if (Double.isNaN(iou[r][c])) continue;
        s += iou[r][c];
        n++;
      }
      miou[r] = n == 0 ? Double.NaN : s / n;
    }
    List<Object> ci = TestJson.list(TestJson.map(summaries[0].get("ci")).get("mIoU"));
    assertEquals(NumpyPercentile.of(miou, 0.025), (Double) ci.get(0), 1e-12);
    assertEquals(NumpyPercentile.of(miou, 0.975), (Double) ci.get(1), 1e-12);
    List<Object> perClass = TestJson.list(summaries[0].get("per_class"));
    for (int c = 0; c < K; c++) {
      double[] col = new double[R];
      for (int r = 0; r < R; r++) col[r] = iou[r][c];
      Map<String, Object> pc = TestJson.map(perClass.get(c));
      if (Arrays.stream(col).allMatch(Double::isNaN)) {
        assertEquals(null, pc.get("iou_lo"), "class " + c);
        continue;
      }
      assertEquals(NumpyPercentile.of(col, 0.025), (Double) pc.get("iou_lo"), 1e-12, "class " + c);
      assertEquals(NumpyPercentile.of(col, 0.975), (Double) pc.get("iou_hi"), 1e-12, "class " + c);
    }
  }

  @Test
  void theFullSetValueLiesInsideAndTheOutputsCarryTheIntervals() {
    Map<String, Object> s = summaries[0];
    for (String m : new String[] {"mIoU", "fwIoU", "pixel_accuracy", "mDice"}) {
      List<Object> ci = TestJson.list(TestJson.map(s.get("ci")).get(m));
      double v = (Double) s.get(m);
      assertTrue((Double) ci.get(0) <= v && v <= (Double) ci.get(1), m + " " + v + " outside " + ci);
      assertTrue((Double) ci.get(0) < (Double) ci.get(1), m + ": 30 images give an interval of some width");
    }
    Map<String, Object> b = TestJson.map(s.get("bootstrap"));
    assertEquals((double) R, b.get("replicates"));
    assertEquals(0.95, b.get("confidence"));
    assertTrue(runs[0].out.matches("(?s).*mIoU 0\\.\\d{3} \\[0\\.\\d{3}, 0\\.\\d{3}\\].*"), runs[0].out);
    assertTrue(runs[0].out.contains("95% bootstrap intervals, " + R + " replicates over images, seed " + SEED), runs[0].out);
    Row mIoU = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("summary").toString())
        .where("metric = 'mIoU'").first();
    List<Object> ci = TestJson.list(TestJson.map(s.get("ci")).get("mIoU"));
    assertEquals((Double) ci.get(0), mIoU.getDouble(mIoU.fieldIndex("lo")), 0.0);
    assertEquals((Double) ci.get(1), mIoU.getDouble(mIoU.fieldIndex("hi")), 0.0);
    Row road = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("per_class").toString())
        .where("class_id = 0").first();
    assertNotNull(road.get(road.fieldIndex("iou_lo")));
    assertTrue(road.getDouble(road.fieldIndex("iou_lo")) <= road.getDouble(road.fieldIndex("iou")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bootstrap|0|--bootstrap: expected 1..100000 replicates, got 0",
      "--bootstrap|many|--bootstrap: expected a whole number of replicates of at least 1, got \"many\"",
      "--confidence|1.5|--confidence: expected a number in (0, 1), got 1.5",
      "--seed|x|--seed: expected an integer, got \"x\""})
  void badOptionsAreOneLine(String option, String value, String message) {
    String[] base = {"segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--out", tmp.resolve("bad").toString()};
    String[] args = Arrays.copyOf(base, base.length + 4);
    args[base.length] = option;
    args[base.length + 1] = value;
    args[base.length + 2] = option.equals("--bootstrap") ? "--seed" : "--bootstrap";
    args[base.length + 3] = option.equals("--bootstrap") ? "1" : "10";
    CliRun r = CliRun.of(args);
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.contains(message), r.err);
    assertEquals(1, r.err.strip().lines().count(), r.err);
  }
}
