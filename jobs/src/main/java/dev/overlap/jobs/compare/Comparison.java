package dev.overlap.jobs.compare;

import dev.overlap.core.stats.Percentiles;

/**
 * Paired differences of two bootstrap runs made with the same weights, for any task. Undefined values are NaN
 * throughout (COCO's -1 is turned into NaN by the caller). Immutable.
 *
 * @param metrics headline metric names; the first is the one the exit code looks at (AP, mIoU)
 * @param delta candidate - baseline on the full set, per metric; NaN where either side is undefined
 * @param interval per metric {@code {lo, hi}} of the replicate differences; NaN where no replicate defines both
 * @param categoryMetrics per-category metric names (AP, AP50, ... or IoU)
 * @param categoryDelta {@code [category][metric]}
 * @param categoryInterval {@code [category][metric] = {lo, hi}}
 */
public record Comparison(String[] metrics, double[] baseline, double[] candidate, double[] delta, double[][] interval,
    long[] categoryIds, String[] categoryNames, String[] categoryMetrics, double[][] categoryBaseline,
    double[][] categoryCandidate, double[][] categoryDelta, double[][][] categoryInterval, int replicates,
    double confidence) {

  /** Whether an interval excludes 0 (an undefined interval never does). */
  public static boolean significant(double[] interval) {
    return interval[0] > 0 || interval[1] < 0;
  }

  /**
   * @param repA {@code [metric][replicate]} of the baseline; {@code repB} the candidate's, same weights
   * @param ak {@code [category][metric]} full-set values; {@code repAk [category][metric][replicate]}
   */
  static Comparison of(String[] metrics, double[] a, double[] b, double[][] repA, double[][] repB, long[] ids,
      String[] names, String[] catMetrics, double[][] ak, double[][] bk, double[][][] repAk, double[][][] repBk,
      double confidence) {
    int reps = repA.length == 0 ? 0 : repA[0].length;
    double[] col = new double[reps];
    double[] delta = new double[metrics.length];
    double[][] iv = new double[metrics.length][];
    for (int s = 0; s < metrics.length; s++) {
      delta[s] = b[s] - a[s];
      for (int r = 0; r < reps; r++) col[r] = repB[s][r] - repA[s][r];
      iv[s] = Percentiles.interval(col, reps, confidence);
    }
    double[][] kd = new double[ids.length][catMetrics.length];
    double[][][] kiv = new double[ids.length][catMetrics.length][];
    for (int k = 0; k < ids.length; k++) {
      for (int s = 0; s < catMetrics.length; s++) {
        kd[k][s] = bk[k][s] - ak[k][s];
        for (int r = 0; r < reps; r++) col[r] = repBk[k][s][r] - repAk[k][s][r];
        kiv[k][s] = Percentiles.interval(col, reps, confidence);
      }
    }
    return new Comparison(metrics, a, b, delta, iv, ids, names, catMetrics, ak, bk, kd, kiv, reps, confidence);
  }

  /** COCO's -1 (nothing averaged) as NaN. */
  static double coco(double v) {
    return v > -1 ? v : Double.NaN;
  }
}
