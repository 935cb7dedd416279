package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * How well found objects are localized: per category, the mean IoU, GIoU, DIoU and CIoU of the true
 * positives at IoU 0.5 (area "all"), each pair scored by {@link dev.overlap.core.geometry.IouFamily}
 * (detection as torchvision's {@code boxes1}). bev / 3d runs have the rotated IoU only; segm runs the mask
 * IoU only.
 *
 * <p>A mutable, mergeable accumulator. Sums are kept in 128-bit fixed point (values rounded to multiples of
 * 2^-60, far below 1e-12), so that adding and merging are integer operations: the same pairs give the same
 * bits in any order and on any partitioning. NaN values (torchvision's 0/0 cases) are left out of their mean.
 */
public final class Localization implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The four metrics, in order. */
  public static final String[] NAMES = {"iou", "giou", "diou", "ciou"};

  private static final double SCALE = 0x1p60;
  private final int numCategories;
  private final long[] count; // [k * 4 + metric]
  private final long[] hi;
  private final long[] lo;

  /** An empty accumulator for {@code numCategories} categories. */
  public Localization(int numCategories) {
    this.numCategories = numCategories;
    this.count = new long[numCategories * 4];
    this.hi = new long[numCategories * 4];
    this.lo = new long[numCategories * 4];
  }

  /** Number of categories. */
  public int numCategories() { return numCategories; }

  /** Adds one true positive's values (NaN: not counted for that metric). Values are in [-4, 4]. */
  public void add(int category, double iou, double giou, double diou, double ciou) {
    int o = category * 4;
    put(o, iou);
    put(o + 1, giou);
    put(o + 2, diou);
    put(o + 3, ciou);
  }

  private void put(int i, double v) {
    if (v != v) return;
    assert Math.abs(v) <= 4 : v;
    long q = (long) Math.rint(v * SCALE);
    long s = lo[i] + q;
    // 128-bit add of a sign-extended 64-bit q: carry out of the unsigned low word, plus q's sign word
    hi[i] += (Long.compareUnsigned(s, lo[i]) < 0 ? 1 : 0) + (q < 0 ? -1 : 0);
    lo[i] = s;
    count[i]++;
  }

  /** Forgets every pair. */
  public void clear() {
    java.util.Arrays.fill(count, 0);
    java.util.Arrays.fill(hi, 0);
    java.util.Arrays.fill(lo, 0);
  }

  /** Adds another accumulator's pairs to this one. */
  public void merge(Localization other) {
    if (other.numCategories != numCategories) {
      throw new IllegalArgumentException("expected " + numCategories + " categories, actual " + other.numCategories);
    }
    for (int i = 0; i < count.length; i++) {
      long s = lo[i] + other.lo[i];
      hi[i] += other.hi[i] + (Long.compareUnsigned(s, lo[i]) < 0 ? 1 : 0);
      lo[i] = s;
      count[i] += other.count[i];
    }
  }

  /** All categories pooled into one (category 0): the overall means over every true positive. */
  public Localization pooled() {
    Localization p = new Localization(1);
    for (int i = 0; i < count.length; i++) {
      int m = i & 3;
      long s = p.lo[m] + lo[i];
      p.hi[m] += hi[i] + (Long.compareUnsigned(s, p.lo[m]) < 0 ? 1 : 0);
      p.lo[m] = s;
      p.count[m] += count[i];
    }
    return p;
  }

  /** True positives counted for category {@code k} (its IoU count). */
  public long count(int k) {
    return count[k * 4];
  }

  /** Mean of metric {@code m} (index into {@link #NAMES}) over category {@code k}'s pairs, NaN when none. */
  public double mean(int k, int m) {
    int i = k * 4 + m;
    if (count[i] == 0) return Double.NaN;
    return toDouble(hi[i], lo[i]) / SCALE / count[i];
  }

  /** The 128-bit two's complement value {@code hi * 2^64 + lo} as a double. */
  private static double toDouble(long hi, long lo) {
    double low = (double) (lo >>> 1) * 2 + (lo & 1);
    return hi * 0x1p64 + low;
  }

  /** The raw state, for serializers: counts, high words, low words. */
  public long[][] state() {
    return new long[][] {count.clone(), hi.clone(), lo.clone()};
  }

  /** An accumulator from {@link #state()}. */
  public static Localization fromState(long[][] state) {
    Localization l = new Localization(state[0].length / 4);
    System.arraycopy(state[0], 0, l.count, 0, l.count.length);
    System.arraycopy(state[1], 0, l.hi, 0, l.hi.length);
    System.arraycopy(state[2], 0, l.lo, 0, l.lo.length);
    return l;
  }
}
