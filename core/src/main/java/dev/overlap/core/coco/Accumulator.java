package dev.overlap.core.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finishes cocoeval.py#accumulate from per-slice results: offsets for the slices of the global rank
 * order (pass one), then the right-to-left envelope across slices and the precision / recall / score
 * arrays (pass two). Holds O(slices x curves + categories x curves x curve points) numbers (a curve's
 * points: at most the recall thresholds, at most its ground truths + 1), never a detection.
 */
public final class Accumulator {
  private final CocoParams params;
  private final int numCategories;
  private final long[] npig; // K * A
  private final List<Slice> totals = new ArrayList<>();
  private final List<Slice> segments = new ArrayList<>();

  private record Slice(long order, Object value) {}

  /**
   * @param params parameters
   * @param numCategories K, the number of category indexes (1 when useCats is off)
   * @param npig non-ignored GT counts, {@code npig[k * A + a]}
   */
  public Accumulator(CocoParams params, int numCategories, long[] npig) {
    if (npig.length != numCategories * params.numAreaRanges()) {
      throw new IllegalArgumentException("npig must have K * A = " + numCategories * params.numAreaRanges() + " entries");
    }
    this.params = params;
    this.numCategories = numCategories;
    this.npig = npig.clone();
  }

  /** Non-ignored GT counts of category k, one per area range. */
  public long[] npig(int k) {
    return Arrays.copyOfRange(npig, k * params.numAreaRanges(), (k + 1) * params.numAreaRanges());
  }

  /** Pass one: the totals of the slice at position {@code order} of the global sort. */
  public void addTotals(long order, CurveTotals t) {
    totals.add(new Slice(order, t));
  }

  /**
   * Offsets for pass two: for every slice and category, the totals of all earlier slices (null
   * where there are none). Computed once with running sums, O(slices x curves).
   */
  public SliceOffsets offsets() {
    List<Slice> sorted = new ArrayList<>(totals);
    sorted.sort(Comparator.comparingLong(Slice::order));
    CurveTotals[] running = new CurveTotals[numCategories];
    java.util.Map<Long, CurveTotals> map = new java.util.HashMap<>();
    for (Slice s : sorted) {
      CurveTotals t = (CurveTotals) s.value();
      int k = t.category;
      if (running[k] != null) map.put(s.order() * numCategories + k, running[k].copy(params));
      if (running[k] == null) running[k] = new CurveTotals(params, k);
      running[k].merge(t);
    }
    return new SliceOffsets(numCategories, map);
  }

  /** Pass two: the curve segment of the slice at position {@code order} of the global sort. */
  public void addSegment(long order, CurveSegment s) {
    segments.add(new Slice(order, s));
  }

  /** The precision, recall and score arrays of cocoeval.py#accumulate. */
  public Accumulation result() {
    int t0 = params.numIouThresholds();
    int r0 = params.numRecallThresholds();
    int k0 = numCategories;
    int a0 = params.numAreaRanges();
    int m0 = params.numMaxDets();
    Accumulation.Builder out = new Accumulation.Builder(params, k0, npig);

    List<Slice> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingLong(Slice::order));
    int keys = a0 * m0 * t0;
    long[][] tpTotal = new long[k0][];
    long[][] ndTotal = new long[k0][];
    List<List<CurveSegment>> byCategory = new ArrayList<>();
    for (int k = 0; k < k0; k++) byCategory.add(new ArrayList<>());
    for (Slice s : sorted) {
      CurveSegment seg = (CurveSegment) s.value();
      int k = seg.category;
      byCategory.get(k).add(seg);
      if (tpTotal[k] == null) {
        tpTotal[k] = new long[keys];
        ndTotal[k] = new long[m0];
      }
      for (int i = 0; i < keys; i++) tpTotal[k][i] += seg.totals.tp[i];
      for (int m = 0; m < m0; m++) ndTotal[k][m] += seg.totals.nd[m];
    }

    for (int k = 0; k < k0; k++) {
      for (int a = 0; a < a0; a++) {
        long n = npig[k * a0 + a];
        if (n == 0) continue; // no GT that counts: the cell stays -1
        for (int m = 0; m < m0; m++) {
          for (int t = 0; t < t0; t++) {
            int key = (a * m0 + m) * t0 + t;
            boolean any = ndTotal[k] != null && ndTotal[k][m] > 0;
            out.recall(t, k, a, m, any ? (double) tpTotal[k][key] / (double) n : 0.0);
          }
        }
      }
      List<CurveSegment> segs = byCategory.get(k);
      double[] later = new double[keys];
      for (int s = segs.size() - 1; s >= 0; s--) {
        CurveSegment seg = segs.get(s);
        for (int c = 0; c < seg.count; c++) {
          int key = seg.assigned[c] / r0;
          int r = seg.assigned[c] % r0;
          int t = key % t0;
          int m = (key / t0) % m0;
          int a = key / (t0 * m0);
          double p = Math.max(seg.precision[c], later[key]);
          for (int q = r; q < r + seg.span[c]; q++) out.set(t, q, k, a, m, p, seg.score[c]);
        }
        for (int key = 0; key < keys; key++) if (seg.segmentMax[key] > later[key]) later[key] = seg.segmentMax[key];
      }
    }
    return out.build();
  }
}
