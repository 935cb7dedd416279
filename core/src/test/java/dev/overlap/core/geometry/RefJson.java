package dev.overlap.core.geometry;

import dev.overlap.core.testing.TestJson;
import java.util.List;
import java.util.Map;

/**
 * Test helper: the geometry reference files' arrays as primitive arrays (null as NaN), over the shared
 * {@link TestJson} parser.
 */
final class RefJson {
  private RefJson() {}

  static Map<String, Object> resource(String path) {
    return TestJson.map(TestJson.resource(path));
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
