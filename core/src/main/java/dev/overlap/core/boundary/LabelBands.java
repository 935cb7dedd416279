package dev.overlap.core.boundary;

/**
 * Boundary IoU counts of every class of a pair of label maps in one pass (boundary-iou-api's
 * {@code mask_to_boundary} per class mask, {@code BOUNDARY-SEMANTICS.md} Part B).
 *
 * <p>A pixel of class {@code c} is interior (not in the band of {@code c}'s mask) iff the
 * {@code (2d+1)^2} square around it lies inside the image and holds only label {@code c}. That is
 * decided for all classes at once from runs of equal labels: down each column (a column's run start
 * is kept per column while rows stream by, so the map is read row by row) and then along the row,
 * over pixels whose vertical window is uniform. Cost per pixel is constant whatever {@code d}.
 *
 * <p>Not thread-safe: scratch rows are reused.
 */
public final class LabelBands {
  private int[] gtSince = new int[16];
  private int[] predSince = new int[16];
  private byte[] gtInterior = new byte[16];
  private byte[] predInterior = new byte[16];

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
      gtInterior = new byte[w];
      predInterior = new byte[w];
    }
    java.util.Arrays.fill(gtInterior, 0, w, (byte) 0);
    java.util.Arrays.fill(predInterior, 0, w, (byte) 0);
    // rows closer than d to the top or bottom are all band; so is everything when the square does not fit
    boolean fits = 2L * d + 1 <= h && 2L * d + 1 <= w;
    int firstInner = fits ? d : h;
    for (int yc = 0; yc < Math.min(firstInner, h); yc++) countRow(gt, pred, yc * w, w, numClasses, ignore, inter, gtBand, predBand);
    if (!fits) return;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      if (y == 0) {
        for (int x = 0; x < w; x++) {
          gtSince[x] = 0;
          predSince[x] = 0;
        }
      } else {
        int prev = row - w;
        for (int x = 0; x < w; x++) {
          if (gt[row + x] != gt[prev + x]) gtSince[x] = y;
          if (pred[row + x] != pred[prev + x]) predSince[x] = y;
        }
      }
      if (y < 2 * d) continue;
      // row yc = y - d: its vertical window [yc - d, yc + d] is uniform iff the run reaching row y began by y - 2d
      int yc = y - d;
      int crow = yc * w;
      interior(gt, gtSince, crow, w, y - 2 * d, d, gtInterior);
      interior(pred, predSince, crow, w, y - 2 * d, d, predInterior);
      countRow(gt, pred, crow, w, numClasses, ignore, inter, gtBand, predBand);
    }
    java.util.Arrays.fill(gtInterior, 0, w, (byte) 0);
    java.util.Arrays.fill(predInterior, 0, w, (byte) 0);
    for (int yc = h - d; yc < h; yc++) countRow(gt, pred, yc * w, w, numClasses, ignore, inter, gtBand, predBand);
  }

  /** Marks the pixels of row {@code crow} whose whole square is one label: runs of uniform columns of one label, less d at each end. */
  private static void interior(int[] labels, int[] since, int crow, int w, int sinceLimit, int d, byte[] out) {
    int x = 0;
    while (x < w) {
      if (since[x] > sinceLimit) {
        out[x++] = 0;
        continue;
      }
      int s = x;
      int label = labels[crow + x];
      while (x < w && since[x] <= sinceLimit && labels[crow + x] == label) x++;
      int e = x;
      for (int i = s; i < e; i++) out[i] = (byte) (i >= s + d && i < e - d ? 1 : 0);
    }
  }

  private void countRow(int[] gt, int[] pred, int row, int w, int numClasses, int ignore, long[] inter, long[] gtBand,
      long[] predBand) {
    for (int x = 0; x < w; x++) {
      int g = gt[row + x];
      if (g == ignore) continue; // removed from both bands after banding
      int p = pred[row + x];
      boolean bg = gtInterior[x] == 0 && g < numClasses;
      boolean bp = predInterior[x] == 0 && p < numClasses;
      if (bg) gtBand[g]++;
      if (bp) predBand[p]++;
      if (bg && bp && g == p) inter[g]++;
    }
  }
}
