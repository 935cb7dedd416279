package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fast path against slow path: {@link Polygons} (integer column test, column-bucket sort) against
 * {@link RefPolygons} on seeded random polygons: convex and star-shaped, spiky, partly outside the image,
 * with negative and fractional coordinates, tiny and degenerate. The runs must be identical.
 */
class PolygonParityTest {

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 40);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void rasterisationMatchesSlowPath(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 50; trial++) {
      int h = 1 + rnd.nextInt(seed % 4 == 0 ? 8 : 300);
      int w = 1 + rnd.nextInt(seed % 4 == 0 ? 8 : 300);
      int k = 3 + rnd.nextInt(trial % 5 == 0 ? 200 : 20);
      double cx = rnd.nextDouble(-20, w + 20);
      double cy = rnd.nextDouble(-20, h + 20);
      double r = rnd.nextDouble(0, Math.max(w, h));
      double[] xy = new double[2 * k];
      for (int i = 0; i < k; i++) {
        double angle = 2 * Math.PI * i / k;
        double rad = trial % 3 == 0 ? r * rnd.nextDouble() : r;
        double x = cx + rad * Math.cos(angle);
        double y = cy + rad * Math.sin(angle);
        if (trial % 7 == 0) {
          x = Math.round(x);
          y = Math.round(y * 2) / 2.0;
        }
        xy[2 * i] = x;
        xy[2 * i + 1] = y;
      }
      if (trial % 11 == 0) {
        xy[2] = xy[0];
        xy[3] = xy[1];
      }
      Rle want = RefPolygons.toRle(xy, k, h, w);
      Rle got = Polygons.toRle(xy, k, h, w);
      assertArrayEquals(want.counts(), got.counts(), "trial " + trial + " " + h + "x" + w + " k=" + k);
    }
  }
}
