package dev.overlap.core.semseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemsegMetricsTest {
  /**
   * Rows = ground truth. Class 2 is predicted but has no ground truth (IoU 0, recall undefined);
   * class 3 appears nowhere (everything undefined).
   */
  private static final long[] CONFUSION = {
      5, 1, 0, 0,
      2, 7, 3, 0,
      0, 0, 0, 0,
      0, 0, 0, 0,
  };

  private final SemsegMetrics m = SemsegMetrics.of(CONFUSION, 4);

  @ParameterizedTest(name = "class {0}")
  @CsvSource({
      // class, tp, gt, pred, IoU, Dice, precision, recall, frequency
      "0, 5, 6, 7, 0.625, 0.7692307692307693, 0.7142857142857143, 0.8333333333333334, 0.3333333333333333",
      "1, 7, 12, 8, 0.5384615384615384, 0.7, 0.875, 0.5833333333333334, 0.6666666666666666",
      "2, 0, 0, 3, 0.0, 0.0, 0.0, NaN, 0.0",
      "3, 0, 0, 0, NaN, NaN, NaN, NaN, 0.0",
  })
  void perClassValues(int c, long tp, long gt, long pred, double iou, double dice,
      double precision, double recall, double frequency) {
    assertEquals(tp, m.truePositives(c));
    assertEquals(gt, m.gtPixels(c));
    assertEquals(pred, m.predPixels(c));
    assertEquals(iou, m.iou(c), 0);
    assertEquals(dice, m.dice(c), 0);
    assertEquals(precision, m.precision(c), 0);
    assertEquals(recall, m.recall(c), 0);
    assertEquals(frequency, m.frequency(c), 0);
    assertEquals(!Double.isNaN(iou), m.hasIou(c));
    assertEquals(!Double.isNaN(precision), m.hasPrecision(c));
    assertEquals(!Double.isNaN(recall), m.hasRecall(c));
  }

  @Test
  void meansAreOverDefinedClassesInClassOrder() {
    assertEquals(18, m.totalPixels());
    assertEquals((0.625 + 7.0 / 13 + 0.0) / 3, m.meanIou(), 0);
    assertEquals((10.0 / 13 + 0.7 + 0.0) / 3, m.meanDice(), 0);
    assertEquals((5.0 / 6 + 7.0 / 12) / 2, m.meanClassAccuracy(), 0);
    assertEquals(12.0 / 18, m.pixelAccuracy(), 0);
    assertEquals(6.0 / 18 * 0.625 + 12.0 / 18 * (7.0 / 13), m.frequencyWeightedIou(), 0);
  }

  @Test
  void signalMeanIouLeavesOutTheNamedClasses() {
    assertEquals((7.0 / 13 + 0.0) / 2, m.signalMeanIou(0), 0);
    assertEquals(0.0, m.signalMeanIou(0, 1), 0);
    assertEquals(m.meanIou(), m.signalMeanIou(), 0);
    assertEquals(m.meanIou(), m.signalMeanIou(3), 0);
    assertTrue(Double.isNaN(m.signalMeanIou(0, 1, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.signalMeanIou(4));
    assertEquals("excluded class 4 is not a class id (0..3)", e.getMessage());
  }

  @Test
  void anEmptyMatrixHasNothingDefined() {
    SemsegMetrics empty = SemsegMetrics.of(new ConfusionMatrix(3, 255));
    assertEquals(0, empty.totalPixels());
    for (int c = 0; c < 3; c++) {
      assertFalse(empty.hasIou(c));
      assertFalse(empty.hasRecall(c));
      assertFalse(empty.hasPrecision(c));
      assertFalse(SemsegMetrics.isDefined(empty.frequency(c)));
    }
    assertFalse(SemsegMetrics.isDefined(empty.meanIou()));
    assertFalse(SemsegMetrics.isDefined(empty.frequencyWeightedIou()));
    assertFalse(SemsegMetrics.isDefined(empty.pixelAccuracy()));
    assertFalse(SemsegMetrics.isDefined(empty.meanClassAccuracy()));
    assertFalse(SemsegMetrics.isDefined(empty.meanDice()));
  }

  @Test
  void aPerfectPredictionScoresOne() {
    SemsegMetrics perfect = SemsegMetrics.of(new long[] {3, 0, 0, 9}, 2);
    assertEquals(1.0, perfect.meanIou(), 0);
    assertEquals(1.0, perfect.frequencyWeightedIou(), 0);
    assertEquals(1.0, perfect.pixelAccuracy(), 0);
    assertEquals(1.0, perfect.meanDice(), 0);
  }

  @Test
  void inputsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> SemsegMetrics.of(new long[3], 2));
    assertThrows(IllegalArgumentException.class, () -> SemsegMetrics.of(new long[] {1, -1, 0, 0}, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> m.iou(4));
  }

  @Test
  void theResultDoesNotShareTheCallersArray() {
    long[] confusion = CONFUSION.clone();
    SemsegMetrics before = SemsegMetrics.of(confusion, 4);
    confusion[0] = 1000;
    assertEquals(5, before.truePositives(0));
  }
}
