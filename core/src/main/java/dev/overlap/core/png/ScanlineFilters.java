package dev.overlap.core.png;

/**
 * Reverses the five PNG scanline filters (PNG specification §9.2, filter method 0).
 *
 * <p>Works in place when {@code src == dst && srcOff == dstOff}: every output byte depends only on
 * its own filtered byte and on bytes already reconstructed (left in this row, above in the prior
 * row).
 */
final class ScanlineFilters {
  static final int NONE = 0;
  static final int SUB = 1;
  static final int UP = 2;
  static final int AVERAGE = 3;
  static final int PAETH = 4;

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
    for (int i = 0; i < len; i++) {
      dst[d + i] = (byte) (src[s + i] + prev[p + i]);
    }
  }

  // With one byte per pixel the reconstructed left byte is carried in a register: reloading it
  // from dst would put a store-to-load round trip on every byte's dependency chain.

  private static void sub(byte[] src, int s, byte[] dst, int d, int len, int bpp) {
    if (bpp == 1) {
      int a = 0;
      for (int i = 0; i < len; i++) {
        a = (src[s + i] + a) & 0xFF;
        dst[d + i] = (byte) a;
      }
      return;
    }
    int head = Math.min(bpp, len);
    for (int i = 0; i < head; i++) dst[d + i] = src[s + i];
    for (int i = bpp; i < len; i++) {
      dst[d + i] = (byte) (src[s + i] + dst[d + i - bpp]);
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
    if (bpp == 1) {
      int a = 0;
      int c = 0;
      for (int i = 0; i < len; i++) {
        int b = prev[p + i] & 0xFF;
        // Label maps are mostly flat. a == c makes the distance to b zero (b wins unless b == c,
        // when a == b anyway) and b == c the distance to a: both settle the predictor without the
        // full comparison, and the first does not even depend on the byte just reconstructed.
        int predicted;
        if (a == c) predicted = b;
        else if (b == c) predicted = a;
        else predicted = paethPredictor(a, b, c);
        a = (src[s + i] + predicted) & 0xFF;
        dst[d + i] = (byte) a;
        c = b;
      }
      return;
    }
    int head = Math.min(bpp, len);
    for (int i = 0; i < head; i++) {
      dst[d + i] = (byte) (src[s + i] + prev[p + i]);
    }
    for (int i = bpp; i < len; i++) {
      int a = dst[d + i - bpp] & 0xFF;
      int b = prev[p + i] & 0xFF;
      int c = prev[p + i - bpp] & 0xFF;
      dst[d + i] = (byte) (src[s + i] + paethPredictor(a, b, c));
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
