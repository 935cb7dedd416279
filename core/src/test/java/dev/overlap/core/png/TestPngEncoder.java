package dev.overlap.core.png;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A deliberately plain PNG writer for tests: it applies exactly the filter type it is told on
 * each row (javax.imageio chooses its own), can interlace, split IDAT anywhere and add chunks,
 * so the decoder sees every path. Forward filters are written from the specification's formulas
 * (§9.2, §9.4), independently of the decoder's inverse.
 */
final class TestPngEncoder {
  static final int[] ADAM7_X0 = {0, 4, 0, 2, 0, 1, 0};
  static final int[] ADAM7_Y0 = {0, 0, 4, 0, 2, 0, 1};
  static final int[] ADAM7_DX = {8, 8, 4, 4, 2, 2, 1};
  static final int[] ADAM7_DY = {8, 8, 8, 4, 4, 2, 2};

  private TestPngEncoder() {}

  /** A complete single-channel PNG; {@code filter} maps the running row number to a filter type. */
  static byte[] encode(int width, int height, int bitDepth, int colourType, boolean interlaced,
      int[] labels, IntUnaryOperator filter) {
    byte[] raw = scanlines(width, height, bitDepth, interlaced, labels, filter);
    return png(width, height, bitDepth, colourType, interlaced, zlib(raw), 1 << 20, List.of());
  }

  /** Filtered scanlines (filter byte + packed samples per row, per Adam7 pass) before zlib. */
  static byte[] scanlines(int width, int height, int bitDepth, boolean interlaced, int[] labels,
      IntUnaryOperator filter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bpp = bitDepth == 16 ? 2 : 1;
    int rowNumber = 0;
    int passes = interlaced ? 7 : 1;
    for (int pass = 0; pass < passes; pass++) {
      int x0 = interlaced ? ADAM7_X0[pass] : 0;
      int y0 = interlaced ? ADAM7_Y0[pass] : 0;
      int dx = interlaced ? ADAM7_DX[pass] : 1;
      int dy = interlaced ? ADAM7_DY[pass] : 1;
      if (width <= x0 || height <= y0) continue;
      int pw = (width - x0 + dx - 1) / dx;
      byte[] prev = null;
      for (int y = y0; y < height; y += dy) {
        int[] samples = new int[pw];
        for (int i = 0; i < pw; i++) samples[i] = labels[y * width + x0 + i * dx];
        byte[] row = pack(samples, bitDepth);
        int type = filter.applyAsInt(rowNumber++);
        out.write(type);
        out.writeBytes(applyFilter(type, row, prev, bpp));
        prev = row;
      }
    }
    return out.toByteArray();
  }

  static byte[] pack(int[] samples, int bitDepth) {
    if (bitDepth == 16) {
      byte[] row = new byte[2 * samples.length];
      for (int i = 0; i < samples.length; i++) {
        row[2 * i] = (byte) (samples[i] >> 8);
        row[2 * i + 1] = (byte) samples[i];
      }
      return row;
    }
    byte[] row = new byte[(samples.length * bitDepth + 7) / 8];
    for (int i = 0; i < samples.length; i++) {
      int bit = i * bitDepth;
      row[bit / 8] |= (byte) (samples[i] << (8 - bitDepth - bit % 8));
    }
    return row;
  }

  static byte[] applyFilter(int type, byte[] row, byte[] prev, int bpp) {
    byte[] f = new byte[row.length];
    for (int i = 0; i < row.length; i++) {
      int x = row[i] & 0xFF;
      int a = i >= bpp ? row[i - bpp] & 0xFF : 0;
      int b = prev != null ? prev[i] & 0xFF : 0;
      int c = prev != null && i >= bpp ? prev[i - bpp] & 0xFF : 0;
      f[i] = (byte) (x - predict(type, a, b, c));
    }
    return f;
  }

  /** §9.2's prediction of filter {@code type} from the left, above and upper-left bytes (0 for an invalid type). */
  static int predict(int type, int a, int b, int c) {
    switch (type) {
      case 0: return 0;
      case 1: return a;
      case 2: return b;
      case 3: return (a + b) / 2;
      case 4: return paeth(a, b, c);
      default: return 0; // an invalid type byte, written on purpose by some tests
    }
  }

  /** §9.4 as printed in the specification. */
  static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    if (pb <= pc) return b;
    return c;
  }

  static byte[] zlib(byte[] raw) {
    Deflater d = new Deflater(6);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      int n = d.deflate(buf);
      out.write(buf, 0, n);
    }
    d.end();
    return out.toByteArray();
  }

  /**
   * Assembles signature, IHDR, the given extra chunks, PLTE (palette images), IDAT chunks of at
   * most {@code idatChunkSize} bytes, IEND.
   */
  static byte[] png(int width, int height, int bitDepth, int colourType, boolean interlaced,
      byte[] zlibData, int idatChunkSize, List<byte[]> extraChunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(ihdr(width, height, bitDepth, colourType, interlaced ? 1 : 0));
    for (byte[] c : extraChunks) out.writeBytes(c);
    if (colourType == 3) {
      int entries = 1 << Math.min(bitDepth, 8);
      byte[] plte = new byte[3 * entries];
      for (int i = 0; i < plte.length; i++) plte[i] = (byte) (i * 37 + 11);
      out.writeBytes(chunk("PLTE", plte));
    }
    for (int p = 0; p < zlibData.length; p += idatChunkSize) {
      int n = Math.min(idatChunkSize, zlibData.length - p);
      byte[] data = new byte[n];
      System.arraycopy(zlibData, p, data, 0, n);
      out.writeBytes(chunk("IDAT", data));
    }
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  static byte[] ihdr(int width, int height, int bitDepth, int colourType, int interlace) {
    byte[] d = new byte[13];
    putInt(d, 0, width);
    putInt(d, 4, height);
    d[8] = (byte) bitDepth;
    d[9] = (byte) colourType;
    d[12] = (byte) interlace;
    return chunk("IHDR", d);
  }

  static byte[] chunk(String type, byte[] data) {
    byte[] c = new byte[12 + data.length];
    putInt(c, 0, data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, c, 4, 4);
    System.arraycopy(data, 0, c, 8, data.length);
    CRC32 crc = new CRC32();
    crc.update(c, 4, 4 + data.length);
    putInt(c, 8 + data.length, (int) crc.getValue());
    return c;
  }

  static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }
}
