package dev.overlap.core.boundary;

/**
 * Boundary IoU counts of every class of a pair of label maps in one pass (boundary-iou-api's
 * {@code mask_to_boundary} per class mask, {@code BOUNDARY-SEMANTICS.md} Part B).
 *
 * <p>A pixel of class {@code c} is interior (not in the band of {@code c}'s mask) iff the
 * {@code (2d+1)^2} square around it lies inside the image and holds only label {@code c}. That is
 * decided for all classes at once from runs of equal labels: down each column (a column's run start
 * is kept per column while rows stream by, so the map is read row by row) and then along the row,
 * over pixels whose vertical window is uniform. Cost per pixel is constant whatever {@code d}: each row
 * is read once to advance the column runs and once, {@code d} rows later, to decide and count its pixels.
 *
 * <p>Not thread-safe: scratch rows are reused.
 */
public final class LabelBands {
  private int[] gtSince = new int[16];
  private int[] predSince = new int[16];

  /**
   * Adds the image's band counts per class: {@code |B(G_c) ∩ B(P_c)|} to {@code inter[c]},
   * {@code |B(G_c)|} to {@code gtBand[c]} and {@code |B(P_c)|} to {@code predBand[c]}, with pixels whose
   * ground truth is {@code ignore} removed from both bands after banding. {@code G_c = (gt == c)},
   * {@code P_c = (pred == c)}; labels outside {@code 0..K-1} (the ignore label) belong to no class.
   * The union is {@code gtBand + predBand - inter}.
   *
   * @param gt ground-truth labels, row-major {@code w x h}
   * @param pred predicted labels, row-major
   * @param w width
   * @param h height
   * @param d band width in pixels ({@link BandWidth})
   * @param numClasses K
   * @param ignore ground-truth ignore label, or -1
   * @param inter per-class intersections, added to
   * @param gtBand per-class ground-truth band sizes, added to
   * @param predBand per-class predicted band sizes, added to
   */
  public void count(int[] gt, int[] pred, int w, int h, int d, int numClasses, int ignore, long[] inter, long[] gtBand,
      long[] predBand) {
    if (gtSince.length < w) {
      gtSince = new int[w];
      predSince = new int[w];
    }
    // rows closer than d to the top or bottom are all band; so is everything when the square does not fit
    boolean fits = 2L * d + 1 <= h && 2L * d + 1 <= w;
    int firstInner = fits ? d : h;
    for (int yc = 0; yc < firstInner; yc++) countRow(gt, pred, yc * w, 0, w, numClasses, ignore, inter, gtBand, predBand);
    if (!fits) return;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      if (y == 0) {
        java.util.Arrays.fill(gtSince, 0, w, 0);
        java.util.Arrays.fill(predSince, 0, w, 0);
      } else {
        int prev = row - w;
        for (int x = 0; x < w; x++) {
          if (gt[row + x] != gt[prev + x]) gtSince[x] = y;
          if (pred[row + x] != pred[prev + x]) predSince[x] = y;
        }
      }
      // row yc = y - d: its vertical window [yc - d, yc + d] is uniform iff the run reaching row y began by y - 2d
      if (y >= 2 * d) innerRow(gt, pred, (y - d) * w, w, y - 2 * d, d, numClasses, ignore, inter, gtBand, predBand);
    }
    for (int yc = h - d; yc < h; yc++) countRow(gt, pred, yc * w, 0, w, numClasses, ignore, inter, gtBand, predBand);
  }

  /**
   * Counts row {@code crow}, whose columns are vertically uniform where {@code since <= limit}, in one
   * pass: pixel x is interior iff the columns {@code x-d .. x+d} are uniform and hold one label, i.e. iff
   * the stretch of such columns ending at column {@code x+d} is at least {@code 2d+1} long. The stretch
   * lengths run {@code d} columns ahead of the pixel counted, so no per-pixel flags are stored.
   */
  private void innerRow(int[] gt, int[] pred, int crow, int w, int limit, int d, int numClasses, int ignore,
      long[] inter, long[] gtBand, long[] predBand) {
    int span = 2 * d + 1;
    int[] gs = gtSince;
    int[] ps = predSince;
    int fg = 0;
    int fp = 0;
    int lg = -1;
    int lp = -1;
    long runKey = -1;
    int run = 0;
    for (int x = 0; x < d; x++) {
      int a = gt[crow + x];
      fg = gs[x] <= limit ? (fg > 0 && a == lg ? fg + 1 : 1) : 0;
      lg = a;
      int b = pred[crow + x];
      fp = ps[x] <= limit ? (fp > 0 && b == lp ? fp + 1 : 1) : 0;
      lp = b;
    }
    for (int xe = d; xe < w; xe++) {
      int a = gt[crow + xe];
      fg = gs[xe] <= limit ? (fg > 0 && a == lg ? fg + 1 : 1) : 0;
      lg = a;
      int b = pred[crow + xe];
      fp = ps[xe] <= limit ? (fp > 0 && b == lp ? fp + 1 : 1) : 0;
      lp = b;
      int i = crow + xe - d;
      int g = gt[i];
      if (g == ignore) continue; // removed from both bands after banding
      int p = pred[i];
      // counted by runs of one (g, p, in G's band, in P's band): no increment per pixel
      long key = (long) g << 34 | (long) p << 2 | (fg < span ? 2 : 0) | (fp < span ? 1 : 0);
      if (key == runKey) {
        run++;
      } else {
        flush(runKey, run, numClasses, inter, gtBand, predBand);
        runKey = key;
        run = 1;
      }
    }
    flush(runKey, run, numClasses, inter, gtBand, predBand);
    // the last d pixels: their squares leave the image
    countRow(gt, pred, crow, w - d, w, numClasses, ignore, inter, gtBand, predBand);
  }

  /** Counts pixels {@code [x0, x1)} of row {@code row}, every one of them in its band. */
  private static void countRow(int[] gt, int[] pred, int row, int x0, int x1, int numClasses, int ignore, long[] inter,
      long[] gtBand, long[] predBand) {
    long runKey = -1;
    int run = 0;
    for (int i = row + x0, end = row + x1; i < end; i++) {
      int g = gt[i];
      if (g == ignore) continue; // removed from both bands after banding
      long key = (long) g << 34 | (long) pred[i] << 2 | 3;
      if (key == runKey) {
        run++;
      } else {
        flush(runKey, run, numClasses, inter, gtBand, predBand);
        runKey = key;
        run = 1;
      }
    }
    flush(runKey, run, numClasses, inter, gtBand, predBand);
  }

  /** Adds a run of {@code run} pixels with the labels and band bits packed in {@code runKey}. */
  private static void flush(long runKey, int run, int numClasses, long[] inter, long[] gtBand, long[] predBand) {
    if (run == 0) return;
    int g = (int) (runKey >>> 34);
    int p = (int) (runKey >>> 2);
    boolean bg = (runKey & 2) != 0 && g < numClasses;
    boolean bp = (runKey & 1) != 0 && p < numClasses;
    if (bg) gtBand[g] += run;
    if (bp) predBand[p] += run;
    if (bg && bp && g == p) inter[g] += run;
  }
}
