package dev.overlap.core.surface;

/**
 * Exact nearest-feature distances for sparse query points: the features (surface pixels of one
 * mask) are bucketed by column, ascending rows within a column; a query scans columns outward from
 * its own and stops once the column distance alone reaches the best squared distance found. Each
 * column costs one binary search. A surface is a thin set (a contour), so this touches far fewer
 * cells than a full-frame transform ({@link DistanceTransform}) while giving the same squared
 * distances, integers times the squared spacings.
 *
 * <p>Not thread-safe: the buckets are reused between calls.
 */
public final class NearestSurface {
  private int[] columnStart = new int[17];
  private int[] rows = new int[16];
  private int width;

  /**
   * Indexes feature pixels given as row-major positions {@code y * w + x}, ascending (a row-major scan).
   *
   * @param positions feature positions, ascending
   * @param from first position in {@code positions}
   * @param n number of features
   * @param w width of the grid
   */
  public void index(int[] positions, int from, int n, int w) {
    width = w;
    if (columnStart.length < w + 1) columnStart = new int[w + 1];
    java.util.Arrays.fill(columnStart, 0, w + 1, 0);
    for (int i = from; i < from + n; i++) columnStart[positions[i] % w + 1]++;
    for (int x = 0; x < w; x++) columnStart[x + 1] += columnStart[x];
    if (rows.length < n) rows = new int[Math.max(n, 2 * rows.length)];
    if (fill.length < w) fill = new int[w];
    System.arraycopy(columnStart, 0, fill, 0, w);
    // ascending positions: each column's rows arrive in ascending order
    for (int i = from; i < from + n; i++) {
      int p = positions[i];
      int x = p % w;
      rows[fill[x]++] = p / w;
    }
  }

  private int[] fill = new int[16];

  /**
   * Indexes feature pixels: {@code (flags[y * w + x] & bit) != 0} over a {@code w x h} grid (a crop).
   *
   * @param flags per pixel, row-major
   * @param bit the bit of {@code flags} that marks a feature
   * @param w width
   * @param h height
   * @return the number of features
   */
  public int index(byte[] flags, int bit, int w, int h) {
    int n = 0;
    for (int i = 0; i < w * h; i++) if ((flags[i] & bit) != 0) n++;
    if (positions.length < n) positions = new int[n];
    int k = 0;
    for (int i = 0; i < w * h; i++) if ((flags[i] & bit) != 0) positions[k++] = i;
    index(positions, 0, n, w);
    return n;
  }

  private int[] positions = new int[16];

  /**
   * Squared distance from {@code (qx, qy)} to the nearest indexed feature, {@code (sx*dx)^2 + (sy*dy)^2}.
   *
   * @param qx query column
   * @param qy query row
   * @param sx spacing along x
   * @param sy spacing along y
   * @return the squared distance; {@code Double.POSITIVE_INFINITY} when nothing is indexed
   */
  public double squaredDistance(int qx, int qy, double sx, double sy) {
    double best = Double.POSITIVE_INFINITY;
    double sx2 = sx * sx;
    double sy2 = sy * sy;
    for (int dx = 0; ; dx++) {
      double cx = sx2 * dx * dx;
      if (cx >= best) break;
      int left = qx - dx;
      int right = qx + dx;
      if (left < 0 && right >= width) break;
      if (left >= 0) best = Math.min(best, cx + sy2 * nearestRowGap(left, qy));
      if (dx > 0 && right < width) best = Math.min(best, cx + sy2 * nearestRowGap(right, qy));
    }
    return best;
  }

  /** Squared row distance from {@code qy} to the nearest feature of column {@code x}; +inf for an empty column. */
  private double nearestRowGap(int x, int qy) {
    int lo = columnStart[x];
    int hi = columnStart[x + 1];
    if (lo == hi) return Double.POSITIVE_INFINITY;
    // first feature row >= qy
    int a = lo;
    int b = hi;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (rows[m] < qy) a = m + 1;
      else b = m;
    }
    long g = Long.MAX_VALUE;
    if (a < hi) g = rows[a] - qy;
    if (a > lo) g = Math.min(g, qy - rows[a - 1]);
    return (double) (g * g);
  }
}
