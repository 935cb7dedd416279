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
 * is read once to advance the column runs and once, {@code d} rows later, to cut it into pieces of one
 * label and one band status per map; the two maps' pieces are then merged and counted piece by piece.
 *
 * <p>Not thread-safe: scratch rows are reused.
 */
public final class LabelBands {
  private int[] gtSince = new int[16];
  private int[] predSince = new int[16];
  // one row cut into pieces of one label and one band status: exclusive ends, labels, 1 = in the band
  private int[] gtEnd = new int[48];
  private int[] gtLabel = new int[48];
  private byte[] gtInBand = new byte[48];
  private int[] predEnd = new int[48];
  private int[] predLabel = new int[48];
  private byte[] predInBand = new byte[48];

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
    if (gtEnd.length < 3 * w) {
      gtEnd = new int[3 * w];
      gtLabel = new int[3 * w];
      gtInBand = new byte[3 * w];
      predEnd = new int[3 * w];
      predLabel = new int[3 * w];
      predInBand = new byte[3 * w];
    }
    // rows closer than d to the top or bottom are all band (limit -1: no column is uniform); so is
    // everything when the square does not fit
    boolean fits = 2L * d + 1 <= h && 2L * d + 1 <= w;
    int firstInner = fits ? d : h;
    java.util.Arrays.fill(gtSince, 0, w, 0);
    java.util.Arrays.fill(predSince, 0, w, 0);
    for (int yc = 0; yc < firstInner; yc++) countRow(gt, pred, yc * w, w, -1, d, numClasses, ignore, inter, gtBand, predBand);
    if (!fits) return;
    for (int y = 1; y < h; y++) {
      int row = y * w;
      int prev = row - w;
      advance(gt, row, w, y, gtSince);
      advance(pred, row, w, y, predSince);
      // row yc = y - d: its vertical window [yc - d, yc + d] is uniform iff the run reaching row y began by y - 2d
      if (y >= 2 * d) countRow(gt, pred, (y - d) * w, w, y - 2 * d, d, numClasses, ignore, inter, gtBand, predBand);
    }
    for (int yc = h - d; yc < h; yc++) countRow(gt, pred, yc * w, w, -1, d, numClasses, ignore, inter, gtBand, predBand);
  }

  /**
   * Starts a new vertical run at row {@code y} in every column whose label differs from the row above:
   * equal stretches are skipped by {@code Arrays.mismatch} (words at a time), differing ones walked.
   */
  private static void advance(int[] labels, int row, int w, int y, int[] since) {
    int prev = row - w;
    int x = 0;
    while (x < w) {
      int m = java.util.Arrays.mismatch(labels, row + x, row + w, labels, prev + x, row);
      if (m < 0) return;
      x += m;
      while (x < w && labels[row + x] != labels[prev + x]) since[x++] = y;
    }
  }

  /**
   * Counts row {@code row}, whose columns are vertically uniform where {@code since <= limit}: each map's
   * row is cut into pieces ({@link #pieces}), then the two lists are merged and every stretch of one
   * (gt label, pred label, band bits) is added at once.
   */
  private void countRow(int[] gt, int[] pred, int row, int w, int limit, int d, int numClasses, int ignore,
      long[] inter, long[] gtBand, long[] predBand) {
    pieces(gt, gtSince, row, w, limit, d, gtEnd, gtLabel, gtInBand);
    pieces(pred, predSince, row, w, limit, d, predEnd, predLabel, predInBand);
    int i = 0;
    int j = 0;
    int x = 0;
    while (x < w) {
      int ge = gtEnd[i];
      int pe = predEnd[j];
      int e = Math.min(ge, pe);
      int g = gtLabel[i];
      // pixels whose ground truth is the ignore label are removed from both bands after banding
      if (g != ignore) {
        int p = predLabel[j];
        long n = e - x;
        boolean bg = gtInBand[i] != 0 && g < numClasses;
        boolean bp = predInBand[j] != 0 && p < numClasses;
        if (bg) gtBand[g] += n;
        if (bp) predBand[p] += n;
        if (bg && bp && g == p) inter[g] += n;
      }
      x = e;
      if (ge == e) i++;
      if (pe == e) j++;
    }
  }

  /**
   * Cuts row {@code row} of one map into pieces of one label and one band status. A stretch of columns
   * that are vertically uniform ({@code since <= limit}) and hold one label is interior but for
   * {@code d} pixels at each end: pixel x is interior iff columns {@code x-d .. x+d} all lie in such a
   * stretch (and so inside the image). Everything else is band.
   */
  private static void pieces(int[] labels, int[] since, int row, int w, int limit, int d, int[] end, int[] label,
      byte[] inBand) {
    int k = 0;
    int x = 0;
    while (x < w) {
      int s = x;
      int c = labels[row + x];
      boolean uniform = since[x] <= limit;
      x++;
      if (uniform) {
        while (x < w && labels[row + x] == c && since[x] <= limit) x++;
      } else {
        while (x < w && labels[row + x] == c && since[x] > limit) x++;
      }
      // a uniform piece is a maximal stretch: the columns on both sides differ in label or uniformity
      if (uniform && x - s > 2 * d) {
        end[k] = s + d;
        label[k] = c;
        inBand[k++] = 1;
        end[k] = x - d;
        label[k] = c;
        inBand[k++] = 0;
      }
      end[k] = x;
      label[k] = c;
      inBand[k++] = 1;
    }
  }
}
