package dev.overlap.core.coco;

import java.util.Arrays;

/**
 * Ranked-detection records in flat primitive arrays, a {@link MatchSink} that keeps what it is
 * given, and the global rank order of cocoeval.py#accumulate: category, score descending, image id
 * (pycocotools concatenates images in sorted id order before its stable sort), rank within the image.
 * Also sums the non-ignored GT counts per (category, area range).
 */
public final class MatchBuffer implements MatchSink {
  private final int numCategories;
  private final int numAreas;
  private final int stride;
  private final long[] npig;
  private int size;
  private int[] category;
  private long[] imageId;
  private int[] rank;
  private double[] score;
  private byte[] flags;

  public MatchBuffer(CocoParams p, int numCategories) {
    this(p, numCategories, 64);
  }

  /** As {@link #MatchBuffer(CocoParams, int)}, with room for {@code capacity} records before growing. */
  public MatchBuffer(CocoParams p, int numCategories, int capacity) {
    int c = Math.max(16, capacity);
    this.numCategories = numCategories;
    this.numAreas = p.numAreaRanges();
    this.stride = p.numAreaRanges() * p.numIouThresholds();
    this.npig = new long[numCategories * numAreas];
    this.category = new int[c];
    this.imageId = new long[c];
    this.rank = new int[c];
    this.score = new double[c];
    this.flags = new byte[c * stride];
  }

  @Override
  public void detection(int k, long image, int r, double s, byte[] f) {
    if (size == category.length) {
      int n = size * 2;
      category = Arrays.copyOf(category, n);
      imageId = Arrays.copyOf(imageId, n);
      rank = Arrays.copyOf(rank, n);
      score = Arrays.copyOf(score, n);
      flags = Arrays.copyOf(flags, n * stride);
    }
    category[size] = k;
    imageId[size] = image;
    rank[size] = r;
    score[size] = s;
    System.arraycopy(f, 0, flags, size * stride, stride);
    size++;
  }

  @Override
  public void groundTruth(int k, int a, int notIgnored) {
    npig[k * numAreas + a] += notIgnored;
  }

  public int size() { return size; }
  public int category(int i) { return category[i]; }
  public long imageId(int i) { return imageId[i]; }
  public int rank(int i) { return rank[i]; }
  public double score(int i) { return score[i]; }

  /** Copies record i's flags into {@code out[0, A*T)}. */
  public void flags(int i, byte[] out) {
    System.arraycopy(flags, i * stride, out, 0, stride);
  }

  /** The flags of all records, record i at {@code [i * A*T, (i + 1) * A*T)}; read-only, valid until the next add. */
  byte[] flagsArray() { return flags; }

  /** Non-ignored GT counts, {@code [k * A + a]} (copy). */
  public long[] npig() { return npig.clone(); }

  public int numCategories() { return numCategories; }

  /**
   * Record indexes in the global rank order. A stable counting sort by category, then per category a stable
   * merge sort by score alone where records arrived in (image id, rank) order, as {@link CocoEvaluator} adds
   * them; otherwise by the whole key. Both give the order of one stable sort by {@link #compare}, which has
   * no ties left but exact duplicates. NaN scores make that comparison inconsistent, so then only the one
   * merge sort over all records reproduces its order, and it is what runs.
   */
  public int[] rankOrder() {
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
   * Appends another buffer's records after this one's and adds its GT counts: the buffer one pass over
   * both record streams, in this order, would hold.
   */
  public void append(MatchBuffer other) {
    if (other.numCategories != numCategories || other.stride != stride) {
      throw new IllegalArgumentException("cannot append a buffer of other parameters");
    }
    int n = size + other.size;
    if (n > category.length) {
      category = Arrays.copyOf(category, n);
      imageId = Arrays.copyOf(imageId, n);
      rank = Arrays.copyOf(rank, n);
      score = Arrays.copyOf(score, n);
      flags = Arrays.copyOf(flags, n * stride);
    }
    System.arraycopy(other.category, 0, category, size, other.size);
    System.arraycopy(other.imageId, 0, imageId, size, other.size);
    System.arraycopy(other.rank, 0, rank, size, other.size);
    System.arraycopy(other.score, 0, score, size, other.size);
    System.arraycopy(other.flags, 0, flags, size * stride, other.size * stride);
    size = n;
    for (int i = 0; i < npig.length; i++) npig[i] += other.npig[i];
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
