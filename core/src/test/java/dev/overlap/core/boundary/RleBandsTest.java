package dev.overlap.core.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Rle;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run-based band against a pixel-by-pixel erosion written here from the rule's text. */
class RleBandsTest {

  /** Slow path: a pixel is interior iff every pixel of its (2d+1)^2 square is inside the image and set. */
  static byte[] naiveBand(byte[] m, int h, int w, int d) {
    byte[] band = new byte[h * w];
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        if (m[x * h + y] == 0) continue;
        boolean interior = true;
        for (int qx = x - d; qx <= x + d && interior; qx++) {
          for (int qy = y - d; qy <= y + d && interior; qy++) {
            interior = qx >= 0 && qy >= 0 && qx < w && qy < h && m[qx * h + qy] != 0;
          }
        }
        band[x * h + y] = (byte) (interior ? 0 : 1);
      }
    }
    return band;
  }

  static byte[] randomMask(SplittableRandom r, int h, int w) {
    byte[] m = new byte[h * w];
    int kind = r.nextInt(8);
    if (kind == 0) return m;
    if (kind == 1) {
      java.util.Arrays.fill(m, (byte) 1);
      return m;
    }
    int shapes = r.nextInt(1, 5);
    for (int s = 0; s < shapes; s++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h);
      int x1 = r.nextInt(x0, w) + 1, y1 = r.nextInt(y0, h) + 1;
      boolean disk = r.nextBoolean();
      boolean clear = r.nextInt(5) == 0; // holes
      double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0, rx = (x1 - x0) / 2.0, ry = (y1 - y0) / 2.0;
      for (int x = x0; x < x1; x++) {
        for (int y = y0; y < y1; y++) {
          double u = (x + 0.5 - cx) / rx, v = (y + 0.5 - cy) / ry;
          if (!disk || u * u + v * v <= 1) m[x * h + y] = (byte) (clear ? 0 : 1);
        }
      }
    }
    int salt = r.nextInt(3) == 0 ? r.nextInt(h * w / 4 + 1) : 0;
    for (int i = 0; i < salt; i++) m[r.nextInt(h * w)] ^= 1;
    return m;
  }

  @Test
  void fuzzAgainstPixelErosion() {
    SplittableRandom r = new SplittableRandom(11);
    RleBands bands = new RleBands();
    for (int iter = 0; iter < 3000; iter++) {
      int h = r.nextInt(1, 40);
      int w = r.nextInt(1, 40);
      int d = r.nextInt(1, 7);
      byte[] m = randomMask(r, h, w);
      Rle rle = Masks.encode(m, h, w);
      Rle got = bands.bandOf(rle, d);
      Rle want = Masks.encode(naiveBand(m, h, w, d), h, w);
      // canonical counts, exactly as pycocotools' encode of the decoded band
      assertArrayEquals(want.counts(), got.counts(), "iter " + iter + " " + h + "x" + w + " d=" + d);
    }
  }

  @Test
  void nonCanonicalInputRunsAreMerged() {
    // 4x4 full mask written as two runs of ones separated by an empty run of zeros
    Rle split = Rle.of(4, 4, new int[] {0, 7, 0, 9});
    Rle full = Rle.of(4, 4, new int[] {0, 16});
    assertArrayEquals(RleBands.band(full, 1).counts(), RleBands.band(split, 1).counts());
    // interior 2x2 block at (1..2, 1..2) is eroded away: rows 1-2 of columns 1-2
    assertArrayEquals(new int[] {0, 5, 2, 2, 2, 5}, RleBands.band(full, 1).counts());
  }

  @Test
  void emptyAndThinMasks() {
    assertArrayEquals(new int[] {12}, RleBands.band(Rle.of(3, 4, new int[] {12}), 1).counts());
    // a 3x4 image: no 3x3 square fits inside the border, so the band is the whole mask
    Rle m = Rle.of(3, 4, new int[] {1, 10, 1});
    assertEquals(m, RleBands.band(m, 1));
    assertThrows(IllegalArgumentException.class, () -> RleBands.band(m, 0));
  }

  @ParameterizedTest
  @CsvSource({"375,500,12", "500,375,12", "405,540,14", "540,405,14", "315,420,10", "420,315,10", "24,32,1",
      "9,12,1", "3,4,1", "480,640,16", "427,640,15", "612,612,17", "256,512,11", "1024,2048,46"})
  void bandWidthRoundsHalfToEven(int h, int w, int d) {
    assertEquals(d, BandWidth.pixels(h, w, 0.02));
  }

  @Test
  void ratioIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> BandWidth.checkRatio(0));
    assertThrows(IllegalArgumentException.class, () -> BandWidth.checkRatio(1.5));
    assertThrows(IllegalArgumentException.class, () -> BandWidth.checkRatio(Double.NaN));
    assertEquals(1.0, BandWidth.checkRatio(1.0));
  }
}
