package dev.overlap.core.semseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.stats.PoissonWeights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SemsegBootstrapTest {
  private static final int K = 5;

  /** Per-image confusion counts: a few classes per image, most pixels right, some confused. */
  private static long[][] images(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[][] out = new long[n][K * K];
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < K; g++) {
        if (g > 0 && rnd.nextInt(3) == 0) continue; // class absent from this image
        long pixels = 50 + rnd.nextInt(g == 0 ? 5000 : 800);
        long right = (long) (pixels * (0.5 + 0.5 * rnd.nextDouble()));
        out[i][g * K + g] += right;
        out[i][g * K + rnd.nextInt(K)] += pixels - right;
      }
    }
    return out;
  }

  private static String id(int i) {
    return String.format("img_%05d", i);
  }

  @Test
  void replicatesAreWeightedSums() {
    long[][] im = images(40, 1);
    SemsegBootstrap b = new SemsegBootstrap(K, 30, 11);
    for (int i = 0; i < im.length; i++) b.add(id(i), im[i]);
    for (int r = 0; r < 30; r++) {
      long[] naive = new long[K * K];
      for (int i = 0; i < im.length; i++) {
        int w = PoissonWeights.weight(11, PoissonWeights.keyOf(id(i)), r);
        for (int c = 0; c < K * K; c++) naive[c] += w * im[i][c];
      }
      assertArrayEquals(naive, b.replicate(r), "replicate " + r);
    }
  }

  @Test
  void anySplitAndOrderGivesTheSameReplicates() {
    long[][] im = images(60, 2);
    SemsegBootstrap one = new SemsegBootstrap(K, 50, 3);
    for (int i = 0; i < im.length; i++) one.add(id(i), im[i]);
    SemsegBootstrap[] parts = new SemsegBootstrap[3];
    for (int p = 0; p < 3; p++) parts[p] = new SemsegBootstrap(K, 50, 3);
    for (int i = im.length - 1; i >= 0; i--) parts[i % 3].add(id(i), im[i]);
    SemsegBootstrap merged = parts[2].merge(parts[0]).merge(parts[1]);
    for (int r = 0; r < 50; r++) assertArrayEquals(one.replicate(r), merged.replicate(r));
    SemsegBootstrap.SemsegIntervals a = one.intervals(0.95, null);
    SemsegBootstrap.SemsegIntervals c = merged.intervals(0.95, null);
    for (int h = 0; h < SemsegBootstrap.HEADLINE.length; h++) assertArrayEquals(a.headline()[h], c.headline()[h], 0.0);
  }

  @Test
  void intervalHoldsTheFullSetValueAndHalvesWithFourTimesTheImages() {
    double[] width = new double[2];
    int[] sizes = {300, 1200};
    for (int s = 0; s < 2; s++) {
      long[][] im = images(sizes[s], 5 + s);
      SemsegBootstrap b = new SemsegBootstrap(K, 400, 9);
      long[] total = new long[K * K];
      for (int i = 0; i < im.length; i++) {
        b.add(id(i), im[i]);
        for (int c = 0; c < K * K; c++) total[c] += im[i][c];
      }
      double full = SemsegMetrics.of(total, K).meanIou();
      double[] ci = b.intervals(0.95, null).headline()[0];
      assertTrue(ci[0] <= full && full <= ci[1], "mIoU " + full + " outside " + ci[0] + ".." + ci[1]);
      width[s] = ci[1] - ci[0];
    }
    // the standard error falls as 1 / sqrt(n): four times the images, half the width (within 20 %)
    assertEquals(0.5, width[1] / width[0], 0.1, "width ratio " + width[1] / width[0]);
  }

  @Test
  void classesNoReplicateDefinesHaveNoInterval() {
    long[] only0 = new long[K * K];
    only0[0] = 100;
    SemsegBootstrap b = new SemsegBootstrap(K, 20, 1);
    b.add("a", only0);
    b.add("b", only0);
    SemsegBootstrap.SemsegIntervals iv = b.intervals(0.95, null);
    assertTrue(Double.isNaN(iv.iou()[3][0]) && Double.isNaN(iv.iou()[3][1]));
    // class 0 is perfect wherever an image is drawn
    assertArrayEquals(new double[] {1, 1}, iv.iou()[0], 0.0);
  }

  @Test
  void refusesShapesThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> new SemsegBootstrap(K, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SemsegBootstrap(4096, 200, 1));
    SemsegBootstrap a = new SemsegBootstrap(K, 10, 1);
    assertThrows(IllegalArgumentException.class, () -> a.merge(new SemsegBootstrap(K, 10, 2)));
  }
}
