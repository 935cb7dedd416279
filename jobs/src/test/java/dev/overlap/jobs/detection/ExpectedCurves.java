package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.SparkTestSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The {@code pr_curve} and {@code per_image} tables of a coco-small run against pycocotools' own arrays and
 * per-image counts ({@code reference/coco-small/expected-curves.json}), entry by entry.
 */
final class ExpectedCurves {
  private ExpectedCurves() {}

  static final String FILE = "reference/coco-small/expected-curves.json";
  private static Map<String, Object> reference;

  /** The reference file (2.5 MB), parsed once per JVM. */
  static synchronized Map<String, Object> reference() {
    if (reference == null) reference = TestJson.map(TestJson.resource(FILE));
    return reference;
  }

  /** Every pr_curve row at area "all" and maxDets 100 equals pycocotools' precision and scores. */
  static void assertPrCurveTable(Path out, String runId, String iouType) {
    Map<String, Object> top = reference();
    Map<String, Object> want = TestJson.map(top.get(iouType));
    double[] cats = TestJson.doubles(top.get("category_ids"));
    double[] iouThrs = TestJson.doubles(top.get("iou_thrs"));
    double[] recThrs = TestJson.doubles(top.get("rec_thrs"));
    Map<Double, Integer> tIndex = new HashMap<>(), rIndex = new HashMap<>();
    Map<Long, Integer> kIndex = new HashMap<>();
    for (int i = 0; i < iouThrs.length; i++) tIndex.put(iouThrs[i], i);
    for (int i = 0; i < recThrs.length; i++) rIndex.put(recThrs[i], i);
    for (int i = 0; i < cats.length; i++) kIndex.put((long) cats[i], i);
    List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("pr_curve").toString())
        .filter("run_id = '" + runId + "' and iou_type = '" + iouType + "' and area_range = 'all' and max_dets = 100")
        .collectAsList();
    double[][][] precision = new double[iouThrs.length][recThrs.length][cats.length];
    double[][][] score = new double[iouThrs.length][recThrs.length][cats.length];
    boolean[][][] seen = new boolean[iouThrs.length][recThrs.length][cats.length];
    for (Row r : rows) {
      // thresholds are stored as the exact doubles numpy's linspace makes (0.8999999999999999, ...)
      Integer t = tIndex.get(r.getDouble(r.fieldIndex("iou_threshold")));
      Integer q = rIndex.get(r.getDouble(r.fieldIndex("recall_threshold")));
      Integer k = kIndex.get(r.getLong(r.fieldIndex("category_id")));
      assertNotNull(t, "iou_threshold of " + r);
      assertNotNull(q, "recall_threshold of " + r);
      assertNotNull(k, "category of " + r);
      assertFalse(seen[t][q][k], "one row per cell: " + r);
      seen[t][q][k] = true;
      precision[t][q][k] = r.getDouble(r.fieldIndex("precision"));
      score[t][q][k] = r.getDouble(r.fieldIndex("score"));
    }
    List<Object> p = TestJson.list(want.get("precision")), s = TestJson.list(want.get("scores"));
    int defined = 0;
    for (int t = 0; t < iouThrs.length; t++) {
      for (int q = 0; q < recThrs.length; q++) {
        double[] pw = TestJson.doubles(TestJson.list(p.get(t)).get(q));
        double[] sw = TestJson.doubles(TestJson.list(s.get(t)).get(q));
        for (int k = 0; k < cats.length; k++) {
          String where = iouType + " category " + (long) cats[k] + " IoU " + iouThrs[t] + " recall " + recThrs[q];
          if (pw[k] == -1) { // no ground truth that counts: pycocotools' -1 is no row at all
            assertFalse(seen[t][q][k], "no row where pycocotools has -1: " + where);
            continue;
          }
          defined++;
          assertTrue(seen[t][q][k], "row for " + where);
          assertEquals(pw[k], precision[t][q][k], 1e-12, "precision at " + where);
          assertEquals(sw[k], score[t][q][k], 0.0, "score at " + where);
        }
      }
    }
    assertEquals(defined, rows.size());
    assertEquals(68 * 10 * 101, defined, "68 categories with ground truth");
  }

  /** Every per_image row's TP / FP / FN at IoU 0.50 and 0.75 equals pycocotools' evalImgs counts. */
  static void assertPerImageTable(Path out, String runId, String iouType) {
    List<Object> want = TestJson.list(TestJson.map(reference().get(iouType)).get("per_image"));
    Map<Long, Row> got = new HashMap<>();
    for (Row r : SparkTestSession.get().read().parquet(out.resolve("per_image").toString())
        .filter("run_id = '" + runId + "' and iou_type = '" + iouType + "'").collectAsList()) {
      assertEquals(null, got.put(r.getLong(r.fieldIndex("image_id")), r), "one row per image");
    }
    assertEquals(want.size(), got.size());
    long tp50 = 0, fn50 = 0;
    for (Object o : want) {
      Map<String, Object> w = TestJson.map(o);
      long id = TestJson.integer(w.get("image_id"));
      Row r = got.get(id);
      assertNotNull(r, "row of image " + id);
      for (String thr : new String[] {"50", "75"}) {
        Map<String, Object> at = TestJson.map(w.get("iou" + thr));
        for (String c : new String[] {"tp", "fp", "fn"}) {
          assertEquals(TestJson.integer(at.get(c)), r.getInt(r.fieldIndex(c + "_" + thr)),
              iouType + " image " + id + " " + c + "_" + thr);
        }
      }
      tp50 += r.getInt(r.fieldIndex("tp_50"));
      fn50 += r.getInt(r.fieldIndex("fn_50"));
    }
    assertEquals(1446 - 19, tp50 + fn50, "every non-crowd ground truth is matched or missed");
  }
}
