package dev.overlap.core.mask;

import java.nio.charset.StandardCharsets;

/**
 * COCO's compressed RLE counts string, as pycocotools' {@code maskApi.c#rleToString} and
 * {@code #rleFrString}.
 *
 * <p>Each count is written as a little-endian sequence of 5-bit groups, one character per group,
 * {@code char = 48 + group}, with {@code 0x20} marking that another group follows and {@code 0x10} of
 * the last group carrying the sign. From the fourth count on ({@code i > 2}) the value written is the
 * difference to count {@code i - 2}, which keeps alternating runs of similar length short.
 *
 * <p>Values are decoded in 64-bit arithmetic. {@code rleFrString} shifts a C {@code int}, which
 * overflows for values of 2^29 and more; {@code rleToString} writes those values correctly, so this
 * decoder is the exact inverse of {@code rleToString} where {@code rleFrString} is not. Every string
 * pycocotools produces for masks under 2^29 pixels decodes identically.
 */
public final class RleCodec {
  /** A count or a difference of two counts needs at most 33 bits: 7 groups of 5 bits. */
  private static final int MAX_GROUPS = 7;

  private RleCodec() {}

  /**
   * Decodes a compressed counts string into run lengths, as {@code maskApi.c#rleFrString}.
   *
   * @param s the counts string, characters {@code '0'..'o'} (48..111)
   * @return the run lengths, a new array of exactly the number of runs
   * @throws IllegalArgumentException naming the offset when a character is outside 48..111, the
   *     string ends inside a value, a value has more than 7 groups, or a count decodes negative or
   *     above {@code 2^31 - 1}
   */
  public static int[] decodeCounts(CharSequence s) {
    if (s == null) {
      throw new IllegalArgumentException("RLE counts string is null");
    }
    return decode(null, s, 0, s.length());
  }

  /**
   * Decodes a compressed counts string held as bytes (e.g. straight from a JSON buffer), as
   * {@code maskApi.c#rleFrString}; offsets in error messages are relative to {@code off}.
   *
   * @param s buffer holding the string as ASCII bytes
   * @param off index of the first byte of the string
   * @param len number of bytes in the string
   * @return the run lengths, a new array of exactly the number of runs
   * @throws IllegalArgumentException as {@link #decodeCounts(CharSequence)}, or when the range is out of bounds
   */
  public static int[] decodeCounts(byte[] s, int off, int len) {
    if (s == null || off < 0 || len < 0 || off > s.length - len) {
      throw new IllegalArgumentException("RLE counts range [" + off + ", " + off + "+" + len + ") is outside a buffer of "
          + (s == null ? 0 : s.length) + " bytes");
    }
    return decode(s, null, off, len);
  }

  /**
   * Encodes the first {@code m} run lengths as a compressed counts string, as {@code maskApi.c#rleToString}.
   *
   * @param counts run lengths, non-negative
   * @param m number of runs to encode, {@code 0 <= m <= counts.length}
   * @return the counts string, characters {@code '0'..'o'}
   * @throws IllegalArgumentException if {@code m} is out of range or a count is negative
   */
  public static String encode(int[] counts, int m) {
    if (counts == null || m < 0 || m > counts.length) {
      throw new IllegalArgumentException("cannot encode " + m + " runs from " + (counts == null ? "null" : counts.length + " counts"));
    }
    if ((long) m * MAX_GROUPS > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot encode " + m + " runs: string would exceed 2^31 characters");
    }
    byte[] out = new byte[m * MAX_GROUPS];
    int p = 0;
    for (int i = 0; i < m; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("RLE count " + i + " is negative: " + counts[i]);
      }
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        int c = (int) (x & 0x1f);
        x >>= 5;
        // Stop once the remaining bits are pure sign extension of the group just written.
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        out[p++] = (byte) (c + 48);
      }
    }
    return new String(out, 0, p, StandardCharsets.ISO_8859_1);
  }

  /** One loop for both sources: exactly one of {@code bytes} and {@code chars} is non-null. */
  private static int[] decode(byte[] bytes, CharSequence chars, int off, int len) {
    int runs = 0;
    int groups = 0;
    for (int p = 0; p < len; p++) {
      int ch = bytes != null ? bytes[off + p] & 0xff : chars.charAt(off + p);
      int c = ch - 48;
      if (c < 0 || c > 63) {
        throw new IllegalArgumentException("RLE counts string has an invalid character " + describe(ch)
            + " at offset " + p + " (expected '0'..'o')");
      }
      if ((c & 0x20) == 0) {
        runs++;
        groups = 0;
      } else if (++groups >= MAX_GROUPS) {
        throw new IllegalArgumentException("RLE counts string has a value longer than " + MAX_GROUPS
            + " characters at offset " + (p + 1 - groups));
      }
    }
    if (groups > 0) {
      throw new IllegalArgumentException("RLE counts string ends inside a value: the value at offset "
          + (len - groups) + " is truncated");
    }
    int[] counts = new int[runs];
    int m = 0;
    int p = 0;
    while (p < len) {
      int start = p;
      long x = 0;
      int k = 0;
      int c;
      do {
        c = (bytes != null ? bytes[off + p] & 0xff : chars.charAt(off + p)) - 48;
        x |= (long) (c & 0x1f) << (5 * k);
        p++;
        k++;
      } while ((c & 0x20) != 0);
      if ((c & 0x10) != 0) {
        x |= -1L << (5 * k);
      }
      if (m > 2) {
        x += counts[m - 2];
      }
      if (x < 0 || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("RLE count " + m + " decodes to " + x + " at offset " + start
            + " (expected 0..2^31-1)");
      }
      counts[m++] = (int) x;
    }
    assert m == runs;
    return counts;
  }

  private static String describe(int ch) {
    return ch >= 32 && ch < 127 ? "'" + (char) ch + "'" : "(code " + ch + ")";
  }
}
