package dev.overlap.core.voc;

/** VOC box IoU with the "+1" pixel convention of {@code voc_eval}, from COCO {@code [x, y, w, h]} boxes. */
public final class VocBoxes {
  private VocBoxes() {}

  /**
   * IoU of every detection against every ground truth. Each box {@code [x, y, w, h]} becomes
   * {@code (x1, y1, x2, y2) = (x + 1, y + 1, x + w, y + h)}; then, as {@code voc_eval}:
   * {@code iw = max(min(x2d, x2g) - max(x1d, x1g) + 1, 0)} (likewise ih), {@code inter = iw * ih},
   * {@code union = ((x2d - x1d + 1) * (y2d - y1d + 1) + (x2g - x1g + 1) * (y2g - y1g + 1)) - inter}.
   * The operations keep that order: near a threshold the last bit decides.
   *
   * @param dt detection boxes at stride 4, {@code dt[4 * dFrom ..]}
   * @param dFrom first detection
   * @param nd number of detections
   * @param gt ground-truth boxes at stride 4
   * @param gFrom first ground truth
   * @param ng number of ground truths
   * @param out receives detection d's IoU with GT g at {@code d * ng + g}
   */
  public static void iou(double[] dt, int dFrom, int nd, double[] gt, int gFrom, int ng, double[] out) {
    for (int d = 0; d < nd; d++) {
      int o = 4 * (dFrom + d);
      double dx1 = dt[o] + 1.0;
      double dy1 = dt[o + 1] + 1.0;
      double dx2 = dt[o] + dt[o + 2];
      double dy2 = dt[o + 1] + dt[o + 3];
      double dArea = (dx2 - dx1 + 1.0) * (dy2 - dy1 + 1.0);
      int row = d * ng;
      for (int g = 0; g < ng; g++) {
        int q = 4 * (gFrom + g);
        double gx1 = gt[q] + 1.0;
        double gy1 = gt[q + 1] + 1.0;
        double gx2 = gt[q] + gt[q + 2];
        double gy2 = gt[q + 1] + gt[q + 3];
        double iw = Math.max(Math.min(dx2, gx2) - Math.max(dx1, gx1) + 1.0, 0.0);
        double ih = Math.max(Math.min(dy2, gy2) - Math.max(dy1, gy1) + 1.0, 0.0);
        double inter = iw * ih;
        double union = (dArea + (gx2 - gx1 + 1.0) * (gy2 - gy1 + 1.0)) - inter;
        out[row + g] = inter / union;
      }
    }
  }
}
