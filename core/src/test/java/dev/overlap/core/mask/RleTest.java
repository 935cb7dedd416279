package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RleTest {

  @Test
  void keepsSizeCountsAndArea() {
    int[] counts = {3, 2, 0, 4, 1};
    Rle r = Rle.of(5, 2, counts);
    assertEquals(5, r.height());
    assertEquals(2, r.width());
    assertSame(counts, r.counts());
    assertEquals(5, r.length());
    assertEquals(6, r.area());
  }

  @Test
  void emptyImageAcceptsNoRunsOrOneEmptyRun() {
    assertEquals(0, Rle.of(0, 7, new int[0]).area());
    assertEquals(0, Rle.of(3, 0, new int[] {0}).area());
  }

  @ParameterizedTest(name = "{0}x{1} {2}")
  @CsvSource(delimiter = '|', value = {
      "10 | 10 | 50 49          | RLE counts sum to 99, expected h*w = 100",
      "10 | 10 | 50 51          | RLE counts sum to 101, expected h*w = 100",
      "2  | 2  | 5 -1           | RLE count 1 is negative: -1",
      "-1 | 2  | 0              | mask size -1x2 is negative",
      "65536 | 65536 | 0        | mask size h*w = 4294967296 exceeds 2^31-1 pixels",
  })
  void rejectsInvalidCountsInOneLine(int h, int w, String counts, String message) {
    String[] parts = counts.trim().split(" ");
    int[] c = new int[parts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Integer.parseInt(parts[i]);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rle.of(h, w, c));
    assertEquals(message, e.getMessage());
  }

  @Test
  void compressedFormRoundTrips() {
    Rle r = Rle.fromCompressed(20, 40, "Z1::00000000000000000P50PK000b:");
    assertEquals(130, r.area());
    assertEquals("Z1::00000000000000000P50PK000b:", r.toCompressed());
    assertEquals(r, Rle.of(20, 40, r.counts().clone()));
    assertEquals(r.hashCode(), Rle.of(20, 40, r.counts().clone()).hashCode());
  }

  @Test
  void equalityIsBySizeAndCounts() {
    assertEquals(Rle.of(2, 3, new int[] {1, 5}), Rle.of(2, 3, new int[] {1, 5}));
    assertNotEquals(Rle.of(2, 3, new int[] {1, 5}), Rle.of(3, 2, new int[] {1, 5}));
    // Same pixels, different runs: not equal as encodings.
    assertNotEquals(Rle.of(2, 3, new int[] {1, 5}), Rle.of(2, 3, new int[] {1, 5, 0, 0}));
    assertArrayEquals(Masks.decode(Rle.of(2, 3, new int[] {1, 5})), Masks.decode(Rle.of(2, 3, new int[] {1, 5, 0, 0})));
  }

  @Test
  void compressedRejectsCountsThatDoNotCoverTheImage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rle.fromCompressed(20, 41, "Z1::00000000000000000P50PK000b:"));
    assertEquals("RLE counts sum to 800, expected h*w = 820", e.getMessage());
  }
}
