package dev.overlap.core.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.stats.PoissonWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap replicates of the COCO stats on coco-small (bbox): with weights all 1 they are pycocotools' stats (the
 * reference file), with weight 0 on half the images they are the stats of the other half, and under Poisson weights
 * every replicate equals a naive weighted accumulate written here (cumulative sums, envelope, searchsorted).
 */
class CocoBootstrapTest {
  static final double TOL = 1e-12;
  static CocoGroundTruth gt;
  static List<Detection> dts;
  static CocoParams params = CocoParams.defaults(IouType.BBOX);

  @BeforeAll
  static void read() throws Exception {
    gt = CocoReferenceTest.gt("/reference/coco-small/instances_gt.json", false);
    dts = CocoReferenceTest.dets("/reference/coco-small/detections.json", false);
  }

  @Test
  void weightOneEverywhereIsCocoeval() {
    CocoIntervals iv = CocoBootstrap.evaluate(gt, dts, params, 1, (id, out) -> out[0] = 1, 0.95);
    CocoEvaluation e = CocoEvaluator.evaluate(gt, dts, params);
    double[] want = e.summary().stats();
    for (int s = 0; s < want.length; s++) {
      assertEquals(want[s], iv.replicateStats()[0][s], TOL, CocoSummary.NAMES[s]);
      assertEquals(want[s], iv.intervals()[s][0], TOL);
      assertEquals(want[s], iv.intervals()[s][1], TOL);
    }
    for (int k = 0; k < iv.replicateCategoryStats()[0].length; k++) {
      double[] wk = e.summary().categoryStats(k);
      for (int s = 0; s < wk.length; s++) assertEquals(wk[s], iv.replicateCategoryStats()[0][k][s], TOL, "k " + k + " " + s);
    }
  }

  @Test
  void weightZeroDropsAnImage() {
    // replicate 0: even image ids only; replicate 1: weight 2 everywhere (pr moves by eps only)
    CocoIntervals iv = CocoBootstrap.evaluate(gt, dts, params, 2, (id, out) -> {
      out[0] = id % 2 == 0 ? 1 : 0;
      out[1] = 2;
    }, 0.95);
    long[] even = gt.images().stream().mapToLong(Image::id).filter(id -> id % 2 == 0).toArray();
    double[] half = CocoEvaluator.evaluate(gt, dts, params.toBuilder().imageIds(even).build()).summary().stats();
    double[] all = CocoEvaluator.evaluate(gt, dts, params).summary().stats();
    for (int s = 0; s < half.length; s++) {
      assertEquals(half[s], iv.replicateStats()[0][s], TOL, "even images, " + CocoSummary.NAMES[s]);
      assertEquals(all[s], iv.replicateStats()[1][s], TOL, "weight 2, " + CocoSummary.NAMES[s]);
    }
  }

  @Test
  void poissonReplicatesEqualANaiveWeightedAccumulate() {
    int reps = 6;
    long seed = 3;
    CocoIntervals iv = CocoBootstrap.evaluate(gt, dts, params, reps, seed, 0.9);
    // the matches of every detection, from the per-image evaluation the plain path uses
    long[] catIds = gt.categories().stream().mapToLong(Category::id).sorted().toArray();
    int k0 = catIds.length;
    ImageEvaluator ev = new ImageEvaluator(params, catIds);
    MatchBuffer mb = new MatchBuffer(params, k0);
    List<long[]> gtCounts = new ArrayList<>(); // {image, k, a, n}
    for (Image im : gt.images()) {
      List<GtAnnotation> g = gt.annotations().stream().filter(a -> a.imageId() == im.id()).toList();
      List<Detection> d = dts.stream().filter(x -> x.imageId() == im.id()).toList();
      ev.evaluate(im, g, d, new MatchSink() {
        @Override
        public void detection(int category, long imageId, int rank, double score, byte[] flags) {
          mb.detection(category, imageId, rank, score, flags);
        }

        @Override
        public void groundTruth(int category, int area, int notIgnored) {
          gtCounts.add(new long[] {im.id(), category, area, notIgnored});
        }
      });
    }
    int[] order = mb.rankOrder();
    int a0 = params.numAreaRanges();
    int t0 = params.numIouThresholds();
    int m0 = params.numMaxDets();
    int r0 = params.numRecallThresholds();
    double[] recThrs = params.recallThresholds();
    byte[] f = new byte[a0 * t0];
    for (int rep = 0; rep < reps; rep++) {
      final int r = rep;
      long[][] npig = new long[k0][a0];
      for (long[] c : gtCounts) npig[(int) c[1]][(int) c[2]] += c[3] * PoissonWeights.weight(seed, PoissonWeights.keyOf(c[0]), r);
      // precision[t][r][k][a][m] and recall[t][k][a][m] as accumulate computes them, weights as repeat counts of the step
      double[][][][][] precision = new double[t0][r0][k0][a0][m0];
      double[][][][] recall = new double[t0][k0][a0][m0];
      for (int k = 0; k < k0; k++) {
        List<Integer> mine = new ArrayList<>();
        for (int i : order) if (mb.category(i) == k) mine.add(i);
        for (int a = 0; a < a0; a++) {
          for (int m = 0; m < m0; m++) {
            for (int t = 0; t < t0; t++) {
              if (npig[k][a] == 0) {
                for (int q = 0; q < r0; q++) precision[t][q][k][a][m] = -1;
                recall[t][k][a][m] = -1;
                continue;
              }
              List<double[]> points = new ArrayList<>(); // {rc, pr}
              long tp = 0;
              long fp = 0;
              for (int i : mine) {
                if (mb.rank(i) >= params.maxDets(m)) continue;
                mb.flags(i, f);
                byte v = f[a * t0 + t];
                if (v == MatchFlags.IGNORED) continue;
                int w = PoissonWeights.weight(seed, PoissonWeights.keyOf(mb.imageId(i)), r);
                if (w == 0) continue;
                if (v == MatchFlags.TP) tp += w;
                else fp += w;
                points.add(new double[] {(double) tp / npig[k][a], tp / ((double) fp + tp + Math.ulp(1.0))});
              }
              int nd = points.size();
              recall[t][k][a][m] = nd == 0 ? 0 : points.get(nd - 1)[0];
              double[] pr = new double[nd];
              for (int i = 0; i < nd; i++) pr[i] = points.get(i)[1];
              for (int i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
              for (int q = 0; q < r0; q++) {
                int pi = 0;
                while (pi < nd && points.get(pi)[0] < recThrs[q]) pi++;
                precision[t][q][k][a][m] = pi < nd ? pr[pi] : 0;
              }
            }
          }
        }
      }
      double[] got = iv.replicateStats()[rep];
      assertEquals(mean(precision, recall, true, -1, 0, 2), got[0], TOL, "AP, replicate " + rep);
      assertEquals(mean(precision, recall, true, 0, 0, 2), got[1], TOL, "AP50");
      assertEquals(mean(precision, recall, true, 5, 0, 2), got[2], TOL, "AP75");
      assertEquals(mean(precision, recall, true, -1, 1, 2), got[3], TOL, "APs");
      assertEquals(mean(precision, recall, true, -1, 3, 2), got[5], TOL, "APl");
      assertEquals(mean(precision, recall, false, -1, 0, 0), got[6], TOL, "AR1");
      assertEquals(mean(precision, recall, false, -1, 0, 1), got[7], TOL, "AR10");
      assertEquals(mean(precision, recall, false, -1, 2, 2), got[10], TOL, "ARm");
    }
    // the plain AP lies inside its interval, which has some width
    double ap = CocoEvaluator.evaluate(gt, dts, params).summary().stat(0);
    assertTrue(iv.intervals()[0][1] > iv.intervals()[0][0]);
    assertTrue(Arrays.stream(iv.replicateStats()).allMatch(s -> s[0] > 0.2 && s[0] < 0.4));
    assertTrue(ap > 0.2 && ap < 0.4);
  }

  /** np.mean(s[s > -1]) over the selected entries (t = -1: all thresholds). */
  private static double mean(double[][][][][] precision, double[][][][] recall, boolean ap, int t, int a, int m) {
    double sum = 0;
    int n = 0;
    for (int tt = 0; tt < precision.length; tt++) {
      if (t >= 0 && tt != t) continue;
      for (int k = 0; k < recall[0].length; k++) {
        if (ap) {
          for (int q = 0; q < precision[0].length; q++) {
            double v = precision[tt][q][k][a][m];
            if (v > -1) {
              sum += v;
              n++;
            }
          }
        } else {
          double v = recall[tt][k][a][m];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  /** A generated set of n images drawn from one distribution: 4 categories, a few objects and detections each. */
  static List<Object> generated(int n, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> gts = new ArrayList<>();
    List<Detection> ds = new ArrayList<>();
    for (int c = 1; c <= 4; c++) cats.add(new Category(c, "c" + c, "s"));
    long seq = 0;
    for (int i = 1; i <= n; i++) {
      Image im = new Image(i, "i" + i, 200, 160);
      images.add(im);
      int objects = 1 + rnd.nextInt(4);
      for (int j = 0; j < objects; j++) {
        int c = 1 + rnd.nextInt(4);
        double[] b = KernelParityTest.randomBox(rnd, im);
        gts.add(new GtAnnotation(gts.size() + 1, i, c, b, b[2] * b[3], false, null, gts.size()));
        // a hit (scored high or low) or a miss, then a false positive elsewhere
        if (rnd.nextInt(4) > 0) ds.add(new Detection(i, c, KernelParityTest.jitter(rnd, b), rnd.nextDouble(), null, seq++));
        if (rnd.nextInt(2) == 0) {
          ds.add(new Detection(i, c, KernelParityTest.randomBox(rnd, im), 0.8 * rnd.nextDouble(), null, seq++));
        }
      }
    }
    return List.of(new CocoGroundTruth(images, cats, gts), ds);
  }

  /**
   * The intervals behave as sampling theory says with images as the unit: four times the images give an AP interval
   * about half as wide (within 20%), and the replicates' mean AP lies within one standard error (their standard
   * deviation) of the full-set AP.
   */
  @Test
  @SuppressWarnings("unchecked")
  void intervalsShrinkAsOneOverRootNAndCentreOnTheFullSetAp() {
    int reps = 200;
    double[] width = new double[2];
    int[] sizes = {400, 1600};
    for (int i = 0; i < 2; i++) {
      List<Object> set = generated(sizes[i], 17 + i);
      CocoGroundTruth g = (CocoGroundTruth) set.get(0);
      List<Detection> d = (List<Detection>) set.get(1);
      CocoIntervals iv = CocoBootstrap.evaluate(g, d, params, reps, 9, 0.95);
      width[i] = iv.intervals()[0][1] - iv.intervals()[0][0];
      double full = CocoEvaluator.evaluate(g, d, params).summary().stat(0);
      double mean = 0;
      for (double[] r : iv.replicateStats()) mean += r[0];
      mean /= reps;
      double var = 0;
      for (double[] r : iv.replicateStats()) var += (r[0] - mean) * (r[0] - mean);
      double se = Math.sqrt(var / (reps - 1));
      assertTrue(Math.abs(mean - full) <= se, sizes[i] + " images: bootstrap mean " + mean + ", AP " + full + ", se " + se);
      assertTrue(width[i] > 0.01, "an interval of some width: " + width[i]);
    }
    double ratio = width[1] / width[0];
    assertTrue(ratio > 0.4 && ratio < 0.6, "4x the images: width ratio " + ratio + " (about 0.5)");
  }
}
