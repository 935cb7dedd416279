package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BEV / 3D IoU against box3d-small/iou-pairs.json (exact rational arithmetic) and a naive hull-based slow path. */
class RotatedBoxesTest {
  static final String PAIRS = "/reference/box3d-small/iou-pairs.json";

  @Test
  @SuppressWarnings("unchecked")
  void everyReferencePairWithin1e12() {
    List<Object> pairs = (List<Object>) RefJson.resource(PAIRS).get("pairs");
    assertEquals(297, pairs.size());
    int exactHalf = 0;
    for (Object o : pairs) {
      Map<String, Object> p = (Map<String, Object>) o;
      double[] a = RefJson.doubles(p.get("box1"));
      double[] b = RefJson.doubles(p.get("box2"));
      double bev = (Double) p.get("bev_iou");
      double v3 = (Double) p.get("iou_3d");
      String kind = (String) p.get("kind");
      assertEquals(bev, RotatedBoxes.bevIou(a, 0, b, 0), 1e-12, kind + " bev");
      assertEquals(v3, RotatedBoxes.iou3d(a, 0, b, 0), 1e-12, kind + " 3d");
      // symmetric
      assertEquals(bev, RotatedBoxes.bevIou(b, 0, a, 0), 1e-12, kind + " bev swapped");
      assertEquals(v3, RotatedBoxes.iou3d(b, 0, a, 0), 1e-12, kind + " 3d swapped");
      if (kind.startsWith("exact_half")) exactHalf++;
    }
    assertTrue(exactHalf > 0, "the file has exact-half pairs");
  }

  @Test
  @SuppressWarnings("unchecked")
  void matrixLayoutMatchesPairs() {
    List<Object> pairs = (List<Object>) RefJson.resource(PAIRS).get("pairs");
    int m = 20;
    int n = 15;
    double[] dt = new double[7 * m];
    double[] gt = new double[7 * n];
    for (int d = 0; d < m; d++) System.arraycopy(RefJson.doubles(((Map<String, Object>) pairs.get(d)).get("box1")), 0, dt, 7 * d, 7);
    for (int g = 0; g < n; g++) System.arraycopy(RefJson.doubles(((Map<String, Object>) pairs.get(g)).get("box1")), 0, gt, 7 * g, 7);
    double[] bev = new double[m * n];
    double[] v3 = new double[m * n];
    RotatedBoxes.bevIou(dt, m, gt, n, bev);
    RotatedBoxes.iou3d(dt, m, gt, n, v3);
    for (int g = 0; g < n; g++) {
      for (int d = 0; d < m; d++) {
        assertEquals(RotatedBoxes.bevIou(dt, 7 * d, gt, 7 * g), bev[g * m + d], 0);
        assertEquals(RotatedBoxes.iou3d(dt, 7 * d, gt, 7 * g), v3[g * m + d], 0);
      }
    }
    // a box with itself (the reference pairs' first boxes) is 1 up to ulps
    assertEquals(1, bev[0], 1e-14);
  }

  @Test
  @SuppressWarnings("unchecked")
  void alignedPairsEqualSinglePairs() {
    List<Object> pairs = (List<Object>) RefJson.resource(PAIRS).get("pairs");
    int n = pairs.size();
    double[] a = new double[7 * n];
    double[] b = new double[7 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(RefJson.doubles(((Map<String, Object>) pairs.get(i)).get("box1")), 0, a, 7 * i, 7);
      System.arraycopy(RefJson.doubles(((Map<String, Object>) pairs.get(i)).get("box2")), 0, b, 7 * i, 7);
    }
    double[] bev = new double[n];
    double[] v3 = new double[n];
    RotatedBoxes.bevIouPairs(a, b, n, bev);
    RotatedBoxes.iou3dPairs(a, b, n, v3);
    for (int i = 0; i < n; i++) {
      assertEquals(RotatedBoxes.bevIou(a, 7 * i, b, 7 * i), bev[i], 0);
      assertEquals(RotatedBoxes.iou3d(a, 7 * i, b, 7 * i), v3[i], 0);
    }
  }

  @Test
  void degenerateBoxes() {
    double[] a = {0, 0, 0, 2, 1, 1, 0.3};
    double[] needle = {0, 0, 0, 0, 1, 1, 0.3};
    double[] flat = {0, 0, 0, 2, 1, 0, 0.3};
    assertEquals(0, RotatedBoxes.bevIou(a, 0, needle, 0));
    assertEquals(0, RotatedBoxes.bevIou(needle, 0, needle, 0)); // 0 / 0 is 0
    assertEquals(0, RotatedBoxes.iou3d(a, 0, flat, 0));
    assertEquals(0, RotatedBoxes.iou3d(flat, 0, flat, 0));
    assertEquals(1, RotatedBoxes.bevIou(a, 0, flat, 0), 1e-15);
    double[] stacked = {0, 0, 1, 2, 1, 1, 0.3};
    assertEquals(0, RotatedBoxes.iou3d(a, 0, stacked, 0));
    assertEquals(1, RotatedBoxes.bevIou(a, 0, stacked, 0), 1e-15);
  }

  @Test
  void yawEquivalencesGiveTheSameIou() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int it = 0; it < 2000; it++) {
      double[] a = random(rnd);
      double[] b = random(rnd);
      double ref = RotatedBoxes.bevIou(a, 0, b, 0);
      double[] b2 = b.clone();
      b2[6] += Math.PI;
      double[] b3 = {b[0], b[1], b[2], b[4], b[3], b[5], b[6] + Math.PI / 2};
      double[] b4 = b.clone();
      b4[6] -= 4 * Math.PI;
      assertEquals(ref, RotatedBoxes.bevIou(a, 0, b2, 0), 1e-12);
      assertEquals(ref, RotatedBoxes.bevIou(a, 0, b3, 0), 1e-12);
      assertEquals(ref, RotatedBoxes.bevIou(a, 0, b4, 0), 1e-12);
    }
  }

  /** Fast (clipping) against slow (hull of inside corners and edge crossings) on seeded random boxes. */
  @Test
  void clippingAgreesWithHullOfCrossings() {
    SplittableRandom rnd = new SplittableRandom(11);
    int overlapping = 0;
    for (int it = 0; it < 20000; it++) {
      double[] a = random(rnd);
      double[] b = random(rnd);
      double[] ca = new double[8];
      double[] cb = new double[8];
      RotatedBoxes.corners(a, 0, ca, 0);
      RotatedBoxes.corners(b, 0, cb, 0);
      double slow = hullIntersectionArea(ca, cb);
      double fast = RotatedBoxes.intersectionArea(ca, 0, cb, 0, new double[RotatedBoxes.SCRATCH]);
      double scale = a[3] * a[4] + b[3] * b[4];
      assertEquals(slow, fast, 1e-12 * scale, "pair " + it);
      if (slow > 0) overlapping++;
      double expectIou = slow / (a[3] * a[4] + b[3] * b[4] - slow);
      assertEquals(expectIou, RotatedBoxes.bevIou(a, 0, b, 0), 1e-12);
    }
    assertTrue(overlapping > 5000, "the generator makes overlaps: " + overlapping);
  }

  private static double[] random(SplittableRandom rnd) {
    double scale = rnd.nextInt(4) == 0 ? 1e-3 : 1;
    return new double[] {rnd.nextDouble(-2, 2) * scale, rnd.nextDouble(-2, 2) * scale, rnd.nextDouble(-1, 1),
        rnd.nextDouble(0.01, 4) * scale, rnd.nextDouble(0.01, 4) * scale, rnd.nextDouble(0.1, 2),
        rnd.nextDouble(-20, 20)};
  }

  /** The naive way: collect corners inside the other box and all edge-edge crossings, sort by angle, shoelace. */
  static double hullIntersectionArea(double[] a, double[] b) {
    double[] pts = new double[2 * 24];
    int n = 0;
    for (int i = 0; i < 4; i++) {
      if (inside(a[2 * i], a[2 * i + 1], b)) { pts[2 * n] = a[2 * i]; pts[2 * n + 1] = a[2 * i + 1]; n++; }
      if (inside(b[2 * i], b[2 * i + 1], a)) { pts[2 * n] = b[2 * i]; pts[2 * n + 1] = b[2 * i + 1]; n++; }
    }
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double px = a[2 * i], py = a[2 * i + 1];
        double rx = a[2 * ((i + 1) & 3)] - px, ry = a[2 * ((i + 1) & 3) + 1] - py;
        double qx = b[2 * j], qy = b[2 * j + 1];
        double sx = b[2 * ((j + 1) & 3)] - qx, sy = b[2 * ((j + 1) & 3) + 1] - qy;
        double den = rx * sy - ry * sx;
        if (den == 0) continue;
        double t = ((qx - px) * sy - (qy - py) * sx) / den;
        double u = ((qx - px) * ry - (qy - py) * rx) / den;
        if (t >= 0 && t <= 1 && u >= 0 && u <= 1) { pts[2 * n] = px + t * rx; pts[2 * n + 1] = py + t * ry; n++; }
      }
    }
    if (n < 3) return 0;
    double cx = 0, cy = 0;
    for (int i = 0; i < n; i++) { cx += pts[2 * i]; cy += pts[2 * i + 1]; }
    cx /= n;
    cy /= n;
    Integer[] order = new Integer[n];
    double[] ang = new double[n];
    for (int i = 0; i < n; i++) { order[i] = i; ang[i] = Math.atan2(pts[2 * i + 1] - cy, pts[2 * i] - cx); }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(ang[x], ang[y]));
    double s = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k], j = order[(k + 1) % n];
      s += (pts[2 * i] - cx) * (pts[2 * j + 1] - cy) - (pts[2 * j] - cx) * (pts[2 * i + 1] - cy);
    }
    return Math.abs(s) / 2;
  }

  private static boolean inside(double x, double y, double[] c) {
    for (int e = 0; e < 4; e++) {
      double ex = c[2 * e], ey = c[2 * e + 1];
      double dx = c[2 * ((e + 1) & 3)] - ex, dy = c[2 * ((e + 1) & 3) + 1] - ey;
      if (dx * (y - ey) - dy * (x - ex) < 0) return false;
    }
    return true;
  }
}
