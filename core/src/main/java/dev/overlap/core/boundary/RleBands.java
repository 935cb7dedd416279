package dev.overlap.core.boundary;

import dev.overlap.core.mask.Rle;
import java.util.Arrays;

/**
 * The boundary band of a run-length mask, computed from its runs (boundary-iou-api's
 * {@code mask_to_boundary} without decoding).
 *
 * <p>The square erosion is separable. Vertically, a run of ones inside one column keeps its pixels
 * at least {@code d} from both ends of the run (the column ends are the image border). Horizontally,
 * a pixel survives iff it survived vertically in all {@code 2d+1} columns around it, so a column of
 * the eroded mask is the intersection of the interval lists of a window of columns: van Herk /
 * Gil-Werman's min-filter, with prefix and suffix intersections inside blocks of {@code 2d+1}
 * columns, three intersections per column whatever {@code d}. The band is the mask's runs minus the
 * eroded intervals.
 *
 * <p>Not thread-safe: an instance keeps growable scratch buffers so that banding thousands of masks
 * allocates only their results. {@link #band(Rle, int)} is the one-shot form.
 */
public final class RleBands {
  // merged runs of ones of the mask, linear positions, pairs [start, end)
  private int[] runs = new int[32];
  // vertically eroded intervals, y within column, pairs; column x at [vFrom[x], vFrom[x + 1]) pairs
  private int[] vert = new int[32];
  private int[] vFrom = new int[17];
  // prefix / suffix intersections inside blocks; column x at [from[x], to[x]) pairs
  private int[] pre = new int[32];
  private int[] preFrom = new int[16];
  private int[] preTo = new int[16];
  private int[] suf = new int[32];
  private int[] sufFrom = new int[16];
  private int[] sufTo = new int[16];
  // eroded mask, linear positions, pairs
  private int[] eroded = new int[32];
  private int[] window = new int[32];

  /**
   * The band of {@code mask} for width {@code d}: its pixels within Chebyshev distance {@code d} of
   * a background pixel or of the outside of the image.
   *
   * @param mask the mask
   * @param d band width in pixels, at least 1
   * @return the band, canonical runs (starting with a possibly empty run of zeros, no other empty run)
   */
  public static Rle band(Rle mask, int d) {
    return new RleBands().bandOf(mask, d);
  }

  /**
   * As {@link #band(Rle, int)}, reusing this instance's scratch buffers.
   *
   * @param mask the mask
   * @param d band width in pixels, at least 1
   * @return the band
   */
  public Rle bandOf(Rle mask, int d) {
    if (d < 1) throw new IllegalArgumentException("band width must be at least 1, got " + d);
    int h = mask.height();
    int w = mask.width();
    int nRuns = mergedRuns(mask.counts());
    long side = 2L * d + 1;
    if (nRuns == 0 || side > h || side > w) {
      // nothing survives an erosion whose square does not fit in the image: the band is the mask
      return toRle(h, w, runs, nRuns);
    }
    verticalErosion(nRuns, h, w, d);
    int nEroded = horizontalErosion(h, w, d);
    int nBand = subtract(nRuns, nEroded);
    return toRle(h, w, window, nBand);
  }

  /** The mask's runs of ones as pairs, with runs separated only by empty runs of zeros merged. */
  private int mergedRuns(int[] counts) {
    runs = ensure(runs, counts.length + 2);
    int n = 0;
    int pos = 0;
    for (int j = 0; j < counts.length; j++) {
      int c = counts[j];
      if ((j & 1) == 1 && c > 0) {
        if (n > 0 && runs[2 * n - 1] == pos) {
          runs[2 * n - 1] = pos + c;
        } else {
          runs[2 * n] = pos;
          runs[2 * n + 1] = pos + c;
          n++;
        }
      }
      pos += c;
    }
    return n;
  }

  /** Splits the runs by column and keeps each piece's pixels at least {@code d} from its ends. */
  private void verticalErosion(int nRuns, int h, int w, int d) {
    vFrom = ensure(vFrom, w + 1);
    int n = 0;
    int col = 0;
    for (int r = 0; r < nRuns; r++) {
      int s = runs[2 * r];
      int e = runs[2 * r + 1];
      int x0 = s / h;
      int x1 = (e - 1) / h;
      for (int x = x0; x <= x1; x++) {
        int base = x * h;
        int ys = x == x0 ? s - base : 0;
        int ye = x == x1 ? e - base : h;
        if (ye - ys > 2 * d) {
          while (col <= x) vFrom[col++] = n;
          vert = ensure(vert, 2 * n + 2);
          vert[2 * n] = ys + d;
          vert[2 * n + 1] = ye - d;
          n++;
        }
      }
    }
    while (col <= w) vFrom[col++] = n;
  }

  /**
   * Columns {@code d .. w-1-d} of the eroded mask as the intersection of the vertical intervals of
   * columns {@code x-d .. x+d}, into {@link #eroded} as linear pairs; returns the pair count.
   */
  private int horizontalErosion(int h, int w, int d) {
    int len = 2 * d + 1;
    preFrom = ensure(preFrom, w);
    preTo = ensure(preTo, w);
    sufFrom = ensure(sufFrom, w);
    sufTo = ensure(sufTo, w);
    int np = 0;
    int ns = 0;
    for (int b0 = 0; b0 < w; b0 += len) {
      int b1 = Math.min(b0 + len, w);
      // prefix: P(b0) = V(b0), P(x) = P(x - 1) ∩ V(x)
      for (int x = b0; x < b1; x++) {
        int vs = vFrom[x];
        int ve = vFrom[x + 1];
        preFrom[x] = np;
        if (x == b0) {
          pre = ensure(pre, 2 * (np + ve - vs));
          System.arraycopy(vert, 2 * vs, pre, 2 * np, 2 * (ve - vs));
          np += ve - vs;
        } else {
          int ps = preFrom[x - 1];
          int pe = preTo[x - 1];
          pre = ensure(pre, 2 * (np + (pe - ps) + (ve - vs)));
          np = intersect(pre, ps, pe, vert, vs, ve, pre, np);
        }
        preTo[x] = np;
      }
      // suffix: S(b1 - 1) = V(b1 - 1), S(x) = V(x) ∩ S(x + 1)
      for (int x = b1 - 1; x >= b0; x--) {
        int vs = vFrom[x];
        int ve = vFrom[x + 1];
        sufFrom[x] = ns;
        if (x == b1 - 1) {
          suf = ensure(suf, 2 * (ns + ve - vs));
          System.arraycopy(vert, 2 * vs, suf, 2 * ns, 2 * (ve - vs));
          ns += ve - vs;
        } else {
          int ss = sufFrom[x + 1];
          int se = sufTo[x + 1];
          suf = ensure(suf, 2 * (ns + (se - ss) + (ve - vs)));
          ns = intersect(vert, vs, ve, suf, ss, se, suf, ns);
        }
        sufTo[x] = ns;
      }
    }
    int n = 0;
    for (int x = d; x < w - d; x++) {
      int lo = x - d;
      int hi = x + d;
      int a0 = sufFrom[lo];
      int a1 = sufTo[lo];
      int c0 = preFrom[hi];
      int c1 = preTo[hi];
      window = ensure(window, 2 * ((a1 - a0) + (c1 - c0)));
      int k = intersect(suf, a0, a1, pre, c0, c1, window, 0);
      eroded = ensure(eroded, 2 * (n + k));
      int base = x * h;
      for (int i = 0; i < k; i++) {
        int s = base + window[2 * i];
        int e = base + window[2 * i + 1];
        // an interval ending at the column's bottom continues in the next column's top
        if (n > 0 && eroded[2 * n - 1] == s) {
          eroded[2 * n - 1] = e;
        } else {
          eroded[2 * n] = s;
          eroded[2 * n + 1] = e;
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Intersection of two sorted lists of disjoint intervals (pairs {@code [from, to)} of each array),
   * appended to {@code out} from pair {@code at}; the caller made room for the sum of both sizes.
   * Returns the new pair count of {@code out}.
   */
  static int intersect(int[] a, int a0, int a1, int[] b, int b0, int b1, int[] out, int at) {
    int i = a0;
    int j = b0;
    int n = at;
    while (i < a1 && j < b1) {
      int as = a[2 * i];
      int ae = a[2 * i + 1];
      int bs = b[2 * j];
      int be = b[2 * j + 1];
      int lo = Math.max(as, bs);
      int hi = Math.min(ae, be);
      if (lo < hi) {
        out[2 * n] = lo;
        out[2 * n + 1] = hi;
        n++;
      }
      if (ae <= be) i++;
      else j++;
    }
    return n;
  }

  /** The mask's runs minus the eroded intervals (each inside one run), into {@link #window}. */
  private int subtract(int nRuns, int nEroded) {
    window = ensure(window, 2 * (nRuns + nEroded));
    int n = 0;
    int k = 0;
    for (int r = 0; r < nRuns; r++) {
      int s = runs[2 * r];
      int e = runs[2 * r + 1];
      int cursor = s;
      while (k < nEroded && eroded[2 * k] < e) {
        int es = eroded[2 * k];
        assert es >= cursor : "eroded interval outside the mask";
        if (es > cursor) {
          window[2 * n] = cursor;
          window[2 * n + 1] = es;
          n++;
        }
        cursor = eroded[2 * k + 1];
        k++;
      }
      if (cursor < e) {
        window[2 * n] = cursor;
        window[2 * n + 1] = e;
        n++;
      }
    }
    return n;
  }

  /** Canonical RLE counts of sorted, disjoint, non-adjacent intervals, as {@code maskApi.c#rleEncode} gives. */
  private static Rle toRle(int h, int w, int[] iv, int n) {
    int total = h * w;
    if (n == 0) return Rle.of(h, w, new int[] {total});
    int last = iv[2 * n - 1];
    int[] counts = new int[2 * n + (last < total ? 1 : 0)];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      counts[2 * i] = iv[2 * i] - pos;
      counts[2 * i + 1] = iv[2 * i + 1] - iv[2 * i];
      pos = iv[2 * i + 1];
    }
    if (last < total) counts[2 * n] = total - last;
    return Rle.of(h, w, counts);
  }

  private static int[] ensure(int[] a, int n) {
    return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
  }
}
