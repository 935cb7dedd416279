package dev.overlap.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonReader stream(String json) {
    return new JsonReader(new ByteArrayInputStream(utf8(json)));
  }

  /** A stream that hands out at most a few bytes per read, so that every refill path runs. */
  static final class TrickleInputStream extends InputStream {
    private final byte[] data;
    private final SplittableRandom random;
    private final int maxChunk;
    private int pos;

    TrickleInputStream(byte[] data, long seed, int maxChunk) {
      this.data = data;
      this.random = new SplittableRandom(seed);
      this.maxChunk = maxChunk;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) return -1;
      int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(maxChunk));
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /**
   * Every token of the document, one word each: <code>{ } [ ]</code>, {@code a:} for a name,
   * {@code "s"} for a string, {@code #1.5} for a number (as a double), true, false, null.
   */
  static String walk(JsonReader r) {
    StringBuilder b = new StringBuilder();
    while (true) {
      JsonToken t = r.peek();
      if (b.length() > 0 && t != JsonToken.END_DOCUMENT) b.append(' ');
      switch (t) {
        case BEGIN_OBJECT: r.beginObject(); b.append('{'); break;
        case END_OBJECT: r.endObject(); b.append('}'); break;
        case BEGIN_ARRAY: r.beginArray(); b.append('['); break;
        case END_ARRAY: r.endArray(); b.append(']'); break;
        case NAME: b.append(r.nextName()).append(':'); break;
        case STRING: b.append('"').append(r.nextString()).append('"'); break;
        case NUMBER: b.append('#').append(r.nextDouble()); break;
        case TRUE:
        case FALSE: b.append(r.nextBoolean()); break;
        case NULL: r.nextNull(); b.append("null"); break;
        case END_DOCUMENT: return b.toString();
        default: throw new AssertionError(t);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`{}`                                        | `{ }`",
    "`[]`                                        | `[ ]`",
    "` [ 1 , 2 ] `                               | `[ #1.0 #2.0 ]`",
    "`{\"a\":1,\"b\":[true,false,null]}`         | `{ a: #1.0 b: [ true false null ] }`",
    "`[{\"x\":{}},[[]],\"\"]`                    | `[ { x: { } } [ [ ] ] \"\" ]`",
    "`\"top\"`                                   | `\"top\"`",
    "`-0.5`                                      | `#-0.5`",
    "`null`                                      | `null`",
    "`[NaN,Infinity,-Infinity]`                  | `[ #NaN #Infinity #-Infinity ]`",
    "`{\"\":\"\"}`                               | `{ : \"\" }`",
  })
  void tokenStreams(String json, String expected) {
    assertEquals(expected, walk(stream(json)));
    byte[] bytes = utf8(json);
    assertEquals(expected, walk(new JsonReader(bytes, 0, bytes.length)));
  }

  @Test
  void whitespaceOfEveryKind() {
    assertEquals("[ #1.0 ]", walk(stream("\t\r\n[\n1\r\n]\n")));
  }

  @Test
  void hasNextAndDepthFollowTheStructure() {
    JsonReader r = stream("[1, {\"a\": []}]");
    assertEquals(0, r.depth());
    r.beginArray();
    assertEquals(1, r.depth());
    assertTrue(r.hasNext());
    assertEquals(1L, r.nextLong());
    r.beginObject();
    assertEquals(2, r.depth());
    assertEquals("a", r.nextName());
    r.beginArray();
    assertFalse(r.hasNext());
    r.endArray();
    assertFalse(r.hasNext());
    r.endObject();
    assertFalse(r.hasNext());
    r.endArray();
    assertEquals(0, r.depth());
    assertEquals(JsonToken.END_DOCUMENT, r.peek());
    assertFalse(r.hasNext());
  }

  @Test
  void byteOrderMarkIsSkipped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '7', ']'};
    assertEquals("[ #7.0 ]", walk(new JsonReader(new ByteArrayInputStream(bom))));
    assertEquals("[ #7.0 ]", walk(new JsonReader(bom, 0, bom.length)));
    JsonReader r = new JsonReader(bom, 0, bom.length);
    r.beginArray();
    assertEquals(JsonToken.NUMBER, r.peek());
    assertEquals(1, r.line());
    assertEquals(2, r.column());
    assertEquals(4, r.byteOffset());
  }

  @Test
  void sliceIsParsedInPlaceWithOffsetsFromItsStart() {
    byte[] all = utf8("garbage{\"k\": [3]}garbage");
    JsonReader r = new JsonReader(all, 7, 10);
    r.beginObject();
    assertEquals("k", r.nextName());
    r.beginArray();
    assertEquals(1, r.line());
    assertEquals(7, r.column());
    assertEquals(6, r.byteOffset());
    assertEquals(3L, r.nextLong());
    r.endArray();
    r.endObject();
    assertEquals(JsonToken.END_DOCUMENT, r.peek());
  }

  @Test
  void tokenPositions() {
    JsonReader r = stream("{\n  \"a\": [1,\n    \"xé\", 22]\n}");
    r.beginObject();
    assertEquals(JsonToken.NAME, r.peek());
    assertEquals(List.of(2L, 3L, 4L), List.of(r.line(), r.column(), r.byteOffset()));
    r.nextName();
    r.beginArray();
    assertEquals(JsonToken.NUMBER, r.peek());
    assertEquals(List.of(2L, 9L, 10L), List.of(r.line(), r.column(), r.byteOffset()));
    r.nextLong();
    assertEquals(JsonToken.STRING, r.peek());
    assertEquals(List.of(3L, 5L, 17L), List.of(r.line(), r.column(), r.byteOffset()));
    assertEquals("xé", r.nextString());
    // Columns count bytes: "é" takes two.
    assertEquals(JsonToken.NUMBER, r.peek());
    assertEquals(List.of(3L, 12L, 24L), List.of(r.line(), r.column(), r.byteOffset()));
  }

  @Test
  void wrongTokenKindIsAnIllegalStateWithPosition() {
    JsonReader r = stream("[\"x\"]");
    r.beginArray();
    IllegalStateException e = assertThrows(IllegalStateException.class, r::nextDouble);
    assertEquals("expected NUMBER but was STRING at line 1 column 2", e.getMessage());
    assertEquals("x", r.nextString());
    e = assertThrows(IllegalStateException.class, r::skipValue);
    assertEquals("expected a value but was END_ARRAY at line 1 column 5", e.getMessage());
  }

  @Test
  void closedReaderRefusesToRead() {
    JsonReader r = stream("[1]");
    r.close();
    assertThrows(IllegalStateException.class, r::peek);
  }

  // ---------------------------------------------------------------------------------------------
  // Strings

  @Test
  void everyEscape() {
    String json = "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u4E2D \\ud83d\\ude00 \\u0000\"]";
    JsonReader r = stream(json);
    r.beginArray();
    assertEquals("\" \\ / \b \f \n \r \t Aé中 \uD83D\uDE00 \u0000", r.nextString());
  }

  @Test
  void rawUtf8() {
    String s = "é中\uD83D\uDE00ß";
    JsonReader r = stream("{\"" + s + "\": \"" + s + "\"}");
    r.beginObject();
    assertEquals(s, r.nextName());
    assertEquals(s, r.nextString());
  }

  @Test
  void loneSurrogateEscapesAreKeptAsPythonKeepsThem() {
    JsonReader r = stream("\"\\ud800x\"");
    assertEquals("\uD800x", r.nextString());
  }

  @Test
  void repeatedNamesComeFromTheCacheAndStayEqual() {
    JsonReader r = stream("[{\"image_id\": 1}, {\"image_id\": 2}, {\"image_idx\": 3}]");
    r.beginArray();
    r.beginObject();
    String first = r.nextName();
    r.skipValue();
    r.endObject();
    r.beginObject();
    assertSame(first, r.nextName());
    r.skipValue();
    r.endObject();
    r.beginObject();
    assertEquals("image_idx", r.nextName());
  }

  @Test
  void stringLongerThanTheBuffer() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3 * JsonReader.BUFFER_SIZE; i++) b.append(i % 1000 == 999 ? 'é' : (char) ('a' + i % 26));
    String s = b.toString();
    String json = "[\"" + s + "\", \"" + s + "\", 5]";
    for (JsonReader r : List.of(stream(json), new JsonReader(new TrickleInputStream(utf8(json), 1, 9000)))) {
      r.beginArray();
      assertEquals(s, r.nextString());
      r.skipValue();
      assertEquals(5L, r.nextLong());
      r.endArray();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Numbers

  private static void assertParsesLikeJava(String text) {
    String json = "[" + text + "]";
    JsonReader r = stream(json);
    r.beginArray();
    double expected = Double.parseDouble(text);
    double actual = r.nextDouble();
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "0", "-0", "-0.0", "0.0e5", "1", "-1", "0.1", "0.3", "1e22", "1e23", "1.5e-22", "1e-23",
    "9007199254740992", "9007199254740993", "9007199254740993.0", "123456789012345678",
    "1234567890123456789012345", "0.010798086136806566", "4.9e-324", "2.4e-324", "1e-400",
    "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "2.2250738585072014E-308",
    "2.2250738585072011e-308", "0.000001", "1E+2", "1e-0", "100e-2", "3.14159265358979323846264338",
    "0.1e1", "0.00000000000000000000000000000000000000000000000000000001"
  })
  void numberEdgeCases(String text) {
    assertParsesLikeJava(text);
  }

  /** Python's repr: shortest digits, exponent form when the exponent is below -4 or at least 16. */
  private static String pythonRepr(double d) {
    if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String plain = bd.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  @Test
  void pythonReprHelperMatchesPython() {
    assertEquals("1e-05", pythonRepr(1e-5));
    assertEquals("1.5e+16", pythonRepr(1.5e16));
    assertEquals("0.0001", pythonRepr(1e-4));
    assertEquals("123.0", pythonRepr(123));
    assertEquals("-2.5e-310", pythonRepr(-2.5e-310));
  }

  @Test
  void fuzzDoublesParseExactlyAsDoubleParseDouble() {
    SplittableRandom random = new SplittableRandom(20240601L);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double d;
      switch (i % 4) {
        case 0: d = Double.longBitsToDouble(random.nextLong()); break;
        case 1: d = random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)); break;
        case 2: d = Math.round(random.nextDouble() * 1e6) / 100.0; break;
        default: d = (random.nextLong(1L << 54) - (1L << 53)) * Math.pow(10, random.nextInt(-24, 24)); break;
      }
      if (!Double.isFinite(d)) continue;
      texts.add(Double.toString(d));
      texts.add(pythonRepr(d));
    }
    for (int i = 0; i < 20_000; i++) texts.add(randomDecimal(random));
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < texts.size(); i++) json.append(i == 0 ? "" : ",").append(texts.get(i));
    json.append(']');
    byte[] bytes = utf8(json.toString());
    JsonReader[] readers = {
      new JsonReader(bytes, 0, bytes.length),
      new JsonReader(new TrickleInputStream(bytes, 7, 4000))
    };
    for (JsonReader r : readers) {
      r.beginArray();
      for (String text : texts) {
        double expected = Double.parseDouble(text);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(r.nextDouble()), text);
      }
      r.endArray();
      assertEquals(JsonToken.END_DOCUMENT, r.peek());
    }
  }

  /** A syntactically valid JSON number with 1..25 digits and an optional exponent. */
  private static String randomDecimal(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    if (random.nextBoolean()) b.append('-');
    int intDigits = random.nextInt(1, 20);
    b.append(random.nextInt(10) == 0 ? '0' : (char) ('1' + random.nextInt(9)));
    if (b.charAt(b.length() - 1) != '0') for (int i = 1; i < intDigits; i++) b.append((char) ('0' + random.nextInt(10)));
    if (random.nextBoolean()) {
      b.append('.');
      int frac = random.nextInt(1, 20);
      for (int i = 0; i < frac; i++) b.append((char) ('0' + random.nextInt(10)));
    }
    if (random.nextBoolean()) {
      b.append(random.nextBoolean() ? 'e' : 'E');
      int k = random.nextInt(3);
      if (k == 1) b.append('+');
      if (k == 2) b.append('-');
      b.append(random.nextInt(random.nextBoolean() ? 25 : 340));
    }
    return b.toString();
  }

  @Test
  void fuzzLongs() {
    SplittableRandom random = new SplittableRandom(99);
    long[] values = new long[10_000];
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      long v;
      switch (i % 3) {
        case 0: v = random.nextLong(); break;
        case 1: v = random.nextLong(-1_000_000, 1_000_000); break;
        default: v = random.nextLong(1L << 53); break;
      }
      values[i] = v;
      json.append(i == 0 ? "" : ",").append(v);
    }
    json.append(",9223372036854775807,-9223372036854775808]");
    JsonReader r = stream(json.toString());
    r.beginArray();
    for (long v : values) {
      assertEquals(JsonToken.NUMBER, r.peek());
      assertEquals(v, r.nextLong());
    }
    assertEquals(Long.MAX_VALUE, r.nextLong());
    assertEquals(Long.MIN_VALUE, r.nextLong());
    r.endArray();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1.0 | 1",
    "1e3 | 1000",
    "1E+3 | 1000",
    "-0 | 0",
    "-0.0e7 | 0",
    "12.50e1 | 125",
    "2500e-2 | 25",
    "-4.000 | -4",
    "922337203685477580.7e1 | 9223372036854775807",
    "-9223372036854775808.000 | -9223372036854775808",
    "0.000000000000000000000000000001e30 | 1",
    "10000000000000000000e-1 | 1000000000000000000",
  })
  void integralSpellingsAreLongs(String text, long expected) {
    JsonReader r = stream(text);
    assertEquals(expected, r.nextLong());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1.5 | expected an integer, found 1.5",
    "1e-1 | expected an integer, found 1e-1",
    "0.1e-30 | expected an integer, found 0.1e-30",
    "9223372036854775808 | integer out of range: 9223372036854775808",
    "-9223372036854775809 | integer out of range: -9223372036854775809",
    "1e19 | integer out of range: 1e19",
    "1e999999999999 | integer out of range: 1e999999999999",
    "NaN | expected an integer, found NaN",
    "-Infinity | expected an integer, found -Infinity",
  })
  void nonIntegersAreRejectedAndNotConsumed(String text, String message) {
    JsonReader r = stream("[" + text + "]");
    r.beginArray();
    NumberFormatException e = assertThrows(NumberFormatException.class, r::nextLong);
    assertEquals(message, e.getMessage());
    assertEquals(Double.parseDouble(text), r.nextDouble());
    r.endArray();
  }

  @Test
  void numberLongerThanTheBuffer() {
    String text = "1" + "0".repeat(JsonReader.BUFFER_SIZE + 10) + "e-" + (JsonReader.BUFFER_SIZE + 10);
    JsonReader r = new JsonReader(new TrickleInputStream(utf8("[" + text + "," + text + "]"), 3, 5000));
    r.beginArray();
    assertEquals(1.0, r.nextDouble());
    assertEquals(1L, r.nextLong());
    r.endArray();
  }

  @Test
  void nextNumberOrNull() {
    JsonReader r = stream("[null, 2.5]");
    r.beginArray();
    assertEquals(-1.0, r.nextNumberOrNull(-1.0));
    assertEquals(2.5, r.nextNumberOrNull(-1.0));
  }

  // ---------------------------------------------------------------------------------------------
  // skipValue

  @Test
  void skipNestedValues() {
    String json = "{\"a\": [1, {\"b\": \"x\\\"y\\\\\", \"c\": [[], {}]}, null, true, false, -1.5e3, \"\\u00e9\"],"
        + " \"skipme\": {\"k\": [\"]\", \"}\"]}, \"d\": \"tail\"}";
    JsonReader r = stream(json);
    r.beginObject();
    assertEquals("a", r.nextName());
    r.skipValue();
    r.skipValue();
    assertEquals(JsonToken.NAME, r.peek());
    assertEquals("d", r.nextName());
    assertEquals("tail", r.nextString());
    r.endObject();
    assertEquals(JsonToken.END_DOCUMENT, r.peek());

    JsonReader whole = stream(json);
    whole.skipValue();
    assertEquals(JsonToken.END_DOCUMENT, whole.peek());
  }

  // ---------------------------------------------------------------------------------------------
  // Random documents: stream vs slice, skipping vs reading, across buffer boundaries

  private interface Node {}

  private record Num(String text) implements Node {}

  private record Str(String value, String encoded) implements Node {}

  private record Lit(String word) implements Node {}

  private record Arr(List<Node> items) implements Node {}

  private record Obj(List<Str> names, List<Node> values) implements Node {}

  private static Node randomNode(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth >= 4 ? 3 : 5);
    switch (kind) {
      case 0: return new Num(random.nextBoolean() ? randomDecimal(random) : Double.toString(random.nextDouble() * 1000));
      case 1: return randomString(random);
      case 2: return new Lit(List.of("true", "false", "null").get(random.nextInt(3)));
      case 3: {
        List<Node> items = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) items.add(randomNode(random, depth + 1));
        return new Arr(items);
      }
      default: {
        List<Str> names = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          names.add(random.nextInt(3) == 0 ? new Str("image_id", "image_id") : randomString(random));
          values.add(randomNode(random, depth + 1));
        }
        return new Obj(names, values);
      }
    }
  }

  private static Str randomString(SplittableRandom random) {
    StringBuilder value = new StringBuilder();
    StringBuilder enc = new StringBuilder();
    int n = random.nextInt(random.nextInt(20) == 0 ? 3000 : 12);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        char c = (char) random.nextInt(0x20, 0x7f);
        if (c == '"' || c == '\\') {
          enc.append('\\');
        }
        enc.append(c);
        value.append(c);
      } else if (kind == 5) {
        String[] esc = {"\\n", "\\t", "\\/", "\\b", "\\f", "\\r"};
        String[] raw = {"\n", "\t", "/", "\b", "\f", "\r"};
        int k = random.nextInt(esc.length);
        enc.append(esc[k]);
        value.append(raw[k]);
      } else if (kind == 6) {
        char c = (char) random.nextInt(0, 0xD800);
        enc.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
        value.append(c);
      } else if (kind == 7) {
        int cp = random.nextInt(0x10000, 0x110000);
        String s = new String(Character.toChars(cp));
        enc.append(String.format("\\u%04x\\u%04x", (int) s.charAt(0), (int) s.charAt(1)));
        value.append(s);
      } else {
        int cp = random.nextBoolean() ? random.nextInt(0x80, 0xD800) : random.nextInt(0x10000, 0x110000);
        String s = new String(Character.toChars(cp));
        enc.append(s);
        value.append(s);
      }
    }
    return new Str(value.toString(), enc.toString());
  }

  private static void write(Node node, StringBuilder b, SplittableRandom random) {
    if (random.nextInt(8) == 0) b.append(random.nextBoolean() ? "\n  " : " ");
    if (node instanceof Num n) {
      b.append(n.text());
    } else if (node instanceof Str s) {
      b.append('"').append(s.encoded()).append('"');
    } else if (node instanceof Lit l) {
      b.append(l.word());
    } else if (node instanceof Arr a) {
      b.append('[');
      for (int i = 0; i < a.items().size(); i++) {
        if (i > 0) b.append(',');
        write(a.items().get(i), b, random);
      }
      b.append(']');
    } else {
      Obj o = (Obj) node;
      b.append('{');
      for (int i = 0; i < o.names().size(); i++) {
        if (i > 0) b.append(',');
        write(o.names().get(i), b, random);
        b.append(':');
        write(o.values().get(i), b, random);
      }
      b.append('}');
    }
  }

  /** What {@link #walkSkipping} must produce for {@code node}, computed from the tree. */
  private static void expect(Node node, StringBuilder b, int[] counter) {
    if (counter[0]++ % 3 == 1) {
      b.append(" ~");
      return;
    }
    if (node instanceof Num n) {
      b.append(" #").append(Double.parseDouble(n.text()));
    } else if (node instanceof Str s) {
      b.append(" \"").append(s.value()).append('"');
    } else if (node instanceof Lit l) {
      b.append(' ').append(l.word());
    } else if (node instanceof Arr a) {
      b.append(" [");
      for (Node item : a.items()) expect(item, b, counter);
      b.append(" ]");
    } else {
      Obj o = (Obj) node;
      b.append(" {");
      for (int i = 0; i < o.names().size(); i++) {
        b.append(' ').append(o.names().get(i).value()).append(':');
        expect(o.values().get(i), b, counter);
      }
      b.append(" }");
    }
  }

  /** Reads one value, skipping every third value (counting in document order) instead of reading it. */
  private static void walkSkipping(JsonReader r, StringBuilder b, int[] counter) {
    if (counter[0]++ % 3 == 1) {
      r.skipValue();
      b.append(" ~");
      return;
    }
    JsonToken t = r.peek();
    switch (t) {
      case NUMBER: b.append(" #").append(r.nextDouble()); break;
      case STRING: b.append(" \"").append(r.nextString()).append('"'); break;
      case TRUE:
      case FALSE: b.append(' ').append(r.nextBoolean()); break;
      case NULL: r.nextNull(); b.append(" null"); break;
      case BEGIN_ARRAY:
        r.beginArray();
        b.append(" [");
        while (r.hasNext()) walkSkipping(r, b, counter);
        r.endArray();
        b.append(" ]");
        break;
      case BEGIN_OBJECT:
        r.beginObject();
        b.append(" {");
        while (r.hasNext()) {
          b.append(' ').append(r.nextName()).append(':');
          walkSkipping(r, b, counter);
        }
        r.endObject();
        b.append(" }");
        break;
      default:
        throw new AssertionError(t);
    }
  }

  @Test
  void fuzzRandomDocumentsLargerThanTheBuffer() {
    SplittableRandom random = new SplittableRandom(424242);
    for (int doc = 0; doc < 3; doc++) {
      List<Node> items = new ArrayList<>();
      StringBuilder json = new StringBuilder("[");
      // Well past several buffer lengths, so tokens straddle refills everywhere.
      while (json.length() < 400_000) {
        Node n = randomNode(random, 0);
        if (!items.isEmpty()) json.append(',');
        write(n, json, random);
        items.add(n);
      }
      json.append("]\n");
      StringBuilder expected = new StringBuilder();
      expect(new Arr(items), expected, new int[] {0});
      byte[] bytes = utf8(json.toString());
      JsonReader[] readers = {
        new JsonReader(bytes, 0, bytes.length),
        new JsonReader(new ByteArrayInputStream(bytes)),
        new JsonReader(new TrickleInputStream(bytes, doc, 1 + doc * 3000)),
      };
      for (JsonReader r : readers) {
        StringBuilder actual = new StringBuilder();
        walkSkipping(r, actual, new int[] {0});
        assertEquals(JsonToken.END_DOCUMENT, r.peek());
        assertEquals(expected.toString(), actual.toString());
      }
    }
  }

  @Test
  void megabyteDocumentHasTheRightValues() {
    StringBuilder json = new StringBuilder("{\"info\": {\"v\": 1}, \"rows\": [\n");
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      if (i > 0) json.append(",\n");
      json.append("{\"id\": ").append(i).append(", \"score\": ").append(i / 7.0)
          .append(", \"name\": \"row-").append(i).append("-é\", \"bbox\": [").append(i).append(".25, 1, 2, 3]}");
    }
    json.append("]}");
    assertTrue(json.length() > 1_000_000);
    JsonReader r = stream(json.toString());
    r.beginObject();
    assertEquals("info", r.nextName());
    r.skipValue();
    assertEquals("rows", r.nextName());
    r.beginArray();
    int i = 0;
    while (r.hasNext()) {
      r.beginObject();
      assertEquals("id", r.nextName());
      assertEquals(i, r.nextLong());
      assertEquals("score", r.nextName());
      assertEquals(i / 7.0, r.nextDouble());
      assertEquals("name", r.nextName());
      assertEquals("row-" + i + "-é", r.nextString());
      assertEquals("bbox", r.nextName());
      r.beginArray();
      assertEquals(i + 0.25, r.nextDouble());
      r.skipValue();
      r.skipValue();
      assertEquals(3.0, r.nextDouble());
      r.endArray();
      r.endObject();
      i++;
    }
    r.endArray();
    r.endObject();
    assertEquals(n, i);
    assertEquals(JsonToken.END_DOCUMENT, r.peek());
    assertEquals(n + 1, r.line());
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`hello`                     | `expected a value but found 'h' at line 1 column 1`",
    "``                          | `no JSON value in the input (empty file?) at line 1 column 1`",
    "`  \n `                     | `no JSON value in the input (empty file?) at line 2 column 2`",
    "`[1,]`                      | `expected a value but found ']' at line 1 column 4`",
    "`[1 2]`                     | `expected ',' or ']' but found '2' at line 1 column 4`",
    "`[,1]`                      | `expected a value or ']' but found ',' at line 1 column 2`",
    "`{\"a\":1,}`                | `expected a name in double quotes but found '}' at line 1 column 8`",
    "`{a:1}`                     | `expected a name in double quotes or '}' but found 'a' at line 1 column 2`",
    "`{\n  \"a\": 1,\n  \"b\" 2\n}` | `expected ':' but found '2' at line 3 column 7`",
    "`{\"a\":1]`                 | `expected ',' or '}' but found ']' at line 1 column 7`",
    "`[1]x`                      | `expected end of input but found 'x' at line 1 column 4`",
    "`[01]`                      | `a number must not start with '0' followed by a digit at line 1 column 3`",
    "`[1.e5]`                    | `expected a digit after '.' but found 'e' at line 1 column 4`",
    "`[1e]`                      | `expected a digit in the exponent but found ']' at line 1 column 4`",
    "`[-]`                       | `expected a digit but found ']' at line 1 column 3`",
    "`[-NaN]`                    | `expected a digit but found 'N' at line 1 column 3`",
    "`[+1]`                      | `expected a value or ']' but found '+' at line 1 column 2`",
    "`[tru]`                     | `expected 'true' but found ']' at line 1 column 5`",
    "`[nul1]`                    | `expected 'null' but found '1' at line 1 column 5`",
    "`[\"a\\x\"]`                | `invalid escape '\\x' in a string at line 1 column 5`",
    "`[\"\\u12g4\"]`             | `expected a hex digit in a \\u escape but found 'g' at line 1 column 7`",
    "`[\"a\tb\"]`                | `control character byte 0x09 in a string must be escaped at line 1 column 4`",
    "`[1]\n\n  ]`                | `expected end of input but found ']' at line 3 column 3`",
    "`['a']`                     | `expected a value or ']' but found ''' at line 1 column 2`",
  })
  void syntaxErrorsSayWhatAndWhere(String json, String message) {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> walk(stream(json)));
    assertEquals(message, e.getMessage());
    byte[] bytes = utf8(json);
    e = assertThrows(JsonSyntaxException.class, () -> walk(new JsonReader(bytes, 0, bytes.length)));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "ff | invalid UTF-8 byte 0xff in a string at line 1 column 3",
    "c0af | invalid UTF-8 byte 0xc0 in a string at line 1 column 3",
    "e282 | invalid UTF-8 byte 0x22 in a string at line 1 column 5",
    "eda080 | invalid UTF-8 sequence in a string at line 1 column 3",
    "f4908080 | invalid UTF-8 sequence in a string at line 1 column 3",
    "e08080 | invalid UTF-8 sequence in a string at line 1 column 3",
  })
  void invalidUtf8InStrings(String hex, String message) {
    int n = hex.length() / 2;
    byte[] bytes = new byte[n + 4];
    bytes[0] = '[';
    bytes[1] = '"';
    for (int i = 0; i < n; i++) bytes[2 + i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    bytes[n + 2] = '"';
    bytes[n + 3] = ']';
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> walk(new JsonReader(bytes, 0, bytes.length)));
    assertEquals(message, e.getMessage());
  }

  private static final String SMALL_DOCUMENT =
      "{\"a\": [1, -2.5e-3, \"x\\u00e9\\n\", true, false, null, {}, []],\n \"é\": \"\uD83D\uDE00\", \"b\": {\"c\": [NaN]},"
          + " \"d\": -Infinity, \"e\": 12345678901234567890}";

  @Test
  void smallDocumentIsValid() {
    assertEquals("{ a: [ #1.0 #-0.0025 \"xé\n\" true false null { } [ ] ] é: \"\uD83D\uDE00\" b: { c: [ #NaN ] }"
        + " d: #-Infinity e: #1.2345678901234567E19 }", walk(stream(SMALL_DOCUMENT)));
  }

  @Test
  void everyTruncationIsReportedAsTruncation() {
    byte[] full = utf8(SMALL_DOCUMENT);
    for (int k = 0; k < full.length; k++) {
      byte[] prefix = java.util.Arrays.copyOf(full, k);
      String where = "prefix of " + k + " bytes";
      List<JsonReader> readers = List.of(
          new JsonReader(prefix, 0, k),
          new JsonReader(new TrickleInputStream(prefix, k, 3)));
      for (JsonReader r : readers) {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> walk(r), where);
        if (k == 0) {
          assertEquals("no JSON value in the input (empty file?)", e.reason(), where);
        } else {
          assertEquals("unexpected end of input (truncated file?)", e.reason(), where);
          assertEquals(k, e.byteOffset(), where);
        }
      }
      JsonReader skipping = new JsonReader(prefix, 0, k);
      assertThrows(JsonSyntaxException.class, skipping::skipValue, where);
    }
  }

  @Test
  void truncationMessageNamesLineAndColumn() {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> walk(stream("[\n  {\"a\": \"abc")));
    assertEquals("unexpected end of input (truncated file?) at line 2 column 13", e.getMessage());
    assertEquals(2, e.line());
    assertEquals(13, e.column());
    assertEquals(14, e.byteOffset());
  }

  // ---------------------------------------------------------------------------------------------
  // skipValueQuickly

  /** A random JSON value whose strings hold brackets, quotes, backslashes and non-ASCII text. */
  private static void randomValue(SplittableRandom rnd, int depth, StringBuilder out) {
    int kind = depth > 4 ? 2 + rnd.nextInt(3) : rnd.nextInt(5);
    String ws = rnd.nextInt(4) == 0 ? "\n  " : (rnd.nextBoolean() ? " " : "");
    switch (kind) {
      case 0 -> {
        out.append('[').append(ws);
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) out.append(',').append(ws);
          randomValue(rnd, depth + 1, out);
        }
        out.append(ws).append(']');
      }
      case 1 -> {
        out.append('{').append(ws);
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) out.append(',').append(ws);
          out.append("\"k").append(i).append("]\\\"\":").append(ws);
          randomValue(rnd, depth + 1, out);
        }
        out.append(ws).append('}');
      }
      case 2 -> out.append(rnd.nextInt(3) == 0 ? "-1.5e-3" : Integer.toString(rnd.nextInt(100000)));
      case 3 -> out.append(new String[] {"\"a]}\"", "\"\\\\\"", "\"\\\"[{\"", "\"caf\u00e9 {\"", "\"\""}[rnd.nextInt(5)]);
      default -> out.append(new String[] {"true", "false", "null"}[rnd.nextInt(3)]);
    }
  }

  @Test
  void skipValueQuicklyStopsWhereSkipValueDoesWithTheSameLines() {
    for (int doc = 0; doc < 300; doc++) {
      SplittableRandom rnd = new SplittableRandom(doc);
      StringBuilder sb = new StringBuilder("{\"a\": ");
      randomValue(rnd, 0, sb);
      sb.append(",\n \"b\": ");
      randomValue(rnd, 0, sb);
      sb.append(",\n \"after\": [7, \"x\"]}");
      byte[] bytes = utf8(sb.toString());
      JsonReader slow = new JsonReader(new TrickleInputStream(bytes, doc, 7));
      JsonReader quick = new JsonReader(new TrickleInputStream(bytes, doc + 1, 5));
      for (JsonReader r : List.of(slow, quick)) r.beginObject();
      for (int i = 0; i < 2; i++) {
        slow.skipValue();
        quick.skipValueQuickly(); // skips the name and its value
      }
      assertEquals(slow.nextName(), quick.nextName(), "doc " + doc);
      assertEquals(slow.line(), quick.line(), "doc " + doc);
      assertEquals(slow.column(), quick.column(), "doc " + doc);
      quick.beginArray();
      assertEquals(7, quick.nextLong());
      assertEquals("x", quick.nextString());
      quick.endArray();
      quick.endObject();
      assertEquals(JsonToken.END_DOCUMENT, quick.peek());
    }
  }

  @Test
  void skipValueQuicklyReportsATruncatedValueAndAMismatchedOuterBracket() {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> stream("[1, [2, \"]\"").skipValueQuickly());
    assertTrue(e.getMessage().contains("unexpected end of input"), e.getMessage());
    JsonReader r = stream("[1, {\"a\": 2}}");
    assertThrows(JsonSyntaxException.class, r::skipValueQuickly);
  }
}
