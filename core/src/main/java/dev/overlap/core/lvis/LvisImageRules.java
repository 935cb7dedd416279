package dev.overlap.core.lvis;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.mask.Polygons;
import java.util.Arrays;
import java.util.List;

/**
 * lvis-api's load-time rules for one image, in its order (lvis.py#get_ann_ids, results.py#LVISResults,
 * eval.py#_prepare). Per image, so that the job applies them on the executors before matching and any
 * partitioning gives the same bits. Not thread-safe: it keeps scratch arrays; one instance per task.
 */
public final class LvisImageRules {
  private final int maxDetsPerImage;
  private final IouType iouType;
  private final boolean segmAreaFromBox;
  private int[] order = new int[64];
  private int[] aux = new int[64];
  private double[] score = new double[64];
  private boolean[] keep = new boolean[64];
  private long[] positive = new long[16];

  /** What {@link #apply} removed from one image, for the accounting. */
  public record Dropped(int gtAreaZero, int beyondTop, int areaZero, int federated) {
    /** Results removed in all. */
    public int results() { return beyondTop + areaZero + federated; }
  }

  /**
   * @param maxDetsPerImage results kept per image across categories (300)
   * @param iouType bbox (result area w*h) or segm (result area = mask pixels)
   * @param segmAreaFromBox segm: size results that carry a bbox by w*h instead (pycocotools / lvis-api loadRes)
   */
  public LvisImageRules(int maxDetsPerImage, IouType iouType, boolean segmAreaFromBox) {
    if (maxDetsPerImage < 1) throw new IllegalArgumentException("maxDetsPerImage must be >= 1");
    this.maxDetsPerImage = maxDetsPerImage;
    this.iouType = iouType;
    this.segmAreaFromBox = segmAreaFromBox;
  }

  /**
   * Applies the rules to one image's records, in place (the lists keep their order):
   * <ol>
   *   <li>ground truths of area {@code <= 0} are dropped (lvis.py keeps {@code 0 < area < inf});
   *   <li>the image's {@code maxDetsPerImage} best results across categories are kept, by a stable score sort
   *       (results.py#limit_dets_per_image; ties keep results-file order, so {@code dts} must be in file order);
   *   <li>results of area {@code <= 0} are dropped, after having taken their slots;
   *   <li>the federated filter: a result counts only when its category has a ground truth (left after 1) in the
   *       image or is in the image's {@code neg_category_ids} (eval.py#_prepare).
   * </ol>
   *
   * @throws InvalidInputException when the image lacks the LVIS lists or a mask cannot be sized
   */
  public Dropped apply(Image image, List<GtAnnotation> gts, List<Detection> dts, String gtName) {
    if (image.negCategoryIds() == null || image.notExhaustiveCategoryIds() == null) {
      throw new InvalidInputException(gtName, "image id " + image.id(), image.negCategoryIds() == null
          ? "neg_category_ids" : "not_exhaustive_category_ids", "missing; the LVIS protocol needs it on every image");
    }
    int gtDropped = 0;
    int np = 0;
    int gw = 0;
    for (int i = 0, ng = gts.size(); i < ng; i++) {
      GtAnnotation a = gts.get(i);
      if (!(a.area() > 0 && a.area() < Double.POSITIVE_INFINITY)) {
        gtDropped++;
      } else {
        gts.set(gw++, a);
        if (np == positive.length) positive = Arrays.copyOf(positive, 2 * np);
        positive[np++] = a.categoryId();
      }
    }
    truncate(gts, gw);
    Arrays.sort(positive, 0, np);

    int n = dts.size();
    grow(n);
    for (int i = 0; i < n; i++) {
      order[i] = i;
      score[i] = dts.get(i).score();
    }
    int kept = topPerImage(score, n, maxDetsPerImage, order, aux, keep);
    int beyond = n - kept;
    int areaZero = 0;
    int federated = 0;
    int w = 0;
    long[] neg = image.negCategoryIds();
    for (int i = 0; i < n; i++) {
      if (!keep[i]) continue;
      Detection d = dts.get(i);
      double area = area(image, d);
      if (!(area > 0 && area < Double.POSITIVE_INFINITY)) {
        areaZero++;
      } else if (Arrays.binarySearch(positive, 0, np, d.categoryId()) < 0 && !contains(neg, d.categoryId())) {
        federated++;
      } else {
        dts.set(w++, d);
      }
    }
    truncate(dts, w);
    return new Dropped(gtDropped, beyond, areaZero, federated);
  }

  /**
   * The stable top-{@code maxDets} cut of one image's results: {@code keep[i]} is set for the {@code maxDets}
   * best scores of {@code score[0, n)}, ties going to the earlier index (Python's stable
   * {@code sorted(..., reverse=True)}). {@code order} and {@code aux} are scratch of length {@code n}.
   *
   * @return the number kept, {@code min(n, maxDets)}
   */
  public static int topPerImage(double[] score, int n, int maxDets, int[] order, int[] aux, boolean[] keep) {
    if (n <= maxDets) {
      Arrays.fill(keep, 0, n, true);
      return n;
    }
    for (int i = 0; i < n; i++) order[i] = i;
    ImageEvaluator.sortByScoreDesc(order, aux, 0, n, score);
    Arrays.fill(keep, 0, n, false);
    for (int i = 0; i < maxDets; i++) keep[order[i]] = true;
    return maxDets;
  }

  /** A result's area as lvis-api's LVISResults gives it: box w*h (bbox), or the mask's pixel count (segm). */
  private double area(Image image, Detection d) {
    double[] bb = d.bbox();
    if (iouType == IouType.BBOX || (segmAreaFromBox && bb != null)) return bb[2] * bb[3];
    Segmentation s = d.segmentation();
    if (s == null) return 0; // the evaluator names a missing mask
    if (s.isPolygons()) {
      try {
        return Polygons.toRle(s.polygons(), image.height(), image.width()).area();
      } catch (IllegalArgumentException e) {
        return 1; // kept: the evaluator reports the bad polygon with the result's name
      }
    }
    int[] c = s.rleCounts();
    long a = 0;
    for (int i = 1; i < c.length; i += 2) a += c[i]; // runs alternate 0s and 1s, starting with 0s
    return a;
  }

  private static boolean contains(long[] ids, long id) {
    for (long x : ids) if (x == id) return true;
    return false;
  }

  private static <T> void truncate(List<T> list, int n) {
    for (int i = list.size() - 1; i >= n; i--) list.remove(i);
  }

  private void grow(int n) {
    if (order.length >= n) return;
    int m = Math.max(n, 2 * order.length);
    order = new int[m];
    aux = new int[m];
    score = new double[m];
    keep = new boolean[m];
  }
}
