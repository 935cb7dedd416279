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

  /** The stats of every replicate from all categories' curves (category index = position), and the intervals. */
  static CocoIntervals of(CocoParams p, CocoSummary.Stat[] layout, BootstrapCurves[] curves, double confidence) {
    int reps = curves.length == 0 ? 0 : curves[0].replicates();
    int s0 = layout == null ? CocoSummary.NAMES.length : layout.length;
    double[][][] sums = new double[curves.length][reps][s0];
    long[][][] counts = new long[curves.length][reps][s0];
    double[] prec = new double[p.numRecallThresholds()];
    for (int k = 0; k < curves.length; k++) {
      for (int rep = 0; rep < reps; rep++) sums(p, layout, curves[k], rep, sums[k][rep], counts[k][rep], prec);
    }
    return fromSums(confidence, reps, sums, counts, layout);
  }

  /**
   * The stats and intervals from per-category sums ({@link #sums}): a category's stat is its sum over its count;
   * an overall stat adds the categories' sums and counts in category order (so the categories may be summed
   * anywhere, in any grouping, and arrive here in order).
   *
   * @param sums {@code [category][replicate][stat]}
   * @param counts {@code [category][replicate][stat]}: the entries summed (0: the stat is -1)
   */
  public static CocoIntervals fromSums(double confidence, int reps, double[][][] sums, long[][][] counts) {
    return fromSums(confidence, reps, sums, counts, null);
  }

  /**
   * As {@link #fromSums(double, int, double[][][], long[][][])} for the stats of a layout, whose stat s may average
   * a group of categories only ({@link CocoSummary.Stat#categories()}, ascending indexes): LVIS's APr / APc / APf. A
   * category outside a stat's group has -1 there.
   *
   * @param layout the stats summed by {@link #sums(CocoParams, CocoSummary.Stat[], BootstrapCurves, int, double[],
   *     long[], double[])}; null: COCO's twelve
   */
  public static CocoIntervals fromSums(double confidence, int reps, double[][][] sums, long[][][] counts,
      CocoSummary.Stat[] layout) {
    int k0 = sums.length;
    int s0 = layout != null ? layout.length : CocoSummary.NAMES.length;
    double[][] stats = new double[reps][s0];
    double[][][] perCat = new double[reps][k0][s0];
    for (int rep = 0; rep < reps; rep++) {
      for (int s = 0; s < s0; s++) {
        double sum = 0;
        long n = 0;
        int[] group = layout == null ? null : layout[s].categories();
        for (int k = 0; k < k0; k++) {
          if (group != null && java.util.Arrays.binarySearch(group, k) < 0) {
            perCat[rep][k][s] = -1;
            continue;
          }
          sum += sums[k][rep][s];
          n += counts[k][rep][s];
          perCat[rep][k][s] = counts[k][rep][s] == 0 ? -1 : sums[k][rep][s] / counts[k][rep][s];
        }
        stats[rep][s] = n == 0 ? -1 : sum / n;
      }
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

  /**
   * One category's contribution to the twelve stats of one replicate, with CocoSummary's choices of IoU threshold,
   * area range and maxDets: the sum of the precision (AP) or recall (AR) entries it adds to summarize's mean, and
   * how many. A category without a non-ignored ground truth in the range adds none (its entries are -1).
   *
   * @param prec scratch of length R (recall thresholds)
   */
  public static void sums(CocoParams p, BootstrapCurves c, int rep, double[] sums, long[] counts, double[] prec) {
    sums(p, null, c, rep, sums, counts, prec);
  }

  /**
   * As {@link #sums(CocoParams, BootstrapCurves, int, double[], long[], double[])} for the stats of a layout
   * ({@link CocoSummary.Stat}: keypoints' ten, LVIS's thirteen; group restrictions are applied by
   * {@link #fromSums(double, int, double[][][], long[][][], CocoSummary.Stat[])}); null: COCO's twelve.
   */
  public static void sums(CocoParams p, CocoSummary.Stat[] layout, BootstrapCurves c, int rep, double[] sums,
      long[] counts, double[] prec) {
    if (layout != null) {
      for (int i = 0; i < layout.length; i++) {
        CocoSummary.Stat s = layout[i];
        add(p, c, rep, i, s.ap(), s.iouThr(), s.area(), s.maxDets(), sums, counts, prec);
      }
      return;
    }
    int m0 = p.numMaxDets();
    int m1 = p.maxDets(Math.min(1, m0 - 1));
    int m2 = p.maxDets(Math.min(2, m0 - 1));
    int mFirst = p.maxDets(0);
    add(p, c, rep, 0, true, Double.NaN, "all", 100, sums, counts, prec);
    add(p, c, rep, 1, true, 0.5, "all", m2, sums, counts, prec);
    add(p, c, rep, 2, true, 0.75, "all", m2, sums, counts, prec);
    add(p, c, rep, 3, true, Double.NaN, "small", m2, sums, counts, prec);
    add(p, c, rep, 4, true, Double.NaN, "medium", m2, sums, counts, prec);
    add(p, c, rep, 5, true, Double.NaN, "large", m2, sums, counts, prec);
    add(p, c, rep, 6, false, Double.NaN, "all", mFirst, sums, counts, prec);
    add(p, c, rep, 7, false, Double.NaN, "all", m1, sums, counts, prec);
    add(p, c, rep, 8, false, Double.NaN, "all", m2, sums, counts, prec);
    add(p, c, rep, 9, false, Double.NaN, "small", m2, sums, counts, prec);
    add(p, c, rep, 10, false, Double.NaN, "medium", m2, sums, counts, prec);
    add(p, c, rep, 11, false, Double.NaN, "large", m2, sums, counts, prec);
  }

  private static void add(CocoParams p, BootstrapCurves c, int rep, int stat, boolean ap, double iouThr,
      String areaLabel, int maxDets, double[] sums, long[] counts, double[] prec) {
    int a = p.areaIndex(areaLabel);
    int m = p.maxDetsIndex(maxDets);
    if (a < 0 || m < 0 || !c.counts(rep, a)) return;
    int r0 = p.numRecallThresholds();
    double sum = 0;
    long n = 0;
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
    sums[stat] = sum;
    counts[stat] = n;
  }
}
