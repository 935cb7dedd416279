package dev.overlap.jobs.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.NumpyPercentile;
import dev.overlap.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --bootstrap} on panoptic-small: the same intervals on 1 and 3 partitions, and PQ's interval and every
 * category's equal to a naive Poisson bootstrap of the per_image table's counts, written here with numpy's
 * percentile formula.
 */
class PanopticBootstrapTest {
  static final int R = 40;
  static final long SEED = 11;

  @TempDir static Path tmp;
  static Map<String, Object> s3;
  static Map<String, Object> s1;
  static CliRun run3;

  @BeforeAll
  static void evaluate() {
    run3 = CliRun.of(PanopticJobTest.args(tmp.resolve("p3"), "b3", "--partitions", "3", "--bootstrap",
        Integer.toString(R), "--seed", Long.toString(SEED), "--top", "2"));
    CliRun run1 = CliRun.of(PanopticJobTest.args(tmp.resolve("p1"), "b1", "--partitions", "1", "--bootstrap",
        Integer.toString(R), "--seed", Long.toString(SEED), "--quiet"));
    assertEquals(Main.OK, run3.exitCode, run3.toString());
    assertEquals(Main.OK, run1.exitCode, run1.toString());
    s3 = TestJson.map(TestJson.read(tmp.resolve("p3").resolve("summary.json")));
    s1 = TestJson.map(TestJson.read(tmp.resolve("p1").resolve("summary.json")));
  }



  @Test
  void sameBitsOnAnyPartitioning() {
    assertEquals(s1.get("ci").toString(), s3.get("ci").toString());
    assertEquals(s1.get("per_class").toString(), s3.get("per_class").toString());
  }

  @Test
  void intervalsEqualANaiveBootstrapOfThePerImageCounts() {
    List<Row> rows = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("per_image").toString())
        .select("image_id", "category_id", "tp", "fp", "fn", "iou_sum").collectAsList();
    Map<Integer, Integer> index = new HashMap<>();
    List<Object> perClass = TestJson.list(s3.get("per_class"));
    for (int k = 0; k < perClass.size(); k++) {
      index.put(((Number) TestJson.map(perClass.get(k)).get("category_id")).intValue(), k);
    }
    int k0 = perClass.size();
    double[][][] sums = new double[R][k0][4]; // tp, fp, fn, iou
    for (Row row : rows) {
      long key = PoissonWeights.keyOf(String.valueOf(row.get(0)));
      int k = index.get(((Number) row.get(1)).intValue());
      for (int r = 0; r < R; r++) {
        int w = PoissonWeights.weight(SEED, key, r);
        sums[r][k][0] += w * ((Number) row.get(2)).doubleValue();
        sums[r][k][1] += w * ((Number) row.get(3)).doubleValue();
        sums[r][k][2] += w * ((Number) row.get(4)).doubleValue();
        sums[r][k][3] += w * row.getDouble(5);
      }
    }
    double[] pq = new double[R];
    double[][] classPq = new double[k0][R];
    for (int r = 0; r < R; r++) {
      double total = 0;
      int n = 0;
      for (int k = 0; k < k0; k++) {
        double[] c = sums[r][k];
        if (c[0] + c[1] + c[2] == 0) {
          classPq[k][r] = Double.NaN;
          continue;
        }
        classPq[k][r] = c[3] / (c[0] + 0.5 * c[1] + 0.5 * c[2]);
        total += classPq[k][r];
        n++;
      }
      pq[r] = n == 0 ? Double.NaN : total / n;
    }
    List<Object> ci = TestJson.list(TestJson.map(s3.get("ci")).get("PQ"));
    assertEquals(NumpyPercentile.of(pq, 0.025), (Double) ci.get(0), 1e-12);
    assertEquals(NumpyPercentile.of(pq, 0.975), (Double) ci.get(1), 1e-12);
    int checked = 0;
    for (int k = 0; k < k0; k++) {
      Map<String, Object> c = TestJson.map(perClass.get(k));
      if (Arrays.stream(classPq[k]).allMatch(Double::isNaN)) continue;
      assertEquals(NumpyPercentile.of(classPq[k], 0.025), (Double) c.get("pq_lo"), 1e-12, "category " + c.get("category_id"));
      assertEquals(NumpyPercentile.of(classPq[k], 0.975), (Double) c.get("pq_hi"), 1e-12, "category " + c.get("category_id"));
      checked++;
    }
    assertTrue(checked > 0);
    double v = (Double) s3.get("PQ");
    assertTrue((Double) ci.get(0) <= v && v <= (Double) ci.get(1), v + " outside " + ci);
    assertTrue(run3.out.contains("95% bootstrap intervals, " + R + " replicates over images, seed " + SEED), run3.out);
  }
}
