package dev.overlap.core.confusion;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable detection confusion counts: {@code K} rows (GT class), {@code K + 2} columns (predicted
 * class, then {@link #MISSED}, then {@link #BACKGROUND}), plus per class the detections absorbed by
 * crowd regions (counted nowhere in the matrix, kept so that column sums reconcile with detections).
 */
public final class ConfusionCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Column offset of "missed" after the K class columns. */
  public static final int MISSED = 0;
  /** Column offset of "background" after the K class columns. */
  public static final int BACKGROUND = 1;

  private final int k;
  final long[] cells; // row * (K + 2) + column
  final long[] onCrowd; // per detection class

  /** Empty counts for {@code numClasses} classes. */
  public ConfusionCounts(int numClasses) {
    if (numClasses < 0) throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
    this.k = numClasses;
    this.cells = new long[numClasses * (numClasses + 2)];
    this.onCrowd = new long[numClasses];
  }

  /** Number of classes K. */
  public int numClasses() { return k; }

  /** Adds {@code other}'s counts (same K). */
  public void merge(ConfusionCounts other) {
    if (other.k != k) throw new IllegalArgumentException("cannot merge counts of " + other.k + " classes into " + k);
    for (int i = 0; i < cells.length; i++) cells[i] += other.cells[i];
    for (int i = 0; i < k; i++) onCrowd[i] += other.onCrowd[i];
  }

  /** GTs of class {@code gt} taken by a detection of class {@code pred}. */
  public long cell(int gt, int pred) { return cells[gt * (k + 2) + pred]; }

  /** Non-crowd GTs of class {@code gt} that no detection took. */
  public long missed(int gt) { return cells[gt * (k + 2) + k + MISSED]; }

  /** Kept detections of class {@code pred} that took no GT. */
  public long background(int pred) { return cells[pred * (k + 2) + k + BACKGROUND]; }

  /** Kept detections of class {@code pred} that took a crowd GT (not counted in the matrix). */
  public long onCrowd(int pred) { return onCrowd[pred]; }

  /** A copy of the {@code K x (K + 2)} matrix, row-major. */
  public long[] matrix() { return cells.clone(); }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionCounts c && c.k == k && Arrays.equals(c.cells, cells) && Arrays.equals(c.onCrowd, onCrowd);
  }

  @Override
  public int hashCode() { return Arrays.hashCode(cells) * 31 + Arrays.hashCode(onCrowd); }
}
