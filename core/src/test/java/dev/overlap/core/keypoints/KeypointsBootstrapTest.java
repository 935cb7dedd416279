package dev.overlap.core.keypoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.CocoBootstrapAccess;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.testing.TestJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap replicates of keypoints' ten stats: weight 1 on every image gives pycocotools' numbers
 * (keypoints-small expected.json), weight 0 on the odd images gives the evaluation of the even ones alone.
 */
class KeypointsBootstrapTest {
  static final double TOL = 1e-12;

  @SuppressWarnings("unchecked")
  @Test
  void replicatesOfTheTenStatsAreKeypointEvaluationsOfTheWeightedImages() throws Exception {
    CocoGroundTruth gt = KeypointsReferenceTest.gt();
    List<Detection> dts = KeypointsReferenceTest.results("keypoints_results.json");
    CocoParams params = CocoParams.builder(IouType.KEYPOINTS).build();
    CocoSummary.Stat[] layout = KeypointStats.layout();
    CocoIntervals iv = CocoBootstrapAccess.evaluate(gt, dts, params, layout, 2, (id, out) -> {
      out[0] = 1;
      out[1] = id % 2 == 0 ? 1 : 0;
    }, 0.95);
    Map<String, Object> exp = (Map<String, Object>) ((Map<String, Object>) TestJson.resource(
        KeypointsReferenceTest.DIR + "expected.json")).get("keypoints");
    List<Object> stats = (List<Object>) exp.get("stats");
    for (int i = 0; i < stats.size(); i++) {
      assertEquals((Double) stats.get(i), iv.replicateStats()[0][i], TOL, "weights 1: " + KeypointStats.NAMES[i]);
    }
    long[] even = gt.images().stream().mapToLong(Image::id).filter(id -> id % 2 == 0).toArray();
    CocoSummary half = KeypointStats.summarize(
        CocoEvaluator.evaluate(gt, dts, params.toBuilder().imageIds(even).build()).accumulation());
    for (int i = 0; i < KeypointStats.NAMES.length; i++) {
      assertEquals(half.stat(i), iv.replicateStats()[1][i], TOL, "even images: " + KeypointStats.NAMES[i]);
    }
  }
}
