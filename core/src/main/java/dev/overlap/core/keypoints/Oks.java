package dev.overlap.core.keypoints;

import dev.overlap.core.coco.CocoSummary;

/**
 * Object Keypoint Similarity between results and ground truths, as cocoeval.py#computeOks.
 *
 * <p>For result d and ground truth g with K keypoints, {@code var_i = (2 sigma_i)^2} and
 * {@code e_i = (dx_i^2 + dy_i^2) / var_i / (area_g + eps) / 2} with {@code eps = np.spacing(1)}. When g
 * has labelled keypoints ({@code v > 0}), {@code dx_i} is the offset to g's keypoint and OKS is the mean
 * of {@code exp(-e_i)} over the labelled ones; when it has none, {@code dx_i} is the distance to g's box
 * grown by its own width and height on every side (0 inside) and the mean runs over all K. Sums follow
 * numpy's pairwise order.
 */
public final class Oks {
  /** {@code np.spacing(1)}: added to the area so a zero-area ground truth does not divide by 0. */
  static final double EPS = 2.220446049250313e-16;

  private Oks() {}

  /**
   * OKS of every (ground truth, result) pair of one image and category.
   *
   * @param dt results' keypoints, {@code 3 * k} per result
   * @param numDt number of results
   * @param gt ground truths' keypoints, {@code 3 * k} per ground truth
   * @param gtBoxes ground truths' boxes, stride 4
   * @param gtArea ground truths' {@code area} fields
   * @param numGt number of ground truths
   * @param sigmas the category's constants, length k
   * @param k keypoints per object
   * @param scratch at least {@code 2 * k} doubles
   * @param out {@code out[g * numDt + d]}, at least {@code numGt * numDt}
   */
  public static void oks(double[] dt, int numDt, double[] gt, double[] gtBoxes, double[] gtArea, int numGt,
      double[] sigmas, int k, double[] scratch, double[] out) {
    assert sigmas.length == k && scratch.length >= 2 * k;
    // scratch[0, k): var_i; scratch[k, 2k): the terms summed
    for (int i = 0; i < k; i++) {
      double s2 = sigmas[i] * 2;
      scratch[i] = s2 * s2;
    }
    for (int g = 0; g < numGt; g++) {
      int go = 3 * k * g;
      int labelled = 0;
      for (int i = 0; i < k; i++) if (gt[go + 3 * i + 2] > 0) labelled++;
      double scale = gtArea[g] + EPS;
      double bx = gtBoxes[4 * g], by = gtBoxes[4 * g + 1], bw = gtBoxes[4 * g + 2], bh = gtBoxes[4 * g + 3];
      double x0 = bx - bw, x1 = bx + bw * 2, y0 = by - bh, y1 = by + bh * 2;
      int row = g * numDt;
      for (int d = 0; d < numDt; d++) {
        int dOff = 3 * k * d;
        int n = 0;
        for (int i = 0; i < k; i++) {
          double xd = dt[dOff + 3 * i], yd = dt[dOff + 3 * i + 1];
          double dx, dy;
          if (labelled > 0) {
            if (!(gt[go + 3 * i + 2] > 0)) continue;
            dx = xd - gt[go + 3 * i];
            dy = yd - gt[go + 3 * i + 1];
          } else {
            dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
            dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
          }
          double e = (dx * dx + dy * dy) / scratch[i] / scale / 2;
          scratch[k + n++] = Math.exp(-e);
        }
        out[row + d] = CocoSummary.pairwiseSum(scratch, k, n) / n;
      }
    }
  }

  /**
   * A result's area from its keypoints (cocoeval-era coco.py#loadRes, keypoints branch): the extent
   * {@code (max x - min x) * (max y - min y)} over all keypoints, whatever their third values.
   */
  public static double extentArea(double[] kpts, int off, int k) {
    double minX = kpts[off], maxX = minX, minY = kpts[off + 1], maxY = minY;
    for (int i = 1; i < k; i++) {
      double x = kpts[off + 3 * i], y = kpts[off + 3 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    return (maxX - minX) * (maxY - minY);
  }

  /**
   * Why a keypoint array does not fit a category of k keypoints, or null when it does: the length must be
   * {@code 3 * k}; ground-truth flags ({@code groundTruth} true) must be 0, 1 or 2.
   */
  public static String problem(double[] kpts, int k, boolean groundTruth) {
    if (kpts.length != 3 * k) {
      return "has " + kpts.length + " values; the category has " + k + " keypoints, so 3 x " + k + " = " + 3 * k
          + " are expected";
    }
    if (groundTruth) {
      for (int i = 0; i < k; i++) {
        double v = kpts[3 * i + 2];
        if (v != 0 && v != 1 && v != 2) {
          return "visibility flag " + v + " of keypoint " + (i + 1) + " is not 0, 1 or 2";
        }
      }
    }
    return null;
  }
}
