package dev.overlap.core.io;

import java.util.Arrays;

/**
 * Decodes the compressed RLE string of COCO results ({@code "counts": "<string>"}) into run lengths,
 * as maskApi.c {@code rleFrString} does.
 *
 * <p>Each count is written in 5-bit groups, least significant first, as characters {@code 48 + g}:
 * bit 0x20 of {@code g} says another group follows, bit 0x10 of the last group is the sign. From the
 * fourth count on the string stores the difference to the count two places earlier, which is
 * added back here. Kept in one place so that it can later move next to the other RLE kernels.
 */
final class CompressedRle {
  /** Groups needed for any count in {@code int} range: 7 x 5 bits. */
  private static final int MAX_GROUPS = 7;

  private CompressedRle() {}

  /**
   * Run lengths of {@code s}, each in {@code [0, 2^31)}; follows maskApi.c {@code rleFrString}.
   *
   * @throws IllegalArgumentException with a one-line reason when {@code s} is not a valid encoding
   */
  static int[] decode(String s) {
    int n = s.length();
    // Every count takes at least one character.
    int[] counts = new int[n];
    int m = 0;
    int p = 0;
    while (p < n) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p == n) throw new IllegalArgumentException("RLE string ends in the middle of a count");
        if (k == MAX_GROUPS) throw new IllegalArgumentException("RLE string has a count longer than 7 characters at position " + (p - k));
        char ch = s.charAt(p);
        int c = ch - 48;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException("RLE string has an invalid character '" + ch + "' at position " + p);
        }
        x |= (long) (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
      }
      if (m > 2) x += counts[m - 2];
      if (x < 0 || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("RLE string decodes to an invalid count " + x + " at index " + m);
      }
      counts[m++] = (int) x;
    }
    return Arrays.copyOf(counts, m);
  }
}
