package dev.overlap.core.png;

import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A zlib (RFC 1950) / DEFLATE (RFC 1951) decoder for streams whose whole output fits one array,
 * written for filtered label-map scanlines: those compress ~90:1 into long matches (runs of zero
 * bytes at distance 1, whole rows at distance = stride), which it copies with
 * {@code System.arraycopy} / {@code Arrays.fill} where zlib copies byte by byte. On generated
 * 2048x1024 maps it inflates several times faster than {@link java.util.zip.Inflater}.
 *
 * <p>It is an accelerator, not an authority: {@link #inflate} returns false for anything it does
 * not fully vouch for (a corrupt stream, an incomplete code set zlib might accept, a missing
 * trailer, more or less data than expected) and writes garbage into the output in that case; the
 * caller then decodes with {@code Inflater}, whose verdict and messages stand. It accepts only
 * streams zlib accepts, with the same output: the header check (method 8, window, FCHECK, no
 * preset dictionary), block types 0-2, the code-length rules of zlib's {@code inflate_table}
 * (over-subscribed sets refused; incomplete sets only as a single one-bit code for literals or
 * distances), symbols 286/287 and distances 30/31 refused, distances within the output written so
 * far, a block-ending code present, and the Adler-32 trailer.
 *
 * <p>Not thread-safe: it keeps decoding tables. Nothing is allocated per stream.
 */
final class WholeInflater {
  /** Bits resolved by one table lookup; longer codes are decoded canonically, bit by bit. */
  private static final int FAST_BITS = 10;
  private static final int MAX_BITS = 15;

  private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
      59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
      5, 5, 5, 5, 0};
  private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
      769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
      11, 11, 12, 12, 13, 13};
  /** RFC 1951 §3.2.7: the order code-length code lengths are stored in. */
  private static final int[] CLEN_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  private final Code litLen = new Code(288);
  private final Code dist = new Code(32);
  private final Code clen = new Code(19);
  private final Code fixedLitLen = new Code(288);
  private final Code fixedDist = new Code(32);
  private final int[] lengths = new int[288 + 32];
  private boolean checkAdler;
  private int trailer;

  // input: a bit buffer filled least significant bit first (RFC 1951 §3.1.1)
  private byte[] in;
  private int inPos;
  private int inEnd;
  private long bits;
  private int bitCount;
  /** Zero bits appended to the buffer past the end of the input; consuming any means truncation. */
  private int padding;

  WholeInflater() {
    int[] l = new int[288];
    Arrays.fill(l, 0, 144, 8);
    Arrays.fill(l, 144, 256, 9);
    Arrays.fill(l, 256, 280, 7);
    Arrays.fill(l, 280, 288, 8);
    boolean ok = fixedLitLen.build(l, 0, 288, false);
    // all 32 five-bit codes, so that 30 and 31 decode and are refused as distances, as zlib does
    Arrays.fill(l, 0, 32, 5);
    ok &= fixedDist.build(l, 0, 32, false);
    assert ok;
  }

  /**
   * Inflates the zlib stream {@code in[off .. off+len)} into {@code out[0 .. expected)}.
   *
   * @return true when the stream is valid, ends with a matching Adler-32 and produces exactly
   *     {@code expected} bytes; false otherwise (then {@code out} holds garbage)
   */
  boolean inflate(byte[] in, int off, int len, byte[] out, int expected) {
    return inflate(in, off, len, out, expected, true);
  }

  /**
   * As {@link #inflate(byte[], int, int, byte[], int)}, but with {@code checkAdler} false the
   * trailer is only read ({@link #trailer()}), for a caller that sums the output with
   * {@link #adler32(int, byte[], int, int)} while it reads it anyway, and compares at the end.
   */
  boolean inflate(byte[] in, int off, int len, byte[] out, int expected, boolean checkAdler) {
    this.checkAdler = checkAdler;
    this.in = in;
    this.inPos = off;
    this.inEnd = off + len;
    this.bits = 0;
    this.bitCount = 0;
    this.padding = 0;
    try {
      return run(out, expected);
    } finally {
      this.in = null;
    }
  }

  private boolean run(byte[] out, int expected) {
    if (inEnd - inPos < 2) return false;
    int cmf = in[inPos] & 0xFF;
    int flg = in[inPos + 1] & 0xFF;
    // RFC 1950 §2.2: deflate, window <= 32 KiB, FCHECK, and no preset dictionary (PNG forbids one)
    if ((cmf & 0x0F) != 8 || (cmf >>> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20) != 0) return false;
    inPos += 2;
    int pos = 0;
    boolean last;
    do {
      last = take(1) == 1;
      int type = take(2);
      if (type == 0) {
        pos = stored(out, pos, expected);
      } else if (type == 1) {
        pos = codes(fixedLitLen, fixedDist, out, pos, expected);
      } else if (type == 2) {
        if (!dynamicCodes()) return false;
        pos = codes(litLen, dist, out, pos, expected);
      } else {
        return false;
      }
      if (pos < 0 || truncated()) return false;
    } while (!last);
    if (pos != expected) return false;
    // the trailer starts at the next byte boundary: drop the partial byte, return whole unread bytes
    take(bitCount & 7);
    inPos -= (bitCount - padding) >>> 3;
    padding = 0;
    bits = 0;
    bitCount = 0;
    if (inEnd - inPos < 4) return false;
    int want = ((in[inPos] & 0xFF) << 24) | ((in[inPos + 1] & 0xFF) << 16) | ((in[inPos + 2] & 0xFF) << 8)
        | (in[inPos + 3] & 0xFF);
    trailer = want;
    return !checkAdler || adler32(1, out, 0, expected) == want;
  }

  /** The Adler-32 the last stream's trailer declares. */
  int trailer() {
    return trailer;
  }

  /**
   * Adler-32 (RFC 1950 §8.2) of {@code b[off .. off+len)}. Label-map scanlines are long runs of one
   * byte value (zeros under Sub, Up or Paeth; the labels themselves under None): a run found by a
   * uniform {@link #ADLER_BLOCK}-byte block is measured with {@link Arrays#mismatch} and summed in
   * closed form, z bytes {@code v} adding {@code z v} to {@code s1} and {@code z s1 + v z (z + 1) / 2}
   * to {@code s2}; the bytes between runs go to zlib's Adler-32 ({@link Adler32}, native) and are
   * combined. (A Java byte loop costs ~3 ns a byte on C1, which runs the jobs.)
   *
   * @param adler the checksum of the bytes before these (1 for none), as zlib chains it
   */
  static int adler32(int adler, byte[] b, int off, int len) {
    long s1 = adler & 0xFFFF;
    long s2 = adler >>> 16;
    int end = off + len;
    int from = off; // b[off, from) is summed
    Adler32 zlib = null;
    int i = off;
    while (end - i >= ADLER_BLOCK) {
      if (Arrays.mismatch(b, i + 1, i + ADLER_BLOCK, b, i, i + ADLER_BLOCK - 1) >= 0) {
        i += ADLER_BLOCK;
        continue;
      }
      byte v = b[i];
      int runStart = i;
      while (runStart > from && b[runStart - 1] == v) runStart--;
      int m = Arrays.mismatch(b, i + ADLER_BLOCK, end, b, i + ADLER_BLOCK - 1, end - 1);
      int runEnd = m < 0 ? end : i + ADLER_BLOCK + m;
      if (runStart > from) {
        if (zlib == null) zlib = new Adler32();
        int combined = combine((int) (s2 << 16 | s1), zlib, b, from, runStart - from);
        s1 = combined & 0xFFFF;
        s2 = combined >>> 16;
      }
      long value = v & 0xFF;
      for (long z = runEnd - runStart; z > 0; ) {
        // pieces of at most ADLER_CHUNK keep the sums below 2^52 before the reduction
        long k = Math.min(z, ADLER_CHUNK);
        s2 = (s2 + k * s1 + value * (k * (k + 1) / 2)) % ADLER_MOD;
        s1 = (s1 + k * value) % ADLER_MOD;
        z -= k;
      }
      from = i = runEnd;
    }
    if (end > from) {
      if (zlib == null) zlib = new Adler32();
      return combine((int) (s2 << 16 | s1), zlib, b, from, end - from);
    }
    return (int) (s2 << 16 | s1);
  }

  /** The Adler-32 {@code adler} continued over {@code b[off, off+n)}: zlib's sum of those bytes, combined. */
  private static int combine(int adler, Adler32 zlib, byte[] b, int off, int n) {
    zlib.reset();
    zlib.update(b, off, n);
    long t = zlib.getValue();
    long s1 = adler & 0xFFFF;
    long s2 = adler >>> 16;
    long nm = n % ADLER_MOD;
    // from (1, 0) zlib reached (1 + S, n + W); from (s1, s2) the same bytes reach (s1 + S, s2 + n s1 + W)
    long r1 = (s1 + (t & 0xFFFF) + ADLER_MOD - 1) % ADLER_MOD;
    long r2 = (s2 + nm * s1 + (t >>> 16) + ADLER_MOD - nm) % ADLER_MOD;
    return (int) (r2 << 16 | r1);
  }

  /** Bytes checked for one repeated value at a time: runs of twice this are always found. */
  private static final int ADLER_BLOCK = 32;
  private static final int ADLER_MOD = 65521;
  private static final int ADLER_CHUNK = 1 << 20;

  /** A stored block (§3.2.4); the new output position, or -1. */
  private int stored(byte[] out, int pos, int limit) {
    take(bitCount & 7);
    int len = take(16);
    int nlen = take(16);
    if (truncated() || (len ^ 0xFFFF) != nlen) return -1;
    // the bit buffer holds whole bytes now: copy those first, then straight from the input
    while (len > 0 && bitCount >= 8) {
      if (pos >= limit) return -1;
      out[pos++] = (byte) take(8);
      len--;
    }
    if (truncated()) return -1;
    if (len > inEnd - inPos || len > limit - pos) return -1;
    System.arraycopy(in, inPos, out, pos, len);
    inPos += len;
    return pos + len;
  }

  /** Reads the code lengths of a dynamic block (§3.2.7) and builds its two codes. */
  private boolean dynamicCodes() {
    int hlit = take(5) + 257;
    int hdist = take(5) + 1;
    int hclen = take(4) + 4;
    if (hlit > 286 || hdist > 30) return false;
    int[] l = lengths;
    Arrays.fill(l, 0, 19, 0);
    for (int i = 0; i < hclen; i++) l[CLEN_ORDER[i]] = take(3);
    if (truncated() || !clen.build(l, 0, 19, false)) return false;
    int n = 0;
    int total = hlit + hdist;
    while (n < total) {
      int sym = decode(clen);
      if (sym < 0) return false;
      if (sym < 16) {
        l[n++] = sym;
        continue;
      }
      int value = 0;
      int repeat;
      if (sym == 16) {
        if (n == 0) return false;
        value = l[n - 1];
        repeat = 3 + take(2);
      } else if (sym == 17) {
        repeat = 3 + take(3);
      } else {
        repeat = 11 + take(7);
      }
      if (n + repeat > total) return false;
      Arrays.fill(l, n, n + repeat, value);
      n += repeat;
    }
    if (truncated() || l[256] == 0) return false; // no end-of-block code
    return litLen.build(l, 0, hlit, true) && dist.build(l, hlit, hdist, true);
  }

  /** Literals and matches until end of block (§3.2.5); the new output position, or -1. */
  private int codes(Code lit, Code dst, byte[] out, int pos, int limit) {
    while (true) {
      int sym = decode(lit);
      if (sym < 256) {
        if (sym < 0 || pos >= limit) return -1;
        out[pos++] = (byte) sym;
        continue;
      }
      if (sym == 256) return pos;
      sym -= 257;
      if (sym >= 29) return -1;
      int len = LENGTH_BASE[sym] + take(LENGTH_EXTRA[sym]);
      int d = decode(dst);
      if (d < 0 || d >= 30) return -1;
      int distance = DIST_BASE[d] + take(DIST_EXTRA[d]);
      if (distance > pos || len > limit - pos || truncated()) return -1;
      int from = pos - distance;
      if (distance >= len) {
        System.arraycopy(out, from, out, pos, len);
      } else if (distance == 1 && len < 64) {
        Arrays.fill(out, pos, pos + len, out[from]);
      } else {
        // overlapping: each copy doubles the repeated span (a long run of one byte too: C1 compiles
        // Arrays.fill as a byte loop, where these copies are a few native memmoves)
        int done = 0;
        while (done < len) {
          int n = Math.min(distance + done, len - done);
          System.arraycopy(out, from, out, pos + done, n);
          done += n;
        }
      }
      pos += len;
    }
  }

  /** The next symbol of {@code c}, or -1 for a bit pattern that is no code. */
  private int decode(Code c) {
    refill();
    int e = c.fast[(int) (bits & ((1 << FAST_BITS) - 1))];
    if (e != 0) {
      drop(e & 0xF);
      return e >>> 4;
    }
    // canonical decoding (codes are stored most significant bit first)
    int code = 0;
    int first = 0;
    int index = 0;
    for (int len = 1; len <= MAX_BITS; len++) {
      code |= take(1);
      int count = c.count[len];
      if (code - first < count) return c.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return -1;
  }

  private void refill() {
    while (bitCount <= 56) {
      if (inPos < inEnd) {
        bits |= (long) (in[inPos++] & 0xFF) << bitCount;
      } else {
        padding += 8;
      }
      bitCount += 8;
    }
  }

  private int take(int n) {
    if (n == 0) return 0;
    if (bitCount < n) refill();
    int v = (int) (bits & ((1L << n) - 1));
    drop(n);
    return v;
  }

  private void drop(int n) {
    bits >>>= n;
    bitCount -= n;
  }

  /** Whether bits past the end of the input were consumed (padding sits above the real bits). */
  private boolean truncated() {
    return bitCount < padding;
  }

  /** A canonical Huffman code: counts per length, symbols in code order, and a lookup table. */
  private static final class Code {
    final int[] count = new int[MAX_BITS + 1];
    final int[] symbols;
    /** Indexed by the next FAST_BITS input bits: {@code symbol << 4 | length}, or 0 for a longer code. */
    final int[] fast = new int[1 << FAST_BITS];
    private final int[] offsets = new int[MAX_BITS + 2];

    Code(int maxSymbols) {
      symbols = new int[maxSymbols];
    }

    /** Builds from {@code n} lengths at {@code l[from]}; false for a set zlib refuses (see the class comment). */
    boolean build(int[] l, int from, int n, boolean singleBitIncompleteOk) {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) count[l[from + i]]++;
      count[0] = 0;
      int left = 1;
      int max = 0;
      for (int len = 1; len <= MAX_BITS; len++) {
        left = (left << 1) - count[len];
        if (left < 0) return false; // over-subscribed
        if (count[len] > 0) max = len;
      }
      // zlib's inflate_table: an incomplete set only as one code of one bit, and never for code lengths
      if (left > 0 && (!singleBitIncompleteOk || max != 1)) return false;
      offsets[1] = 0;
      for (int len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len] + count[len];
      for (int i = 0; i < n; i++) {
        int len = l[from + i];
        if (len != 0) symbols[offsets[len]++] = i;
      }
      Arrays.fill(fast, 0);
      int code = 0;
      int index = 0;
      for (int len = 1; len <= Math.min(max, FAST_BITS); len++) {
        for (int k = 0; k < count[len]; k++) {
          int reversed = Integer.reverse(code) >>> (32 - len);
          int entry = symbols[index] << 4 | len;
          for (int r = reversed; r < (1 << FAST_BITS); r += 1 << len) fast[r] = entry;
          code++;
          index++;
        }
        code <<= 1;
      }
      return true;
    }
  }
}
