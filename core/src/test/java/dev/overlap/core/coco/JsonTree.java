package dev.overlap.core.coco;

import dev.overlap.core.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: a small JSON document (expected.json) as maps, lists, doubles, strings. */
public final class JsonTree {
  private JsonTree() {}

  public static Object parse(InputStream in) {
    try (JsonReader r = new JsonReader(in)) {
      return value(r);
    }
  }

  public static Object resource(String path) {
    try (InputStream in = JsonTree.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing test resource " + path);
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
