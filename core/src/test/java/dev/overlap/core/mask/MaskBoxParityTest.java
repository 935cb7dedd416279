package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fast path against slow path: {@link Masks#toBbox(Rle, double[], int)} (division by a multiplication)
 * against the remainder-and-divide form of {@code maskApi.c#rleToBbox} on seeded random run lengths,
 * heights from 1 to 2^20, empty runs (also two at the start, where the position wraps in 32 bits).
 */
class MaskBoxParityTest {

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void boxMatchesDivision(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 300; trial++) {
      int h = trial % 4 == 0 ? 1 + rnd.nextInt(1 << 20) : 1 + rnd.nextInt(700);
      int w = 1 + rnd.nextInt(Math.max(1, Math.min(2000, (int) (Integer.MAX_VALUE / 4 / h))));
      long size = (long) h * w;
      int runs = 1 + rnd.nextInt(60);
      int[] counts = new int[runs];
      long left = size;
      for (int i = 0; i < runs - 1 && left > 0; i++) {
        int c = rnd.nextInt(5) == 0 ? 0 : (int) Math.min(left, 1 + rnd.nextLong(Math.max(1, 2 * size / runs)));
        counts[i] = c;
        left -= c;
      }
      counts[runs - 1] += (int) left;
      if (trial % 10 == 0 && runs > 2) {
        counts[runs - 1] += counts[0] + counts[1];
        counts[0] = 0;
        counts[1] = 0;
      }
      Rle r = Rle.of(h, w, counts);
      double[] got = new double[4];
      Masks.toBbox(r, got, 0);
      assertArrayEquals(slowBox(r), got, "trial " + trial);
    }
  }

  /** rleToBbox with remainder and division, as Masks.toBbox was first written. */
  static double[] slowBox(Rle r) {
    final long uint = 0xFFFF_FFFFL;
    int[] cnts = r.counts();
    int m = cnts.length & ~1;
    long h = r.height();
    long w = r.width();
    if (m == 0 || h == 0) return new double[4];
    long xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
    for (int j = 0; j < m; j++) {
      cc = (cc + cnts[j]) & uint;
      long t = (cc - (j & 1)) & uint;
      long y = t % h;
      long x = (t - y) / h;
      if ((j & 1) == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = h - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    return new double[] {xs, ys, (xe - xs + 1) & uint, (ye - ys + 1) & uint};
  }
}
