package dev.overlap.core.voc;

import dev.overlap.core.stats.Percentiles;
import java.io.Serializable;

/**
 * Bootstrap replicates of the VOC headline ({@link VocSummary#METRICS}) and of every class's AP, with their
 * percentile intervals. A replicate is summarized exactly as the run ({@link VocSummary}): a class whose weighted
 * non-difficult ground truth is 0 in a replicate is out of that replicate's means. Immutable.
 *
 * @param replicateStats {@code [replicate][metric]}, NaN where undefined
 * @param replicateClassAp {@code [replicate][class][threshold]}: each class's AP (NaN where its npos is 0)
 * @param replicateClassMean {@code [replicate][class]}: its mean over the thresholds
 * @param intervals {@code [metric] = {lo, hi}}, NaN where no replicate defines the metric
 * @param classIntervals {@code [class][threshold] = {lo, hi}}: the class's AP at each IoU threshold
 * @param classMeanIntervals {@code [class] = {lo, hi}}: its mean over the thresholds (Detectron2's per-class AP)
 */
public record VocIntervals(double confidence, double[][] replicateStats, double[][][] replicateClassAp,
    double[][] replicateClassMean, double[][] intervals, double[][][] classIntervals, double[][] classMeanIntervals)
    implements Serializable {

  /** Number of replicates. */
  public int replicates() {
    return replicateStats.length;
  }

  /**
   * The replicates' summaries and the intervals.
   *
   * @param ap {@code ap[k][rep * T + t]} ({@link VocBootstrap#ap})
   * @param npos {@code npos[k][rep]}: weighted non-difficult ground truths
   */
  public static VocIntervals of(VocProtocol protocol, double[] thresholds, double[][] ap, long[][] npos,
      double confidence) {
    int k0 = ap.length;
    int t0 = thresholds.length;
    int reps = k0 == 0 ? 0 : npos[0].length;
    int m0 = VocSummary.METRICS.length;
    double[][] stats = new double[reps][m0];
    double[][][] classAp = new double[k0][t0][reps];
    double[][] classMean = new double[k0][reps];
    double[][][] repClassAp = new double[reps][k0][t0];
    double[][] repClassMean = new double[reps][k0];
    double[][] a = new double[k0][t0];
    long[] n = new long[k0];
    for (int rep = 0; rep < reps; rep++) {
      for (int k = 0; k < k0; k++) {
        n[k] = npos[k][rep];
        System.arraycopy(ap[k], rep * t0, a[k], 0, t0);
      }
      VocSummary s = VocSummary.ofAps(protocol, thresholds, n, a);
      for (int i = 0; i < m0; i++) stats[rep][i] = s.metric(i);
      for (int k = 0; k < k0; k++) {
        for (int t = 0; t < t0; t++) classAp[k][t][rep] = a[k][t];
        classMean[k][rep] = s.apMean(k);
        System.arraycopy(a[k], 0, repClassAp[rep][k], 0, t0);
        repClassMean[rep][k] = classMean[k][rep];
      }
    }
    double[][] iv = new double[m0][];
    double[] col = new double[reps];
    for (int i = 0; i < m0; i++) {
      for (int rep = 0; rep < reps; rep++) col[rep] = stats[rep][i];
      iv[i] = Percentiles.interval(col, reps, confidence);
    }
    double[][][] civ = new double[k0][t0][];
    double[][] cmiv = new double[k0][];
    for (int k = 0; k < k0; k++) {
      for (int t = 0; t < t0; t++) civ[k][t] = Percentiles.interval(classAp[k][t], reps, confidence);
      cmiv[k] = Percentiles.interval(classMean[k], reps, confidence);
    }
    return new VocIntervals(confidence, stats, repClassAp, repClassMean, iv, civ, cmiv);
  }
}
