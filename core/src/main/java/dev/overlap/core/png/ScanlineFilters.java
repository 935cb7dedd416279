package dev.overlap.core.png;

import java.util.Arrays;

/**
 * Reverses the five PNG scanline filters (PNG specification §9.2, filter method 0).
 *
 * <p>Works in place when {@code src == dst && srcOff == dstOff}: every output byte depends only on
 * its own filtered byte and on bytes already reconstructed (left in this row, above in the prior
 * row).
 *
 * <p>Label and segment-id maps are flat: most filtered bytes are zero, and a zero residual under
 * Up, Sub or Paeth repeats the row above or the pixel to the left. Up, Sub and Paeth therefore go
 * byte by byte only until {@link #RUN} zero residuals in a row, then measure the zero run with one
 * {@link Arrays#mismatch} and reconstruct it with {@link System#arraycopy} (C1, which runs the
 * jobs, compiles byte loops without vectorising them; the copy is a native memmove).
 */
final class ScanlineFilters {
  static final int NONE = 0;
  static final int SUB = 1;
  static final int UP = 2;
  static final int AVERAGE = 3;
  static final int PAETH = 4;

  /** Zero residuals in a row before the rest of the run is measured and copied in bulk. */
  static final int RUN = 16;

  private static final byte[] ZEROS = new byte[4096];

  private ScanlineFilters() {}

  /**
   * Reconstructs one row of {@code len} bytes.
   *
   * @param type filter type byte, 0..4 (checked by the caller)
   * @param prev the reconstructed prior row, or null for the first row of an image or Adam7 pass
   *     (the specification treats it as all zeros)
   * @param bpp bytes per complete pixel, rounded up to 1 (§9.2)
   */
  static void unfilter(int type, byte[] src, int srcOff, byte[] dst, int dstOff,
      byte[] prev, int prevOff, int len, int bpp) {
    assert type >= NONE && type <= PAETH : type;
    switch (type) {
      case NONE:
        if (src != dst || srcOff != dstOff) System.arraycopy(src, srcOff, dst, dstOff, len);
        break;
      case SUB:
        sub(src, srcOff, dst, dstOff, len, bpp);
        break;
      case UP:
        if (prev == null) {
          if (src != dst || srcOff != dstOff) System.arraycopy(src, srcOff, dst, dstOff, len);
        } else {
          up(src, srcOff, dst, dstOff, prev, prevOff, len);
        }
        break;
      case AVERAGE:
        average(src, srcOff, dst, dstOff, prev, prevOff, len, bpp);
        break;
      default:
        // Paeth with a zero prior row always predicts the left byte, which is Sub.
        if (prev == null) sub(src, srcOff, dst, dstOff, len, bpp);
        else paeth(src, srcOff, dst, dstOff, prev, prevOff, len, bpp);
        break;
    }
  }

  // A method of its own: written inline in unfilter's switch, Up-filtered images decoded 1.5x slower.
  private static void up(byte[] src, int s, byte[] dst, int d, byte[] prev, int p, int len) {
    int i = 0;
    while (i < len) {
      int zeros = 0;
      while (i < len && zeros < RUN) {
        byte r = src[s + i];
        dst[d + i] = (byte) (r + prev[p + i]);
        zeros = r == 0 ? zeros + 1 : 0;
        i++;
      }
      if (i < len) {
        // a zero residual repeats the byte above
        int z = zeroRun(src, s + i, len - i);
        System.arraycopy(prev, p + i, dst, d + i, z);
        i += z;
      }
    }
  }

  /** Length of the run of zero bytes at {@code a[from, from + max)}. */
  static int zeroRun(byte[] a, int from, int max) {
    int n = 0;
    while (n < max) {
      int step = Math.min(ZEROS.length, max - n);
      int m = Arrays.mismatch(a, from + n, from + n + step, ZEROS, 0, step);
      if (m >= 0) return n + m;
      n += step;
    }
    return n;
  }

  /**
   * {@code dst[d, d + n) = dst[d - bpp, d - bpp + n)} read as if byte by byte (the pixel to the left
   * repeated): copies of one period, then of two, four, ..., each from before its destination.
   */
  private static void repeatLeft(byte[] dst, int d, int n, int bpp) {
    int from = d - bpp;
    int done = 0;
    while (done < n) {
      int c = Math.min(bpp + done, n - done);
      System.arraycopy(dst, from, dst, d + done, c);
      done += c;
    }
  }

  private static void sub(byte[] src, int s, byte[] dst, int d, int len, int bpp) {
    int head = Math.min(bpp, len);
    for (int i = 0; i < head; i++) dst[d + i] = src[s + i];
    int i = head;
    while (i < len) {
      int zeros = 0;
      while (i < len && zeros < RUN) {
        byte r = src[s + i];
        dst[d + i] = (byte) (r + dst[d + i - bpp]);
        zeros = r == 0 ? zeros + 1 : 0;
        i++;
      }
      if (i < len) {
        // a zero residual repeats the pixel to the left
        int z = zeroRun(src, s + i, len - i);
        repeatLeft(dst, d + i, z, bpp);
        i += z;
      }
    }
  }

  private static void average(byte[] src, int s, byte[] dst, int d, byte[] prev, int p,
      int len, int bpp) {
    if (bpp == 1) {
      int a = 0;
      if (prev == null) {
        for (int i = 0; i < len; i++) {
          a = (src[s + i] + (a >>> 1)) & 0xFF;
          dst[d + i] = (byte) a;
        }
      } else {
        for (int i = 0; i < len; i++) {
          // The sum is taken without overflow (9 bits), as §9.3 requires.
          a = (src[s + i] + ((a + (prev[p + i] & 0xFF)) >>> 1)) & 0xFF;
          dst[d + i] = (byte) a;
        }
      }
      return;
    }
    int head = Math.min(bpp, len);
    if (prev == null) {
      for (int i = 0; i < head; i++) dst[d + i] = src[s + i];
      for (int i = bpp; i < len; i++) {
        dst[d + i] = (byte) (src[s + i] + ((dst[d + i - bpp] & 0xFF) >>> 1));
      }
    } else {
      for (int i = 0; i < head; i++) {
        dst[d + i] = (byte) (src[s + i] + ((prev[p + i] & 0xFF) >>> 1));
      }
      for (int i = bpp; i < len; i++) {
        int sum = (dst[d + i - bpp] & 0xFF) + (prev[p + i] & 0xFF);
        dst[d + i] = (byte) (src[s + i] + (sum >>> 1));
      }
    }
  }

  private static void paeth(byte[] src, int s, byte[] dst, int d, byte[] prev, int p,
      int len, int bpp) {
    int head = Math.min(bpp, len);
    for (int i = 0; i < head; i++) {
      dst[d + i] = (byte) (src[s + i] + prev[p + i]);
    }
    paethRuns(src, s, dst, d, prev, p, head, len, bpp);
  }

  /**
   * Paeth from byte {@code i >= bpp} on. In a run of zero residuals: where the left pixel equals
   * the one above it (a == c) the predictor is b, and the next pixel again has a == c, so the rest
   * of the run copies the row above; where the row above repeats its left pixel (b == c) the
   * predictor is a, and the stretch repeats the pixel to the left.
   */
  private static void paethRuns(byte[] src, int s, byte[] dst, int d, byte[] prev, int p, int i,
      int len, int bpp) {
    while (i < len) {
      int zeros = 0;
      while (i < len && zeros < RUN) {
        byte r = src[s + i];
        int a = dst[d + i - bpp] & 0xFF;
        int b = prev[p + i] & 0xFF;
        int c = prev[p + i - bpp] & 0xFF;
        int predicted;
        if (a == c) predicted = b;
        else if (b == c) predicted = a;
        else predicted = paethPredictor(a, b, c);
        dst[d + i] = (byte) (r + predicted);
        zeros = r == 0 ? zeros + 1 : 0;
        i++;
      }
      if (i < len) {
        int z = zeroRun(src, s + i, len - i);
        if (Arrays.equals(dst, d + i - bpp, d + i, prev, p + i - bpp, p + i)) {
          System.arraycopy(prev, p + i, dst, d + i, z);
          i += z;
        } else {
          int m = Arrays.mismatch(prev, p + i, p + i + z, prev, p + i - bpp, p + i - bpp + z);
          int n = m < 0 ? z : m;
          repeatLeft(dst, d + i, n, bpp);
          i += n;
        }
      }
    }
  }

  /** §9.4: the neighbour closest to a + b - c, ties broken in the order a, b, c. */
  static int paethPredictor(int a, int b, int c) {
    int pa = Math.abs(b - c);
    int pb = Math.abs(a - c);
    int pc = Math.abs(a + b - c - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
  }
}
