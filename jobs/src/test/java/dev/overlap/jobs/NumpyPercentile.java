package dev.overlap.jobs;

import java.util.Arrays;

/**
 * numpy's {@code nanpercentile} with the default linear method, written out for tests to recompute intervals
 * independently of {@link dev.overlap.core.stats.Percentiles}.
 */
public final class NumpyPercentile {
  private NumpyPercentile() {}

  /** The q-quantile (q in [0, 1]) of the values that are not NaN. */
  public static double of(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    double h = (v.length - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= v.length - 1) return v[v.length - 1];
    double t = h - lo;
    double d = v[lo + 1] - v[lo];
    // numpy's _lerp: from the upper end when t >= 0.5
    return t >= 0.5 ? v[lo + 1] - d * (1 - t) : v[lo] + d * t;
  }
}
