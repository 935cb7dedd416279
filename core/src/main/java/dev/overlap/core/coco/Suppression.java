package dev.overlap.core.coco;

import dev.overlap.core.geometry.Nms;
import dev.overlap.core.geometry.RotatedBoxes;
import dev.overlap.core.geometry.SoftNms;
import dev.overlap.core.io.InvalidInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * NMS or Soft-NMS applied to the detections of one image before matching, per category
 * ({@code GEOMETRY-SEMANTICS.md}, "NMS on COCO detections"): a {@code bbox [x, y, w, h]} becomes
 * {@code [x, y, x + w, y + h]}, the group's file order is the input order, and the survivors keep their
 * records and their file order; Soft-NMS survivors carry their decayed score into the evaluation. bev / 3d
 * detections are suppressed by their BEV / 3D IoU with the same visiting order and rules. Immutable.
 */
public final class Suppression implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SoftNms.Method softMethod; // null: hard NMS
  private final double threshold;
  private final double nt;
  private final double sigma;
  private final double scoreThreshold;

  private Suppression(SoftNms.Method softMethod, double threshold, double nt, double sigma, double scoreThreshold) {
    this.softMethod = softMethod;
    this.threshold = threshold;
    this.nt = nt;
    this.sigma = sigma;
    this.scoreThreshold = scoreThreshold;
  }

  /** torchvision NMS at IoU threshold {@code t} in [0, 1]. */
  public static Suppression nms(double t) {
    if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("NMS threshold " + t + " is not in [0, 1]");
    return new Suppression(null, t, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Soft-NMS; {@code nt} in [0, 1] (linear), {@code sigma > 0} (gaussian), score threshold 0.001. */
  public static Suppression softNms(SoftNms.Method method, double nt, double sigma) {
    if (!(nt >= 0 && nt <= 1)) throw new IllegalArgumentException("soft-NMS nt " + nt + " is not in [0, 1]");
    if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("soft-NMS sigma " + sigma + " must be above 0");
    return new Suppression(method, Double.NaN, nt, sigma, SoftNms.DEFAULT_SCORE_THRESHOLD);
  }

  /** "nms 0.5", "soft-nms linear (nt 0.3, score_thr 0.001)", "soft-nms gaussian (sigma 0.5, score_thr 0.001)". */
  public String describe() {
    if (softMethod == null) return "nms " + threshold;
    return "soft-nms " + softMethod.label() + " (" + (softMethod == SoftNms.Method.LINEAR ? "nt " + nt : "sigma " + sigma)
        + ", score_thr " + scoreThreshold + ")";
  }

  /** Null for hard NMS, else the Soft-NMS decay. */
  public SoftNms.Method softMethod() { return softMethod; }
  /** The NMS threshold (NaN for Soft-NMS). */
  public double threshold() { return threshold; }
  /** Soft-NMS linear overlap threshold (NaN for NMS). */
  public double nt() { return nt; }
  /** Soft-NMS gaussian sigma (NaN for NMS). */
  public double sigma() { return sigma; }
  /** Soft-NMS score threshold (NaN for NMS). */
  public double scoreThreshold() { return scoreThreshold; }

  /**
   * The survivors among one image's detections, in the order of {@code dts} (which the caller keeps in
   * file order within a category), with decayed scores under Soft-NMS.
   *
   * @param type bbox and segm use each result's {@code bbox}; bev and 3d their {@code box3d}
   * @param namer names a detection in the error raised when it has no box to suppress by
   */
  public List<Detection> apply(List<Detection> dts, IouType type, ImageEvaluator.DetectionNamer namer) {
    int n = dts.size();
    if (n == 0) return dts;
    // group by category, file order (seq) within a group
    long[] cat = new long[n];
    long[] seq = new long[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      cat[i] = dts.get(i).categoryId();
      seq[i] = dts.get(i).seq();
      order[i] = i;
    }
    sortByCategoryThenSeq(order, new int[n], 0, n, cat, seq);
    boolean box3d = type.isBox3d();
    Detection[] out = new Detection[n]; // survivor at its input position, else null
    int from = 0;
    while (from < n) {
      int to = from + 1;
      while (to < n && cat[order[to]] == cat[order[from]]) to++;
      int m = to - from;
      double[] scores = new double[m];
      double[] boxes = new double[(box3d ? RotatedBoxes.STRIDE : 4) * m];
      for (int i = 0; i < m; i++) {
        Detection d = dts.get(order[from + i]);
        scores[i] = d.score();
        if (box3d) {
          if (d.box3d() == null) throw new InvalidInputException(null, namer.name(d.seq()), "box3d", "missing");
          System.arraycopy(d.box3d(), 0, boxes, RotatedBoxes.STRIDE * i, RotatedBoxes.STRIDE);
        } else {
          double[] b = d.bbox();
          if (b == null) {
            throw new InvalidInputException(null, namer.name(d.seq()), "bbox", "missing; --nms and --soft-nms suppress"
                + " results by their bbox");
          }
          boxes[4 * i] = b[0];
          boxes[4 * i + 1] = b[1];
          boxes[4 * i + 2] = b[0] + b[2];
          boxes[4 * i + 3] = b[1] + b[3];
        }
      }
      double[] overlap = null;
      if (box3d) {
        overlap = new double[m * m];
        if (type == IouType.BEV) RotatedBoxes.bevIou(boxes, m, boxes, m, overlap);
        else RotatedBoxes.iou3d(boxes, m, boxes, m, overlap);
      }
      int[] keep = new int[m];
      if (softMethod == null) {
        int k = overlap != null ? Nms.nmsMatrix(overlap, scores, m, threshold, keep)
            : Nms.nms(boxes, scores, m, threshold, keep);
        for (int i = 0; i < k; i++) out[order[from + keep[i]]] = dts.get(order[from + keep[i]]);
      } else {
        double[] kept = new double[m];
        int k = overlap != null
            ? SoftNms.softNmsMatrix(overlap, scores, m, softMethod, nt, sigma, scoreThreshold, keep, kept)
            : SoftNms.softNms(boxes, scores, m, softMethod, nt, sigma, scoreThreshold, keep, kept);
        for (int i = 0; i < k; i++) out[order[from + keep[i]]] = dts.get(order[from + keep[i]]).withScore(kept[i]);
      }
      from = to;
    }
    List<Detection> survivors = new ArrayList<>(n);
    for (Detection d : out) if (d != null) survivors.add(d);
    return survivors;
  }

  /** Merge sort of {@code a[lo, hi)} by (category, seq); insertion sort for short runs. */
  private static void sortByCategoryThenSeq(int[] a, int[] aux, int lo, int hi, long[] cat, long[] seq) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && (cat[a[j]] > cat[v] || cat[a[j]] == cat[v] && seq[a[j]] > seq[v])) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sortByCategoryThenSeq(a, aux, lo, mid, cat, seq);
    sortByCategoryThenSeq(a, aux, mid, hi, cat, seq);
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else {
        int x = aux[j];
        int y = aux[i];
        a[k] = cat[x] < cat[y] || cat[x] == cat[y] && seq[x] < seq[y] ? aux[j++] : aux[i++];
      }
    }
  }
}
