package dev.overlap.jobs.detection;

import dev.overlap.core.coco.RankOrder;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Ranked detections with their match flags in flat columns, kept in cocoeval.py#accumulate's order
 * once {@link #sorted()}: category, score descending (plain comparisons, so -0.0 and 0.0 tie as in
 * numpy), image id (pycocotools concatenates images in sorted id order before its stable sort), rank
 * within the image. No two detections share a key. The global sort moves whole blocks: each
 * evaluation partition sorts its own, cuts it at the range bounds, and each curve partition merges
 * the slices it receives.
 */
final class MatchBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private int size;
  private int stride; // flags per detection: area ranges x IoU thresholds
  private int[] category;
  private double[] score;
  private long[] imageId;
  private int[] rank;
  private byte[] flags;

  MatchBlock() {} // for serializers

  MatchBlock(int stride, int capacity) {
    this.stride = stride;
    int c = Math.max(capacity, 1);
    category = new int[c];
    score = new double[c];
    imageId = new long[c];
    rank = new int[c];
    flags = new byte[c * stride];
  }

  int size() { return size; }
  int stride() { return stride; }
  int category(int i) { return category[i]; }
  double score(int i) { return score[i]; }
  long imageId(int i) { return imageId[i]; }
  int rank(int i) { return rank[i]; }

  /** The flags of all detections, detection i's at {@code [i * stride, (i + 1) * stride)} (not a copy). */
  byte[] flagsArray() { return flags; }

  /** Copies detection i's flags into {@code out[0, stride)}. */
  void flags(int i, byte[] out) {
    System.arraycopy(flags, i * stride, out, 0, stride);
  }

  void add(int k, long image, int r, double s, byte[] f) {
    if (size == category.length) grow(size * 2);
    category[size] = k;
    imageId[size] = image;
    rank[size] = r;
    score[size] = s;
    System.arraycopy(f, 0, flags, size * stride, stride);
    size++;
  }

  /** Drops the detections from {@code n} on (an image that turned out to be rejected). */
  void truncate(int n) {
    size = Math.min(size, n);
  }

  private void add(MatchBlock from, int i) {
    if (size == category.length) grow(size * 2);
    category[size] = from.category[i];
    imageId[size] = from.imageId[i];
    rank[size] = from.rank[i];
    score[size] = from.score[i];
    System.arraycopy(from.flags, i * stride, flags, size * stride, stride);
    size++;
  }

  private void grow(int n) {
    n = Math.max(n, 1);
    category = Arrays.copyOf(category, n);
    imageId = Arrays.copyOf(imageId, n);
    rank = Arrays.copyOf(rank, n);
    score = Arrays.copyOf(score, n);
    flags = Arrays.copyOf(flags, n * stride);
  }

  /** Compares detection i of a with detection j of b in the global rank order. */
  static int compare(MatchBlock a, int i, MatchBlock b, int j) {
    if (a.category[i] != b.category[j]) return a.category[i] < b.category[j] ? -1 : 1;
    if (a.score[i] != b.score[j]) return a.score[i] > b.score[j] ? -1 : 1;
    if (a.imageId[i] != b.imageId[j]) return a.imageId[i] < b.imageId[j] ? -1 : 1;
    return Integer.compare(a.rank[i], b.rank[j]);
  }

  /**
   * A copy in the global rank order, found by core's {@link RankOrder} (the evaluation adds detections
   * image by image and by rank, so it takes its radix path: a split by category, then a stable sort by
   * score alone).
   */
  MatchBlock sorted() {
    int maxCategory = -1;
    for (int i = 0; i < size; i++) maxCategory = Math.max(maxCategory, category[i]);
    int[] idx = new RankOrder(category, score, imageId, rank, size, maxCategory + 1).order();
    MatchBlock out = new MatchBlock(stride, size);
    for (int i : idx) out.add(this, i);
    return out;
  }

  /**
   * Up to {@code n} keys of this sorted block at even spacing, each standing for about
   * {@code size / n} detections: the quantiles the driver cuts the global order at.
   */
  MatchBlock sample(int n) {
    int m = Math.min(n, size);
    MatchBlock s = new MatchBlock(stride, m);
    for (int q = 0; q < m; q++) s.add(this, (int) ((2L * q + 1) * size / (2L * m)));
    return s;
  }

  /** Detections {@code [from, to)} of this block, as a new block. */
  MatchBlock slice(int from, int to) {
    MatchBlock s = new MatchBlock(stride, to - from);
    s.size = to - from;
    System.arraycopy(category, from, s.category, 0, s.size);
    System.arraycopy(score, from, s.score, 0, s.size);
    System.arraycopy(imageId, from, s.imageId, 0, s.size);
    System.arraycopy(rank, from, s.rank, 0, s.size);
    System.arraycopy(flags, from * stride, s.flags, 0, s.size * stride);
    return s;
  }

  /**
   * The first index of this sorted block whose key is greater than key {@code j} of {@code bounds}:
   * detections up to and including a bound go to the partition left of it.
   */
  int upperBound(MatchBlock bounds, int j) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(this, mid, bounds, j) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** One sorted block from sorted blocks (a k-way merge; keys are unique, so the result is the global order). */
  static MatchBlock merge(List<MatchBlock> parts, int stride) {
    int total = 0;
    for (MatchBlock p : parts) total += p.size;
    MatchBlock out = new MatchBlock(stride, total);
    int k = parts.size();
    int[] pos = new int[k];
    // a binary heap of part indexes ordered by each part's current head
    int[] heap = new int[k];
    int n = 0;
    for (int p = 0; p < k; p++) if (parts.get(p).size > 0) heap[n++] = p;
    for (int i = n / 2 - 1; i >= 0; i--) siftDown(heap, n, i, parts, pos);
    while (n > 0) {
      int p = heap[0];
      MatchBlock b = parts.get(p);
      out.add(b, pos[p]++);
      if (pos[p] == b.size) heap[0] = heap[--n];
      siftDown(heap, n, 0, parts, pos);
    }
    return out;
  }

  private static void siftDown(int[] heap, int n, int i, List<MatchBlock> parts, int[] pos) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) return;
      int c = l;
      if (l + 1 < n && less(heap[l + 1], heap[l], parts, pos)) c = l + 1;
      if (!less(heap[c], heap[i], parts, pos)) return;
      int t = heap[c];
      heap[c] = heap[i];
      heap[i] = t;
      i = c;
    }
  }

  private static boolean less(int p, int q, List<MatchBlock> parts, int[] pos) {
    return compare(parts.get(p), pos[p], parts.get(q), pos[q]) < 0;
  }
}
