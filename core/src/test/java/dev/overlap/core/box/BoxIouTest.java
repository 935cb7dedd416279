package dev.overlap.core.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoxIouTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // case,                          dt x,y,w,h,      gt x,y,w,h,       crowd, expected
      "identical boxes,                 1, 2, 3, 4,      1, 2, 3, 4,       false, 1.0",
      "identical non-integer boxes,     0.1, 0.2, 3.3, 4.7, 0.1, 0.2, 3.3, 4.7, false, 1.0",
      "touching on an edge,             0, 0, 10, 10,    10, 0, 10, 10,    false, 0.0",
      "touching on a corner,            0, 0, 10, 10,    10, 10, 5, 5,     false, 0.0",
      "disjoint,                        0, 0, 1, 1,      5, 5, 1, 1,       false, 0.0",
      "half overlap,                    0, 0, 10, 10,    5, 0, 10, 10,     false, 0.3333333333333333",
      "detection inside ground truth,   2, 2, 4, 4,      0, 0, 8, 8,       false, 0.25",
      "crowd: intersection / dt area,   0, 0, 10, 10,    5, 0, 100, 100,   true,  0.5",
      "crowd: detection inside,         10, 10, 5, 5,    0, 0, 100, 100,   true,  1.0",
      "crowd: crowd inside detection,   0, 0, 10, 10,    2, 2, 2, 2,       true,  0.04",
      "zero-width detection,            5, 5, 0, 10,     0, 0, 20, 20,     false, 0.0",
      "zero-height detection,           5, 5, 10, 0,     0, 0, 20, 20,     false, 0.0",
      "zero-width detection on crowd,   5, 5, 0, 10,     0, 0, 20, 20,     true,  0.0",
      "IoU exactly 0.75 (coco-edge 02), 0, 0, 100, 100,  0, 0, 100, 75,    false, 0.75",
  })
  void handCases(String name, double dx, double dy, double dw, double dh, double gx, double gy, double gw, double gh,
      boolean crowd, double expected) {
    double[] out = {Double.NaN};
    BoxIou.iou(new double[] {dx, dy, dw, dh}, 1, new double[] {gx, gy, gw, gh}, 1, new boolean[] {crowd}, out);
    assertEquals(expected, out[0], 0.0, name);
  }

  @Test
  void writesGroundTruthMajorLayoutAndNullCrowdMeansNone() {
    double[] dt = {0, 0, 10, 10, 5, 5, 10, 10, 100, 100, 1, 1};
    double[] gt = {0, 0, 10, 10, 5, 0, 10, 20};
    double[] out = new double[6];
    BoxIou.iou(dt, 3, gt, 2, null, out);
    assertEquals(1.0, out[0]);
    assertEquals(25.0 / 175.0, out[1]);
    assertEquals(0.0, out[2]);
    assertEquals(50.0 / 250.0, out[3]);
    assertEquals(100.0 / 200.0, out[4]);
    assertEquals(0.0, out[5]);
    double[] noCrowd = new double[6];
    BoxIou.iou(dt, 3, gt, 2, new boolean[2], noCrowd);
    for (int i = 0; i < 6; i++) {
      assertEquals(out[i], noCrowd[i], 0.0);
    }
  }

  @Test
  void areaIsWidthTimesHeight() {
    double[] boxes = {0, 0, 2, 3, 1.5, 2.5, 0.5, 4};
    assertEquals(6.0, BoxIou.area(boxes, 0));
    assertEquals(2.0, BoxIou.area(boxes, 1));
  }

  /**
   * Fast path against pixels: boxes on a grid of {@code 1/scale} pixels, rasterised and counted.
   * With coordinates multiples of 1/2, w*h and the sums are exact in doubles and scaling numerator
   * and denominator by 4 does not change the rounded quotient, so equality is exact.
   */
  @Test
  void matchesRasterisedBoxesOnRandomGridBoxes() {
    SplittableRandom random = new SplittableRandom(7);
    int grid = 48;
    for (int trial = 0; trial < 2_000; trial++) {
      int scale = random.nextBoolean() ? 1 : 2;
      int m = random.nextInt(0, 6);
      int n = random.nextInt(0, 6);
      int[] dtCells = randomCells(random, m, grid);
      int[] gtCells = randomCells(random, n, grid);
      boolean[] crowd = new boolean[n];
      for (int g = 0; g < n; g++) {
        crowd[g] = random.nextInt(3) == 0;
      }
      double[] out = new double[m * n];
      BoxIou.iou(toBoxes(dtCells, scale), m, toBoxes(gtCells, scale), n, crowd, out);
      for (int g = 0; g < n; g++) {
        for (int d = 0; d < m; d++) {
          long inter = 0;
          long dArea = 0;
          long union = 0;
          for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
              boolean inD = covers(dtCells, d, x, y);
              boolean inG = covers(gtCells, g, x, y);
              if (inD && inG) {
                inter++;
              }
              if (inD) {
                dArea++;
              }
              if (inD || inG) {
                union++;
              }
            }
          }
          double expected = inter == 0 ? 0.0 : (double) inter / (double) (crowd[g] ? dArea : union);
          assertEquals(expected, out[g * m + d], 0.0, "trial " + trial + " d " + d + " g " + g);
        }
      }
    }
  }

  @Test
  void rejectsShortArrays() {
    double[] box = {0, 0, 1, 1};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BoxIou.iou(box, 2, box, 1, null, new double[2]));
    assertTrue(e.getMessage().contains("dt has 4 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BoxIou.iou(box, 1, box, 1, null, new double[0]));
    assertThrows(IllegalArgumentException.class, () -> BoxIou.iou(box, 1, box, 1, new boolean[0], new double[1]));
    assertThrows(IllegalArgumentException.class, () -> BoxIou.iou(box, -1, box, 1, null, new double[1]));
  }

  /** Boxes as cells {@code x, y, w, h} on the grid, sizes from 0 (degenerate) up. */
  private static int[] randomCells(SplittableRandom random, int count, int grid) {
    int[] cells = new int[4 * count];
    for (int i = 0; i < count; i++) {
      int x = random.nextInt(grid);
      int y = random.nextInt(grid);
      cells[4 * i] = x;
      cells[4 * i + 1] = y;
      cells[4 * i + 2] = random.nextInt(grid - x + 1) / (random.nextBoolean() ? 1 : 3);
      cells[4 * i + 3] = random.nextInt(grid - y + 1) / (random.nextBoolean() ? 1 : 3);
    }
    return cells;
  }

  private static double[] toBoxes(int[] cells, int scale) {
    double[] boxes = new double[cells.length];
    for (int i = 0; i < cells.length; i++) {
      boxes[i] = (double) cells[i] / scale;
    }
    return boxes;
  }

  private static boolean covers(int[] cells, int i, int x, int y) {
    int x0 = cells[4 * i];
    int y0 = cells[4 * i + 1];
    return x >= x0 && x < x0 + cells[4 * i + 2] && y >= y0 && y < y0 + cells[4 * i + 3];
  }
}
