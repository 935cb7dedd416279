package dev.overlap.core.coco;

import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The straightforward CocoEvaluator the kernels started from. Kept only for what the naive
 * transliteration ({@link NaiveCocoEval}) does not model: which input error is met first and its wording
 * ({@link KernelParityTest}'s error tests). Numbers are checked against {@link NaiveCocoEval} and the reference
 * data, never against this class.
 *
 * <p>Original documentation:
 * COCO evaluation of an in-memory dataset on one machine: pycocotools' evaluate, accumulate and
 * summarize. The Spark job runs the same per-image evaluation and curve builders, split across tasks.
 *
 * <pre>{@code
 * CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of("instances_val.json"), false);
 * List<Detection> dts = CocoFiles.readResults(Path.of("results.json"), false);
 * CocoEvaluation e = RefCocoEvaluator.evaluate(gt, dts, CocoParams.defaults(IouType.BBOX));
 * System.out.print(e.summary().text());
 * }</pre>
 */
final class RefCocoEvaluator {
  private RefCocoEvaluator() {}

  /**
   * Evaluates detections against a ground truth.
   *
   * @throws InvalidInputException for a detection whose image or category is not in the ground truth,
   *     duplicate image or category ids, or a mask that does not fit its image
   */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params) {
    return evaluate(gt, dts, params, "ground truth", seq -> "result #" + seq);
  }

  /** As {@link #evaluate(CocoGroundTruth, List, CocoParams)}, naming inputs in error messages. */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, String gtName,
      ImageEvaluator.DetectionNamer dtNames) {
    Map<Long, Image> images = new HashMap<>();
    for (Image im : gt.images()) {
      if (images.put(im.id(), im) != null) {
        throw new InvalidInputException(gtName, null, "images", "duplicate image id " + im.id());
      }
    }
    long[] allCats = new long[gt.categories().size()];
    for (int i = 0; i < allCats.length; i++) allCats[i] = gt.categories().get(i).id();
    Arrays.sort(allCats);
    for (int i = 1; i < allCats.length; i++) {
      if (allCats[i] == allCats[i - 1]) {
        throw new InvalidInputException(gtName, null, "categories", "duplicate category id " + allCats[i]);
      }
    }
    long[] catIds = params.categoryIds() != null ? intersect(params.categoryIds(), allCats) : allCats;
    long[] imgIds = new long[images.size()];
    int n = 0;
    for (long id : images.keySet()) imgIds[n++] = id;
    Arrays.sort(imgIds);
    if (params.imageIds() != null) imgIds = intersect(params.imageIds(), imgIds);

    Map<Long, List<GtAnnotation>> gtByImage = new HashMap<>();
    for (GtAnnotation a : gt.annotations()) {
      if (!images.containsKey(a.imageId())) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "image_id", "image " + a.imageId()
            + " is not in images");
      }
      if (Arrays.binarySearch(allCats, a.categoryId()) < 0) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "category_id", "category " + a.categoryId()
            + " is not in categories");
      }
      gtByImage.computeIfAbsent(a.imageId(), x -> new ArrayList<>()).add(a);
    }
    Map<Long, List<Detection>> dtByImage = new HashMap<>();
    for (Detection d : dts) {
      if (!images.containsKey(d.imageId())) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "image_id", "image " + d.imageId()
            + " is not in the ground truth");
      }
      if (Arrays.binarySearch(allCats, d.categoryId()) < 0) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "category_id", "category " + d.categoryId()
            + " is not in the ground truth");
      }
      dtByImage.computeIfAbsent(d.imageId(), x -> new ArrayList<>()).add(d);
    }

    int numCategories = params.useCats() ? catIds.length : 1;
    RefImageEvaluator ev = new RefImageEvaluator(params, catIds).withNames(gtName, dtNames);
    RefMatchBuffer buf = new RefMatchBuffer(params, numCategories);
    long[] numGt = new long[numCategories];
    long[] numPred = new long[numCategories];
    List<ImageStats> stats = new ArrayList<>(imgIds.length);
    for (long id : imgIds) {
      List<GtAnnotation> g = gtByImage.getOrDefault(id, List.of());
      List<Detection> d = dtByImage.getOrDefault(id, List.of());
      for (GtAnnotation a : g) {
        int k = ev.categoryIndex(a.categoryId());
        if (k >= 0) numGt[k]++;
      }
      for (Detection x : d) {
        int k = ev.categoryIndex(x.categoryId());
        if (k >= 0) numPred[k]++;
      }
      stats.add(ev.evaluate(images.get(id), g, d, buf));
    }
    Accumulation acc = accumulate(params, buf);
    long[] reportedCats = params.useCats() ? catIds : new long[] {-1};
    return new CocoEvaluation(params, reportedCats, CocoSummary.of(acc), numGt, numPred, List.copyOf(stats));
  }

  /** cocoeval.py#accumulate over records held in one buffer: one slice per category. */
  public static Accumulation accumulate(CocoParams params, RefMatchBuffer buf) {
    int[] order = buf.rankOrder();
    Accumulator acc = new Accumulator(params, buf.numCategories(), buf.npig());
    byte[] flags = new byte[params.numAreaRanges() * params.numIouThresholds()];
    int i = 0;
    while (i < order.length) {
      int k = buf.category(order[i]);
      RefCurveBuilder b = new RefCurveBuilder(params, k, acc.npig(k), null);
      while (i < order.length && buf.category(order[i]) == k) {
        int r = order[i];
        buf.flags(r, flags);
        b.add(buf.rank(r), buf.score(r), flags);
        i++;
      }
      acc.addSegment(0, b.finish());
    }
    return acc.result();
  }

  private static long[] intersect(long[] wanted, long[] available) {
    long[] out = new long[wanted.length];
    int n = 0;
    for (long w : wanted) if (Arrays.binarySearch(available, w) >= 0) out[n++] = w;
    return Arrays.copyOf(out, n);
  }
}
