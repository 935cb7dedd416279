package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Localization;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The localization accumulator: exact-enough means, and the same bits for any split and merge order. */
class LocalizationTest {
  @Test
  void meansMatchBigDecimalAndSplitsGiveTheSameBits() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 20000;
    int k = 3;
    double[][] v = new double[n][4];
    int[] cat = new int[n];
    for (int i = 0; i < n; i++) {
      cat[i] = rnd.nextInt(k);
      v[i][0] = rnd.nextDouble(0.5, 1);
      v[i][1] = rnd.nextDouble(-1, 1);
      v[i][2] = rnd.nextDouble(-1, 1);
      v[i][3] = i % 97 == 0 ? Double.NaN : rnd.nextDouble(-1.5, 1);
    }
    Localization one = new Localization(k);
    for (int i = 0; i < n; i++) one.add(cat[i], v[i][0], v[i][1], v[i][2], v[i][3]);
    // the same pairs in 7 parts, merged in reverse order
    Localization[] parts = new Localization[7];
    for (int p = 0; p < parts.length; p++) parts[p] = new Localization(k);
    for (int i = n - 1; i >= 0; i--) parts[i % 7].add(cat[i], v[i][0], v[i][1], v[i][2], v[i][3]);
    Localization merged = new Localization(k);
    for (int p = parts.length - 1; p >= 0; p--) merged.merge(parts[p]);
    for (int c = 0; c < k; c++) {
      for (int m = 0; m < 4; m++) {
        assertEquals(Double.doubleToLongBits(one.mean(c, m)), Double.doubleToLongBits(merged.mean(c, m)));
        BigDecimal sum = BigDecimal.ZERO;
        long cnt = 0;
        for (int i = 0; i < n; i++) {
          if (cat[i] != c || Double.isNaN(v[i][m])) continue;
          sum = sum.add(new BigDecimal(v[i][m]));
          cnt++;
        }
        double exact = sum.divide(BigDecimal.valueOf(cnt), MathContext.DECIMAL128).doubleValue();
        assertEquals(exact, one.mean(c, m), 1e-15, "category " + c + " metric " + m);
      }
    }
    assertTrue(one.count(0) > 0);
    Localization pooled = one.pooled();
    assertEquals(n, pooled.count(0));
    // a negative total crosses the 64-bit low word many times: the 128-bit carry keeps it
    Localization neg = new Localization(1);
    for (int i = 0; i < 1000; i++) neg.add(0, -3.75, -3.75, -3.75, -3.75);
    assertEquals(-3.75, neg.mean(0, 0), 0);
    assertTrue(Double.isNaN(new Localization(1).mean(0, 0)));
  }
}
