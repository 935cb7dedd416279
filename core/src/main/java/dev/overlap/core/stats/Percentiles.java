package dev.overlap.core.stats;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Percentile intervals of replicate values, as {@code numpy.nanpercentile(values, q)} with the default linear
 * method: over the n defined values sorted ascending, position {@code h = (n - 1) q / 100}, value
 * {@code v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h])}.
 */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The central interval holding {@code confidence} of the replicate distribution: the percentiles
   * {@code 100 (1 - confidence) / 2} and {@code 100 (1 + confidence) / 2} of the defined (non-NaN) values.
   *
   * @param values replicate values; NaN marks a replicate where the metric is undefined (not modified)
   * @param n number of values used from the start of {@code values}
   * @return {@code {lo, hi}}, both NaN when no value is defined
   */
  public static double[] interval(double[] values, int n, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    double[] v = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) if (!Double.isNaN(values[i])) v[m++] = values[i];
    if (m == 0) return new double[] {Double.NaN, Double.NaN};
    Arrays.sort(v, 0, m);
    // The tails as a user writes them (0.95 -> percentiles 2.5 and 97.5), computed in decimal from the shortest
    // text of the confidence, so that they equal np.percentile(x, [2.5, 97.5]) bit for bit.
    BigDecimal c = new BigDecimal(Double.toString(confidence));
    BigDecimal two = BigDecimal.valueOf(2);
    double lo = BigDecimal.ONE.subtract(c).divide(two).doubleValue();
    double hi = BigDecimal.ONE.add(c).divide(two).doubleValue();
    return new double[] {quantile(v, m, lo), quantile(v, m, hi)};
  }

  /**
   * Quantile {@code q} (0..1) of {@code v[0, m)} sorted ascending, m >= 1, as {@code numpy.quantile} (linear).
   *
   * @param v values sorted ascending
   * @param m number of values, at least 1
   * @param q quantile in [0, 1]
   * @return the quantile
   */
  public static double quantile(double[] v, int m, double q) {
    double h = (m - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= m - 1) return v[m - 1];
    double f = h - lo;
    // numpy's _lerp: a + (b - a) * t, and b - (b - a) * (1 - t) for t >= 0.5 (exact at both ends)
    double a = v[lo];
    double b = v[lo + 1];
    double d = b - a;
    return f >= 0.5 ? b - d * (1 - f) : a + d * f;
  }

  /**
   * As {@link #quantile}, on values in any order, found by selection instead of a sort (linear time on
   * average): {@code v[0, m)} is reordered. The two closest ranks are the values a sort would put there,
   * so the result has the same bits as {@code quantile} after {@code Arrays.sort}.
   *
   * @param v values, not NaN; reordered
   * @param m number of values, at least 1
   * @param q quantile in [0, 1]
   * @return the quantile
   */
  public static double quantileUnsorted(double[] v, int m, double q) {
    double h = (m - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= m - 1) {
      double max = v[0];
      for (int i = 1; i < m; i++) max = Math.max(max, v[i]);
      return max;
    }
    select(v, 0, m, lo);
    // everything right of lo is >= v[lo]: the next rank is their minimum
    double b = v[lo + 1];
    for (int i = lo + 2; i < m; i++) b = Math.min(b, v[i]);
    double f = h - lo;
    double a = v[lo];
    double d = b - a;
    return f >= 0.5 ? b - d * (1 - f) : a + d * f;
  }

  /**
   * Moves the {@code k}-th smallest of {@code v[from, to)} to {@code v[k]}, smaller or equal values left
   * of it and larger or equal right: Hoare partitions around a median of three (equal keys split evenly,
   * so long runs of equal distances stay linear); a range that keeps shrinking too slowly is sorted.
   */
  static void select(double[] v, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    int budget = 2 * (32 - Integer.numberOfLeadingZeros(to - from));
    while (hi - lo > 16) {
      if (budget-- == 0) {
        Arrays.sort(v, lo, hi + 1);
        return;
      }
      int mid = (lo + hi) >>> 1;
      if (v[mid] < v[lo]) swap(v, mid, lo);
      if (v[hi] < v[lo]) swap(v, hi, lo);
      if (v[hi] < v[mid]) swap(v, hi, mid);
      double pivot = v[mid];
      int i = lo - 1;
      int j = hi + 1;
      while (true) {
        do i++; while (v[i] < pivot);
        do j--; while (v[j] > pivot);
        if (i >= j) break;
        swap(v, i, j);
      }
      // v[lo, j] <= pivot <= v[j + 1, hi]
      if (k <= j) hi = j;
      else lo = j + 1;
    }
    // insertion sort of the last few
    for (int i = lo + 1; i <= hi; i++) {
      double x = v[i];
      int j = i - 1;
      while (j >= lo && v[j] > x) {
        v[j + 1] = v[j];
        j--;
      }
      v[j + 1] = x;
    }
  }

  private static void swap(double[] v, int i, int j) {
    double t = v[i];
    v[i] = v[j];
    v[j] = t;
  }

  /** How many of {@code values[0, n)} are defined (not NaN). */
  public static int defined(double[] values, int n) {
    int m = 0;
    for (int i = 0; i < n; i++) if (!Double.isNaN(values[i])) m++;
    return m;
  }
}
