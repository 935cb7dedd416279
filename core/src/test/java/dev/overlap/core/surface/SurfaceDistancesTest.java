package dev.overlap.core.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.stats.Percentiles;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HD95 / HD / ASSD of every class against brute force written from the definition: surface pixels by
 * their 4 neighbours, every directed distance as the minimum over all pixels of the other surface
 * (O(n*m)), a full sort, numpy's percentile. Seeded random label maps: blobs, single pixels, noise,
 * classes on the border, classes far apart, wide maps (every level of {@link NearestSurface}'s
 * buckets), non-unit spacing.
 */
class SurfaceDistancesTest {
  private static final int K = 4;

  @Test
  void everyClassEqualsBruteForce() {
    SplittableRandom r = new SplittableRandom(21);
    SurfaceDistances fast = new SurfaceDistances();
    double[] out = new double[3 * K];
    double[] one = new double[3];
    int compared = 0;
    int undefined = 0;
    for (int iter = 0; iter < 1500; iter++) {
      int w;
      int h;
      switch (iter % 5) {
        case 0 -> { w = r.nextInt(1, 6); h = r.nextInt(1, 6); }
        case 1 -> { w = r.nextInt(300, 700); h = r.nextInt(2, 12); } // wide: buckets of 16 and 256 columns
        case 2 -> { w = r.nextInt(2, 12); h = r.nextInt(100, 300); } // tall
        default -> { w = r.nextInt(2, 70); h = r.nextInt(2, 70); }
      }
      int[] gt = map(r, w, h, iter);
      int[] pred = map(r, w, h, iter + 1);
      double sx = iter % 3 == 0 ? 1 : 0.2 + r.nextDouble() * 3;
      double sy = iter % 3 == 0 ? 1 : iter % 3 == 1 ? sx : 0.2 + r.nextDouble() * 3;
      fast.computeAll(gt, pred, w, h, K, sx, sy, out);
      for (int c = 0; c < K; c++) {
        double[] want = bruteForce(gt, pred, w, h, c, sx, sy);
        String where = "iter " + iter + " " + w + "x" + h + " spacing " + sx + "," + sy + " class " + c;
        if (want == null) {
          assertTrue(Double.isNaN(out[3 * c]) && Double.isNaN(out[3 * c + 1]) && Double.isNaN(out[3 * c + 2]), where);
          undefined++;
          continue;
        }
        for (int k = 0; k < 3; k++) assertEquals(want[k], out[3 * c + k], 1e-12 * Math.max(1, want[k]), where + " value " + k);
        // the per-class path on the union's bounding box agrees too
        int[] box = unionBox(gt, pred, w, h, c);
        fast.compute(gt, pred, w, h, c, box[0], box[1], box[2], box[3], sx, sy, one);
        for (int k = 0; k < 3; k++) assertEquals(want[k], one[k], 1e-12 * Math.max(1, want[k]), where + " crop value " + k);
        compared++;
      }
    }
    assertTrue(compared > 2000 && undefined > 200, "compared " + compared + ", undefined " + undefined);
  }

  /** Queries in any order (the cursors rewind), against the minimum over every feature. */
  @Test
  void nearestSurfaceInAnyOrder() {
    SplittableRandom r = new SplittableRandom(4);
    NearestSurface index = new NearestSurface();
    for (int iter = 0; iter < 300; iter++) {
      int w = r.nextInt(1, 600);
      int h = r.nextInt(1, 40);
      int n = r.nextInt(0, 40);
      int[] features = new int[n];
      for (int i = 0; i < n; i++) features[i] = r.nextInt(w * h);
      Arrays.sort(features);
      index.index(features, 0, n, w);
      double sx = iter % 2 == 0 ? 1 : 0.5 + r.nextDouble();
      double sy = iter % 2 == 0 ? 1 : 0.5 + r.nextDouble();
      for (int q = 0; q < 50; q++) {
        int x = r.nextInt(w);
        int y = r.nextInt(h);
        double want = Double.POSITIVE_INFINITY;
        for (int f : features) want = Math.min(want, squared(f % w - x, f / w - y, sx, sy));
        assertEquals(want, index.squaredDistance(x, y, sx, sy), 1e-12 * Math.max(1, want), "iter " + iter + " query " + x + "," + y);
      }
    }
  }

  /** A random label map: a background, rectangles of random classes, single pixels, sometimes noise or nothing of class 3. */
  private static int[] map(SplittableRandom r, int w, int h, int variant) {
    int[] m = new int[w * h];
    Arrays.fill(m, r.nextInt(K + 1)); // K: a label that is no class (ignore)
    for (int s = 0, n = r.nextInt(0, 5); s < n; s++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h);
      int x1 = Math.min(w, x0 + 1 + r.nextInt(w / 2 + 1)), y1 = Math.min(h, y0 + 1 + r.nextInt(h / 2 + 1));
      int label = r.nextInt(K);
      for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m[y * w + x] = label;
    }
    for (int s = 0, n = r.nextInt(0, 4); s < n; s++) m[r.nextInt(w * h)] = r.nextInt(K);
    if (variant % 4 == 0) for (int i = 0; i < m.length; i++) if (r.nextInt(10) == 0) m[i] = r.nextInt(K + 1);
    // class 3 alone in one corner of one map and the opposite corner of the other: far apart
    if (variant % 6 == 0 || variant % 6 == 1) {
      for (int i = 0; i < m.length; i++) if (m[i] == 3) m[i] = 0;
      int x = variant % 6 == 0 ? 0 : w - 1;
      int y = variant % 6 == 0 ? 0 : h - 1;
      m[y * w + x] = 3;
    }
    return m;
  }

  /** HD95, HD, ASSD from the definition; null when the class is missing from either map. */
  static double[] bruteForce(int[] gt, int[] pred, int w, int h, int c, double sx, double sy) {
    int[] g = surface(gt, w, h, c);
    int[] p = surface(pred, w, h, c);
    if (g.length == 0 || p.length == 0) return null;
    double[] dPg = directed(p, g, w, sx, sy);
    double[] dGp = directed(g, p, w, sx, sy);
    Arrays.sort(dPg);
    Arrays.sort(dGp);
    double hd95 = Math.max(Percentiles.quantile(dPg, dPg.length, 0.95), Percentiles.quantile(dGp, dGp.length, 0.95));
    double hd = Math.max(dPg[dPg.length - 1], dGp[dGp.length - 1]);
    double sum = 0;
    for (double d : dPg) sum += d;
    for (double d : dGp) sum += d;
    return new double[] {hd95, hd, sum / (dPg.length + dGp.length)};
  }

  private static int[] surface(int[] labels, int w, int h, int c) {
    int[] out = new int[w * h];
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (labels[y * w + x] != c) continue;
        boolean inside = x > 0 && labels[y * w + x - 1] == c && x < w - 1 && labels[y * w + x + 1] == c
            && y > 0 && labels[(y - 1) * w + x] == c && y < h - 1 && labels[(y + 1) * w + x] == c;
        if (!inside) out[n++] = y * w + x;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static double[] directed(int[] from, int[] to, int w, double sx, double sy) {
    double[] d = new double[from.length];
    for (int i = 0; i < from.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int t : to) best = Math.min(best, squared(t % w - from[i] % w, t / w - from[i] / w, sx, sy));
      d[i] = Math.sqrt(best);
    }
    return d;
  }

  private static double squared(int dx, int dy, double sx, double sy) {
    double a = sx * dx;
    double b = sy * dy;
    return a * a + b * b;
  }

  private static int[] unionBox(int[] gt, int[] pred, int w, int h, int c) {
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gt[y * w + x] == c || pred[y * w + x] == c) {
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
      }
    }
    return new int[] {x0, y0, x1, y1};
  }
}
