package dev.overlap.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoissonWeightsTest {

  @Test
  void distributionIsPoissonOne() {
    // 400k draws: frequencies of 0..4 against e^-1 / k!, mean and variance against 1 (5 standard errors)
    int n = 400_000;
    long[] freq = new long[30];
    double sum = 0;
    double sumSq = 0;
    int i = 0;
    for (long key = 0; key < 2000; key++) {
      for (int r = 0; r < 200; r++, i++) {
        int w = PoissonWeights.weight(42, PoissonWeights.keyOf(key), r);
        freq[w]++;
        sum += w;
        sumSq += (double) w * w;
      }
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    assertEquals(1.0, mean, 5 * Math.sqrt(1.0 / n));
    // Poisson(1) has central fourth moment 4, so the sample variance has standard error sqrt(3 / n)
    assertEquals(1.0, var, 5 * Math.sqrt(3.0 / n));
    double p = Math.exp(-1);
    for (int k = 0; k <= 4; k++) {
      double se = Math.sqrt(p * (1 - p) / n);
      assertEquals(p, freq[k] / (double) n, 5 * se, "P(X = " + k + ")");
      p /= k + 1;
    }
  }

  @Test
  void pureFunctionOfSeedKeyAndReplicate() {
    int[] a = new int[64];
    int[] b = new int[64];
    PoissonWeights.weights(7, PoissonWeights.keyOf("img_001"), 64, a);
    // other images drawn in between change nothing: no state is carried
    for (int k = 0; k < 100; k++) PoissonWeights.weight(7, k, 3);
    PoissonWeights.weights(7, PoissonWeights.keyOf("img_001"), 64, b);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    int[] c = new int[64];
    PoissonWeights.weights(8, PoissonWeights.keyOf("img_001"), 64, c);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c), "another seed, other weights");
  }

  @Test
  void numericIdsShareTheKeyOfTheirDecimalText() {
    assertEquals(PoissonWeights.keyOf("397133"), PoissonWeights.keyOf(397133L));
    assertNotEquals(PoissonWeights.keyOf("1"), PoissonWeights.keyOf("01"));
  }

  @Test
  void replicatesAndImagesAreIndependent() {
    // correlation between replicate r and r+1 over many images, and between neighbouring keys, near 0
    int n = 50_000;
    double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
    for (long key = 0; key < n; key++) {
      double x = PoissonWeights.weight(1, key, 0);
      double y = PoissonWeights.weight(1, key, 1);
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    double corr = (sxy / n - sx / n * sy / n) / Math.sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
    assertTrue(Math.abs(corr) < 5 / Math.sqrt(n), "correlation " + corr);
  }
}
