package dev.overlap.jobs.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the lines of one byte range of a text file, with Hadoop's split rule: a line belongs to the
 * range that holds its first byte. Exposes each line as a slice of an internal buffer (no String per
 * line) and the byte offset where it starts.
 */
public final class LineSplitReader implements Closeable {
  private final InputStream in;
  private final long end;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private long bufStart; // file offset of buf[0]
  private byte[] line = new byte[1024];
  private int lineLen;
  private long lineStart;
  private boolean eof;

  /**
   * @param in the file, positioned at {@code start - 1} when start > 0, else at 0
   * @param start first byte of the range
   * @param end one past the last byte of the range (Long.MAX_VALUE: to the end of the file)
   */
  public LineSplitReader(InputStream in, long start, long end) throws IOException {
    this.in = in;
    this.end = end;
    if (start > 0) {
      bufStart = start - 1;
      // the previous byte decides: after a newline, the first line starts exactly at start
      int b = readByte();
      if (b != '\n') skipLine();
    }
  }

  /** Advances to the next line of the range; false at its end. */
  public boolean next() throws IOException {
    if (pos >= lim && !fill()) return false;
    if (bufStart + pos >= end) return false;
    lineStart = bufStart + pos;
    lineLen = 0;
    while (true) {
      if (pos >= lim && !fill()) break;
      int i = pos;
      while (i < lim && buf[i] != '\n') i++;
      append(buf, pos, i - pos);
      if (i < lim) {
        pos = i + 1;
        break;
      }
      pos = lim;
    }
    if (lineLen > 0 && line[lineLen - 1] == '\r') lineLen--;
    return true;
  }

  public byte[] line() { return line; }
  public int lineLength() { return lineLen; }
  /** File offset of the current line's first byte. */
  public long lineStart() { return lineStart; }

  /**
   * Longest line (one record) read: the line buffer doubles to hold it, so a file that is one endless
   * line (a few MB of gzip can inflate to GBs) would exhaust the heap before any parser saw it.
   */
  public static final int MAX_LINE_BYTES = dev.overlap.core.json.JsonReader.MAX_TOKEN_BYTES;

  private void append(byte[] src, int off, int n) {
    if (lineLen + n > MAX_LINE_BYTES) {
      throw new dev.overlap.core.io.InvalidInputException(null, "line at byte " + lineStart, null,
          "longer than " + (MAX_LINE_BYTES >> 20) + " MiB (the largest record read)");
    }
    if (lineLen + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
    System.arraycopy(src, off, line, lineLen, n);
    lineLen += n;
  }

  private int readByte() throws IOException {
    if (pos >= lim && !fill()) return -1;
    return buf[pos++] & 0xff;
  }

  private void skipLine() throws IOException {
    while (true) {
      if (pos >= lim && !fill()) return;
      while (pos < lim) {
        if (buf[pos++] == '\n') return;
      }
    }
  }

  private boolean fill() throws IOException {
    if (eof) return false;
    bufStart += lim;
    pos = 0;
    lim = 0;
    int n = in.read(buf, 0, buf.length);
    while (n == 0) n = in.read(buf, 0, buf.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
