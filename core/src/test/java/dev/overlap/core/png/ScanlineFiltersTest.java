package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

/**
 * The filters' and the Adler-32's run shortcuts against the specification read byte by byte (PNG §9.2-9.4,
 * RFC 1950 §8.2 via {@link Adler32}), on rows built the way label maps filter: long zero runs, flat rows above,
 * occasional edges, and rows longer than the zero buffer the runs are measured against.
 */
class ScanlineFiltersTest {

  /** §9.2, one byte at a time, with a zero row where there is no prior row (TestPngEncoder filters the same way). */
  private static byte[] naive(int type, byte[] filtered, byte[] prior, int bpp) {
    int n = filtered.length;
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      int x = filtered[i] & 0xFF;
      int a = i >= bpp ? out[i - bpp] & 0xFF : 0;
      int b = prior == null ? 0 : prior[i] & 0xFF;
      int c = prior == null || i < bpp ? 0 : prior[i - bpp] & 0xFF;
      out[i] = (byte) (x + TestPngEncoder.predict(type, a, b, c));
    }
    return out;
  }

  /** Zero runs of random lengths (up to longer than a row) between short stretches of random bytes. */
  private static byte[] runs(SplittableRandom rnd, int n, int maxRun, boolean zeroRuns) {
    byte[] b = new byte[n];
    int i = 0;
    while (i < n) {
      int run = Math.min(n - i, rnd.nextInt(maxRun) + 1);
      if (rnd.nextInt(3) > 0) {
        byte v = zeroRuns ? 0 : (byte) rnd.nextInt(256);
        for (int k = 0; k < run; k++) b[i + k] = v;
      } else {
        for (int k = 0; k < Math.min(run, 1 + rnd.nextInt(8)); k++) b[i + k] = (byte) rnd.nextInt(256);
        run = Math.min(run, 1 + rnd.nextInt(8));
      }
      i += run;
    }
    return b;
  }

  /** A reconstructed row of flat pixels: runs of one repeated pixel value, as segment maps have. */
  private static byte[] flatPixels(SplittableRandom rnd, int n, int bpp) {
    byte[] b = new byte[n];
    byte[] pixel = new byte[bpp];
    for (int i = 0; i < n; i++) {
      if (i % bpp == 0 && rnd.nextInt(40) == 0) rnd.nextBytes(pixel);
      b[i] = pixel[i % bpp];
    }
    return b;
  }

  @Test
  void everyFilterEqualsTheSpecificationOnFlatRows() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[] bpps = {1, 2, 3, 4, 6, 8};
    int[] lengths = {1, 5, 17, 64, 301, 5000, 9001};
    int checked = 0;
    for (int round = 0; round < 60; round++) {
      for (int bpp : bpps) {
        for (int len : lengths) {
          len = Math.max(bpp, len - len % bpp);
          for (int type = 0; type <= 4; type++) {
            byte[] filtered = runs(rnd, len, 1 + rnd.nextInt(2 * len), rnd.nextBoolean());
            byte[] prior = switch (rnd.nextInt(4)) {
              case 0 -> null;
              case 1 -> runs(rnd, len, 200, false);
              default -> flatPixels(rnd, len, bpp);
            };
            byte[] want = naive(type, filtered, prior, bpp);

            // into another array at an offset, the prior row at another offset
            byte[] src = new byte[len + 3];
            System.arraycopy(filtered, 0, src, 3, len);
            byte[] prev = prior == null ? null : new byte[len + 5];
            if (prior != null) System.arraycopy(prior, 0, prev, 5, len);
            byte[] dst = new byte[len + 2];
            ScanlineFilters.unfilter(type, src, 3, dst, 2, prev, 5, len, bpp);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(dst, 2, 2 + len),
                "type " + type + " bpp " + bpp + " len " + len + " round " + round);

            // in place, the prior row just before it in the same array (as a whole decode does)
            byte[] whole = new byte[2 * len + 2];
            if (prior != null) System.arraycopy(prior, 0, whole, 1, len);
            System.arraycopy(filtered, 0, whole, len + 2, len);
            ScanlineFilters.unfilter(type, whole, len + 2, whole, len + 2, prior == null ? null : whole, 1, len, bpp);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(whole, len + 2, 2 * len + 2),
                "in place: type " + type + " bpp " + bpp + " len " + len + " round " + round);
            checked++;
          }
        }
      }
    }
    assertEquals(60 * 6 * 7 * 5, checked);
  }

  @Test
  void adler32EqualsZlibOnRunsAcrossChunksAndChains() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int round = 0; round < 40; round++) {
      int n = round < 4 ? (3 << 20) + rnd.nextInt(1000) : rnd.nextInt(20_000);
      byte[] b = runs(rnd, n, round < 4 ? 3 << 20 : 5000, rnd.nextBoolean());
      if (round % 5 == 0) java.util.Arrays.fill(b, (byte) 255); // largest run contribution to s2
      if (round % 5 == 1) rnd.nextBytes(b); // no runs at all: zlib's sum throughout
      if (round % 5 == 2) for (int k = 0; k < n; k++) b[k] = (byte) (k % 3 == 0 ? 7 : k % 3 == 1 ? 0 : 200); // RGB, None
      Adler32 zlib = new Adler32();
      zlib.update(b, 0, n);
      assertEquals((int) zlib.getValue(), WholeInflater.adler32(1, b, 0, n), "round " + round + ", " + n + " bytes");

      // chained over two parts, as row streams sum it row by row
      int cut = n == 0 ? 0 : rnd.nextInt(n);
      int first = WholeInflater.adler32(1, b, 0, cut);
      assertEquals((int) zlib.getValue(), WholeInflater.adler32(first, b, cut, n - cut), "round " + round + " cut " + cut);
    }
  }
}
