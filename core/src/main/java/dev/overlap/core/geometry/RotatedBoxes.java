package dev.overlap.core.geometry;

/**
 * Bird's-eye-view and 3D IoU of yaw-rotated boxes {@code [cx, cy, cz, l, w, h, yaw]} (stride 7), as
 * {@code GEOMETRY-SEMANTICS.md} Part A defines them.
 *
 * <p>The footprint intersection is exact convex clipping in double (Sutherland–Hodgman of one rectangle
 * by the four edges of the other), with no epsilon: a millimetre box or a sliver gets its true area up
 * to float rounding of its corners. Denominators are the products of the sizes ({@code l*w},
 * {@code l*w*h}), not the area of the corner polygon, so two identical rotated boxes may score a few ulps
 * above 1, as the reference does. A zero denominator gives 0.
 */
public final class RotatedBoxes {
  private RotatedBoxes() {}

  /** Values per box. */
  public static final int STRIDE = 7;

  /**
   * Clipping scratch, two polygons of x, y pairs. A convex polygon gains at most one vertex per clip (8 at
   * the end); the bound here is the worst case of any polygon, where a clip can at most double the
   * vertices (4 * 2^4 = 64), so rounding that bends an edge can never overrun it.
   */
  static final int SCRATCH = 2 * 2 * 64;

  /**
   * BEV IoU of every detection against every ground truth: {@code A / (l1*w1 + l2*w2 - A)} with
   * {@code A} the intersection area of the two rotated footprints.
   *
   * @param dt detection boxes at stride 7, at least {@code 7 * m} values
   * @param m number of detections
   * @param gt ground-truth boxes at stride 7, at least {@code 7 * n} values
   * @param n number of ground truths
   * @param out receives the IoU of detection {@code d} and ground truth {@code g} at {@code g * m + d}
   */
  public static void bevIou(double[] dt, int m, double[] gt, int n, double[] out) {
    pairwise(dt, m, gt, n, out, false);
  }

  /**
   * 3D IoU of every detection against every ground truth: {@code V / (l1*w1*h1 + l2*w2*h2 - V)} with
   * {@code V = A * max(0, min(top1, top2) - max(bottom1, bottom2))}. Layout as {@link #bevIou}.
   */
  public static void iou3d(double[] dt, int m, double[] gt, int n, double[] out) {
    pairwise(dt, m, gt, n, out, true);
  }

  private static void pairwise(double[] dt, int m, double[] gt, int n, double[] out, boolean volume) {
    check("dt", dt, m);
    check("gt", gt, n);
    if (out == null || out.length < (long) m * n) {
      throw new IllegalArgumentException("out has " + (out == null ? 0 : out.length) + " values, expected at least m*n = "
          + (long) m * n);
    }
    double[] dtCorners = new double[8 * m];
    double[] gtCorners = new double[8 * n];
    for (int d = 0; d < m; d++) corners(dt, d * STRIDE, dtCorners, 8 * d);
    for (int g = 0; g < n; g++) corners(gt, g * STRIDE, gtCorners, 8 * g);
    double[] scratch = new double[SCRATCH];
    for (int g = 0; g < n; g++) {
      int go = g * STRIDE;
      int row = g * m;
      for (int d = 0; d < m; d++) {
        out[row + d] = iou(dt, d * STRIDE, dtCorners, 8 * d, gt, go, gtCorners, 8 * g, volume, scratch);
      }
    }
  }

  /**
   * BEV IoU of aligned pairs: {@code out[i]} is the IoU of box {@code i} of {@code a} with box {@code i} of
   * {@code b} (stride 7), for {@code i < n}. Scratch is allocated once per call, nothing per pair.
   */
  public static void bevIouPairs(double[] a, double[] b, int n, double[] out) {
    alignedPairs(a, b, n, out, false);
  }

  /** 3D IoU of aligned pairs, as {@link #bevIouPairs}. */
  public static void iou3dPairs(double[] a, double[] b, int n, double[] out) {
    alignedPairs(a, b, n, out, true);
  }

  private static void alignedPairs(double[] a, double[] b, int n, double[] out, boolean volume) {
    check("a", a, n);
    check("b", b, n);
    if (out.length < n) throw new IllegalArgumentException("out has " + out.length + " values, expected at least " + n);
    double[] ca = new double[8];
    double[] cb = new double[8];
    double[] scratch = new double[SCRATCH];
    for (int i = 0; i < n; i++) {
      corners(a, STRIDE * i, ca, 0);
      corners(b, STRIDE * i, cb, 0);
      out[i] = iou(a, STRIDE * i, ca, 0, b, STRIDE * i, cb, 0, volume, scratch);
    }
  }

  /**
   * BEV IoU of one pair of boxes (at {@code a[ao..]} and {@code b[bo..]}, stride 7). Allocates its scratch:
   * loops use {@link #bevIou(double[], int, double[], int, double[])} or {@link #bevIouPairs}.
   */
  public static double bevIou(double[] a, int ao, double[] b, int bo) {
    return pairIou(a, ao, b, bo, false);
  }

  /** 3D IoU of one pair of boxes (at {@code a[ao..]} and {@code b[bo..]}, stride 7). */
  public static double iou3d(double[] a, int ao, double[] b, int bo) {
    return pairIou(a, ao, b, bo, true);
  }

  private static double pairIou(double[] a, int ao, double[] b, int bo, boolean volume) {
    double[] ca = new double[8];
    double[] cb = new double[8];
    corners(a, ao, ca, 0);
    corners(b, bo, cb, 0);
    return iou(a, ao, ca, 0, b, bo, cb, 0, volume, new double[SCRATCH]);
  }

  private static double iou(double[] a, int ao, double[] ca, int cao, double[] b, int bo, double[] cb, int cbo,
      boolean volume, double[] scratch) {
    double areaA = a[ao + 3] * a[ao + 4];
    double areaB = b[bo + 3] * b[bo + 4];
    if (volume) {
      double volA = areaA * a[ao + 5];
      double volB = areaB * b[bo + 5];
      double dz = Math.min(a[ao + 2] + a[ao + 5] / 2, b[bo + 2] + b[bo + 5] / 2)
          - Math.max(a[ao + 2] - a[ao + 5] / 2, b[bo + 2] - b[bo + 5] / 2);
      // no z overlap, or a zero footprint: V = 0, and 0 over any denominator (0 / 0 is 0 by definition)
      if (!(dz > 0) || areaA == 0 || areaB == 0) return 0;
      double v = intersectionArea(ca, cao, cb, cbo, scratch) * dz;
      double u = volA + volB - v;
      return u == 0 ? 0 : v / u;
    }
    if (areaA == 0 || areaB == 0) return 0;
    double inter = intersectionArea(ca, cao, cb, cbo, scratch);
    double u = areaA + areaB - inter;
    return u == 0 ? 0 : inter / u;
  }

  /**
   * The four BEV corners of box {@code b[o..]}, counter-clockwise, into {@code out[oo..oo+8)} as x, y pairs:
   * {@code (cx + c*dx - s*dy, cy + s*dx + c*dy)} for {@code (dx, dy)} in
   * {@code (l/2, w/2), (-l/2, w/2), (-l/2, -w/2), (l/2, -w/2)}, the reference's expression order.
   */
  public static void corners(double[] b, int o, double[] out, int oo) {
    double cx = b[o];
    double cy = b[o + 1];
    double hl = b[o + 3] / 2;
    double hw = b[o + 4] / 2;
    double c = Math.cos(b[o + 6]);
    double s = Math.sin(b[o + 6]);
    corner(cx, cy, c, s, hl, hw, out, oo);
    corner(cx, cy, c, s, -hl, hw, out, oo + 2);
    corner(cx, cy, c, s, -hl, -hw, out, oo + 4);
    corner(cx, cy, c, s, hl, -hw, out, oo + 6);
  }

  private static void corner(double cx, double cy, double c, double s, double dx, double dy, double[] out, int o) {
    out[o] = cx + c * dx - s * dy;
    out[o + 1] = cy + s * dx + c * dy;
  }

  /**
   * Area of the intersection of two convex quadrilaterals given counter-clockwise (corner arrays as
   * {@link #corners}): polygon {@code a} clipped by each edge of {@code b}, then the shoelace formula
   * relative to the first vertex (small terms, so no cancellation between large coordinates).
   */
  static double intersectionArea(double[] a, int ao, double[] b, int bo, double[] scratch) {
    // quick reject: disjoint bounding boxes share no area
    if (maxX(a, ao) <= minX(b, bo) || maxX(b, bo) <= minX(a, ao) || maxY(a, ao) <= minY(b, bo)
        || maxY(b, bo) <= minY(a, ao)) {
      return 0;
    }
    int half = SCRATCH / 2;
    int src = 0;
    int dst = half;
    System.arraycopy(a, ao, scratch, src, 8);
    int n = 4;
    for (int e = 0; e < 4 && n > 0; e++) {
      double ex = b[bo + 2 * e];
      double ey = b[bo + 2 * e + 1];
      int f = (e + 1) & 3;
      double dx = b[bo + 2 * f] - ex;
      double dy = b[bo + 2 * f + 1] - ey;
      int k = 0;
      double px = scratch[src + 2 * (n - 1)];
      double py = scratch[src + 2 * (n - 1) + 1];
      double sp = dx * (py - ey) - dy * (px - ex);
      for (int i = 0; i < n; i++) {
        double qx = scratch[src + 2 * i];
        double qy = scratch[src + 2 * i + 1];
        double sq = dx * (qy - ey) - dy * (qx - ex);
        // inside = left of the edge (counter-clockwise clip polygon); points on the edge are inside
        // a crossing point only where the edge is crossed strictly: a vertex on the edge is kept as itself
        if (sp < 0 && sq > 0 || sp > 0 && sq < 0) {
          double t = sp / (sp - sq);
          scratch[dst + 2 * k] = px + t * (qx - px);
          scratch[dst + 2 * k + 1] = py + t * (qy - py);
          k++;
        }
        // inside = left of the edge (the clip polygon is counter-clockwise); points on the edge are inside
        if (sq >= 0) {
          scratch[dst + 2 * k] = qx;
          scratch[dst + 2 * k + 1] = qy;
          k++;
        }
        px = qx;
        py = qy;
        sp = sq;
      }
      n = k;
      int tmp = src;
      src = dst;
      dst = tmp;
    }
    if (n < 3) return 0;
    double x0 = scratch[src];
    double y0 = scratch[src + 1];
    double twice = 0;
    for (int i = 1; i + 1 < n; i++) {
      double x1 = scratch[src + 2 * i] - x0;
      double y1 = scratch[src + 2 * i + 1] - y0;
      double x2 = scratch[src + 2 * i + 2] - x0;
      double y2 = scratch[src + 2 * i + 3] - y0;
      twice += x1 * y2 - x2 * y1;
    }
    return Math.max(0, twice / 2);
  }

  private static double minX(double[] c, int o) { return Math.min(Math.min(c[o], c[o + 2]), Math.min(c[o + 4], c[o + 6])); }
  private static double maxX(double[] c, int o) { return Math.max(Math.max(c[o], c[o + 2]), Math.max(c[o + 4], c[o + 6])); }
  private static double minY(double[] c, int o) { return Math.min(Math.min(c[o + 1], c[o + 3]), Math.min(c[o + 5], c[o + 7])); }
  private static double maxY(double[] c, int o) { return Math.max(Math.max(c[o + 1], c[o + 3]), Math.max(c[o + 5], c[o + 7])); }

  /**
   * Why {@code box} (its first {@code n} values) is not a valid {@code box3d}, or null when it is: seven
   * finite numbers with non-negative sizes (any real yaw). The readers' one check, so that JSON and
   * Parquet inputs reject the same boxes with the same words.
   */
  public static String problem(double[] box, int n) {
    if (n != STRIDE) return "box3d must have 7 numbers [cx, cy, cz, l, w, h, yaw], found " + n;
    for (int i = 0; i < STRIDE; i++) {
      if (!Double.isFinite(box[i])) return NAMES[i] + " = " + box[i] + " is not a valid box3d value";
    }
    for (int i = 3; i < 6; i++) {
      if (box[i] < 0) return "box3d size " + NAMES[i] + " is negative (" + box[i] + ")";
    }
    return null;
  }

  private static final String[] NAMES = {"cx", "cy", "cz", "l", "w", "h", "yaw"};

  private static void check(String name, double[] boxes, int count) {
    if (count < 0) throw new IllegalArgumentException(name + ": negative count " + count);
    if (boxes == null ? count > 0 : boxes.length < (long) STRIDE * count) {
      throw new IllegalArgumentException(name + " has " + (boxes == null ? 0 : boxes.length)
          + " values, expected at least 7 * " + count);
    }
  }
}
