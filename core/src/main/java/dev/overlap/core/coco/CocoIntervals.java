package dev.overlap.core.coco;

import dev.overlap.core.stats.Percentiles;
import java.io.Serializable;

/**
 * Bootstrap replicates of the twelve COCO stats ({@link CocoSummary#NAMES}), overall and per category, and their
 * percentile intervals. Immutable.
 *
 * @param confidence the intervals' coverage
 * @param replicateStats {@code [replicate][stat]}: each replicate's twelve stats (-1 where nothing is averaged)
 * @param replicateCategoryStats {@code [replicate][category][stat]}
 * @param intervals {@code [stat] = {lo, hi}}, NaN where no replicate defines the stat
 * @param categoryIntervals {@code [category][stat] = {lo, hi}}
 */
public record CocoIntervals(double confidence, double[][] replicateStats, double[][][] replicateCategoryStats,
    double[][] intervals, double[][][] categoryIntervals) implements Serializable {

  /** Number of replicates. */
  public int replicates() {
    return replicateStats.length;
  }

  /** The stats of every replicate from its curves, and the intervals. */
  static CocoIntervals of(CocoParams p, BootstrapCurves[] curves, double confidence) {
    int reps = curves.length == 0 ? 0 : curves[0].replicates();
    int k0 = curves.length;
    int s0 = CocoSummary.NAMES.length;
    double[][] stats = new double[reps][];
    double[][][] perCat = new double[reps][k0][];
    double[] prec = new double[p.numRecallThresholds()];
    for (int rep = 0; rep < reps; rep++) {
      stats[rep] = stats(p, curves, rep, -1, prec);
      for (int k = 0; k < k0; k++) perCat[rep][k] = stats(p, curves, rep, k, prec);
    }
    double[][] iv = new double[s0][];
    double[][][] civ = new double[k0][s0][];
    double[] col = new double[reps];
    for (int s = 0; s < s0; s++) {
      iv[s] = interval(stats, s, -1, col, confidence, perCat);
      for (int k = 0; k < k0; k++) civ[k][s] = interval(stats, s, k, col, confidence, perCat);
    }
    return new CocoIntervals(confidence, stats, perCat, iv, civ);
  }

  private static double[] interval(double[][] stats, int s, int k, double[] col, double confidence,
      double[][][] perCat) {
    int reps = stats.length;
    for (int rep = 0; rep < reps; rep++) {
      double v = k < 0 ? stats[rep][s] : perCat[rep][k][s];
      col[rep] = v > -1 ? v : Double.NaN;
    }
    return Percentiles.interval(col, reps, confidence);
  }

  /** The twelve stats of one replicate, over all categories (k = -1) or one; the choices of CocoSummary. */
  static double[] stats(CocoParams p, BootstrapCurves[] curves, int rep, int k, double[] prec) {
    int m0 = p.numMaxDets();
    int m1 = p.maxDets(Math.min(1, m0 - 1));
    int m2 = p.maxDets(Math.min(2, m0 - 1));
    int mFirst = p.maxDets(0);
    return new double[] {
        mean(p, curves, rep, k, true, Double.NaN, "all", 100, prec),
        mean(p, curves, rep, k, true, 0.5, "all", m2, prec),
        mean(p, curves, rep, k, true, 0.75, "all", m2, prec),
        mean(p, curves, rep, k, true, Double.NaN, "small", m2, prec),
        mean(p, curves, rep, k, true, Double.NaN, "medium", m2, prec),
        mean(p, curves, rep, k, true, Double.NaN, "large", m2, prec),
        mean(p, curves, rep, k, false, Double.NaN, "all", mFirst, prec),
        mean(p, curves, rep, k, false, Double.NaN, "all", m1, prec),
        mean(p, curves, rep, k, false, Double.NaN, "all", m2, prec),
        mean(p, curves, rep, k, false, Double.NaN, "small", m2, prec),
        mean(p, curves, rep, k, false, Double.NaN, "medium", m2, prec),
        mean(p, curves, rep, k, false, Double.NaN, "large", m2, prec)};
  }

  /** summarize's mean over the entries > -1 of one replicate; -1 when there is none. */
  private static double mean(CocoParams p, BootstrapCurves[] curves, int rep, int k, boolean ap, double iouThr,
      String areaLabel, int maxDets, double[] prec) {
    int a = p.areaIndex(areaLabel);
    int m = p.maxDetsIndex(maxDets);
    if (a < 0 || m < 0) return -1;
    int r0 = p.numRecallThresholds();
    double sum = 0;
    long n = 0;
    int kLo = k < 0 ? 0 : k;
    int kHi = k < 0 ? curves.length : k + 1;
    for (int kk = kLo; kk < kHi; kk++) {
      BootstrapCurves c = curves[kk];
      if (!c.counts(rep, a)) continue;
      for (int t = 0; t < p.numIouThresholds(); t++) {
        if (!Double.isNaN(iouThr) && p.iouThreshold(t) != iouThr) continue;
        if (ap) {
          c.precision(rep, a, m, t, prec);
          for (int r = 0; r < r0; r++) sum += prec[r];
          n += r0;
        } else {
          sum += c.recall(rep, a, m, t);
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }
}
