package dev.overlap.core.coco;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.io.CocoFiles;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with pycocotools on the reference data (expected numbers computed by pycocotools and
 * cross-checked with faster_coco_eval): every coco-edge case and coco-small for bbox and segm.
 */
class CocoReferenceTest {
  static final double TOL = 1e-12;
  static final String EDGE = "/reference/coco-edge/";

  static Stream<String> edgeCases() {
    return Stream.of("01_perfect_match", "02_iou_threshold_boundaries", "03_area_range_boundaries",
        "04_area_field_not_bbox", "05_crowd_absorbs_detections", "06_ignore_flag_overwritten",
        "07_score_ties_across_images", "08_score_ties_within_image", "09_max_dets", "10_empty_images_and_categories",
        "11_empty_results", "12_crowd_vs_regular_preference", "13_unmatched_det_outside_area_range", "14_use_cats_0",
        "15_custom_iou_thrs", "16_segm_polygon_two_parts", "17_segm_crowd_uncompressed_rle", "18_gt_id_zero",
        "19_zero_width_detection", "20_recall_threshold_float_values");
  }

  @SuppressWarnings("unchecked")
  static CocoParams paramsOf(IouType type, Map<String, Object> p) {
    CocoParams.Builder b = CocoParams.builder(type);
    if (p.containsKey("useCats")) b.useCats(((Double) p.get("useCats")) != 0);
    if (p.containsKey("iouThrs")) {
      List<Object> t = (List<Object>) p.get("iouThrs");
      double[] v = new double[t.size()];
      for (int i = 0; i < v.length; i++) v[i] = (Double) t.get(i);
      b.iouThresholds(v);
    }
    return b.build();
  }

  static CocoGroundTruth gt(String path, boolean segm) throws Exception {
    try (InputStream in = CocoReferenceTest.class.getResourceAsStream(path)) {
      return CocoFiles.readGroundTruth(in, path, segm);
    }
  }

  static List<Detection> dets(String path, boolean segm) throws Exception {
    try (InputStream in = CocoReferenceTest.class.getResourceAsStream(path)) {
      return CocoFiles.readResults(in, path, segm);
    }
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeCases")
  void edgeCaseMatchesPycocotools(String name) throws Exception {
    Map<String, Object> expected = (Map<String, Object>) TestJson.resource(EDGE + name + "/expected.json");
    IouType type = IouType.parse((String) expected.get("iou_type"));
    boolean segm = type == IouType.SEGM;
    CocoParams params = paramsOf(type, (Map<String, Object>) expected.get("params"));
    CocoEvaluation e = CocoEvaluator.evaluate(gt(EDGE + name + "/gt.json", segm), dets(EDGE + name + "/pred.json", segm),
        params);
    List<Object> stats = (List<Object>) expected.get("stats");
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) stats.get(i), e.summary().stat(i), TOL, name + " " + CocoSummary.NAMES[i]);
    }
    Map<String, Object> perCat = (Map<String, Object>) expected.get("per_category");
    assertEquals(perCat.size(), e.categoryIds().length, "categories reported");
    for (int k = 0; k < e.categoryIds().length; k++) {
      double want = (Double) perCat.get(Long.toString(e.categoryIds()[k]));
      assertEquals(want, e.summary().categoryStats(k)[0], TOL, name + " AP of category " + e.categoryIds()[k]);
    }
  }

  @Test
  void cocoSmallBbox() throws Exception {
    checkSmall(IouType.BBOX, "bbox", false);
  }

  @Test
  void cocoSmallSegm() throws Exception {
    checkSmall(IouType.SEGM, "segm", false);
  }

  /** Detections keep their bbox key: pycocotools' loadRes sizes them by box area (segm_raw_loadres). */
  @Test
  void cocoSmallSegmWithBoxAreaAsLoadRes() throws Exception {
    checkSmall(IouType.SEGM, "segm_raw_loadres", true);
  }

  @SuppressWarnings("unchecked")
  private void checkSmall(IouType type, String key, boolean boxArea) throws Exception {
    Map<String, Object> expected = (Map<String, Object>) TestJson.resource("/reference/coco-small/expected.json");
    Map<String, Object> exp = (Map<String, Object>) expected.get(key);
    boolean segm = type == IouType.SEGM;
    CocoParams params = CocoParams.builder(type).segmAreaFromBox(boxArea).build();
    CocoEvaluation e = CocoEvaluator.evaluate(gt("/reference/coco-small/instances_gt.json", segm),
        dets("/reference/coco-small/detections.json", segm), params);
    List<Object> stats = (List<Object>) exp.get("stats");
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) stats.get(i), e.summary().stat(i), TOL, key + " " + CocoSummary.NAMES[i]);
    }
    if (!exp.containsKey("per_category")) return;
    Map<String, Object> perCat = (Map<String, Object>) exp.get("per_category");
    String[] names = {"AP", "AP50", "AP75", "APs", "APm", "APl", null, null, "AR100"};
    assertEquals(80, e.categoryIds().length);
    int checked = 0;
    for (int k = 0; k < e.categoryIds().length; k++) {
      Map<String, Object> c = (Map<String, Object>) perCat.get(Long.toString(e.categoryIds()[k]));
      double[] got = e.summary().categoryStats(k);
      for (int i = 0; i < names.length; i++) {
        if (names[i] == null) continue;
        assertEquals((Double) c.get(names[i]), got[i], TOL, key + " category " + e.categoryIds()[k] + " " + names[i]);
        checked++;
      }
    }
    assertEquals(80 * 7, checked);
    assertTrue(e.summary().text().startsWith(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = "));
    List<Object> lines = (List<Object>) exp.get("summarize_text");
    if (lines != null) {
      String[] got = e.summary().text().split("\n");
      for (int i = 0; i < 12; i++) assertEquals(lines.get(i), got[i]);
    }
  }
}
