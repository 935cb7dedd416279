package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of {@link WholeInflater} against {@link java.util.zip.Inflater} on streams java.util.zip's
 * Deflater never writes: random bits after a zlib header, and mutated streams, each made valid again where
 * zlib can decode its body (the Adler-32 trailer recomputed), so that both sides decode the same mutated content.
 * For every stream and expected size the accelerator either returns exactly zlib's bytes or declines (and the
 * decoder falls back to zlib): a "true" with other bytes than zlib's, or for a stream zlib refuses, would be a
 * wrong label map. Seeded, so a failure names a reproducible iteration.
 */
class WholeInflaterFuzzTest {
  /** What each run saw; the assertions at the end make sure the fuzzing reached both verdicts. */
  private int accepted, declinedValid, refused;

  @Test
  void randomBitsAfterAZlibHeader() {
    SplittableRandom rnd = new SplittableRandom(20261204);
    WholeInflater w = new WholeInflater();
    for (int iter = 0; iter < 20_000; iter++) {
      byte[] body = new byte[1 + rnd.nextInt(iter % 10 == 0 ? 4000 : 200)];
      for (int i = 0; i < body.length; i++) body[i] = (byte) rnd.nextInt(256);
      // bias the first block's header: BFINAL random, BTYPE 0 (stored), 1 (fixed) or 2 (dynamic) equally often
      body[0] = (byte) ((body[0] & ~0x06) | (rnd.nextInt(3) << 1));
      check(w, withTrailerIfDecodable(body, rnd), rnd, "random iteration " + iter);
    }
    assertTrue(accepted > 50, "random streams that both decode: " + accepted);
    assertTrue(refused > 1000, "random streams zlib refuses: " + refused);
  }

  @Test
  void mutatedDeflaterStreams() {
    SplittableRandom rnd = new SplittableRandom(17);
    WholeInflater w = new WholeInflater();
    int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
    for (int iter = 0; iter < 8_000; iter++) {
      byte[] data = WholeInflaterTest.data(rnd, rnd.nextInt(iter % 20 == 0 ? 60_000 : 3000));
      byte[] z = WholeInflaterTest.deflate(data, rnd.nextInt(10), strategies[rnd.nextInt(3)], rnd.nextInt(4) == 0);
      byte[] body = Arrays.copyOfRange(z, 2, z.length - 4);
      if (body.length == 0) continue;
      int mutations = 1 + rnd.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        int at = rnd.nextInt(body.length);
        switch (rnd.nextInt(5)) {
          case 0 -> body[at] ^= (byte) (1 << rnd.nextInt(8));
          case 1 -> body[at] = (byte) rnd.nextInt(256);
          case 2 -> body = Arrays.copyOf(body, Math.max(1, at)); // truncated
          case 3 -> { // a stretch repeated: shifts every later bit
            int len = Math.min(body.length - at, 1 + rnd.nextInt(16));
            byte[] b = Arrays.copyOf(body, body.length + len);
            System.arraycopy(body, at, b, at + len, body.length - at);
            body = b;
          }
          default -> { // a stretch removed
            int len = Math.min(body.length - at - 1, 1 + rnd.nextInt(16));
            if (len > 0) {
              byte[] b = new byte[body.length - len];
              System.arraycopy(body, 0, b, 0, at);
              System.arraycopy(body, at + len, b, at, body.length - at - len);
              body = b;
            }
          }
        }
      }
      // half the time the trailer is made right for whatever the mutated body decodes to; else it is the original
      byte[] stream = rnd.nextBoolean() ? withTrailerIfDecodable(body, rnd) : concat(z, 2, body, z, z.length - 4);
      check(w, stream, rnd, "mutation iteration " + iter);
    }
    assertTrue(accepted > 500, "mutated streams that both decode: " + accepted);
    assertTrue(refused > 500, "mutated streams zlib refuses: " + refused);
  }

  /** The accelerator's verdict on {@code z} at the size zlib produces and at a neighbour, against zlib's. */
  private void check(WholeInflater w, byte[] z, SplittableRandom rnd, String what) {
    int natural = zlibLength(z);
    int[] sizes = natural >= 0 ? new int[] {natural, natural + 1 + rnd.nextInt(3), Math.max(0, natural - 1)}
        : new int[] {rnd.nextInt(5000)};
    for (int expected : sizes) {
      byte[] zlib = WholeInflaterTest.zlibInflate(z, expected);
      byte[] out = new byte[expected];
      int pad = rnd.nextInt(3);
      byte[] in = new byte[pad + z.length + rnd.nextInt(3)];
      System.arraycopy(z, 0, in, pad, z.length);
      boolean ok = w.inflate(in, pad, z.length, out, expected);
      if (ok) {
        assertTrue(zlib != null, what + ": accepted a stream zlib refuses (expected " + expected + " bytes)");
        assertArrayEquals(zlib, out, what + ": bytes differ from zlib's");
        accepted++;
      } else if (zlib != null) {
        declinedValid++; // allowed: the decoder then inflates with zlib
      } else {
        refused++;
      }
    }
  }

  /**
   * A zlib stream around a raw DEFLATE body: when zlib can decode the body to its end, the header is valid and the
   * trailer is the Adler-32 of what it decodes to (so the stream is valid as a whole); otherwise a valid header and
   * a random trailer.
   */
  static byte[] withTrailerIfDecodable(byte[] body, SplittableRandom rnd) {
    byte[] header = {0x78, (byte) 0x9C};
    int[] used = new int[1];
    byte[] decoded = rawInflate(body, used);
    int adler;
    if (decoded != null) {
      Adler32 a = new Adler32();
      a.update(decoded);
      adler = (int) a.getValue();
      // random bits past the final block would sit where the trailer belongs: cut them (mostly)
      if (rnd.nextInt(8) != 0) body = Arrays.copyOf(body, Math.min(body.length, used[0]));
    } else {
      adler = rnd.nextInt();
    }
    byte[] trailer = {(byte) (adler >>> 24), (byte) (adler >>> 16), (byte) (adler >>> 8), (byte) adler};
    return concat(header, 2, body, trailer, 0);
  }

  /** What a raw (headerless) inflater makes of {@code body}, or null if it fails or does not reach the final block. */
  static byte[] rawInflate(byte[] body, int[] used) {
    Inflater inf = new Inflater(true);
    try {
      // a raw inflater may want one byte past the end to finish: give it a zero
      inf.setInput(Arrays.copyOf(body, body.length + 1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        out.write(buf, 0, n);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) return null;
        if (out.size() > 1 << 22) return null;
      }
      used[0] = body.length + 1 - inf.getRemaining();
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inf.end();
    }
  }

  /** How many bytes zlib decodes the whole stream to, or -1 if it refuses it. */
  static int zlibLength(byte[] z) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(z);
      byte[] buf = new byte[8192];
      long n = 0;
      while (!inf.finished()) {
        int r = inf.inflate(buf);
        n += r;
        if (r == 0 && (inf.needsInput() || inf.needsDictionary())) return -1;
        if (n > 1 << 22) return -1;
      }
      return (int) n;
    } catch (DataFormatException e) {
      return -1;
    } finally {
      inf.end();
    }
  }

  static byte[] concat(byte[] a, int aLen, byte[] b, byte[] c, int cFrom) {
    byte[] r = new byte[aLen + b.length + c.length - cFrom];
    System.arraycopy(a, 0, r, 0, aLen);
    System.arraycopy(b, 0, r, aLen, b.length);
    System.arraycopy(c, cFrom, r, aLen + b.length, c.length - cFrom);
    return r;
  }
}
