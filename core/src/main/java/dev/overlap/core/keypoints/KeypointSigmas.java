package dev.overlap.core.keypoints;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-keypoint OKS constants (pycocotools' {@code kpt_oks_sigmas}) of each category: one array for every
 * category (COCO's 17 person keypoints by default, as pycocotools uses them for all categories), or one
 * array per category id for datasets with other skeletons. Immutable.
 */
public final class KeypointSigmas implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * COCO's 17 constants: {@code np.array([.26, .25, ...]) / 10.0} in cocoeval.py#Params.setKpParams, i.e.
   * each written value divided by 10 in double arithmetic (so 0.026000000000000002, 0.034999999999999996).
   */
  private static final double[] COCO = divideBy10(new double[] {
      .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89});

  private final double[] all; // null: per category only
  private final long[] ids; // sorted
  private final double[][] perCategory; // aligned with ids

  private KeypointSigmas(double[] all, long[] ids, double[][] perCategory) {
    this.all = all;
    this.ids = ids;
    this.perCategory = perCategory;
  }

  private static double[] divideBy10(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] / 10.0;
    return out;
  }

  /** COCO's 17 person-keypoint constants for every category (pycocotools' default). */
  public static KeypointSigmas coco() {
    return new KeypointSigmas(COCO.clone(), new long[0], new double[0][]);
  }

  /** COCO's 17 constants (copy). */
  public static double[] cocoSigmas() {
    return COCO.clone();
  }

  /**
   * Constants per category, with an optional array for categories not listed.
   *
   * @param ids category ids, unique
   * @param sigmas one array per id, each non-empty with finite values above 0
   * @param others the array for every other category, or null: other categories are not covered
   * @throws IllegalArgumentException naming the category whose constants are not valid
   */
  public static KeypointSigmas of(long[] ids, double[][] sigmas, double[] others) {
    if (ids.length != sigmas.length) throw new IllegalArgumentException("one sigma array per category id is needed");
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    long[] sortedIds = new long[ids.length];
    double[][] sorted = new double[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      sortedIds[i] = ids[order[i]];
      if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
        throw new IllegalArgumentException("category " + sortedIds[i] + " is given twice");
      }
      sorted[i] = check(sigmas[order[i]], "category " + sortedIds[i]);
    }
    return new KeypointSigmas(others == null ? null : check(others, "the default"), sortedIds, sorted);
  }

  private static double[] check(double[] s, String who) {
    if (s == null || s.length == 0) throw new IllegalArgumentException(who + ": at least one sigma is needed");
    for (double v : s) {
      if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(who + ": sigma " + v + " is not a finite number above 0");
    }
    return s.clone();
  }

  /** The constants of a category (do not modify), or null when the category is not covered. */
  public double[] forCategory(long categoryId) {
    int p = Arrays.binarySearch(ids, categoryId);
    return p >= 0 ? perCategory[p] : all;
  }

  /** Whether every category has constants. */
  public boolean coversAll() {
    return all != null;
  }

  @Override
  public String toString() {
    if (ids.length == 0) return Arrays.equals(all, COCO) ? "coco17" : "all:" + all.length;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ids.length; i++) b.append(i == 0 ? "" : ",").append(ids[i]).append(':').append(perCategory[i].length);
    if (all != null) b.append(",other:").append(all.length);
    return b.toString();
  }
}
