package dev.overlap.core.coco;

import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COCO evaluation of an in-memory dataset on one machine: pycocotools' evaluate, accumulate and
 * summarize. The Spark job runs the same per-image evaluation and curve builders, split across tasks.
 *
 * <pre>{@code
 * CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of("instances_val.json"), false);
 * List<Detection> dts = CocoFiles.readResults(Path.of("results.json"), false);
 * CocoEvaluation e = CocoEvaluator.evaluate(gt, dts, CocoParams.defaults(IouType.BBOX));
 * System.out.print(e.summary().text());
 * }</pre>
 */
public final class CocoEvaluator {
  private CocoEvaluator() {}

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
    // Images by position in id order; records grouped per image with a counting sort (list order kept within
    // an image), so that no boxed id is hashed per record.
    List<Image> imageList = gt.images();
    int numImages = imageList.size();
    long[] sortedIds = new long[numImages];
    for (int i = 0; i < numImages; i++) sortedIds[i] = imageList.get(i).id();
    Arrays.sort(sortedIds);
    Image[] imageAt = new Image[numImages];
    for (Image im : imageList) {
      int p = Arrays.binarySearch(sortedIds, im.id());
      if (imageAt[p] != null) throw new InvalidInputException(gtName, null, "images", "duplicate image id " + im.id());
      imageAt[p] = im;
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
    long[] imgIds = sortedIds;
    if (params.imageIds() != null) imgIds = intersect(params.imageIds(), imgIds);

    List<GtAnnotation> annotations = gt.annotations();
    int[] gtImage = new int[annotations.size()];
    int[] gtStart = new int[numImages + 1];
    for (int i = 0; i < gtImage.length; i++) {
      GtAnnotation a = annotations.get(i);
      int p = Arrays.binarySearch(sortedIds, a.imageId());
      if (p < 0) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "image_id", "image " + a.imageId()
            + " is not in images");
      }
      if (Arrays.binarySearch(allCats, a.categoryId()) < 0) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "category_id", "category " + a.categoryId()
            + " is not in categories");
      }
      gtImage[i] = p;
      gtStart[p + 1]++;
    }
    GtAnnotation[] gtByImage = group(annotations, gtImage, gtStart, new GtAnnotation[gtImage.length]);
    int[] dtImage = new int[dts.size()];
    int[] dtStart = new int[numImages + 1];
    for (int i = 0; i < dtImage.length; i++) {
      Detection d = dts.get(i);
      int p = Arrays.binarySearch(sortedIds, d.imageId());
      if (p < 0) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "image_id", "image " + d.imageId()
            + " is not in the ground truth");
      }
      if (Arrays.binarySearch(allCats, d.categoryId()) < 0) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "category_id", "category " + d.categoryId()
            + " is not in the ground truth");
      }
      dtImage[i] = p;
      dtStart[p + 1]++;
    }
    Detection[] dtByImage = group(dts, dtImage, dtStart, new Detection[dtImage.length]);

    int numCategories = params.useCats() ? catIds.length : 1;
    ImageEvaluator ev = new ImageEvaluator(params, catIds).withNames(gtName, dtNames);
    MatchBuffer buf = new MatchBuffer(params, numCategories, dts.size());
    long[] numGt = new long[numCategories];
    long[] numPred = new long[numCategories];
    List<ImageStats> stats = new ArrayList<>(imgIds.length);
    for (long id : imgIds) {
      int p = Arrays.binarySearch(sortedIds, id);
      int g0 = gtStart[p];
      int g1 = gtStart[p + 1];
      int d0 = dtStart[p];
      int d1 = dtStart[p + 1];
      for (int i = g0; i < g1; i++) {
        int k = ev.categoryIndex(gtByImage[i].categoryId());
        if (k >= 0) numGt[k]++;
      }
      for (int i = d0; i < d1; i++) {
        int k = ev.categoryIndex(dtByImage[i].categoryId());
        if (k >= 0) numPred[k]++;
      }
      stats.add(ev.evaluate(imageAt[p], gtByImage, g0, g1 - g0, dtByImage, d0, d1 - d0, buf));
    }
    Accumulation acc = accumulate(params, buf);
    long[] reportedCats = params.useCats() ? catIds : new long[] {-1};
    return new CocoEvaluation(params, reportedCats, CocoSummary.of(acc), numGt, numPred, List.copyOf(stats));
  }

  /** cocoeval.py#accumulate over records held in one buffer: one slice per category. */
  public static Accumulation accumulate(CocoParams params, MatchBuffer buf) {
    int[] order = buf.rankOrder();
    Accumulator acc = new Accumulator(params, buf.numCategories(), buf.npig());
    byte[] flags = buf.flagsArray();
    int stride = params.numAreaRanges() * params.numIouThresholds();
    int i = 0;
    while (i < order.length) {
      int k = buf.category(order[i]);
      CurveBuilder b = new CurveBuilder(params, k, acc.npig(k), null);
      while (i < order.length && buf.category(order[i]) == k) {
        int r = order[i];
        b.add(buf.rank(r), buf.score(r), flags, r * stride);
        i++;
      }
      acc.addSegment(0, b.finish());
    }
    return acc.result();
  }

  /**
   * Records in image order, list order within an image. {@code start} holds per-image counts at
   * {@code [p + 1]} on entry and start offsets on return.
   */
  private static <T> T[] group(List<T> records, int[] imageOf, int[] start, T[] out) {
    for (int p = 0; p + 1 < start.length; p++) start[p + 1] += start[p];
    int[] next = Arrays.copyOf(start, start.length - 1);
    for (int i = 0; i < imageOf.length; i++) out[next[imageOf[i]]++] = records.get(i);
    return out;
  }

  private static long[] intersect(long[] wanted, long[] available) {
    long[] out = new long[wanted.length];
    int n = 0;
    for (long w : wanted) if (Arrays.binarySearch(available, w) >= 0) out[n++] = w;
    return Arrays.copyOf(out, n);
  }
}
