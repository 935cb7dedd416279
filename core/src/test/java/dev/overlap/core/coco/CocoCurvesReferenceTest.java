package dev.overlap.core.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.testing.TestJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accumulation arrays and per-image counts of coco-small against pycocotools' own
 * ({@code expected-curves.json}: {@code eval['precision']}, {@code eval['scores']}, {@code eval['recall']} at
 * area "all" and maxDets 100, and per image the TP / FP / FN of {@code evalImgs} at IoU 0.50 and 0.75).
 * The twelve stats are means of these arrays; checking every entry catches an error the means would average away
 * (a wrong tie order moves single points of a curve).
 */
class CocoCurvesReferenceTest {
  static final String SMALL = "/reference/coco-small/";
  static final int AREA_ALL = 0, MAX_DETS_100 = 2;

  /** The reference file (2.5 MB) and one evaluation per IoU type, shared by the tests of this class. */
  private static Map<String, Object> reference;
  private static final Map<IouType, CocoEvaluation> EVALUATIONS = new java.util.EnumMap<>(IouType.class);

  static synchronized Map<String, Object> reference() {
    if (reference == null) reference = TestJson.map(TestJson.resource(SMALL + "expected-curves.json"));
    return reference;
  }

  static Map<String, Object> curves(String iouType) {
    return TestJson.map(reference().get(iouType));
  }

  static synchronized CocoEvaluation evaluate(IouType type) throws Exception {
    CocoEvaluation e = EVALUATIONS.get(type);
    if (e == null) {
      boolean segm = type == IouType.SEGM;
      // segm: the reference drops the results' bbox key (mask area), which is Overlap's default
      e = CocoEvaluator.evaluate(CocoReferenceTest.gt(SMALL + "instances_gt.json", segm),
          CocoReferenceTest.dets(SMALL + "detections.json", segm), CocoParams.defaults(type));
      EVALUATIONS.put(type, e);
    }
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bbox", "segm"})
  void precisionScoresAndRecallEqualPycocotools(String iouType) throws Exception {
    Map<String, Object> top = reference();
    Map<String, Object> want = TestJson.map(top.get(iouType));
    CocoEvaluation e = evaluate(IouType.parse(iouType));
    double[] categories = TestJson.doubles(top.get("category_ids"));
    assertEquals(categories.length, e.categoryIds().length);
    for (int k = 0; k < categories.length; k++) assertEquals((long) categories[k], e.categoryIds()[k]);
    double[] iouThrs = TestJson.doubles(top.get("iou_thrs"));
    double[] recThrs = TestJson.doubles(top.get("rec_thrs"));
    assertEquals(iouThrs.length, e.params().numIouThresholds());
    assertEquals(recThrs.length, e.params().numRecallThresholds());
    Accumulation acc = e.accumulation();
    List<Object> precision = TestJson.list(want.get("precision"));
    List<Object> scores = TestJson.list(want.get("scores"));
    List<Object> recall = TestJson.list(want.get("recall"));
    int checked = 0, undefined = 0, reached = 0;
    for (int t = 0; t < iouThrs.length; t++) {
      double[] rec = TestJson.doubles(recall.get(t));
      for (int k = 0; k < categories.length; k++) {
        assertEquals(rec[k], acc.recall(t, k, AREA_ALL, MAX_DETS_100), 1e-12, iouType + " recall t=" + t + " k=" + k);
        if (rec[k] == -1) undefined++;
      }
      for (int r = 0; r < recThrs.length; r++) {
        double[] p = TestJson.doubles(TestJson.list(precision.get(t)).get(r));
        double[] s = TestJson.doubles(TestJson.list(scores.get(t)).get(r));
        for (int k = 0; k < categories.length; k++) {
          String where = iouType + " t=" + t + " r=" + r + " category " + (long) categories[k];
          assertEquals(p[k], acc.precision(t, r, k, AREA_ALL, MAX_DETS_100), 1e-12, "precision " + where);
          // a score is copied from a detection, never computed: it must be that detection's score exactly
          assertEquals(s[k], acc.score(t, r, k, AREA_ALL, MAX_DETS_100), 0.0, "score " + where);
          if (p[k] > 0) reached++;
          checked++;
        }
      }
    }
    assertEquals(10 * 101 * 80, checked);
    // the data has categories without ground truth (-1 throughout) and curves that end early (0 beyond)
    assertEquals(true, undefined > 0 && reached > 0 && reached < checked, undefined + " / " + reached);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bbox", "segm"})
  void perImageCountsEqualPycocotools(String iouType) throws Exception {
    List<Object> want = TestJson.list(curves(iouType).get("per_image"));
    CocoEvaluation e = evaluate(IouType.parse(iouType));
    Map<Long, ImageStats> got = new HashMap<>();
    for (ImageStats s : e.images()) got.put(s.imageId(), s);
    assertEquals(200, want.size());
    assertEquals(want.size(), got.size(), "one row per ground-truth image");
    long tp50 = 0, fn50 = 0;
    for (Object o : want) {
      Map<String, Object> w = TestJson.map(o);
      long id = TestJson.integer(w.get("image_id"));
      ImageStats s = got.get(id);
      Map<String, Object> at50 = TestJson.map(w.get("iou50")), at75 = TestJson.map(w.get("iou75"));
      String where = iouType + " image " + id;
      assertEquals(TestJson.integer(at50.get("tp")), s.tp50(), "tp50 " + where);
      assertEquals(TestJson.integer(at50.get("fp")), s.fp50(), "fp50 " + where);
      assertEquals(TestJson.integer(at50.get("fn")), s.fn50(), "fn50 " + where);
      assertEquals(TestJson.integer(at75.get("tp")), s.tp75(), "tp75 " + where);
      assertEquals(TestJson.integer(at75.get("fp")), s.fp75(), "fp75 " + where);
      assertEquals(TestJson.integer(at75.get("fn")), s.fn75(), "fn75 " + where);
      assertEquals(TestJson.integer(w.get("num_gt_nonignored")), s.tp50() + s.fn50(), "non-ignored GTs " + where);
      tp50 += s.tp50();
      fn50 += s.fn50();
    }
    // 1446 ground truths of which 19 are crowd: the non-ignored ones are all matched or missed
    assertEquals(1427, tp50 + fn50);
  }
}
