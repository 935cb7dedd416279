package dev.overlap.core.slices;

import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.voc.VocIntervals;
import dev.overlap.core.voc.VocProtocol;
import dev.overlap.core.voc.VocSummary;

/**
 * A protocol's stats per slice, overall and per category, under the protocol's own names: COCO's twelve, keypoints'
 * ten, LVIS's thirteen, bev / 3d's four (a {@link CocoSummary.Stat} layout), or VOC's mAP / AP / AP50 / AP75.
 * Immutable.
 *
 * @param slices the slices (fields, values)
 * @param names the stats' names, in the order of {@code stats} and {@code categoryStats}
 * @param images images evaluated per slice
 * @param stats {@code [slice][stat]}: -1 where undefined (no ground truth in the slice)
 * @param categoryStats {@code [slice][category][stat]}: -1 where undefined, and where a stat names no category's
 *     number (VOC's mAP, a mean over classes; LVIS's APr of a category that is not rare)
 * @param numGt {@code [slice][category]}: the ground truths the stats count (COCO-family: non-ignored, area range
 *     "all"; VOC: non-difficult)
 */
public record SliceMetrics(ImageSlices slices, String[] names, long[] images, double[][] stats,
    double[][][] categoryStats, long[][] numGt) {

  /**
   * COCO's twelve from the per-category sums of each slice's curves ({@link CocoIntervals#sums}), added in category
   * order as the bootstrap's replicates are.
   */
  public static SliceMetrics of(ImageSlices slices, long[] images, double[][][] sums, long[][][] counts, long[] npig,
      int numAreas, int areaAll) {
    return of(slices, images, sums, counts, npig, numAreas, areaAll, null);
  }

  /**
   * The stats of a layout from the per-category sums of each slice's curves ({@link CocoIntervals#sums} with the
   * same layout), summarized as a bootstrap replicate is ({@link CocoIntervals#fromSums}: LVIS's APr / APc / APf
   * average their frequency group only).
   *
   * @param sums {@code [category][slice][stat]}
   * @param counts {@code [category][slice][stat]}
   * @param npig {@code [(k * S + slice) * A + a]}
   * @param numAreas A
   * @param areaAll the index of area range "all" (or the first range)
   * @param layout keypoints' ten, LVIS's thirteen, bev / 3d's four; null: COCO's twelve
   */
  public static SliceMetrics of(ImageSlices slices, long[] images, double[][][] sums, long[][][] counts, long[] npig,
      int numAreas, int areaAll, CocoSummary.Stat[] layout) {
    int s0 = slices.size();
    CocoIntervals iv = CocoIntervals.fromSums(0.95, s0, sums, counts, layout);
    int k0 = sums.length;
    long[][] numGt = new long[s0][k0];
    for (int s = 0; s < s0; s++) {
      for (int k = 0; k < k0; k++) numGt[s][k] = npig[(k * s0 + s) * numAreas + areaAll];
    }
    String[] names = CocoSummary.NAMES.clone();
    if (layout != null) {
      names = new String[layout.length];
      for (int i = 0; i < names.length; i++) names[i] = layout[i].name();
    }
    return new SliceMetrics(slices, names, images.clone(), iv.replicateStats(), iv.replicateCategoryStats(), numGt);
  }

  /**
   * VOC's headline ({@link VocSummary#METRICS}) per slice from every class's AP in each slice, summarized as a
   * bootstrap replicate is ({@link VocIntervals}: a class without non-difficult ground truth in the slice is out of
   * its means). A class's stats are {@code AP} (its mean over the IoU thresholds, Detectron2's per-class AP),
   * {@code AP50} and {@code AP75}; its {@code mAP} is -1. NaN (undefined) becomes -1.
   *
   * @param ap {@code ap[k][slice * T + t]} ({@link dev.overlap.core.voc.VocBootstrap#ap} with the slices as weights)
   * @param npos {@code npos[k][slice]}: non-difficult ground truths of class k in the slice
   */
  public static SliceMetrics ofVoc(ImageSlices slices, long[] images, VocProtocol protocol, double[][] ap,
      long[][] npos) {
    double[] thr = VocProtocol.thresholds();
    VocIntervals iv = VocIntervals.of(protocol, thr, ap, npos, 0.95);
    int s0 = slices.size();
    int k0 = ap.length;
    int t50 = index(thr, 0.5), t75 = index(thr, 0.75);
    String[] names = VocSummary.METRICS.clone();
    double[][] stats = new double[s0][names.length];
    double[][][] perClass = new double[s0][k0][names.length];
    long[][] numGt = new long[s0][k0];
    for (int s = 0; s < s0; s++) {
      for (int i = 0; i < names.length; i++) stats[s][i] = undefined(iv.replicateStats()[s][i]);
      for (int k = 0; k < k0; k++) {
        double[] a = iv.replicateClassAp()[s][k];
        perClass[s][k][0] = -1;
        perClass[s][k][1] = undefined(iv.replicateClassMean()[s][k]);
        perClass[s][k][2] = t50 < 0 ? -1 : undefined(a[t50]);
        perClass[s][k][3] = t75 < 0 ? -1 : undefined(a[t75]);
        numGt[s][k] = npos[k][s];
      }
    }
    return new SliceMetrics(slices, names, images.clone(), stats, perClass, numGt);
  }

  /** Index of stat {@code name}, or -1. */
  public int index(String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
    return -1;
  }

  private static int index(double[] thr, double v) {
    for (int t = 0; t < thr.length; t++) if (thr[t] == v) return t;
    return -1;
  }

  private static double undefined(double v) {
    return Double.isNaN(v) ? -1 : v;
  }
}
