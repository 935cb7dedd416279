package dev.overlap.core.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact transform against brute force (every pixel to every feature), and numpy's percentile by hand. */
class DistanceTransformTest {

  @Test
  void squaredDistancesEqualBruteForce() {
    SplittableRandom r = new SplittableRandom(5);
    DistanceTransform edt = new DistanceTransform();
    for (int iter = 0; iter < 400; iter++) {
      int w = r.nextInt(1, 30);
      int h = r.nextInt(1, 30);
      double sx = iter % 3 == 0 ? 1 : 0.25 + r.nextDouble() * 3;
      double sy = iter % 3 == 0 ? 1 : 0.25 + r.nextDouble() * 3;
      double density = r.nextDouble() * r.nextDouble();
      double[] f = new double[w * h];
      boolean any = false;
      for (int i = 0; i < f.length; i++) {
        boolean feature = r.nextDouble() < density;
        f[i] = feature ? 0 : DistanceTransform.FAR;
        any |= feature;
      }
      double[] orig = f.clone();
      edt.squared(f, w, h, sx, sy);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double best = DistanceTransform.FAR;
          for (int qy = 0; qy < h; qy++) {
            for (int qx = 0; qx < w; qx++) {
              if (orig[qy * w + qx] != 0) continue;
              double dx = sx * (x - qx);
              double dy = sy * (y - qy);
              best = Math.min(best, dx * dx + dy * dy);
            }
          }
          double got = f[y * w + x];
          if (!any) assertEquals(DistanceTransform.FAR, got);
          else assertEquals(best, got, 1e-9 * Math.max(1, best), "iter " + iter + " (" + x + ", " + y + ")");
        }
      }
    }
  }

  @Test
  void percentileInterpolatesAsNumpy() {
    // numpy 2.4: percentile([1, 2, 4, 8], 95) = 7.399999999999999 (position 2.85, _lerp from the upper end)
    assertEquals(7.399999999999999, Percentile.linear(new double[] {1, 2, 4, 8}, 4, 95), 0);
    assertEquals(3.0, Percentile.linear(new double[] {3}, 1, 95));
    // position 0.95 * 19 = 18.05 between 18 and 19
    double[] v = new double[20];
    for (int i = 0; i < 20; i++) v[i] = i;
    assertEquals(18.05, Percentile.linear(v, 20, 95), 0);
    assertEquals(19.0, Percentile.linear(v, 20, 100));
  }
}
