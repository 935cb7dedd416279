package dev.overlap.core.mask;

import java.util.Arrays;

/**
 * Polygon rasterisation, as pycocotools' {@code maskApi.c#rleFrPoly} and, for an annotation's list
 * of polygons, {@code frPyObjects} followed by {@code merge} ({@code COCO.annToRLE}).
 *
 * <p>Coordinates are pixels, {@code [x1, y1, x2, y2, ...]}, with pixel {@code (x, y)} covering
 * {@code [x, x + 1) x [y, y + 1)}. The outline is upsampled five times, walked densely, and each
 * crossing of a pixel column centre toggles the mask from the row below the crossing; this is not an
 * area-exact fill, so the pixel count differs slightly from the polygon's area. The floating-point
 * operations are those of {@code rleFrPoly} in the same order, so the runs are the same as
 * pycocotools' on x86-64.
 *
 * <p>An edge is walked only where it is over the image's columns, and there only from one column change
 * to the next (found by search), so a polygon reaching far outside its image costs what its part over
 * the image costs; the boundary points kept are exactly those of the dense walk.
 */
public final class Polygons {
  private static final double SCALE = 5;
  /** Beyond this, {@code rleFrPoly}'s {@code int} arithmetic on upsampled coordinates overflows. */
  private static final double MAX_COORDINATE = 2e8;

  private Polygons() {}

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
    // Only steps between upsampled columns 1 and 5w - 1 can cross a pixel-column centre inside the image
    // (boundary() keeps x' = 5n + 2, n in [0, w - 1], and x' is the smaller of two columns one apart).
    int lo = 1;
    long hiLong = 5L * w - 1;
    int hi = (int) Math.min(Integer.MAX_VALUE, hiLong);
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
      boolean alongX = dx >= dy;
      int n = alongX ? dx : dy;
      // dx == dy == 0 gives s = NaN; the single point repeats its neighbours' u, so its v is never read.
      double s = alongX ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      // The walk's first point pairs with the previous edge's last.
      int u0 = uAt(alongX, flip, n, xs, s, 0);
      int v0 = vAt(alongX, flip, n, ys, s, 0);
      if (!first && u0 != pu && onColumnCentre(u0, pu)) {
        int p = boundary(u0, v0, pu, pv, h, w);
        if (p >= 0) a[na++] = p;
      }
      first = false;
      // Within an edge u is monotone in d and moves by at most one column per step, so the steps that can
      // keep a point lie where u is in [lo, hi], and only those where u changes: visit just them, found by
      // search, so that an edge costs what its part over the image costs whatever its extent (clipping that
      // keeps exactly the points of the dense walk).
      int un = uAt(alongX, flip, n, xs, s, n);
      boolean rising = u0 <= un;
      int dA = firstAtLeast(alongX, flip, n, xs, s, rising, rising ? lo : hi);
      int dB = lastWithin(alongX, flip, n, xs, s, rising, rising ? hi : lo);
      if (alongX) {
        // u moves one column every step: each step is a change
        for (int d = dA + 1; d <= dB; d++) {
          int u = uAt(true, flip, n, xs, s, d);
          int uPrev = uAt(true, flip, n, xs, s, d - 1);
          if (onColumnCentre(u, uPrev)) {
            int p = boundary(u, vAt(true, flip, n, ys, s, d), uPrev, vAt(true, flip, n, ys, s, d - 1), h, w);
            if (p >= 0) a[na++] = p;
          }
        }
        pu = un;
        pv = vAt(true, flip, n, ys, s, n);
        continue;
      }
      int d = dA;
      int ud = d <= n ? uAt(alongX, flip, n, xs, s, d) : 0;
      while (d < dB) {
        int next = nextChange(alongX, flip, n, xs, s, d, ud, dB);
        if (next < 0) break;
        int u = uAt(alongX, flip, n, xs, s, next);
        if (onColumnCentre(u, ud)) {
          int p = boundary(u, vAt(alongX, flip, n, ys, s, next), ud, vAt(alongX, flip, n, ys, s, next - 1), h, w);
          if (p >= 0) a[na++] = p;
        }
        d = next;
        ud = u;
      }
      pu = un;
      pv = vAt(alongX, flip, n, ys, s, n);
    }
    sortPositions(a, na, h, w);
    a[na++] = h * w;
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
   * Whether a step between upsampled columns {@code pu} and {@code u} can cross a pixel-column centre:
   * {@link #boundary} keeps only {@code x' = 5n + 2} ({@code (x' + .5) / 5 - .5} is then the integer n; for
   * any other residue it is n + 0.2 or so, far from an integer at coordinates below 2^30), so the
   * floating-point test runs for one step in five.
   */
  private static boolean onColumnCentre(int u, int pu) {
    return Math.floorMod(u < pu ? u : u - 1, 5) == 2;
  }

  /**
   * Sorts boundary positions {@code x * h + y} ascending: a counting sort by column, then each column's few
   * rows by insertion (a general sort of the whole array dominated rasterisation).
   */
  private static void sortPositions(int[] a, int n, int h, int w) {
    if (n < 2) return;
    if (n < 32 || h == 0) {
      Arrays.sort(a, 0, n);
      return;
    }
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int x = a[i] / h;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    int[] start = new int[hi - lo + 2];
    for (int i = 0; i < n; i++) start[a[i] / h - lo + 1]++;
    for (int c = 0; c + 1 < start.length; c++) start[c + 1] += start[c];
    int[] out = new int[n];
    int[] next = Arrays.copyOf(start, start.length - 1);
    for (int i = 0; i < n; i++) out[next[a[i] / h - lo]++] = a[i];
    for (int c = 0; c + 1 < start.length; c++) {
      int from = start[c];
      int to = start[c + 1];
      if (to - from > 16) {
        Arrays.sort(out, from, to);
        continue;
      }
      for (int i = from + 1; i < to; i++) {
        int v = out[i];
        int j = i - 1;
        while (j >= from && out[j] > v) {
          out[j + 1] = out[j];
          j--;
        }
        out[j + 1] = v;
      }
    }
    System.arraycopy(out, 0, a, 0, n);
  }

  /** The upsampled column of an edge's d-th point in walk order, as rleFrPoly computes it. */
  private static int uAt(boolean alongX, boolean flip, int n, int xs, double s, int d) {
    int t = flip ? n - d : d;
    return alongX ? t + xs : (int) (xs + s * t + .5);
  }

  /** The upsampled row of an edge's d-th point in walk order, as rleFrPoly computes it. */
  private static int vAt(boolean alongX, boolean flip, int n, int ys, double s, int d) {
    int t = flip ? n - d : d;
    return alongX ? (int) (ys + s * t + .5) : t + ys;
  }

  /**
   * The first d in [0, n] where u has reached {@code bound} (u >= bound when rising, u <= bound when
   * falling), or n + 1 when it never does; u is monotone in d.
   */
  private static int firstAtLeast(boolean alongX, boolean flip, int n, int xs, double s, boolean rising, int bound) {
    int l = 0;
    int r = n + 1;
    while (l < r) {
      int m = (int) (((long) l + r) >>> 1);
      int u = uAt(alongX, flip, n, xs, s, m);
      if (rising ? u >= bound : u <= bound) r = m;
      else l = m + 1;
    }
    return l;
  }

  /** The last d in [0, n] where u has not passed {@code bound} (u <= bound when rising), or -1. */
  private static int lastWithin(boolean alongX, boolean flip, int n, int xs, double s, boolean rising, int bound) {
    int l = -1;
    int r = n;
    while (l < r) {
      int m = (int) (((long) l + r + 1) >> 1);
      int u = uAt(alongX, flip, n, xs, s, m);
      if (rising ? u <= bound : u >= bound) l = m;
      else r = m - 1;
    }
    return l;
  }

  /**
   * The first d' in (d, limit] where u differs from {@code ud} = u(d), or -1: the next step, then
   * galloping and bisection over a run of equal columns (a steep edge stays in a column for many rows).
   */
  private static int nextChange(boolean alongX, boolean flip, int n, int xs, double s, int d, int ud, int limit) {
    if (d + 1 > limit) return -1;
    if (uAt(alongX, flip, n, xs, s, d + 1) != ud) return d + 1;
    long step = 2;
    int same = d + 1; // u(same) == ud
    int differs = -1;
    while (differs < 0) {
      long probe = (long) d + step;
      if (probe >= limit) {
        if (uAt(alongX, flip, n, xs, s, limit) == ud) return -1;
        differs = limit;
      } else if (uAt(alongX, flip, n, xs, s, (int) probe) != ud) {
        differs = (int) probe;
      } else {
        same = (int) probe;
        step *= 2;
      }
    }
    while (differs - same > 1) {
      int m = (int) (((long) same + differs) >>> 1);
      if (uAt(alongX, flip, n, xs, s, m) == ud) same = m;
      else differs = m;
    }
    return differs;
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
