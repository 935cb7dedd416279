package dev.overlap.core.json;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming pull parser for one JSON value (RFC 8259) encoded as UTF-8, in the style of Gson's
 * {@code JsonReader}: {@link #peek()} says what comes next, {@code nextX()} consumes it.
 *
 * <p>Input is either an {@link InputStream}, read through a 64 KiB buffer that only grows when a
 * single token is longer than the buffer (up to {@link #MAX_TOKEN_BYTES}; nesting is bounded by
 * {@link #MAX_DEPTH}, so one value never costs more memory than that), or a {@code byte[]} slice used in place (one JSON Lines
 * line). A UTF-8 byte order mark is skipped. Beyond RFC 8259, the literals {@code NaN},
 * {@code Infinity} and {@code -Infinity} that Python's {@code json.dump} writes are read as
 * {@link JsonToken#NUMBER}s so that callers can reject them with a message of their own.
 *
 * <p>Numbers: {@link #nextDouble()} returns exactly {@code Double.parseDouble} of the token (what
 * Python's {@code json} returns). Without building a string, the token is read as a decimal
 * mantissa of at most 18 significant digits and a power of ten, then tried on two fast paths.
 * First, when the mantissa is at most 2^53 and the power within ±22, both are exact doubles and
 * one IEEE multiplication or division rounds correctly (Clinger's fast path). Otherwise, for
 * powers in [-342, 308], the Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per
 * Second", 2021; as in simdjson and fast_float) multiplies the mantissa by a 128-bit truncated
 * power of five and rounds the top 54 bits of the product; this covers the 16-17 digit numbers
 * that Python's {@code repr} writes. Numbers with more than 18 significant digits, zeros with a
 * power beyond ±22, results that would be subnormal or infinite, and the rare products whose
 * rounding the algorithm cannot decide (possibly exactly halfway between two doubles, or too close
 * to a rounding boundary) go through {@code Double.parseDouble} on the token's characters.
 *
 * <p>Malformed or truncated input throws {@link JsonSyntaxException} with the line and column of
 * the offending byte (columns count bytes, both are 1-based). Asking for a token of another kind
 * than {@link #peek()} reports throws {@link IllegalStateException}. Read failures of the stream
 * are rethrown as {@link UncheckedIOException}. Strings that {@link #skipValue()} skips are
 * checked for their end only, not for valid escapes or UTF-8.
 */
public final class JsonReader implements Closeable {
  /** Size of the read buffer for stream input. */
  public static final int BUFFER_SIZE = 1 << 16;

  private static final int EMPTY_DOCUMENT = 0;
  private static final int NONEMPTY_DOCUMENT = 1;
  private static final int EMPTY_ARRAY = 2;
  private static final int NONEMPTY_ARRAY = 3;
  private static final int EMPTY_OBJECT = 4;
  private static final int DANGLING_NAME = 5;
  private static final int NONEMPTY_OBJECT = 6;
  private static final int CLOSED = 7;

  private static final int NOT_SPECIAL = 0;
  private static final int NAN = 1;
  private static final int POSITIVE_INFINITY = 2;
  private static final int NEGATIVE_INFINITY = 3;

  /** Reads smaller than this move the unread bytes to the front of the buffer first. */
  private static final int MIN_READ = 4096;
  /**
   * Nesting limit (Jackson's default): COCO files nest five levels deep; a stream of brackets from a
   * small gzip would otherwise grow the scope stack until the heap is gone.
   */
  public static final int MAX_DEPTH = 1000;
  /**
   * Longest single token (string or number) a stream may hold: the buffer doubles to hold one, so an
   * unbounded token from a small gzip would exhaust the heap. Real RLE strings are a few MiB.
   */
  public static final int MAX_TOKEN_BYTES = 64 << 20;
  /** Mantissa digits kept exactly; 18 decimal digits always fit a long. */
  private static final int MAX_MANTISSA_DIGITS = 18;
  private static final long TWO_TO_53 = 1L << 53;
  private static final double[] EXACT_POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long[] LONG_POWERS_OF_TEN = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
    1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
    100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
    100_000_000_000_000_000L, 1_000_000_000_000_000_000L
  };
  /**
   * Decimal exponents of the Eisel-Lemire table: any mantissa below 2^64 times 10^-343 rounds to
   * zero, and any nonzero one times 10^309 is infinite.
   */
  private static final int MIN_POWER_OF_TEN = -342;
  private static final int MAX_POWER_OF_TEN = 308;
  /** Truncated 128-bit powers of five, high and low 64 bits, index q + 342. */
  private static final long[] POWER_OF_FIVE_HIGH = new long[MAX_POWER_OF_TEN - MIN_POWER_OF_TEN + 1];
  private static final long[] POWER_OF_FIVE_LOW = new long[MAX_POWER_OF_TEN - MIN_POWER_OF_TEN + 1];

  static {
    // Computed as fast_float's script/table_generation.py defines the table (a few ms at class load).
    BigInteger five = BigInteger.valueOf(5);
    for (int q = MIN_POWER_OF_TEN; q <= MAX_POWER_OF_TEN; q++) {
      BigInteger c;
      if (q >= 0) {
        // 5^q with its leading 1 moved to bit 127, lower bits truncated.
        c = five.pow(q);
        int shift = 128 - c.bitLength();
        c = shift >= 0 ? c.shiftLeft(shift) : c.shiftRight(-shift);
      } else {
        // 2^b / 5^-q rounded up (floor + 1), with z = ceil(log2(5^-q)); b = z + 127 gives the 128
        // bits directly, the deeper powers get 2z + 128 bits and are truncated to 128 below.
        BigInteger power5 = five.pow(-q);
        int z = power5.subtract(BigInteger.ONE).bitLength();
        int b = q >= -27 ? z + 127 : 2 * z + 128;
        c = BigInteger.ONE.shiftLeft(b).divide(power5).add(BigInteger.ONE);
      }
      // Halving until below 2^128, in one shift.
      if (c.bitLength() > 128) c = c.shiftRight(c.bitLength() - 128);
      POWER_OF_FIVE_HIGH[q - MIN_POWER_OF_TEN] = c.shiftRight(64).longValue();
      POWER_OF_FIVE_LOW[q - MIN_POWER_OF_TEN] = c.longValue();
    }
  }

  private static final int NAME_CACHE_SIZE = 256;
  private static final int MAX_CACHED_NAME = 32;

  private final InputStream in;
  private byte[] buf;
  private int pos;
  private int limit;
  /** Offset of {@code buf[0]} from the start of the input. */
  private long bufBase;
  private boolean eof;
  /** Index in {@code buf} that a refill must keep, or -1. */
  private int markPos = -1;

  private long line = 1;
  private long lineStart;
  private long tokenOffset;
  private long tokenLine = 1;
  private long tokenLineStart;

  private int[] stack = new int[32];
  private int stackSize;
  private JsonToken peeked;

  private int numStart;
  private int numEnd;
  private boolean numNegative;
  private boolean numExact;
  private long numMantissa;
  private int numExponent;
  private int numSpecial;

  /** Scratch for strings that need decoding; allocated on first use, so a slice reader stays small. */
  private char[] chars;
  private byte[][] nameKeys;
  private String[] nameValues;

  /**
   * Reads one JSON value from a UTF-8 stream, buffering {@link #BUFFER_SIZE} bytes at a time.
   * {@link #close()} closes the stream.
   */
  public JsonReader(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
    this.buf = new byte[BUFFER_SIZE];
    this.nameKeys = new byte[NAME_CACHE_SIZE][];
    this.nameValues = new String[NAME_CACHE_SIZE];
    stack[stackSize++] = EMPTY_DOCUMENT;
  }

  /**
   * Reads one JSON value from {@code buf[off, off + len)} in place, without copying; the bytes must
   * not change while the reader is in use. Offsets, lines and columns count from {@code off}.
   */
  public JsonReader(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    this.in = null;
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    this.bufBase = -off;
    this.lineStart = 0;
    this.eof = true;
    stack[stackSize++] = EMPTY_DOCUMENT;
  }

  /**
   * A reader that starts inside an array of a larger document, at one of its elements: {@code in}
   * is positioned at the element's first byte, which lies at byte {@code offset} of the document, on
   * line {@code line} starting at byte {@code lineStart}, so that offsets, lines and columns read as in
   * the whole document. It reads that element and the ones after it; {@link #hasNext()} turns false
   * at the array's closing bracket, and nothing after it is read. For reading one stretch of a big
   * array in parallel with others, from offsets a first pass recorded ({@link #byteOffset()}).
   */
  public static JsonReader atArrayElement(InputStream in, long offset, long line, long lineStart) {
    JsonReader r = new JsonReader(in);
    r.stack[0] = NONEMPTY_DOCUMENT;
    r.push(EMPTY_ARRAY);
    r.bufBase = offset;
    r.line = line;
    r.lineStart = lineStart;
    return r;
  }

  /** Byte offset of the first byte of the current token's line (see {@link #column()}). */
  public long lineStartOffset() { return tokenLineStart; }

  /** The kind of the next token, without consuming it. */
  public JsonToken peek() {
    JsonToken t = peeked;
    return t != null ? t : doPeek();
  }

  /** Consumes a <code>{</code>. */
  public void beginObject() {
    expect(JsonToken.BEGIN_OBJECT);
    push(EMPTY_OBJECT);
    peeked = null;
  }

  /** Consumes a <code>}</code>. */
  public void endObject() {
    expect(JsonToken.END_OBJECT);
    stackSize--;
    peeked = null;
  }

  /** Consumes a {@code [}. */
  public void beginArray() {
    expect(JsonToken.BEGIN_ARRAY);
    push(EMPTY_ARRAY);
    peeked = null;
  }

  /** Consumes a {@code ]}. */
  public void endArray() {
    expect(JsonToken.END_ARRAY);
    stackSize--;
    peeked = null;
  }

  /** True unless the next token ends the current object, array or document. */
  public boolean hasNext() {
    JsonToken t = peek();
    return t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY && t != JsonToken.END_DOCUMENT;
  }

  /**
   * Consumes a member name. Short ASCII names of a stream are served from a small cache, so
   * repeated keys do not allocate.
   */
  public String nextName() {
    expect(JsonToken.NAME);
    String s = readString(nameKeys != null);
    peeked = null;
    return s;
  }

  /** Consumes a string value, with every escape of RFC 8259 §7 decoded. */
  public String nextString() {
    expect(JsonToken.STRING);
    String s = readString(false);
    peeked = null;
    return s;
  }

  /**
   * Consumes a number: exactly {@code Double.parseDouble} of its text, so the same double as
   * Python's {@code json}; {@code NaN}, {@code Infinity} and {@code -Infinity} give those values.
   */
  public double nextDouble() {
    expect(JsonToken.NUMBER);
    double v;
    if (numSpecial != NOT_SPECIAL) {
      v = numSpecial == NAN ? Double.NaN
          : numSpecial == POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    } else if (numExact && numMantissa <= TWO_TO_53 && numExponent >= -22 && numExponent <= 22) {
      // Clinger's fast path: both operands exact, so the one rounding IEEE does is the right one.
      v = numMantissa;
      if (numExponent > 0) {
        v *= EXACT_POWERS_OF_TEN[numExponent];
      } else if (numExponent < 0) {
        v /= EXACT_POWERS_OF_TEN[-numExponent];
      }
      if (numNegative) v = -v;
    } else if (numExact && numMantissa != 0
        && numExponent >= MIN_POWER_OF_TEN && numExponent <= MAX_POWER_OF_TEN) {
      v = eiselLemire(numMantissa, numExponent, numNegative);
      // NaN: undecided, subnormal or infinite; the JDK's exact conversion settles it.
      if (v != v) v = Double.parseDouble(numberText());
    } else {
      v = Double.parseDouble(numberText());
    }
    peeked = null;
    return v;
  }

  /**
   * Consumes a number that is an integer in the range of {@code long}; integral spellings such as
   * {@code 1.0} and {@code 1e3} are accepted. A fractional or out-of-range number throws
   * {@link NumberFormatException} with a message naming the number, and is not consumed.
   */
  public long nextLong() {
    expect(JsonToken.NUMBER);
    long v;
    if (numSpecial != NOT_SPECIAL) {
      throw new NumberFormatException("expected an integer, found " + numberText());
    } else if (numMantissa == 0) {
      // Only all-zero digits leave the mantissa at 0, whatever the exponent.
      v = 0;
    } else if (numExact) {
      v = exactLong();
    } else {
      v = slowLong();
    }
    peeked = null;
    return v;
  }

  /** Consumes {@code true} or {@code false}. */
  public boolean nextBoolean() {
    JsonToken t = peek();
    if (t != JsonToken.TRUE && t != JsonToken.FALSE) throw wrongToken("TRUE or FALSE", t);
    peeked = null;
    return t == JsonToken.TRUE;
  }

  /** Consumes {@code null}. */
  public void nextNull() {
    expect(JsonToken.NULL);
    peeked = null;
  }

  /** Consumes a number as {@link #nextDouble()} does, or {@code null}, which gives {@code valueIfNull}. */
  public double nextNumberOrNull(double valueIfNull) {
    if (peek() == JsonToken.NULL) {
      peeked = null;
      return valueIfNull;
    }
    return nextDouble();
  }

  /**
   * Skips the next value with everything nested in it; at a {@link JsonToken#NAME}, skips the name
   * and its value. Skipped strings and numbers are never materialised.
   */
  public void skipValue() {
    int depth = 0;
    boolean pendingValue;
    do {
      pendingValue = false;
      JsonToken t = peek();
      switch (t) {
        case BEGIN_ARRAY:
          beginArray();
          depth++;
          break;
        case BEGIN_OBJECT:
          beginObject();
          depth++;
          break;
        case END_ARRAY:
          if (depth == 0) throw wrongToken("a value", t);
          endArray();
          depth--;
          break;
        case END_OBJECT:
          if (depth == 0) throw wrongToken("a value", t);
          endObject();
          depth--;
          break;
        case NAME:
          skipString();
          peeked = null;
          pendingValue = depth == 0;
          break;
        case STRING:
          skipString();
          peeked = null;
          break;
        case NUMBER:
        case TRUE:
        case FALSE:
        case NULL:
          peeked = null;
          break;
        default:
          throw wrongToken("a value", t);
      }
    } while (depth > 0 || pendingValue);
  }

  private static final byte QUOTE = 1;
  private static final byte OPEN = 2;
  private static final byte CLOSE = 3;
  private static final byte NEWLINE = 4;
  /** What a byte means to {@link #skipValueQuickly()}: one table load, then one branch for most bytes. */
  private static final byte[] STRUCTURE = new byte[256];

  static {
    STRUCTURE['"'] = QUOTE;
    STRUCTURE['['] = OPEN;
    STRUCTURE['{'] = OPEN;
    STRUCTURE[']'] = CLOSE;
    STRUCTURE['}'] = CLOSE;
    STRUCTURE['\n'] = NEWLINE;
  }

  /**
   * Skips the next value like {@link #skipValue()}, following only its structure inside arrays and
   * objects: strings and nesting are tracked, numbers and literals are stepped over unchecked, and a
   * mismatched closing bracket is caught only at the outermost level. For a pass over bytes that a
   * later pass reads again with every check (the driver's categories-only pass over a ground-truth
   * file): several times faster than tokenising each number.
   */
  public void skipValueQuickly() {
    JsonToken t = peek();
    if (t == JsonToken.NAME) {
      skipString();
      peeked = null;
      t = peek();
    }
    if (t != JsonToken.BEGIN_ARRAY && t != JsonToken.BEGIN_OBJECT) {
      skipValue();
      return;
    }
    boolean array = t == JsonToken.BEGIN_ARRAY;
    if (array) beginArray();
    else beginObject();
    int depth = 1;
    while (true) {
      byte[] b = buf;
      int p = pos;
      int end = limit;
      while (p < end) {
        byte c = b[p++];
        int k = STRUCTURE[c & 0xff];
        if (k == 0) continue; // most bytes: digits, separators, letters
        if (k == QUOTE) {
          pos = p;
          skipString();
          b = buf;
          p = pos;
          end = limit;
        } else if (k == OPEN) {
          depth++;
        } else if (k == CLOSE) {
          if (--depth == 0) {
            pos = p - 1;
            if (array) endArray();
            else endObject();
            return;
          }
        } else {
          line++;
          lineStart = bufBase + p;
        }
      }
      pos = p;
      if (!fill()) throw unexpected(-1, null);
    }
  }

  /**
   * How many arrays and objects are open around the next token: 0 at the top level, 1 inside the
   * top-level array. Lets a caller skip the rest of a record after rejecting it.
   */
  public int depth() { return stackSize - 1; }

  /** 1-based line of the current token: the one {@link #peek()} reported, or the last consumed. */
  public long line() { return tokenLine; }

  /** 1-based column of the current token, counted in bytes from the start of its line. */
  public long column() { return tokenOffset - tokenLineStart + 1; }

  /** 0-based byte offset of the current token from the start of the input (or of the slice). */
  public long byteOffset() { return tokenOffset; }

  /** Closes the underlying stream, if any; the reader cannot be used afterwards. */
  @Override
  public void close() {
    peeked = null;
    stack[0] = CLOSED;
    stackSize = 1;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Structure

  private void push(int scope) {
    // stack[0] is the document: stackSize - 1 levels are open
    if (stackSize > MAX_DEPTH) {
      long at = bufBase + pos - 1; // the bracket just consumed
      throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH + " levels", line, at - lineStart + 1, at);
    }
    if (stackSize == stack.length) stack = Arrays.copyOf(stack, stackSize * 2);
    stack[stackSize++] = scope;
  }

  private void expect(JsonToken wanted) {
    JsonToken t = peek();
    if (t != wanted) throw wrongToken(wanted.name(), t);
  }

  private IllegalStateException wrongToken(String wanted, JsonToken found) {
    return new IllegalStateException("expected " + wanted + " but was " + found + " at line " + line()
        + " column " + column());
  }

  private JsonToken doPeek() {
    int top = stackSize - 1;
    int scope = stack[top];
    int c;
    String expected = "a value";
    switch (scope) {
      case EMPTY_ARRAY:
        stack[top] = NONEMPTY_ARRAY;
        c = nextNonWhitespace();
        if (c == ']') return punctuation(JsonToken.END_ARRAY);
        expected = "a value or ']'";
        break;
      case NONEMPTY_ARRAY:
        c = nextNonWhitespace();
        if (c == ']') return punctuation(JsonToken.END_ARRAY);
        if (c != ',') throw unexpected(c, "',' or ']'");
        pos++;
        c = nextNonWhitespace();
        break;
      case EMPTY_OBJECT:
      case NONEMPTY_OBJECT:
        c = nextNonWhitespace();
        if (c == '}') return punctuation(JsonToken.END_OBJECT);
        if (scope == NONEMPTY_OBJECT) {
          if (c != ',') throw unexpected(c, "',' or '}'");
          pos++;
          c = nextNonWhitespace();
          if (c != '"') throw unexpected(c, "a name in double quotes");
        } else if (c != '"') {
          throw unexpected(c, "a name in double quotes or '}'");
        }
        stack[top] = DANGLING_NAME;
        return punctuation(JsonToken.NAME);
      case DANGLING_NAME:
        c = nextNonWhitespace();
        if (c != ':') throw unexpected(c, "':'");
        pos++;
        stack[top] = NONEMPTY_OBJECT;
        c = nextNonWhitespace();
        break;
      case EMPTY_DOCUMENT:
        stack[top] = NONEMPTY_DOCUMENT;
        skipByteOrderMark();
        c = nextNonWhitespace();
        if (c < 0) throw syntax("no JSON value in the input (empty file?)");
        break;
      case NONEMPTY_DOCUMENT:
        c = nextNonWhitespace();
        if (c >= 0) throw unexpected(c, "end of input");
        markToken();
        return peeked = JsonToken.END_DOCUMENT;
      default:
        throw new IllegalStateException("the reader is closed");
    }
    return peekValue(c, expected);
  }

  /** A one-byte token at {@code pos} (or the quote opening a string). */
  private JsonToken punctuation(JsonToken t) {
    markToken();
    pos++;
    return peeked = t;
  }

  private JsonToken peekValue(int c, String expected) {
    switch (c) {
      case '"':
        return punctuation(JsonToken.STRING);
      case '{':
        return punctuation(JsonToken.BEGIN_OBJECT);
      case '[':
        return punctuation(JsonToken.BEGIN_ARRAY);
      case 't':
        markToken();
        literal("true");
        return peeked = JsonToken.TRUE;
      case 'f':
        markToken();
        literal("false");
        return peeked = JsonToken.FALSE;
      case 'n':
        markToken();
        literal("null");
        return peeked = JsonToken.NULL;
      case 'N':
      case 'I':
      case '-':
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return scanNumber();
      default:
        throw unexpected(c, expected);
    }
  }

  private void markToken() {
    tokenOffset = bufBase + pos;
    tokenLine = line;
    tokenLineStart = lineStart;
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      int b = byteAt();
      if (b != word.charAt(i)) throw unexpected(b, "'" + word + "'");
      pos++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bytes

  /** The byte at {@code pos} (0..255) without consuming it, or -1 at the end of the input. */
  private int byteAt() {
    if (pos == limit && !fill()) return -1;
    return buf[pos] & 0xff;
  }

  /** Makes {@code n} bytes available at {@code pos}, or fails with the truncation message. */
  private void require(int n) {
    while (limit - pos < n) {
      if (!fill()) {
        pos = limit;
        throw unexpected(-1, null);
      }
    }
  }

  /**
   * Reads more bytes after {@code limit}, keeping everything from {@code markPos} (or {@code pos})
   * on; indexes into the buffer are moved with the bytes. False at the end of the input.
   */
  private boolean fill() {
    if (in == null || eof) return false;
    int keep = markPos >= 0 ? markPos : pos;
    if (buf.length - limit < MIN_READ && keep > 0) {
      System.arraycopy(buf, keep, buf, 0, limit - keep);
      limit -= keep;
      pos -= keep;
      if (markPos >= 0) markPos -= keep;
      bufBase += keep;
    }
    if (limit == buf.length) {
      if (buf.length >= MAX_TOKEN_BYTES) throw syntax("a single token longer than " + (MAX_TOKEN_BYTES >> 20) + " MiB");
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    try {
      int n;
      do {
        n = in.read(buf, limit, buf.length - limit);
      } while (n == 0);
      if (n < 0) {
        eof = true;
        return false;
      }
      limit += n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void skipByteOrderMark() {
    while (limit - pos < 3 && fill()) {
      // A BOM may arrive in pieces from a slow stream.
    }
    if (limit - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB
        && buf[pos + 2] == (byte) 0xBF) {
      pos += 3;
      lineStart = bufBase + pos;
    }
  }

  /** The first byte that is not JSON whitespace, left unconsumed, or -1 at the end of the input. */
  private int nextNonWhitespace() {
    while (true) {
      if (pos == limit && !fill()) return -1;
      int b = buf[pos];
      if (b == ' ' || b == '\t' || b == '\r') {
        pos++;
      } else if (b == '\n') {
        pos++;
        line++;
        lineStart = bufBase + pos;
      } else {
        return b & 0xff;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Strings

  /** Reads the string whose opening quote was consumed; {@code cache} for member names. */
  private String readString(boolean cache) {
    byte[] b = buf;
    int start = pos;
    int hash = 0;
    for (int p = start; p < limit; p++) {
      byte c = b[p];
      if (c == '"') {
        pos = p + 1;
        int len = p - start;
        if (cache && len <= MAX_CACHED_NAME) return cachedName(start, len, hash);
        return new String(b, start, len, StandardCharsets.ISO_8859_1);
      }
      // Escapes, control characters and every non-ASCII byte (negative) leave the fast path.
      if (c == '\\' || c < 0x20) break;
      hash = 31 * hash + c;
    }
    return readStringSlow();
  }

  private String cachedName(int start, int len, int hash) {
    int slot = (hash ^ (hash >>> 16)) & (NAME_CACHE_SIZE - 1);
    byte[] key = nameKeys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, buf, start, start + len)) return nameValues[slot];
    String s = new String(buf, start, len, StandardCharsets.ISO_8859_1);
    nameKeys[slot] = Arrays.copyOfRange(buf, start, start + len);
    nameValues[slot] = s;
    return s;
  }

  private String readStringSlow() {
    char[] out = chars;
    if (out == null) out = chars = new char[128];
    int n = 0;
    while (true) {
      if (pos == limit && !fill()) throw unexpected(-1, null);
      int c = buf[pos] & 0xff;
      if (n + 2 > out.length) {
        if (out.length >= MAX_TOKEN_BYTES) throw syntax("a single token longer than " + (MAX_TOKEN_BYTES >> 20) + " MiB");
        out = chars = Arrays.copyOf(out, out.length * 2);
      }
      if (c == '"') {
        pos++;
        return new String(out, 0, n);
      } else if (c == '\\') {
        pos++;
        out[n++] = readEscape();
      } else if (c < 0x20) {
        throw syntax("control character " + describe(c) + " in a string must be escaped");
      } else if (c < 0x80) {
        out[n++] = (char) c;
        pos++;
      } else {
        int cp = readUtf8(c);
        if (cp >= 0x10000) {
          out[n++] = Character.highSurrogate(cp);
          out[n++] = Character.lowSurrogate(cp);
        } else {
          out[n++] = (char) cp;
        }
      }
    }
  }

  /** Decodes the escape after a backslash; a {@code \\u} surrogate pair arrives as its two halves. */
  private char readEscape() {
    require(1);
    int c = buf[pos] & 0xff;
    switch (c) {
      case '"': pos++; return '"';
      case '\\': pos++; return '\\';
      case '/': pos++; return '/';
      case 'b': pos++; return '\b';
      case 'f': pos++; return '\f';
      case 'n': pos++; return '\n';
      case 'r': pos++; return '\r';
      case 't': pos++; return '\t';
      case 'u':
        pos++;
        require(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int h = hexValue(buf[pos] & 0xff);
          if (h < 0) throw unexpected(buf[pos] & 0xff, "a hex digit in a \\u escape");
          v = (v << 4) | h;
          pos++;
        }
        return (char) v;
      default:
        throw syntax("invalid escape '\\" + (char) c + "' in a string");
    }
  }

  private static int hexValue(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Decodes one UTF-8 sequence whose lead byte is at {@code pos} (RFC 3629 §4: no overlongs, no surrogates). */
  private int readUtf8(int lead) {
    int n;
    int cp;
    int min;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 2;
      cp = lead & 0x1F;
      min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 3;
      cp = lead & 0x0F;
      min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 4;
      cp = lead & 0x07;
      min = 0x10000;
    } else {
      throw syntax(String.format("invalid UTF-8 byte 0x%02x in a string", lead));
    }
    require(n);
    for (int i = 1; i < n; i++) {
      int c = buf[pos + i] & 0xff;
      if ((c & 0xC0) != 0x80) {
        pos += i;
        throw syntax(String.format("invalid UTF-8 byte 0x%02x in a string", c));
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw syntax("invalid UTF-8 sequence in a string");
    }
    pos += n;
    return cp;
  }

  private void skipString() {
    while (true) {
      byte[] b = buf;
      int p = pos;
      int end = limit;
      while (p < end) {
        byte c = b[p];
        if (c == '"') {
          pos = p + 1;
          return;
        }
        if (c == '\\') {
          // The escaped byte is not in the buffer yet: refill and look at the backslash again.
          if (p + 1 == end) break;
          p += 2;
        } else {
          p++;
        }
      }
      pos = p;
      if (!fill()) {
        pos = limit;
        throw unexpected(-1, null);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Numbers

  private JsonToken scanNumber() {
    markToken();
    markPos = pos;
    numNegative = false;
    numSpecial = NOT_SPECIAL;
    int c = byteAt();
    if (c == '-') {
      numNegative = true;
      pos++;
      c = byteAt();
      if (c == 'I') {
        literal("Infinity");
        return endNumber(NEGATIVE_INFINITY);
      }
    }
    if (c == 'N') {
      if (numNegative) throw unexpected(c, "a digit");
      literal("NaN");
      return endNumber(NAN);
    }
    if (c == 'I') {
      literal("Infinity");
      return endNumber(POSITIVE_INFINITY);
    }
    long mantissa = 0;
    int digits = 0;
    boolean exact = true;
    long exponent = 0;
    if (c == '0') {
      pos++;
      c = byteAt();
      if (c >= '0' && c <= '9') throw syntax("a number must not start with '0' followed by a digit");
    } else if (c >= '1' && c <= '9') {
      do {
        if (digits < MAX_MANTISSA_DIGITS) {
          mantissa = mantissa * 10 + (c - '0');
          digits++;
        } else {
          exact = false;
        }
        pos++;
        c = byteAt();
      } while (c >= '0' && c <= '9');
    } else {
      throw unexpected(c, "a digit");
    }
    if (c == '.') {
      pos++;
      c = byteAt();
      if (c < '0' || c > '9') throw unexpected(c, "a digit after '.'");
      do {
        if (mantissa == 0 && c == '0') {
          exponent--;
        } else if (digits < MAX_MANTISSA_DIGITS) {
          mantissa = mantissa * 10 + (c - '0');
          digits++;
          exponent--;
        } else {
          exact = false;
        }
        pos++;
        c = byteAt();
      } while (c >= '0' && c <= '9');
    }
    if (c == 'e' || c == 'E') {
      pos++;
      c = byteAt();
      boolean negativeExponent = false;
      if (c == '+' || c == '-') {
        negativeExponent = c == '-';
        pos++;
        c = byteAt();
      }
      if (c < '0' || c > '9') throw unexpected(c, "a digit in the exponent");
      long e = 0;
      do {
        // Saturates: any exponent this large sends the number to the exact slow paths anyway.
        if (e < 1_000_000_000L) e = e * 10 + (c - '0');
        pos++;
        c = byteAt();
      } while (c >= '0' && c <= '9');
      exponent += negativeExponent ? -e : e;
    }
    if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) exact = false;
    numMantissa = mantissa;
    numExponent = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, exponent));
    numExact = exact;
    return endNumber(NOT_SPECIAL);
  }

  private JsonToken endNumber(int special) {
    numSpecial = special;
    numStart = markPos;
    numEnd = pos;
    markPos = -1;
    return peeked = JsonToken.NUMBER;
  }

  private String numberText() {
    return new String(buf, numStart, numEnd - numStart, StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code mantissa * 10^exponent} (negated if {@code negative}) correctly rounded to a double by
   * the Eisel-Lemire algorithm, or NaN when it cannot say: the mantissa is not positive, the
   * exponent is outside [-342, 308], the result would be subnormal or infinite, or the 128-bit
   * product leaves the rounding undecided. Package-private for the tests.
   */
  static double eiselLemire(long mantissa, int exponent, boolean negative) {
    if (mantissa <= 0 || exponent < MIN_POWER_OF_TEN || exponent > MAX_POWER_OF_TEN) return Double.NaN;
    // 10^q = 5^q * 2^q: only the power of five needs a table; normalising w to a leading 1 bit
    // makes the product of two 64-bit values with leading 1s have at most one leading zero.
    int lz = Long.numberOfLeadingZeros(mantissa);
    long w = mantissa << lz;
    int index = exponent - MIN_POWER_OF_TEN;
    long high = POWER_OF_FIVE_HIGH[index];
    long upper = unsignedMultiplyHigh(w, high);
    long lower = w * high;
    if ((upper & 0x1FF) == 0x1FF) {
      // The 64-bit truncated power may be short by enough to carry into the 55 bits we keep (53,
      // one rounding bit, one possible leading zero): add the next 64 bits of the power.
      long low = POWER_OF_FIVE_LOW[index];
      long secondLow = w * low;
      long middle = lower + unsignedMultiplyHigh(w, low);
      if (Long.compareUnsigned(middle, lower) < 0) upper++;
      // What the 128-bit power still lacks adds less than w to the lowest word; only if that can
      // carry through an all-ones middle word into all-ones kept bits is the result undecided.
      if (middle == -1L && (upper & 0x1FF) == 0x1FF && Long.compareUnsigned(secondLow + w, secondLow) < 0) {
        return Double.NaN;
      }
      lower = middle;
    }
    int upperBit = (int) (upper >>> 63);
    // 54 bits: the 53 of the double with its implicit 1, then the rounding bit.
    long m = upper >>> (upperBit + 9);
    lz += 1 ^ upperBit;
    // ((152170 + 65536) * q) >> 16 is floor(log2(5^q)) + q for q >= 0 and -ceil(log2(5^-q)) + q
    // below, exactly for q in (-400, 350); 1023 is the IEEE bias, 64 the width of the product.
    int biased = (((152170 + 65536) * exponent) >> 16) + 1024 + 63 - lz;
    if (biased <= 0) return Double.NaN; // subnormal (or rounds up to the smallest normal)
    // Nothing dropped below the rounding bit and an even last bit: possibly exactly halfway, where
    // rounding up would be wrong (ties go to even). Rare enough to leave to the exact path.
    if (Long.compareUnsigned(lower, 1) <= 0 && (upper & 0x1FF) == 0 && (m & 3) == 1) return Double.NaN;
    m += m & 1;
    m >>>= 1;
    if (m >= 1L << 53) {
      // Rounding carried into a 54th bit: the significand is 1.0 of the next binade.
      m = 1L << 52;
      biased++;
    }
    if (biased >= 2047) return Double.NaN; // infinite
    long bits = (m & ~(1L << 52)) | ((long) biased << 52);
    if (negative) bits |= Long.MIN_VALUE;
    return Double.longBitsToDouble(bits);
  }

  /** High 64 bits of the unsigned 128-bit product (Java 17 has only the signed {@code multiplyHigh}). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** The 128-bit table entry of 5^q for {@code q} in [-342, 308], as {high, low}. Package-private for the tests. */
  static long[] powerOfFive128(int q) {
    return new long[] {POWER_OF_FIVE_HIGH[q - MIN_POWER_OF_TEN], POWER_OF_FIVE_LOW[q - MIN_POWER_OF_TEN]};
  }

  /** The long value of an exactly scanned number: at most 18 significant digits, so no overflow below. */
  private long exactLong() {
    long m = numMantissa;
    int e = numExponent;
    if (m == 0) return 0;
    long v;
    if (e == 0) {
      v = m;
    } else if (e > 0) {
      if (e >= LONG_POWERS_OF_TEN.length || m > Long.MAX_VALUE / LONG_POWERS_OF_TEN[e]) {
        throw new NumberFormatException("integer out of range: " + shortNumberText());
      }
      v = m * LONG_POWERS_OF_TEN[e];
    } else {
      // m < 10^18, so dividing by 10^19 or more leaves a fraction.
      if (-e >= LONG_POWERS_OF_TEN.length || m % LONG_POWERS_OF_TEN[-e] != 0) {
        throw new NumberFormatException("expected an integer, found " + shortNumberText());
      }
      v = m / LONG_POWERS_OF_TEN[-e];
    }
    return numNegative ? -v : v;
  }

  private long slowLong() {
    String text = numberText();
    BigDecimal d;
    try {
      d = new BigDecimal(text);
    } catch (NumberFormatException e) {
      // BigDecimal refuses only exponents beyond int range; the digits are not all zero.
      if (numExponent > 0) throw new NumberFormatException("integer out of range: " + shortNumberText());
      throw new NumberFormatException("expected an integer, found " + shortNumberText());
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
        throw new NumberFormatException("expected an integer, found " + shortNumberText());
      }
      throw new NumberFormatException("integer out of range: " + shortNumberText());
    }
  }

  private String shortNumberText() {
    String s = numberText();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  private JsonSyntaxException unexpected(int c, String expected) {
    if (c < 0) return syntax("unexpected end of input (truncated file?)");
    return syntax("expected " + expected + " but found " + describe(c));
  }

  private JsonSyntaxException syntax(String reason) {
    long offset = bufBase + pos;
    return new JsonSyntaxException(reason, line, offset - lineStart + 1, offset);
  }

  private static String describe(int c) {
    if (c > 0x20 && c < 0x7f) return "'" + (char) c + "'";
    return String.format("byte 0x%02x", c);
  }
}
