package dev.overlap.core.panoptic;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pixel counts of (ground-truth segment id, predicted segment id) pairs in one image: an
 * open-addressing hash table (linear probing) over primitive arrays, keyed by the packed pair
 * {@code (long) gt << 24 | pred}, as pq_compute's {@code np.unique(gt * 2^24 + pred)}.
 *
 * <p>Counting walks both id rows once and updates the table once per run of equal pairs: segment
 * maps are long runs, so the table sees a small fraction of the pixels. Mutable and reusable:
 * {@link #clear()} between images keeps the arrays. Not thread-safe.
 */
public final class SegmentPairTable {
  /** Pixels of one pair compared one by one before the rest of the run is measured in bulk. */
  private static final int RUN = 16;

  /** Largest segment id: 24 bits. */
  public static final int MAX_ID = 0xFFFFFF;

  private static final long EMPTY = -1L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long[] keys;
  private long[] counts;
  private int shift;
  private int size;
  private long pixels;
  // ascending keys, built on demand by sort()
  private long[] sortedKeys = new long[0];
  private long[] sortedCounts = new long[0];
  private boolean sorted;

  /** An empty table with room for 256 pairs before it grows. */
  public SegmentPairTable() {
    allocate(512);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    counts = new long[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  /** Empties the table, keeping its arrays. */
  public void clear() {
    if (size > 0) {
      Arrays.fill(keys, EMPTY);
      Arrays.fill(counts, 0);
    }
    size = 0;
    pixels = 0;
    sorted = false;
  }

  /** Distinct pairs counted. */
  public int size() {
    return size;
  }

  /** Pixels counted since the last {@link #clear()}. */
  public long pixels() {
    return pixels;
  }

  /**
   * Counts {@code n} pixel pairs {@code gt[gtOff + i]}, {@code pred[predOff + i]} (segment ids,
   * 0 .. {@link #MAX_ID}) into the table.
   *
   * @throws IllegalArgumentException if an id is outside 0 .. {@link #MAX_ID}; the table is then
   *     in an unspecified state (clear it)
   */
  public void count(int[] gt, int gtOff, int[] pred, int predOff, int n) {
    Objects.checkFromIndexSize(gtOff, n, gt.length);
    Objects.checkFromIndexSize(predOff, n, pred.length);
    sorted = false;
    int i = 0;
    while (i < n) {
      int g = gt[gtOff + i];
      int p = pred[predOff + i];
      int j = i + 1;
      int end = Math.min(n, i + RUN);
      while (j < end && gt[gtOff + j] == g && pred[predOff + j] == p) j++;
      if (j == end && j < n) {
        // a long run: its end found by comparing each map with itself shifted by a pixel (a
        // word-wide loop, where the pixel loop costs ~1 ns a pixel on C1), in windows that double,
        // so that neither map is scanned much beyond where the other's run ends
        int window = 4 * RUN;
        while (true) {
          int limit = (int) Math.min(n, (long) j + window);
          int mg = Arrays.mismatch(gt, gtOff + j, gtOff + limit, gt, gtOff + j - 1, gtOff + limit - 1);
          int gEnd = mg < 0 ? limit : j + mg;
          int mp = Arrays.mismatch(pred, predOff + j, predOff + gEnd, pred, predOff + j - 1, predOff + gEnd - 1);
          j = mp < 0 ? gEnd : j + mp;
          if (j < limit || j == n) break;
          window <<= 1;
        }
      }
      if ((g | p) >>> 24 != 0) {
        throw new IllegalArgumentException("segment id " + ((g >>> 24) != 0 ? g : p) + " is outside 0.." + MAX_ID);
      }
      add(((long) g << 24) | p, j - i);
      i = j;
    }
    pixels += n;
  }

  /** Adds {@code c} pixels to the pair {@code key}. */
  private void add(long key, long c) {
    int mask = keys.length - 1;
    int h = (int) ((key * GOLDEN) >>> shift);
    while (true) {
      long k = keys[h];
      if (k == key) {
        counts[h] += c;
        return;
      }
      if (k == EMPTY) {
        keys[h] = key;
        counts[h] = c;
        if (++size * 2 > keys.length) grow();
        return;
      }
      h = (h + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    allocate(oldKeys.length * 2);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key == EMPTY) continue;
      int h = (int) ((key * GOLDEN) >>> shift);
      while (keys[h] != EMPTY) h = (h + 1) & mask;
      keys[h] = key;
      counts[h] = oldCounts[i];
    }
  }

  /** Pixels of the pair ({@code gt}, {@code pred}); 0 when the pair never occurs. */
  public long get(int gt, int pred) {
    long key = ((long) gt << 24) | pred;
    int mask = keys.length - 1;
    int h = (int) ((key * GOLDEN) >>> shift);
    while (true) {
      long k = keys[h];
      if (k == key) return counts[h];
      if (k == EMPTY) return 0;
      h = (h + 1) & mask;
    }
  }

  /**
   * Orders the pairs by packed key ascending (ground-truth id, then predicted id), the order of
   * pq_compute's {@code np.unique}, for {@link #gtId}, {@link #predId} and {@link #pairPixels}.
   */
  public void sort() {
    if (sorted) return;
    if (sortedKeys.length < size) {
      sortedKeys = new long[keys.length];
      sortedCounts = new long[keys.length];
    }
    int n = 0;
    for (int i = 0; i < keys.length; i++) if (keys[i] != EMPTY) sortedKeys[n++] = keys[i];
    Arrays.sort(sortedKeys, 0, n);
    for (int i = 0; i < n; i++) sortedCounts[i] = get((int) (sortedKeys[i] >>> 24), (int) (sortedKeys[i] & MAX_ID));
    sorted = true;
  }

  /** The ground-truth id of the {@code i}-th pair in key order ({@link #sort()} first). */
  public int gtId(int i) {
    checkSorted(i);
    return (int) (sortedKeys[i] >>> 24);
  }

  /** The predicted id of the {@code i}-th pair in key order. */
  public int predId(int i) {
    checkSorted(i);
    return (int) (sortedKeys[i] & MAX_ID);
  }

  /** The pixels of the {@code i}-th pair in key order. */
  public long pairPixels(int i) {
    checkSorted(i);
    return sortedCounts[i];
  }

  private void checkSorted(int i) {
    if (!sorted) throw new IllegalStateException("sort() first");
    Objects.checkIndex(i, size);
  }
}
