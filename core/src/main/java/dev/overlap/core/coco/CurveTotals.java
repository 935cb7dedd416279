package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * Counts of one category's ranked detections in one slice of the global sort: true and false
 * positives per (area range, maxDets, IoU threshold) and detections per maxDets.
 *
 * <p>Sufficient statistics: totals of earlier slices are the offsets that let a later slice compute
 * its precision and recall without seeing the earlier detections. They merge by addition.
 * Layout: {@code key = (a * M + m) * T + t}.
 */
public final class CurveTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  final int category;
  final int numAreas;
  final int numMaxDets;
  final int numThresholds;
  final int[] maxDets;
  final long[] tp;
  final long[] fp;
  final long[] nd;

  /** Empty totals for one category index. */
  public CurveTotals(CocoParams p, int category) {
    this.category = category;
    this.numAreas = p.numAreaRanges();
    this.numMaxDets = p.numMaxDets();
    this.numThresholds = p.numIouThresholds();
    this.maxDets = p.maxDets();
    int keys = numAreas * numMaxDets * numThresholds;
    this.tp = new long[keys];
    this.fp = new long[keys];
    this.nd = new long[numMaxDets];
  }

  /** Counts one detection of this category (see {@link MatchSink#detection} for rank and flags). */
  public void add(int rank, byte[] flags) {
    int t0 = numThresholds;
    for (int m = 0; m < numMaxDets; m++) {
      if (rank >= maxDets[m]) continue;
      nd[m]++;
      for (int a = 0; a < numAreas; a++) {
        int key = (a * numMaxDets + m) * t0;
        int f = a * t0;
        for (int t = 0; t < t0; t++) {
          byte v = flags[f + t];
          if (v == MatchFlags.TP) tp[key + t]++;
          else if (v == MatchFlags.FP) fp[key + t]++;
        }
      }
    }
  }

  /** Adds another slice's counts of the same category. */
  public void merge(CurveTotals o) {
    if (o.category != category || o.tp.length != tp.length) {
      throw new IllegalArgumentException("cannot merge totals of category " + o.category + " into " + category);
    }
    for (int i = 0; i < tp.length; i++) {
      tp[i] += o.tp[i];
      fp[i] += o.fp[i];
    }
    for (int m = 0; m < nd.length; m++) nd[m] += o.nd[m];
  }

  /** Category index. */
  public int category() { return category; }

  /** Detections counted for maxDets index m. */
  public long detections(int m) { return nd[m]; }

  /** True positives at (area a, maxDets m, threshold t). */
  public long truePositives(int a, int m, int t) { return tp[(a * numMaxDets + m) * numThresholds + t]; }

  /** False positives at (area a, maxDets m, threshold t). */
  public long falsePositives(int a, int m, int t) { return fp[(a * numMaxDets + m) * numThresholds + t]; }

  CurveTotals copy(CocoParams p) {
    CurveTotals c = new CurveTotals(p, category);
    c.merge(this);
    return c;
  }
}
