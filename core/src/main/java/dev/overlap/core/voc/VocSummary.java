package dev.overlap.core.voc;

import dev.overlap.core.coco.CocoSummary;

/**
 * Per-class VOC AP at every threshold and the means Detectron2 reports: {@code mAP_t} = mean over the
 * classes with non-difficult GT of their AP at t; {@code AP50} = {@code mAP} = {@code mAP_0.5},
 * {@code AP75} = {@code mAP_0.75}, {@code AP} = mean of the ten {@code mAP_t}. Means use numpy's
 * pairwise order. A class with {@code npos = 0} has AP {@code NaN} (null in outputs) and is out of every mean.
 */
public final class VocSummary {
  /** The headline metrics' names (summary.json keys), in {@link #metric} order. */
  public static final String[] METRICS = {"mAP", "AP", "AP50", "AP75"};

  private final VocProtocol protocol;
  private final double[] thresholds;
  private final long[] npos;
  private final double[][] ap; // [class][threshold]
  private final double[] mapByIou;
  private final int classesInMean;

  private VocSummary(VocProtocol protocol, double[] thresholds, long[] npos, double[][] ap) {
    this.protocol = protocol;
    this.thresholds = thresholds;
    this.npos = npos;
    this.ap = ap;
    int k0 = npos.length;
    int n = 0;
    for (long p : npos) if (p > 0) n++;
    this.classesInMean = n;
    this.mapByIou = new double[thresholds.length];
    double[] buf = new double[k0];
    for (int t = 0; t < thresholds.length; t++) {
      int m = 0;
      for (int k = 0; k < k0; k++) if (npos[k] > 0) buf[m++] = ap[k][t];
      mapByIou[t] = m == 0 ? Double.NaN : CocoSummary.pairwiseSum(buf, 0, m) / m;
    }
  }

  /**
   * Summarizes whole curves.
   *
   * @param curves {@code curves[k][t]}: class k's curve at threshold t over all images (null = no detections)
   * @param npos non-difficult ground truths per class
   */
  public static VocSummary of(VocProtocol protocol, double[] thresholds, VocCurve[][] curves, long[] npos) {
    double[][] ap = new double[npos.length][thresholds.length];
    VocCurve empty = new VocCurve();
    for (int k = 0; k < npos.length; k++) {
      for (int t = 0; t < thresholds.length; t++) {
        VocCurve c = curves[k] == null || curves[k][t] == null ? empty : curves[k][t];
        ap[k][t] = npos[k] > 0 ? VocAp.ap(c, npos[k], protocol) : Double.NaN;
      }
    }
    return new VocSummary(protocol, thresholds.clone(), npos.clone(), ap);
  }

  /** Summarizes given per-class APs ({@code ap[k][t]}, NaN where {@code npos[k] == 0}): a bootstrap replicate's. */
  static VocSummary ofAps(VocProtocol protocol, double[] thresholds, long[] npos, double[][] ap) {
    return new VocSummary(protocol, thresholds, npos, ap);
  }

  /** The protocol. */
  public VocProtocol protocol() { return protocol; }

  /** The IoU thresholds. */
  public double[] thresholds() { return thresholds.clone(); }

  /** Number of classes. */
  public int numClasses() { return npos.length; }

  /** Non-difficult GTs of class k. */
  public long npos(int k) { return npos[k]; }

  /** AP of class k at threshold index t; NaN when the class has no non-difficult GT. */
  public double ap(int k, int t) { return ap[k][t]; }

  /** Class k's mean AP over the thresholds (Detectron2's per-class AP); NaN when it has no non-difficult GT. */
  public double apMean(int k) {
    if (npos[k] <= 0) return Double.NaN;
    return CocoSummary.pairwiseSum(ap[k], 0, thresholds.length) / thresholds.length;
  }

  /** Mean over classes with non-difficult GT of their AP at threshold index t (NaN when no class counts). */
  public double mapAt(int t) { return mapByIou[t]; }

  /** Classes in the means. */
  public int classesInMean() { return classesInMean; }

  /** Index of threshold v, or -1. */
  public int thresholdIndex(double v) {
    for (int t = 0; t < thresholds.length; t++) if (thresholds[t] == v) return t;
    return -1;
  }

  /** {@code mAP} = {@code AP50}. */
  public double map() { return at(0.5); }

  /** {@code AP50}. */
  public double ap50() { return at(0.5); }

  /** {@code AP75}. */
  public double ap75() { return at(0.75); }

  /** {@code AP}: the mean of the per-threshold means. */
  public double apAll() {
    for (double v : mapByIou) if (Double.isNaN(v)) return Double.NaN;
    return CocoSummary.pairwiseSum(mapByIou, 0, mapByIou.length) / mapByIou.length;
  }

  /** Headline metric i of {@link #METRICS}: mAP, AP, AP50, AP75 (NaN where undefined). */
  public double metric(int i) {
    switch (i) {
      case 0: return map();
      case 1: return apAll();
      case 2: return ap50();
      case 3: return ap75();
      default: throw new IllegalArgumentException("no VOC metric " + i);
    }
  }

  private double at(double v) {
    int t = thresholdIndex(v);
    return t < 0 ? Double.NaN : mapByIou[t];
  }
}
