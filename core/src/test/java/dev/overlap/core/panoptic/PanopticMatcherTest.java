package dev.overlap.core.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.io.InvalidInputException;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** pq_compute's rules on hand-made one-row images, and the exact, order-free IoU sums of PqStats. */
class PanopticMatcherTest {
  private static PqStats run(int[] gtRow, int[] predRow, Segments gt, Segments pred) {
    SegmentPairTable t = new SegmentPairTable();
    t.count(gtRow, 0, predRow, 0, gtRow.length);
    PqStats s = new PqStats(2);
    new PanopticMatcher(2).evaluate(t, gt, pred, "gt.png", "pred.png", s);
    return s;
  }

  private static int[] row(int... runs) {
    // pairs (id, length)
    int n = 0;
    for (int i = 1; i < runs.length; i += 2) n += runs[i];
    int[] r = new int[n];
    int at = 0;
    for (int i = 0; i < runs.length; i += 2) for (int j = 0; j < runs[i + 1]; j++) r[at++] = runs[i];
    return r;
  }

  @Test
  void iouExactlyHalfIsNotAMatchAndJustAboveIs() {
    // gt segment 1 (4 px); pred 7 covers 2 of them: IoU 2/4 = 0.5 exactly; covering 3: 0.75
    Segments gt = Segments.of(new int[] {1}, new int[] {0}, null, new long[] {4}, "gt.json", null);
    Segments pred = Segments.of(new int[] {7}, new int[] {0}, null, null, "pred.json", null);
    PqStats half = run(row(1, 2, 1, 2), row(7, 2, 0, 2), gt, pred);
    assertEquals(0, half.tp(0));
    assertEquals(1, half.fn(0));
    assertEquals(1, half.fp(0));
    PqStats above = run(row(1, 4), row(7, 3, 0, 1), gt, pred);
    assertEquals(1, above.tp(0));
    assertEquals(0.75, above.iouSum(0), 0.0);
  }

  @Test
  void voidPixelsOfThePredictionLeaveTheUnion() {
    // gt 1 (3 px) then VOID (3 px); pred 7 covers 2 of gt and all 3 VOID: IoU = 2 / (5 + 3 - 2 - 3) = 2/3
    Segments gt = Segments.of(new int[] {1}, new int[] {0}, null, new long[] {3}, "gt.json", null);
    Segments pred = Segments.of(new int[] {7}, new int[] {0}, null, null, "pred.json", null);
    PqStats s = run(row(1, 1, 1, 2, 0, 3), row(9, 1, 7, 5), gt, Segments.of(new int[] {7, 9}, new int[] {0, 1}, null,
        null, "pred.json", null));
    assertEquals(1, s.tp(0));
    assertEquals(2.0 / 3.0, s.iouSum(0), 0.0);
    assertEquals(1, s.fp(1), "pred 9 lies on ground truth, not on VOID: a false positive");
    assertEquals(0, s.fp(0), "pred 7 matched");
  }

  @Test
  void onlyTheLastCrowdSegmentOfACategoryAbsorbsPredictions() {
    // crowd 2 and crowd 3, both category 0, 4 px each; pred 7 inside 2, pred 8 inside 3
    Segments gt = Segments.of(new int[] {2, 3}, new int[] {0, 0}, new boolean[] {true, true}, new long[] {4, 4},
        "gt.json", null);
    Segments pred = Segments.of(new int[] {7, 8}, new int[] {0, 0}, null, null, "pred.json", null);
    PqStats s = run(row(2, 4, 3, 4), row(7, 4, 8, 4), gt, pred);
    assertEquals(1, s.fp(0), "inside the earlier crowd: counted");
    assertEquals(0, s.fn(0), "crowd is never a false negative");
    assertEquals(0, s.tp(0));
  }

  @Test
  void pngAndSegmentsInfoMustAgree() {
    Segments gt = Segments.of(new int[] {1}, new int[] {0}, null, new long[] {2}, "gt.json", null);
    Segments pred = Segments.of(new int[] {7}, new int[] {0}, null, null, "pred.json", null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(row(1, 2), row(7, 1, 65536 + 5, 1),
        gt, pred));
    assertEquals("pred.png: segment id 65541 (RGB 5,0,1, 1 pixels) is in the PNG but not in segments_info",
        e.getMessage());
    Segments twoPred = Segments.of(new int[] {7, 8}, new int[] {0, 0}, null, null, "pred.json", null);
    e = assertThrows(InvalidInputException.class, () -> run(row(1, 2), row(7, 2), gt, twoPred));
    assertTrue(e.getMessage().startsWith("pred.png: segment id 8 (RGB 8,0,0, segments_info[1]) is in segments_info"),
        e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Segments.of(new int[] {7, 8, 7}, new int[3], null, null,
        "pred.json", "annotations[4] (image_id 9)"));
    assertEquals("pred.json: annotations[4] (image_id 9): field \"segments_info[2].id\": duplicate segment id 7"
        + " (also segments_info[0])", e.getMessage());
  }

  @Test
  void iouSumsAreExactAndMergeInAnyOrder() {
    SplittableRandom rnd = new SplittableRandom(11);
    PqStats[] parts = new PqStats[50];
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new PqStats(1);
      for (int j = 0; j < 200; j++) {
        long union = 2 + rnd.nextLong(1_000_000);
        long inter = union / 2 + 1 + rnd.nextLong(union - union / 2);
        double iou = (double) inter / union;
        parts[i].addMatch(0, iou);
        exact = exact.add(new BigDecimal(iou));
      }
    }
    PqStats forward = new PqStats(1);
    PqStats backward = new PqStats(1);
    for (int i = 0; i < parts.length; i++) {
      forward.merge(parts[i]);
      backward.merge(PqStats.fromBytes(parts[parts.length - 1 - i].toBytes()));
    }
    assertEquals(Double.doubleToRawLongBits(forward.iouSum(0)), Double.doubleToRawLongBits(backward.iouSum(0)));
    assertEquals(exact.doubleValue(), forward.iouSum(0), 0.0, "the exact sum, rounded once");
    assertEquals(10_000, forward.tp(0));
    assertThrows(IllegalArgumentException.class, () -> forward.addMatch(0, 0.5));
  }
}
