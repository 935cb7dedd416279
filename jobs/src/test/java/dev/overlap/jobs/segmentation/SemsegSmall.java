package dev.overlap.jobs.segmentation;

import dev.overlap.core.testing.TestJson;

import dev.overlap.jobs.TestData;
import java.util.List;
import java.util.Map;

/** The numpy reference for {@code reference/semseg-small} (30 images, 19 classes, ignore 255), as arrays. */
final class SemsegSmall {
  static final String DIR = "reference/semseg-small/";
  static final int K = 19;
  static final double TOL = 1e-12;
  /** The summary keys of expected.json, as summary.json names them too. */
  static final String[] METRICS = {"mIoU", "fwIoU", "pixel_accuracy", "mean_class_accuracy", "mDice"};

  private SemsegSmall() {}

  static String gt() {
    return TestData.path(DIR + "gt");
  }

  static String pred() {
    return TestData.path(DIR + "pred");
  }

  static Map<String, Object> expected() {
    return TestJson.map(TestJson.resource(DIR + "expected.json"));
  }

  /** The confusion matrix, rows = ground truth, row-major. */
  static long[] confusion() {
    List<Object> rows = TestJson.list(expected().get("confusion_matrix_rows_gt_cols_pred"));
    long[] m = new long[K * K];
    for (int g = 0; g < K; g++) {
      List<Object> row = TestJson.list(rows.get(g));
      for (int p = 0; p < K; p++) m[g * K + p] = ((Double) row.get(p)).longValue();
    }
    return m;
  }

  /** A per-class list of expected.json ("iou", "dice", "accuracy", "tp", ...): null where undefined. */
  static Double[] perClass(String key) {
    List<Object> l = TestJson.list(TestJson.map(expected().get("per_class")).get(key));
    Double[] out = new Double[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = (Double) l.get(i);
    return out;
  }

  static double metric(String key) {
    return (Double) expected().get(key);
  }
}
