package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NMS and Soft-NMS against box-geometry/nms-cases.json. */
class NmsTest {
  @SuppressWarnings("unchecked")
  static List<Object> cases() {
    return (List<Object>) RefJson.resource("/reference/box-geometry/nms-cases.json").get("cases");
  }

  @Test
  @SuppressWarnings("unchecked")
  void nmsKeptSets() {
    List<Object> cases = cases();
    assertEquals(50, cases.size());
    int checked = 0;
    for (Object o : cases) {
      Map<String, Object> c = (Map<String, Object>) o;
      double[] scores = RefJson.doubles(c.get("scores"));
      int n = scores.length;
      double[] boxes = RefJson.flat(c.get("boxes"), 4);
      Map<String, Object> nms = (Map<String, Object>) c.get("nms");
      for (String t : List.of("0.5", "0.7")) {
        int[] keep = new int[n];
        int k = Nms.nms(boxes, scores, n, Double.parseDouble(t), keep);
        assertArrayEquals(RefJson.ints(nms.get(t)), Arrays.copyOf(keep, k), c.get("kind") + " at " + t);
        checked++;
      }
    }
    assertEquals(100, checked);
  }

  @Test
  @SuppressWarnings("unchecked")
  void softNmsKeptSetsAndScores() {
    for (Object o : cases()) {
      Map<String, Object> c = (Map<String, Object>) o;
      double[] scores = RefJson.doubles(c.get("scores"));
      int n = scores.length;
      double[] boxes = RefJson.flat(c.get("boxes"), 4);
      for (SoftNms.Method m : SoftNms.Method.values()) {
        Map<String, Object> want = (Map<String, Object>) c.get("soft_nms_" + m.label());
        int[] keep = new int[n];
        double[] kept = new double[n];
        int k = SoftNms.softNms(boxes, scores, n, m, SoftNms.DEFAULT_NT, SoftNms.DEFAULT_SIGMA,
            SoftNms.DEFAULT_SCORE_THRESHOLD, keep, kept);
        String what = c.get("kind") + " " + m.label();
        assertArrayEquals(RefJson.ints(want.get("kept")), Arrays.copyOf(keep, k), what);
        double[] ws = RefJson.doubles(want.get("scores"));
        for (int i = 0; i < k; i++) assertEquals(ws[i], kept[i], 1e-12, what + " score " + i);
      }
    }
  }

  /** The precomputed-overlap variants (used for rotated boxes) give the same kept sets and scores. */
  @Test
  @SuppressWarnings("unchecked")
  void matrixVariantsAgree() {
    for (Object o : cases()) {
      Map<String, Object> c = (Map<String, Object>) o;
      double[] scores = RefJson.doubles(c.get("scores"));
      int n = scores.length;
      double[] boxes = RefJson.flat(c.get("boxes"), 4);
      double[] overlap = new double[n * n];
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) overlap[j * n + i] = Nms.overlap(boxes, i, j);
      for (double t : new double[] {0.5, 0.7}) {
        int[] a = new int[n];
        int[] b = new int[n];
        int ka = Nms.nms(boxes, scores, n, t, a);
        int kb = Nms.nmsMatrix(overlap, scores, n, t, b);
        assertArrayEquals(Arrays.copyOf(a, ka), Arrays.copyOf(b, kb), c.get("kind") + " " + t);
      }
      for (SoftNms.Method m : SoftNms.Method.values()) {
        int[] a = new int[n];
        int[] b = new int[n];
        double[] sa = new double[n];
        double[] sb = new double[n];
        int ka = SoftNms.softNms(boxes, scores, n, m, 0.3, 0.5, 0.001, a, sa);
        int kb = SoftNms.softNmsMatrix(overlap, scores, n, m, 0.3, 0.5, 0.001, b, sb);
        assertArrayEquals(Arrays.copyOf(a, ka), Arrays.copyOf(b, kb));
        assertArrayEquals(Arrays.copyOf(sa, ka), Arrays.copyOf(sb, kb));
      }
    }
  }

  @Test
  void thresholdOutsideUnitIntervalIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Nms.nms(new double[0], new double[0], 0, 1.5, new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Nms.nms(new double[0], new double[0], 0, Double.NaN, new int[0]));
  }
}
