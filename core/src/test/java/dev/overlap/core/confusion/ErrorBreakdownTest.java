package dev.overlap.core.confusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The error breakdown rules (docs/voc-confusion.md) on hand-made images with explicit IoU matrices
 * ({@code iou[g * nd + d]}), and the confusion cells of the same images.
 */
class ErrorBreakdownTest {

  private static long[] seq(int n) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) s[i] = i;
    return s;
  }

  @Test
  void eachFalsePositiveFallsIntoExactlyOneCategory() {
    // one GT of class 0; detections: TP, duplicate, localization, confusion (class 1), background
    int[] dtClass = {0, 0, 0, 1, 0};
    double[] score = {0.9, 0.8, 0.7, 0.6, 0.5};
    double[] iou = {0.8, 0.7, 0.3, 0.6, 0.05};
    ConfusionCounts cm = new ConfusionCounts(2);
    ErrorCounts e = new ErrorCounts(2);
    new ConfusionMatcher(2, 0.5, 0.0).addImage(1, new int[] {0}, seq(1), new boolean[1], 5, dtClass, seq(5), score,
        iou, cm, e);
    assertEquals(1, e.get(0, ErrorCounts.TP));
    assertEquals(1, e.get(0, ErrorCounts.FP_DUPLICATE));
    assertEquals(1, e.get(0, ErrorCounts.FP_LOCALIZATION));
    assertEquals(1, e.get(0, ErrorCounts.FP_BACKGROUND));
    assertEquals(0, e.get(0, ErrorCounts.FP_CONFUSION));
    assertEquals(3, e.falsePositives(0));
    // class 1's detection overlaps only a class-0 GT: a confusion
    assertEquals(1, e.get(1, ErrorCounts.FP_CONFUSION));
    assertEquals(1, e.falsePositives(1));
    assertEquals(0, e.falseNegatives(0));
    // agnostic matching: the 0.9 detection takes the GT; the rest are background in their own class's row
    assertEquals(1, cm.cell(0, 0));
    assertEquals(3, cm.background(0));
    assertEquals(1, cm.background(1));
    assertEquals(0, cm.missed(0));
  }

  @Test
  void boundariesAreInclusive() {
    // IoU exactly t matches; exactly 0.1 is a localization error, just below 0.1 is background
    int[] dtClass = {0, 0, 0};
    double[] score = {0.9, 0.8, 0.7};
    // GT 0 (class 0), GT 1 (class 0): rows are GTs
    double[] iou = {
        0.5, 0.0, 0.0,
        0.0, 0.1, 0.09999999999999999};
    ErrorCounts e = new ErrorCounts(1);
    ConfusionCounts cm = new ConfusionCounts(1);
    new ConfusionMatcher(1, 0.5, 0.0).addImage(2, new int[] {0, 0}, seq(2), new boolean[2], 3, dtClass, seq(3), score,
        iou, cm, e);
    assertEquals(1, e.get(0, ErrorCounts.TP));
    assertEquals(1, e.get(0, ErrorCounts.FP_LOCALIZATION));
    assertEquals(1, e.get(0, ErrorCounts.FP_BACKGROUND));
    // GT 1 was touched at 0.1 but not matched
    assertEquals(1, e.get(0, ErrorCounts.FN_DETECTED));
    assertEquals(0, e.get(0, ErrorCounts.FN_NEVER_DETECTED));
    assertEquals(1, cm.cell(0, 0));
    assertEquals(1, cm.missed(0));
    assertEquals(2, cm.background(0));
  }

  @Test
  void falseNegativesSplitIntoNeverDetectedAndDetected() {
    // GT 0 class 0 touched only by a class-1 detection (IoU 0.4); GT 1 class 1 touched by nothing
    double[] iou = {
        0.4,
        0.05};
    ErrorCounts e = new ErrorCounts(2);
    ConfusionCounts cm = new ConfusionCounts(2);
    new ConfusionMatcher(2, 0.5, 0.0).addImage(2, new int[] {0, 1}, seq(2), new boolean[2], 1, new int[] {1}, seq(1),
        new double[] {0.9}, iou, cm, e);
    assertEquals(1, e.get(0, ErrorCounts.FN_DETECTED));
    assertEquals(1, e.get(1, ErrorCounts.FN_NEVER_DETECTED));
    assertEquals(1, e.get(1, ErrorCounts.FP_CONFUSION)); // 0.4 with the class-0 GT, 0.05 with its own class
    assertEquals(1, cm.missed(0));
    assertEquals(1, cm.missed(1));
    assertEquals(1, cm.background(1));
  }

  @Test
  void crowdAbsorbsDetectionsAndIsNeverCounted() {
    // GT 0 regular class 0, GT 1 crowd class 0; three detections of class 0 and one of class 1
    double[] iou = {
        0.9, 0.8, 0.0, 0.0,
        0.6, 0.7, 0.9, 0.95};
    int[] dtClass = {0, 0, 0, 1};
    ErrorCounts e = new ErrorCounts(2);
    ConfusionCounts cm = new ConfusionCounts(2);
    new ConfusionMatcher(2, 0.5, 0.0).addImage(2, new int[] {0, 0}, seq(2), new boolean[] {false, true}, 4, dtClass,
        seq(4), new double[] {0.9, 0.8, 0.7, 0.6}, iou, cm, e);
    assertEquals(1, e.get(0, ErrorCounts.TP));
    assertEquals(2, e.get(0, ErrorCounts.ON_CROWD)); // the duplicate falls back to the crowd region
    assertEquals(0, e.falsePositives(0));
    // class 1: no GT of its own class; the crowd is class 0 so per class it is unmatched, IoU 0 with the regular GT
    assertEquals(1, e.get(1, ErrorCounts.FP_BACKGROUND));
    assertEquals(1, cm.cell(0, 0));
    assertEquals(2, cm.onCrowd(0));
    assertEquals(1, cm.onCrowd(1)); // class-agnostic: the crowd takes it
    assertEquals(0, cm.background(0) + cm.background(1));
  }

  @Test
  void scoreThresholdLeavesDetectionsOut() {
    double[] iou = {0.9, 0.9};
    ErrorCounts e = new ErrorCounts(1);
    ConfusionCounts cm = new ConfusionCounts(1);
    new ConfusionMatcher(1, 0.5, 0.5).addImage(1, new int[] {0}, seq(1), new boolean[1], 2, new int[] {0, 0}, seq(2),
        new double[] {0.49, 0.5}, iou, cm, e);
    assertEquals(1, e.get(0, ErrorCounts.TP));
    assertEquals(0, e.falsePositives(0));
    assertEquals(1, cm.cell(0, 0));
    assertEquals(0, cm.background(0));
  }

  @Test
  void thresholdOutsideTheUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatcher(1, 0.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatcher(1, 1.5, 0.0));
  }
}
