package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Suppression;
import dev.overlap.core.io.CocoFiles;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** COCO bbox evaluation after per-image, per-category NMS / Soft-NMS: coco-small/expected-nms.json. */
class SuppressionCocoTest {
  static final String DIR = "/reference/coco-small/";

  static Suppression of(String key) {
    switch (key) {
      case "bbox": return Suppression.nms(0.5);
      case "bbox_nms_0.7": return Suppression.nms(0.7);
      case "bbox_soft_nms_gaussian": return Suppression.softNms(SoftNms.Method.GAUSSIAN, 0.3, 0.5);
      default: return Suppression.softNms(SoftNms.Method.LINEAR, 0.3, 0.5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bbox", "bbox_nms_0.7", "bbox_soft_nms_gaussian", "bbox_soft_nms_linear"})
  @SuppressWarnings("unchecked")
  void cocoSmallAfterSuppression(String key) throws Exception {
    CocoGroundTruth gt;
    List<Detection> dts;
    try (InputStream in = getClass().getResourceAsStream(DIR + "instances_gt.json")) {
      gt = CocoFiles.readGroundTruth(in, "instances_gt.json", IouType.BBOX);
    }
    try (InputStream in = getClass().getResourceAsStream(DIR + "detections.json")) {
      dts = CocoFiles.readResults(in, "detections.json", IouType.BBOX);
    }
    assertEquals(9870, dts.size());
    Map<Long, List<Detection>> byImage = new LinkedHashMap<>();
    for (Detection d : dts) byImage.computeIfAbsent(d.imageId(), x -> new ArrayList<>()).add(d);
    Suppression s = of(key);
    List<Detection> kept = new ArrayList<>();
    for (List<Detection> image : byImage.values()) kept.addAll(s.apply(image, IouType.BBOX, seq -> "record " + seq));
    Map<String, Object> exp = (Map<String, Object>) RefJson.resource(DIR + "expected-nms.json").get(key);
    assertEquals((long) (double) (Double) exp.get("detections_kept"), kept.size(), key + " kept");
    CocoEvaluation e = CocoEvaluator.evaluate(gt, kept, CocoParams.defaults(IouType.BBOX));
    double[] stats = RefJson.doubles(exp.get("stats"));
    for (int i = 0; i < 12; i++) assertEquals(stats[i], e.summary().stat(i), 1e-12, key + " " + CocoSummary.NAMES[i]);
    Map<String, Object> perCat = (Map<String, Object>) exp.get("per_category");
    String[] names = {"AP", "AP50", "AP75", "APs", "APm", "APl", null, null, "AR100"};
    int checked = 0;
    for (int k = 0; k < e.categoryIds().length; k++) {
      Map<String, Object> c = (Map<String, Object>) perCat.get(Long.toString(e.categoryIds()[k]));
      double[] got = e.summary().categoryStats(k);
      for (int i = 0; i < names.length; i++) {
        if (names[i] == null) continue;
        assertEquals((Double) c.get(names[i]), got[i], 1e-12, key + " category " + e.categoryIds()[k] + " " + names[i]);
        checked++;
      }
    }
    assertEquals(80 * 7, checked);
  }
}
