package dev.overlap.core.voc;

import dev.overlap.core.coco.MatchFlags;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.sort.IndexSort;

/**
 * Per image: {@code voc_eval}'s decision for every detection at every IoU threshold, class by class.
 * Not thread-safe: scratch buffers are reused across images; one instance per task.
 */
public final class VocMatcher {
  private final double[] thresholds;
  private final int numThresholds;

  private final IndexSort.Before dtBefore = this::dtBefore;
  private final IndexSort.Before gtBefore = this::gtBefore;
  private int[] dtOrder = new int[16];
  private int[] gtOrder = new int[16];
  private int[] aux = new int[16];
  private double[] gBoxes = new double[64];
  private double[] dBoxes = new double[64];
  private boolean[] gDifficult = new boolean[16];
  private boolean[] taken = new boolean[160]; // t * ng + g
  private double[] iou = new double[256];
  private final byte[] flags;

  private int[] gClass;
  private long[] gSeq;
  private int[] dClass;
  private long[] dSeq;
  private double[] dScore;

  /** A matcher at the VOC thresholds k / 100, k = 50, 55, .., 95. */
  public VocMatcher() {
    this(VocProtocol.thresholds());
  }

  /** A matcher at the given IoU thresholds (a detection matches when its best IoU is strictly greater). */
  public VocMatcher(double[] thresholds) {
    this.thresholds = thresholds.clone();
    this.numThresholds = thresholds.length;
    this.flags = new byte[numThresholds];
  }

  /** Number of IoU thresholds (flags per detection). */
  public int numThresholds() { return numThresholds; }

  /**
   * Matches one image. For each class with ground truth in the image, {@code sink.groundTruth(class, 0, npos)}
   * with its count of non-difficult GTs; for each detection, in (class, score descending, file order),
   * {@code sink.detection(class, imageId, rank, score, flags)} with rank = position within its class in this
   * image and one {@link MatchFlags} per threshold (IGNORED = dropped on a difficult GT).
   *
   * @param gtBoxes COCO {@code [x, y, w, h]} at stride 4 in input order
   * @param difficult {@code difficult} or {@code iscrowd} truthy
   * @param dtBoxes detection boxes at stride 4
   */
  public void match(long imageId, int ng, int[] gtClass, long[] gtSeq, boolean[] difficult, double[] gtBoxes, int nd,
      int[] dtClass, long[] dtSeq, double[] dtScore, double[] dtBoxes, MatchSink sink) {
    gClass = gtClass;
    gSeq = gtSeq;
    dClass = dtClass;
    dSeq = dtSeq;
    dScore = dtScore;
    int n = Math.max(ng, nd);
    if (aux.length < n) aux = new int[Math.max(n, 2 * aux.length)];
    if (gtOrder.length < ng) {
      gtOrder = new int[Math.max(ng, 2 * gtOrder.length)];
      gDifficult = new boolean[gtOrder.length];
      gBoxes = new double[4 * gtOrder.length];
    }
    if (dtOrder.length < nd) {
      dtOrder = new int[Math.max(nd, 2 * dtOrder.length)];
      dBoxes = new double[4 * dtOrder.length];
    }
    for (int g = 0; g < ng; g++) gtOrder[g] = g;
    for (int d = 0; d < nd; d++) dtOrder[d] = d;
    IndexSort.sort(gtOrder, ng, aux, gtBefore);
    IndexSort.sort(dtOrder, nd, aux, dtBefore);
    // boxes in sorted order, so that a class's GTs and detections are contiguous
    for (int p = 0; p < ng; p++) {
      int g = gtOrder[p];
      System.arraycopy(gtBoxes, 4 * g, gBoxes, 4 * p, 4);
      gDifficult[p] = difficult[g];
    }
    for (int p = 0; p < nd; p++) System.arraycopy(dtBoxes, 4 * dtOrder[p], dBoxes, 4 * p, 4);

    int gi = 0, di = 0;
    while (gi < ng || di < nd) {
      int kg = gi < ng ? gtClass[gtOrder[gi]] : Integer.MAX_VALUE;
      int kd = di < nd ? dtClass[dtOrder[di]] : Integer.MAX_VALUE;
      int k = Math.min(kg, kd);
      int g0 = gi;
      while (gi < ng && gtClass[gtOrder[gi]] == k) gi++;
      int d0 = di;
      while (di < nd && dtClass[dtOrder[di]] == k) di++;
      matchClass(imageId, k, g0, gi - g0, d0, di - d0, sink);
    }
    gClass = null;
    gSeq = null;
    dClass = null;
    dSeq = null;
    dScore = null;
  }

  private void matchClass(long imageId, int k, int g0, int ng, int d0, int nd, MatchSink sink) {
    if (ng > 0) {
      int npos = 0;
      for (int g = 0; g < ng; g++) if (!gDifficult[g0 + g]) npos++;
      sink.groundTruth(k, 0, npos);
    }
    if (nd == 0) return;
    if ((long) nd * ng > iou.length) iou = new double[(int) Math.max((long) nd * ng, 2L * iou.length)];
    if (numThresholds * ng > taken.length) taken = new boolean[Math.max(numThresholds * ng, 2 * taken.length)];
    java.util.Arrays.fill(taken, 0, numThresholds * ng, false);
    if (ng > 0) VocBoxes.iou(dBoxes, d0, nd, gBoxes, g0, ng, iou);
    for (int d = 0; d < nd; d++) {
      // voc_eval: ovmax = max(overlaps), jmax = argmax (the first GT holding it); NaN propagates through max
      double best = Double.NEGATIVE_INFINITY;
      int j = -1;
      boolean nan = false;
      int row = d * ng;
      for (int g = 0; g < ng; g++) {
        double v = iou[row + g];
        if (v != v) nan = true;
        else if (v > best) {
          best = v;
          j = g;
        }
      }
      for (int t = 0; t < numThresholds; t++) {
        byte f;
        if (nan || j < 0 || !(best > thresholds[t])) {
          f = MatchFlags.FP;
        } else if (gDifficult[g0 + j]) {
          f = MatchFlags.IGNORED;
        } else if (taken[t * ng + j]) {
          f = MatchFlags.FP; // no fallback to the second-best GT
        } else {
          taken[t * ng + j] = true;
          f = MatchFlags.TP;
        }
        flags[t] = f;
      }
      int q = dtOrder[d0 + d];
      sink.detection(k, imageId, d, dScore[q], flags);
    }
  }

  /** Class, then score descending (plain comparisons: -0.0 ties 0.0), then file order. */
  private boolean dtBefore(int a, int b) {
    if (dClass[a] != dClass[b]) return dClass[a] < dClass[b];
    double sa = dScore[a], sb = dScore[b];
    if (sa > sb) return true;
    if (sa < sb) return false;
    return dSeq[a] < dSeq[b];
  }

  /** Class, then file order. */
  private boolean gtBefore(int a, int b) {
    if (gClass[a] != gClass[b]) return gClass[a] < gClass[b];
    return gSeq[a] < gSeq[b];
  }
}
