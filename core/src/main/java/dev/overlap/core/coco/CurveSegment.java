package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * What one slice of a category's ranked detections contributes to its precision-recall curves:
 * the recall thresholds first reached inside the slice, with the best precision from there to the
 * slice's end and the score there, and the slice's best precision per curve. The driver finishes
 * the right-to-left envelope across slices ({@link Accumulator}). Thresholds first reached at the same
 * detection are one point with a span of consecutive thresholds, so size is O(curves x curve points):
 * at most the thresholds, and no more than the category's ground truths + 1 per curve (a long-tail
 * class of 3 objects sends 4 points per curve, not 101). Independent of the number of detections.
 */
public final class CurveSegment implements Serializable {
  private static final long serialVersionUID = 1L;

  final int category;
  final CurveTotals totals; // this slice alone
  final double[] segmentMax; // per key
  final int[] assigned; // key * R + r: the first threshold of the point
  final int[] span; // thresholds from there that the point covers
  final double[] precision; // local suffix max at the assignment point
  final double[] score; // score of the detection at the assignment point
  final int count;

  CurveSegment(int category, CurveTotals totals, double[] segmentMax, int[] assigned, int[] span, double[] precision,
      double[] score, int count) {
    this.category = category;
    this.totals = totals;
    this.segmentMax = segmentMax;
    this.assigned = assigned;
    this.span = span;
    this.precision = precision;
    this.score = score;
    this.count = count;
  }

  /** Category index. */
  public int category() { return category; }

  /** Counts of this slice alone. */
  public CurveTotals totals() { return totals; }

  /** Number of curve points that fall into this slice (each covers one or more recall thresholds). */
  public int assignedPoints() { return count; }

  /**
   * A builder's slice from its groups: per key, group g holds the positions from the g-th point on, with its best
   * precision {@code groupMax[key * (R + 1) + g]}; {@code rGroup[key * R + r]} is the group where threshold r was
   * first reached (-1: not in this slice) and {@code rScore} the score there. The precision at a point is the
   * best of its group and every later one (the envelope within the slice).
   */
  static CurveSegment fromGroups(int category, CurveTotals totals, int keys, int r0, int[] groups, double[] groupMax,
      int[] rGroup, double[] rScore) {
    double[] segmentMax = new double[keys];
    int count = 0;
    for (int i = 0; i < rGroup.length; i++) {
      if (rGroup[i] >= 0 && (i % r0 == 0 || rGroup[i - 1] != rGroup[i])) count++;
    }
    int[] assigned = new int[count];
    int[] span = new int[count];
    double[] precision = new double[count];
    double[] score = new double[count];
    double[] suffix = new double[r0 + 1];
    int c = 0;
    for (int key = 0; key < keys; key++) {
      int ng = groups[key];
      double run = 0;
      for (int g = ng - 1; g >= 0; g--) {
        double v = groupMax[key * (r0 + 1) + g];
        if (v > run) run = v;
        suffix[g] = run;
      }
      segmentMax[key] = run;
      int r = 0;
      while (r < r0) {
        int g = rGroup[key * r0 + r];
        if (g < 0) {
          r++;
          continue;
        }
        int to = r + 1;
        while (to < r0 && rGroup[key * r0 + to] == g) to++;
        assigned[c] = key * r0 + r;
        span[c] = to - r;
        precision[c] = suffix[g];
        score[c] = rScore[key * r0 + r];
        c++;
        r = to;
      }
    }
    return new CurveSegment(category, totals, segmentMax, assigned, span, precision, score, count);
  }
}
