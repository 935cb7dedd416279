package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * cocoeval.py's {@code eval} arrays: precision and scores {@code [T, R, K, A, M]}, recall {@code [T, K, A, M]}; -1
 * where a (category, area range) has no GT that counts. Immutable.
 *
 * <p>Precision and scores are held per curve point, not per recall threshold: the thresholds that need the same
 * number of true positives ({@code tp / npig >= rt}) are sampled at the same detection, so they share one value.
 * A (category, area range) with n ground truths has at most min(R, n + 1) such points per curve: a vocabulary of
 * 13,204 classes with a handful of objects each takes a few numbers per curve instead of 101, and COCO's 80 classes
 * the same as the full arrays. The accessors return pycocotools' cells.
 */
public final class Accumulation implements Serializable {
  private static final long serialVersionUID = 2L;

  private final CocoParams params;
  private final int numCategories;
  private final long[] npig;
  private final double[] recall;
  // per (k, a): where its curves start in precision / scores, points per curve, and the point of each threshold
  private final int[] base;
  private final int[] points;
  private final int[][] pointOf; // shared by every (k, a) with the same npig
  private final int[] pointRow;
  private final double[] precision; // base[ka] + (t * M + m) * points[ka] + point
  private final double[] scores;

  private Accumulation(CocoParams params, int numCategories, long[] npig, double[] recall, int[] base, int[] points,
      int[][] pointOf, int[] pointRow, double[] precision, double[] scores) {
    this.params = params;
    this.numCategories = numCategories;
    this.npig = npig;
    this.recall = recall;
    this.base = base;
    this.points = points;
    this.pointOf = pointOf;
    this.pointRow = pointRow;
    this.precision = precision;
    this.scores = scores;
  }

  /** Builds an accumulation: every cell 0 where a (category, area range) has GT, -1 elsewhere. */
  static final class Builder {
    private final CocoParams params;
    private final int numCategories;
    private final long[] npig;
    private final double[] recall;
    private final int[] base;
    private final int[] points;
    private final int[][] pointOf;
    private final int[] pointRow;
    private final double[] precision;
    private final double[] scores;

    Builder(CocoParams p, int numCategories, long[] npig) {
      this.params = p;
      this.numCategories = numCategories;
      this.npig = npig;
      int a0 = p.numAreaRanges();
      int r0 = p.numRecallThresholds();
      int curves = p.numIouThresholds() * p.numMaxDets();
      double[] recThrs = p.recallThresholds();
      int ka0 = numCategories * a0;
      base = new int[ka0];
      points = new int[ka0];
      pointRow = new int[ka0];
      java.util.Map<Long, Integer> rows = new java.util.HashMap<>();
      java.util.List<int[]> table = new java.util.ArrayList<>();
      long total = 0;
      for (int ka = 0; ka < ka0; ka++) {
        long n = npig[ka];
        if (n == 0) {
          pointRow[ka] = -1;
          continue;
        }
        Integer row = rows.get(n);
        if (row == null) {
          row = table.size();
          rows.put(n, row);
          table.add(pointsOf(recThrs, n));
        }
        int[] of = table.get(row);
        int distinct = 0;
        for (int r = 0; r < r0; r++) distinct = Math.max(distinct, of[r] + 1);
        pointRow[ka] = row;
        points[ka] = distinct;
        base[ka] = (int) total;
        total += (long) curves * distinct;
        if (total > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("precision curves of " + numCategories + " categories exceed one array");
        }
      }
      pointOf = table.toArray(new int[0][]);
      precision = new double[(int) total];
      scores = new double[(int) total];
      recall = new double[p.numIouThresholds() * numCategories * a0 * p.numMaxDets()];
      java.util.Arrays.fill(recall, -1);
    }

    /** Threshold r's point: thresholds needing the same true-positive count share one. */
    private static int[] pointsOf(double[] recThrs, long n) {
      int r0 = recThrs.length;
      long[] need = new long[r0];
      int[] of = new int[r0];
      int distinct = 0;
      for (int r = 0; r < r0; r++) {
        need[r] = CurveBuilder.fewest(recThrs[r], n);
        int s = -1;
        for (int q = 0; q < r && s < 0; q++) if (need[q] == need[r]) s = of[q];
        of[r] = s >= 0 ? s : distinct++;
      }
      return of;
    }

    /** Sets precision and score at (t, r, k, a, m); the cell must have GT. */
    void set(int t, int r, int k, int a, int m, double prec, double score) {
      int i = cell(t, r, k, a, m);
      precision[i] = prec;
      scores[i] = score;
    }

    void recall(int t, int k, int a, int m, double v) {
      recall[((t * numCategories + k) * params.numAreaRanges() + a) * params.numMaxDets() + m] = v;
    }

    private int cell(int t, int r, int k, int a, int m) {
      int ka = k * params.numAreaRanges() + a;
      return base[ka] + (t * params.numMaxDets() + m) * points[ka] + pointOf[pointRow[ka]][r];
    }

    Accumulation build() {
      return new Accumulation(params, numCategories, npig, recall, base, points, pointOf, pointRow, precision, scores);
    }
  }

  public CocoParams params() { return params; }
  public int numCategories() { return numCategories; }

  /** Non-ignored GTs of category k in area range a. */
  public long npig(int k, int a) { return npig[k * params.numAreaRanges() + a]; }

  /** precision[t, r, k, a, m]. */
  public double precision(int t, int r, int k, int a, int m) {
    int ka = k * params.numAreaRanges() + a;
    if (npig[ka] == 0) return -1;
    return precision[base[ka] + (t * params.numMaxDets() + m) * points[ka] + pointOf[pointRow[ka]][r]];
  }

  /** scores[t, r, k, a, m]: the score of the detection where recall threshold r was sampled. */
  public double score(int t, int r, int k, int a, int m) {
    int ka = k * params.numAreaRanges() + a;
    if (npig[ka] == 0) return -1;
    return scores[base[ka] + (t * params.numMaxDets() + m) * points[ka] + pointOf[pointRow[ka]][r]];
  }

  /** recall[t, k, a, m]. */
  public double recall(int t, int k, int a, int m) {
    return recall[((t * numCategories + k) * params.numAreaRanges() + a) * params.numMaxDets() + m];
  }

  /** Curve points held (precision and score each): what the arrays cost, for memory accounting. */
  public long heldPoints() {
    return precision.length;
  }
}
