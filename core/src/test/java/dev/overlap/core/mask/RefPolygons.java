package dev.overlap.core.mask;

import java.util.Arrays;

/**
 * The polygon rasteriser before the column-bucket sort and the integer column test, kept as the slow path
 * that {@link PolygonParityTest} checks the fast one against.
 *
 * <p>Original documentation:
 * Polygon rasterisation, as pycocotools' {@code maskApi.c#rleFrPoly} and, for an annotation's list
 * of polygons, {@code frPyObjects} followed by {@code merge} ({@code COCO.annToRLE}).
 *
 * <p>Coordinates are pixels, {@code [x1, y1, x2, y2, ...]}, with pixel {@code (x, y)} covering
 * {@code [x, x + 1) x [y, y + 1)}. The outline is upsampled five times, walked densely, and each
 * crossing of a pixel column centre toggles the mask from the row below the crossing; this is not an
 * area-exact fill, so the pixel count differs slightly from the polygon's area. The floating-point
 * operations are those of {@code rleFrPoly} in the same order, so the runs are the same as
 * pycocotools' on x86-64.
 */
final class RefPolygons {
  private static final double SCALE = 5;
  /** Beyond this, {@code rleFrPoly}'s {@code int} arithmetic on upsampled coordinates overflows. */
  private static final double MAX_COORDINATE = 2e8;

  private RefPolygons() {}

  /**
   * Rasterises one polygon of {@code k} points into an {@code h x w} mask, as {@code maskApi.c#rleFrPoly}.
   *
   * <p>The polygon is closed implicitly (last point back to the first). Memory is bounded by
   * {@code k * (w + 1)} boundary points, whatever the polygon's extent.
   *
   * @param xy coordinates {@code x0, y0, x1, y1, ...}; the first {@code 2 * k} values are used
   * @param k number of points, at least 3
   * @param h image height in pixels
   * @param w image width in pixels
   * @return the mask's RLE, with exactly the counts {@code rleFrPoly} produces
   * @throws IllegalArgumentException if {@code k < 3}, {@code xy} is shorter than {@code 2 * k}, a used
   *     coordinate is not finite or exceeds {@code 2e8} in magnitude, or the size is invalid
   */
  public static Rle toRle(double[] xy, int k, int h, int w) {
    long size = Rle.checkSize(h, w);
    if (xy == null || k < 3) {
      throw new IllegalArgumentException("polygon has " + (xy == null ? 0 : k) + " points, expected at least 3");
    }
    if (xy.length < 2L * k) {
      throw new IllegalArgumentException("polygon of " + k + " points has only " + xy.length + " coordinates");
    }
    for (int i = 0; i < 2 * k; i++) {
      double v = xy[i];
      if (!(Math.abs(v) <= MAX_COORDINATE)) {
        throw new IllegalArgumentException("polygon coordinate " + i + " is " + v
            + (Double.isFinite(v) ? ", beyond +-2e8" : ", expected a finite number"));
      }
    }
    if (size == 0) {
      return Rle.trusted(h, w, new int[] {0});
    }
    return rasterise(xy, k, h, w);
  }

  /**
   * Rasterises an annotation's polygon list into one mask: each part as {@link #toRle(double[], int, int, int)},
   * then their union as {@link Masks#merge(Rle[], int)}. This is pycocotools' {@code annToRLE} for
   * polygons ({@code frPyObjects} then {@code merge}).
   *
   * @param polygons the parts, each {@code [x1, y1, x2, y2, ...]} with an even count of at least 6 values
   * @param h image height in pixels
   * @param w image width in pixels
   * @return the union of the parts
   * @throws IllegalArgumentException if the list is empty, a part has an odd number of coordinates or
   *     fewer than 3 points, or a coordinate is invalid (see {@link #toRle(double[], int, int, int)})
   */
  public static Rle toRle(double[][] polygons, int h, int w) {
    if (polygons == null || polygons.length == 0) {
      throw new IllegalArgumentException("polygon list is empty");
    }
    int n = polygons.length;
    for (int i = 0; i < n; i++) {
      double[] p = polygons[i];
      if (p == null || p.length % 2 != 0 || p.length < 6) {
        throw new IllegalArgumentException("polygon part " + i + " has " + (p == null ? 0 : p.length)
            + " coordinates, expected an even count of at least 6");
      }
    }
    if (n == 1) {
      return toRle(polygons[0], polygons[0].length / 2, h, w);
    }
    Rle[] parts = new Rle[n];
    for (int i = 0; i < n; i++) {
      try {
        parts[i] = toRle(polygons[i], polygons[i].length / 2, h, w);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("polygon part " + i + ": " + e.getMessage(), e);
      }
    }
    return Masks.merge(parts, n);
  }

  private static int up(double v) {
    // C's (int) truncates toward zero, as Java's cast does; the +.5 is rleFrPoly's rounding.
    return (int) (SCALE * v + .5);
  }

  private static Rle rasterise(double[] xy, int k, int h, int w) {
    long dense = 0;
    for (int j = 0; j < k; j++) {
      int jn = j + 1 < k ? j + 1 : 0;
      int dx = Math.abs(up(xy[2 * j]) - up(xy[2 * jn]));
      int dy = Math.abs(up(xy[2 * j + 1]) - up(xy[2 * jn + 1]));
      dense += Math.max(dx, dy) + 1;
    }
    // A kept boundary point sits on a pixel-column centre inside [0, w): u is monotone along an
    // edge, so at most w per edge, plus at most one where an edge's first point is rounded away
    // from the previous edge's last (negative coordinates truncate toward zero).
    long bound = Math.min(dense, (long) k * (w + 1)) + 1;
    if (bound > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("polygon outline is too long to rasterise: " + dense + " points");
    }
    int[] a = new int[(int) bound];
    int na = 0;
    int pu = 0;
    int pv = 0;
    boolean first = true;
    for (int j = 0; j < k; j++) {
      int jn = j + 1 < k ? j + 1 : 0;
      int xs = up(xy[2 * j]);
      int xe = up(xy[2 * jn]);
      int ys = up(xy[2 * j + 1]);
      int ye = up(xy[2 * jn + 1]);
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      // Round each edge's points from its lower end, whichever way the edge is walked, so an edge
      // rasterises the same in both directions.
      boolean flip = dx >= dy && xs > xe || dx < dy && ys > ye;
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      if (dx >= dy) {
        // dx == dy == 0 gives s = NaN; the single point repeats its neighbours' u, so its v is never read.
        double s = (double) (ye - ys) / dx;
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          int u = t + xs;
          int v = (int) (ys + s * t + .5);
          if (!first && u != pu) {
            int p = boundary(u, v, pu, pv, h, w);
            if (p >= 0) {
              a[na++] = p;
            }
          }
          first = false;
          pu = u;
          pv = v;
        }
      } else {
        double s = (double) (xe - xs) / dy;
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          int v = t + ys;
          int u = (int) (xs + s * t + .5);
          if (!first && u != pu) {
            int p = boundary(u, v, pu, pv, h, w);
            if (p >= 0) {
              a[na++] = p;
            }
          }
          first = false;
          pu = u;
          pv = v;
        }
      }
    }
    a[na++] = h * w;
    Arrays.sort(a, 0, na);
    int prev = 0;
    for (int j = 0; j < na; j++) {
      int t = a[j];
      a[j] = t - prev;
      prev = t;
    }
    // Two toggles at one position cancel: fold each empty run and the run after it into the run before.
    int m = 1;
    int j = 1;
    while (j < na) {
      if (a[j] > 0) {
        a[m++] = a[j++];
      } else {
        j++;
        if (j < na) {
          a[m - 1] += a[j++];
        }
      }
    }
    return Rle.trusted(h, w, Arrays.copyOf(a, m));
  }

  /**
   * The column-major position toggled by the step from upsampled point {@code (pu, pv)} to
   * {@code (u, v)} (with {@code u != pu}), or -1 when the step does not cross a pixel-column centre
   * inside the image: the y-boundary points of {@code rleFrPoly}.
   */
  private static int boundary(int u, int v, int pu, int pv, int h, int w) {
    double xd = u < pu ? u : u - 1;
    xd = (xd + .5) / SCALE - .5;
    if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
      return -1;
    }
    double yd = v < pv ? v : pv;
    yd = (yd + .5) / SCALE - .5;
    if (yd < 0) {
      yd = 0;
    } else if (yd > h) {
      yd = h;
    }
    yd = Math.ceil(yd);
    return (int) xd * h + (int) yd;
  }
}
