package dev.overlap.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Category;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parity with pycocotools COCOeval(iouType='keypoints') on keypoints-small (expected.json, cross-checked with
 * faster_coco_eval): the ten stats and per-category numbers, results without bbox (area from the keypoint
 * extent) and with bbox (area w*h).
 */
class KeypointsReferenceTest {
  static final double TOL = 1e-12;
  static final String DIR = "/reference/keypoints-small/";

  static CocoGroundTruth gt() throws Exception {
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> anns = new ArrayList<>();
    try (InputStream in = KeypointsReferenceTest.class.getResourceAsStream(DIR + "person_keypoints_gt.json");
        CocoGroundTruthReader r = new CocoGroundTruthReader(in, "person_keypoints_gt.json", false).withKeypoints()) {
      for (CocoRecord c = r.next(); c != null; c = r.next()) {
        if (c instanceof Image im) images.add(im);
        else if (c instanceof Category cat) cats.add(cat);
        else anns.add((GtAnnotation) c);
      }
    }
    return new CocoGroundTruth(images, cats, anns);
  }

  static List<Detection> results(String file) throws Exception {
    List<Detection> out = new ArrayList<>();
    try (InputStream in = KeypointsReferenceTest.class.getResourceAsStream(DIR + file);
        CocoResultsReader r = new CocoResultsReader(in, file, false).withKeypoints()) {
      for (Detection d = r.next(); d != null; d = r.next()) out.add(d);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @CsvSource({"keypoints, keypoints_results.json", "keypoints_bbox, keypoints_results_bbox.json"})
  void statsAndPerCategoryMatchPycocotools(String key, String file) throws Exception {
    List<Detection> dts = results(file);
    // pycocotools' loadRes sizes every result by the form of the first one
    boolean areaFromBox = dts.get(0).bbox() != null;
    assertEquals(key.equals("keypoints_bbox"), areaFromBox);
    CocoParams params = CocoParams.builder(IouType.KEYPOINTS).keypointAreaFromBox(areaFromBox).build();
    CocoEvaluation e = CocoEvaluator.evaluate(gt(), dts, params);
    CocoSummary s = KeypointStats.summarize(e.accumulation());
    Map<String, Object> exp = (Map<String, Object>) ((Map<String, Object>) TestJson.resource(DIR + "expected.json")).get(key);
    List<Object> stats = (List<Object>) exp.get("stats");
    List<Object> names = (List<Object>) exp.get("stats_names");
    assertEquals(names, List.of((Object[]) s.names()));
    for (int i = 0; i < stats.size(); i++) assertEquals((Double) stats.get(i), s.stat(i), TOL, names.get(i) + "");
    Map<String, Object> perCat = (Map<String, Object>) exp.get("per_category");
    String[] keys = {"AP", "AP50", "AP75", "APm", "APl", "AR"};
    for (int k = 0; k < e.categoryIds().length; k++) {
      Map<String, Object> c = (Map<String, Object>) perCat.get(Long.toString(e.categoryIds()[k]));
      double[] got = s.categoryStats(k);
      for (String name : keys) {
        assertEquals((Double) c.get(name), got[s.index(name)], TOL, "category " + e.categoryIds()[k] + " " + name);
      }
      assertEquals(((Double) c.get("num_gt")).longValue(), e.numGt()[k], "num_gt of " + e.categoryIds()[k]);
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void defaultParametersArePycocotoolsKeypointParams() {
    Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) TestJson.resource(DIR + "expected.json")).get("params");
    CocoParams params = CocoParams.defaults(IouType.KEYPOINTS);
    List<Object> sig = (List<Object>) p.get("kpt_oks_sigmas");
    double[] ours = params.keypointSigmas().forCategory(1);
    assertEquals(sig.size(), ours.length);
    for (int i = 0; i < ours.length; i++) assertEquals((Double) sig.get(i), ours[i], 0.0, "sigma " + i); // bit-exact
    List<Object> thr = (List<Object>) p.get("iouThrs");
    for (int t = 0; t < thr.size(); t++) assertEquals((Double) thr.get(t), params.iouThreshold(t), 0.0);
    assertEquals(1, params.numMaxDets());
    assertEquals(20, params.maxDets(0));
    assertEquals(List.of("all", "medium", "large"), List.of((Object[]) params.areaLabels()));
    assertEquals(1024.0, params.areaLo(1));
    assertEquals(9216.0, params.areaHi(1));
  }
}
