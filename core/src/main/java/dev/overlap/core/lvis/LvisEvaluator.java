package dev.overlap.core.lvis;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * lvis-api's LVISEval on one machine: the load-time rules per image ({@link LvisImageRules}), core coco's
 * evaluation with the federated matching rules, and the thirteen stats. The Spark job runs the same
 * steps, the rules on the executors.
 */
public final class LvisEvaluator {
  private LvisEvaluator() {}

  /**
   * The evaluation and its LVIS summary.
   *
   * @param evaluation core coco's arrays (its own {@code summary()} holds COCO's twelve stats)
   * @param summary the thirteen LVIS stats
   * @param groups the frequency groups of the evaluated categories
   * @param resultsAfterCut results left after the top-300-per-image cut
   * @param resultsEvaluated results left after the area and federated filters
   * @param gtEvaluated ground truths of area > 0
   */
  public record Result(CocoEvaluation evaluation, CocoSummary summary, FrequencyGroups groups, long resultsAfterCut,
      long resultsEvaluated, long gtEvaluated) {}

  /**
   * Evaluates results against an LVIS ground truth read with {@code withLvis()}.
   *
   * @param params from {@link LvisParams#builder}
   * @throws InvalidInputException for a result whose image is not in the ground truth, or missing LVIS fields
   */
  public static Result evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, String gtName) {
    Filtered f = filter(gt, dts, params, gtName);
    CocoEvaluation e = CocoEvaluator.evaluate(f.gt(), f.dts(), params);
    FrequencyGroups groups = groups(gt.categories(), e.categoryIds(), gtName);
    return new Result(e, LvisStats.summarize(e.accumulation(), groups), groups, f.afterCut(), f.dts().size(),
        f.gt().annotations().size());
  }

  /**
   * The ground truth and results that lvis-api's load-time rules keep (per image: top 300, federated categories):
   * what COCO's per-image evaluation and accumulation then grade.
   *
   * @param afterCut results left after the per-image top-300 cut
   */
  public record Filtered(CocoGroundTruth gt, List<Detection> dts, long afterCut) {}

  /** Applies the load-time rules of every image (see {@link Filtered}). */
  public static Filtered filter(CocoGroundTruth gt, List<Detection> dts, CocoParams params, String gtName) {
    if (!params.federated()) throw new IllegalArgumentException("params are not LVIS's (LvisParams.builder)");
    Map<Long, Image> images = new HashMap<>();
    for (Image im : gt.images()) images.put(im.id(), im);
    Map<Long, List<GtAnnotation>> gtByImage = new HashMap<>();
    for (GtAnnotation a : gt.annotations()) gtByImage.computeIfAbsent(a.imageId(), x -> new ArrayList<>()).add(a);
    Map<Long, List<Detection>> dtByImage = new HashMap<>();
    long[] catIds = new long[gt.categories().size()];
    for (int i = 0; i < catIds.length; i++) catIds[i] = gt.categories().get(i).id();
    Arrays.sort(catIds);
    for (Detection d : dts) {
      if (!images.containsKey(d.imageId())) {
        throw new InvalidInputException(null, "result #" + d.seq(), "image_id", "image " + d.imageId()
            + " is not in the ground truth");
      }
      // lvis-api drops results of categories the ground truth does not have, silently
      if (Arrays.binarySearch(catIds, d.categoryId()) < 0) continue;
      dtByImage.computeIfAbsent(d.imageId(), x -> new ArrayList<>()).add(d);
    }
    LvisImageRules rules = new LvisImageRules(params.maxDetsLast(), params.iouType(), params.segmAreaFromBox());
    List<GtAnnotation> keptGt = new ArrayList<>();
    List<Detection> keptDt = new ArrayList<>();
    long afterCut = 0;
    for (Image im : gt.images()) {
      List<GtAnnotation> g = gtByImage.getOrDefault(im.id(), new ArrayList<>());
      List<Detection> d = dtByImage.getOrDefault(im.id(), new ArrayList<>());
      d.sort((x, y) -> Long.compare(x.seq(), y.seq()));
      int n = d.size();
      LvisImageRules.Dropped dropped = rules.apply(im, g, d, gtName);
      afterCut += n - dropped.beyondTop();
      keptGt.addAll(g);
      keptDt.addAll(d);
    }
    return new Filtered(new CocoGroundTruth(gt.images(), gt.categories(), keptGt), keptDt, afterCut);
  }

  /** The frequency groups of the evaluated categories (sorted ids), from the ground truth's categories. */
  public static FrequencyGroups groups(List<Category> categories, long[] sortedIds, String gtName) {
    Map<Long, String> freq = new HashMap<>();
    for (Category c : categories) freq.putIfAbsent(c.id(), c.frequency());
    String[] f = new String[sortedIds.length];
    for (int k = 0; k < sortedIds.length; k++) {
      f[k] = freq.get(sortedIds[k]);
      if (FrequencyGroups.group(f[k]) < 0) {
        throw new InvalidInputException(gtName, "category id " + sortedIds[k], "frequency",
            f[k] == null ? "missing; the LVIS protocol needs it on every category" : "\"" + f[k] + "\" is not r, c or f");
      }
    }
    return FrequencyGroups.of(f);
  }
}
