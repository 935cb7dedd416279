package dev.overlap.core.confusion;

import dev.overlap.core.sort.IndexSort;

/**
 * Per image: the class-agnostic greedy matching of the confusion matrix and, in the same pass, the
 * per-class matching whose false positives and negatives the error breakdown classifies. Both are
 * {@code cocoeval.py#evaluateImg}'s greedy matching at one threshold, over one IoU matrix.
 *
 * <p>Not thread-safe: it keeps scratch buffers so that an executor matches millions of images
 * without allocating per image. One instance per task.
 */
public final class ConfusionMatcher {
  /** pycocotools caps thresholds below 1 so that an IoU of exactly 1 still matches (cocoeval.py#evaluateImg). */
  private static final double MAX_MATCH_IOU = 1 - 1e-10;
  /** Overlap below which a detection is said not to touch an object (TIDE's background threshold). */
  public static final double TOUCH_IOU = 0.1;

  private final int numClasses;
  private final double threshold;
  private final double minScore;

  private final IndexSort.Before dtBefore = this::dtBefore;
  private final IndexSort.Before gtBefore = this::gtBefore;
  private int[] dtOrder = new int[16];
  private int[] gtOrder = new int[16];
  private int[] aux = new int[16];
  private boolean[] takenAny = new boolean[16]; // per GT: class-agnostic matching
  private boolean[] takenOwn = new boolean[16]; // per GT: per-class matching
  private boolean[] touched = new boolean[16]; // per GT: some kept detection has IoU >= 0.1
  private int[] matchedBy = new int[16]; // per GT: class of the detection that took it (agnostic)

  // the arrays of the current image, read by the comparators
  private int[] gClass;
  private long[] gSeq;
  private boolean[] gCrowd;
  private int[] dClass;
  private long[] dSeq;
  private double[] dScore;

  /**
   * @param numClasses K
   * @param iouThreshold t in (0, 1]: an IoU {@code >= min(t, 1 - 1e-10)} matches
   * @param minScore detections with a lower score are left out (as if absent)
   */
  public ConfusionMatcher(int numClasses, double iouThreshold, double minScore) {
    if (!(iouThreshold > 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
    }
    if (!(minScore >= 0) && !(minScore < 0)) throw new IllegalArgumentException("score threshold is NaN");
    this.numClasses = numClasses;
    this.threshold = Math.min(iouThreshold, MAX_MATCH_IOU);
    this.minScore = minScore;
  }

  /**
   * Matches one image and adds its counts.
   *
   * @param ng number of ground truths
   * @param gtClass class index of each GT (ascending category id order)
   * @param gtSeq position of each GT in the ground-truth file (order among equals)
   * @param crowd crowd flag of each GT
   * @param nd number of detections
   * @param dtClass class index of each detection
   * @param dtSeq position of each detection in the results input
   * @param dtScore score of each detection
   * @param iou {@code iou[g * nd + d]}, pycocotools' IoU (crowd: intersection / detection area)
   * @param confusion receives the confusion counts (may be null)
   * @param errors receives the error breakdown (may be null)
   */
  public void addImage(int ng, int[] gtClass, long[] gtSeq, boolean[] crowd, int nd, int[] dtClass, long[] dtSeq,
      double[] dtScore, double[] iou, ConfusionCounts confusion, ErrorCounts errors) {
    int k = numClasses;
    gClass = gtClass;
    gSeq = gtSeq;
    gCrowd = crowd;
    dClass = dtClass;
    dSeq = dtSeq;
    dScore = dtScore;
    int n = Math.max(ng, nd);
    if (aux.length < n) aux = new int[Math.max(n, 2 * aux.length)];
    if (gtOrder.length < ng) {
      int c = Math.max(ng, 2 * gtOrder.length);
      gtOrder = new int[c];
      takenAny = new boolean[c];
      takenOwn = new boolean[c];
      touched = new boolean[c];
      matchedBy = new int[c];
    }
    if (dtOrder.length < nd) dtOrder = new int[Math.max(nd, 2 * dtOrder.length)];
    int kept = 0;
    for (int d = 0; d < nd; d++) {
      assert dtClass[d] >= 0 && dtClass[d] < k;
      if (dtScore[d] >= minScore) dtOrder[kept++] = d;
    }
    for (int g = 0; g < ng; g++) {
      assert gtClass[g] >= 0 && gtClass[g] < k;
      gtOrder[g] = g;
      takenAny[g] = false;
      takenOwn[g] = false;
      touched[g] = false;
      matchedBy[g] = -1;
    }
    IndexSort.sort(dtOrder, kept, aux, dtBefore);
    IndexSort.sort(gtOrder, ng, aux, gtBefore);

    for (int q = 0; q < kept; q++) {
      int d = dtOrder[q];
      int c = dtClass[d];
      // class-agnostic: cocoeval.py#evaluateImg with useCats = 0
      int m = -1;
      double best = threshold;
      for (int p = 0; p < ng; p++) {
        int g = gtOrder[p];
        if (takenAny[g] && !crowd[g]) continue;
        if (m >= 0 && !crowd[m] && crowd[g]) break; // GTs are sorted crowd last
        double v = iou[g * nd + d];
        if (v < best) continue;
        best = v;
        m = g;
      }
      if (m >= 0) {
        takenAny[m] = true;
        if (!crowd[m]) matchedBy[m] = c;
      }
      if (confusion != null) {
        if (m < 0) confusion.cells[c * (k + 2) + k + ConfusionCounts.BACKGROUND]++;
        else if (crowd[m]) confusion.onCrowd[c]++;
      }
      if (errors != null) matchOwnClass(d, c, ng, nd, iou, errors);
    }
    for (int g = 0; g < ng; g++) {
      if (crowd[g]) continue;
      int r = gtClass[g];
      if (confusion != null) {
        if (matchedBy[g] >= 0) confusion.cells[r * (k + 2) + matchedBy[g]]++;
        else confusion.cells[r * (k + 2) + k + ConfusionCounts.MISSED]++;
      }
      if (errors != null && !takenOwn[g]) {
        errors.counts[r * ErrorCounts.FIELDS + (touched[g] ? ErrorCounts.FN_DETECTED : ErrorCounts.FN_NEVER_DETECTED)]++;
      }
    }
    gClass = null;
    gSeq = null;
    gCrowd = null;
    dClass = null;
    dSeq = null;
    dScore = null;
  }

  /**
   * The per-class matching (useCats = 1) of detection d, and the category of the outcome. The GT order
   * restricted to one class is that class's own pycocotools order, and so is the detection order.
   */
  private void matchOwnClass(int d, int c, int ng, int nd, double[] iou, ErrorCounts errors) {
    int m = -1;
    double best = threshold;
    double own = 0; // best IoU with a non-crowd GT of class c
    double other = 0; // best IoU with a non-crowd GT of another class
    for (int p = 0; p < ng; p++) {
      int g = gtOrder[p];
      double v = iou[g * nd + d];
      if (gClass[g] != c) {
        if (!gCrowd[g]) {
          if (v > other) other = v;
          if (v >= TOUCH_IOU) touched[g] = true;
        }
        continue;
      }
      if (!gCrowd[g]) {
        if (v > own) own = v;
        if (v >= TOUCH_IOU) touched[g] = true;
      }
      if (takenOwn[g] && !gCrowd[g]) continue;
      if (m >= 0 && !gCrowd[m] && gCrowd[g]) continue; // crowd last: no later GT can be taken, but IoUs still count
      if (v < best) continue;
      best = v;
      m = g;
    }
    int o = c * ErrorCounts.FIELDS;
    if (m >= 0) {
      takenOwn[m] = true;
      errors.counts[o + (gCrowd[m] ? ErrorCounts.ON_CROWD : ErrorCounts.TP)]++;
    } else if (own >= threshold) {
      errors.counts[o + ErrorCounts.FP_DUPLICATE]++;
    } else if (own >= TOUCH_IOU) {
      errors.counts[o + ErrorCounts.FP_LOCALIZATION]++;
    } else if (other >= TOUCH_IOU) {
      errors.counts[o + ErrorCounts.FP_CONFUSION]++;
    } else {
      errors.counts[o + ErrorCounts.FP_BACKGROUND]++;
    }
  }

  /**
   * Detections: score descending (plain comparisons: -0.0 and 0.0 tie, as in numpy), then category id,
   * then file order, which is one stable score sort over (category id, file order). Ground truths:
   * non-crowd first, then category id, then file order.
   */
  private boolean dtBefore(int a, int b) {
    double sa = dScore[a], sb = dScore[b];
    if (sa > sb) return true;
    if (sa < sb) return false;
    if (dClass[a] != dClass[b]) return dClass[a] < dClass[b];
    return dSeq[a] < dSeq[b];
  }

  private boolean gtBefore(int a, int b) {
    if (gCrowd[a] != gCrowd[b]) return !gCrowd[a];
    if (gClass[a] != gClass[b]) return gClass[a] < gClass[b];
    return gSeq[a] < gSeq[b];
  }
}
