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
   * first element that follows a comma at that level, with the newlines from the chunk's start to it and
   * the last of them; where the depth first fell to that level. Inside the array no byte is above its
   * elements' level, so a chunk keeps these only at the lowest level reached so far (level 1 after a
   * '[' that begins the chunk, and the element after it: the array may open there). Primitive arrays, a
   * few KB: it travels from a task to the driver.
   */
  public static final class ChunkSummary implements Serializable {
    private static final long serialVersionUID = 1L;
    long start;
    long end;
    boolean bom;
    long opensAt = UNSET; // the chunk's first byte that is not whitespace, if a '[' seen as it
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
    private final int[] min = new int[2]; // the lowest relative depth so far
    private long head = UNSET; // the chunk's first byte that is not whitespace, when it is a '['
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
      int prev = start == 0 ? -1 : byteAt(start - 1);
      if (ensure(start)) { // within the first buffer: a longer run of whitespace is read whole
        for (int i = (int) (start - bufOff); i < len && bufOff + i < end; i++) {
          if (!whitespace(buf[i])) {
            if (buf[i] == '[') head = bufOff + i;
            break;
          }
        }
      }
      s.opensAt = head;
      long pos = start;
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

    /** Scans {@code buf[i, to)}: both hypotheses while both live, then the one left. */
    private void scanRange(int i, int to) {
      while (i < to && (alive[0] || alive[1])) {
        if (escape) {
          escape = false;
          i++;
        } else if (pending >= 0) {
          i = resolve(i, to, true);
          if (i < 0) return;
        } else {
          i = alive[0] && alive[1] ? both(i, to) : one(i, to);
        }
      }
    }

    /**
     * The hot loop while both hypotheses live: one of them is outside a string and reads the structure,
     * the other is inside one and waits for its quote; a quote swaps them (registers only). Inside the
     * array nothing is above its elements' level, so commas and closing brackets matter only at the
     * lowest level reached so far ({@code d <= m}); a chunk that begins with a '[' may hold the array's
     * opening, after which that level is 1.
     * Returns where to go on: {@code to}, or after a hypothesis died.
     */
    private int both(int i, int to) {
      byte[] b = buf;
      long base = bufOff;
      long[] commas = s.commas;
      long[] first = s.first;
      int p = out;
      int d = depth[p];
      int e = depth[1 - p];
      int m = min[p];
      int me = min[1 - p];
      for (; i < to; i++) {
        int k = CLASS[b[i] & 0xff];
        if (k == 0) continue;
        if (k == QUOTE) {
          int t = d;
          d = e;
          e = t;
          t = m;
          m = me;
          me = t;
          p ^= 1;
        } else if (k == COMMA) {
          if (d == m) {
            int lv = p * LEVELS + MAX_LEVEL;
            commas[lv + d]++;
            if (first[lv + d] == UNSET) {
              saveBoth(p, d, e, m, me);
              await(lv + d, false);
              int at = resolve(i + 1, to, true);
              if (at < 0) return to;
              i = at - 1;
            }
          }
        } else if (k == OPEN) {
          if (++d > MAX_LEVEL) {
            saveBoth(p, d, e, m, me);
            return dieOutside(p, i + 1, false);
          }
          if (base + i == head && p == 0) {
            m = 1; // were this the array's '[': its elements' level, and its first element
            saveBoth(p, d, e, m, me);
            await(p * LEVELS + MAX_LEVEL + 1, true);
            int at = resolve(i + 1, to, true);
            if (at < 0) return to;
            i = at - 1;
          }
        } else if (k == CLOSE) {
          if (--d < m) {
            m = d;
            if (d < -MAX_LEVEL) {
              saveBoth(p, d, e, m, me);
              return dieOutside(p, i + 1, false);
            }
            s.closeAt[p * LEVELS + MAX_LEVEL + d] = base + i;
          }
        } else if (k == NEWLINE) {
          s.newlines[p]++;
          s.lastNewline[p] = base + i;
        } else if (k == BACKSLASH) {
          // not JSON outside a string: that hypothesis is wrong (or the file is); the other, inside a
          // string, skips the escaped byte
          saveBoth(p, d, e, m, me);
          return dieOutside(p, i + 1, true);
        }
      }
      saveBoth(p, d, e, m, me);
      return to;
    }

    private void saveBoth(int p, int d, int e, int m, int me) {
      out = p;
      depth[p] = d;
      depth[1 - p] = e;
      min[p] = m;
      min[1 - p] = me;
    }

    /** Hypothesis {@code p}, outside a string, is wrong; the other one, inside a string, lives on. */
    private int dieOutside(int p, int next, boolean escaped) {
      alive[p] = false;
      live = 1 - p;
      out = -1;
      escape = escaped;
      return next;
    }

    /** The loop for one hypothesis ({@code live}), after the other died or at the file's start. */
    private int one(int i, int to) {
      byte[] b = buf;
      long base = bufOff;
      long[] commas = s.commas;
      long[] first = s.first;
      long[] closeAt = s.closeAt;
      int h = live;
      boolean inString = out < 0;
      int d = depth[h];
      int m = min[h];
      int lv = h * LEVELS + MAX_LEVEL;
      for (; i < to; i++) {
        if (inString) {
          for (; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
              inString = false;
              break;
            }
            if (c == '\\' && ++i == to) escape = true;
          }
          continue;
        }
        int k = CLASS[b[i] & 0xff];
        if (k == 0) continue;
        if (k == QUOTE) {
          inString = true;
        } else if (k == COMMA) {
          if (d == m) {
            commas[lv + d]++;
            if (first[lv + d] == UNSET) {
              saveOne(h, d, m, false);
              await(lv + d, false);
              int at = resolve(i + 1, to, true);
              if (at < 0) return to;
              i = at - 1;
            }
          }
        } else if (k == OPEN) {
          if (++d > MAX_LEVEL) {
            alive[h] = false;
            return to;
          }
          if (base + i == head && h == 0) {
            m = 1; // as in both()
            saveOne(h, d, m, false);
            await(lv + d, true);
            int at = resolve(i + 1, to, true);
            if (at < 0) return to;
            i = at - 1;
          }
        } else if (k == CLOSE) {
          if (--d < m) {
            m = d;
            if (d < -MAX_LEVEL) {
              alive[h] = false;
              return to;
            }
            closeAt[lv + d] = base + i;
          }
        } else if (k == NEWLINE) {
          s.newlines[h]++;
          s.lastNewline[h] = base + i;
        } else if (k == BACKSLASH) {
          alive[h] = false; // outside a string: not JSON
          return to;
        }
      }
      saveOne(h, d, m, inString);
      return i;
    }

    private void saveOne(int h, int d, int m, boolean inString) {
      out = inString ? -1 : h;
      depth[h] = d;
      min[h] = m;
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
        // the '[' must be the file's first byte that is not whitespace, seen by its chunk as such (not
        // after a run of whitespace longer than the scan's buffer: such a file is read whole)
        if (c.firstByte != '[' || c.opensAt != c.firstNonWhitespace) return null;
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
