package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.PngPairCounter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row streaming ({@link LabelPngDecoder#beginRows}) and the fused decode + count of a pair
 * ({@link PngPairCounter}) against the slow path: whole-image decode then
 * {@link ConfusionCounter#count}, and javax.imageio then a per-pixel count.
 */
class RowStreamTest {

  @Test
  void fusedCountMatchesDecodeThenCountAndImageIoOnRandomMaps() {
    SplittableRandom rnd = new SplittableRandom(20261122);
    try (LabelPngDecoder a = new LabelPngDecoder();
        LabelPngDecoder b = new LabelPngDecoder()) {
      LabelImage gtImage = new LabelImage();
      LabelImage predImage = new LabelImage();
      for (int iter = 0; iter < 150; iter++) {
        // widths around the 8-pixel words; some heights span several 64 KiB inflate blocks
        int w = iter % 10 == 0 ? 2000 + rnd.nextInt(2000) : 1 + rnd.nextInt(90);
        int h = iter % 10 == 0 ? 20 + rnd.nextInt(60) : 1 + rnd.nextInt(40);
        int k = 1 + rnd.nextInt(40);
        int ignore = rnd.nextInt(3) == 0 ? -1 : rnd.nextBoolean() ? 255 : rnd.nextInt(k);
        int[] gt = scene(rnd, w, h, k, ignore);
        int[] pred = noisy(rnd, gt, k, ignore);
        byte[] gtPng = encode(rnd, w, h, gt);
        byte[] predPng = encode(rnd, w, h, pred);

        long[] fused = new long[k * k];
        long fusedIgnored = PngPairCounter.count(a, gtPng, 0, gtPng.length, "gt", b, predPng, 0,
            predPng.length, "pred", k, ignore, fused);

        a.decode(gtPng, 0, gtPng.length, "gt", gtImage);
        a.decode(predPng, 0, predPng.length, "pred", predImage);
        long[] slow = new long[k * k];
        long slowIgnored = ConfusionCounter.count(gtImage.bytes(), predImage.bytes(), w * h, k, ignore, slow);
        assertEquals(slowIgnored, fusedIgnored, "iteration " + iter);
        assertArrayEquals(slow, fused, "iteration " + iter);

        ImageIoLabelDecoder.decode(gtPng, 0, gtPng.length, "gt", gtImage);
        ImageIoLabelDecoder.decode(predPng, 0, predPng.length, "pred", predImage);
        long[] oracle = new long[k * k];
        long oracleIgnored = 0;
        for (int i = 0; i < w * h; i++) {
          int g = gtImage.bytes()[i] & 0xFF;
          if (g == ignore) oracleIgnored++;
          else oracle[g * k + (predImage.bytes()[i] & 0xFF)]++;
        }
        assertEquals(oracleIgnored, fusedIgnored);
        assertArrayEquals(oracle, fused);
      }
    }
  }

  @Test
  void streamedRowsAreTheDecodedRows() {
    SplittableRandom rnd = new SplittableRandom(7);
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      LabelImage whole = new LabelImage();
      for (int iter = 0; iter < 40; iter++) {
        int w = 1 + rnd.nextInt(3000);
        int h = 1 + rnd.nextInt(80);
        int[] labels = LabelPngDecoderTest.randomLabels(rnd, w, h, 255);
        byte[] png = encode(rnd, w, h, labels);
        d.decode(png, 0, png.length, "x", whole);
        PngHeader header = d.beginRows(png, 0, png.length, "x");
        assertEquals(new PngHeader(w, h, 8, header.colourType(), false), header);
        for (int y = 0; y < h; y++) {
          int off = d.nextRow();
          assertArrayEquals(Arrays.copyOfRange(whole.bytes(), y * w, y * w + w),
              Arrays.copyOfRange(d.rowBuffer(), off, off + w), "row " + y);
        }
        d.endRows();
        assertThrows(IllegalStateException.class, d::nextRow);
      }
    }
  }

  @ParameterizedTest(name = "colour {0} depth {1} interlaced {2}")
  @CsvSource({"0, 16, false", "0, 4, false", "3, 1, false", "0, 8, true", "3, 8, true"})
  void otherLayoutsAreNotStreamed(int colourType, int bitDepth, boolean interlaced) {
    int[] labels = LabelPngDecoderTest.randomLabels(new SplittableRandom(1), 9, 5, 1);
    byte[] other = TestPngEncoder.encode(9, 5, bitDepth, colourType, interlaced, labels, row -> row % 5);
    byte[] plain = TestPngEncoder.encode(9, 5, 8, 0, false, labels, row -> 0);
    try (LabelPngDecoder a = new LabelPngDecoder();
        LabelPngDecoder b = new LabelPngDecoder()) {
      assertNull(a.beginRows(other, 0, other.length, "x"));
      long[] confusion = new long[4];
      assertEquals(PngPairCounter.NOT_STREAMED,
          PngPairCounter.count(a, other, 0, other.length, "g", b, plain, 0, plain.length, "p", 2, -1, confusion));
      assertEquals(PngPairCounter.NOT_STREAMED,
          PngPairCounter.count(a, plain, 0, plain.length, "g", b, other, 0, other.length, "p", 2, -1, confusion));
      assertArrayEquals(new long[4], confusion);
    }
  }

  @Test
  void sizeMismatchOverPixelLimitAndColourAreLeftToTheWholeDecode() {
    int[] labels = new int[12 * 4];
    byte[] small = TestPngEncoder.encode(12, 4, 8, 0, false, labels, row -> 0);
    byte[] wide = TestPngEncoder.encode(16, 3, 8, 0, false, new int[48], row -> 0);
    byte[] rgb = TestPngEncoder.png(2, 2, 8, 2, false, TestPngEncoder.zlib(new byte[14]), 100, List.of());
    try (LabelPngDecoder a = new LabelPngDecoder(40, true);
        LabelPngDecoder b = new LabelPngDecoder(40, true)) {
      long[] confusion = new long[1];
      assertEquals(PngPairCounter.NOT_STREAMED,
          PngPairCounter.count(a, rgb, 0, rgb.length, "g", b, rgb, 0, rgb.length, "p", 1, -1, confusion));
      assertEquals(PngPairCounter.NOT_STREAMED,
          PngPairCounter.count(a, small, 0, small.length, "g", b, small, 0, small.length, "p", 1, -1, confusion));
    }
    try (LabelPngDecoder a = new LabelPngDecoder();
        LabelPngDecoder b = new LabelPngDecoder()) {
      long[] confusion = new long[1];
      assertEquals(PngPairCounter.NOT_STREAMED,
          PngPairCounter.count(a, small, 0, small.length, "g", b, wide, 0, wide.length, "p", 1, -1, confusion));
      assertEquals(48, PngPairCounter.count(a, small, 0, small.length, "g", b, small, 0, small.length, "p", 1, 0,
          confusion));
    }
  }

  @Test
  void aBadLabelIsReportedAtTheSamePixelAsTheWholeImageKernel() {
    SplittableRandom rnd = new SplittableRandom(11);
    try (LabelPngDecoder a = new LabelPngDecoder();
        LabelPngDecoder b = new LabelPngDecoder()) {
      for (int iter = 0; iter < 100; iter++) {
        int w = 1 + rnd.nextInt(50);
        int h = 1 + rnd.nextInt(20);
        int k = 2 + rnd.nextInt(10);
        int[] gt = scene(rnd, w, h, k, 255);
        int[] pred = noisy(rnd, gt, k, 255);
        int bad = rnd.nextInt(w * h);
        if (rnd.nextBoolean()) {
          gt[bad] = k + rnd.nextInt(5);
        } else {
          if (gt[bad] == 255) gt[bad] = 0;
          pred[bad] = rnd.nextBoolean() ? 255 : k;
        }
        byte[] gtPng = encode(rnd, w, h, gt);
        byte[] predPng = encode(rnd, w, h, pred);
        long[] confusion = new long[k * k];
        assertEquals(-(bad + 1L), PngPairCounter.count(a, gtPng, 0, gtPng.length, "g", b, predPng, 0,
            predPng.length, "p", k, 255, confusion));
        assertEquals(-(bad + 1L), ConfusionCounter.count(ConfusionCounterBytes.of(gt),
            ConfusionCounterBytes.of(pred), w * h, k, 255, new long[k * k]));
      }
    }
  }

  @Test
  void aCorruptFileFailsTheStreamWhereverAWholeDecodeFails() {
    int[] labels = LabelPngDecoderTest.randomLabels(new SplittableRandom(5), 10, 6, 3);
    byte[] png = TestPngEncoder.encode(10, 6, 8, 0, false, labels, row -> row % 5);
    SplittableRandom rnd = new SplittableRandom(6);
    LabelImage out = new LabelImage();
    try (LabelPngDecoder a = new LabelPngDecoder(1 << 20, false);
        LabelPngDecoder b = new LabelPngDecoder(1 << 20, false)) {
      for (int i = 0; i < png.length; i++) {
        byte[] bad = png.clone();
        bad[i] ^= (byte) (1 + rnd.nextInt(255));
        String whole;
        try {
          a.decode(bad, 0, bad.length, "bad", out);
          whole = null;
        } catch (InvalidInputException e) {
          whole = e.getMessage();
        }
        String streamed = null;
        try {
          long[] confusion = new long[256 * 256];
          long r = PngPairCounter.count(a, png, 0, png.length, "good", b, bad, 0, bad.length, "bad", 256, -1,
              confusion);
          if (r == PngPairCounter.NOT_STREAMED) continue; // a corrupt header field: left to the whole decode
        } catch (InvalidInputException e) {
          streamed = e.getMessage();
        }
        assertEquals(whole, streamed, "byte " + i);
      }
    }
  }

  @Test
  void dataPastTheLastRowFailsAtTheEnd() {
    byte[] raw = TestPngEncoder.scanlines(8, 8, 8, false, new int[64], row -> 0);
    byte[] png = TestPngEncoder.png(8, 8, 8, 0, false, TestPngEncoder.zlib(Arrays.copyOf(raw, raw.length + 9)),
        1 << 20, List.of());
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      d.beginRows(png, 0, png.length, "x.png");
      for (int y = 0; y < 8; y++) d.nextRow();
      InvalidInputException e = assertThrows(InvalidInputException.class, d::endRows);
      assertEquals("x.png: corrupt image data: more data than 8x8 pixels at bit depth 8 need", e.getMessage());
    }
  }

  /** The whole-image inflation leaves the Adler-32 to the rows; a wrong one still fails, in zlib's words. */
  @Test
  void aWrongAdlerChecksumFailsAtTheEndAsAWholeDecodeSays() {
    int[] labels = LabelPngDecoderTest.randomLabels(new SplittableRandom(8), 40, 30, 255);
    byte[] zlib = TestPngEncoder.zlib(TestPngEncoder.scanlines(40, 30, 8, false, labels, row -> row % 5));
    zlib[zlib.length - 1] ^= 1;
    byte[] png = TestPngEncoder.png(40, 30, 8, 0, false, zlib, 1 << 20, List.of());
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      InvalidInputException whole = assertThrows(InvalidInputException.class,
          () -> d.decode(png, 0, png.length, "x.png", new LabelImage()));
      d.beginRows(png, 0, png.length, "x.png");
      for (int y = 0; y < 30; y++) d.nextRow();
      InvalidInputException streamed = assertThrows(InvalidInputException.class, d::endRows);
      assertEquals(whole.getMessage(), streamed.getMessage());
      assertEquals("x.png: corrupt image data: incorrect data check", streamed.getMessage());
    }
  }

  @Test
  void anAbandonedStreamDoesNotLeakIntoTheNextImage() {
    SplittableRandom rnd = new SplittableRandom(3);
    int[] first = LabelPngDecoderTest.randomLabels(rnd, 300, 400, 255);
    int[] second = LabelPngDecoderTest.randomLabels(rnd, 200, 100, 255);
    byte[] p1 = encode(rnd, 300, 400, first);
    byte[] p2 = encode(rnd, 200, 100, second);
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      LabelImage out = new LabelImage();
      d.beginRows(p1, 0, p1.length, "1");
      for (int y = 0; y < 250; y++) d.nextRow();
      d.decode(p2, 0, p2.length, "2", out);
      LabelPngDecoderTest.assertLabels(second, 200, 100, 8, out);
      d.beginRows(p1, 0, p1.length, "1");
      d.nextRow();
      d.beginRows(p2, 0, p2.length, "2");
      for (int y = 0; y < 100; y++) {
        int off = d.nextRow();
        for (int x = 0; x < 200; x++) assertEquals(second[y * 200 + x], d.rowBuffer()[off + x] & 0xFF);
      }
      d.endRows();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** An 8-bit gray PNG with a random filter per row, random zlib level and IDAT split. */
  private static byte[] encode(SplittableRandom rnd, int w, int h, int[] labels) {
    int fixed = rnd.nextInt(6);
    byte[] raw = TestPngEncoder.scanlines(w, h, 8, false, labels, row -> fixed == 5 ? (row * 7 + 3) % 5 : fixed);
    return TestPngEncoder.png(w, h, 8, rnd.nextBoolean() ? 0 : 3, false, TestPngEncoder.zlib(raw),
        1 + rnd.nextInt(1 << 14), List.of());
  }

  /** Horizontal runs of classes, some of the ignore label, mostly repeating the row above. */
  static int[] scene(SplittableRandom rnd, int w, int h, int k, int ignore) {
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      if (y > 0 && rnd.nextInt(3) > 0) {
        System.arraycopy(out, (y - 1) * w, out, y * w, w);
        continue;
      }
      int x = 0;
      while (x < w) {
        int run = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(4) : rnd.nextInt(200));
        int v = ignore >= 0 && ignore <= 255 && rnd.nextInt(8) == 0 ? ignore : rnd.nextInt(k);
        for (int j = 0; j < run && x < w; j++) out[y * w + x++] = v;
      }
    }
    return out;
  }

  /** The ground truth with some pixels and short runs changed to other classes. */
  static int[] noisy(SplittableRandom rnd, int[] gt, int k, int ignore) {
    int[] out = gt.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == ignore && ignore >= k) out[i] = rnd.nextInt(k);
      if (rnd.nextInt(30) == 0) {
        int v = rnd.nextInt(k);
        int run = 1 + rnd.nextInt(12);
        for (int j = i; j < Math.min(out.length, i + run); j++) out[j] = v;
      }
    }
    return out;
  }

  private static final class ConfusionCounterBytes {
    static byte[] of(int[] v) {
      byte[] b = new byte[v.length];
      for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
      return b;
    }
  }
}
