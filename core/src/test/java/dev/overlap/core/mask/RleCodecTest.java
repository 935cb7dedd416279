package dev.overlap.core.mask;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RleCodecTest {

  /** Strings written by compiled maskApi.c#rleToString for these counts (see the fixtures README). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0                 | 0",
      "100               | T3",
      "42 10 10 10 678   | Z1::0ld0",
  })
  void encodesAsRleToString(String counts, String expected) {
    int[] c = parse(counts);
    assertEquals(expected, RleCodec.encode(c, c.length));
    assertArrayEquals(c, RleCodec.decodeCounts(expected));
  }

  @Test
  void encodesOnlyTheFirstMRuns() {
    assertEquals("Z1::0", RleCodec.encode(new int[] {42, 10, 10, 10, 678}, 4));
    assertEquals("Z1::", RleCodec.encode(new int[] {42, 10, 10, 10, 678}, 3));
    assertEquals("", RleCodec.encode(new int[] {42}, 0));
    assertArrayEquals(new int[0], RleCodec.decodeCounts(""));
  }

  @Test
  void roundTripsRandomCountsIncludingZerosAndLargeValues() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 5_000; trial++) {
      int[] counts = new int[random.nextInt(0, 60)];
      for (int i = 0; i < counts.length; i++) {
        switch (random.nextInt(5)) {
          case 0: counts[i] = 0; break;
          case 1: counts[i] = random.nextInt(1, 40); break;
          case 2: counts[i] = random.nextInt(1 << 20, 1 << 24); break;
          case 3: counts[i] = random.nextInt(Integer.MAX_VALUE - 1000, Integer.MAX_VALUE) + 1; break;
          default: counts[i] = random.nextInt(Integer.MAX_VALUE);
        }
      }
      String s = RleCodec.encode(counts, counts.length);
      assertArrayEquals(counts, RleCodec.decodeCounts(s), s);
      byte[] padded = ("xy" + s + "z").getBytes(StandardCharsets.US_ASCII);
      assertArrayEquals(counts, RleCodec.decodeCounts(padded, 2, s.length()), s);
    }
  }

  @Test
  void everyValueTakesAtMostSevenCharacters() {
    int[] extremes = {Integer.MAX_VALUE, 0, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE};
    String s = RleCodec.encode(extremes, extremes.length);
    assertArrayEquals(extremes, RleCodec.decodeCounts(s));
    assertEquals(7, RleCodec.encode(new int[] {Integer.MAX_VALUE}, 1).length());
  }

  /** coco-edge 16 and 17: every detection string decodes to counts covering its {@code size}. */
  @ParameterizedTest
  @CsvSource({"coco-edge-16/pred.json, 1, 130", "coco-edge-17/pred.json, 3, 225"})
  void decodesReferenceDetections(String file, int detections, long totalArea) {
    List<?> results = (List<?>) TestJson.parse(MaskFixtures.resourceText(file));
    assertEquals(detections, results.size());
    long area = 0;
    for (Object o : results) {
      Map<?, ?> seg = (Map<?, ?>) ((Map<?, ?>) o).get("segmentation");
      List<?> size = (List<?>) seg.get("size");
      int h = ((Double) size.get(0)).intValue();
      int w = ((Double) size.get(1)).intValue();
      String counts = (String) seg.get("counts");
      int[] c = RleCodec.decodeCounts(counts);
      long sum = 0;
      for (int v : c) {
        sum += v;
      }
      assertEquals((long) h * w, sum, counts);
      assertEquals(counts, RleCodec.encode(c, c.length));
      area += Rle.of(h, w, c).area();
    }
    assertEquals(totalArea, area);
  }

  @Test
  void decodesTheTwoPartDetectionOfCocoEdge16ToItsPixels() {
    // Part 1 of the ground truth (x 2..11, y 2..11) and three columns of part 2 (x 20..22).
    int[] c = RleCodec.decodeCounts("Z1::00000000000000000P50PK000b:");
    byte[] pixels = MaskFixtures.pixelsOf(c, 20 * 40);
    for (int x = 0; x < 40; x++) {
      for (int y = 0; y < 20; y++) {
        boolean expected = y >= 2 && y <= 11 && (x >= 2 && x <= 11 || x >= 20 && x <= 22);
        assertEquals(expected ? 1 : 0, pixels[x * 20 + y], "pixel " + x + "," + y);
      }
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`Z1 :`    | RLE counts string has an invalid character ' ' at offset 2 (expected '0'..'o')",
      "Z1p       | RLE counts string has an invalid character 'p' at offset 2 (expected '0'..'o')",
      "/         | RLE counts string has an invalid character '/' at offset 0 (expected '0'..'o')",
      "0\u00e9   | RLE counts string has an invalid character (code 233) at offset 1 (expected '0'..'o')",
      "T         | RLE counts string ends inside a value: the value at offset 0 is truncated",
      "0TT       | RLE counts string ends inside a value: the value at offset 1 is truncated",
      "0PPPPPPP0 | RLE counts string has a value longer than 7 characters at offset 1",
      "@         | RLE count 0 decodes to -16 at offset 0 (expected 0..2^31-1)",
      "532L      | RLE count 3 decodes to -1 at offset 3 (expected 0..2^31-1)",
      "PPPPPP2   | RLE count 0 decodes to 2147483648 at offset 0 (expected 0..2^31-1)",
  })
  void rejectsMalformedStringsNamingTheOffset(String s, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RleCodec.decodeCounts(s));
    assertEquals(message, e.getMessage());
  }

  @Test
  void byteOffsetsInMessagesAreRelativeToTheString() {
    byte[] buffer = "xxZ1 :yy".getBytes(StandardCharsets.US_ASCII);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RleCodec.decodeCounts(buffer, 2, 4));
    assertEquals("RLE counts string has an invalid character ' ' at offset 2 (expected '0'..'o')", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RleCodec.decodeCounts(buffer, 6, 3));
  }

  @Test
  void encodeRejectsNegativeCountsAndBadLength() {
    assertThrows(IllegalArgumentException.class, () -> RleCodec.encode(new int[] {3, -1}, 2));
    assertThrows(IllegalArgumentException.class, () -> RleCodec.encode(new int[] {3}, 2));
  }

  private static int[] parse(String counts) {
    String[] parts = counts.trim().split("\\s+");
    int[] c = new int[parts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Integer.parseInt(parts[i]);
    }
    return c;
  }
}
