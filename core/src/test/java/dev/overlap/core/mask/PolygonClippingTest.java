package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Polygons reaching far outside their image: {@link Polygons} walks only the part of each edge over the
 * image, and must keep exactly the boundary points of {@link RefPolygons}' dense walk of the whole outline
 * (rleFrPoly): edges crossing the image from far away at every slope, steep edges spanning far beyond
 * the image's rows (their rows clamp to the border), vertices far out on every side, negative coordinates.
 */
class PolygonClippingTest {

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 30);
  }

  private static double far(SplittableRandom rnd, int size, double reach) {
    double v = rnd.nextDouble(-reach, size + reach);
    return rnd.nextInt(5) == 0 ? Math.round(v) : v;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void farReachingPolygonsMatchTheDenseWalk(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L);
    for (int trial = 0; trial < 40; trial++) {
      int h = 1 + rnd.nextInt(seed % 3 == 0 ? 6 : 120);
      int w = 1 + rnd.nextInt(seed % 3 == 0 ? 6 : 120);
      double reach = trial % 4 == 0 ? 3e4 : trial % 4 == 1 ? 3e3 : 300;
      int k = 3 + rnd.nextInt(trial % 5 == 0 ? 12 : 6);
      double[] xy = new double[2 * k];
      for (int i = 0; i < k; i++) {
        // mix vertices inside the image with far ones, so edges enter and leave it
        boolean inside = rnd.nextInt(3) == 0;
        xy[2 * i] = inside ? rnd.nextDouble(0, w) : far(rnd, w, reach);
        xy[2 * i + 1] = inside ? rnd.nextDouble(0, h) : far(rnd, h, reach);
      }
      if (trial % 6 == 0) {
        // a steep edge through the image spanning far beyond its rows, nearly vertical
        xy[0] = rnd.nextDouble(-1, w + 1);
        xy[1] = -reach;
        xy[2] = xy[0] + rnd.nextDouble(-3, 3);
        xy[3] = h + reach;
      }
      Rle want = RefPolygons.toRle(xy, k, h, w);
      Rle got = Polygons.toRle(xy, k, h, w);
      assertArrayEquals(want.counts(), got.counts(), "seed " + seed + " trial " + trial + " " + h + "x" + w);
    }
  }

  @Test
  void rectanglesFarLargerThanTheImageFillIt() {
    // a box from -1e6 to +1e6 around a 7x5 image covers every pixel, as the dense walk says
    double[] xy = {-1e6, -1e6, 1e6, -1e6, 1e6, 1e6, -1e6, 1e6};
    Rle got = Polygons.toRle(xy, 4, 5, 7);
    assertArrayEquals(RefPolygons.toRle(xy, 4, 5, 7).counts(), got.counts());
    assertEquals(35, got.area());
  }

  @Test
  void outlinesFarBeyondTheImageAtTheCoordinateLimit() {
    // 1e8-pixel edges: the dense walk would take 5e8 steps per edge; the clipped walk visits the image's
    // columns only. The mask is the box's part over the image: columns 0..9 and rows 3.. of a 10 x 20 image.
    double[] xy = {-1e8, 3, 1e8, 3, 1e8, 2e8, -1e8, 2e8};
    Rle got = Polygons.toRle(xy, 4, 20, 10);
    byte[] m = Masks.decode(got);
    int area = 0;
    for (int x = 0; x < 10; x++) {
      for (int y = 0; y < 20; y++) {
        assertEquals(y >= 3 ? 1 : 0, m[x * 20 + y], "pixel " + x + "," + y);
        area += m[x * 20 + y];
      }
    }
    assertEquals(170, area);
  }
}
