package dev.overlap.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Intervals against numpy 2.4's percentile / nanpercentile (values printed by numpy, written here as literals). */
class PercentilesTest {

  /** np.linspace(0, 1, 201) ** 2 */
  private static double[] squares() {
    double[] b = new double[201];
    for (int i = 0; i < b.length; i++) {
      double y = i * (1.0 / 200);
      b[i] = y * y;
    }
    return b;
  }

  @ParameterizedTest
  @CsvSource({
      "0.95, 0.0006250000000000001, 0.9506249999999999",
      "0.90, 0.0025000000000000005, 0.9025000000000001",
      "0.99, 2.5e-05, 0.990025"})
  void equalsNumpyPercentile(double confidence, double lo, double hi) {
    double[] v = squares();
    // shuffled order: the interval sorts
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (int i = v.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    assertArrayEquals(new double[] {lo, hi}, Percentiles.interval(v, v.length, confidence), 0.0);
  }

  @Test
  void leavesOutUndefinedReplicatesAsNanpercentile() {
    double[] a = {0.3, 0.1, Double.NaN, 0.7, 0.2, 0.25, 0.9, 0.4, 0.55, 0.61, 0.33};
    assertArrayEquals(new double[] {0.12250000000000001, 0.8550000000000001}, Percentiles.interval(a, a.length, 0.95), 0.0);
    assertEquals(10, Percentiles.defined(a, a.length));
    assertTrue(Double.isNaN(Percentiles.interval(new double[] {Double.NaN, Double.NaN}, 2, 0.95)[0]));
  }

  @Test
  void twoValuesInterpolateBothWays() {
    // numpy _lerp takes b - (b - a)(1 - t) above t = 0.5: 0.9012345678 is that branch's bits
    double[] e = {0.123456789, 0.987654321};
    assertArrayEquals(new double[] {0.20987654220000002, 0.9012345678}, Percentiles.interval(e, 2, 0.8), 0.0);
    assertArrayEquals(new double[] {0.2962962954, 0.8148148146}, Percentiles.interval(e, 2, 0.6), 0.0);
  }

  @Test
  void singleAndConstantValues() {
    assertArrayEquals(new double[] {0.1, 0.1}, Percentiles.interval(new double[] {0.1}, 1, 0.95), 0.0);
    assertArrayEquals(new double[] {1, 1}, Percentiles.interval(new double[] {1, 1, 1}, 3, 0.95), 0.0);
  }

  @Test
  void confidenceMustBeInsideTheUnitInterval() {
    for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> Percentiles.interval(new double[] {1}, 1, c));
    }
  }

  /** Selection gives the bits a sort gives, on ties (few distinct values), sorted / reversed runs and tiny arrays. */
  @Test
  void selectionEqualsSortedQuantile() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    double[] qs = {0, 0.5, 0.95, 0.999, 1};
    for (int iter = 0; iter < 3000; iter++) {
      int m = 1 + r.nextInt(iter < 1000 ? 40 : 3000);
      int distinct = 1 + r.nextInt(iter % 3 == 0 ? 4 : 100000);
      double[] v = new double[m];
      for (int i = 0; i < m; i++) v[i] = Math.sqrt(r.nextInt(distinct));
      if (iter % 7 == 0) java.util.Arrays.sort(v);
      if (iter % 11 == 0) for (int i = 0; i < m / 2; i++) { double t = v[i]; v[i] = v[m - 1 - i]; v[m - 1 - i] = t; }
      double[] sorted = v.clone();
      java.util.Arrays.sort(sorted);
      for (double q : qs) {
        double[] work = v.clone();
        assertEquals(Percentiles.quantile(sorted, m, q), Percentiles.quantileUnsorted(work, m, q), 0.0,
            "iter " + iter + " m " + m + " q " + q);
        java.util.Arrays.sort(work);
        assertArrayEquals(sorted, work, 0.0, "selection only reorders");
      }
    }
  }
}
