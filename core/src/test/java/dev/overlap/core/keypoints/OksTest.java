package dev.overlap.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** OKS kernel against a naive transcription of cocoeval.py#computeOks, on seeded random poses. */
class OksTest {
  /** computeOks for one pair, term by term, summed left to right. */
  static double naive(double[] d, int dOff, double[] g, int gOff, double[] box, double area, double[] sigmas) {
    int k = sigmas.length;
    int k1 = 0;
    for (int i = 0; i < k; i++) if (g[gOff + 3 * i + 2] > 0) k1++;
    double x0 = box[0] - box[2], x1 = box[0] + box[2] * 2, y0 = box[1] - box[3], y1 = box[1] + box[3] * 2;
    double sum = 0;
    int n = 0;
    for (int i = 0; i < k; i++) {
      double var = (sigmas[i] * 2) * (sigmas[i] * 2);
      double xd = d[dOff + 3 * i], yd = d[dOff + 3 * i + 1];
      double dx, dy;
      if (k1 > 0) {
        if (g[gOff + 3 * i + 2] <= 0) continue;
        dx = xd - g[gOff + 3 * i];
        dy = yd - g[gOff + 3 * i + 1];
      } else {
        dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
        dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
      }
      double e = (dx * dx + dy * dy) / var / (area + 2.220446049250313e-16) / 2;
      sum += Math.exp(-e);
      n++;
    }
    return sum / n;
  }

  @Test
  void matchesNaiveOnRandomPoses() {
    SplittableRandom rnd = new SplittableRandom(7);
    double[] sigmas = KeypointSigmas.cocoSigmas();
    int k = sigmas.length;
    for (int round = 0; round < 200; round++) {
      int nd = 1 + rnd.nextInt(6), ng = 1 + rnd.nextInt(5);
      double[] gt = new double[3 * k * ng], dt = new double[3 * k * nd], boxes = new double[4 * ng], area = new double[ng];
      for (int g = 0; g < ng; g++) {
        double bx = rnd.nextDouble(0, 400), by = rnd.nextDouble(0, 300), bw = rnd.nextDouble(1, 200), bh = rnd.nextDouble(1, 200);
        boxes[4 * g] = bx; boxes[4 * g + 1] = by; boxes[4 * g + 2] = bw; boxes[4 * g + 3] = bh;
        area[g] = round % 17 == 0 ? 0 : bw * bh * rnd.nextDouble(0.3, 1);
        boolean none = rnd.nextInt(4) == 0; // a GT with no labelled keypoint: the enlarged-box rule
        for (int i = 0; i < k; i++) {
          int v = none ? 0 : rnd.nextInt(3);
          gt[3 * k * g + 3 * i] = v == 0 ? 0 : bx + rnd.nextDouble() * bw;
          gt[3 * k * g + 3 * i + 1] = v == 0 ? 0 : by + rnd.nextDouble() * bh;
          gt[3 * k * g + 3 * i + 2] = v;
        }
      }
      for (int d = 0; d < nd; d++) {
        for (int i = 0; i < k; i++) {
          boolean origin = rnd.nextInt(10) == 0;
          dt[3 * k * d + 3 * i] = origin ? 0 : rnd.nextDouble(-100, 700);
          dt[3 * k * d + 3 * i + 1] = origin ? 0 : rnd.nextDouble(-100, 500);
          dt[3 * k * d + 3 * i + 2] = rnd.nextDouble();
        }
      }
      double[] out = new double[ng * nd];
      Oks.oks(dt, nd, gt, boxes, area, ng, sigmas, k, new double[2 * k], out);
      for (int g = 0; g < ng; g++) {
        for (int d = 0; d < nd; d++) {
          double want = naive(dt, 3 * k * d, gt, 3 * k * g, new double[] {boxes[4 * g], boxes[4 * g + 1], boxes[4 * g + 2],
              boxes[4 * g + 3]}, area[g], sigmas);
          // only the summation order differs (numpy's pairwise vs left to right)
          assertEquals(want, out[g * nd + d], 1e-15, "round " + round + " gt " + g + " dt " + d);
        }
      }
    }
  }

  @Test
  void unlabelledGroundTruthGivesOneInsideItsEnlargedBox() {
    double[] sigmas = KeypointSigmas.cocoSigmas();
    int k = 17;
    double[] gt = new double[3 * k]; // every v = 0
    double[] box = {100, 100, 10, 20};
    double[] dt = new double[3 * k];
    for (int i = 0; i < k; i++) {
      dt[3 * i] = 90 + i; // inside [90, 120] x [80, 140]
      dt[3 * i + 1] = 80 + 3 * i;
    }
    double[] out = new double[1];
    Oks.oks(dt, 1, gt, box, new double[] {50}, 1, sigmas, k, new double[2 * k], out);
    assertEquals(1.0, out[0], 0.0);
    dt[0] = 89; // one keypoint 1 px outside: below 1
    Oks.oks(dt, 1, gt, box, new double[] {50}, 1, sigmas, k, new double[2 * k], out);
    assertTrue(out[0] < 1.0);
  }

  @Test
  void extentAreaCountsKeypointsAtTheOrigin() {
    double[] kp = {10, 20, 1, 30, 60, 1, 0, 0, 0};
    assertEquals(30.0 * 60.0, Oks.extentArea(kp, 0, 3), 0.0);
    assertEquals(20.0 * 40.0, Oks.extentArea(new double[] {10, 20, 1, 30, 60, 1}, 0, 2), 0.0);
  }

  @Test
  void problemNamesLengthAndFlags() {
    assertNull(Oks.problem(new double[51], 17, true));
    assertEquals("has 6 values; the category has 17 keypoints, so 3 x 17 = 51 are expected",
        Oks.problem(new double[6], 17, true));
    double[] bad = new double[6];
    bad[5] = 3;
    assertEquals("visibility flag 3.0 of keypoint 2 is not 0, 1 or 2", Oks.problem(bad, 2, true));
    assertNull(Oks.problem(bad, 2, false)); // a result's third values are confidences
  }
}
