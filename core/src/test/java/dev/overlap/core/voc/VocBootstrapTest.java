package dev.overlap.core.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.coco.MatchFlags;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weighted VOC curves against the images taken w times: each detection repeated w times in place (its copies are
 * adjacent in the order), npos summed with the weights, then {@link VocAp} (checked against voc_eval in
 * {@link VocReferenceTest}) on the expanded curve.
 */
class VocBootstrapTest {
  static final int T = 3;
  static final int IMAGES = 40;

  /** A random ranked list of one class: image ids, flags, and each image's non-difficult ground truths. */
  record Curve(int n, long[] imageIds, byte[] flags, long[] gtPerImage) {}

  static Curve curve(long seed) {
    Random rnd = new Random(seed);
    int n = 30 + rnd.nextInt(120);
    long[] ids = new long[n];
    byte[] flags = new byte[n * T];
    for (int i = 0; i < n; i++) {
      ids[i] = rnd.nextInt(IMAGES);
      for (int t = 0; t < T; t++) {
        int u = rnd.nextInt(10);
        // stricter thresholds turn true positives into false positives; a few are difficult (ignored)
        flags[i * T + t] = u < 1 ? MatchFlags.IGNORED : u < 6 - t ? MatchFlags.TP : MatchFlags.FP;
      }
    }
    long[] gt = new long[IMAGES];
    for (int i = 0; i < IMAGES; i++) gt[i] = rnd.nextInt(4);
    return new Curve(n, ids, flags, gt);
  }

  /** Weights 0..3 from a fixed table per (image, replicate). */
  static BootstrapCurves.Weights table(int[][] w) {
    return (imageId, out) -> {
      for (int r = 0; r < out.length; r++) out[r] = w[r][(int) imageId];
    };
  }

  static double naive(Curve c, int[] w, int t, VocProtocol protocol) {
    VocCurve v = new VocCurve();
    long npos = 0;
    for (int img = 0; img < IMAGES; img++) npos += (long) w[img] * c.gtPerImage()[img];
    for (int i = 0; i < c.n(); i++) {
      for (int copy = 0; copy < w[(int) c.imageIds()[i]]; copy++) v.add(c.flags()[i * T + t]);
    }
    return npos == 0 ? Double.NaN : VocAp.ap(v, npos, protocol);
  }

  @ParameterizedTest
  @EnumSource(VocProtocol.class)
  void weightedCurvesEqualImagesTakenWTimes(VocProtocol protocol) {
    int reps = 7;
    for (long seed = 1; seed <= 25; seed++) {
      Curve c = curve(seed);
      Random rnd = new Random(seed * 31);
      int[][] w = new int[reps][IMAGES];
      for (int r = 0; r < reps; r++) {
        for (int img = 0; img < IMAGES; img++) w[r][img] = r == 0 ? 1 : r == 1 ? 0 : rnd.nextInt(4);
      }
      long[] npos = new long[reps];
      for (int r = 0; r < reps; r++) for (int img = 0; img < IMAGES; img++) npos[r] += (long) w[r][img] * c.gtPerImage()[img];
      double[] ap = VocBootstrap.ap(c.n(), c.imageIds(), c.flags(), T, npos, table(w), protocol);
      for (int r = 0; r < reps; r++) {
        for (int t = 0; t < T; t++) {
          double want = naive(c, w[r], t, protocol);
          double got = ap[r * T + t];
          if (Double.isNaN(want)) {
            assertTrue(Double.isNaN(got), "seed " + seed + " rep " + r + " t " + t + ": " + got);
          } else {
            assertEquals(want, got, 1e-12, "seed " + seed + " rep " + r + " t " + t);
          }
        }
      }
      // replicate 1 weighs every image 0: no ground truth, AP undefined
      assertTrue(Double.isNaN(ap[T]));
    }
  }

  @ParameterizedTest
  @EnumSource(VocProtocol.class)
  void unitWeightReplicatesSummarizeAsTheRun(VocProtocol protocol) {
    int k0 = 4;
    int reps = 3;
    double[] thr = {0.5, 0.6, 0.75};
    VocCurve[][] curves = new VocCurve[k0][T];
    long[] npos = new long[k0];
    double[][] ap = new double[k0][];
    long[][] nposRep = new long[k0][reps];
    int[][] ones = new int[reps][IMAGES];
    for (int[] row : ones) java.util.Arrays.fill(row, 1);
    for (int k = 0; k < k0; k++) {
      Curve c = curve(100 + k);
      for (long g : c.gtPerImage()) npos[k] += g;
      if (k == 3) npos[k] = 0; // a class without non-difficult ground truth: out of the means
      for (int t = 0; t < T; t++) {
        curves[k][t] = new VocCurve();
        for (int i = 0; i < c.n(); i++) curves[k][t].add(c.flags()[i * T + t]);
      }
      java.util.Arrays.fill(nposRep[k], npos[k]);
      ap[k] = VocBootstrap.ap(c.n(), c.imageIds(), c.flags(), T, nposRep[k], table(ones), protocol);
    }
    VocSummary run = VocSummary.of(protocol, thr, curves, npos);
    VocIntervals iv = VocIntervals.of(protocol, thr, ap, nposRep, 0.9);
    for (int i = 0; i < VocSummary.METRICS.length; i++) {
      for (int r = 0; r < reps; r++) assertEquals(run.metric(i), iv.replicateStats()[r][i], 1e-12, VocSummary.METRICS[i]);
      assertEquals(run.metric(i), iv.intervals()[i][0], 1e-12);
      assertEquals(run.metric(i), iv.intervals()[i][1], 1e-12);
    }
    for (int k = 0; k < 3; k++) {
      for (int t = 0; t < T; t++) assertEquals(run.ap(k, t), iv.classIntervals()[k][t][0], 1e-12);
      assertEquals(run.apMean(k), iv.classMeanIntervals()[k][1], 1e-12);
    }
    assertTrue(Double.isNaN(iv.classMeanIntervals()[3][0]));
  }
}
