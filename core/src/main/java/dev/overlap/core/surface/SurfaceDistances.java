package dev.overlap.core.surface;

import dev.overlap.core.stats.Percentiles;

/**
 * HD, HD95 and ASSD between the masks of one class in a ground-truth and a predicted label map
 * (MONAI {@code compute_hausdorff_distance(percentile=95)}, {@code compute_average_surface_distance(symmetric=True)}).
 *
 * <p>{@link #computeAll} lists every class's surface pixels of both maps in one pass per map, then per
 * class sweeps each surface in row-major order against a {@link NearestSurface} of the other (exact
 * distances; cost follows the surfaces' lengths, not the class's bounding box), and takes each
 * direction's 95th percentile by selection. {@link #compute} does one class on the bounding box of its
 * union (every surface pixel of both lies inside it, so distances are unchanged); {@link #computeWithTransform}
 * gets the same values from two full-crop {@link DistanceTransform}s, the slow path the tests hold the
 * search against. An exact transform costs the crop's area per class and direction, and a class
 * scattered over the image (a prediction's stray patches) has the whole image as its crop: that is why
 * the search is the default ({@code SurfaceDistanceBench}).
 * Not thread-safe: scratch buffers grow to the largest image seen.
 */
public final class SurfaceDistances {
  /** Index of HD95 in a result triple. */
  public static final int HD95 = 0;
  /** Index of HD in a result triple. */
  public static final int HD = 1;
  /** Index of ASSD in a result triple. */
  public static final int ASSD = 2;

  private final DistanceTransform edt = new DistanceTransform();
  private final NearestSurface toGtSurface = new NearestSurface();
  private final NearestSurface toPredSurface = new NearestSurface();
  private double[] toGt = new double[64];
  private double[] toPred = new double[64];
  private byte[] edge = new byte[64];
  private double[] dPg = new double[64];
  private double[] dGp = new double[64];

  /**
   * Distances for class {@code c}: {@code G = (gt == c)} (ignore pixels are never {@code c}) and
   * {@code P = (pred == c)} over the whole map, as the reference (a prediction under an ignore pixel
   * still shapes P's surface). Both masks must be non-empty inside the crop.
   *
   * @param gt ground-truth labels, row-major {@code w x h}
   * @param pred predicted labels, row-major
   * @param w width
   * @param h height
   * @param c the class
   * @param x0 crop: first column of the union's bounding box
   * @param y0 first row
   * @param x1 last column (inclusive)
   * @param y1 last row (inclusive)
   * @param sx pixel spacing along x
   * @param sy pixel spacing along y
   * @param out receives HD95, HD, ASSD at {@link #HD95}, {@link #HD}, {@link #ASSD}
   */
  public void compute(int[] gt, int[] pred, int w, int h, int c, int x0, int y0, int x1, int y1, double sx,
      double sy, double[] out) {
    int cw = x1 - x0 + 1;
    int ch = y1 - y0 + 1;
    mark(gt, pred, w, h, c, x0, y0, x1, y1, false);
    int nG = (int) (edgeCounts >>> 32);
    int nP = (int) edgeCounts;
    if (nG == 0 || nP == 0) throw new IllegalArgumentException("class " + c + " is empty in the ground truth or the prediction");
    toGtSurface.index(edge, 1, cw, ch);
    toPredSurface.index(edge, 2, cw, ch);
    if (dPg.length < nP) dPg = new double[Math.max(nP, 2 * dPg.length)];
    if (dGp.length < nG) dGp = new double[Math.max(nG, 2 * dGp.length)];
    int kp = 0;
    int kg = 0;
    for (int y = 0; y < ch; y++) {
      int row = y * cw;
      for (int x = 0; x < cw; x++) {
        byte e = edge[row + x];
        if (e == 0) continue;
        if ((e & 2) != 0) dPg[kp++] = Math.sqrt(toGtSurface.squaredDistance(x, y, sx, sy));
        if ((e & 1) != 0) dGp[kg++] = Math.sqrt(toPredSurface.squaredDistance(x, y, sx, sy));
      }
    }
    summarize(kp, kg, out);
  }

  private long edgeCounts;

  /**
   * Marks the surfaces of G (bit 1) and P (bit 2) in {@link #edge} over the crop; with {@code seeds} also
   * fills the transforms' inputs. Counts go to {@link #edgeCounts} (G high, P low).
   */
  private void mark(int[] gt, int[] pred, int w, int h, int c, int x0, int y0, int x1, int y1, boolean seeds) {
    int cw = x1 - x0 + 1;
    int ch = y1 - y0 + 1;
    int n = cw * ch;
    if (edge.length < n) edge = new byte[n];
    if (seeds && toGt.length < n) {
      toGt = new double[n];
      toPred = new double[n];
    }
    long nG = 0;
    long nP = 0;
    for (int y = y0; y <= y1; y++) {
      int row = y * w;
      int o = (y - y0) * cw - x0;
      for (int x = x0; x <= x1; x++) {
        int i = row + x;
        byte e = 0;
        if (gt[i] == c && isEdge(gt, i, x, y, w, h, c)) e = 1;
        if (pred[i] == c && isEdge(pred, i, x, y, w, h, c)) e |= 2;
        edge[o + x] = e;
        if (seeds) {
          toGt[o + x] = (e & 1) != 0 ? 0 : DistanceTransform.FAR;
          toPred[o + x] = (e & 2) != 0 ? 0 : DistanceTransform.FAR;
        }
        nG += e & 1;
        nP += e >> 1;
      }
    }
    edgeCounts = nG << 32 | nP;
  }

  /**
   * As {@link #compute}, with two exact distance transforms over the whole crop instead of the search:
   * the same values, at a cost proportional to the crop's area.
   */
  public void computeWithTransform(int[] gt, int[] pred, int w, int h, int c, int x0, int y0, int x1, int y1,
      double sx, double sy, double[] out) {
    int cw = x1 - x0 + 1;
    int ch = y1 - y0 + 1;
    int n = cw * ch;
    mark(gt, pred, w, h, c, x0, y0, x1, y1, true);
    int nG = (int) (edgeCounts >>> 32);
    int nP = (int) edgeCounts;
    if (nG == 0 || nP == 0) throw new IllegalArgumentException("class " + c + " is empty in the ground truth or the prediction");
    edt.squared(toGt, cw, ch, sx, sy);
    edt.squared(toPred, cw, ch, sx, sy);
    if (dPg.length < nP) dPg = new double[Math.max(nP, 2 * dPg.length)];
    if (dGp.length < nG) dGp = new double[Math.max(nG, 2 * dGp.length)];
    int kp = 0;
    int kg = 0;
    for (int i = 0; i < n; i++) {
      byte e = edge[i];
      if ((e & 2) != 0) dPg[kp++] = Math.sqrt(toGt[i]);
      if ((e & 1) != 0) dGp[kg++] = Math.sqrt(toPred[i]);
    }
    summarize(kp, kg, out);
  }

  // per class surface pixels of G and P, row-major positions, grouped by class: [start[c], start[c + 1])
  private int[] gtEdges = new int[64];
  private int[] predEdges = new int[64];
  private int[] gtStart = new int[17];
  private int[] predStart = new int[17];
  private int[] scan = new int[64];
  private int[] scanClass = new int[64];
  private int[] cursor = new int[16];

  /**
   * HD95, HD and ASSD of every class present in both maps, from one pass per map that lists every
   * class's surface pixels (no per-class scan of the image): {@code G_c = (gt == c)} for
   * {@code c < K} (the ignore label is no class), {@code P_c = (pred == c)} over the whole map. Each
   * class's surface pixels are then swept in row-major order against the other surface's
   * {@link NearestSurface}.
   *
   * @param gt ground-truth labels, row-major {@code w x h}
   * @param pred predicted labels, row-major
   * @param w width
   * @param h height
   * @param numClasses K; labels {@code >= K} (the ignore label) belong to no class
   * @param sx pixel spacing along x
   * @param sy pixel spacing along y
   * @param out receives, per class {@code c}, HD95 / HD / ASSD at {@code 3c + HD95 | HD | ASSD}; NaN where the
   *     class is missing from either map
   */
  public void computeAll(int[] gt, int[] pred, int w, int h, int numClasses, double sx, double sy, double[] out) {
    if (gtStart.length < numClasses + 1) {
      gtStart = new int[numClasses + 1];
      predStart = new int[numClasses + 1];
    }
    gtEdges = listEdges(gt, w, h, numClasses, gtStart, gtEdges);
    predEdges = listEdges(pred, w, h, numClasses, predStart, predEdges);
    for (int c = 0; c < numClasses; c++) {
      int g0 = gtStart[c], nG = gtStart[c + 1] - g0;
      int p0 = predStart[c], nP = predStart[c + 1] - p0;
      if (nG == 0 || nP == 0) {
        out[3 * c] = out[3 * c + 1] = out[3 * c + 2] = Double.NaN;
        continue;
      }
      toGtSurface.index(gtEdges, g0, nG, w);
      toPredSurface.index(predEdges, p0, nP, w);
      if (dPg.length < nP) dPg = new double[Math.max(nP, 2 * dPg.length)];
      if (dGp.length < nG) dGp = new double[Math.max(nG, 2 * dGp.length)];
      directed(predEdges, p0, nP, w, toGtSurface, sx, sy, dPg);
      directed(gtEdges, g0, nG, w, toPredSurface, sx, sy, dGp);
      summarize(nP, nG, triple);
      System.arraycopy(triple, 0, out, 3 * c, 3);
    }
  }

  /** Distances of the surface pixels {@code positions[from, from + n)} (row-major order) to {@code to}, into {@code d}. */
  private static void directed(int[] positions, int from, int n, int w, NearestSurface to, double sx, double sy,
      double[] d) {
    for (int i = 0; i < n; i++) {
      int p = positions[from + i];
      int y = p / w;
      d[i] = Math.sqrt(to.squaredDistance(p - y * w, y, sx, sy));
    }
  }

  private final double[] triple = new double[3];

  /**
   * Lists the surface pixels of every class of one map, grouped by class, row-major within a class.
   * Each row is read once, into its runs of equal labels; a row's surface pixels then come from its own
   * runs and those of the rows above and below: both ends of a run, and its inner pixels where the run
   * above or below has another label (interval by interval, not pixel by pixel). Rows 0 and h-1 are all
   * surface. Pixels are written with their class in scan order, counted per class, then put in order by
   * a stable counting sort (their classes kept beside them: reading the labels again would be a cache
   * miss per pixel). Returns the list ({@code list} or a larger one); {@code start[c]} is where class
   * {@code c} begins.
   */
  private int[] listEdges(int[] labels, int w, int h, int k, int[] start, int[] list) {
    java.util.Arrays.fill(start, 0, k + 1, 0);
    for (int r = 0; r < 3; r++) {
      if (runEnd[r].length < w) {
        runEnd[r] = new int[w];
        runLabel[r] = new int[w];
      }
    }
    // rows y - 1, y, y + 1 as runs: slots rotate
    int up = 0;
    int mid = 1;
    int down = 2;
    runs(labels, 0, w, runEnd[mid], runLabel[mid]);
    if (h > 1) runs(labels, w, w, runEnd[down], runLabel[down]);
    int n = 0;
    for (int y = 0; y < h; y++) {
      // room for a whole row, so the loops below store without checking
      if (scan.length < n + w) {
        scan = java.util.Arrays.copyOf(scan, Math.max(n + w, 2 * scan.length));
        scanClass = java.util.Arrays.copyOf(scanClass, scan.length);
      }
      int row = y * w;
      int[] end = runEnd[mid];
      int[] lab = runLabel[mid];
      if (y == 0 || y == h - 1) {
        for (int r = 0, x = 0; x < w; r++) {
          int c = lab[r];
          int e = end[r];
          if (c >= 0 && c < k) for (; x < e; x++) n = record(row + x, c, n, start);
          x = e;
        }
      } else {
        n = innerRow(row, w, end, lab, runEnd[up], runLabel[up], runEnd[down], runLabel[down], k, n, start);
      }
      int t = up;
      up = mid;
      mid = down;
      down = t;
      if (y + 2 < h) runs(labels, (y + 2) * w, w, runEnd[down], runLabel[down]);
    }
    for (int c = 0; c < k; c++) start[c + 1] += start[c];
    if (list.length < n) list = new int[Math.max(n, 2 * list.length)];
    if (cursor.length < k) cursor = new int[k];
    System.arraycopy(start, 0, cursor, 0, k);
    for (int i = 0; i < n; i++) list[cursor[scanClass[i]]++] = scan[i];
    return list;
  }

  // runs of three rows: exclusive ends and labels
  private final int[][] runEnd = {new int[16], new int[16], new int[16]};
  private final int[][] runLabel = {new int[16], new int[16], new int[16]};

  /**
   * Cuts row {@code row} into runs of equal labels: exclusive ends and labels. A run ends where the row
   * first differs from itself shifted by one pixel, found by {@code Arrays.mismatch} (words at a time).
   */
  private static void runs(int[] labels, int row, int w, int[] end, int[] label) {
    int r = 0;
    int x = 0;
    int last = row + w - 1;
    while (x < w) {
      int m = java.util.Arrays.mismatch(labels, row + x, last, labels, row + x + 1, last + 1);
      int e = m < 0 ? w : x + m + 1;
      end[r] = e;
      label[r++] = labels[row + x];
      x = e;
    }
  }

  /** Records the surface pixels of an inner row (neither the first nor the last) from its runs and its neighbours'. */
  private int innerRow(int row, int w, int[] end, int[] lab, int[] aEnd, int[] aLab, int[] bEnd, int[] bLab, int k,
      int n, int[] start) {
    int ia = 0;
    int ib = 0;
    for (int r = 0, s = 0; s < w; r++) {
      int e = end[r];
      int c = lab[r];
      if (c >= 0 && c < k) {
        n = record(row + s, c, n, start);
        // inner pixels s+1 .. e-2: surface where the run above or below has another label
        int x = s + 1;
        int hi = e - 1;
        if (x < hi) {
          while (aEnd[ia] <= x) ia++;
          while (bEnd[ib] <= x) ib++;
          while (x < hi) {
            int next = Math.min(hi, Math.min(aEnd[ia], bEnd[ib]));
            if (aLab[ia] != c || bLab[ib] != c) {
              for (; x < next; x++) n = record(row + x, c, n, start);
            } else {
              x = next;
            }
            if (aEnd[ia] == next) ia++;
            if (bEnd[ib] == next) ib++;
          }
        }
        if (e - 1 > s) n = record(row + e - 1, c, n, start);
      }
      s = e;
    }
    return n;
  }

  private int record(int i, int c, int n, int[] start) {
    scan[n] = i;
    scanClass[n] = c;
    start[c + 1]++;
    return n + 1;
  }

  /**
   * HD95, HD and ASSD from the directed distances in {@link #dPg} and {@link #dGp}: each direction's 95th
   * percentile by selection (no sort), the maxima and the pooled sum in one pass first, in listing order.
   */
  private void summarize(int kp, int kg, double[] out) {
    double sum = 0;
    double max = 0;
    for (int i = 0; i < kp; i++) {
      sum += dPg[i];
      max = Math.max(max, dPg[i]);
    }
    for (int i = 0; i < kg; i++) {
      sum += dGp[i];
      max = Math.max(max, dGp[i]);
    }
    out[HD] = max;
    // one pooled mean of both directions (MONAI's symmetric ASSD)
    out[ASSD] = sum / (kp + kg);
    out[HD95] = Math.max(Percentiles.quantileUnsorted(dPg, kp, 0.95), Percentiles.quantileUnsorted(dGp, kg, 0.95));
  }

  /** Whether pixel {@code i} at {@code (x, y)} of the mask {@code labels == c} has a 4-neighbour outside the image or the mask. */
  private static boolean isEdge(int[] labels, int i, int x, int y, int w, int h, int c) {
    if (x == 0 || y == 0 || x == w - 1 || y == h - 1) return true;
    return labels[i - 1] != c || labels[i + 1] != c || labels[i - w] != c || labels[i + w] != c;
  }
}
