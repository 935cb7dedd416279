package dev.overlap.jobs.compare;

import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.stats.Percentiles;

/**
 * Paired differences of two bootstrap runs made with the same weights. Immutable.
 *
 * @param delta candidate - baseline on the full set, per stat; NaN where either side is undefined
 * @param interval per stat {@code {lo, hi}} of the replicate differences; NaN where no replicate defines both
 * @param categoryDelta {@code [category][stat]}
 * @param categoryInterval {@code [category][stat] = {lo, hi}}
 */
public record Comparison(double[] baseline, double[] candidate, double[] delta, double[][] interval,
    double[][] categoryBaseline, double[][] categoryCandidate, double[][] categoryDelta,
    double[][][] categoryInterval) {

  /** Whether the interval of stat s excludes 0 (an undefined interval is never significant). */
  public static boolean significant(double[] interval) {
    return interval[0] > 0 || interval[1] < 0;
  }

  /**
   * The differences of the full-set stats and of every replicate.
   *
   * @param a the baseline's full-set stats and per category ({@code [k][stat]}), -1 where undefined
   * @param ra the baseline's replicates
   */
  static Comparison of(double[] a, double[][] ak, CocoIntervals ra, double[] b, double[][] bk, CocoIntervals rb) {
    int s0 = a.length;
    int k0 = ak.length;
    int reps = ra.replicates();
    double[] col = new double[reps];
    double[] delta = new double[s0];
    double[][] iv = new double[s0][];
    for (int s = 0; s < s0; s++) {
      delta[s] = diff(a[s], b[s]);
      for (int rep = 0; rep < reps; rep++) col[rep] = diff(ra.replicateStats()[rep][s], rb.replicateStats()[rep][s]);
      iv[s] = Percentiles.interval(col, reps, ra.confidence());
    }
    double[][] kd = new double[k0][s0];
    double[][][] kiv = new double[k0][s0][];
    for (int k = 0; k < k0; k++) {
      for (int s = 0; s < s0; s++) {
        kd[k][s] = diff(ak[k][s], bk[k][s]);
        for (int rep = 0; rep < reps; rep++) {
          col[rep] = diff(ra.replicateCategoryStats()[rep][k][s], rb.replicateCategoryStats()[rep][k][s]);
        }
        kiv[k][s] = Percentiles.interval(col, reps, ra.confidence());
      }
    }
    return new Comparison(a, b, delta, iv, ak, bk, kd, kiv);
  }

  /** b - a where both are defined (COCO's -1 is undefined), else NaN. */
  static double diff(double a, double b) {
    return a > -1 && b > -1 ? b - a : Double.NaN;
  }
}
