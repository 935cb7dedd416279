package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressedRleDecodeTest {

  /** The encoder of maskApi.c rleToString, written from its description, as the test oracle. */
  static String encode(int[] counts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) x -= counts[i - 2];
      boolean more = true;
      while (more) {
        long c = x & 0x1f;
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) c |= 0x20;
        s.append((char) (c + 48));
      }
    }
    return s.toString();
  }

  @Test
  void decodesTheEdgeCaseMask() {
    // coco-edge/16: a 20x40 mask of 130 pixels.
    int[] counts = dev.overlap.core.mask.RleCodec.decodeCounts("Z1::00000000000000000P50PK000b:");
    long total = 0;
    long foreground = 0;
    for (int i = 0; i < counts.length; i++) {
      total += counts[i];
      if ((i & 1) == 1) foreground += counts[i];
    }
    assertEquals(800, total);
    assertEquals(130, foreground);
    assertEquals(42, counts[0]);
  }

  @Test
  void smallHandEncodings() {
    assertArrayEquals(new int[0], dev.overlap.core.mask.RleCodec.decodeCounts(""));
    assertArrayEquals(new int[] {0}, dev.overlap.core.mask.RleCodec.decodeCounts("0"));
    assertArrayEquals(new int[] {15}, dev.overlap.core.mask.RleCodec.decodeCounts("?"));
    assertArrayEquals(new int[] {16}, dev.overlap.core.mask.RleCodec.decodeCounts("`0"));
    assertArrayEquals(new int[] {3, 4, 5, 6}, dev.overlap.core.mask.RleCodec.decodeCounts("3452"));
  }

  @Test
  void fuzzRoundTripAgainstTheEncoder() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 5_000; trial++) {
      int n = random.nextInt(40);
      int[] counts = new int[n];
      for (int i = 0; i < n; i++) {
        switch (random.nextInt(4)) {
          case 0: counts[i] = random.nextInt(16); break;
          case 1: counts[i] = random.nextInt(1000); break;
          case 2: counts[i] = random.nextInt(1 << 20); break;
          default: counts[i] = random.nextInt(Integer.MAX_VALUE); break;
        }
      }
      String s = encode(counts);
      assertArrayEquals(counts, dev.overlap.core.mask.RleCodec.decodeCounts(s), s);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`3 4`     | RLE counts string has an invalid character ' ' at offset 1 (expected '0'..'o')",
    "`34~`     | RLE counts string has an invalid character '~' at offset 2 (expected '0'..'o')",
    "`3P`      | RLE counts string ends inside a value: the value at offset 1 is truncated",
    "`O`       | RLE count 0 decodes to -1 at offset 0 (expected 0..2^31-1)",
    "`100O`    | RLE count 3 decodes to -1 at offset 3 (expected 0..2^31-1)",
    "`PPPPPPP0`| RLE counts string has a value longer than 7 characters at offset 0",
  })
  void invalidStrings(String s, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dev.overlap.core.mask.RleCodec.decodeCounts(s));
    assertEquals(message, e.getMessage());
  }
}
