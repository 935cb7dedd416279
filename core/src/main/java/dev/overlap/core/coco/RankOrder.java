package dev.overlap.core.coco;

import java.util.Arrays;

/**
 * The global rank order of cocoeval.py#accumulate over ranked detections held in columns: category,
 * score descending, image id (pycocotools concatenates images in sorted id order before its stable
 * sort), rank within the image. A view: the columns are read, never copied or changed. Used by
 * {@link MatchBuffer} and by any other holder of the same columns (the Spark job's match blocks).
 */
public final class RankOrder {
  private final int[] category;
  private final double[] score;
  private final long[] imageId;
  private final int[] rank;
  private final int size;
  private final int numCategories;

  /**
   * @param size records {@code [0, size)} of the columns
   * @param numCategories category indexes lie in {@code [0, numCategories)}; others take the general sort
   */
  public RankOrder(int[] category, double[] score, long[] imageId, int[] rank, int size, int numCategories) {
    this.category = category;
    this.score = score;
    this.imageId = imageId;
    this.rank = rank;
    this.size = size;
    this.numCategories = numCategories;
  }

  /**
   * Record indexes {@code [0, size)} in the global rank order. A stable counting sort by category, then per category a stable
   * merge sort by score alone where records arrived in (image id, rank) order, as {@link CocoEvaluator} adds
   * them; otherwise by the whole key. Both give the order of one stable sort by {@link #compare}, which has
   * no ties left but exact duplicates. NaN scores make that comparison inconsistent, so then only the one
   * merge sort over all records reproduces its order, and it is what runs.
   */
  public int[] order() {
    int[] idx;
    int[] aux = new int[size];
    if (!sortsByCategory()) {
      idx = new int[size];
      for (int i = 0; i < size; i++) idx[i] = i;
      sort(idx, aux, 0, size);
      return idx;
    }
    int[] start = new int[numCategories + 1];
    idx = groupByCategory(start);
    long[] key = new long[size];
    long[] keyAux = new long[size];
    for (int k = 0; k < numCategories; k++) sortCategory(idx, start[k], start[k + 1], aux, key, keyAux);
    return idx;
  }

  /** Whether the rank order can be found category by category: no NaN score, category indexes in range. */
  boolean sortsByCategory() {
    for (int i = 0; i < size; i++) {
      if (score[i] != score[i] || category[i] < 0 || category[i] >= numCategories) return false;
    }
    return true;
  }

  /** Record indexes grouped by category (stable), category k at {@code [start[k], start[k + 1])}. */
  int[] groupByCategory(int[] start) {
    int[] idx = new int[size];
    Arrays.fill(start, 0);
    for (int i = 0; i < size; i++) start[category[i] + 1]++;
    for (int k = 0; k < numCategories; k++) start[k + 1] += start[k];
    int[] next = Arrays.copyOf(start, numCategories);
    for (int i = 0; i < size; i++) idx[next[category[i]]++] = i;
    return idx;
  }

  /**
   * Puts one category's records {@code idx[lo, hi)} (in arrival order) into rank order. Scratch arrays are
   * used on {@code [lo, hi)} only, so disjoint categories can be sorted at once on shared scratch.
   */
  void sortCategory(int[] idx, int lo, int hi, int[] aux, long[] key, long[] keyAux) {
    boolean arrival = true;
    for (int r = lo + 1; r < hi && arrival; r++) {
      int x = idx[r - 1];
      int y = idx[r];
      arrival = imageId[x] < imageId[y] || imageId[x] == imageId[y] && rank[x] <= rank[y];
    }
    if (arrival) {
      for (int r = lo; r < hi; r++) key[r] = descendingKey(score[idx[r]]);
      sortByKey(idx, key, aux, keyAux, lo, hi);
    } else {
      sort(idx, aux, lo, hi);
    }
  }

  /**
   * A key whose unsigned ascending order is the descending order of (non-NaN) scores, -0.0 and 0.0 equal
   * as in numpy's comparisons.
   */
  static long descendingKey(double score) {
    long b = Double.doubleToRawLongBits(score + 0.0); // -0.0 + 0.0 is 0.0
    long ascending = b >= 0 ? b ^ Long.MIN_VALUE : ~b;
    return ~ascending;
  }

  /**
   * Stable sort of {@code (idx, key)[lo, hi)} by unsigned key ascending: an LSD radix sort over bytes,
   * skipping bytes every key shares (scores in [0, 1] share the top ones); insertion sort when short.
   */
  static void sortByKey(int[] idx, long[] key, int[] aux, long[] keyAux, int lo, int hi) {
    int n = hi - lo;
    if (n <= 32) {
      for (int i = lo + 1; i < hi; i++) {
        int v = idx[i];
        long kv = key[i];
        int j = i - 1;
        while (j >= lo && Long.compareUnsigned(key[j], kv) > 0) {
          idx[j + 1] = idx[j];
          key[j + 1] = key[j];
          j--;
        }
        idx[j + 1] = v;
        key[j + 1] = kv;
      }
      return;
    }
    int[] counts = new int[8 * 256];
    for (int r = lo; r < hi; r++) {
      long k = key[r];
      for (int b = 0; b < 8; b++) counts[b * 256 + (int) (k >>> (8 * b) & 0xFF)]++;
    }
    int[] si = idx;
    long[] sk = key;
    int[] di = aux;
    long[] dk = keyAux;
    for (int b = 0; b < 8; b++) {
      int c0 = b * 256;
      int shift = 8 * b;
      if (counts[c0 + (int) (sk[lo] >>> shift & 0xFF)] == n) continue; // every key has this byte
      int sum = lo;
      for (int d = 0; d < 256; d++) {
        int c = counts[c0 + d];
        counts[c0 + d] = sum;
        sum += c;
      }
      for (int r = lo; r < hi; r++) {
        long k = sk[r];
        int p = counts[c0 + (int) (k >>> shift & 0xFF)]++;
        dk[p] = k;
        di[p] = si[r];
      }
      int[] ti = si;
      si = di;
      di = ti;
      long[] tk = sk;
      sk = dk;
      dk = tk;
    }
    if (si != idx) {
      System.arraycopy(si, lo, idx, lo, n);
      System.arraycopy(sk, lo, key, lo, n);
    }
  }

  /** Compares records i and j in the global rank order. */
  public int compare(int i, int j) {
    int c = Integer.compare(category[i], category[j]);
    if (c != 0) return c;
    // plain comparisons: -0.0 and 0.0 tie, as in numpy and Spark's sort
    if (score[i] != score[j]) return score[i] > score[j] ? -1 : 1;
    c = Long.compare(imageId[i], imageId[j]);
    if (c != 0) return c;
    return Integer.compare(rank[i], rank[j]);
  }

  private void sort(int[] a, int[] aux, int lo, int hi) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sort(a, aux, lo, mid);
    sort(a, aux, mid, hi);
    if (compare(a[mid - 1], a[mid]) <= 0) return;
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else if (compare(aux[j], aux[i]) < 0) a[k] = aux[j++];
      else a[k] = aux[i++];
    }
  }
}
