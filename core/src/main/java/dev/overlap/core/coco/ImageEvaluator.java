package dev.overlap.core.coco;

import dev.overlap.core.boundary.BandWidth;
import dev.overlap.core.boundary.BoundaryIou;
import dev.overlap.core.boundary.RleBands;
import dev.overlap.core.box.BoxIou;
import dev.overlap.core.geometry.IouFamily;
import dev.overlap.core.geometry.RotatedBoxes;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one image: for every category, sorts and truncates detections, computes the IoU
 * matrix and runs pycocotools' greedy matching for every area range and IoU threshold
 * ({@code cocoeval.py#computeIoU}, {@code #evaluateImg}).
 *
 * <p>Not thread-safe: it keeps scratch buffers so that an executor can evaluate millions of images
 * without allocating per pair. One instance per task.
 */
public final class ImageEvaluator {
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
  private DetectionNamer detectionNamer = seq -> "result #" + seq;
  private String gtName = "ground truth";

  /** Position of a category id in {@code categoryIds} by id, when ids are small and non-negative; else null. */
  private final int[] positionById;

  // scratch, grown on demand
  private GtAnnotation[] gtRecords = new GtAnnotation[16];
  private Detection[] dtRecords = new Detection[16];
  private int[] gtOrder = new int[16];
  private int[] dtOrder = new int[16];
  private int[] gtPosition = new int[16];
  private int[] dtPosition = new int[16];
  private long[] sortKey = new long[16];
  private double[] scoreOf = new double[16];
  private int[] candidateStart = new int[17];
  private int[] candidates = new int[64];
  private double[] ious = new double[256];
  private double[] gtBoxes = new double[64];
  private double[] dtBoxes = new double[64];
  private boolean[] crowd = new boolean[16];
  private double[] gtArea = new double[16];
  private long[] gtId = new long[16];
  private double[] dtArea = new double[16];
  private double[] dtScore = new double[16];
  private Rle[] gtMasks = new Rle[16];
  private Rle[] dtMasks = new Rle[16];
  // boundary only: bands of the masks, their boxes, the band IoUs
  private Rle[] gtBands = new Rle[16];
  private Rle[] dtBands = new Rle[16];
  private double[] gtBandBoxes = new double[64];
  private double[] dtBandBoxes = new double[64];
  private double[] bandIous = new double[256];
  private RleBands bander;
  private int[] sortedGt = new int[16];
  private boolean[] sortedIgnore = new boolean[16];
  private boolean[] gtMatched = new boolean[16];
  private boolean[] active = new boolean[16];
  private int[] activeDt = new int[16];
  private long[] dtMatchId = new long[16];
  private boolean[] dtIgnore = new boolean[16];
  private double[] dtMatchIou = new double[16];
  private int[] dtMatchGt = new int[16];
  private final double[] pairBoxes = new double[8];
  private final double[] family = new double[4];
  private byte[] flags = new byte[16];
  // keypoints and LVIS
  private boolean[] gtIgnored = new boolean[16]; // ignored in every area range: crowd, num_keypoints 0, ignore field (boundary, LVIS)
  private boolean[] dtNotExhaustive = new boolean[16];
  private double[] gtKpts = new double[64];
  private double[] dtKpts = new double[64];
  private double[] oksScratch = new double[64];

  /** Names a detection in error messages from its {@code seq}, e.g. "results.json: record 17". */
  @FunctionalInterface
  public interface DetectionNamer {
    String name(long seq);
  }

  /**
   * @param params evaluation parameters
   * @param categoryIds the evaluated category ids, sorted ascending (category index = position)
   */
  public ImageEvaluator(CocoParams params, long[] categoryIds) {
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
    this.positionById = positionTable(this.categoryIds);
  }

  /** A direct table for ids in [0, 2^16) (COCO's 1..90, LVIS's 1..1203): no binary search per record. */
  private static int[] positionTable(long[] ids) {
    if (ids.length == 0 || ids[0] < 0 || ids[ids.length - 1] >= 1 << 16) return null;
    int[] t = new int[(int) ids[ids.length - 1] + 1];
    Arrays.fill(t, -1);
    for (int i = 0; i < ids.length; i++) t[(int) ids[i]] = i;
    return t;
  }

  /** Sets how errors name detections and the ground truth. */
  public ImageEvaluator withNames(String gtName, DetectionNamer detectionNamer) {
    this.gtName = gtName;
    this.detectionNamer = detectionNamer;
    return this;
  }

  /** Category index of a category id, or -1 when the category is not evaluated. */
  public int categoryIndex(long categoryId) {
    int pos = position(categoryId);
    return pos < 0 ? -1 : params.useCats() ? pos : 0;
  }

  /** Position of a category id in the sorted evaluated ids, or -1. */
  private int position(long categoryId) {
    if (positionById != null) return categoryId >= 0 && categoryId < positionById.length ? positionById[(int) categoryId] : -1;
    int p = Arrays.binarySearch(categoryIds, categoryId);
    return p >= 0 ? p : -1;
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
    if (gtRecords.length < ng) gtRecords = new GtAnnotation[Math.max(ng, 2 * gtRecords.length)];
    if (dtRecords.length < nd) dtRecords = new Detection[Math.max(nd, 2 * dtRecords.length)];
    for (int i = 0; i < ng; i++) gtRecords[i] = gts.get(i);
    for (int i = 0; i < nd; i++) dtRecords[i] = dts.get(i);
    ImageStats s = evaluate(image, gtRecords, 0, ng, dtRecords, 0, nd, sink);
    Arrays.fill(gtRecords, 0, ng, null);
    Arrays.fill(dtRecords, 0, nd, null);
    return s;
  }

  /**
   * As {@link #evaluate(Image, List, List, MatchSink)} over {@code gs[gFrom, gFrom + ng)} and
   * {@code ds[dFrom, dFrom + nd)}, for callers that group records in arrays.
   */
  ImageStats evaluate(Image image, GtAnnotation[] gs, int gFrom, int ng, Detection[] ds, int dFrom, int nd,
      MatchSink sink) {
    gtOrder = ensure(gtOrder, ng);
    dtOrder = ensure(dtOrder, nd);
    gtPosition = ensure(gtPosition, ng);
    dtPosition = ensure(dtPosition, nd);
    sortKey = ensure(sortKey, Math.max(ng, nd));
    scoreOf = ensure(scoreOf, nd);
    // Group by category position, file order within a group. Position order is category id order, which is
    // also the order pycocotools concatenates categories in when useCats is off (cocoeval.py#computeIoU).
    int gCount = 0;
    for (int i = 0; i < ng; i++) {
      GtAnnotation a = gs[gFrom + i];
      int pos = position(a.categoryId());
      gtPosition[i] = pos;
      sortKey[i] = a.index();
      if (pos >= 0) gtOrder[gCount++] = i;
    }
    sortByPositionThenKey(gtOrder, gCount, gtPosition, sortKey);
    int dCount = 0;
    for (int i = 0; i < nd; i++) {
      Detection x = ds[dFrom + i];
      int pos = position(x.categoryId());
      dtPosition[i] = pos;
      sortKey[i] = x.seq();
      scoreOf[i] = x.score();
      if (pos >= 0) dtOrder[dCount++] = i;
    }
    sortByPositionThenKey(dtOrder, dCount, dtPosition, sortKey);
    boolean useCats = params.useCats();

    int tp50 = 0, fp50 = 0, fn50 = 0, tp75 = 0, fp75 = 0, fn75 = 0;
    double iouSum50 = 0;
    int gi = 0, di = 0;
    while (gi < gCount || di < dCount) {
      int kg = gi < gCount ? (useCats ? gtPosition[gtOrder[gi]] : 0) : Integer.MAX_VALUE;
      int kd = di < dCount ? (useCats ? dtPosition[dtOrder[di]] : 0) : Integer.MAX_VALUE;
      int k = Math.min(kg, kd);
      int g0 = gi;
      while (gi < gCount && (useCats ? gtPosition[gtOrder[gi]] : 0) == k) gi++;
      int d0 = di;
      while (di < dCount && (useCats ? dtPosition[dtOrder[di]] : 0) == k) di++;
      evaluateCategory(image, k, gs, gFrom, g0, gi - g0, ds, dFrom, d0, di - d0, sink);
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

  private void evaluateCategory(Image image, int k, GtAnnotation[] gs, int gFrom, int g0, int g, Detection[] ds,
      int dFrom, int d0, int dAll, MatchSink sink) {
    lastTp[0] = lastTp[1] = lastFp[0] = lastFp[1] = lastFn[0] = lastFn[1] = 0;
    lastIouSum = 0;
    // cocoeval.py#evaluateImg: detections sorted by score with a stable sort, then cut to maxDets[-1]
    stableSortByScoreDesc(dtOrder, d0, dAll, scoreOf);
    int d = Math.min(dAll, maxDet);
    boolean segm = params.iouType().usesMasks();
    boolean boundary = params.iouType() == IouType.BOUNDARY;
    boolean box3d = params.iouType().isBox3d();
    int boxStride = box3d ? RotatedBoxes.STRIDE : 4;
    boolean kpt = params.iouType() == IouType.KEYPOINTS;
    boolean federated = params.federated();
    double[] sigmas = null;
    int nk = 0;
    if (kpt) {
      sigmas = params.keypointSigmas().forCategory(categoryIds[k]);
      if (sigmas == null) {
        throw new InvalidInputException(null, "category " + categoryIds[k], "keypoints",
            "no OKS sigmas for this category (--kpt-sigmas)");
      }
      nk = sigmas.length;
      gtKpts = ensure(gtKpts, 3 * nk * g);
      dtKpts = ensure(dtKpts, 3 * nk * d);
      oksScratch = ensure(oksScratch, 2 * nk);
    }
    crowd = ensure(crowd, g);
    gtIgnored = ensure(gtIgnored, g);
    dtNotExhaustive = ensure(dtNotExhaustive, d);
    gtArea = ensure(gtArea, g);
    gtId = ensure(gtId, g);
    gtBoxes = ensure(gtBoxes, boxStride * g);
    dtArea = ensure(dtArea, d);
    dtScore = ensure(dtScore, d);
    dtBoxes = ensure(dtBoxes, boxStride * d);
    if (segm) {
      gtMasks = ensure(gtMasks, g);
      dtMasks = ensure(dtMasks, d);
    }
    for (int j = 0; j < g; j++) {
      GtAnnotation a = gs[gFrom + gtOrder[g0 + j]];
      // lvis-api never reads iscrowd; pycocotools ignores crowds, and for keypoints GTs with num_keypoints 0;
      // boundary-iou-api and lvis-api keep the ignore field, pycocotools overwrites it with iscrowd
      crowd[j] = !federated && a.iscrowd();
      gtIgnored[j] = federated ? a.ignore() : a.iscrowd() || boundary && a.ignore() || (kpt && a.numKeypoints() == 0);
      gtArea[j] = a.area();
      gtId[j] = a.id();
      if (segm) {
        gtMasks[j] = gtMask(image, a);
      } else if (box3d) {
        if (a.box3d() == null) {
          throw new InvalidInputException(gtName, "annotation id " + a.id(), "box3d", "missing; bev / 3d evaluation"
              + " needs a box3d for every ground truth");
        }
        System.arraycopy(a.box3d(), 0, gtBoxes, boxStride * j, boxStride);
      } else {
        System.arraycopy(a.bbox(), 0, gtBoxes, 4 * j, 4);
      }
      if (kpt) copyKeypoints(a.keypoints(), nk, gtKpts, j, gtName, "annotation id " + a.id(), -1, true);
    }
    int misfits = 0; // segm: results whose mask is not of the image's size
    for (int i = 0; i < d; i++) {
      Detection det = ds[dFrom + dtOrder[d0 + i]];
      dtScore[i] = det.score();
      double[] bb = det.bbox();
      dtNotExhaustive[i] = federated && contains(image.notExhaustiveCategoryIds(), det.categoryId());
      if (kpt) {
        copyKeypoints(det.keypoints(), nk, dtKpts, i, null, null, det.seq(), false);
        if (params.keypointAreaFromBox()) {
          if (bb == null) {
            throw new InvalidInputException(null, detectionNamer.name(det.seq()), "bbox", "missing; the first result"
                + " has a bbox, so every result is sized by its box (pycocotools loadRes)");
          }
          dtArea[i] = bb[2] * bb[3];
        } else {
          dtArea[i] = dev.overlap.core.keypoints.Oks.extentArea(dtKpts, 3 * nk * i, nk);
        }
      } else if (segm) {
        if (det.segmentation() == null && bb != null) {
          // loadRes' bbox branch: a box alone is the polygon of its corners, sized by the box
          dtMasks[i] = LoadResRules.boxMask(bb, image.height(), image.width());
          dtArea[i] = bb[2] * bb[3];
        } else {
          dtMasks[i] = dtMask(image, det);
          dtArea[i] = params.segmAreaFromBox() && bb != null ? bb[2] * bb[3] : dtMasks[i].area();
        }
        if (dtMasks[i].height() != image.height() || dtMasks[i].width() != image.width()) {
          if (boundary) {
            // bands are defined on the image: Boundary AP names the record, as segm used to
            throw new InvalidInputException(null, detectionNamer.name(det.seq()), "segmentation", "RLE size ["
                + dtMasks[i].height() + ", " + dtMasks[i].width() + "] differs from the size [" + image.height() + ", "
                + image.width() + "] of image " + image.id());
          }
          misfits++;
        }
      } else if (box3d) {
        double[] b3 = det.box3d();
        if (b3 == null) {
          throw new InvalidInputException(null, detectionNamer.name(det.seq()), "box3d", "missing; bev / 3d evaluation"
              + " needs a box3d for every result");
        }
        // area ranges of bev / 3d read the footprint l*w (the default single range takes every box)
        dtArea[i] = b3[3] * b3[4];
        System.arraycopy(b3, 0, dtBoxes, boxStride * i, boxStride);
      } else if (bb == null) {
        // loadRes' segmentation branch: the box is the mask's (maskUtils.toBbox), the area its pixel count
        Rle mask = dtMask(image, det);
        Masks.toBbox(mask, dtBoxes, 4 * i);
        dtArea[i] = mask.area();
      } else {
        dtArea[i] = bb[2] * bb[3];
        System.arraycopy(bb, 0, dtBoxes, 4 * i, 4);
      }
    }
    ious = ensure(ious, g * d);
    if (g > 0 && d > 0) {
      if (kpt) {
        dev.overlap.core.keypoints.Oks.oks(dtKpts, d, gtKpts, gtBoxes, gtArea, g, sigmas, nk, oksScratch, ious);
      } else if (segm) {
        // each mask's box once, into reused arrays (the boxless Masks.iou allocates and fills its own)
        for (int j = 0; j < g; j++) Masks.toBbox(gtMasks[j], gtBoxes, 4 * j);
        for (int i = 0; i < d; i++) Masks.toBbox(dtMasks[i], dtBoxes, 4 * i);
        if (boundary) {
          boundaryIous(image, g, d);
        } else if (misfits == 0) {
          Masks.iou(dtMasks, dtBoxes, d, gtMasks, gtBoxes, g, crowd, ious);
        } else {
          LoadResRules.iouWithMisfits(dtMasks, dtBoxes, d, gtMasks, gtBoxes, g, crowd, image.height(), image.width(),
              ious);
        }
      } else if (params.iouType() == IouType.BEV) {
        RotatedBoxes.bevIou(dtBoxes, d, gtBoxes, g, ious);
      } else if (params.iouType() == IouType.BOX3D) {
        RotatedBoxes.iou3d(dtBoxes, d, gtBoxes, g, ious);
      } else {
        BoxIou.iou(dtBoxes, d, gtBoxes, g, crowd, ious);
      }
    }
    if (segm) {
      Arrays.fill(gtMasks, 0, g, null);
      Arrays.fill(dtMasks, 0, d, null);
      Arrays.fill(gtBands, 0, Math.min(g, gtBands.length), null);
      Arrays.fill(dtBands, 0, Math.min(d, dtBands.length), null);
    }

    // Detections with no IoU at or above the lowest capped threshold can match nothing at any threshold or area
    // range: unmatched, FP or ignored by their own area alone. Only the others go through the greedy matching.
    active = ensure(active, d);
    activeDt = ensure(activeDt, d);
    Arrays.fill(active, 0, d, false);
    for (int j = 0; j < g; j++) {
      int row = j * d;
      for (int i = 0; i < d; i++) if (!(ious[row + i] < lowestCap)) active[i] = true;
    }
    int na = 0;
    for (int i = 0; i < d; i++) if (active[i]) activeDt[na++] = i;

    sortedGt = ensure(sortedGt, g);
    sortedIgnore = ensure(sortedIgnore, g);
    gtMatched = ensure(gtMatched, g);
    dtMatchId = ensure(dtMatchId, d);
    dtIgnore = ensure(dtIgnore, d);
    dtMatchIou = ensure(dtMatchIou, d);
    dtMatchGt = ensure(dtMatchGt, d);
    byte[] f = flagsFor(d);
    int t0 = numThresholds;
    int stride = numAreas * t0;
    for (int a = 0; a < numAreas; a++) {
      double lo = params.areaLo(a);
      double hi = params.areaHi(a);
      // ignored GTs (crowd, or area outside the inclusive range) go last, stably (evaluateImg's gtind)
      int nNotIgnored = 0;
      for (int j = 0; j < g; j++) {
        if (!(gtIgnored[j] || gtArea[j] < lo || gtArea[j] > hi)) sortedGt[nNotIgnored++] = j;
      }
      int n = nNotIgnored;
      for (int j = 0; j < g; j++) {
        if (gtIgnored[j] || gtArea[j] < lo || gtArea[j] > hi) sortedGt[n++] = j;
      }
      for (int j = 0; j < g; j++) sortedIgnore[j] = j >= nNotIgnored;
      if (g > 0) sink.groundTruth(k, a, nNotIgnored);
      for (int i = 0; i < d; i++) {
        // unmatched (dtm == 0) detections outside the area range are ignored (cocoeval.py#evaluateImg)
        // LVIS (eval.py#evaluate_img): also when the category is not exhaustively annotated in the image
        byte v = dtArea[i] < lo || dtArea[i] > hi || dtNotExhaustive[i] ? MatchFlags.IGNORED : MatchFlags.FP;
        int o = i * stride + a * t0;
        for (int t = 0; t < t0; t++) f[o + t] = v;
      }
      if (na > 0) candidates(g, d, na);
      for (int t = 0; t < t0; t++) {
        if (na > 0) {
          match(params.iouThreshold(t), g, d, na, lo, hi);
          for (int c = 0; c < na; c++) {
            int i = activeDt[c];
            f[i * stride + a * t0 + t] = dtIgnore[i] ? MatchFlags.IGNORED : dtMatchId[i] != 0 ? MatchFlags.TP : MatchFlags.FP;
          }
        } else {
          for (int j = 0; j < g; j++) gtMatched[j] = false;
        }
        if (a == areaAll && (t == t50 || t == t75)) {
          int s = t == t50 ? 0 : 1;
          int matchedRegular = 0;
          for (int i = 0; i < d; i++) {
            byte fl = f[i * stride + a * t0 + t];
            if (fl == MatchFlags.TP) {
              lastTp[s]++;
              if (s == 0) {
                lastIouSum += dtMatchIou[i];
                localize(k, i, d, sink);
              }
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
   * For each active detection {@code activeDt[c]}, the positions in the ignore-last GT order whose IoU is at
   * least the lowest capped threshold (and every position from a NaN IoU on), in that order:
   * {@code candidates[candidateStart[c] .. candidateStart[c + 1])}. Built once per area range instead of
   * scanning every GT at every threshold.
   */
  private void candidates(int g, int d, int na) {
    candidateStart = ensure(candidateStart, na + 1);
    candidates = ensure(candidates, g * na);
    int n = 0;
    for (int c = 0; c < na; c++) {
      int i = activeDt[c];
      candidateStart[c] = n;
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
    candidateStart[na] = n;
  }

  /**
   * Greedy matching of the active detections at one threshold, as cocoeval.py#evaluateImg: each detection in
   * score order takes the best-IoU GT not yet taken (crowds can be taken again), scanning GTs in the
   * ignore-last order; an equal IoU later in that order wins; once it holds a regular GT it stops at the first
   * ignored one. Inactive detections take nothing, so skipping them changes no other detection's match.
   *
   * <p>Only the candidates of {@link #candidates} are scanned. The others have an IoU below the cap, which
   * is at most {@code best}, so they could only end the scan (an ignored GT after a regular match); every
   * GT after such a one is ignored too, so the next candidate, if any, ends it the same way or is skipped
   * as taken: the match is the one of the full scan.
   */
  private void match(double thr, int g, int d, int na, double lo, double hi) {
    double cap = Math.min(thr, MAX_MATCH_IOU);
    for (int j = 0; j < g; j++) gtMatched[j] = false;
    for (int c0 = 0; c0 < na; c0++) {
      int i = activeDt[c0];
      double best = cap;
      int m = -1;
      int end = candidateStart[c0 + 1];
      for (int c = candidateStart[c0]; c < end; c++) {
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
        dtMatchGt[i] = -1;
      } else {
        dtMatchGt[i] = sortedGt[m];
        dtIgnore[i] = sortedIgnore[m];
        // pycocotools stores the GT id and later reads 0 as "unmatched" (a GT with id 0 yields an FP)
        dtMatchId[i] = gtId[sortedGt[m]];
        dtMatchIou[i] = best;
        gtMatched[m] = true;
      }
      // unmatched (dtm == 0) detections outside the area range are ignored
      if (dtMatchId[i] == 0 && (dtArea[i] < lo || dtArea[i] > hi || dtNotExhaustive[i])) dtIgnore[i] = true;
    }
  }

  /** Copies one object's keypoints to row {@code at} of {@code into}, checking the length (and GT flags). */
  private void copyKeypoints(double[] kpts, int nk, double[] into, int at, String file, String record, long seq,
      boolean groundTruth) {
    String why = kpts == null ? "missing; keypoints evaluation needs it on every " + (groundTruth ? "ground truth" : "result")
        : dev.overlap.core.keypoints.Oks.problem(kpts, nk, groundTruth);
    if (why != null) {
      throw new InvalidInputException(file, record != null ? record : detectionNamer.name(seq), "keypoints", why);
    }
    System.arraycopy(kpts, 0, into, 3 * nk * at, 3 * nk);
  }

  private static boolean contains(long[] ids, long id) {
    if (ids == null) return false;
    for (long x : ids) if (x == id) return true;
    return false;
  }

  /**
   * Reports how well true positive {@code i} (at IoU 0.5, area all) is localized: for boxes the IoU family of
   * torchvision on {@code [x1, y1, x2, y2]} (detection as {@code boxes1}); for bev / 3d / segm the matching IoU.
   */
  private void localize(int k, int i, int d, MatchSink sink) {
    if (params.iouType() != IouType.BBOX) {
      sink.localization(k, dtMatchIou[i], Double.NaN, Double.NaN, Double.NaN);
      return;
    }
    int j = dtMatchGt[i];
    pairBoxes[0] = dtBoxes[4 * i];
    pairBoxes[1] = dtBoxes[4 * i + 1];
    pairBoxes[2] = dtBoxes[4 * i] + dtBoxes[4 * i + 2];
    pairBoxes[3] = dtBoxes[4 * i + 1] + dtBoxes[4 * i + 3];
    pairBoxes[4] = gtBoxes[4 * j];
    pairBoxes[5] = gtBoxes[4 * j + 1];
    pairBoxes[6] = gtBoxes[4 * j] + gtBoxes[4 * j + 2];
    pairBoxes[7] = gtBoxes[4 * j + 1] + gtBoxes[4 * j + 3];
    IouFamily.all(pairBoxes, 0, pairBoxes, 4, family, 0);
    sink.localization(k, family[0], family[1], family[2], family[3]);
  }

  /**
   * Boundary AP's IoU matrix (boundary-iou-api {@code cocoeval.py#computeBoundaryIoU}): the band of every
   * mask for the image's band width, then min(mask IoU, band IoU) for regular GTs, the crowd IoU for crowds.
   * Masks were checked to be the image's size, so the image's diagonal is each mask's.
   */
  private void boundaryIous(Image image, int g, int d) {
    if (bander == null) bander = new RleBands();
    int width = BandWidth.pixels(image.height(), image.width(), params.dilationRatio());
    gtBands = ensure(gtBands, g);
    dtBands = ensure(dtBands, d);
    gtBandBoxes = ensure(gtBandBoxes, 4 * g);
    dtBandBoxes = ensure(dtBandBoxes, 4 * d);
    bandIous = ensure(bandIous, g * d);
    for (int j = 0; j < g; j++) {
      gtBands[j] = bander.bandOf(gtMasks[j], width);
      Masks.toBbox(gtBands[j], gtBandBoxes, 4 * j);
    }
    for (int i = 0; i < d; i++) {
      dtBands[i] = bander.bandOf(dtMasks[i], width);
      Masks.toBbox(dtBands[i], dtBandBoxes, 4 * i);
    }
    BoundaryIou.iou(dtMasks, dtBoxes, dtBands, dtBandBoxes, d, gtMasks, gtBoxes, gtBands, gtBandBoxes, g, crowd,
        ious, bandIous);
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
          "missing; " + params.iouType().label() + " evaluation needs a mask for every ground truth");
    }
    return toRle(image, s, gtName, "annotation id " + a.id());
  }

  private Rle dtMask(Image image, Detection det) {
    Segmentation s = det.segmentation();
    if (s == null) {
      throw new InvalidInputException(null, detectionNamer.name(det.seq()), "segmentation",
          "missing; " + params.iouType().label() + " evaluation needs a mask or a box for every result");
    }
    if (!s.isPolygons()) {
      // A result RLE keeps its own size (annToRLE leaves RLEs as given): one that differs from its image
      // scores -1 against every ground truth it overlaps (maskApi.c#rleIou) and is never matched.
      try {
        return Rle.of(s.rleHeight(), s.rleWidth(), s.rleCounts());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(null, detectionNamer.name(det.seq()), "segmentation", e.getMessage());
      }
    }
    return toRle(image, s, null, null, det.seq());
  }

  private Rle toRle(Image image, Segmentation s, String file, String record) {
    return toRle(image, s, file, record, -1);
  }

  /** The mask of a segmentation; {@code record} is named lazily from {@code seq} when null (only on error). */
  private Rle toRle(Image image, Segmentation s, String file, String record, long seq) {
    int h = image.height();
    int w = image.width();
    if (s.isPolygons()) {
      try {
        return Polygons.toRle(s.polygons(), h, w);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, record != null ? record : detectionNamer.name(seq), "segmentation",
            e.getMessage());
      }
    }
    if (s.rleHeight() != h || s.rleWidth() != w) {
      throw new InvalidInputException(file, record != null ? record : detectionNamer.name(seq), "segmentation",
          "RLE size [" + s.rleHeight() + ", " + s.rleWidth() + "] differs from the size [" + h + ", " + w
          + "] of image " + image.id());
    }
    return Rle.of(h, w, s.rleCounts());
  }

  /**
   * Stable sort of {@code order[0, n)} by (position ascending, key ascending). Keys are unique in practice
   * (file order), so the result is the one any stable sort gives; already sorted input costs one pass.
   */
  private void sortByPositionThenKey(int[] order, int n, int[] position, long[] key) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      int x = order[i - 1];
      int y = order[i];
      sorted = position[x] < position[y] || position[x] == position[y] && key[x] <= key[y];
    }
    if (sorted) return;
    sortAux = ensure(sortAux, n);
    sortByPositionThenKey(order, sortAux, 0, n, position, key);
  }

  private static void sortByPositionThenKey(int[] a, int[] aux, int lo, int hi, int[] position, long[] key) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int pv = position[v];
        long kv = key[v];
        int j = i - 1;
        while (j >= lo && (position[a[j]] > pv || position[a[j]] == pv && key[a[j]] > kv)) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sortByPositionThenKey(a, aux, lo, mid, position, key);
    sortByPositionThenKey(a, aux, mid, hi, position, key);
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) {
        a[k] = aux[j++];
      } else if (j >= hi) {
        a[k] = aux[i++];
      } else {
        int x = aux[j];
        int y = aux[i];
        a[k] = position[x] < position[y] || position[x] == position[y] && key[x] < key[y] ? aux[j++] : aux[i++];
      }
    }
  }

  /**
   * Stable sort of {@code order[from, from + n)} by {@code score[order[i]]} descending (numpy's mergesort of
   * -score). Plain comparisons, as numpy's: -0.0 and 0.0 tie (Double.compare would split them).
   */
  private void stableSortByScoreDesc(int[] order, int from, int n, double[] score) {
    if (n < 2) return;
    sortAux = ensure(sortAux, from + n);
    sortByScoreDesc(order, sortAux, from, from + n, score);
  }

  /**
   * Stable sort of {@code a[lo, hi)} by {@code score[a[i]]} descending (numpy mergesort of -score: equal
   * scores keep their order, -0.0 and 0.0 tie); {@code aux} is scratch of the same length. Top-down merge
   * sort, insertion sort for up to 16 elements.
   */
  public static void sortByScoreDesc(int[] a, int[] aux, int lo, int hi, double[] score) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        double sv = score[v];
        int j = i - 1;
        while (j >= lo && score[a[j]] < sv) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sortByScoreDesc(a, aux, lo, mid, score);
    sortByScoreDesc(a, aux, mid, hi, score);
    if (!(score[a[mid - 1]] < score[a[mid]])) return;
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else if (score[aux[j]] > score[aux[i]]) a[k] = aux[j++];
      else a[k] = aux[i++];
    }
  }

  private int[] sortAux = new int[16];

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
