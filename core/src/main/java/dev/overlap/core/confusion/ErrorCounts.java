package dev.overlap.core.confusion;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable error breakdown per class (rules in {@code docs/voc-confusion.md}): true positives, false
 * positives split into duplicate, localization, class confusion and background, false negatives split
 * into never detected and the rest, and detections absorbed by crowd regions. For every class:
 * {@code fp = duplicate + localization + confusion + background},
 * {@code kept detections = tp + fp + onCrowd} and {@code non-crowd GTs = tp + fn}.
 */
public final class ErrorCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Field index: true positives (class of the detection = class of the GT). */
  public static final int TP = 0;
  /** Field index: false positive whose same-class GTs with IoU >= t were all taken by better detections. */
  public static final int FP_DUPLICATE = 1;
  /** Field index: false positive whose best IoU with a same-class GT is in [0.1, t). */
  public static final int FP_LOCALIZATION = 2;
  /** Field index: false positive below 0.1 with its own class but >= 0.1 with a GT of another class. */
  public static final int FP_CONFUSION = 3;
  /** Field index: false positive below 0.1 with every non-crowd GT. */
  public static final int FP_BACKGROUND = 4;
  /** Field index: false negative that no kept detection of any class overlaps with IoU >= 0.1. */
  public static final int FN_NEVER_DETECTED = 5;
  /** Field index: the other false negatives (some detection overlaps it with IoU >= 0.1). */
  public static final int FN_DETECTED = 6;
  /** Field index: detections matched to a crowd region (neither TP nor FP). */
  public static final int ON_CROWD = 7;
  /** Fields per class. */
  public static final int FIELDS = 8;

  private final int k;
  final long[] counts; // class * FIELDS + field

  /** Empty counts for {@code numClasses} classes. */
  public ErrorCounts(int numClasses) {
    if (numClasses < 0) throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
    this.k = numClasses;
    this.counts = new long[numClasses * FIELDS];
  }

  /** Number of classes K. */
  public int numClasses() { return k; }

  /** The count of {@code field} (one of the constants) for class {@code c}. */
  public long get(int c, int field) { return counts[c * FIELDS + field]; }

  /** All false positives of class c: the four categories add up to it by construction. */
  public long falsePositives(int c) {
    int o = c * FIELDS;
    return counts[o + FP_DUPLICATE] + counts[o + FP_LOCALIZATION] + counts[o + FP_CONFUSION] + counts[o + FP_BACKGROUND];
  }

  /** All false negatives of class c. */
  public long falseNegatives(int c) {
    return counts[c * FIELDS + FN_NEVER_DETECTED] + counts[c * FIELDS + FN_DETECTED];
  }

  /** Adds {@code other}'s counts (same K). */
  public void merge(ErrorCounts other) {
    if (other.k != k) throw new IllegalArgumentException("cannot merge counts of " + other.k + " classes into " + k);
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorCounts e && e.k == k && Arrays.equals(e.counts, counts);
  }

  @Override
  public int hashCode() { return Arrays.hashCode(counts); }
}
