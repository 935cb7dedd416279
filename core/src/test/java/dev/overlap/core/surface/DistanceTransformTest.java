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

  /** The column-bucketed search and the full-crop transforms give the same HD95, HD and ASSD. */
  @Test
  void searchEqualsTransform() {
    SplittableRandom r = new SplittableRandom(9);
    SurfaceDistances fast = new SurfaceDistances();
    SurfaceDistances slow = new SurfaceDistances();
    double[] a = new double[3];
    double[] b = new double[3];
    int compared = 0;
    for (int iter = 0; iter < 500; iter++) {
      int w = r.nextInt(2, 60);
      int h = r.nextInt(2, 60);
      int[] gt = new int[w * h];
      int[] pred = new int[w * h];
      for (int[] m : new int[][] {gt, pred}) {
        int n = r.nextInt(1, 6);
        for (int s = 0; s < n; s++) {
          int x0 = r.nextInt(w), y0 = r.nextInt(h);
          int x1 = Math.min(w, x0 + 1 + r.nextInt(w / 2 + 1)), y1 = Math.min(h, y0 + 1 + r.nextInt(h / 2 + 1));
          int label = r.nextInt(3);
          for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m[y * w + x] = label;
        }
      }
      double sx = iter % 2 == 0 ? 1 : 0.3 + r.nextDouble() * 2;
      double sy = iter % 2 == 0 ? 1 : 0.3 + r.nextDouble() * 2;
      double[] all = new double[9];
      fast.computeAll(gt, pred, w, h, 3, sx, sy, all);
      for (int c = 0; c < 3; c++) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        boolean inG = false, inP = false;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            boolean g = gt[y * w + x] == c, p = pred[y * w + x] == c;
            inG |= g;
            inP |= p;
            if (g || p) {
              x0 = Math.min(x0, x);
              y0 = Math.min(y0, y);
              x1 = Math.max(x1, x);
              y1 = Math.max(y1, y);
            }
          }
        }
        if (!inG || !inP) {
          org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(all[3 * c]), "class " + c + " undefined");
          continue;
        }
        fast.compute(gt, pred, w, h, c, x0, y0, x1, y1, sx, sy, a);
        // the transform on the whole frame, not the crop: cropping must change nothing
        slow.computeWithTransform(gt, pred, w, h, c, 0, 0, w - 1, h - 1, sx, sy, b);
        for (int k = 0; k < 3; k++) {
          assertEquals(b[k], a[k], 1e-12 * Math.max(1, b[k]), "iter " + iter + " class " + c + " " + k);
          assertEquals(b[k], all[3 * c + k], 1e-12 * Math.max(1, b[k]), "iter " + iter + " all classes, class " + c + " " + k);
        }
        compared++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(compared > 500, "compared " + compared);
  }

  @Test
  void percentileInterpolatesAsNumpy() {
    // numpy 2.4: percentile([1, 2, 4, 8], 95) = 7.399999999999999 (position 2.85, _lerp from the upper end)
    assertEquals(7.399999999999999, dev.overlap.core.stats.Percentiles.quantile(new double[] {1, 2, 4, 8}, 4, 0.95), 0);
    assertEquals(3.0, dev.overlap.core.stats.Percentiles.quantile(new double[] {3}, 1, 0.95));
    // position 0.95 * 19 = 18.05 between 18 and 19
    double[] v = new double[20];
    for (int i = 0; i < 20; i++) v[i] = i;
    assertEquals(18.05, dev.overlap.core.stats.Percentiles.quantile(v, 20, 0.95), 0);
    assertEquals(19.0, dev.overlap.core.stats.Percentiles.quantile(v, 20, 1.0));
  }
}
