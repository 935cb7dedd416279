package dev.overlap.bench;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal JSON writer for generated files: ASCII names, numbers and counts strings only, written
 * straight to a buffered stream (the 100k-image set is ~1 GB of JSON; nothing is held in memory).
 */
final class JsonOut implements Closeable {
  private final OutputStream out;
  private final byte[] digits = new byte[20];

  JsonOut(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Raw ASCII text (punctuation, names with their quotes). */
  JsonOut raw(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) write(s.charAt(i));
    return this;
  }

  JsonOut ch(char c) {
    write(c);
    return this;
  }

  /** A quoted string; the generators only write characters that need no escaping. */
  JsonOut str(String s) {
    write('"');
    raw(s);
    write('"');
    return this;
  }

  JsonOut num(long v) {
    if (v < 0) {
      write('-');
      v = -v;
    }
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) write(digits[--n]);
    return this;
  }

  /**
   * A value held as hundredths, written as {@code 212.65}, {@code 212.6} or {@code 212.0}: COCO files
   * carry coordinates to two decimals, and {@code hundredths / 100.0} is the double a reader parses.
   */
  JsonOut hundredths(long h) {
    if (h < 0) {
      write('-');
      h = -h;
    }
    num(h / 100);
    write('.');
    long f = h % 100;
    write('0' + (int) (f / 10));
    if (f % 10 != 0) write('0' + (int) (f % 10));
    return this;
  }

  /** Any double, in Java's round-tripping form. */
  JsonOut dbl(double v) {
    return raw(Double.toString(v));
  }

  private void write(int b) {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
