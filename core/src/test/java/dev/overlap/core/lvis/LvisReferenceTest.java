package dev.overlap.core.lvis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.testing.TestJson;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.CocoResultsReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parity with lvis-api LVISEval on lvis-small (expected.json): the thirteen stats, per-category AP / AP50 /
 * AP75 / AR with frequency and num_gt, and the counts after the top-300 cut and the filters, for bbox, segm
 * (mask area) and segm with the bbox kept (box area).
 */
class LvisReferenceTest {
  static final double TOL = 1e-12;
  static final String DIR = "/reference/lvis-small/";

  static CocoGroundTruth gt(boolean segm) throws Exception {
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> anns = new ArrayList<>();
    try (InputStream in = LvisReferenceTest.class.getResourceAsStream(DIR + "lvis_gt.json");
        CocoGroundTruthReader r = new CocoGroundTruthReader(in, "lvis_gt.json", segm).withLvis()) {
      for (CocoRecord c = r.next(); c != null; c = r.next()) {
        if (c instanceof Image im) images.add(im);
        else if (c instanceof Category cat) cats.add(cat);
        else anns.add((GtAnnotation) c);
      }
    }
    return new CocoGroundTruth(images, cats, anns);
  }

  static List<Detection> results(boolean segm) throws Exception {
    List<Detection> out = new ArrayList<>();
    try (InputStream in = LvisReferenceTest.class.getResourceAsStream(DIR + "lvis_results.json");
        CocoResultsReader r = new CocoResultsReader(in, "lvis_results.json", segm)) {
      for (Detection d = r.next(); d != null; d = r.next()) out.add(d);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @CsvSource({"bbox, bbox, false", "segm, segm, false", "segm_raw, segm, true"})
  void matchesLvisApi(String key, String type, boolean areaFromBox) throws Exception {
    IouType t = IouType.parse(type);
    boolean segm = t == IouType.SEGM;
    CocoParams params = LvisParams.builder(t).segmAreaFromBox(areaFromBox).build();
    LvisEvaluator.Result res = LvisEvaluator.evaluate(gt(segm), results(segm), params, "lvis_gt.json");
    CocoSummary s = res.summary();
    Map<String, Object> exp = (Map<String, Object>) ((Map<String, Object>) TestJson.resource(DIR + "expected.json")).get(key);
    List<Object> stats = (List<Object>) exp.get("stats");
    List<Object> names = (List<Object>) exp.get("stats_names");
    assertEquals(names, List.of((Object[]) s.names()));
    for (int i = 0; i < stats.size(); i++) assertEquals((Double) stats.get(i), s.stat(i), TOL, names.get(i) + "");
    Map<String, Object> perCat = (Map<String, Object>) exp.get("per_category");
    if (perCat == null) return; // segm_raw lists the stats only
    long[] ids = res.evaluation().categoryIds();
    assertEquals(perCat.size(), ids.length);
    for (int k = 0; k < ids.length; k++) {
      Map<String, Object> c = (Map<String, Object>) perCat.get(Long.toString(ids[k]));
      double[] got = s.categoryStats(k);
      for (String name : new String[] {"AP", "AP50", "AP75", "AR"}) {
        assertEquals((Double) c.get(name), got[s.index(name)], TOL, "category " + ids[k] + " " + name);
      }
      assertEquals(c.get("frequency"), res.groups().label(k), "frequency of " + ids[k]);
      assertEquals(((Double) c.get("num_gt")).longValue(), res.evaluation().numGt()[k], "num_gt of " + ids[k]);
    }
    Map<String, Object> counts = (Map<String, Object>) exp.get("counts");
    assertEquals(((Double) counts.get("results_after_top300_per_image")).longValue(), res.resultsAfterCut());
    assertEquals(((Double) counts.get("results_evaluated_after_area_and_federated_filters")).longValue(),
        res.resultsEvaluated());
    assertEquals(((Double) counts.get("gt_evaluated_area_gt_0")).longValue(), res.gtEvaluated());
  }
}
