package dev.overlap.core.coco;

import java.util.Arrays;

/**
 * The straightforward MatchBuffer the kernels started from, kept to check the rank order's
 * radix and merge sorts on inputs built for ties (-0.0 and 0.0, equal scores across images) in
 * {@link KernelParityTest}; whole evaluations are checked against {@link NaiveCocoEval}.
 *
 * <p>Original documentation:
 * Ranked-detection records in flat primitive arrays, a {@link MatchSink} that keeps what it is
 * given, and the global rank order of cocoeval.py#accumulate: category, score descending, image id
 * (pycocotools concatenates images in sorted id order before its stable sort), rank within the image.
 * Also sums the non-ignored GT counts per (category, area range).
 */
final class RefMatchBuffer implements MatchSink {
  private final int numCategories;
  private final int numAreas;
  private final int stride;
  private final long[] npig;
  private int size;
  private int[] category = new int[64];
  private long[] imageId = new long[64];
  private int[] rank = new int[64];
  private double[] score = new double[64];
  private byte[] flags;

  public RefMatchBuffer(CocoParams p, int numCategories) {
    this.numCategories = numCategories;
    this.numAreas = p.numAreaRanges();
    this.stride = p.numAreaRanges() * p.numIouThresholds();
    this.npig = new long[numCategories * numAreas];
    this.flags = new byte[64 * stride];
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

  /** Non-ignored GT counts, {@code [k * A + a]} (copy). */
  public long[] npig() { return npig.clone(); }

  public int numCategories() { return numCategories; }

  /** Record indexes in the global rank order (a stable merge sort; ties cannot remain). */
  public int[] rankOrder() {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    int[] aux = new int[size];
    sort(idx, aux, 0, size);
    return idx;
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
