package dev.overlap.core.mask;

import java.util.Arrays;

/**
 * Kernels over run-length encoded masks, each reproducing a function of pycocotools'
 * {@code maskApi.c}: {@code rleToBbox}, {@code rleMerge}, {@code rleIou}, {@code rleDecode},
 * {@code rleEncode}. Layouts are those of the package documentation.
 */
public final class Masks {
  private static final long UINT = 0xFFFF_FFFFL;

  private Masks() {}

  /**
   * Bounding box {@code [x, y, w, h]} of a mask, as {@code maskApi.c#rleToBbox}, quirks included.
   *
   * <p>Only the first {@code (m / 2) * 2} runs are read (a trailing run of zeros cannot move the
   * box, and neither can a trailing unpaired count). When a run of ones continues into a later
   * column the box spans the full height ({@code y = 0}, {@code h = mask height}), whatever rows are
   * actually set: pycocotools does this so it need not look inside the run. A mask with fewer than
   * two runs gives {@code [0, 0, 0, 0]}; a mask whose runs of ones are all empty does not, as in
   * {@code rleToBbox}. Positions are computed in 32-bit unsigned arithmetic as in C, which only
   * matters for an RLE starting with two empty runs. A mask of height 0 gives {@code [0, 0, 0, 0]}
   * (where C would divide by zero).
   *
   * @param r the mask
   * @param out receives {@code x, y, w, h} at {@code out[offset .. offset + 3]}
   * @param offset where to write in {@code out}
   */
  public static void toBbox(Rle r, double[] out, int offset) {
    int[] cnts = r.counts();
    int m = cnts.length & ~1;
    long h = r.height();
    long w = r.width();
    if (m == 0 || h == 0) {
      out[offset] = 0;
      out[offset + 1] = 0;
      out[offset + 2] = 0;
      out[offset + 3] = 0;
      return;
    }
    long xs = w;
    long ys = h;
    long xe = 0;
    long ye = 0;
    long cc = 0;
    long xp = 0;
    // t / h by a multiplication: for t < 2^32 the estimate is off by at most one, which the test fixes
    double inverse = 1.0 / h;
    for (int j = 0; j < m; j++) {
      cc = (cc + cnts[j]) & UINT;
      // Even j: first pixel of the run of ones that follows; odd j: last pixel of that run.
      long t = (cc - (j & 1)) & UINT;
      long x = (long) (t * inverse);
      long y = t - x * h;
      if (y < 0) {
        x--;
        y += h;
      } else if (y >= h) {
        x++;
        y -= h;
      }
      if ((j & 1) == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = h - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    out[offset] = xs;
    out[offset + 1] = ys;
    out[offset + 2] = (xe - xs + 1) & UINT;
    out[offset + 3] = (ye - ys + 1) & UINT;
  }

  /**
   * Bounding boxes of {@code n} masks into a stride-4 array, as {@code maskApi.c#rleToBbox}.
   *
   * @param rles the masks
   * @param n number of masks
   * @param out receives box {@code i} at {@code [4*i, 4*i + 4)}; at least {@code 4 * n} values
   */
  public static void toBbox(Rle[] rles, int n, double[] out) {
    if (n < 0 || rles == null && n > 0 || n > 0 && rles.length < n || out == null || out.length < 4L * n) {
      throw new IllegalArgumentException("toBbox of " + n + " masks needs " + n + " RLEs and " + 4L * n + " output values");
    }
    for (int i = 0; i < n; i++) {
      toBbox(rles[i], out, 4 * i);
    }
  }

  /**
   * Union of {@code n} masks of one size, as {@code maskApi.c#rleMerge} with {@code intersect = 0}:
   * the merge pycocotools' {@code annToRLE} applies to the parts of a polygon annotation.
   *
   * @param parts the masks, all {@code h x w}
   * @param n number of masks, at least 1; with 1 the part itself is returned
   * @return the union, with exactly the counts {@code rleMerge} produces
   * @throws IllegalArgumentException if {@code n < 1} or the sizes differ
   */
  public static Rle merge(Rle[] parts, int n) {
    return merge(parts, n, false);
  }

  /**
   * Union or intersection of {@code n} masks of one size, as {@code maskApi.c#rleMerge}.
   *
   * <p>Masks are merged left to right, one pair at a time, and a run is emitted wherever the merged
   * value changes, so the counts are those of {@code rleMerge}, zero-length runs included, whenever
   * {@code rleMerge} returns a valid RLE. It does not when two parts both hold an empty run at a
   * position where both have a run boundary: its loop stops there ({@code ct == 0}) and returns
   * counts summing to less than {@code h * w}. This kernel walks on to the end and returns the true
   * union or intersection. Canonical masks (from {@link #encode}, {@link Polygons}, or
   * {@code rleMerge} of canonical masks) never hold such runs. Allocates two scratch arrays per
   * call, none per run.
   *
   * @param parts the masks, all {@code h x w}
   * @param n number of masks, at least 1; with 1 the part itself is returned
   * @param intersect {@code true} for the intersection, {@code false} for the union
   * @return the merged mask
   * @throws IllegalArgumentException if {@code n < 1} or the sizes differ
   */
  public static Rle merge(Rle[] parts, int n, boolean intersect) {
    if (parts == null || n < 1 || parts.length < n) {
      throw new IllegalArgumentException("merge needs at least one mask, got n = " + n);
    }
    int h = parts[0].height();
    int w = parts[0].width();
    long capacity = 0;
    for (int i = 0; i < n; i++) {
      Rle p = parts[i];
      if (p.height() != h || p.width() != w) {
        throw new IllegalArgumentException("merge of masks of different sizes: mask 0 is " + h + "x" + w
            + ", mask " + i + " is " + p.height() + "x" + p.width());
      }
      capacity += p.length();
    }
    if (n == 1) {
      return parts[0];
    }
    if ((long) h * w == 0) {
      return Rle.trusted(h, w, new int[] {0});
    }
    // Each pairwise step emits at most ka + kb runs, so the running result never outgrows the sum.
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("merge of " + capacity + " runs exceeds 2^31 runs");
    }
    int[] acc = new int[(int) capacity];
    int[] next = new int[(int) capacity];
    int k = parts[0].length();
    System.arraycopy(parts[0].counts(), 0, acc, 0, k);
    for (int i = 1; i < n; i++) {
      int[] b = parts[i].counts();
      k = mergeStep(acc, k, b, b.length, h * w, intersect, next);
      int[] t = acc;
      acc = next;
      next = t;
    }
    return Rle.trusted(h, w, Arrays.copyOf(acc, k));
  }

  /**
   * One step of {@code rleMerge}: advance through both run arrays by the shorter current run and
   * emit the accumulated length whenever the merged value flips, or at the end. {@code rleMerge}
   * ends when both current runs are empty; this ends there only once all {@code total} pixels are
   * consumed, which gives the same counts wherever {@code rleMerge}'s are valid.
   */
  private static int mergeStep(int[] a, int ka, int[] b, int kb, int total, boolean intersect, int[] out) {
    int ca = a[0];
    int cb = b[0];
    int ia = 1;
    int ib = 1;
    boolean va = false;
    boolean vb = false;
    boolean v = false;
    int pos = 0;
    int run = 0;
    int k = 0;
    boolean more = true;
    while (more) {
      int c = Math.min(ca, cb);
      pos += c;
      run += c;
      ca -= c;
      if (ca == 0 && ia < ka) {
        ca = a[ia++];
        va = !va;
      }
      cb -= c;
      if (cb == 0 && ib < kb) {
        cb = b[ib++];
        vb = !vb;
      }
      more = ca != 0 || cb != 0 || pos < total;
      boolean vp = v;
      v = intersect ? va && vb : va || vb;
      if (v != vp || !more) {
        out[k++] = run;
        run = 0;
      }
    }
    return k;
  }

  /**
   * Mask IoU of every detection against every ground truth, as {@code maskApi.c#rleIou}.
   *
   * <p>Boxes are computed once per call ({@link #toBbox(Rle, double[], int)}), pairs whose boxes do
   * not overlap score 0 without reading their runs, and the others walk both run arrays once.
   * IoU is {@code i / u} in doubles from exact pixel counts: {@code u} is the union, or the
   * detection's area when the ground truth is a crowd; 0 when the masks do not intersect.
   *
   * <p>Quirk kept from {@code rleIou}: its walk stops as soon as both masks' current runs are empty
   * ({@code ct == 0}), so when both masks hold a run of length 0 right after a run boundary they
   * share, {@code i} and {@code u} count only the pixels before that position. Masks from
   * {@link #encode}, {@link Polygons} or pycocotools' own encoders never hold inner empty runs;
   * a results file can. Pairs where both masks hold inner empty runs take a walk with
   * {@code rleIou}'s exact semantics; all others take a faster walk over runs of ones that counts
   * {@code i} and derives {@code u} from the areas (the same integers). As {@code rleIou} skips
   * pairs whose {@code rleToBbox} boxes do not overlap, a one-row mask starting with two empty runs,
   * whose box width wraps to 0, has IoU 0 with every mask.
   *
   * @param dt detection masks
   * @param m number of detections
   * @param gt ground-truth masks
   * @param n number of ground truths
   * @param crowd {@code crowd[g]} marks ground truth {@code g} as a crowd region; null means none is
   * @param out receives the IoU of detection {@code d} and ground truth {@code g} at {@code g * m + d}
   * @throws IllegalArgumentException if the masks are not all of one size (pycocotools writes -1
   *     for such a pair) or an array is too short
   */
  public static void iou(Rle[] dt, int m, Rle[] gt, int n, boolean[] crowd, double[] out) {
    checkMasks("dt", dt, m);
    checkMasks("gt", gt, n);
    double[] dtBoxes = new double[4 * m];
    double[] gtBoxes = new double[4 * n];
    toBbox(dt, m, dtBoxes);
    toBbox(gt, n, gtBoxes);
    iou(dt, dtBoxes, m, gt, gtBoxes, n, crowd, out);
  }

  /**
   * Mask IoU as {@link #iou(Rle[], int, Rle[], int, boolean[], double[])}, with boxes the caller has
   * already computed. Each box must contain its mask's pixels ({@link #toBbox(Rle, double[], int)}
   * gives such boxes); a box that misses pixels can only turn a positive IoU into 0. Allocates nothing.
   *
   * @param dt detection masks
   * @param dtBoxes boxes of the detection masks, stride 4
   * @param m number of detections
   * @param gt ground-truth masks
   * @param gtBoxes boxes of the ground-truth masks, stride 4
   * @param n number of ground truths
   * @param crowd {@code crowd[g]} marks ground truth {@code g} as a crowd region; null means none is
   * @param out receives the IoU of detection {@code d} and ground truth {@code g} at {@code g * m + d}
   * @throws IllegalArgumentException if the masks are not all of one size or an array is too short
   */
  public static void iou(Rle[] dt, double[] dtBoxes, int m, Rle[] gt, double[] gtBoxes, int n,
      boolean[] crowd, double[] out) {
    checkMasks("dt", dt, m);
    checkMasks("gt", gt, n);
    if (dtBoxes == null || dtBoxes.length < 4L * m || gtBoxes == null || gtBoxes.length < 4L * n) {
      throw new IllegalArgumentException("mask IoU needs 4*" + m + " detection and 4*" + n + " ground-truth box values");
    }
    if (crowd != null && crowd.length < n) {
      throw new IllegalArgumentException("crowd has " + crowd.length + " flags, expected at least " + n);
    }
    if (out == null || out.length < (long) m * n) {
      throw new IllegalArgumentException("out has " + (out == null ? 0 : out.length)
          + " values, expected at least m*n = " + (long) m * n);
    }
    if (m == 0 || n == 0) {
      return;
    }
    int h = dt[0].height();
    int w = dt[0].width();
    checkSizes("dt", dt, m, h, w);
    checkSizes("gt", gt, n, h, w);
    for (int g = 0; g < n; g++) {
      Rle gr = gt[g];
      int[] gc = gr.counts();
      long ga = gr.area();
      boolean isCrowd = crowd != null && crowd[g];
      int go = 4 * g;
      double gx = gtBoxes[go];
      double gy = gtBoxes[go + 1];
      double gxe = gtBoxes[go + 2] + gx;
      double gye = gtBoxes[go + 3] + gy;
      int row = g * m;
      for (int d = 0; d < m; d++) {
        int dd = 4 * d;
        double dx = dtBoxes[dd];
        double dy = dtBoxes[dd + 1];
        // rleIou walks only pairs with a positive box IoU; with pixel boxes that is exactly w > 0 and h > 0.
        if (Math.min(dtBoxes[dd + 2] + dx, gxe) - Math.max(dx, gx) <= 0
            || Math.min(dtBoxes[dd + 3] + dy, gye) - Math.max(dy, gy) <= 0) {
          out[row + d] = 0;
          continue;
        }
        Rle dr = dt[d];
        int[] dc = dr.counts();
        long i;
        long u;
        if (dr.hasInnerEmptyRun() && gr.hasInnerEmptyRun()) {
          long iu = walkAsRleIou(dc, gc);
          i = iu & UINT;
          u = iu >>> 32;
        } else {
          i = intersection(dc, dc.length, gc, gc.length);
          // rleIou counts the union in its walk; |A| + |B| - |A and B| is the same integer.
          u = dr.area() + ga - i;
        }
        if (i == 0) {
          out[row + d] = 0;
          continue;
        }
        if (isCrowd) {
          u = dr.area();
        }
        out[row + d] = (double) i / (double) u;
      }
    }
  }

  /**
   * {@code rleIou}'s walk with its exact semantics: advance both masks by the shorter current run,
   * loading at most one next run per mask per step, until both current runs are empty. Returns the
   * union count in the high and the intersection count in the low 32 bits (both at most
   * {@code 2^31 - 1}), so the per-pair call allocates nothing.
   */
  static long walkAsRleIou(int[] a, int[] b) {
    int ka = a.length;
    int kb = b.length;
    long ca = a[0];
    long cb = b[0];
    int ia = 1;
    int ib = 1;
    boolean va = false;
    boolean vb = false;
    long i = 0;
    long u = 0;
    do {
      long c = Math.min(ca, cb);
      if (va || vb) {
        u += c;
        if (va && vb) {
          i += c;
        }
      }
      ca -= c;
      if (ca == 0 && ia < ka) {
        ca = a[ia++];
        va = !va;
      }
      cb -= c;
      if (cb == 0 && ib < kb) {
        cb = b[ib++];
        vb = !vb;
      }
    } while (ca + cb > 0);
    return u << 32 | i;
  }

  /**
   * Number of pixels set in both masks, by one walk over their runs of ones; allocates nothing.
   *
   * @param a counts of the first mask
   * @param ka number of runs of the first mask
   * @param b counts of the second mask, same {@code h * w} total as the first
   * @param kb number of runs of the second mask
   * @return the intersection's pixel count
   */
  static long intersection(int[] a, int ka, int[] b, int kb) {
    if (ka < 2 || kb < 2) {
      return 0;
    }
    // [sa, ea) and [sb, eb): the current runs of ones, as pixel positions.
    long sa = a[0];
    long sb = b[0];
    int ja = 1;
    int jb = 1;
    long inter = 0;
    while (true) {
      long ea = sa + a[ja];
      long eb = sb + b[jb];
      long overlap = Math.min(ea, eb) - Math.max(sa, sb);
      if (overlap > 0) {
        inter += overlap;
      }
      if (ea <= eb) {
        ja += 2;
        if (ja >= ka) {
          return inter;
        }
        sa = ea + a[ja - 1];
      } else {
        jb += 2;
        if (jb >= kb) {
          return inter;
        }
        sb = eb + b[jb - 1];
      }
    }
  }

  /**
   * Intersection of two masks of one size in pixels, from their runs (no pixels materialised).
   *
   * @param a first mask
   * @param b second mask
   * @return number of pixels set in both
   * @throws IllegalArgumentException if the sizes differ
   */
  public static long intersection(Rle a, Rle b) {
    if (a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("intersection of masks of different sizes: " + a.height() + "x" + a.width()
          + " and " + b.height() + "x" + b.width());
    }
    return intersection(a.counts(), a.length(), b.counts(), b.length());
  }

  /**
   * Pixels of a mask, as {@code maskApi.c#rleDecode}: {@code h * w} bytes, 0 or 1, column-major
   * (pixel {@code (x, y)} at {@code x * h + y}).
   *
   * @param r the mask
   * @return a new array of {@code h * w} bytes
   */
  public static byte[] decode(Rle r) {
    int[] cnts = r.counts();
    byte[] mask = new byte[r.height() * r.width()];
    int p = 0;
    for (int j = 0; j < cnts.length; j++) {
      int end = p + cnts[j];
      if ((j & 1) == 1) {
        Arrays.fill(mask, p, end, (byte) 1);
      }
      p = end;
    }
    return mask;
  }

  /**
   * Run-length encoding of a column-major mask, as {@code maskApi.c#rleEncode}: canonical runs,
   * starting with a run of zeros that is empty when pixel 0 is set. Any non-zero byte is foreground
   * ({@code rleEncode} itself starts a new run at every change of byte value, which only differs
   * for masks holding values other than 0 and 1).
   *
   * @param mask pixels, column-major (pixel {@code (x, y)} at {@code x * h + y}); at least {@code h * w} bytes
   * @param h mask height
   * @param w mask width
   * @return the RLE; an empty {@code 0 x w} or {@code h x 0} mask has the single count 0, as in C
   * @throws IllegalArgumentException if the sizes are invalid or {@code mask} is too short
   */
  public static Rle encode(byte[] mask, int h, int w) {
    long size = Rle.checkSize(h, w);
    if (mask == null || mask.length < size) {
      throw new IllegalArgumentException("mask has " + (mask == null ? 0 : mask.length) + " bytes, expected h*w = " + size);
    }
    int a = (int) size;
    int runs = 1;
    boolean prev = false;
    for (int j = 0; j < a; j++) {
      boolean on = mask[j] != 0;
      if (on != prev) {
        runs++;
        prev = on;
      }
    }
    int[] counts = new int[runs];
    int k = 0;
    int c = 0;
    prev = false;
    for (int j = 0; j < a; j++) {
      boolean on = mask[j] != 0;
      if (on != prev) {
        counts[k++] = c;
        c = 0;
        prev = on;
      }
      c++;
    }
    counts[k] = c;
    return Rle.trusted(h, w, counts);
  }

  private static void checkMasks(String name, Rle[] masks, int count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " count is " + count + ", expected >= 0");
    }
    if (count > 0 && (masks == null || masks.length < count)) {
      throw new IllegalArgumentException(name + " has " + (masks == null ? 0 : masks.length)
          + " masks, expected at least " + count);
    }
  }

  private static void checkSizes(String name, Rle[] masks, int count, int h, int w) {
    for (int i = 0; i < count; i++) {
      Rle r = masks[i];
      if (r.height() != h || r.width() != w) {
        throw new IllegalArgumentException("mask IoU of masks of different sizes: dt 0 is " + h + "x" + w
            + ", " + name + " " + i + " is " + r.height() + "x" + r.width());
      }
    }
  }
}
