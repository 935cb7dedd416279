package dev.overlap.core.voc;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.coco.MatchFlags;

/**
 * One class's VOC AP at every IoU threshold under R bootstrap replicates, from its detections in the global rank
 * order (score descending, image id, rank in image), each image weighted by its integer weight in each replicate.
 *
 * <p>A weight w is the image taken w times: its true positive raises the cumulative tp by w, its false positive
 * the cumulative fp by w, and {@code npos} is the weighted count of non-difficult ground truths. The w copies of a
 * true positive sit together in the order, and the precision of the first w - 1 of them is below the last one's,
 * so their envelope is the last one's: the copies are one curve point whose recall step is w / npos. With all
 * weights 1 this is {@link VocAp} on the unweighted curve.
 *
 * <p>The envelope (best precision from a point to the end) is a suffix maximum, so the curve is walked backwards
 * after one forward pass for the totals: O(detections x thresholds x replicates) time, O(thresholds x replicates)
 * state, never a curve per replicate. The all-point sum runs from the end of the curve to its start (numpy sums
 * the same terms pairwise: the two agree to rounding).
 */
public final class VocBootstrap {
  private VocBootstrap() {}

  /**
   * The AP of one class in every replicate at every threshold.
   *
   * @param n detections of the class, in rank order
   * @param imageIds {@code imageIds[i]}: detection i's image
   * @param flags {@code flags[i * thresholds + t]}: {@link MatchFlags} of detection i at threshold t
   * @param npos {@code npos[rep]}: the class's weighted non-difficult ground truths in replicate rep
   * @return {@code ap[rep * thresholds + t]}; NaN where {@code npos[rep] == 0} (out of the means, as unweighted)
   */
  public static double[] ap(int n, long[] imageIds, byte[] flags, int thresholds, long[] npos,
      BootstrapCurves.Weights weights, VocProtocol protocol) {
    int reps = npos.length;
    int states = thresholds * reps;
    int[] w = new int[reps];
    long[] tpTotal = new long[states];
    long[] fpTotal = new long[states];
    for (int i = 0; i < n; i++) {
      // a class's detections of one image are often adjacent in the order: draw its weights once
      if (i == 0 || imageIds[i] != imageIds[i - 1]) weights.fill(imageIds[i], w);
      for (int t = 0; t < thresholds; t++) {
        byte f = flags[i * thresholds + t];
        long[] into = f == MatchFlags.TP ? tpTotal : f == MatchFlags.FP ? fpTotal : null;
        if (into == null) continue;
        int base = t * reps;
        for (int rep = 0; rep < reps; rep++) into[base + rep] += w[rep];
      }
    }

    boolean voc07 = protocol == VocProtocol.VOC07;
    long[] tpAfter = new long[states]; // weighted tp / fp strictly after the current position
    long[] fpAfter = new long[states];
    double[] env = new double[states];
    double[] area = voc07 ? null : new double[states];
    double[] at11 = voc07 ? new double[states * 11] : null; // precision at recall >= g / 10, from the earliest point
    for (int i = n - 1; i >= 0; i--) {
      if (i == n - 1 || imageIds[i] != imageIds[i + 1]) weights.fill(imageIds[i], w);
      for (int t = 0; t < thresholds; t++) {
        byte f = flags[i * thresholds + t];
        int base = t * reps;
        if (f == MatchFlags.FP) {
          for (int rep = 0; rep < reps; rep++) fpAfter[base + rep] += w[rep];
          continue;
        }
        if (f != MatchFlags.TP) continue;
        for (int rep = 0; rep < reps; rep++) {
          int wr = w[rep];
          if (wr == 0) continue;
          int s = base + rep;
          long tp = tpTotal[s] - tpAfter[s];
          long fp = fpTotal[s] - fpAfter[s];
          double p = tp / Math.max((double) tp + (double) fp, VocAp.EPS);
          if (p > env[s]) env[s] = p;
          tpAfter[s] += wr;
          if (npos[rep] == 0) continue;
          double np = (double) npos[rep];
          double rec = tp / np;
          if (voc07) {
            // the earliest point with rec >= g * 0.1 is the last one met walking back
            for (int g = 0; g < 11 && rec >= g * 0.1; g++) at11[s * 11 + g] = env[s];
          } else {
            area[s] += (rec - (tp - wr) / np) * env[s];
          }
        }
      }
    }

    double[] ap = new double[states];
    for (int rep = 0; rep < reps; rep++) {
      for (int t = 0; t < thresholds; t++) {
        int s = t * reps + rep;
        double v;
        if (npos[rep] == 0) {
          v = Double.NaN;
        } else if (voc07) {
          v = 0.0;
          for (int g = 0; g < 11; g++) v = v + at11[s * 11 + g] / 11.0;
        } else {
          v = area[s];
        }
        ap[rep * thresholds + t] = v;
      }
    }
    return ap;
  }
}
