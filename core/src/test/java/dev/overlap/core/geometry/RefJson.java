package dev.overlap.core.geometry;

import dev.overlap.core.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: a reference JSON file as maps, lists, Doubles (null for JSON null), strings. */
final class RefJson {
  private RefJson() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> resource(String path) {
    try (InputStream in = RefJson.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing test resource " + path);
      try (JsonReader r = new JsonReader(in)) {
        return (Map<String, Object>) value(r);
      }
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

  @SuppressWarnings("unchecked")
  static double[] doubles(Object list) {
    List<Object> l = (List<Object>) list;
    double[] v = new double[l.size()];
    for (int i = 0; i < v.length; i++) v[i] = l.get(i) == null ? Double.NaN : (Double) l.get(i);
    return v;
  }

  @SuppressWarnings("unchecked")
  static int[] ints(Object list) {
    List<Object> l = (List<Object>) list;
    int[] v = new int[l.size()];
    for (int i = 0; i < v.length; i++) v[i] = (int) (double) (Double) l.get(i);
    return v;
  }

  /** A list of boxes as one flat array. */
  @SuppressWarnings("unchecked")
  static double[] flat(Object list, int stride) {
    List<Object> l = (List<Object>) list;
    double[] v = new double[l.size() * stride];
    for (int i = 0; i < l.size(); i++) System.arraycopy(doubles(l.get(i)), 0, v, i * stride, stride);
    return v;
  }
}
