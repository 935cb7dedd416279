package dev.overlap.core.mask;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolygonsTest {

  /**
   * coco-edge 16: two rectangles (2,2)-(12,12) and (20,2)-(28,12) on a 40x20 image rasterise to
   * x 2..11 and 20..27, y 2..11 (180 px); the detection covers part 1 and three columns of part 2,
   * so the mask IoU is 130/180.
   */
  @Test
  void cocoEdge16TwoPartPolygonAndDetectionIou() {
    Map<?, ?> gt = (Map<?, ?>) TestJson.parse(MaskFixtures.resourceText("coco-edge-16/gt.json"));
    Map<?, ?> image = (Map<?, ?>) ((List<?>) gt.get("images")).get(0);
    int h = ((Double) image.get("height")).intValue();
    int w = ((Double) image.get("width")).intValue();
    assertEquals(20, h);
    assertEquals(40, w);
    Map<?, ?> ann = (Map<?, ?>) ((List<?>) gt.get("annotations")).get(0);
    double[][] parts = toArrays((List<?>) ann.get("segmentation"));
    assertEquals(2, parts.length);

    Rle mask = Polygons.toRle(parts, h, w);
    byte[] pixels = Masks.decode(mask);
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        boolean expected = y >= 2 && y <= 11 && (x >= 2 && x <= 11 || x >= 20 && x <= 27);
        assertEquals(expected ? 1 : 0, pixels[x * h + y], "pixel " + x + "," + y);
      }
    }
    assertEquals(180, mask.area());
    assertEquals(((Double) ann.get("area")).longValue(), mask.area());
    assertEquals(100, Polygons.toRle(parts[0], 4, h, w).area());
    assertEquals(80, Polygons.toRle(parts[1], 4, h, w).area());

    Map<?, ?> det = (Map<?, ?>) ((List<?>) TestJson.parse(MaskFixtures.resourceText("coco-edge-16/pred.json"))).get(0);
    Rle dt = Rle.fromCompressed(h, w, (String) ((Map<?, ?>) det.get("segmentation")).get("counts"));
    double[] iou = new double[1];
    Masks.iou(new Rle[] {dt}, 1, new Rle[] {mask}, 1, null, iou);
    assertEquals(130.0 / 180.0, iou[0], 0.0);
  }

  /**
   * coco-edge 17: a 5x5 detection 16/25 inside the crowd (IoU 0.64 against a crowd), a detection
   * inside the crowd (1.0), and a detection equal to the polygon ground truth (1.0).
   */
  @Test
  void cocoEdge17CrowdRleAndPolygon() {
    Map<?, ?> gt = (Map<?, ?>) TestJson.parse(MaskFixtures.resourceText("coco-edge-17/gt.json"));
    List<?> anns = (List<?>) gt.get("annotations");
    Map<?, ?> image = (Map<?, ?>) ((List<?>) gt.get("images")).get(0);
    int h = ((Double) image.get("height")).intValue();
    int w = ((Double) image.get("width")).intValue();
    Rle polygon = Polygons.toRle(toArrays((List<?>) ((Map<?, ?>) anns.get(0)).get("segmentation")), h, w);
    Map<?, ?> crowdSeg = (Map<?, ?>) ((Map<?, ?>) anns.get(1)).get("segmentation");
    List<?> crowdCounts = (List<?>) crowdSeg.get("counts");
    int[] counts = new int[crowdCounts.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = ((Double) crowdCounts.get(i)).intValue();
    }
    Rle crowd = Rle.of(h, w, counts);
    assertEquals(100, polygon.area());
    assertEquals(400, crowd.area());

    List<?> preds = (List<?>) TestJson.parse(MaskFixtures.resourceText("coco-edge-17/pred.json"));
    Rle[] dt = new Rle[preds.size()];
    for (int d = 0; d < dt.length; d++) {
      Map<?, ?> seg = (Map<?, ?>) ((Map<?, ?>) preds.get(d)).get("segmentation");
      dt[d] = Rle.fromCompressed(h, w, (String) seg.get("counts"));
    }
    double[] iou = new double[2 * dt.length];
    Masks.iou(dt, dt.length, new Rle[] {polygon, crowd}, 2, new boolean[] {false, true}, iou);
    assertArrayEquals(new double[] {0.0, 0.0, 1.0, 0.64, 1.0, 0.0}, iou, 0.0);
  }

  /** An axis-aligned integer rectangle, in any vertex order and orientation, is exactly its pixels. */
  @Test
  void integerRectangleRasterisesToItsPixels() {
    SplittableRandom random = new SplittableRandom(23);
    for (int trial = 0; trial < 2_000; trial++) {
      int h = random.nextInt(1, 50);
      int w = random.nextInt(1, 50);
      int x0 = random.nextInt(0, w);
      int x1 = random.nextInt(x0 + 1, w + 1);
      int y0 = random.nextInt(0, h);
      int y1 = random.nextInt(y0 + 1, h + 1);
      double[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
      if (random.nextBoolean()) {
        double[] t = corners[1];
        corners[1] = corners[3];
        corners[3] = t;
      }
      int start = random.nextInt(4);
      double[] xy = new double[8];
      for (int i = 0; i < 4; i++) {
        xy[2 * i] = corners[(start + i) % 4][0];
        xy[2 * i + 1] = corners[(start + i) % 4][1];
      }
      byte[] expected = new byte[h * w];
      for (int x = x0; x < x1; x++) {
        for (int y = y0; y < y1; y++) {
          expected[x * h + y] = 1;
        }
      }
      Rle r = Polygons.toRle(xy, 4, h, w);
      assertArrayEquals(MaskFixtures.countsOf(expected), r.counts(), "trial " + trial + " " + Arrays.toString(xy));
    }
  }

  /** Repeated points add a degenerate edge (rleFrPoly's 0/0 slope) that changes nothing. */
  @Test
  void repeatedPointsDoNotChangeTheMask() {
    SplittableRandom random = new SplittableRandom(29);
    for (int trial = 0; trial < 1_000; trial++) {
      int h = random.nextInt(5, 40);
      int w = random.nextInt(5, 40);
      int k = random.nextInt(3, 9);
      double[] xy = new double[2 * k];
      for (int i = 0; i < k; i++) {
        xy[2 * i] = Math.round(random.nextDouble(-2, w + 2) * 100) / 100.0;
        xy[2 * i + 1] = Math.round(random.nextDouble(-2, h + 2) * 100) / 100.0;
      }
      int dup = random.nextInt(k);
      double[] withDup = new double[2 * k + 2];
      System.arraycopy(xy, 0, withDup, 0, 2 * dup + 2);
      withDup[2 * dup + 2] = xy[2 * dup];
      withDup[2 * dup + 3] = xy[2 * dup + 1];
      System.arraycopy(xy, 2 * dup + 2, withDup, 2 * dup + 4, 2 * k - 2 * dup - 2);
      Rle plain = Polygons.toRle(xy, k, h, w);
      assertEquals(plain, Polygons.toRle(withDup, k + 1, h, w), "trial " + trial);
    }
  }

  @Test
  void polygonOutsideTheImageIsEmpty() {
    Rle r = Polygons.toRle(new double[] {50, 50, 60, 50, 60, 60}, 3, 10, 10);
    assertArrayEquals(new int[] {100}, r.counts());
    Rle left = Polygons.toRle(new double[] {-9, 2, -3, 2, -3, 8}, 3, 10, 10);
    assertEquals(0, left.area());
  }

  @Test
  void usesOnlyTheFirstKPoints() {
    double[] xy = {2, 2, 12, 2, 12, 12, 2, 12, 99, 99};
    assertEquals(100, Polygons.toRle(xy, 4, 20, 20).area());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1,1,5,5                | polygon part 0 has 4 coordinates, expected an even count of at least 6",
      "1,1,5,5,9              | polygon part 0 has 5 coordinates, expected an even count of at least 6",
      "1,1,5,5,9,9;1,1,5,5,9  | polygon part 1 has 5 coordinates, expected an even count of at least 6",
      "1,1,5,NaN,9,9          | polygon coordinate 3 is NaN, expected a finite number",
      "1,1,5,Infinity,9,9     | polygon coordinate 3 is Infinity, expected a finite number",
      "1,1,5,3e8,9,9          | polygon coordinate 3 is 3.0E8, beyond +-2e8",
      "1,1,5,5,9,9;1,1,5,NaN,9,9 | polygon part 1: polygon coordinate 3 is NaN, expected a finite number",
  })
  void rejectsInvalidPolygons(String parts, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Polygons.toRle(MaskFixtures.parseParts(parts), 10, 10));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsEmptyListAndTooFewPoints() {
    assertThrows(IllegalArgumentException.class, () -> Polygons.toRle(new double[0][], 10, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Polygons.toRle(new double[] {1, 1, 2, 2}, 2, 10, 10));
    assertEquals("polygon has 2 points, expected at least 3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Polygons.toRle(new double[] {1, 1, 2, 2, 3}, 3, 10, 10));
  }

  private static double[][] toArrays(List<?> parts) {
    double[][] out = new double[parts.size()][];
    for (int i = 0; i < out.length; i++) {
      List<?> p = (List<?>) parts.get(i);
      out[i] = new double[p.size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (Double) p.get(j);
      }
    }
    return out;
  }
}
