package dev.overlap.core.coco;

import dev.overlap.core.stats.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Poisson-bootstrap intervals of the COCO stats on one machine: every image is matched once (IoU and matching are
 * shared by all replicates), then each category's ranked detections are accumulated once for all replicates by
 * {@link BootstrapCurves}, each image weighted by its weight in each replicate.
 *
 * <p>The stats of a replicate are {@link CocoSummary}'s twelve, computed the same way from the replicate's curves
 * (mean over the precision or recall entries of categories with a non-ignored ground truth), summed in category,
 * threshold and recall order. Intervals are percentile intervals ({@link Percentiles}); a replicate where a stat is
 * -1 (nothing to average) is left out of that stat's interval.
 */
public final class CocoBootstrap {
  private CocoBootstrap() {}

  /**
   * Evaluates with {@code replicates} Poisson(1) replicates under {@code seed}.
   *
   * @param confidence central share of the replicate distribution each interval holds, in (0, 1)
   */
  public static CocoIntervals evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, int replicates,
      long seed, double confidence) {
    return evaluate(gt, dts, params, replicates, BootstrapCurves.poisson(seed), confidence);
  }

  /** As above for the stats of {@code layout} (keypoints' ten, ...; null: COCO's twelve). */
  public static CocoIntervals evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params,
      CocoSummary.Stat[] layout, int replicates, long seed, double confidence) {
    return evaluate(gt, dts, params, layout, replicates, BootstrapCurves.poisson(seed), confidence);
  }

  /** As above with any integer weights (tests use fixed ones). */
  static CocoIntervals evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, int replicates,
      BootstrapCurves.Weights weights, double confidence) {
    return evaluate(gt, dts, params, null, replicates, weights, confidence);
  }

  /**
   * As above for the stats of {@code layout} ({@link CocoSummary.Stat}: keypoints' ten, ...; null: COCO's twelve).
   */
  static CocoIntervals evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, CocoSummary.Stat[] layout,
      int replicates, BootstrapCurves.Weights weights, double confidence) {
    if (replicates < 1) throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
    long[] allCats = new long[gt.categories().size()];
    for (int i = 0; i < allCats.length; i++) allCats[i] = gt.categories().get(i).id();
    Arrays.sort(allCats);
    long[] catIds = allCats;
    if (params.categoryIds() != null) {
      long[] want = params.categoryIds().clone();
      Arrays.sort(want);
      long[] keep = new long[want.length];
      int n = 0;
      for (long c : want) if (Arrays.binarySearch(allCats, c) >= 0 && (n == 0 || keep[n - 1] != c)) keep[n++] = c;
      catIds = Arrays.copyOf(keep, n);
    }
    int numCategories = params.useCats() ? catIds.length : 1;
    int numAreas = params.numAreaRanges();

    // images in id order; records grouped per image by a sort on image id (file order kept within an image)
    List<Image> images = new ArrayList<>(gt.images());
    images.sort((x, y) -> Long.compare(x.id(), y.id()));
    long[] wantImages = params.imageIds();
    if (wantImages != null) Arrays.sort(wantImages);
    List<GtAnnotation> gts = new ArrayList<>(gt.annotations());
    gts.sort((x, y) -> Long.compare(x.imageId(), y.imageId()));
    List<Detection> ds = new ArrayList<>(dts);
    ds.sort((x, y) -> Long.compare(x.imageId(), y.imageId()));

    ImageEvaluator evaluator = new ImageEvaluator(params, catIds);
    MatchBuffer matches = new MatchBuffer(params, numCategories, Math.max(16, dts.size()));
    long[] npig = new long[numCategories * replicates * numAreas]; // [(k * R + rep) * A + a]
    int[] w = new int[replicates];
    MatchSink sink = new MatchSink() {
      @Override
      public void detection(int category, long imageId, int rank, double score, byte[] flags) {
        matches.detection(category, imageId, rank, score, flags);
      }

      @Override
      public void groundTruth(int category, int area, int notIgnored) {
        for (int rep = 0; rep < replicates; rep++) {
          npig[(category * replicates + rep) * numAreas + area] += (long) w[rep] * notIgnored;
        }
      }
    };
    int gi = 0;
    int di = 0;
    for (Image im : images) {
      while (gi < gts.size() && gts.get(gi).imageId() < im.id()) gi++;
      int g0 = gi;
      while (gi < gts.size() && gts.get(gi).imageId() == im.id()) gi++;
      while (di < ds.size() && ds.get(di).imageId() < im.id()) di++;
      int d0 = di;
      while (di < ds.size() && ds.get(di).imageId() == im.id()) di++;
      if (wantImages != null && Arrays.binarySearch(wantImages, im.id()) < 0) continue;
      weights.fill(im.id(), w);
      evaluator.evaluate(im, gts.subList(g0, gi), ds.subList(d0, di), sink);
    }

    int[] order = matches.rankOrder();
    int stride = numAreas * params.numIouThresholds();
    byte[] flags = new byte[stride];
    BootstrapCurves[] curves = new BootstrapCurves[numCategories];
    for (int k = 0; k < numCategories; k++) {
      curves[k] = new BootstrapCurves(params, replicates, weights,
          Arrays.copyOfRange(npig, k * replicates * numAreas, (k + 1) * replicates * numAreas));
    }
    for (int i : order) {
      matches.flags(i, flags);
      curves[matches.category(i)].add(matches.imageId(i), matches.rank(i), flags, 0);
    }
    return CocoIntervals.of(params, layout, curves, confidence);
  }
}
