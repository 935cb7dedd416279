package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * What one slice of a category's ranked detections contributes to its precision-recall curves:
 * the recall thresholds first reached inside the slice, with the best precision from there to the
 * slice's end and the score there, and the slice's best precision per curve. The driver finishes
 * the right-to-left envelope across slices ({@link Accumulator}). Size is O(curves x thresholds),
 * independent of the number of detections.
 */
public final class CurveSegment implements Serializable {
  private static final long serialVersionUID = 1L;

  final int category;
  final CurveTotals totals; // this slice alone
  final double[] segmentMax; // per key
  final int[] assigned; // key * R + r
  final double[] precision; // local suffix max at the assignment point
  final double[] score; // score of the detection at the assignment point
  final int count;

  CurveSegment(int category, CurveTotals totals, double[] segmentMax, int[] assigned, double[] precision,
      double[] score, int count) {
    this.category = category;
    this.totals = totals;
    this.segmentMax = segmentMax;
    this.assigned = assigned;
    this.precision = precision;
    this.score = score;
    this.count = count;
  }

  /** Category index. */
  public int category() { return category; }

  /** Counts of this slice alone. */
  public CurveTotals totals() { return totals; }

  /** Number of (curve, recall threshold) points that fall into this slice. */
  public int assignedPoints() { return count; }
}
