package dev.overlap.core.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Boundary AP against boundary-iou-api's {@code COCOeval(iouType="boundary")} on the reference data
 * (coco-small and the corner cases of coco-boundary-edge: half-way band widths, tiny images, border
 * objects, crowds, an explicit {@code ignore}, thin and ring shapes, an empty detection).
 */
class BoundaryApReferenceTest {
  static final double TOL = 1e-12;

  @Test
  void cocoBoundaryEdge() throws Exception {
    check("/reference/coco-boundary-edge/", 3);
  }

  @Test
  void cocoSmall() throws Exception {
    check("/reference/coco-small/", 80);
  }

  /** The explicit ignore field matters on the edge set: with it dropped (segm's rule) a stat moves. */
  @Test
  void ignoreFieldIsHonoured() throws Exception {
    String dir = "/reference/coco-boundary-edge/";
    CocoGroundTruth gt = CocoReferenceTest.gt(dir + "instances_gt.json", true);
    long ignored = gt.annotations().stream().filter(a -> a.ignore() && !a.iscrowd()).count();
    assertEquals(1, ignored, "one regular GT carries ignore: 1");
    List<GtAnnotation> dropped = gt.annotations().stream()
        .map(a -> new GtAnnotation(a.id(), a.imageId(), a.categoryId(), a.bbox(), a.area(), a.iscrowd(), a.segmentation(),
            a.index()))
        .toList();
    CocoGroundTruth without = new CocoGroundTruth(gt.images(), gt.categories(), dropped);
    List<Detection> dts = CocoReferenceTest.dets(dir + "detections.json", true);
    CocoParams p = CocoParams.defaults(IouType.BOUNDARY);
    double[] with = CocoEvaluator.evaluate(gt, dts, p).summary().stats();
    double[] withoutIgnore = CocoEvaluator.evaluate(without, dts, p).summary().stats();
    double maxDiff = 0;
    for (int i = 0; i < 12; i++) maxDiff = Math.max(maxDiff, Math.abs(with[i] - withoutIgnore[i]));
    assertTrue(maxDiff > 1e-3, "dropping ignore changes a stat, max diff " + maxDiff);
  }

  @SuppressWarnings("unchecked")
  private void check(String dir, int categories) throws Exception {
    Map<String, Object> expected = (Map<String, Object>) dev.overlap.core.testing.TestJson.resource(dir + "expected-boundary.json");
    Map<String, Object> exp = (Map<String, Object>) expected.get("boundary");
    CocoEvaluation e = CocoEvaluator.evaluate(CocoReferenceTest.gt(dir + "instances_gt.json", true),
        CocoReferenceTest.dets(dir + "detections.json", true), CocoParams.defaults(IouType.BOUNDARY));
    List<Object> stats = (List<Object>) exp.get("stats");
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) stats.get(i), e.summary().stat(i), TOL, dir + " " + CocoSummary.NAMES[i]);
    }
    Map<String, Object> perCat = (Map<String, Object>) exp.get("per_category");
    String[] names = {"AP", "AP50", "AP75", "APs", "APm", "APl", null, null, "AR100"};
    assertEquals(categories, e.categoryIds().length);
    int checked = 0;
    for (int k = 0; k < e.categoryIds().length; k++) {
      Map<String, Object> c = (Map<String, Object>) perCat.get(Long.toString(e.categoryIds()[k]));
      double[] got = e.summary().categoryStats(k);
      for (int i = 0; i < names.length; i++) {
        if (names[i] == null) continue;
        assertEquals((Double) c.get(names[i]), got[i], TOL, dir + " category " + e.categoryIds()[k] + " " + names[i]);
        checked++;
      }
    }
    assertEquals(categories * 7, checked);
    List<Object> lines = (List<Object>) exp.get("summarize_text");
    String[] got = e.summary().text().split("\n");
    for (int i = 0; i < 12; i++) assertEquals(lines.get(i), got[i]);
  }
}
