package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IoU / GIoU / DIoU / CIoU against box-geometry/pairs.json (torchvision.ops in float64, null = NaN). */
class IouFamilyTest {
  @Test
  @SuppressWarnings("unchecked")
  void everyReferencePair() {
    List<Object> pairs = (List<Object>) RefJson.resource("/reference/box-geometry/pairs.json").get("pairs");
    assertEquals(498, pairs.size());
    String[] keys = {"iou", "giou", "diou", "ciou"};
    int[] nan = new int[4];
    double[] out = new double[4];
    for (Object o : pairs) {
      Map<String, Object> p = (Map<String, Object>) o;
      double[] a = RefJson.doubles(p.get("box1"));
      double[] b = RefJson.doubles(p.get("box2"));
      IouFamily.all(a, 0, b, 0, out, 0);
      double[] single = {IouFamily.iou(a, 0, b, 0), IouFamily.giou(a, 0, b, 0), IouFamily.diou(a, 0, b, 0),
          IouFamily.ciou(a, 0, b, 0)};
      for (int k = 0; k < 4; k++) {
        Double want = (Double) p.get(keys[k]);
        String what = p.get("kind") + " " + keys[k] + " " + p.get("box1") + " " + p.get("box2");
        if (want == null) {
          assertTrue(Double.isNaN(out[k]), what + ": expected NaN, got " + out[k]);
          assertTrue(Double.isNaN(single[k]), what);
          nan[k]++;
        } else {
          assertEquals(want, out[k], 1e-12, what);
          assertEquals(out[k], single[k], 0, what);
        }
      }
    }
    assertEquals(17, nan[0]);
    assertEquals(17, nan[1]);
    assertEquals(17, nan[2]);
    assertEquals(37, nan[3]);
  }

  @Test
  void pairwiseLayout() {
    double[] b1 = {0, 0, 2, 2, 1, 1, 3, 4};
    double[] b2 = {0, 0, 1, 1, 0, 1, 5, 2, -3, -3, -1, -1};
    double[] out = new double[6];
    IouFamily.pairwise(IouFamily.CIOU, b1, 2, b2, 3, out);
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 2; i++) assertEquals(IouFamily.ciou(b1, 4 * i, b2, 4 * j), out[j * 2 + i], 0);
    }
    // IoU of [0,0,2,2] and [0,0,1,1] is 1/4; GIoU equal (the enclosing box is box 1)
    assertEquals(0.25, IouFamily.iou(b1, 0, b2, 0));
    assertEquals(0.25, IouFamily.giou(b1, 0, b2, 0));
  }
}
