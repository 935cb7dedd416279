package dev.overlap.core.panoptic;

/**
 * Immutable panoptic scores from accumulated {@link PqStats}, as panopticapi's
 * {@code PQStat.pq_average}: per category {@code pq = iou/(tp + 0.5 fp + 0.5 fn)},
 * {@code sq = iou/tp} (0 when tp = 0), {@code rq = tp/(tp + 0.5 fp + 0.5 fn)}; the All, Things and
 * Stuff means are plain means over the categories with {@code tp + fp + fn > 0}, summed in
 * category order. A category with no tp, fp or fn is not counted (its scores read as NaN here;
 * pq_compute reports 0.0). A mean over no category is NaN (pq_compute divides by zero).
 */
public final class PqResult {
  /** Which categories a mean covers. */
  public enum Group {
    ALL, THINGS, STUFF
  }

  private final int numCategories;
  private final boolean[] isThing;
  private final long[] tp;
  private final long[] fp;
  private final long[] fn;
  private final double[] iouSum;
  private final double[] pq;
  private final double[] sq;
  private final double[] rq;
  private final double[][] means = new double[3][];
  private final int[] counted = new int[3];

  private PqResult(PqStats stats, boolean[] isThing) {
    int k = stats.numCategories();
    numCategories = k;
    this.isThing = isThing.clone();
    tp = new long[k];
    fp = new long[k];
    fn = new long[k];
    iouSum = new double[k];
    pq = new double[k];
    sq = new double[k];
    rq = new double[k];
    for (int c = 0; c < k; c++) {
      tp[c] = stats.tp(c);
      fp[c] = stats.fp(c);
      fn[c] = stats.fn(c);
      iouSum[c] = stats.iouSum(c);
      if (tp[c] + fp[c] + fn[c] == 0) {
        pq[c] = sq[c] = rq[c] = Double.NaN;
        continue;
      }
      // evaluation.py#pq_average: the same operations in the same order
      double denominator = tp[c] + 0.5 * fp[c] + 0.5 * fn[c];
      pq[c] = iouSum[c] / denominator;
      sq[c] = tp[c] != 0 ? iouSum[c] / tp[c] : 0;
      rq[c] = tp[c] / denominator;
    }
    for (Group g : Group.values()) {
      double p = 0;
      double s = 0;
      double r = 0;
      int n = 0;
      for (int c = 0; c < k; c++) {
        if (!inGroup(c, g) || Double.isNaN(pq[c])) continue;
        p += pq[c];
        s += sq[c];
        r += rq[c];
        n++;
      }
      counted[g.ordinal()] = n;
      means[g.ordinal()] = n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {p / n, s / n, r / n};
    }
  }

  /**
   * Scores of accumulated counts.
   *
   * @param isThing per dense category index: {@code isthing == 1} in the ground truth's categories
   */
  public static PqResult of(PqStats stats, boolean[] isThing) {
    if (isThing.length != stats.numCategories()) {
      throw new IllegalArgumentException(isThing.length + " isthing flags for " + stats.numCategories() + " categories");
    }
    return new PqResult(stats, isThing);
  }

  /** C. */
  public int numCategories() {
    return numCategories;
  }

  /** Whether category {@code c} is a thing. */
  public boolean isThing(int c) {
    return isThing[c];
  }

  /** Whether category {@code c} enters the means ({@code tp + fp + fn > 0}). */
  public boolean counted(int c) {
    return !Double.isNaN(pq[c]);
  }

  public long tp(int c) {
    return tp[c];
  }

  public long fp(int c) {
    return fp[c];
  }

  public long fn(int c) {
    return fn[c];
  }

  /** Sum of the IoUs of category {@code c}'s matches. */
  public double iouSum(int c) {
    return iouSum[c];
  }

  /** PQ of category {@code c}; NaN when not counted. */
  public double pq(int c) {
    return pq[c];
  }

  /** SQ of category {@code c}: 0 when it has no match, NaN when not counted. */
  public double sq(int c) {
    return sq[c];
  }

  /** RQ of category {@code c}; NaN when not counted. */
  public double rq(int c) {
    return rq[c];
  }

  /** Mean PQ over the counted categories of {@code g}; NaN when none. */
  public double pq(Group g) {
    return means[g.ordinal()][0];
  }

  /** Mean SQ over the counted categories of {@code g}. */
  public double sq(Group g) {
    return means[g.ordinal()][1];
  }

  /** Mean RQ over the counted categories of {@code g}. */
  public double rq(Group g) {
    return means[g.ordinal()][2];
  }

  /** Categories averaged in {@code g} (pq_compute's {@code n}). */
  public int counted(Group g) {
    return counted[g.ordinal()];
  }

  private boolean inGroup(int c, Group g) {
    return g == Group.ALL || (g == Group.THINGS) == isThing[c];
  }
}
