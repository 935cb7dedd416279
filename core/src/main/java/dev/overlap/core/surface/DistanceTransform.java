package dev.overlap.core.surface;

/**
 * Exact squared Euclidean distance transform of a binary feature image (Felzenszwalb and
 * Huttenlocher): a 1-D transform down every column, then along every row, each the lower envelope
 * of parabolas rooted at the samples. Works with anisotropic spacing by weighting each axis.
 *
 * <p>Not thread-safe: keeps the envelope's scratch arrays, sized for the longest axis seen.
 */
public final class DistanceTransform {
  /** "No feature on this line": larger than any squared distance of a real image, finite for the envelope maths. */
  public static final double FAR = 1e20;

  private int[] v = new int[16];
  private double[] z = new double[17];
  private double[] line = new double[16];
  private double[] out = new double[16];

  /**
   * Replaces {@code f} (row-major {@code w x h}, 0 at feature pixels and {@link #FAR} elsewhere) by the
   * squared distance of every pixel to its nearest feature pixel, {@code (sx*dx)^2 + (sy*dy)^2}; an
   * image without features stays {@code FAR} everywhere.
   *
   * @param f the image, transformed in place
   * @param w width
   * @param h height
   * @param sx spacing along x (column distance)
   * @param sy spacing along y (row distance)
   */
  public void squared(double[] f, int w, int h, double sx, double sy) {
    ensure(Math.max(w, h));
    double wy = sy * sy;
    double wx = sx * sx;
    for (int x = 0; x < w; x++) {
      boolean any = false;
      for (int y = 0; y < h; y++) {
        double s = f[y * w + x];
        line[y] = s;
        any |= s < FAR;
      }
      // a column without features stays FAR: the row pass finds features in other columns
      if (!any) continue;
      oneDimension(line, h, wy, out);
      for (int y = 0; y < h; y++) f[y * w + x] = out[y];
    }
    for (int y = 0; y < h; y++) {
      int row = y * w;
      boolean any = false;
      for (int x = 0; x < w; x++) {
        line[x] = f[row + x];
        any |= line[x] < FAR;
      }
      if (!any) continue;
      oneDimension(line, w, wx, out);
      System.arraycopy(out, 0, f, row, w);
    }
  }

  /**
   * The 1-D transform {@code d(q) = min_p (weight * (q - p)^2 + f(p))} over samples {@code p} with
   * {@code f(p) < FAR}, by the lower envelope of their parabolas (FH 2012, Algorithm 1).
   */
  void oneDimension(double[] f, int n, double weight, double[] d) {
    int k = -1;
    for (int q = 0; q < n; q++) {
      if (!(f[q] < FAR)) continue;
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        continue;
      }
      double fq = f[q] + weight * q * q;
      double s = intersection(f, v[k], fq, q, weight);
      // z[0] is -inf, so the loop stops at k = 0 at the latest
      while (s <= z[k]) {
        k--;
        s = intersection(f, v[k], fq, q, weight);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
      while (z[k + 1] < q) k++;
      double dq = q - v[k];
      d[q] = weight * dq * dq + f[v[k]];
    }
  }

  /** Where the parabola rooted at {@code p} meets the one rooted at {@code q > p} ({@code fq} includes {@code weight*q^2}). */
  private static double intersection(double[] f, int p, double fq, int q, double weight) {
    return (fq - (f[p] + weight * p * p)) / (2 * weight * (q - p));
  }

  private void ensure(int n) {
    if (line.length < n) {
      v = new int[n];
      z = new double[n + 1];
      line = new double[n];
      out = new double[n];
    }
  }
}
