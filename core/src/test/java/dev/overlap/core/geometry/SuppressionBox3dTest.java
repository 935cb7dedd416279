package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Suppression;
import dev.overlap.core.io.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NMS / Soft-NMS of rotated boxes by BEV or 3D IoU, per category, survivors in input order. */
class SuppressionBox3dTest {
  static Detection det(long cat, long seq, double score, double... box3d) {
    return new Detection(1, cat, null, score, null, seq, box3d);
  }

  @Test
  void rotatedNmsByBevAnd3dIou() {
    double[] car = {0, 0, 0, 4, 2, 1.5, 0.3};
    List<Detection> dts = List.of(
        det(1, 0, 0.6, 0, 0, 0, 4, 2, 1.5, 0.3 + Math.PI), // the same box written with yaw + pi: IoU 1
        det(1, 1, 0.9, car),
        det(1, 2, 0.8, 0, 0, 3, 4, 2, 1.5, 0.3), // same footprint, 3 m higher: BEV IoU 1, 3D IoU 0
        det(2, 3, 0.5, car), // another category: never suppressed by category 1
        det(1, 4, 0.7, 20, 0, 0, 4, 2, 1.5, 0.3)); // far away
    List<Detection> bev = Suppression.nms(0.5).apply(dts, IouType.BEV, s -> "record " + s);
    assertEquals(List.of(1L, 3L, 4L), bev.stream().map(Detection::seq).toList());
    List<Detection> v3 = Suppression.nms(0.5).apply(dts, IouType.BOX3D, s -> "record " + s);
    assertEquals(List.of(1L, 2L, 3L, 4L), v3.stream().map(Detection::seq).toList());
    // gaussian Soft-NMS keeps every box above 0.001 and decays the duplicate by exp(-1 / 0.5)
    List<Detection> soft = Suppression.softNms(SoftNms.Method.GAUSSIAN, 0.3, 0.5).apply(dts, IouType.BEV, s -> "r" + s);
    assertEquals(5, soft.size());
    Detection dup = soft.stream().filter(d -> d.seq() == 0).findFirst().orElseThrow();
    double iou = RotatedBoxes.bevIou(car, 0, dts.get(0).box3d(), 0);
    assertEquals(0.6 * Math.exp(-(iou * iou) / 0.5) * Math.exp(-(iou * iou) / 0.5), dup.score(), 1e-12,
        "decayed by the selected car and then by its same-footprint copy");
  }

  @Test
  void aResultWithoutItsBoxIsNamed() {
    List<Detection> dts = List.of(new Detection(1, 1, null, 0.5, null, 7));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Suppression.nms(0.5).apply(dts, IouType.SEGM, s -> "record " + s));
    assertEquals("bbox", e.field());
    assertEquals("record 7", e.record());
  }
}
