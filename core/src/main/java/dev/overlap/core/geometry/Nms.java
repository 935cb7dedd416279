package dev.overlap.core.geometry;

/**
 * Non-maximum suppression as torchvision's CPU kernel ({@code csrc/ops/cpu/nms_kernel.cpp}) computes it
 * on float64 boxes {@code [x1, y1, x2, y2]} (stride 4).
 *
 * <p>Boxes are visited by score descending with a <em>stable</em> order (equal scores: lower index
 * first); a box not yet suppressed is kept and suppresses every later box whose overlap
 * {@code inter / (area_i + area_j - inter)} is strictly greater than the threshold. An overlap equal to
 * the threshold, and a NaN overlap (two zero-area boxes), suppress nothing; suppressed boxes suppress
 * nothing.
 */
public final class Nms {
  private Nms() {}

  /**
   * Runs NMS over {@code n} boxes.
   *
   * @param boxes {@code [x1, y1, x2, y2]} at stride 4
   * @param scores one score per box (NaN-free)
   * @param n number of boxes
   * @param threshold overlap threshold in [0, 1]
   * @param keep receives the kept indices in decreasing score order (ties: lower index first); at least
   *     {@code n} values
   * @return the number of kept boxes
   */
  public static int nms(double[] boxes, double[] scores, int n, double threshold, int[] keep) {
    if (n < 0 || boxes.length < 4L * n || scores.length < n || keep.length < n) {
      throw new IllegalArgumentException("arrays too short for n = " + n);
    }
    if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold " + threshold + " is not in [0, 1]");
    int[] order = ScoreOrder.descending(scores, n);
    double[] area = new double[n];
    for (int i = 0; i < n; i++) area[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
    boolean[] suppressed = new boolean[n];
    int kept = 0;
    for (int oi = 0; oi < n; oi++) {
      int i = order[oi];
      if (suppressed[i]) continue;
      keep[kept++] = i;
      double ix1 = boxes[4 * i], iy1 = boxes[4 * i + 1], ix2 = boxes[4 * i + 2], iy2 = boxes[4 * i + 3];
      double iarea = area[i];
      for (int oj = oi + 1; oj < n; oj++) {
        int j = order[oj];
        if (suppressed[j]) continue;
        double w = Math.max(0, Math.min(ix2, boxes[4 * j + 2]) - Math.max(ix1, boxes[4 * j]));
        double h = Math.max(0, Math.min(iy2, boxes[4 * j + 3]) - Math.max(iy1, boxes[4 * j + 1]));
        double inter = w * h;
        double ovr = inter / (iarea + area[j] - inter);
        if (ovr > threshold) suppressed[j] = true;
      }
    }
    return kept;
  }

  /**
   * NMS with the same visiting order and rule as {@link #nms(double[], double[], int, double, int[])} over
   * overlaps computed beforehand, e.g. BEV or 3D IoU of rotated boxes.
   *
   * @param overlap {@code overlap[j * n + i]} is the overlap of boxes {@code i} and {@code j} (symmetric)
   */
  public static int nmsMatrix(double[] overlap, double[] scores, int n, double threshold, int[] keep) {
    if (n < 0 || overlap.length < (long) n * n || scores.length < n || keep.length < n) {
      throw new IllegalArgumentException("arrays too short for n = " + n);
    }
    if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold " + threshold + " is not in [0, 1]");
    int[] order = ScoreOrder.descending(scores, n);
    boolean[] suppressed = new boolean[n];
    int kept = 0;
    for (int oi = 0; oi < n; oi++) {
      int i = order[oi];
      if (suppressed[i]) continue;
      keep[kept++] = i;
      for (int oj = oi + 1; oj < n; oj++) {
        int j = order[oj];
        if (!suppressed[j] && overlap[j * n + i] > threshold) suppressed[j] = true;
      }
    }
    return kept;
  }

  /**
   * The NMS overlap of boxes {@code i} and {@code j} (stride 4): {@code inter / (area_i + area_j - inter)},
   * NaN when both have zero area.
   */
  static double overlap(double[] boxes, int i, int j) {
    double ai = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
    double aj = (boxes[4 * j + 2] - boxes[4 * j]) * (boxes[4 * j + 3] - boxes[4 * j + 1]);
    double w = Math.max(0, Math.min(boxes[4 * i + 2], boxes[4 * j + 2]) - Math.max(boxes[4 * i], boxes[4 * j]));
    double h = Math.max(0, Math.min(boxes[4 * i + 3], boxes[4 * j + 3]) - Math.max(boxes[4 * i + 1], boxes[4 * j + 1]));
    double inter = w * h;
    return inter / (ai + aj - inter);
  }
}
