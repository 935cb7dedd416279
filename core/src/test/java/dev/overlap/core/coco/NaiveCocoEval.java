package dev.overlap.core.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * pycocotools' {@code COCOeval.evaluate()} and {@code accumulate()} transliterated statement by statement, with
 * boxed lists and nothing of core's kernels: box IoU as {@code maskApi.c#bbIou} writes it, mask IoU by counting
 * decoded pixels, stable sorts by comparator, the greedy matching loop of {@code evaluateImg}, and the
 * {@code accumulate} loop with its {@code try/except} that stops sampling at the first recall threshold beyond
 * the curve. Slow and obvious on purpose: the independent expectation for {@link CocoEvaluator}.
 */
final class NaiveCocoEval {
  private NaiveCocoEval() {}

  /** What evaluate + accumulate produced: the {@code eval} arrays (C order) and per-image counts. */
  record Result(long[] categoryIds, double[] precision, double[] recall, double[] scores, Map<Long, int[]> perImage,
      Map<Long, Double> iouSum50) {}

  /** One {@code evalImgs} entry. */
  private record EvalImg(long[] dtIds, double[] dtScores, long[][] dtMatches, boolean[][] dtIgnore, boolean[] gtIgnore,
      long[][] gtMatches, double[][] ious, int[] gtOrder) {}

  static Result evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams p) {
    boolean segm = p.iouType() == IouType.SEGM;
    TreeSet<Long> imgIds = new TreeSet<>();
    Map<Long, Image> images = new HashMap<>();
    for (Image im : gt.images()) {
      imgIds.add(im.id());
      images.put(im.id(), im);
    }
    TreeSet<Long> cats = new TreeSet<>();
    for (Category c : gt.categories()) cats.add(c.id());
    long[] catIds = p.useCats() ? cats.stream().mapToLong(Long::longValue).toArray() : new long[] {-1};
    // _prepare: per (image, category) in file order; results numbered from 1 in file order
    List<GtAnnotation> gtsInFile = new ArrayList<>(gt.annotations());
    gtsInFile.sort(Comparator.comparingLong(GtAnnotation::index));
    List<Detection> dtsInFile = new ArrayList<>(dts);
    dtsInFile.sort(Comparator.comparingLong(Detection::seq));
    Map<String, List<GtAnnotation>> gts = new HashMap<>();
    Map<String, List<Detection>> dets = new HashMap<>();
    Map<Detection, Long> dtId = new HashMap<>();
    for (GtAnnotation g : gtsInFile) gts.computeIfAbsent(key(g.imageId(), g.categoryId()), k -> new ArrayList<>()).add(g);
    long id = 1;
    for (Detection d : dtsInFile) {
      dtId.put(d, id++);
      dets.computeIfAbsent(key(d.imageId(), d.categoryId()), k -> new ArrayList<>()).add(d);
    }
    if (!p.useCats()) {
      // evaluateImg with useCats=0: [_ for cId in p.catIds for _ in self._gts[imgId, cId]], categories sorted
      for (long im : imgIds) {
        List<GtAnnotation> g = new ArrayList<>();
        List<Detection> d = new ArrayList<>();
        for (long c : cats) {
          g.addAll(gts.getOrDefault(key(im, c), List.of()));
          d.addAll(dets.getOrDefault(key(im, c), List.of()));
        }
        gts.put(key(im, -1), g);
        dets.put(key(im, -1), d);
      }
    }
    int T = p.numIouThresholds(), R = p.numRecallThresholds(), K = catIds.length, A = p.numAreaRanges(),
        M = p.numMaxDets();
    int maxDet = p.maxDetsLast();
    // evalImgs[k][a][i]
    List<Long> imgList = new ArrayList<>(imgIds);
    EvalImg[][][] evalImgs = new EvalImg[K][A][imgList.size()];
    Map<String, double[][]> iousCache = new HashMap<>();
    for (int k = 0; k < K; k++) {
      for (int a = 0; a < A; a++) {
        for (int i = 0; i < imgList.size(); i++) {
          String key = key(imgList.get(i), catIds[k]);
          List<GtAnnotation> g = gts.getOrDefault(key, List.of());
          List<Detection> d = dets.getOrDefault(key, List.of());
          double[][] ious = iousCache.computeIfAbsent(key, x -> computeIou(g, d, maxDet, segm, images));
          evalImgs[k][a][i] = evaluateImg(g, d, ious, p.areaLo(a), p.areaHi(a), maxDet, p, dtId, segm);
        }
      }
    }
    // accumulate
    double[] precision = new double[T * R * K * A * M], scores = new double[T * R * K * A * M];
    double[] recall = new double[T * K * A * M];
    Arrays.fill(precision, -1);
    Arrays.fill(scores, -1);
    Arrays.fill(recall, -1);
    for (int k = 0; k < K; k++) {
      for (int a = 0; a < A; a++) {
        for (int m = 0; m < M; m++) {
          int md = p.maxDets(m);
          List<EvalImg> E = new ArrayList<>();
          for (EvalImg e : evalImgs[k][a]) if (e != null) E.add(e);
          if (E.isEmpty()) continue;
          // concatenate in image order, each cut to maxDet, then a stable sort by score descending
          List<double[]> rows = new ArrayList<>(); // {score, image, position}
          for (int e = 0; e < E.size(); e++) {
            for (int j = 0; j < Math.min(md, E.get(e).dtScores.length); j++) rows.add(new double[] {E.get(e).dtScores[j], e, j});
          }
          rows.sort((x, y) -> Double.compare(-x[0] == 0 ? 0.0 : -x[0], -y[0] == 0 ? 0.0 : -y[0])); // numpy: -0.0 == 0.0
          long npig = 0;
          for (EvalImg e : E) for (boolean ig : e.gtIgnore) if (!ig) npig++;
          if (npig == 0) continue;
          int nd = rows.size();
          for (int t = 0; t < T; t++) {
            double[] tp = new double[nd], fp = new double[nd];
            double tpSum = 0, fpSum = 0;
            for (int j = 0; j < nd; j++) {
              EvalImg e = E.get((int) rows.get(j)[1]);
              int pos = (int) rows.get(j)[2];
              boolean matched = e.dtMatches[t][pos] != 0, ignored = e.dtIgnore[t][pos];
              if (matched && !ignored) tpSum += 1;
              if (!matched && !ignored) fpSum += 1;
              tp[j] = tpSum;
              fp[j] = fpSum;
            }
            double[] rc = new double[nd], pr = new double[nd];
            for (int j = 0; j < nd; j++) {
              rc[j] = tp[j] / npig;
              pr[j] = tp[j] / (fp[j] + tp[j] + Math.ulp(1.0));
            }
            recall[((t * K + k) * A + a) * M + m] = nd > 0 ? rc[nd - 1] : 0;
            for (int j = nd - 1; j > 0; j--) if (pr[j] > pr[j - 1]) pr[j - 1] = pr[j];
            double[] q = new double[R], ss = new double[R];
            for (int r = 0; r < R; r++) {
              int at = 0;
              while (at < nd && rc[at] < p.recallThreshold(r)) at++; // searchsorted(..., 'left')
              if (at >= nd) break; // IndexError: the rest stay 0
              q[r] = pr[at];
              ss[r] = rows.get(at)[0];
            }
            for (int r = 0; r < R; r++) {
              int cell = (((t * R + r) * K + k) * A + a) * M + m;
              precision[cell] = q[r];
              scores[cell] = ss[r];
            }
          }
        }
      }
    }
    // per image, area "all", maxDets[-1], IoU 0.50 and 0.75 (first index of each): tp fp fn, summed over categories
    int all = p.areaIndex("all"), t50 = p.iouIndex(0.5), t75 = p.iouIndex(0.75);
    Map<Long, int[]> perImage = new TreeMap<>();
    Map<Long, Double> iouSum = new TreeMap<>();
    for (int i = 0; i < imgList.size(); i++) {
      int[] c = new int[6];
      Arrays.fill(c, 0);
      double sum = 0;
      for (int k = 0; k < K; k++) {
        EvalImg e = all < 0 ? null : evalImgs[k][all][i];
        if (e == null) continue;
        int[] thr = {t50, t75};
        for (int x = 0; x < 2; x++) {
          int t = thr[x];
          if (t < 0) continue;
          for (int j = 0; j < e.dtIds.length; j++) {
            if (e.dtIgnore[t][j]) continue;
            if (e.dtMatches[t][j] > 0) {
              c[3 * x]++;
              if (x == 0) {
                for (int g = 0; g < e.gtMatches[t].length; g++) {
                  if (e.gtMatches[t][g] == e.dtIds[j]) sum += e.ious[j][e.gtOrder[g]];
                }
              }
            } else {
              c[3 * x + 1]++;
            }
          }
          for (int g = 0; g < e.gtIgnore.length; g++) if (!e.gtIgnore[g] && e.gtMatches[t][g] == 0) c[3 * x + 2]++;
        }
      }
      if (t50 < 0) c[0] = c[1] = c[2] = -1;
      if (t75 < 0) c[3] = c[4] = c[5] = -1;
      perImage.put(imgList.get(i), c);
      iouSum.put(imgList.get(i), sum);
    }
    return new Result(catIds, precision, recall, scores, perImage, iouSum);
  }

  private static String key(long image, long cat) {
    return image + "/" + cat;
  }

  private static List<Detection> sortedByScore(List<Detection> d) {
    List<Detection> s = new ArrayList<>(d);
    // numpy argsort(-score, kind='mergesort'): stable, and -0.0 sorts as 0.0
    s.sort((x, y) -> Double.compare(x.score() == 0 ? 0.0 : -x.score(), y.score() == 0 ? 0.0 : -y.score()));
    return s;
  }

  /** computeIoU: detections sorted by score and cut to maxDets[-1], ground truth in file order; ious[d][g]. */
  private static double[][] computeIou(List<GtAnnotation> g, List<Detection> d0, int maxDet, boolean segm,
      Map<Long, Image> images) {
    List<Detection> d = sortedByScore(d0);
    if (d.size() > maxDet) d = d.subList(0, maxDet);
    double[][] ious = new double[d.size()][g.size()];
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < g.size(); j++) {
        ious[i][j] = segm ? maskIou(d.get(i), g.get(j)) : boxIou(d.get(i).bbox(), g.get(j).bbox(), g.get(j).iscrowd());
      }
    }
    return ious;
  }

  /** maskApi.c#bbIou, operation for operation. */
  static double boxIou(double[] dt, double[] gt, boolean crowd) {
    double ga = gt[2] * gt[3], da = dt[2] * dt[3];
    double w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
    if (w <= 0) return 0;
    double h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
    if (h <= 0) return 0;
    double i = w * h;
    double u = crowd ? da : da + ga - i;
    return i / u;
  }

  /** Mask IoU by counting decoded pixels (crowd: intersection over the detection's area, as rleIou). */
  static double maskIou(Detection d, GtAnnotation g) {
    boolean[] a = pixels(d.segmentation()), b = pixels(g.segmentation());
    long inter = 0, areaA = 0, union = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] && b[i]) inter++;
      if (a[i]) areaA++;
      if (a[i] || b[i]) union++;
    }
    if (inter == 0) return 0;
    return (double) inter / (double) (g.iscrowd() ? areaA : union);
  }

  /** Column-major pixels of an uncompressed RLE: alternating runs of 0 and 1, starting with 0. */
  static boolean[] pixels(Segmentation s) {
    boolean[] px = new boolean[s.rleHeight() * s.rleWidth()];
    int at = 0;
    int[] counts = s.rleCounts();
    for (int r = 0; r < counts.length; r++) {
      for (int j = 0; j < counts[r]; j++) px[at++] = (r & 1) == 1;
    }
    return px;
  }

  static double area(Detection d, boolean segm) {
    if (!segm) return d.bbox()[2] * d.bbox()[3];
    long n = 0;
    for (boolean b : pixels(d.segmentation())) if (b) n++;
    return n;
  }

  /** evaluateImg, statement by statement. */
  private static EvalImg evaluateImg(List<GtAnnotation> g0, List<Detection> d0, double[][] ious, double lo, double hi,
      int maxDet, CocoParams p, Map<Detection, Long> dtId, boolean segm) {
    if (g0.isEmpty() && d0.isEmpty()) return null;
    boolean[] ignore0 = new boolean[g0.size()];
    for (int j = 0; j < g0.size(); j++) {
      GtAnnotation g = g0.get(j);
      ignore0[j] = g.iscrowd() || g.area() < lo || g.area() > hi;
    }
    // gtind = argsort(_ignore, mergesort): not ignored first, file order kept
    Integer[] gtind = new Integer[g0.size()];
    for (int j = 0; j < gtind.length; j++) gtind[j] = j;
    Arrays.sort(gtind, Comparator.comparingInt(j -> ignore0[j] ? 1 : 0));
    List<Detection> d = sortedByScore(d0);
    if (d.size() > maxDet) d = d.subList(0, maxDet);
    int T = p.numIouThresholds(), G = g0.size(), D = d.size();
    long[][] gtm = new long[T][G], dtm = new long[T][D];
    boolean[][] dtIg = new boolean[T][D];
    boolean[] gtIg = new boolean[G], crowd = new boolean[G];
    long[] gtIds = new long[G];
    for (int j = 0; j < G; j++) {
      gtIg[j] = ignore0[gtind[j]];
      crowd[j] = g0.get(gtind[j]).iscrowd();
      gtIds[j] = g0.get(gtind[j]).id();
    }
    long[] dIds = new long[D];
    double[] dScores = new double[D];
    for (int i = 0; i < D; i++) {
      dIds[i] = dtId.get(d.get(i));
      dScores[i] = d.get(i).score();
    }
    if (G > 0 && D > 0) {
      for (int t = 0; t < T; t++) {
        for (int i = 0; i < D; i++) {
          double iou = Math.min(p.iouThreshold(t), 1 - 1e-10);
          int m = -1;
          for (int j = 0; j < G; j++) {
            if (gtm[t][j] > 0 && !crowd[j]) continue;
            if (m > -1 && !gtIg[m] && gtIg[j]) break;
            if (ious[i][gtind[j]] < iou) continue;
            iou = ious[i][gtind[j]];
            m = j;
          }
          if (m == -1) continue;
          dtIg[t][i] = gtIg[m];
          dtm[t][i] = gtIds[m];
          gtm[t][m] = dIds[i];
        }
      }
    }
    for (int i = 0; i < D; i++) {
      double area = area(d.get(i), segm && !p.segmAreaFromBox());
      boolean outside = area < lo || area > hi;
      for (int t = 0; t < T; t++) dtIg[t][i] = dtIg[t][i] || (dtm[t][i] == 0 && outside);
    }
    int[] order = new int[G];
    for (int j = 0; j < G; j++) order[j] = gtind[j];
    return new EvalImg(dIds, dScores, dtm, dtIg, gtIg, gtm, ious, order);
  }
}
