package dev.overlap.core.voc;

import dev.overlap.core.coco.CocoSummary;

/**
 * {@code voc_eval}'s {@code voc_ap} on a {@link VocCurve}: {@code rec = tp / npos},
 * {@code prec = tp / max(tp + fp, eps)} in doubles.
 */
public final class VocAp {
  /** numpy {@code np.finfo(np.float64).eps}. */
  static final double EPS = Math.ulp(1.0);

  private VocAp() {}

  /**
   * The AP of one class at one threshold.
   *
   * @param npos the class's non-difficult ground truths; must be positive
   * @return 11-point ({@link VocProtocol#VOC07}) or all-point ({@link VocProtocol#VOC12}) AP
   */
  public static double ap(VocCurve c, long npos, VocProtocol protocol) {
    if (npos <= 0) throw new IllegalArgumentException("npos must be positive, got " + npos);
    int n = c.truePositives();
    // envelope at each true positive: the best precision from there to the end of the curve
    double[] env = new double[n];
    double run = 0;
    for (int i = n - 1; i >= 0; i--) {
      double tp = i + 1;
      double p = tp / Math.max(tp + (double) c.falsePositivesAt(i), EPS);
      if (p > run) run = p;
      env[i] = run;
    }
    double np = (double) npos;
    if (protocol == VocProtocol.VOC07) {
      double ap = 0.0;
      for (int g = 0; g < 11; g++) {
        double thr = g * 0.1; // numpy arange(0, 1.1, 0.1): element i is i * 0.1
        // the first point with rec >= thr: the start of the curve for thr <= 0 (rec >= 0 everywhere), else a TP
        double p = 0.0;
        if (thr <= 0) {
          p = n > 0 ? env[0] : 0.0;
        } else {
          for (int i = 0; i < n; i++) {
            if ((i + 1) / np >= thr) {
              p = env[i];
              break;
            }
          }
        }
        ap = ap + p / 11.0;
      }
      return ap;
    }
    // all-point: np.sum over the points where recall changes of (mrec[i+1] - mrec[i]) * mpre[i+1], with the
    // sentinel (1, 0) at the end; its term is 0.0 but it takes a place in numpy's pairwise order
    boolean sentinel = n / np != 1.0;
    double[] terms = new double[n + (sentinel ? 1 : 0)];
    double prev = 0.0;
    for (int i = 0; i < n; i++) {
      double rec = (i + 1) / np;
      terms[i] = (rec - prev) * env[i];
      prev = rec;
    }
    if (sentinel) terms[n] = (1.0 - prev) * 0.0;
    return CocoSummary.pairwiseSum(terms, 0, terms.length);
  }
}
