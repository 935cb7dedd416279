package dev.overlap.core.lvis;

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
 * Bootstrap replicates of LVIS's thirteen stats (frequency groups included) over the results its load-time rules
 * keep: weight 1 on every image gives lvis-api's numbers (lvis-small expected.json), weight 0 on the odd images the
 * LVIS evaluation of the even ones alone.
 */
class LvisBootstrapTest {
  static final double TOL = 1e-12;

  @SuppressWarnings("unchecked")
  @Test
  void replicatesOfTheThirteenStatsAreLvisEvaluationsOfTheWeightedImages() throws Exception {
    CocoGroundTruth gt = LvisReferenceTest.gt(false);
    CocoParams params = LvisParams.builder(IouType.BBOX).build();
    LvisEvaluator.Filtered f = LvisEvaluator.filter(gt, LvisReferenceTest.results(false), params, "lvis_gt.json");
    long[] ids = gt.categories().stream().mapToLong(c -> c.id()).sorted().toArray();
    FrequencyGroups groups = LvisEvaluator.groups(gt.categories(), ids, "lvis_gt.json");
    CocoSummary.Stat[] layout = LvisStats.layout(groups, params.maxDetsLast());
    CocoIntervals iv = CocoBootstrapAccess.evaluate(f.gt(), f.dts(), params, layout, 2, (id, out) -> {
      out[0] = 1;
      out[1] = id % 2 == 0 ? 1 : 0;
    }, 0.95);
    Map<String, Object> exp = (Map<String, Object>) ((Map<String, Object>) TestJson.resource(
        LvisReferenceTest.DIR + "expected.json")).get("bbox");
    List<Object> stats = (List<Object>) exp.get("stats");
    for (int i = 0; i < stats.size(); i++) {
      assertEquals((Double) stats.get(i), iv.replicateStats()[0][i], TOL, "weights 1: " + LvisStats.NAMES[i]);
    }
    long[] even = gt.images().stream().mapToLong(Image::id).filter(id -> id % 2 == 0).toArray();
    CocoSummary half = LvisStats.summarize(CocoEvaluator.evaluate(f.gt(), f.dts(),
        params.toBuilder().imageIds(even).build()).accumulation(), groups);
    for (int i = 0; i < LvisStats.NAMES.length; i++) {
      assertEquals(half.stat(i), iv.replicateStats()[1][i], TOL, "even images: " + LvisStats.NAMES[i]);
    }
  }
}
