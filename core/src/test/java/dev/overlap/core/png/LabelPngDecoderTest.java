package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.overlap.core.io.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelPngDecoderTest {
  private static final String REFERENCE = "/reference/semseg-small/";

  // ---------------------------------------------------------------- reference files

  static Stream<String> referenceFiles() {
    List<String> names = new ArrayList<>();
    for (String dir : new String[] {"gt", "pred"}) {
      for (int i = 0; i < 30; i++) names.add(String.format("%s/img_%05d.png", dir, i));
    }
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("referenceFiles")
  void referenceFilesMatchImageIo(String name) {
    byte[] png = resource(REFERENCE + name);
    LabelImage ours = new LabelImage();
    LabelImage oracle = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      PngHeader h = decoder.decode(png, 0, png.length, name, ours);
      assertEquals(new PngHeader(512, 256, 8, PngHeader.GRAY, false), h);
    }
    ImageIoLabelDecoder.decode(png, 0, png.length, name, oracle);
    assertSameLabels(oracle, ours);
    // Class ids 0..18 and the ignore label are all a reference map may hold.
    for (int i = 0; i < ours.pixelCount(); i++) {
      int v = ours.bytes()[i] & 0xFF;
      if (v > 18 && v != 255) fail(name + ": unexpected label " + v + " at pixel " + i);
    }
  }

  // ---------------------------------------------------------------- written by javax.imageio

  @ParameterizedTest(name = "{0} {1}x{2} interlaced={3}")
  @CsvSource({
      // kind, width, height, interlaced, expected colour type, expected bit depth, seed
      "GRAY8,     64,  48, false, 0, 8,  1",
      "GRAY8,     33,  17, true,  0, 8,  2",
      "GRAY8,      1,   1, false, 0, 8,  3",
      "GRAY16,    50,  31, false, 0, 16, 4",
      "GRAY16,    19,  23, true,  0, 16, 5",
      "PALETTE8,  70,  40, false, 3, 8,  6",
      "PALETTE8,   9,  13, true,  3, 8,  7",
      "PALETTE4,  45,  21, false, 3, 4,  8",
      "PALETTE4,  11,   7, true,  3, 4,  9",
      "PALETTE2,  13,  11, false, 3, 2, 10",
      "PALETTE1,  29,   5, false, 3, 1, 11",
      "PALETTE1,   3,   9, true,  3, 1, 12",
  })
  void roundTripThroughImageIo(String kind, int width, int height, boolean interlaced,
      int colourType, int bitDepth, long seed) {
    int maxLabel = kind.equals("GRAY16") ? 65535 : (1 << Math.min(8, bitDepth)) - 1;
    int[] labels = randomLabels(new SplittableRandom(seed), width, height, maxLabel);
    byte[] png = writeWithImageIo(kind, width, height, bitDepth, labels, interlaced);

    PngHeader h = LabelPngDecoder.readHeader(png, 0, png.length, kind);
    assertEquals(new PngHeader(width, height, bitDepth, colourType, interlaced), h);

    LabelImage ours = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      assertEquals(h, decoder.decode(png, 0, png.length, kind, ours));
    }
    assertLabels(labels, width, height, bitDepth == 16 ? 16 : 8, ours);
    LabelImage oracle = new LabelImage();
    ImageIoLabelDecoder.decode(png, 0, png.length, kind, oracle);
    assertLabels(labels, width, height, bitDepth == 16 ? 16 : 8, oracle);
  }

  // ---------------------------------------------------------------- every filter, depth, layout

  static Stream<Arguments> filterCases() {
    List<Arguments> cases = new ArrayList<>();
    int[][] layouts = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {3, 1}, {3, 2}, {3, 4}, {3, 8}};
    for (int[] layout : layouts) {
      for (int filter = 0; filter <= 5; filter++) { // 5 = a different filter on every row
        for (boolean interlaced : new boolean[] {false, true}) {
          cases.add(Arguments.of(layout[0], layout[1], filter, interlaced));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "colour {0} depth {1} filter {2} interlaced {3}")
  @MethodSource("filterCases")
  void everyFilterOnEveryLayoutMatchesSourceAndImageIo(int colourType, int bitDepth, int filter,
      boolean interlaced) {
    SplittableRandom rnd = new SplittableRandom(1000L * colourType + 100L * bitDepth + 10L * filter
        + (interlaced ? 1 : 0));
    int maxLabel = (1 << bitDepth) - 1;
    LabelImage ours = new LabelImage();
    LabelImage oracle = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      // Sizes around the Adam7 grid and byte boundaries, plus a random one.
      int[][] sizes = {{1, 1}, {7, 9}, {8, 8}, {9, 3}, {3 + rnd.nextInt(60), 1 + rnd.nextInt(40)}};
      for (int[] size : sizes) {
        int w = size[0];
        int h = size[1];
        int[] labels = randomLabels(rnd, w, h, maxLabel);
        byte[] png = TestPngEncoder.encode(w, h, bitDepth, colourType, interlaced, labels,
            row -> filter == 5 ? row % 5 : filter);
        String name = w + "x" + h;
        decoder.decode(png, 0, png.length, name, ours);
        assertLabels(labels, w, h, bitDepth == 16 ? 16 : 8, ours);
        ImageIoLabelDecoder.decode(png, 0, png.length, name, oracle);
        assertSameLabels(oracle, ours);
      }
    }
  }

  /** Rows are inflated in blocks of about 64 KiB: these images span several, so rows meet their prior row across a block boundary. */
  @ParameterizedTest(name = "colour {0} depth {1} interlaced {2} {3}x{4}")
  @CsvSource({
      "0, 16, false, 700, 300",
      "0, 16, true,  700, 300",
      "0,  8, false, 3000, 100",
      "3,  8, true,  1500, 200",
      "0,  1, false, 9000, 120",
      "3,  4, true,  5000, 150",
      "0, 16, false, 40000, 3",
  })
  void largeImagesSpanSeveralInflateBlocks(int colourType, int bitDepth, boolean interlaced,
      int width, int height) {
    int[] labels = randomLabels(new SplittableRandom(width + height), width, height, (1 << bitDepth) - 1);
    byte[] png = TestPngEncoder.encode(width, height, bitDepth, colourType, interlaced, labels,
        row -> 2 + row % 3); // Up, Average, Paeth: every row reads the row above
    LabelImage out = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      decoder.decode(png, 0, png.length, "large.png", out);
    }
    assertLabels(labels, width, height, bitDepth == 16 ? 16 : 8, out);
  }

  @Test
  void randomFilterChoicesFuzzAgainstSource() {
    SplittableRandom rnd = new SplittableRandom(42);
    LabelImage out = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      for (int iter = 0; iter < 300; iter++) {
        int[] depths = {1, 2, 4, 8, 16};
        int depth = depths[rnd.nextInt(depths.length)];
        int colourType = depth == 16 || rnd.nextBoolean() ? 0 : 3;
        boolean interlaced = rnd.nextInt(3) == 0;
        int w = 1 + rnd.nextInt(80);
        int h = 1 + rnd.nextInt(50);
        int[] labels = randomLabels(rnd, w, h, (1 << depth) - 1);
        long filterSeed = rnd.nextLong();
        byte[] raw = TestPngEncoder.scanlines(w, h, depth, interlaced, labels,
            row -> new SplittableRandom(filterSeed + row).nextInt(5));
        // IDAT split at random sizes, including 1-byte chunks.
        byte[] png = TestPngEncoder.png(w, h, depth, colourType, interlaced,
            TestPngEncoder.zlib(raw), 1 + rnd.nextInt(64), List.of());
        // Embedded at an offset, with garbage around it.
        byte[] padded = new byte[png.length + 13];
        rnd.nextBytes(padded);
        System.arraycopy(png, 0, padded, 5, png.length);
        decoder.decode(padded, 5, png.length, "fuzz " + iter, out);
        assertLabels(labels, w, h, depth == 16 ? 16 : 8, out);
      }
    }
  }

  // ---------------------------------------------------------------- chunk handling

  @Test
  void ancillaryChunksAreSkippedAndIdatMayBeSplitAndEmpty() {
    int[] labels = randomLabels(new SplittableRandom(7), 20, 10, 255);
    byte[] raw = TestPngEncoder.scanlines(20, 10, 8, false, labels, row -> 4);
    byte[] zlib = TestPngEncoder.zlib(raw);
    List<byte[]> extra = List.of(
        TestPngEncoder.chunk("tEXt", "Comment\0made by a test".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        TestPngEncoder.chunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}),
        TestPngEncoder.chunk("IDAT", new byte[0]));
    byte[] png = TestPngEncoder.png(20, 10, 8, 0, false, zlib, 3, extra);
    LabelImage out = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      decoder.decode(png, 0, png.length, "a.png", out);
    }
    assertLabels(labels, 20, 10, 8, out);
  }

  @Test
  void missingZlibTrailerIsAcceptedOnceAllRowsAreComplete() {
    int[] labels = randomLabels(new SplittableRandom(8), 16, 16, 255);
    byte[] zlib = TestPngEncoder.zlib(TestPngEncoder.scanlines(16, 16, 8, false, labels, row -> 0));
    byte[] cut = Arrays.copyOf(zlib, zlib.length - 4);
    byte[] png = TestPngEncoder.png(16, 16, 8, 0, false, cut, 1 << 20, List.of());
    LabelImage out = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      decoder.decode(png, 0, png.length, "a.png", out);
    }
    assertLabels(labels, 16, 16, 8, out);
    ImageIoLabelDecoder.decode(png, 0, png.length, "a.png", out);
    assertLabels(labels, 16, 16, 8, out);
  }

  @Test
  void bufferIsReusedAcrossImages() {
    LabelImage out = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      int[] big = randomLabels(new SplittableRandom(1), 60, 50, 255);
      byte[] png = TestPngEncoder.encode(60, 50, 8, 0, false, big, row -> row % 5);
      decoder.decode(png, 0, png.length, "big.png", out);
      byte[] buffer = out.bytes();
      int[] small = randomLabels(new SplittableRandom(2), 13, 7, 255);
      png = TestPngEncoder.encode(13, 7, 8, 3, false, small, row -> 2);
      decoder.decode(png, 0, png.length, "small.png", out);
      assertSame(buffer, out.bytes());
      assertLabels(small, 13, 7, 8, out);
    }
  }

  @Test
  void readHeaderReportsAnRgbFileWithoutDecodingIt() {
    byte[] png = writeRgb(BufferedImage.TYPE_3BYTE_BGR, 21, 12);
    assertEquals(new PngHeader(21, 12, 8, PngHeader.RGB, false),
        LabelPngDecoder.readHeader(png, 0, png.length, "rgb.png"));
  }

  // ---------------------------------------------------------------- rejections

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "5 | RGB PNG (colour type 2): label maps must be single-channel (grayscale or palette)",
      "6 | RGBA PNG (colour type 6): label maps must be single-channel (grayscale or palette)",
  })
  void imageIoColourImagesAreRejected(int bufferedImageType, String reason) {
    byte[] png = writeRgb(bufferedImageType, 10, 10);
    InvalidInputException e = decodeFails(png, new LabelPngDecoder());
    assertEquals("x.png: " + reason, e.getMessage());
    assertEquals("x.png", e.file());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2 |  8 | RGB PNG (colour type 2): label maps must be single-channel (grayscale or palette)",
      "2 | 16 | RGB PNG (colour type 2): label maps must be single-channel (grayscale or palette)",
      "4 |  8 | gray+alpha PNG (colour type 4): label maps must be single-channel (grayscale or palette)",
      "6 | 16 | RGBA PNG (colour type 6): label maps must be single-channel (grayscale or palette)",
      "3 | 16 | invalid IHDR: bit depth 16 is not allowed for colour type 3",
      "0 |  3 | invalid IHDR: bit depth 3 is not allowed for colour type 0",
      "2 |  4 | invalid IHDR: bit depth 4 is not allowed for colour type 2",
      "1 |  8 | invalid IHDR: bit depth 8 is not allowed for colour type 1",
  })
  void headerColourTypesAndDepthsAreChecked(int colourType, int bitDepth, String reason) {
    byte[] png = headerOnly(4, 4, bitDepth, colourType, 0, 0, 0);
    assertEquals("x.png: " + reason, decodeFails(png, new LabelPngDecoder()).getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | 5 | 0 | 0 | 0 | invalid IHDR: size 0x5 (each must be 1..2147483647)",
      "-1 | 5 | 0 | 0 | 0 | invalid IHDR: size 4294967295x5 (each must be 1..2147483647)",
      "5 | 5 | 1 | 0 | 0 | invalid IHDR: unknown compression method 1",
      "5 | 5 | 0 | 1 | 0 | invalid IHDR: unknown filter method 1",
      "5 | 5 | 0 | 0 | 2 | invalid IHDR: unknown interlace method 2",
  })
  void headerFieldsAreChecked(int width, int height, int compression, int filterMethod,
      int interlace, String reason) {
    byte[] png = headerOnly(width, height, 8, 0, compression, filterMethod, interlace);
    assertEquals("x.png: " + reason, decodeFails(png, new LabelPngDecoder()).getMessage());
  }

  @Test
  void decompressionBombIsRejectedBeforeAnyAllocation() {
    // A header declaring 10^10 pixels followed by a token IDAT: the limit must trip first.
    byte[] zlib = TestPngEncoder.zlib(new byte[100]);
    byte[] png = TestPngEncoder.png(100000, 100000, 8, 0, false, zlib, 1 << 20, List.of());
    LabelImage out = new LabelImage();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new LabelPngDecoder().decode(png, 0, png.length, "bomb.png", out));
    assertEquals("bomb.png: image declares 100000x100000 = 10000000000 pixels, over the limit of "
        + "268435456 (maxPixels)", e.getMessage());
    assertEquals(0, out.bytes().length);
    assertEquals(0, out.shorts().length);
    assertEquals(0, out.pixelCount());
  }

  @Test
  void bombGuardTripsOnTheHeaderEvenWithoutChunksAfterIt() {
    byte[] png = headerOnly(70000, 70000, 16, 0, 0, 0, 0);
    InvalidInputException e = decodeFails(png, new LabelPngDecoder());
    assertTrue(e.getMessage().contains("over the limit of 268435456 (maxPixels)"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"100, 10, 10, true", "100, 11, 10, false", "100, 100, 1, true", "100, 1, 101, false"})
  void maxPixelsIsConfigurable(long maxPixels, int width, int height, boolean accepted) {
    int[] labels = new int[width * height];
    byte[] png = TestPngEncoder.encode(width, height, 8, 0, false, labels, row -> 0);
    LabelPngDecoder decoder = new LabelPngDecoder(maxPixels, true);
    if (accepted) {
      decoder.decode(png, 0, png.length, "x.png", new LabelImage());
    } else {
      assertTrue(decodeFails(png, decoder).getMessage().contains("(maxPixels)"));
    }
  }

  @Test
  void maxPixelsMustFitOneArray() {
    assertThrows(IllegalArgumentException.class, () -> new LabelPngDecoder(0, true));
    assertThrows(IllegalArgumentException.class,
        () -> new LabelPngDecoder(LabelPngDecoder.MAX_ARRAY_PIXELS + 1, true));
  }

  @Test
  void everyTruncationIsRejectedWithAnInvalidInputException() {
    int[] labels = randomLabels(new SplittableRandom(3), 12, 9, 255);
    byte[] png = TestPngEncoder.encode(12, 9, 8, 3, false, labels, row -> row % 5);
    for (boolean crc : new boolean[] {true, false}) {
      LabelPngDecoder decoder = new LabelPngDecoder(LabelPngDecoder.DEFAULT_MAX_PIXELS, crc);
      for (int len = 0; len < png.length; len++) {
        InvalidInputException e = decodeFails(Arrays.copyOf(png, len), decoder);
        assertFalse(e.getMessage().isEmpty());
      }
    }
  }

  @Test
  void truncationMessagesSayWhatIsMissing() {
    int[] labels = randomLabels(new SplittableRandom(4), 12, 9, 255);
    byte[] png = TestPngEncoder.encode(12, 9, 8, 0, false, labels, row -> 1);
    int idatData = 33 + 8;
    int idatLength = readInt(png, 33);
    assertEquals("x.png: empty file, not a PNG", decodeFails(new byte[0], null).getMessage());
    assertEquals("x.png: truncated: file is 20 bytes, a PNG header needs 33",
        decodeFails(Arrays.copyOf(png, 20), null).getMessage());
    assertEquals("x.png: truncated: file ends at byte 33 without an IEND chunk",
        decodeFails(Arrays.copyOf(png, 33), null).getMessage());
    assertEquals("x.png: truncated: file ends inside a chunk header at byte 33",
        decodeFails(Arrays.copyOf(png, 40), null).getMessage());
    assertEquals("x.png: truncated: chunk IDAT at byte 33 declares " + idatLength
        + " data bytes, only 10 remain", decodeFails(Arrays.copyOf(png, idatData + 10 + 4), null).getMessage());
    assertEquals("x.png: truncated: file ends at byte " + (png.length - 12) + " without an IEND chunk",
        decodeFails(Arrays.copyOf(png, png.length - 12), null).getMessage());
    assertEquals("x.png: truncated: file ends inside a chunk header at byte " + (png.length - 12),
        decodeFails(Arrays.copyOf(png, png.length - 1), null).getMessage());
  }

  @Test
  void everySingleByteCorruptionIsRejectedWhenCrcsAreVerified() {
    int[] labels = randomLabels(new SplittableRandom(5), 10, 6, 255);
    byte[] png = TestPngEncoder.encode(10, 6, 8, 0, false, labels, row -> row % 5);
    LabelPngDecoder decoder = new LabelPngDecoder();
    SplittableRandom rnd = new SplittableRandom(6);
    for (int i = 0; i < png.length; i++) {
      byte[] bad = png.clone();
      bad[i] ^= (byte) (1 + rnd.nextInt(255));
      decodeFails(bad, decoder);
    }
  }

  @Test
  void corruptionWithoutCrcChecksNeverEscapesAsAnotherException() {
    SplittableRandom rnd = new SplittableRandom(9);
    LabelPngDecoder decoder = new LabelPngDecoder(1 << 20, false);
    LabelImage out = new LabelImage();
    int rejected = 0;
    for (int iter = 0; iter < 2000; iter++) {
      int w = 1 + rnd.nextInt(30);
      int h = 1 + rnd.nextInt(30);
      int depth = new int[] {1, 2, 4, 8, 16}[rnd.nextInt(5)];
      int[] labels = randomLabels(rnd, w, h, (1 << depth) - 1);
      byte[] png = TestPngEncoder.encode(w, h, depth, 0, rnd.nextBoolean(), labels, row -> row % 5);
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        // Mostly in the compressed data, where the decoder's own checks are all there is.
        int at = rnd.nextInt(4) == 0 ? rnd.nextInt(png.length) : 41 + rnd.nextInt(png.length - 53);
        png[at] ^= (byte) (1 + rnd.nextInt(255));
      }
      try {
        decoder.decode(png, 0, png.length, "f.png", out);
      } catch (InvalidInputException e) {
        rejected++;
        assertFalse(e.getMessage().isEmpty());
      }
    }
    assertTrue(rejected > 1000, "only " + rejected + " of 2000 corrupted files were rejected");
  }

  @Test
  void moreDataThanTheHeaderNeedsIsRejected() {
    int[] labels = new int[8 * 8];
    byte[] raw = TestPngEncoder.scanlines(8, 8, 8, false, labels, row -> 0);
    byte[] longer = Arrays.copyOf(raw, raw.length + 9); // a 9th row of zeros
    byte[] png = TestPngEncoder.png(8, 8, 8, 0, false, TestPngEncoder.zlib(longer), 1 << 20, List.of());
    assertEquals("x.png: corrupt image data: more data than 8x8 pixels at bit depth 8 need",
        decodeFails(png, null).getMessage());
  }

  @Test
  void lessDataThanTheHeaderNeedsIsRejected() {
    int[] labels = new int[8 * 8];
    byte[] raw = TestPngEncoder.scanlines(8, 8, 8, false, labels, row -> 0);
    byte[] shorter = Arrays.copyOf(raw, raw.length - 9);
    byte[] png = TestPngEncoder.png(8, 8, 8, 0, false, TestPngEncoder.zlib(shorter), 1 << 20, List.of());
    assertEquals("x.png: corrupt image data: the compressed stream ends after 63 bytes, the header "
        + "needs 72", decodeFails(png, null).getMessage());
    byte[] zlib = TestPngEncoder.zlib(raw);
    byte[] cut = Arrays.copyOf(zlib, zlib.length / 2);
    png = TestPngEncoder.png(8, 8, 8, 0, false, cut, 1 << 20, List.of());
    assertTrue(decodeFails(png, null).getMessage().startsWith(
        "x.png: image data is incomplete: the IDAT chunks inflate to "));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void unknownFilterTypeIsRejected(boolean interlaced) {
    int[] labels = new int[9 * 9];
    byte[] png = TestPngEncoder.encode(9, 9, 8, 0, interlaced, labels, row -> row == 3 ? 7 : 0);
    String message = decodeFails(png, null).getMessage();
    assertEquals(interlaced
        ? "x.png: corrupt image data: unknown filter type 7 on row 1 of Adam7 pass 2"
        : "x.png: corrupt image data: unknown filter type 7 on row 3", message);
  }

  @Test
  void structuralErrorsAreNamed() {
    byte[] zlib = TestPngEncoder.zlib(new byte[3 * 3 + 3]);
    byte[] unknownCritical = TestPngEncoder.png(3, 3, 8, 0, false, zlib, 100,
        List.of(TestPngEncoder.chunk("ABCD", new byte[2])));
    assertEquals("x.png: unsupported critical chunk ABCD", decodeFails(unknownCritical, null).getMessage());
    byte[] secondHeader = TestPngEncoder.png(3, 3, 8, 0, false, zlib, 100,
        List.of(TestPngEncoder.ihdr(3, 3, 8, 0, 0)));
    assertEquals("x.png: corrupt: a second IHDR chunk at byte 33", decodeFails(secondHeader, null).getMessage());
    byte[] noData = TestPngEncoder.png(3, 3, 8, 0, false, new byte[0], 100, List.of());
    assertEquals("x.png: no image data (IDAT chunk)", decodeFails(noData, null).getMessage());
    byte[] notPng = "GIF89a and some more bytes to be long enough".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals("x.png: not a PNG file (bad signature)", decodeFails(notPng, null).getMessage());
    byte[] firstNotHeader = TestPngEncoder.png(3, 3, 8, 0, false, zlib, 100, List.of());
    System.arraycopy(TestPngEncoder.chunk("tEXt", new byte[13]), 0, firstNotHeader, 8, 25);
    assertEquals("x.png: not a valid PNG: first chunk is tEXt, expected IHDR",
        decodeFails(firstNotHeader, null).getMessage());
    byte[] badCrc = TestPngEncoder.png(3, 3, 8, 0, false, zlib, 100, List.of());
    badCrc[33 + 8 + 2] ^= 1; // inside the IDAT data
    assertEquals("x.png: corrupt chunk IDAT at byte 33: CRC mismatch", decodeFails(badCrc, null).getMessage());
  }

  @Test
  void imageIoOracleRejectsColourImagesToo() {
    byte[] png = writeRgb(BufferedImage.TYPE_3BYTE_BGR, 5, 5);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> ImageIoLabelDecoder.decode(png, 0, png.length, "rgb.png", new LabelImage()));
    assertEquals("rgb.png: 3-band image: label maps must be single-channel (grayscale or palette)",
        e.getMessage());
  }

  // ---------------------------------------------------------------- helpers

  /** Runs of random labels, rows often repeating the previous one, so every filter has work. */
  static int[] randomLabels(SplittableRandom rnd, int width, int height, int maxLabel) {
    int[] labels = new int[width * height];
    for (int y = 0; y < height; y++) {
      if (y > 0 && rnd.nextInt(3) == 0) {
        System.arraycopy(labels, (y - 1) * width, labels, y * width, width);
        continue;
      }
      int x = 0;
      while (x < width) {
        int run = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 12);
        int v = rnd.nextInt(4) == 0 ? maxLabel : rnd.nextInt(maxLabel + 1);
        for (int i = 0; i < run && x < width; i++) labels[y * width + x++] = v;
      }
    }
    return labels;
  }

  static void assertLabels(int[] expected, int width, int height, int labelBits, LabelImage actual) {
    assertEquals(width, actual.width(), "width");
    assertEquals(height, actual.height(), "height");
    assertEquals(labelBits, actual.labelBits(), "label bits");
    for (int i = 0; i < expected.length; i++) {
      int v = labelBits == 8 ? actual.bytes()[i] & 0xFF : actual.shorts()[i] & 0xFFFF;
      if (v != expected[i]) {
        fail("pixel (" + i % width + ", " + i / width + "): expected " + expected[i] + ", got " + v);
      }
    }
  }

  static void assertSameLabels(LabelImage expected, LabelImage actual) {
    assertEquals(expected.width(), actual.width());
    assertEquals(expected.height(), actual.height());
    assertEquals(expected.labelBits(), actual.labelBits());
    int n = expected.pixelCount();
    if (expected.labelBits() == 8) {
      assertArrayEquals(Arrays.copyOf(expected.bytes(), n), Arrays.copyOf(actual.bytes(), n));
    } else {
      assertArrayEquals(Arrays.copyOf(expected.shorts(), n), Arrays.copyOf(actual.shorts(), n));
    }
  }

  private static InvalidInputException decodeFails(byte[] png, LabelPngDecoder decoder) {
    LabelPngDecoder d = decoder != null ? decoder : new LabelPngDecoder();
    try {
      d.decode(png, 0, png.length, "x.png", new LabelImage());
    } catch (InvalidInputException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("expected InvalidInputException, got " + e, e);
    }
    throw new AssertionError("expected a rejection, the decode succeeded");
  }

  /** Signature and a valid-CRC IHDR with arbitrary field values, nothing after. */
  private static byte[] headerOnly(int width, int height, int bitDepth, int colourType,
      int compression, int filterMethod, int interlace) {
    byte[] d = new byte[13];
    TestPngEncoder.putInt(d, 0, width);
    TestPngEncoder.putInt(d, 4, height);
    d[8] = (byte) bitDepth;
    d[9] = (byte) colourType;
    d[10] = (byte) compression;
    d[11] = (byte) filterMethod;
    d[12] = (byte) interlace;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(TestPngEncoder.chunk("IHDR", d));
    return out.toByteArray();
  }

  private static int readInt(byte[] b, int p) {
    return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }

  static byte[] resource(String path) {
    try (InputStream in = LabelPngDecoderTest.class.getResourceAsStream(path)) {
      if (in == null) throw new AssertionError("missing test resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] writeWithImageIo(String kind, int width, int height, int bitDepth, int[] labels,
      boolean interlaced) {
    BufferedImage image;
    switch (kind) {
      case "GRAY8":
        image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        break;
      case "GRAY16":
        image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        break;
      default: {
        // Colours far from a gray ramp, so the writer keeps the palette (colour type 3).
        int size = 1 << bitDepth;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
          r[i] = (byte) (i * 97 + 13);
          g[i] = (byte) (255 - i * 31);
          b[i] = (byte) (i * 53 + 200);
        }
        IndexColorModel cm = new IndexColorModel(bitDepth, size, r, g, b);
        image = bitDepth == 8
            ? new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, cm)
            : new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, cm);
      }
    }
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) raster.setSample(x, y, 0, labels[y * width + x]);
    }
    return write(image, interlaced);
  }

  private static byte[] writeRgb(int type, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) image.setRGB(x, y, 0x80000000 | (x * 20) << 16 | (y * 20) << 8 | 77);
    }
    return write(image, false);
  }

  private static byte[] write(BufferedImage image, boolean interlaced) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
