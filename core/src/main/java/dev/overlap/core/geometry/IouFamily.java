package dev.overlap.core.geometry;

/**
 * IoU, GIoU, DIoU and CIoU of axis-aligned boxes {@code [x1, y1, x2, y2]}, operation for operation as
 * torchvision.ops ({@code box_iou}, {@code generalized_box_iou}, {@code distance_box_iou},
 * {@code complete_box_iou} in {@code boxes.py}) on float64 tensors.
 *
 * <p>torchvision's quirks are kept because users compare with it: DIoU and CIoU add {@link #EPS} to the
 * squared enclosing diagonal and to CIoU's {@code alpha} denominator (it dominates for boxes of size
 * ~1e-4); two zero-area boxes give NaN everywhere ({@code 0 / 0}); a point ({@code w = h = 0}) gives a
 * NaN CIoU ({@code atan(0 / 0)}). All four are symmetric in the two boxes up to float rounding; the
 * argument order is torchvision's ({@code boxes1}, {@code boxes2}) so that the bits match.
 */
public final class IouFamily {
  private IouFamily() {}

  /** torchvision's default {@code eps} of {@code distance_box_iou} and {@code complete_box_iou}. */
  public static final double EPS = 1e-7;

  /** {@code 4 / pi^2} as Python computes {@code 4 / (torch.pi ** 2)}. */
  private static final double FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

  /** Index of IoU in the output of {@link #all}. */
  public static final int IOU = 0;
  /** Index of GIoU in the output of {@link #all}. */
  public static final int GIOU = 1;
  /** Index of DIoU in the output of {@link #all}. */
  public static final int DIOU = 2;
  /** Index of CIoU in the output of {@link #all}. */
  public static final int CIOU = 3;

  /** {@code box_iou}: {@code inter / (area1 + area2 - inter)}. Box {@code i} of {@code a} at {@code 4 * i}. */
  public static double iou(double[] a, int ao, double[] b, int bo) {
    double area1 = (a[ao + 2] - a[ao]) * (a[ao + 3] - a[ao + 1]);
    double area2 = (b[bo + 2] - b[bo]) * (b[bo + 3] - b[bo + 1]);
    double w = Math.max(Math.min(a[ao + 2], b[bo + 2]) - Math.max(a[ao], b[bo]), 0);
    double h = Math.max(Math.min(a[ao + 3], b[bo + 3]) - Math.max(a[ao + 1], b[bo + 1]), 0);
    double inter = w * h;
    double union = area1 + area2 - inter;
    return inter / union;
  }

  /** {@code generalized_box_iou}: {@code iou - (C - union) / C} with {@code C} the enclosing box's area; no eps. */
  public static double giou(double[] a, int ao, double[] b, int bo) {
    double[] out = new double[4];
    all(a, ao, b, bo, out, 0);
    return out[GIOU];
  }

  /** {@code distance_box_iou}: {@code iou - d2 / (cw^2 + ch^2 + eps)}. */
  public static double diou(double[] a, int ao, double[] b, int bo) {
    double[] out = new double[4];
    all(a, ao, b, bo, out, 0);
    return out[DIOU];
  }

  /** {@code complete_box_iou}: {@code diou - alpha * v}, {@code alpha = v / (1 - iou + v + eps)}. */
  public static double ciou(double[] a, int ao, double[] b, int bo) {
    double[] out = new double[4];
    all(a, ao, b, bo, out, 0);
    return out[CIOU];
  }

  /**
   * All four values of one pair into {@code out[oo + IOU .. oo + CIOU]}, each with torchvision's exact
   * expression order: {@code wh = clamp(rb - lt, min=0)} (NaN stays NaN), {@code union = area1 + area2 - inter},
   * enclosing {@code whi = clamp(rbi - lti, min=0)}, centres {@code (x1 + x2) / 2}, squared distances as
   * {@code dx^2 + dy^2}, {@code v = (4 / pi^2) * (atan(w1 / h1) - atan(w2 / h2))^2}.
   */
  public static void all(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
    double ax1 = a[ao], ay1 = a[ao + 1], ax2 = a[ao + 2], ay2 = a[ao + 3];
    double bx1 = b[bo], by1 = b[bo + 1], bx2 = b[bo + 2], by2 = b[bo + 3];
    double w1 = ax2 - ax1;
    double h1 = ay2 - ay1;
    double w2 = bx2 - bx1;
    double h2 = by2 - by1;
    double area1 = w1 * h1;
    double area2 = w2 * h2;
    double iw = clamp0(Math.min(ax2, bx2) - Math.max(ax1, bx1));
    double ih = clamp0(Math.min(ay2, by2) - Math.max(ay1, by1));
    double inter = iw * ih;
    double union = area1 + area2 - inter;
    double iou = inter / union;
    double cw = clamp0(Math.max(ax2, bx2) - Math.min(ax1, bx1));
    double ch = clamp0(Math.max(ay2, by2) - Math.min(ay1, by1));
    double c = cw * ch;
    double giou = iou - (c - union) / c;
    double diag = cw * cw + ch * ch + EPS;
    double dx = (ax1 + ax2) / 2 - (bx1 + bx2) / 2;
    double dy = (ay1 + ay2) / 2 - (by1 + by2) / 2;
    double d2 = dx * dx + dy * dy;
    double diou = iou - d2 / diag;
    double da = Math.atan(w1 / h1) - Math.atan(w2 / h2);
    double v = FOUR_OVER_PI2 * (da * da);
    double alpha = v / (1 - iou + v + EPS);
    out[oo + IOU] = iou;
    out[oo + GIOU] = giou;
    out[oo + DIOU] = diou;
    out[oo + CIOU] = diou - alpha * v;
  }

  /** torch's {@code clamp(min=0)}: NaN propagates (so does {@link Math#max}). */
  private static double clamp0(double x) {
    return Math.max(x, 0);
  }

  /**
   * One member of the family for every pair: {@code out[j * m + i]} is the value of box {@code i} of
   * {@code boxes1} against box {@code j} of {@code boxes2} (stride 4).
   *
   * @param which {@link #IOU}, {@link #GIOU}, {@link #DIOU} or {@link #CIOU}
   */
  public static void pairwise(int which, double[] boxes1, int m, double[] boxes2, int n, double[] out) {
    if (which < IOU || which > CIOU) throw new IllegalArgumentException("which must be 0..3, got " + which);
    if (m < 0 || n < 0 || boxes1.length < 4L * m || boxes2.length < 4L * n || out.length < (long) m * n) {
      throw new IllegalArgumentException("arrays too short for m = " + m + ", n = " + n);
    }
    double[] four = new double[4];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        all(boxes1, 4 * i, boxes2, 4 * j, four, 0);
        out[j * m + i] = four[which];
      }
    }
  }
}
