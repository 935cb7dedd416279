package dev.overlap.core.testing;

import dev.overlap.core.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader of the tests (core and jobs): a small document (expected.json, summary.json, a
 * fixture) as {@code Map} (insertion order), {@code List}, {@code Double}, {@code String}, {@code Boolean}
 * and null. Built on core's streaming {@link JsonReader}, whose number parsing is exact for the
 * shortest-repr floats Python writes, so reference values arrive bit for bit.
 */
public final class TestJson {
  private TestJson() {}

  /** Parses a whole stream. */
  public static Object parse(InputStream in) {
    try (JsonReader r = new JsonReader(in)) {
      return value(r);
    }
  }

  /** Parses a string. */
  public static Object parse(String text) {
    return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Parses a file. */
  public static Object read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a test resource, e.g. {@code reference/coco-small/expected.json} (a leading slash is optional). */
  public static Object resource(String name) {
    String path = name.startsWith("/") ? name : "/" + name;
    try (InputStream in = TestJson.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing test resource " + path);
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value as an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  /** The value as an array. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  /** A numeric array as doubles. */
  public static double[] doubles(Object o) {
    List<Object> l = list(o);
    double[] v = new double[l.size()];
    for (int i = 0; i < v.length; i++) v[i] = ((Number) l.get(i)).doubleValue();
    return v;
  }

  /** A number that must be an integer, as a long. */
  public static long integer(Object o) {
    double d = ((Number) o).doubleValue();
    long v = (long) d;
    if (v != d) throw new IllegalArgumentException("not an integer: " + o);
    return v;
  }

  private static Object value(JsonReader r) {
    switch (r.peek()) {
      case BEGIN_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) m.put(r.nextName(), value(r));
        r.endObject();
        return m;
      }
      case BEGIN_ARRAY: {
        List<Object> l = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) l.add(value(r));
        r.endArray();
        return l;
      }
      case STRING:
        return r.nextString();
      case NUMBER:
        return r.nextDouble();
      case TRUE:
      case FALSE:
        return r.nextBoolean();
      default:
        r.nextNull();
        return null;
    }
  }
}
