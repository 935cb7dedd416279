package dev.overlap.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a big results array ({@code [{...}, {...}, ...]}) at result boundaries in parallel: each chunk of
 * the file is scanned once, by its own task, without knowing where it lies in the JSON ({@link #scan});
 * the driver then chains the small summaries in file order ({@link #stitch}) into the same
 * {@link CocoResultsReader.Split}s a serial pass over the structure would give (a result's first byte,
 * its line, that line's first byte, its index), so that readers of the stretches name records and
 * positions as a reader of the whole file does.
 *
 * <p>What a chunk's bytes mean depends on one unknown: whether its first byte lies inside a string.
 * A scan follows both answers at once ({@code h = 0} outside, {@code h = 1} inside): the two are
 * complementary until a backslash outside a string (invalid JSON) ends one of them. Chunk edges never
 * fall right after a backslash ({@link #scan}), so the third lexical state, just after an escape, never
 * has to be guessed. Depths are relative to the chunk's start; what the driver needs at the absolute
 * depth of the top-level array's elements, 1, it reads at the relative level {@code 1 - startDepth}.
 *
 * <p>Lexical rules are {@link dev.overlap.core.json.JsonReader}'s: a string ends at a {@code "} not
 * escaped by a backslash; a line ends at each {@code \n} outside strings (the only place valid JSON has
 * one); whitespace is space, tab, CR, LF; a UTF-8 byte order mark at the file's start is skipped, and
 * line 1 then starts after it. Anything the chained summaries cannot vouch for (not one array, brackets
 * that do not balance, bytes after the array, an unterminated string, a comma with no element after it,
 * nesting beyond {@link #MAX_LEVEL} levels within a chunk) makes {@link #stitch} return null: the caller
 * then reads the file whole, and that reader reports what is wrong where.
 */
public final class ArrayCutter {
  private ArrayCutter() {}

  /** Relative depths a scan follows, {@code -MAX_LEVEL..MAX_LEVEL}; a hypothesis that leaves them is dropped. */
  public static final int MAX_LEVEL = 32;
  static final int LEVELS = 2 * MAX_LEVEL + 1;
  /** A chunk's end state per hypothesis. */
  static final byte OUTSIDE = 0;
  static final byte INSIDE = 1;
  static final byte DEAD = 2;
  static final long UNSET = -1;
  /** A comma (or an opening bracket) followed by no element: {@code [,}, {@code ,]}, {@code ,,}. */
  static final long MALFORMED = -2;

  private static final int BUFFER = 1 << 20;

  private static final byte WS = 1;
  private static final byte NEWLINE = 2;
  private static final byte QUOTE = 3;
  private static final byte BACKSLASH = 4;
  private static final byte OPEN = 5;
  private static final byte CLOSE = 6;
  private static final byte COMMA = 7;
  private static final byte OTHER = 8;
  /** One table load per byte; 0 (digits, letters, most string bytes) needs nothing more. */
  private static final byte[] CLASS = new byte[256];

  static {
    CLASS[' '] = WS;
    CLASS['\t'] = WS;
    CLASS['\r'] = WS;
    CLASS['\n'] = NEWLINE;
    CLASS['"'] = QUOTE;
    CLASS['\\'] = BACKSLASH;
    CLASS['['] = OPEN;
    CLASS['{'] = OPEN;
    CLASS[']'] = CLOSE;
    CLASS['}'] = CLOSE;
    CLASS[','] = COMMA;
  }

  /**
   * What one chunk's bytes, {@code [start, end)}, say about the array's structure under each hypothesis
   * about its first byte ({@code h = 0}: outside a string, {@code 1}: inside). Per hypothesis and
   * relative level (flat index {@code h * LEVELS + level + MAX_LEVEL}): the commas at that level, and the
   * first element that follows a comma (or an opening bracket) at that level, with the newlines from the
   * chunk's start to it and the last of them. Primitive arrays, a few KB: it travels from a task to the
   * driver.
   */
  public static final class ChunkSummary implements Serializable {
    private static final long serialVersionUID = 1L;
    long start;
    long end;
    boolean bom;
    long firstNonWhitespace = UNSET;
    byte firstByte;
    long lastNonWhitespace = UNSET;
    byte[] endState = new byte[2];
    int[] net = new int[2];
    long[] newlines = new long[2];
    long[] lastNewline = {UNSET, UNSET};
    long[] commas = new long[2 * LEVELS];
    long[] first = filled(2 * LEVELS);
    long[] firstCommas = new long[2 * LEVELS];
    long[] firstNewlines = new long[2 * LEVELS];
    long[] firstLastNewline = filled(2 * LEVELS);
    long[] closeAt = filled(2 * LEVELS);

    ChunkSummary() {} // Kryo

    /** The chunk's first byte, after the edge rules of {@link #scan}. */
    public long start() { return start; }

    /** One past the chunk's last byte. */
    public long end() { return end; }

    private static long[] filled(int n) {
      long[] a = new long[n];
      Arrays.fill(a, UNSET);
      return a;
    }
  }

  /** Where the stream for {@link #scan} of a chunk starting at {@code start} must be positioned. */
  public static long readFrom(long start) {
    return start <= 3 ? 0 : start - 1;
  }

  /**
   * The nominal chunk starts of a file: every {@code chunkBytes} bytes from 0.
   */
  public static long[] chunkStarts(long fileLength, long chunkBytes) {
    if (chunkBytes <= 0) throw new IllegalArgumentException("chunkBytes must be positive");
    int n = (int) Math.max(1, (fileLength + chunkBytes - 1) / chunkBytes);
    long[] s = new long[n];
    for (int k = 0; k < n; k++) s[k] = k * chunkBytes;
    return s;
  }

  /**
   * Scans the chunk of a file between the nominal edges {@code start} and {@code end}. An edge right after
   * a backslash moves on until it is not (both neighbours move it alike: it depends on the bytes alone),
   * and an edge inside the file's byte order mark moves past it. The scan reads past {@code end} while an
   * element it must locate has not started yet.
   *
   * @param in the file, positioned at {@link #readFrom(long) readFrom(start)}; not closed
   */
  public static ChunkSummary scan(InputStream in, long start, long end) throws IOException {
    return new Scanner(in, readFrom(start), end - start).run(start, end);
  }

  private static boolean whitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** The scan of one chunk: a buffered forward reader and the two hypotheses' running state. */
  private static final class Scanner {
    private final InputStream in;
    private final byte[] buf;
    private long bufOff; // file offset of buf[0]
    private int len;
    private boolean eof;
    private final ChunkSummary s = new ChunkSummary();
    private final int[] depth = new int[2];
    private final boolean[] alive = {true, true};
    private int out; // the hypothesis now outside a string, or -1: the live one is inside
    private int live; // with one hypothesis left, which
    private boolean escape; // the live hypothesis, inside a string, skips the next byte
    private int pending = -1; // flat level waiting for its first element, of hypothesis `out`
    private boolean pendingOpener;
    private long pendingNewlines;
    private long pendingLastNewline;

    Scanner(InputStream in, long at, long chunkBytes) {
      this.in = in;
      this.bufOff = at;
      // small chunks (tests) need no megabyte; a scan reads on past the end through the same buffer
      this.buf = new byte[(int) Math.min(BUFFER, Math.max(1 << 12, chunkBytes + 1024))];
    }

    /** Makes {@code pos} readable (reading forward only; bytes before it may be dropped); false at the end. */
    private boolean ensure(long pos) throws IOException {
      assert pos >= bufOff;
      while (pos >= bufOff + len) {
        if (eof) return false;
        bufOff += len;
        len = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) eof = true;
        else len = n;
      }
      return true;
    }

    private int byteAt(long pos) throws IOException {
      return ensure(pos) ? buf[(int) (pos - bufOff)] & 0xff : -1;
    }

    ChunkSummary run(long start, long end) throws IOException {
      if (start <= 3) {
        s.bom = byteAt(0) == 0xEF && byteAt(1) == 0xBB && byteAt(2) == 0xBF;
        if (s.bom) {
          start = Math.max(start, 3);
          end = Math.max(end, 3);
        }
      }
      if (start > 0) {
        while (byteAt(start - 1) == '\\') start++;
      }
      if (start == 0 || (s.bom && start == 3)) alive[1] = false; // the file's start is outside any string
      s.start = start;
      long pos = start;
      int prev = start == 0 ? -1 : byteAt(start - 1);
      long limit = end;
      while (alive[0] || alive[1]) {
        if (pos >= limit) {
          if (prev != '\\') break;
          limit = pos + 1;
        }
        if (!ensure(pos)) break;
        int from = (int) (pos - bufOff);
        int to = (int) Math.min(len, limit - bufOff);
        scanRange(from, to);
        if (s.firstNonWhitespace == UNSET) {
          for (int i = from; i < to; i++) {
            if (!whitespace(buf[i])) {
              s.firstNonWhitespace = bufOff + i;
              s.firstByte = buf[i];
              break;
            }
          }
        }
        for (int i = to - 1; i >= from; i--) {
          if (!whitespace(buf[i])) {
            s.lastNonWhitespace = bufOff + i;
            break;
          }
        }
        prev = buf[to - 1] & 0xff;
        pos = bufOff + to;
      }
      s.end = Math.max(pos, start);
      if (pending >= 0) overflow(pos);
      for (int h = 0; h < 2; h++) {
        s.endState[h] = !alive[h] ? DEAD : out == h ? OUTSIDE : INSIDE;
        s.net[h] = depth[h];
      }
      if (escape) s.endState[live] = DEAD; // cannot happen at an edge the rules above chose; never trust it
      return s;
    }

    /** A chunk ended between a comma and its element: reads on, whitespace only, to where it starts. */
    private void overflow(long pos) throws IOException {
      while (pending >= 0) {
        if (!ensure(pos)) {
          s.first[pending] = MALFORMED; // the file ends after a comma
          pending = -1;
          return;
        }
        int from = (int) (pos - bufOff);
        int at = resolve(from, len, false);
        pos = bufOff + (at >= 0 ? at : len);
      }
    }

    /**
     * Steps over whitespace from {@code buf[i]} for the pending element of hypothesis {@code out}; records
     * it at the first other byte and returns that byte's index, or -1 when {@code to} comes first.
     * Newlines count for the chunk only while {@code inChunk}.
     */
    private int resolve(int i, int to, boolean inChunk) {
      int o = out;
      for (; i < to; i++) {
        byte c = buf[i];
        if (c == '\n') {
          pendingNewlines++;
          pendingLastNewline = bufOff + i;
        } else if (c != ' ' && c != '\t' && c != '\r') {
          int p = pending;
          pending = -1;
          if (c == ',' || (!pendingOpener && (c == ']' || c == '}'))) {
            s.first[p] = MALFORMED;
          } else if (c != ']' && c != '}') { // after an opening bracket: an empty array or object
            s.first[p] = bufOff + i;
            s.firstCommas[p] = s.commas[p];
            s.firstNewlines[p] = pendingNewlines;
            s.firstLastNewline[p] = pendingLastNewline;
          }
          if (inChunk) {
            s.newlines[o] = pendingNewlines;
            s.lastNewline[o] = pendingLastNewline;
          }
          return i;
        }
      }
      if (inChunk) {
        s.newlines[o] = pendingNewlines;
        s.lastNewline[o] = pendingLastNewline;
      }
      return -1;
    }

    private void await(int flat, boolean opener) {
      pending = flat;
      pendingOpener = opener;
      pendingNewlines = s.newlines[out];
      pendingLastNewline = s.lastNewline[out];
    }

    /** The hot loop over {@code buf[from, to)}: one table load per byte, state in locals. */
    private void scanRange(int from, int to) {
      byte[] b = buf;
      long base = bufOff;
      int i = from;
      if (escape && i < to) {
        escape = false;
        i++;
      }
      if (pending >= 0) {
        i = resolve(i, to, true);
        if (i < 0) return;
      }
      long[] commas = s.commas;
      long[] first = s.first;
      long[] closeAt = s.closeAt;
      int o = out;
      int d = o >= 0 ? depth[o] : 0;
      int lv = o * LEVELS + MAX_LEVEL;
      for (; i < to; i++) {
        int k = CLASS[b[i] & 0xff];
        if (k == 0 || k == WS) continue;
        if (o < 0) { // the live hypothesis is inside a string
          if (k == QUOTE) {
            o = live;
            d = depth[o];
            lv = o * LEVELS + MAX_LEVEL;
          } else if (k == BACKSLASH) {
            if (++i == to) escape = true;
          }
          continue;
        }
        switch (k) {
          case QUOTE -> {
            depth[o] = d;
            if (alive[1 - o]) {
              o = 1 - o;
              d = depth[o];
              lv = o * LEVELS + MAX_LEVEL;
            } else {
              live = o;
              o = -1;
            }
          }
          case BACKSLASH -> {
            // outside a string a backslash is not JSON: that hypothesis is wrong (or the file is bad);
            // for the other, inside a string, it escapes the next byte
            depth[o] = d;
            alive[o] = false;
            if (!alive[1 - o]) {
              out = -1;
              return;
            }
            live = 1 - o;
            o = -1;
            if (++i == to) escape = true;
          }
          case OPEN -> {
            if (++d > MAX_LEVEL) {
              depth[o] = d;
              alive[o] = false;
              if (!alive[1 - o]) {
                out = -1;
                return;
              }
              live = 1 - o;
              o = -1;
            } else if (first[lv + d] == UNSET) {
              out = o;
              await(lv + d, true);
              int at = resolve(i + 1, to, true);
              if (at < 0) {
                depth[o] = d;
                return;
              }
              i = at - 1;
            }
          }
          case CLOSE -> {
            if (--d < -MAX_LEVEL) {
              depth[o] = d;
              alive[o] = false;
              if (!alive[1 - o]) {
                out = -1;
                return;
              }
              live = 1 - o;
              o = -1;
            } else if (closeAt[lv + d] == UNSET) {
              closeAt[lv + d] = base + i;
            }
          }
          case COMMA -> {
            commas[lv + d]++;
            if (first[lv + d] == UNSET) {
              out = o;
              await(lv + d, false);
              int at = resolve(i + 1, to, true);
              if (at < 0) {
                depth[o] = d;
                return;
              }
              i = at - 1;
            }
          }
          case NEWLINE -> {
            s.newlines[o]++;
            s.lastNewline[o] = base + i;
          }
          default -> {
            // a number's or a literal's byte
          }
        }
      }
      out = o;
      if (o >= 0) depth[o] = d;
    }
  }

  /**
   * Chains the summaries of a file's chunks, in file order, into cuts: in each chunk, the first result
   * that follows a comma of the top-level array (or, in the chunk holding the {@code [}, its first
   * result), with its index, line and line start counted over the chunks before. A chunk with none (one
   * long result) gives no cut.
   *
   * @return the cuts, the first at result 0 (none for an empty array), or null when the summaries do not
   *     describe one well-formed JSON array (see the class comment)
   */
  public static List<CocoResultsReader.Split> stitch(ChunkSummary[] chunks) {
    if (chunks.length == 0) return null;
    List<CocoResultsReader.Split> out = new ArrayList<>();
    byte state = OUTSIDE;
    int depth = 0; // absolute, at the chunk's start
    long commasBefore = 0; // top-level commas in the chunks before
    long newlinesBefore = 0;
    long lineStart = chunks[0].bom ? 3 : 0;
    boolean begun = false; // the first byte that is not whitespace, which must be the array's '['
    boolean closed = false;
    long expectStart = chunks[0].start;
    if (expectStart != (chunks[0].bom ? 3 : 0)) return null;
    for (ChunkSummary c : chunks) {
      if (c.start != expectStart) return null;
      expectStart = c.end;
      int h = state; // OUTSIDE: hypothesis 0, INSIDE: 1
      if (c.endState[h] == DEAD) return null;
      if (closed) {
        if (c.lastNonWhitespace != UNSET) return null; // bytes after the array
        continue;
      }
      if (!begun && c.firstNonWhitespace != UNSET) {
        if (c.firstByte != '[') return null;
        begun = true;
      }
      int level = 1 - depth;
      if (level < -MAX_LEVEL || depth > MAX_LEVEL) return null;
      int flat = h * LEVELS + level + MAX_LEVEL;
      // depths move by one: going below 0 passes through -1
      if (depth + 1 <= MAX_LEVEL && c.closeAt[h * LEVELS - depth - 1 + MAX_LEVEL] != UNSET) return null;
      long at = c.first[flat];
      if (at == MALFORMED) return null;
      if (at != UNSET) {
        long index = commasBefore + c.firstCommas[flat];
        if (out.isEmpty() ? index != 0 : at <= out.get(out.size() - 1).offset()) return null;
        long last = c.firstLastNewline[flat];
        out.add(new CocoResultsReader.Split(at, 1 + newlinesBefore + c.firstNewlines[flat],
            last != UNSET ? last + 1 : lineStart, index));
      }
      long close = c.closeAt[h * LEVELS - depth + MAX_LEVEL];
      if (begun && close != UNSET) {
        if (c.lastNonWhitespace != close) return null; // bytes after the array's ']'
        closed = true;
      }
      commasBefore += c.commas[flat];
      newlinesBefore += c.newlines[h];
      if (c.lastNewline[h] != UNSET) lineStart = c.lastNewline[h] + 1;
      depth += c.net[h];
      state = c.endState[h];
    }
    if (!closed || state != OUTSIDE || depth != 0) return null;
    return out;
  }
}
