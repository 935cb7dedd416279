package dev.overlap.core.box;

/**
 * Intersection over union of axis-aligned boxes, bit-identical to pycocotools' {@code maskApi.c#bbIou}.
 *
 * <p>Boxes are {@code [x, y, w, h]} at stride 4; see the package documentation for layouts.
 */
public final class BoxIou {
  private BoxIou() {}

  /**
   * IoU of every detection box against every ground-truth box, as {@code maskApi.c#bbIou}.
   *
   * <p>For each pair: {@code w = min(D.x + D.w, G.x + G.w) - max(D.x, G.x)} and likewise {@code h};
   * when either is {@code <= 0} the IoU is 0; otherwise {@code i = w * h} and the IoU is
   * {@code i / u} with {@code u = D.w * D.h + G.w * G.h - i}, or {@code u = D.w * D.h} when the
   * ground truth is a crowd. The sums are formed in the same order as {@code bbIou}, so the doubles
   * are the same bits. Allocates nothing.
   *
   * @param dt detection boxes, {@code [x, y, w, h]} at stride 4, at least {@code 4 * m} values
   * @param m number of detections
   * @param gt ground-truth boxes, stride 4, at least {@code 4 * n} values
   * @param n number of ground truths
   * @param crowd {@code crowd[g]} marks ground truth {@code g} as a crowd region; null means none is
   * @param out receives the IoU of detection {@code d} and ground truth {@code g} at {@code g * m + d};
   *     at least {@code m * n} values
   * @throws IllegalArgumentException if a count is negative or an array is too short
   */
  public static void iou(double[] dt, int m, double[] gt, int n, boolean[] crowd, double[] out) {
    checkBoxes("dt", dt, m);
    checkBoxes("gt", gt, n);
    if (crowd != null && crowd.length < n) {
      throw new IllegalArgumentException("crowd has " + crowd.length + " flags, expected at least " + n);
    }
    if (out == null || out.length < (long) m * n) {
      throw new IllegalArgumentException("out has " + (out == null ? 0 : out.length)
          + " values, expected at least m*n = " + (long) m * n);
    }
    for (int g = 0; g < n; g++) {
      int go = 4 * g;
      double gx = gt[go];
      double gy = gt[go + 1];
      double gw = gt[go + 2];
      double gh = gt[go + 3];
      double ga = gw * gh;
      double gxe = gw + gx;
      double gye = gh + gy;
      boolean isCrowd = crowd != null && crowd[g];
      int row = g * m;
      for (int d = 0; d < m; d++) {
        int dd = 4 * d;
        double dx = dt[dd];
        double dy = dt[dd + 1];
        double dw = dt[dd + 2];
        double dh = dt[dd + 3];
        // bbIou adds width to x (D[2]+D[0]); the order is kept although + commutes in IEEE 754.
        double w = Math.min(dw + dx, gxe) - Math.max(dx, gx);
        if (w <= 0) {
          out[row + d] = 0;
          continue;
        }
        double h = Math.min(dh + dy, gye) - Math.max(dy, gy);
        if (h <= 0) {
          out[row + d] = 0;
          continue;
        }
        double da = dw * dh;
        double i = w * h;
        double u = isCrowd ? da : da + ga - i;
        out[row + d] = i / u;
      }
    }
  }

  /**
   * Area {@code w * h} of box {@code i} in a stride-4 array: the detection area pycocotools' {@code loadRes}
   * assigns to a box result, and the {@code da}/{@code ga} of {@code maskApi.c#bbIou}.
   *
   * @param boxes boxes {@code [x, y, w, h]} at stride 4
   * @param i index of the box
   * @return {@code boxes[4i + 2] * boxes[4i + 3]}
   */
  public static double area(double[] boxes, int i) {
    return boxes[4 * i + 2] * boxes[4 * i + 3];
  }

  private static void checkBoxes(String name, double[] boxes, int count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " count is " + count + ", expected >= 0");
    }
    if (count > 0 && (boxes == null || boxes.length < 4L * count)) {
      throw new IllegalArgumentException(name + " has " + (boxes == null ? 0 : boxes.length)
          + " values, expected at least 4*" + count + " = " + 4L * count);
    }
  }
}
