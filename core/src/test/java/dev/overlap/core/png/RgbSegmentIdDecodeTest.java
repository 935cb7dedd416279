package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.io.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 8-bit RGB / RGBA segment-id decoding ({@code R + 256 G + 256^2 B}) against the ids the test wrote,
 * over every filter type and Adam7, and against javax.imageio on the panoptic-small PNGs.
 */
class RgbSegmentIdDecodeTest {
  /** Filtered RGB(A) scanlines: 3 or 4 bytes per pixel, the filter byte distance being the pixel size. */
  static byte[] encode(int width, int height, int channels, boolean interlaced, int[] ids, SplittableRandom rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int passes = interlaced ? 7 : 1;
    for (int pass = 0; pass < passes; pass++) {
      int x0 = interlaced ? TestPngEncoder.ADAM7_X0[pass] : 0;
      int y0 = interlaced ? TestPngEncoder.ADAM7_Y0[pass] : 0;
      int dx = interlaced ? TestPngEncoder.ADAM7_DX[pass] : 1;
      int dy = interlaced ? TestPngEncoder.ADAM7_DY[pass] : 1;
      if (width <= x0 || height <= y0) continue;
      int pw = (width - x0 + dx - 1) / dx;
      byte[] prev = null;
      for (int y = y0; y < height; y += dy) {
        byte[] row = new byte[pw * channels];
        for (int i = 0; i < pw; i++) {
          int id = ids[y * width + x0 + i * dx];
          row[i * channels] = (byte) id;
          row[i * channels + 1] = (byte) (id >>> 8);
          row[i * channels + 2] = (byte) (id >>> 16);
          if (channels == 4) row[i * channels + 3] = (byte) rnd.nextInt(256);
        }
        int type = rnd.nextInt(5);
        out.write(type);
        out.writeBytes(TestPngEncoder.applyFilter(type, row, prev, channels));
        prev = row;
      }
    }
    return TestPngEncoder.png(width, height, 8, channels == 4 ? PngHeader.RGBA : PngHeader.RGB, interlaced,
        TestPngEncoder.zlib(out.toByteArray()), 1 << 20, List.of());
  }

  @ParameterizedTest
  @CsvSource({"1,1,3,false", "7,5,3,true", "33,17,4,false", "33,17,4,true", "64,40,3,false", "9,30,4,true"})
  void decodesWhatWasWritten(int width, int height, int channels, boolean interlaced) {
    SplittableRandom rnd = new SplittableRandom(width * 31L + height);
    int[] ids = new int[width * height];
    for (int i = 0; i < ids.length; i++) {
      // runs of ids, some over 65535 (the blue channel), some VOID
      ids[i] = i > 0 && rnd.nextInt(4) > 0 ? ids[i - 1] : rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1 << 24);
    }
    byte[] png = encode(width, height, channels, interlaced, ids, rnd);
    LabelImage out = new LabelImage();
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      PngHeader h = d.decodeSegmentIds(png, 0, png.length, "x.png", out);
      assertEquals(channels, h.channels());
    }
    assertEquals(24, out.labelBits());
    assertArrayEquals(ids, Arrays.copyOf(out.ints(), ids.length));
  }

  @Test
  void agreesWithImageIoOnThePanopticSmallMaps() throws IOException {
    LabelImage out = new LabelImage();
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      for (String name : List.of("gt/000000004256.png", "gt/000000129131.png", "pred/pred_152014.png",
          "pred/pred_502931.png")) {
        byte[] png;
        try (InputStream in = getClass().getResourceAsStream("/reference/panoptic-small/" + name)) {
          png = in.readAllBytes();
        }
        d.decodeSegmentIds(png, 0, png.length, name, out);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(img.getWidth(), out.width());
        int[] rgb = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
        int bands = img.getRaster().getNumBands();
        for (int i = 0; i < out.pixelCount(); i++) {
          int id = rgb[i * bands] + 256 * rgb[i * bands + 1] + 65536 * rgb[i * bands + 2];
          if (id != out.ints()[i]) throw new AssertionError(name + " pixel " + i + ": " + out.ints()[i] + " != " + id);
        }
      }
    }
  }

  @Test
  void refusesMapsThatAreNotEightBitRgb() {
    int[] labels = new int[12];
    byte[] gray = TestPngEncoder.encode(4, 3, 8, PngHeader.GRAY, false, labels, r -> 0);
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> d.decodeSegmentIds(gray, 0, gray.length, "g.png", new LabelImage()));
      assertEquals("g.png: grayscale PNG (colour type 0, bit depth 8): segment-id maps must be 8-bit RGB or RGBA",
          e.getMessage());
      byte[] rgb16 = TestPngEncoder.png(2, 2, 16, PngHeader.RGB, false, TestPngEncoder.zlib(new byte[2 * 13]), 1 << 20,
          List.of());
      e = assertThrows(InvalidInputException.class,
          () -> d.decodeSegmentIds(rgb16, 0, rgb16.length, "h.png", new LabelImage()));
      assertTrue(e.getMessage().contains("16-bit RGB PNG"), e.getMessage());
    }
    try (LabelPngDecoder small = new LabelPngDecoder(10, true)) {
      byte[] big = encode(4, 3, 3, false, new int[12], new SplittableRandom(1));
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> small.decodeSegmentIds(big, 0, big.length, "b.png", new LabelImage()));
      assertTrue(e.getMessage().contains("over the limit of 10"), e.getMessage());
    }
  }
}
