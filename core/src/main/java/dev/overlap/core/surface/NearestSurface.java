package dev.overlap.core.surface;

/**
 * Exact nearest-feature distances for sparse query points: the features (surface pixels of one
 * mask) are bucketed by column, ascending rows within a column; a query scans columns outward from
 * its own and stops once the column distance alone reaches the best squared distance found. Each
 * column costs one binary search. A surface is a thin set (a contour), so this touches far fewer
 * cells than a full-frame transform ({@link DistanceTransform}) while giving the same squared
 * distances, integers times the squared spacings. Columns are also grouped in blocks of
 * {@value #BLOCK} with the block's rows sorted: one binary search bounds a whole block from below, so a
 * query far from the surface skips most columns without searching them.
 *
 * <p>Not thread-safe: the buckets are reused between calls.
 */
public final class NearestSurface {
  static final int BLOCK = 16;
  private int[] columnStart = new int[17];
  private int[] blockStart = new int[17];
  private int[] blockRows = new int[16];
  private int[] blockFill = new int[16];
  private int blocks;
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
    blocks = (w + BLOCK - 1) / BLOCK;
    if (blockStart.length < blocks + 1) blockStart = new int[blocks + 1];
    if (blockFill.length < blocks) blockFill = new int[blocks];
    if (blockRows.length < n) blockRows = new int[Math.max(n, 2 * blockRows.length)];
    for (int b = 0; b <= blocks; b++) blockStart[b] = columnStart[Math.min(b * BLOCK, w)];
    System.arraycopy(blockStart, 0, blockFill, 0, blocks);
    // the same ascending scan gives each block's rows in ascending order
    for (int i = from; i < from + n; i++) {
      int p = positions[i];
      blockRows[blockFill[(p % w) / BLOCK]++] = p / w;
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
    int qb = qx / BLOCK;
    for (int db = 0; ; db++) {
      int left = qb - db;
      int right = qb + db;
      if (left < 0 && right >= blocks) break;
      // the nearest column of a block at distance db >= 1 is (db - 1) * BLOCK + 1 columns away at least
      double reach = db == 0 ? 0 : (double) (db - 1) * BLOCK + 1;
      if (sx2 * reach * reach >= best) break;
      if (left >= 0) best = block(left, qx, qy, sx2, sy2, best);
      if (db > 0 && right < blocks) best = block(right, qx, qy, sx2, sy2, best);
    }
    return best;
  }

  /** {@code best} lowered by the features of block {@code b}, whose columns are searched only when a bound allows. */
  private double block(int b, int qx, int qy, double sx2, double sy2, double best) {
    int x0 = b * BLOCK;
    int x1 = Math.min(x0 + BLOCK, width) - 1;
    int dxMin = qx < x0 ? x0 - qx : qx > x1 ? qx - x1 : 0;
    double lower = sx2 * dxMin * dxMin;
    if (lower >= best) return best;
    double gap = rowGap(blockRows, blockStart[b], blockStart[b + 1], qy);
    if (lower + sy2 * gap >= best) return best;
    for (int x = x0; x <= x1; x++) {
      int dx = x - qx;
      double cx = sx2 * dx * dx;
      if (cx >= best) continue;
      best = Math.min(best, cx + sy2 * rowGap(rows, columnStart[x], columnStart[x + 1], qy));
    }
    return best;
  }

  /** Squared row distance from {@code qy} to the nearest of the ascending rows {@code r[lo, hi)}; +inf when empty. */
  private static double rowGap(int[] r, int lo, int hi, int qy) {
    if (lo == hi) return Double.POSITIVE_INFINITY;
    int a = lo;
    int b = hi;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (r[m] < qy) a = m + 1;
      else b = m;
    }
    long g = Long.MAX_VALUE;
    if (a < hi) g = r[a] - qy;
    if (a > lo) g = Math.min(g, qy - r[a - 1]);
    return (double) (g * g);
  }

}
