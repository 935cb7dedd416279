package dev.overlap.core.surface;

/**
 * Exact nearest-feature distances for sparse query points swept in row-major order. The features
 * (surface pixels of one mask) are bucketed by column and, level above level, by blocks of
 * {@value #FANOUT} columns, {@value #FANOUT}^2 columns, ... up to one block over the whole width; every
 * bucket keeps its features' rows ascending. A query walks the tree from the top, children nearest to
 * its column first: a bucket whose column distance alone reaches the best squared distance found ends its
 * side, and a bucket whose column distance and nearest row together reach it is skipped whole. A query
 * a few pixels from the surface touches a handful of columns; one a thousand pixels away skips whole
 * blocks of 256 columns instead of scanning a thousand columns.
 *
 * <p>Queries come in non-decreasing rows (a row-major scan of the other surface), so each bucket keeps a
 * cursor on its first feature row at or below the query row: cursors only move forward, so a bucket's
 * nearest rows cost amortised constant time, not a binary search. A query above the previous one
 * restarts the cursors (correct in any order, fast in row-major order).
 *
 * <p>Squared distances are {@code (sx*dx)^2 + (sy*dy)^2} with integer {@code dx, dy}: exact in double
 * (integers below 2^53 for unit spacing), equal to {@link DistanceTransform}'s.
 *
 * <p>Not thread-safe: the buckets, cursors and the current query are reused between calls.
 */
public final class NearestSurface {
  static final int SHIFT = 4;
  static final int FANOUT = 1 << SHIFT;
  private static final int MAX_LEVELS = 8;
  private static final double INF = Double.POSITIVE_INFINITY;

  private int width;
  private int levels;
  // per level l (buckets of 16^l columns): bucket b's rows are rows[l][start[l][b], start[l][b + 1]), ascending
  private final int[] count = new int[MAX_LEVELS];
  private final int[][] start = new int[MAX_LEVELS][];
  private final int[][] at = new int[MAX_LEVELS][];
  private final int[][] rows = new int[MAX_LEVELS][];
  private int lastQueryRow;
  private boolean empty = true;
  private int[] positions = new int[16];

  // the query being answered
  private int qx;
  private int qy;
  private double sx2;
  private double sy2;
  private double best;
  // the feature nearest to the previous query: its distance to the next query bounds the search from above
  private int nearX = -1;
  private int nearY;

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
    levels = 1;
    while (((long) FANOUT << (SHIFT * (levels - 1))) < w) levels++;
    levels++; // the top level: one bucket over the whole width
    for (int l = 0; l < levels; l++) {
      int buckets = (int) ((w + (1L << (SHIFT * l)) - 1) >> (SHIFT * l));
      count[l] = buckets;
      if (start[l] == null || start[l].length < buckets + 1) {
        start[l] = new int[buckets + 1];
        at[l] = new int[buckets];
      }
      if (rows[l] == null || rows[l].length < n) rows[l] = new int[Math.max(n, rows[l] == null ? 16 : 2 * rows[l].length)];
    }
    int[] columnStart = start[0];
    java.util.Arrays.fill(columnStart, 0, w + 1, 0);
    for (int i = from; i < from + n; i++) columnStart[positions[i] % w + 1]++;
    for (int x = 0; x < w; x++) columnStart[x + 1] += columnStart[x];
    for (int l = 1; l < levels; l++) {
      int[] s = start[l];
      int sh = SHIFT * l;
      for (int b = 0; b <= count[l]; b++) s[b] = columnStart[(int) Math.min((long) b << sh, w)];
    }
    // ascending positions: every bucket's rows arrive in ascending order
    for (int l = 0; l < levels; l++) System.arraycopy(start[l], 0, at[l], 0, count[l]);
    for (int i = from; i < from + n; i++) {
      int p = positions[i];
      int y = p / w;
      int x = p - y * w;
      // the top bucket's rows are never asked for: the search starts below it
      for (int l = 0; l < levels - 1; l++) {
        int b = x >> (SHIFT * l);
        rows[l][at[l][b]++] = y;
      }
    }
    empty = n == 0;
    nearX = -1;
    rewind();
  }

  /** Cursors back to each bucket's first row. */
  private void rewind() {
    for (int l = 0; l < levels; l++) System.arraycopy(start[l], 0, at[l], 0, count[l]);
    lastQueryRow = 0;
  }

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

  /**
   * Squared distance from {@code (x, y)} to the nearest indexed feature, {@code (sx*dx)^2 + (sy*dy)^2}.
   * Fastest when successive queries have non-decreasing rows.
   *
   * @param x query column
   * @param y query row
   * @param sx spacing along x
   * @param sy spacing along y
   * @return the squared distance; {@code Double.POSITIVE_INFINITY} when nothing is indexed
   */
  public double squaredDistance(int x, int y, double sx, double sy) {
    if (empty) return INF;
    if (y < lastQueryRow) rewind();
    lastQueryRow = y;
    qx = x;
    qy = y;
    sx2 = sx * sx;
    sy2 = sy * sy;
    best = INF;
    if (nearX >= 0) {
      // successive queries walk along a surface: the previous answer is a tight bound, so most buckets
      // are ruled out by their bounds alone
      double dx = nearX - x;
      double dy = nearY - y;
      best = sx2 * dx * dx + sy2 * dy * dy;
    }
    search(levels - 1, 0);
    return best;
  }

  /** Searches the children of bucket {@code b} of {@code level} (> 0), nearest to the query's column first. */
  private void search(int level, int b) {
    if (level == 1) {
      columns(b);
      return;
    }
    int cl = level - 1;
    int first = b << SHIFT;
    int last = Math.min(first + FANOUT, count[cl]) - 1;
    int own = qx >> (SHIFT * cl);
    if (own < first) {
      for (int j = first; j <= last && visit(cl, j); j++) { }
    } else if (own > last) {
      for (int j = last; j >= first && visit(cl, j); j--) { }
    } else {
      visit(cl, own);
      boolean left = own > first;
      boolean right = own < last;
      for (int d = 1; left || right; d++) {
        if (left) left = visit(cl, own - d) && own - d > first;
        if (right) right = visit(cl, own + d) && own + d < last;
      }
    }
  }

  /**
   * The columns of bucket {@code b} of level 1 in one loop, the search's most frequent step: outward from
   * the query's column (or from the bucket's nearer end), each side until the column distance alone
   * reaches the best.
   */
  private void columns(int b) {
    int first = b << SHIFT;
    int last = Math.min(first + FANOUT, width) - 1;
    int[] s = start[0];
    int[] r = rows[0];
    int[] cursor = at[0];
    for (int side = 0; side < 2; side++) {
      int x;
      int end;
      int step;
      if (qx > last) {
        if (side == 1) break;
        x = last;
        end = first - 1;
        step = -1;
      } else if (qx < first) {
        if (side == 1) break;
        x = first;
        end = last + 1;
        step = 1;
      } else if (side == 0) {
        x = qx;
        end = first - 1;
        step = -1;
      } else {
        x = qx + 1;
        end = last + 1;
        step = 1;
      }
      for (; x != end; x += step) {
        long dx = x - qx;
        double cx = sx2 * dx * dx;
        if (cx >= best) break;
        int lo = s[x];
        int hi = s[x + 1];
        if (lo == hi) continue;
        int p = cursor[x];
        while (p < hi && r[p] < qy) p++;
        cursor[x] = p;
        long g = Long.MAX_VALUE;
        int row = 0;
        if (p < hi) {
          g = r[p] - qy;
          row = r[p];
        }
        if (p > lo && qy - r[p - 1] < g) {
          g = qy - r[p - 1];
          row = r[p - 1];
        }
        double d = cx + sy2 * (double) (g * g);
        if (d < best) {
          best = d;
          nearX = x;
          nearY = row;
        }
      }
    }
  }

  /**
   * Searches bucket {@code b} of {@code level} (>= 1) unless its bounds rule it out; false when the
   * bucket's column distance alone reaches {@link #best}, so that buckets farther on the same side need
   * no look. The bound adds the squared distance to the bucket's nearest feature row (its cursor).
   */
  private boolean visit(int level, int b) {
    int sh = SHIFT * level;
    int x0 = b << sh;
    int x1 = Math.min(x0 + (1 << sh), width) - 1;
    int dx = qx < x0 ? x0 - qx : qx > x1 ? qx - x1 : 0;
    double cx = sx2 * dx * dx;
    if (cx >= best) return false;
    int[] s = start[level];
    int lo = s[b];
    int hi = s[b + 1];
    if (lo == hi) return true;
    int[] r = rows[level];
    int[] cursor = at[level];
    int p = cursor[b];
    while (p < hi && r[p] < qy) p++;
    cursor[b] = p;
    long g = Long.MAX_VALUE;
    if (p < hi) g = r[p] - qy;
    if (p > lo) g = Math.min(g, qy - r[p - 1]);
    if (cx + sy2 * (double) (g * g) < best) search(level, b);
    return true;
  }

}
