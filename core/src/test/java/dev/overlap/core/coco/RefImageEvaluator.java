package dev.overlap.core.coco;

import dev.overlap.core.box.BoxIou;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
import java.util.Arrays;
import java.util.List;

/**
 * The straightforward ImageEvaluator the kernels started from. Kept only for what the naive
 * transliteration ({@link NaiveCocoEval}) does not model: which input error is met first and its wording
 * ({@link KernelParityTest}'s error tests). Numbers are checked against {@link NaiveCocoEval} and the reference
 * data, never against this class, which calls today's IoU kernels.
 *
 * <p>Original documentation:
 * Evaluates one image: for every category, sorts and truncates detections, computes the IoU
 * matrix and runs pycocotools' greedy matching for every area range and IoU threshold
 * ({@code cocoeval.py#computeIoU}, {@code #evaluateImg}).
 *
 * <p>Not thread-safe: it keeps scratch buffers so that an executor can evaluate millions of images
 * without allocating per pair. One instance per task.
 */
final class RefImageEvaluator {
  /** pycocotools caps thresholds below 1 so that an IoU of exactly 1 still matches at t = 1. */
  private static final double MAX_MATCH_IOU = 1 - 1e-10;

  private final CocoParams params;
  private final long[] categoryIds;
  private final int numAreas;
  private final int numThresholds;
  private final int maxDet;
  private final int t50;
  private final int t75;
  private final int areaAll;
  /** The smallest capped threshold: a GT below it is never taken at any threshold. */
  private final double lowestCap;
  private ImageEvaluator.DetectionNamer detectionNamer = seq -> "result #" + seq;
  private String gtName = "ground truth";

  // scratch, grown on demand
  private int[] gtOrder = new int[16];
  private int[] dtOrder = new int[16];
  private int[] tmp = new int[16];
  private int[] gtCategory = new int[16];
  private int[] dtCategory = new int[16];
  private int[] candidateStart = new int[17];
  private int[] candidates = new int[64];
  private double[] ious = new double[256];
  private double[] gtBoxes = new double[64];
  private double[] dtBoxes = new double[64];
  private boolean[] crowd = new boolean[16];
  private double[] gtArea = new double[16];
  private double[] dtArea = new double[16];
  private double[] dtScore = new double[16];
  private Rle[] gtMasks = new Rle[16];
  private Rle[] dtMasks = new Rle[16];
  private int[] sortedGt = new int[16];
  private boolean[] sortedIgnore = new boolean[16];
  private boolean[] gtMatched = new boolean[16];
  private long[] dtMatchId = new long[16];
  private boolean[] dtIgnore = new boolean[16];
  private double[] dtMatchIou = new double[16];
  private byte[] flags = new byte[16];
  private int[] groupStart = new int[16];

  /**
   * @param params evaluation parameters
   * @param categoryIds the evaluated category ids, sorted ascending (category index = position)
   */
  public RefImageEvaluator(CocoParams params, long[] categoryIds) {
    this.params = params;
    this.categoryIds = categoryIds.clone();
    for (int i = 1; i < categoryIds.length; i++) {
      if (categoryIds[i] <= categoryIds[i - 1]) throw new IllegalArgumentException("category ids must be sorted and unique");
    }
    this.numAreas = params.numAreaRanges();
    this.numThresholds = params.numIouThresholds();
    this.maxDet = params.maxDetsLast();
    this.t50 = params.iouIndex(0.5);
    this.t75 = params.iouIndex(0.75);
    int all = params.areaIndex("all");
    this.areaAll = all >= 0 ? all : 0;
    this.flags = new byte[numAreas * numThresholds];
    double lowest = Double.POSITIVE_INFINITY;
    for (int t = 0; t < numThresholds; t++) lowest = Math.min(lowest, Math.min(params.iouThreshold(t), MAX_MATCH_IOU));
    this.lowestCap = lowest;
  }

  /** Sets how errors name detections and the ground truth. */
  public RefImageEvaluator withNames(String gtName, ImageEvaluator.DetectionNamer detectionNamer) {
    this.gtName = gtName;
    this.detectionNamer = detectionNamer;
    return this;
  }

  /** Category index of a category id, or -1 when the category is not evaluated. */
  public int categoryIndex(long categoryId) {
    if (!params.useCats()) return Arrays.binarySearch(categoryIds, categoryId) >= 0 ? 0 : -1;
    int k = Arrays.binarySearch(categoryIds, categoryId);
    return k >= 0 ? k : -1;
  }

  /**
   * Evaluates one image.
   *
   * @param image the image (its size rasterises polygons)
   * @param gts ground truths of the image, any order (file order is restored from {@code index})
   * @param dts detections of the image, any order (file order is restored from {@code seq})
   * @param sink receives the match flags of every kept detection and the GT counts
   * @return per-image counts at area "all"
   */
  public ImageStats evaluate(Image image, List<GtAnnotation> gts, List<Detection> dts, MatchSink sink) {
    int ng = gts.size();
    int nd = dts.size();
    gtOrder = ensure(gtOrder, ng);
    dtOrder = ensure(dtOrder, nd);
    tmp = ensure(tmp, Math.max(ng, nd));
    // Group by category index; within a group, file order. With useCats off pycocotools concatenates
    // categories in catIds order (cocoeval.py#computeIoU), so category id is the secondary key.
    // category index once per record: the sorts and the grouping below would otherwise binary-search per comparison
    gtCategory = ensure(gtCategory, ng);
    dtCategory = ensure(dtCategory, nd);
    int gCount = 0;
    for (int i = 0; i < ng; i++) {
      int k = categoryIndex(gts.get(i).categoryId());
      gtCategory[i] = k;
      if (k >= 0) gtOrder[gCount++] = i;
    }
    int dCount = 0;
    for (int i = 0; i < nd; i++) {
      int k = categoryIndex(dts.get(i).categoryId());
      dtCategory[i] = k;
      if (k >= 0) dtOrder[dCount++] = i;
    }
    sortGts(gts, gtOrder, gCount);
    sortDts(dts, dtOrder, dCount);

    int tp50 = 0, fp50 = 0, fn50 = 0, tp75 = 0, fp75 = 0, fn75 = 0;
    double iouSum50 = 0;
    int gi = 0, di = 0;
    while (gi < gCount || di < dCount) {
      int kg = gi < gCount ? gtCategory[gtOrder[gi]] : Integer.MAX_VALUE;
      int kd = di < dCount ? dtCategory[dtOrder[di]] : Integer.MAX_VALUE;
      int k = Math.min(kg, kd);
      int g0 = gi;
      while (gi < gCount && gtCategory[gtOrder[gi]] == k) gi++;
      int d0 = di;
      while (di < dCount && dtCategory[dtOrder[di]] == k) di++;
      evaluateCategory(image, k, gts, g0, gi - g0, dts, d0, di - d0, sink);
      if (t50 >= 0) {
        tp50 += lastTp[0];
        fp50 += lastFp[0];
        fn50 += lastFn[0];
        iouSum50 += lastIouSum;
      }
      if (t75 >= 0) {
        tp75 += lastTp[1];
        fp75 += lastFp[1];
        fn75 += lastFn[1];
      }
    }
    return new ImageStats(image.id(), gCount, dCount, t50 >= 0 ? tp50 : -1, t50 >= 0 ? fp50 : -1,
        t50 >= 0 ? fn50 : -1, t75 >= 0 ? tp75 : -1, t75 >= 0 ? fp75 : -1, t75 >= 0 ? fn75 : -1, iouSum50);
  }

  // per-category results at IoU .50 [0] and .75 [1], area "all", read by evaluate()
  private final int[] lastTp = new int[2];
  private final int[] lastFp = new int[2];
  private final int[] lastFn = new int[2];
  private double lastIouSum;

  private void evaluateCategory(Image image, int k, List<GtAnnotation> gts, int g0, int g, List<Detection> dts,
      int d0, int dAll, MatchSink sink) {
    lastTp[0] = lastTp[1] = lastFp[0] = lastFp[1] = lastFn[0] = lastFn[1] = 0;
    lastIouSum = 0;
    // cocoeval.py#evaluateImg: detections sorted by score with a stable sort, then cut to maxDets[-1]
    stableSortByScoreDesc(dts, dtOrder, d0, dAll);
    int d = Math.min(dAll, maxDet);
    boolean segm = params.iouType() == IouType.SEGM;
    crowd = ensure(crowd, g);
    gtArea = ensure(gtArea, g);
    gtBoxes = ensure(gtBoxes, 4 * g);
    dtArea = ensure(dtArea, d);
    dtScore = ensure(dtScore, d);
    dtBoxes = ensure(dtBoxes, 4 * d);
    if (segm) {
      gtMasks = ensure(gtMasks, g);
      dtMasks = ensure(dtMasks, d);
    }
    for (int j = 0; j < g; j++) {
      GtAnnotation a = gts.get(gtOrder[g0 + j]);
      crowd[j] = a.iscrowd();
      gtArea[j] = a.area();
      System.arraycopy(a.bbox(), 0, gtBoxes, 4 * j, 4);
      if (segm) gtMasks[j] = gtMask(image, a);
    }
    for (int i = 0; i < d; i++) {
      Detection det = dts.get(dtOrder[d0 + i]);
      dtScore[i] = det.score();
      double[] bb = det.bbox();
      if (segm) {
        dtMasks[i] = dtMask(image, det);
        dtArea[i] = params.segmAreaFromBox() && bb != null ? bb[2] * bb[3] : dtMasks[i].area();
      } else {
        dtArea[i] = bb[2] * bb[3];
        System.arraycopy(bb, 0, dtBoxes, 4 * i, 4);
      }
    }
    ious = ensure(ious, g * d);
    if (g > 0 && d > 0) {
      if (segm) {
        Masks.iou(dtMasks, d, gtMasks, g, crowd, ious);
      } else {
        BoxIou.iou(dtBoxes, d, gtBoxes, g, crowd, ious);
      }
    }

    sortedGt = ensure(sortedGt, g);
    sortedIgnore = ensure(sortedIgnore, g);
    gtMatched = ensure(gtMatched, g);
    dtMatchId = ensure(dtMatchId, d);
    dtIgnore = ensure(dtIgnore, d);
    dtMatchIou = ensure(dtMatchIou, d);
    byte[] f = flagsFor(d);
    int stride = numAreas * numThresholds;
    for (int a = 0; a < numAreas; a++) {
      double lo = params.areaLo(a);
      double hi = params.areaHi(a);
      // ignored GTs (crowd, or area outside the inclusive range) go last, stably (evaluateImg's gtind)
      int nNotIgnored = 0;
      for (int j = 0; j < g; j++) {
        if (!(crowd[j] || gtArea[j] < lo || gtArea[j] > hi)) sortedGt[nNotIgnored++] = j;
      }
      int n = nNotIgnored;
      for (int j = 0; j < g; j++) {
        if (crowd[j] || gtArea[j] < lo || gtArea[j] > hi) sortedGt[n++] = j;
      }
      for (int j = 0; j < g; j++) sortedIgnore[j] = j >= nNotIgnored;
      candidates(g, d);
      if (g > 0) sink.groundTruth(k, a, nNotIgnored);
      for (int t = 0; t < numThresholds; t++) {
        match(params.iouThreshold(t), g, d, lo, hi, gts, g0);
        for (int i = 0; i < d; i++) {
          f[i * stride + a * numThresholds + t] =
              dtIgnore[i] ? MatchFlags.IGNORED : dtMatchId[i] != 0 ? MatchFlags.TP : MatchFlags.FP;
        }
        if (a == areaAll && (t == t50 || t == t75)) {
          int s = t == t50 ? 0 : 1;
          int matchedRegular = 0;
          for (int i = 0; i < d; i++) {
            byte fl = f[i * stride + a * numThresholds + t];
            if (fl == MatchFlags.TP) {
              lastTp[s]++;
              if (s == 0) lastIouSum += dtMatchIou[i];
            } else if (fl == MatchFlags.FP) {
              lastFp[s]++;
            }
          }
          for (int j = 0; j < nNotIgnored; j++) if (gtMatched[j]) matchedRegular++;
          lastFn[s] = nNotIgnored - matchedRegular;
        }
      }
    }
    byte[] one = flags;
    for (int i = 0; i < d; i++) {
      System.arraycopy(f, i * stride, one, 0, stride);
      sink.detection(k, image.id(), i, dtScore[i], one);
    }
  }

  /**
   * For each detection, the positions in the ignore-last GT order whose IoU is at least the lowest
   * capped threshold (and every position from a NaN IoU on), in that order: {@code candidates[
   * candidateStart[i] .. candidateStart[i + 1])}. Built once per area range instead of scanning every GT
   * at every threshold; most detections have none.
   */
  private void candidates(int g, int d) {
    candidateStart = ensure(candidateStart, d + 1);
    candidates = ensure(candidates, g * d);
    int n = 0;
    for (int i = 0; i < d; i++) {
      candidateStart[i] = n;
      for (int j = 0; j < g; j++) {
        double v = ious[sortedGt[j] * d + i];
        if (v >= lowestCap) {
          candidates[n++] = j;
        } else if (v != v) {
          // match() would take a NaN IoU and, after it, any IoU: from here on every GT is a candidate
          while (j < g) candidates[n++] = j++;
        }
      }
    }
    candidateStart[d] = n;
  }

  /**
   * Greedy matching at one threshold, as cocoeval.py#evaluateImg: each detection in score order takes
   * the best-IoU GT not yet taken (crowds can be taken again), scanning GTs in the ignore-last order; an
   * equal IoU later in that order wins; once it holds a regular GT it stops at the first ignored one.
   *
   * <p>Only the candidates of {@link #candidates} are scanned. The others have an IoU below the cap, which
   * is at most {@code best}, so they could only end the scan (an ignored GT after a regular match); every
   * GT after such a one is ignored too, so the next candidate, if any, ends it the same way or is skipped
   * as taken: the match is the one of the full scan.
   */
  private void match(double thr, int g, int d, double lo, double hi, List<GtAnnotation> gts, int g0) {
    double cap = Math.min(thr, MAX_MATCH_IOU);
    for (int j = 0; j < g; j++) gtMatched[j] = false;
    for (int i = 0; i < d; i++) {
      double best = cap;
      int m = -1;
      int end = candidateStart[i + 1];
      for (int c = candidateStart[i]; c < end; c++) {
        int j = candidates[c];
        int gj = sortedGt[j];
        if (gtMatched[j] && !crowd[gj]) continue;
        if (m > -1 && !sortedIgnore[m] && sortedIgnore[j]) break;
        double iou = ious[gj * d + i];
        if (iou < best) continue;
        best = iou;
        m = j;
      }
      if (m == -1) {
        dtMatchId[i] = 0;
        dtIgnore[i] = false;
        dtMatchIou[i] = 0;
      } else {
        dtIgnore[i] = sortedIgnore[m];
        // pycocotools stores the GT id and later reads 0 as "unmatched" (a GT with id 0 yields an FP)
        dtMatchId[i] = gts.get(gtOrder[g0 + sortedGt[m]]).id();
        dtMatchIou[i] = best;
        gtMatched[m] = true;
      }
      // unmatched (dtm == 0) detections outside the area range are ignored
      if (dtMatchId[i] == 0 && (dtArea[i] < lo || dtArea[i] > hi)) dtIgnore[i] = true;
    }
  }

  private byte[] flagsFor(int d) {
    int need = d * numAreas * numThresholds;
    if (scratchFlags.length < need) scratchFlags = new byte[Math.max(need, scratchFlags.length * 2)];
    return scratchFlags;
  }

  private byte[] scratchFlags = new byte[64];

  private Rle gtMask(Image image, GtAnnotation a) {
    Segmentation s = a.segmentation();
    if (s == null) {
      throw new InvalidInputException(gtName, "annotation id " + a.id(), "segmentation",
          "missing; segm evaluation needs a mask for every ground truth");
    }
    return toRle(image, s, gtName, "annotation id " + a.id());
  }

  private Rle dtMask(Image image, Detection det) {
    Segmentation s = det.segmentation();
    String where = detectionNamer.name(det.seq());
    if (s == null) {
      throw new InvalidInputException(null, where, "segmentation", "missing; segm evaluation needs a mask for every result");
    }
    return toRle(image, s, null, where);
  }

  private static Rle toRle(Image image, Segmentation s, String file, String record) {
    int h = image.height();
    int w = image.width();
    if (s.isPolygons()) {
      try {
        return Polygons.toRle(s.polygons(), h, w);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, record, "segmentation", e.getMessage());
      }
    }
    if (s.rleHeight() != h || s.rleWidth() != w) {
      throw new InvalidInputException(file, record, "segmentation", "RLE size [" + s.rleHeight() + ", " + s.rleWidth()
          + "] differs from the size [" + h + ", " + w + "] of image " + image.id());
    }
    return Rle.of(h, w, s.rleCounts());
  }

  private void sortGts(List<GtAnnotation> gts, int[] order, int n) {
    // (category index, [category id when pooled], file index): insertion sort is fine for typical n,
    // merge sort beyond.
    mergeSort(order, n, (x, y) -> {
      GtAnnotation a = gts.get(x);
      GtAnnotation b = gts.get(y);
      int c = Integer.compare(gtCategory[x], gtCategory[y]);
      if (c != 0) return c;
      c = Long.compare(a.categoryId(), b.categoryId());
      if (c != 0) return c;
      return Long.compare(a.index(), b.index());
    });
  }

  private void sortDts(List<Detection> dts, int[] order, int n) {
    mergeSort(order, n, (x, y) -> {
      Detection a = dts.get(x);
      Detection b = dts.get(y);
      int c = Integer.compare(dtCategory[x], dtCategory[y]);
      if (c != 0) return c;
      c = Long.compare(a.categoryId(), b.categoryId());
      if (c != 0) return c;
      return Long.compare(a.seq(), b.seq());
    });
  }

  /** Stable sort of {@code order[from, from+n)} by score descending (numpy mergesort of -score). */
  private void stableSortByScoreDesc(List<Detection> dts, int[] order, int from, int n) {
    if (n < 2) return;
    int[] sub = ensureTmp(n);
    System.arraycopy(order, from, sub, 0, n);
    // plain comparisons, as numpy's on -score: -0.0 and 0.0 tie (Double.compare would split them)
    mergeSort(sub, n, (x, y) -> {
      double sx = dts.get(x).score();
      double sy = dts.get(y).score();
      return sx > sy ? -1 : sx < sy ? 1 : 0;
    });
    System.arraycopy(sub, 0, order, from, n);
  }

  private int[] sortBuf = new int[16];
  private int[] sortAux = new int[16];

  private int[] ensureTmp(int n) {
    sortBuf = ensure(sortBuf, n);
    return sortBuf;
  }

  @FunctionalInterface
  private interface IntComparator {
    int compare(int a, int b);
  }

  /** Stable top-down merge sort of {@code a[0, n)}. */
  private void mergeSort(int[] a, int n, IntComparator cmp) {
    if (n < 2) return;
    sortAux = ensure(sortAux, n);
    mergeSort(a, sortAux, 0, n, cmp);
  }

  private static void mergeSort(int[] a, int[] aux, int lo, int hi, IntComparator cmp) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && cmp.compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, aux, lo, mid, cmp);
    mergeSort(a, aux, mid, hi, cmp);
    if (cmp.compare(a[mid - 1], a[mid]) <= 0) return;
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else if (cmp.compare(aux[j], aux[i]) < 0) a[k] = aux[j++];
      else a[k] = aux[i++];
    }
  }

  private static int[] ensure(int[] a, int n) {
    return a.length >= n ? a : new int[Math.max(n, a.length * 2)];
  }

  private static double[] ensure(double[] a, int n) {
    return a.length >= n ? a : new double[Math.max(n, a.length * 2)];
  }

  private static boolean[] ensure(boolean[] a, int n) {
    return a.length >= n ? a : new boolean[Math.max(n, a.length * 2)];
  }

  private static long[] ensure(long[] a, int n) {
    return a.length >= n ? a : new long[Math.max(n, a.length * 2)];
  }

  private static Rle[] ensure(Rle[] a, int n) {
    return a.length >= n ? a : new Rle[Math.max(n, a.length * 2)];
  }
}
