package dev.overlap.core.coco;

import java.util.Arrays;

/**
 * The straightforward CurveBuilder the kernels started from, kept for one thing the other checks
 * do not reach: curves built from arbitrary slices of the rank order with offsets from earlier slices (the
 * distributed pass 2), bit for bit ({@link KernelParityTest}). Whole curves are checked against
 * {@link NaiveCocoEval} and pycocotools' arrays.
 *
 * <p>Original documentation:
 * Streams one category's detections in the global rank order (score descending, then image id,
 * then rank within the image) and samples the precision-recall curves as cocoeval.py#accumulate does.
 *
 * <p>For each curve (area range, maxDets, IoU threshold): cumulative tp and fp over all ranked
 * detections, ignored ones included (they repeat the previous point, and pycocotools samples scores
 * at them too); {@code rc = tp / npig}, {@code pr = tp / (fp + tp + eps)} with
 * {@code eps = np.spacing(1)}; recall threshold r is sampled at the first position with
 * {@code rc >= r} (numpy searchsorted 'left'); the precision there is the maximum of pr from that
 * position to the end (the right-to-left envelope). A slice starts from the totals of all earlier
 * slices, so any split of the stream gives the same bits.
 */
final class RefCurveBuilder {
  /** numpy {@code np.spacing(1)}. */
  static final double EPS = Math.ulp(1.0);

  private final int category;
  private final int numAreas;
  private final int numMaxDets;
  private final int numThresholds;
  private final int numRecall;
  private final int[] maxDets;
  private final double[] recThrs;
  private final long[] npig;
  private final CurveTotals totals;
  private final long[] tp;
  private final long[] fp;
  private final long[] pos; // per maxDets: local position
  private final int[] nextR;
  private final int[] groups;
  private final double[] groupMax; // key * (R + 1) + group
  private final int[] rGroup; // key * R + r, -1 when not in this slice
  private final double[] rScore;

  /**
   * @param p parameters
   * @param category category index
   * @param npig non-ignored ground truths per area range for this category
   * @param before totals of all earlier slices of this category, or null for the first
   */
  public RefCurveBuilder(CocoParams p, int category, long[] npig, CurveTotals before) {
    this.category = category;
    this.numAreas = p.numAreaRanges();
    this.numMaxDets = p.numMaxDets();
    this.numThresholds = p.numIouThresholds();
    this.numRecall = p.numRecallThresholds();
    this.maxDets = p.maxDets();
    this.recThrs = p.recallThresholds();
    this.npig = npig.clone();
    this.totals = new CurveTotals(p, category);
    int keys = numAreas * numMaxDets * numThresholds;
    this.tp = new long[keys];
    this.fp = new long[keys];
    this.pos = new long[numMaxDets];
    this.nextR = new int[keys];
    this.groups = new int[keys];
    this.groupMax = new double[keys * (numRecall + 1)];
    this.rGroup = new int[keys * numRecall];
    this.rScore = new double[keys * numRecall];
    Arrays.fill(rGroup, -1);
    Arrays.fill(groups, 1); // group 0 holds the positions before the first threshold reached here
    if (before != null) {
      System.arraycopy(before.tp, 0, tp, 0, keys);
      System.arraycopy(before.fp, 0, fp, 0, keys);
      for (int a = 0; a < numAreas; a++) {
        if (npig[a] == 0) continue;
        for (int m = 0; m < numMaxDets; m++) {
          if (before.nd[m] == 0) continue;
          for (int t = 0; t < numThresholds; t++) {
            int key = (a * numMaxDets + m) * numThresholds + t;
            // thresholds reached by an earlier slice: r <= rc at its last position
            double rc = (double) tp[key] / (double) npig[a];
            int r = 0;
            while (r < numRecall && rc >= recThrs[r]) r++;
            nextR[key] = r;
          }
        }
      }
    }
  }

  /** Adds the next detection in rank order. */
  public void add(int rank, double score, byte[] flags) {
    totals.add(rank, flags);
    int t0 = numThresholds;
    int r0 = numRecall;
    for (int m = 0; m < numMaxDets; m++) {
      if (rank >= maxDets[m]) continue;
      pos[m]++;
      for (int a = 0; a < numAreas; a++) {
        if (npig[a] == 0) continue;
        double n = (double) npig[a];
        int f = a * t0;
        int key0 = (a * numMaxDets + m) * t0;
        for (int t = 0; t < t0; t++) {
          int key = key0 + t;
          byte v = flags[f + t];
          if (v == MatchFlags.TP) {
            tp[key]++;
          } else {
            if (v == MatchFlags.FP) fp[key]++;
            // Past this builder's first position, a false positive or an ignored detection leaves recall as
            // it was (no threshold is reached that the previous position did not reach) and precision at or
            // below the previous position's, which is already in the current group's max: nothing to record.
            if (pos[m] > 1) continue;
          }
          double tpd = (double) tp[key];
          double fpd = (double) fp[key];
          double rc = tpd / n;
          double pr = tpd / (fpd + tpd + EPS);
          int r = nextR[key];
          if (r < r0 && rc >= recThrs[r]) {
            int g = groups[key]++;
            groupMax[key * (r0 + 1) + g] = pr;
            do {
              rGroup[key * r0 + r] = g;
              rScore[key * r0 + r] = score;
              r++;
            } while (r < r0 && rc >= recThrs[r]);
            nextR[key] = r;
          }
          int gm = key * (r0 + 1) + groups[key] - 1;
          if (pr > groupMax[gm]) groupMax[gm] = pr;
        }
      }
    }
  }

  /** The slice's contribution; the builder must not be used afterwards. */
  public CurveSegment finish() {
    int keys = tp.length;
    int r0 = numRecall;
    return CurveSegment.fromGroups(category, totals, keys, r0, groups, groupMax, rGroup, rScore);
  }
}
