package dev.overlap.core.png;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** {@link WholeInflater} against java.util.zip: same output on valid streams, never more lenient on bad ones. */
class WholeInflaterTest {

  @Test
  void validStreamsOfEveryLevelStrategyAndShapeInflateExactly() {
    SplittableRandom rnd = new SplittableRandom(42);
    WholeInflater w = new WholeInflater();
    int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
    for (int iter = 0; iter < 300; iter++) {
      byte[] data = data(rnd, iter % 7 == 0 ? rnd.nextInt(300_000) : rnd.nextInt(5000));
      byte[] z = deflate(data, rnd.nextInt(10), strategies[rnd.nextInt(3)], rnd.nextInt(4) == 0);
      assertArrayEquals(data, zlibInflate(z, data.length), "the test's own stream");
      byte[] out = new byte[data.length];
      int pad = rnd.nextInt(5);
      byte[] in = new byte[pad + z.length + rnd.nextInt(5)];
      System.arraycopy(z, 0, in, pad, z.length);
      assertTrue(w.inflate(in, pad, z.length, out, data.length), "iteration " + iter + ", " + data.length + " bytes");
      assertArrayEquals(data, out);
      // one byte more or less than the stream holds is not vouched for
      if (data.length > 0) assertFalse(w.inflate(in, pad, z.length, new byte[data.length + 1], data.length + 1));
      if (data.length > 0) assertFalse(w.inflate(in, pad, z.length, new byte[data.length], data.length - 1));
    }
  }

  @Test
  void aCorruptOrTruncatedStreamIsAcceptedOnlyWhenZlibAcceptsItWithTheSameBytes() {
    SplittableRandom rnd = new SplittableRandom(7);
    WholeInflater w = new WholeInflater();
    int accepted = 0;
    for (int iter = 0; iter < 4000; iter++) {
      byte[] data = data(rnd, rnd.nextInt(3000));
      byte[] z = deflate(data, rnd.nextInt(10), Deflater.DEFAULT_STRATEGY, rnd.nextInt(4) == 0);
      byte[] bad = z.clone();
      switch (rnd.nextInt(3)) {
        case 0 -> bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
        default -> bad = Arrays.copyOf(bad, rnd.nextInt(bad.length));
      }
      // a corrupted header or length may claim another size: try the true one and a neighbour
      int expected = rnd.nextInt(4) == 0 ? Math.max(0, data.length + rnd.nextInt(3) - 1) : data.length;
      byte[] out = new byte[expected];
      if (!w.inflate(bad, 0, bad.length, out, expected)) continue;
      accepted++;
      byte[] zlib = zlibInflate(bad, expected);
      assertTrue(zlib != null, "iteration " + iter + ": accepted a stream zlib refuses");
      assertArrayEquals(zlib, out, "iteration " + iter);
    }
    assertTrue(accepted > 0, "some corruptions are harmless (e.g. in bytes after the trailer)");
  }

  @Test
  void headerFieldsAreChecked() {
    byte[] data = "label label label".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] z = deflate(data, 6, Deflater.DEFAULT_STRATEGY, false);
    WholeInflater w = new WholeInflater();
    byte[] out = new byte[data.length];
    assertTrue(w.inflate(z, 0, z.length, out, data.length));
    byte[] dictionary = z.clone();
    dictionary[1] |= 0x20;
    assertFalse(w.inflate(dictionary, 0, z.length, out, data.length));
    byte[] method = z.clone();
    method[0] = (byte) ((method[0] & 0xF0) | 7);
    assertFalse(w.inflate(method, 0, z.length, out, data.length));
    assertFalse(w.inflate(z, 0, 1, out, data.length));
    assertFalse(w.inflate(z, 0, z.length - 1, out, data.length), "trailer cut");
  }

  @Test
  void adler32MatchesTheJdkOnRunsAndNoiseAtEveryOffset() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int iter = 0; iter < 300; iter++) {
      byte[] data = data(rnd, iter == 0 ? 3_000_000 : rnd.nextInt(20_000));
      int off = data.length == 0 ? 0 : rnd.nextInt(Math.min(16, data.length));
      int len = data.length - off - (data.length - off > 0 ? rnd.nextInt(Math.min(16, data.length - off)) : 0);
      Adler32 a = new Adler32();
      a.update(data, off, len);
      assertEquals((int) a.getValue(), WholeInflater.adler32(1, data, off, len), "iteration " + iter);
    }
    // chained over pieces, as row streams sum it
    byte[] data = data(rnd, 100_000);
    int chained = 1;
    for (int at = 0; at < data.length; at += 2049) {
      chained = WholeInflater.adler32(chained, data, at, Math.min(2049, data.length - at));
    }
    Adler32 whole = new Adler32();
    whole.update(data);
    assertEquals((int) whole.getValue(), chained);
    byte[] max = new byte[5_000_000];
    Arrays.fill(max, (byte) 0xFF);
    Adler32 a = new Adler32();
    a.update(max);
    assertEquals((int) a.getValue(), WholeInflater.adler32(1, max, 0, max.length));
  }

  // ---------------------------------------------------------------- helpers

  /** Label-map-like runs (with rows repeating at a stride), noise, or all one byte. */
  static byte[] data(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    switch (rnd.nextInt(4)) {
      case 0 -> {
        for (int i = 0; i < n; i++) b[i] = (byte) rnd.nextInt(256);
      }
      case 1 -> Arrays.fill(b, (byte) rnd.nextInt(256));
      default -> {
        int stride = 1 + rnd.nextInt(700);
        int i = 0;
        while (i < n) {
          if (i >= stride && rnd.nextInt(3) == 0) {
            int len = Math.min(n - i, 1 + rnd.nextInt(2 * stride));
            for (int j = 0; j < len; j++) b[i + j] = b[i + j - stride];
            i += len;
          } else {
            int len = Math.min(n - i, 1 + rnd.nextInt(120));
            Arrays.fill(b, i, i + len, (byte) rnd.nextInt(20));
            i += len;
          }
        }
      }
    }
    return b;
  }

  static byte[] deflate(byte[] data, int level, int strategy, boolean flushes) {
    Deflater d = new Deflater(level);
    d.setStrategy(strategy);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    if (flushes && data.length > 10) {
      // sync flushes leave empty stored blocks between the pieces
      int cut = data.length / 3;
      d.setInput(data, 0, cut);
      while (true) {
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.write(buf, 0, n);
        if (n < buf.length && d.needsInput()) break;
      }
      d.setInput(data, cut, data.length - cut);
    } else {
      d.setInput(data);
    }
    d.finish();
    while (!d.finished()) out.write(buf, 0, d.deflate(buf));
    d.end();
    return out.toByteArray();
  }

  /** What zlib makes of a stream: exactly {@code expected} bytes and a complete stream, else null. */
  static byte[] zlibInflate(byte[] z, int expected) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(z);
      byte[] out = new byte[expected + 1];
      int n = 0;
      while (n < out.length) {
        int r;
        try {
          r = inf.inflate(out, n, out.length - n);
        } catch (DataFormatException e) {
          return null;
        }
        n += r;
        if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
      }
      return inf.finished() && n == expected ? Arrays.copyOf(out, n) : null;
    } finally {
      inf.end();
    }
  }
}
