package dev.overlap.jobs;

import dev.overlap.core.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: small JSON documents (expected.json, summary.json) as maps, lists, doubles, strings. */
public final class Json {
  private Json() {}

  public static Object read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Object resource(String name) {
    return read(Path.of(TestData.path(name)));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  public static Object parse(InputStream in) {
    try (JsonReader r = new JsonReader(in)) {
      return value(r);
    }
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
