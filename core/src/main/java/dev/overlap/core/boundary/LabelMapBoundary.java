package dev.overlap.core.boundary;

import dev.overlap.core.png.LabelImage;
import dev.overlap.core.surface.SurfaceDistances;
import java.util.Arrays;

/**
 * The boundary metrics of one pair of label maps, per class ({@code BOUNDARY-SEMANTICS.md} Part B):
 * boundary IoU counts ({@link LabelBands}) and, where the class is in both maps, HD95 / HD / ASSD
 * ({@link SurfaceDistances}). Results stay readable until the next {@link #evaluate}.
 *
 * <p>Not thread-safe: one instance per task, buffers reused across images.
 */
public final class LabelMapBoundary {
  private final int numClasses;
  private final int ignore;
  private final double ratio;
  private final double sx;
  private final double sy;
  private final LabelBands bands = new LabelBands();
  private final SurfaceDistances surfaces = new SurfaceDistances();
  private final long[] inter;
  private final long[] gtBand;
  private final long[] predBand;
  private final double[] distances; // [c * 3 + HD95 | HD | ASSD], NaN where undefined
  private int bandWidth;

  /**
   * @param numClasses K
   * @param ignore ground-truth ignore label, or -1
   * @param ratio dilation ratio for the band width, in (0, 1]
   * @param sx pixel spacing along x (1 for pixels)
   * @param sy pixel spacing along y
   */
  public LabelMapBoundary(int numClasses, int ignore, double ratio, double sx, double sy) {
    BandWidth.checkRatio(ratio);
    if (!(sx > 0 && sy > 0 && Double.isFinite(sx) && Double.isFinite(sy))) {
      throw new IllegalArgumentException("spacing must be two positive numbers, got " + sx + ", " + sy);
    }
    this.numClasses = numClasses;
    this.ignore = ignore;
    this.ratio = ratio;
    this.sx = sx;
    this.sy = sy;
    inter = new long[numClasses];
    gtBand = new long[numClasses];
    predBand = new long[numClasses];
    distances = new double[3 * numClasses];
  }

  /**
   * Evaluates one image. Labels must already be valid: ground truth in {@code 0..K-1} or the ignore
   * label, predictions in {@code 0..K-1} wherever the ground truth is not ignored (the confusion
   * counting checks this first).
   *
   * @param gt ground-truth labels, row-major {@code w x h}
   * @param pred predicted labels, row-major
   * @param w width
   * @param h height
   */
  public void evaluate(int[] gt, int[] pred, int w, int h) {
    Arrays.fill(inter, 0);
    Arrays.fill(gtBand, 0);
    Arrays.fill(predBand, 0);
    bandWidth = BandWidth.pixels(h, w, ratio);
    bands.count(gt, pred, w, h, bandWidth, numClasses, ignore, inter, gtBand, predBand);
    surfaces.computeAll(gt, pred, w, h, numClasses, sx, sy, distances);
  }

  /**
   * The labels of a decoded map as ints, row-major, into {@code reuse} when it is large enough.
   *
   * @param image a decoded label map (8- or 16-bit)
   * @param reuse a buffer to fill, or null
   * @return the filled buffer
   */
  public static int[] labels(LabelImage image, int[] reuse) {
    int n = image.pixelCount();
    int[] out = reuse != null && reuse.length >= n ? reuse : new int[n];
    if (image.labelBits() == 8) {
      byte[] b = image.bytes();
      for (int i = 0; i < n; i++) out[i] = b[i] & 0xFF;
    } else {
      short[] s = image.shorts();
      for (int i = 0; i < n; i++) out[i] = s[i] & 0xFFFF;
    }
    return out;
  }

  /** The band width of the last image, in pixels. */
  public int bandWidth() { return bandWidth; }
  /** {@code |B(G_c) ∩ B(P_c)|} of the last image (ignore pixels removed). */
  public long intersection(int c) { return inter[c]; }
  /** {@code |B(G_c) ∪ B(P_c)|} of the last image. */
  public long union(int c) { return gtBand[c] + predBand[c] - inter[c]; }
  /** Whether class {@code c} was in both maps of the last image, so that its distances are defined. */
  public boolean hasDistances(int c) { return !Double.isNaN(distances[3 * c]); }
  /** HD95 of class {@code c} in the last image, NaN when undefined. */
  public double hd95(int c) { return distances[3 * c + SurfaceDistances.HD95]; }
  /** HD of class {@code c} in the last image, NaN when undefined. */
  public double hd(int c) { return distances[3 * c + SurfaceDistances.HD]; }
  /** ASSD of class {@code c} in the last image, NaN when undefined. */
  public double assd(int c) { return distances[3 * c + SurfaceDistances.ASSD]; }
  /** K. */
  public int numClasses() { return numClasses; }
}
