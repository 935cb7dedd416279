package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import org.junit.jupiter.api.Test;

/** The shuffle encoding carries the keypoint and LVIS fields of every record kind, and their absence. */
class RecordBatchProtocolFieldsTest {
  static EvalRecord roundTrip(EvalRecord r) {
    RecordBatch.Builder b = new RecordBatch.Builder(8);
    b.add(r);
    RecordBatch batch = b.take();
    return RecordBatch.decode(batch.data(), 0);
  }

  @Test
  void keypointAndLvisFieldsSurviveTheShuffleEncoding() {
    double[] kp = {1.5, 2.5, 2, 0, 0, 0, 7, 8, 1};
    GtAnnotation a = new GtAnnotation(9, 4, 3, new double[] {1, 2, 3, 4}, 12.5, true, null, 17, kp, 2, true);
    GtAnnotation g = roundTrip(EvalRecord.of(a)).toGt();
    assertArrayEquals(kp, g.keypoints());
    assertEquals(2, g.numKeypoints());
    assertTrue(g.ignore());
    assertTrue(g.iscrowd());
    assertEquals(17, g.index());

    Detection d = roundTrip(EvalRecord.of(Detection.keypoints(4, 3, null, 0.25, null, 33, kp))).toDetection();
    assertArrayEquals(kp, d.keypoints());
    assertNull(d.bbox());
    assertEquals(33, d.seq());

    Image im = roundTrip(EvalRecord.of(new Image(4, "x.jpg", 64, 48, new long[] {5, 6}, new long[] {3}))).toImage();
    assertArrayEquals(new long[] {5, 6}, im.negCategoryIds());
    assertArrayEquals(new long[] {3}, im.notExhaustiveCategoryIds());

    EvalRecord c = roundTrip(EvalRecord.of(new Category(3, "hand", null, "r", 21), 0));
    assertEquals("r", c.getFrequency());
    assertEquals(21, c.getNumKeypoints());
  }

  @Test
  void cocoRecordsStayWithoutThem() {
    GtAnnotation g = roundTrip(EvalRecord.of(new GtAnnotation(1, 2, 3, new double[] {0, 0, 1, 1}, 1, false, null, 0)))
        .toGt();
    assertNull(g.keypoints());
    assertEquals(-1, g.numKeypoints());
    assertFalse(g.ignore());
    Image im = roundTrip(EvalRecord.of(new Image(2, null, 10, 10))).toImage();
    assertNull(im.negCategoryIds());
    assertNull(im.notExhaustiveCategoryIds());
  }
}
