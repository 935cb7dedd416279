package dev.overlap.core.semseg;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * semseg-small end to end inside core: decode the 30 PNG pairs, count, score, compare with the
 * numpy reference ({@code reference/semseg-small/expected.json}) within 1e-12.
 */
class SemsegSmallReferenceTest {
  private static final String DIR = "/reference/semseg-small/";
  private static final double TOLERANCE = 1e-12;

  private static Map<String, Object> expected;
  private static int numClasses;
  private static int ignoreLabel;
  private static ConfusionMatrix total;
  private static ConfusionMatrix mergedPerImage;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void evaluate() {
    expected = (Map<String, Object>) TestJson.parse(
        new String(resource(DIR + "expected.json"), StandardCharsets.UTF_8));
    numClasses = ((Number) expected.get("num_classes")).intValue();
    ignoreLabel = ((Number) expected.get("ignore_label")).intValue();
    int images = ((Number) expected.get("images")).intValue();
    total = new ConfusionMatrix(numClasses, ignoreLabel);
    mergedPerImage = new ConfusionMatrix(numClasses, ignoreLabel);
    ConfusionMatrix perImage = new ConfusionMatrix(numClasses, ignoreLabel);
    LabelImage gt = new LabelImage();
    LabelImage pred = new LabelImage();
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      for (int i = 0; i < images; i++) {
        String name = String.format("img_%05d.png", i);
        byte[] gtPng = resource(DIR + "gt/" + name);
        byte[] predPng = resource(DIR + "pred/" + name);
        decoder.decode(gtPng, 0, gtPng.length, "gt/" + name, gt);
        decoder.decode(predPng, 0, predPng.length, "pred/" + name, pred);
        total.add(gt, pred, name);
        perImage.clear();
        perImage.add(gt, pred, name);
        // Ship each image's partial through its serial form, as a distributed job would.
        mergedPerImage.merge(ConfusionMatrix.fromBytes(perImage.toBytes()));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void confusionMatrixIsExactlyTheReference() {
    List<List<Object>> rows = (List<List<Object>>) expected.get("confusion_matrix_rows_gt_cols_pred");
    long[] reference = new long[numClasses * numClasses];
    for (int g = 0; g < numClasses; g++) {
      for (int p = 0; p < numClasses; p++) {
        reference[g * numClasses + p] = ((Number) rows.get(g).get(p)).longValue();
      }
    }
    assertArrayEquals(reference, total.counts());
    assertArrayEquals(reference, mergedPerImage.counts());
    assertEquals(((Number) expected.get("valid_pixels")).longValue(), total.totalPixels());
    assertEquals(((Number) expected.get("ignored_pixels")).longValue(), total.ignoredPixels());
    assertEquals(total.ignoredPixels(), mergedPerImage.ignoredPixels());
  }

  @Test
  @SuppressWarnings("unchecked")
  void perClassValuesMatchTheReference() {
    SemsegMetrics m = SemsegMetrics.of(total);
    Map<String, Object> perClass = (Map<String, Object>) expected.get("per_class");
    List<Object> tp = (List<Object>) perClass.get("tp");
    List<Object> gtPixels = (List<Object>) perClass.get("gt_pixels");
    List<Object> predPixels = (List<Object>) perClass.get("pred_pixels");
    List<Object> iou = (List<Object>) perClass.get("iou");
    List<Object> dice = (List<Object>) perClass.get("dice");
    List<Object> accuracy = (List<Object>) perClass.get("accuracy");
    int undefined = 0;
    for (int c = 0; c < numClasses; c++) {
      assertEquals(((Number) tp.get(c)).longValue(), m.truePositives(c), "tp " + c);
      assertEquals(((Number) gtPixels.get(c)).longValue(), m.gtPixels(c), "gt " + c);
      assertEquals(((Number) predPixels.get(c)).longValue(), m.predPixels(c), "pred " + c);
      assertValue(iou.get(c), m.iou(c), "iou " + c);
      assertEquals(iou.get(c) != null, m.hasIou(c), "hasIou " + c);
      assertValue(dice.get(c), m.dice(c), "dice " + c);
      assertValue(accuracy.get(c), m.recall(c), "accuracy " + c);
      assertEquals(accuracy.get(c) != null, m.hasRecall(c), "hasRecall " + c);
      if (iou.get(c) == null) undefined++;
    }
    // The README's edge cases: 17 is absent everywhere, 18 has predictions but no truth.
    assertEquals(1, undefined);
    assertFalse(m.hasIou(17));
    assertTrue(m.hasIou(18));
    assertFalse(m.hasRecall(18));
  }

  @Test
  void aggregatesMatchTheReference() {
    SemsegMetrics m = SemsegMetrics.of(total);
    assertEquals(number("mIoU"), m.meanIou(), TOLERANCE);
    assertEquals(number("fwIoU"), m.frequencyWeightedIou(), TOLERANCE);
    assertEquals(number("pixel_accuracy"), m.pixelAccuracy(), TOLERANCE);
    assertEquals(number("mean_class_accuracy"), m.meanClassAccuracy(), TOLERANCE);
    assertEquals(number("mDice"), m.meanDice(), TOLERANCE);
    // Without background, the mean of the other defined IoUs (17 is undefined).
    double sum = 0;
    for (int c = 1; c < numClasses; c++) if (c != 17) sum += m.iou(c);
    assertEquals(sum / 17, m.signalMeanIou(0), 0);
  }

  private static void assertValue(Object expectedValue, double actual, String what) {
    if (expectedValue == null) {
      assertTrue(Double.isNaN(actual), what + ": expected undefined, got " + actual);
    } else {
      assertEquals(((Number) expectedValue).doubleValue(), actual, TOLERANCE, what);
    }
  }

  private static double number(String key) {
    return ((Number) expected.get(key)).doubleValue();
  }

  private static byte[] resource(String path) {
    try (InputStream in = SemsegSmallReferenceTest.class.getResourceAsStream(path)) {
      if (in == null) throw new AssertionError("missing test resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
