package dev.overlap.jobs.segmentation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A plain PNG writer for tests and generated benchmark data (PNG specification §5, §11.2.2): filter
 * type None on every row, one IDAT, any colour type, so that tests can also write the files a label
 * map must not be (RGB, gray+alpha) and headers that lie about the size.
 */
public final class PngWriter {
  private PngWriter() {}

  /** An 8-bit grayscale PNG of {@code labels} (row-major, one byte per pixel) at zlib {@code level}. */
  public static byte[] gray8(int width, int height, byte[] labels, int level) {
    byte[] raw = new byte[height * (width + 1)];
    for (int y = 0; y < height; y++) System.arraycopy(labels, y * width, raw, y * (width + 1) + 1, width);
    return png(width, height, 8, 0, null, deflate(raw, level));
  }

  /**
   * A PNG whose samples are {@code samples} (row-major; per pixel {@code channels} values for colour
   * types 2 and 4), at bit depth 8 or 16.
   *
   * @param palette PLTE entries for colour type 3 (may be null otherwise)
   */
  public static byte[] encode(int width, int height, int bitDepth, int colourType, int[] samples, int[] palette) {
    int channels = colourType == 2 ? 3 : colourType == 4 ? 2 : colourType == 6 ? 4 : 1;
    int bytesPerSample = bitDepth == 16 ? 2 : 1;
    int rowBytes = width * channels * bytesPerSample;
    byte[] raw = new byte[height * (rowBytes + 1)];
    for (int y = 0; y < height; y++) {
      int at = y * (rowBytes + 1) + 1;
      for (int i = 0; i < width * channels; i++) {
        int v = samples[y * width * channels + i];
        if (bytesPerSample == 2) {
          raw[at++] = (byte) (v >>> 8);
          raw[at++] = (byte) v;
        } else {
          raw[at++] = (byte) v;
        }
      }
    }
    return png(width, height, bitDepth, colourType, palette, deflate(raw, 6));
  }

  /** Signature, IHDR, optional PLTE, one IDAT holding {@code zlib}, IEND. */
  public static byte[] png(int width, int height, int bitDepth, int colourType, int[] palette, byte[] zlib) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(zlib.length + 64);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = (byte) bitDepth;
    ihdr[9] = (byte) colourType;
    chunk(out, "IHDR", ihdr);
    if (palette != null) {
      byte[] plte = new byte[3 * palette.length];
      for (int i = 0; i < palette.length; i++) {
        plte[3 * i] = (byte) (palette[i] >>> 16);
        plte[3 * i + 1] = (byte) (palette[i] >>> 8);
        plte[3 * i + 2] = (byte) palette[i];
      }
      chunk(out, "PLTE", plte);
    }
    chunk(out, "IDAT", zlib);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** zlib-compresses {@code raw} at {@code level}. */
  public static byte[] deflate(byte[] raw, int level) {
    Deflater d = new Deflater(level);
    try {
      d.setInput(raw);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
      byte[] buf = new byte[1 << 16];
      while (!d.finished()) out.write(buf, 0, d.deflate(buf));
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
