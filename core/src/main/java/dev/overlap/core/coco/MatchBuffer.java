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

  /** The rank order's view of the records held now (valid until the next add). */
  RankOrder ranks() {
    return new RankOrder(category, score, imageId, rank, size, numCategories);
  }

  /** Record indexes in the global rank order ({@link RankOrder#order()}). */
  public int[] rankOrder() {
    return ranks().order();
  }

  /** Whether the rank order can be found category by category ({@link RankOrder#sortsByCategory()}). */
  boolean sortsByCategory() {
    return ranks().sortsByCategory();
  }

  /** Record indexes grouped by category (stable), category k at {@code [start[k], start[k + 1])}. */
  int[] groupByCategory(int[] start) {
    return ranks().groupByCategory(start);
  }

  /** Puts one category's records {@code idx[lo, hi)} into rank order ({@link RankOrder#sortCategory}). */
  void sortCategory(int[] idx, int lo, int hi, int[] aux, long[] key, long[] keyAux) {
    ranks().sortCategory(idx, lo, hi, aux, key, keyAux);
  }

  /** Compares records i and j in the global rank order. */
  public int compare(int i, int j) {
    return ranks().compare(i, j);
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
}
