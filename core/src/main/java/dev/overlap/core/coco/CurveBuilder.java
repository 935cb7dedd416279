package dev.overlap.core.coco;

import java.util.Arrays;

/**
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
public final class CurveBuilder {
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
  private final CocoParams params;
  private final long[] baseTp; // counts before this slice: finish() reports the slice alone
  private final long[] baseFp;
  private final int[] activeMaxDets;
  private final long[] needTp; // a * R + r: the fewest true positives with tp / npig[a] >= recThrs[r]
  // per (a, m), bit t: true positives since pr was last taken (see add); words of 64 thresholds
  private final long[] pending;
  private final int words;
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
  public CurveBuilder(CocoParams p, int category, long[] npig, CurveTotals before) {
    this.category = category;
    this.numAreas = p.numAreaRanges();
    this.numMaxDets = p.numMaxDets();
    this.numThresholds = p.numIouThresholds();
    this.numRecall = p.numRecallThresholds();
    this.maxDets = p.maxDets();
    this.recThrs = p.recallThresholds();
    this.npig = npig.clone();
    this.params = p;
    this.activeMaxDets = new int[numMaxDets];
    this.needTp = new long[numAreas * numRecall];
    for (int a = 0; a < numAreas; a++) {
      for (int r = 0; r < numRecall; r++) needTp[a * numRecall + r] = npig[a] == 0 ? Long.MAX_VALUE : fewest(recThrs[r], npig[a]);
    }
    int keys = numAreas * numMaxDets * numThresholds;
    this.words = (numThresholds + 63) >>> 6;
    this.pending = new long[numAreas * numMaxDets * words];
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
    this.baseTp = before != null ? before.tp.clone() : new long[keys];
    this.baseFp = before != null ? before.fp.clone() : new long[keys];
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
    add(rank, score, flags, 0);
  }

  /**
   * The smallest count c with {@code (double) c / n >= thr}, as the recall test of cocoeval.py#accumulate
   * ({@code rc >= recThrs[r]}, rc = tp / npig) does it; Long.MAX_VALUE when no count below 2^53 passes.
   * Rounded division is monotone in c, so {@code tp >= fewest(thr, n)} is that test without dividing.
   */
  static long fewest(double thr, long n) {
    final long limit = 1L << 53;
    if (!(thr >= 0)) return thr != thr ? Long.MAX_VALUE : 0;
    double nd = (double) n;
    long c = (long) Math.min(Math.ceil(thr * nd), (double) limit);
    while (c > 0 && (double) (c - 1) / nd >= thr) c--;
    while (c < limit && (double) c / nd < thr) c++;
    return c < limit || (double) c / nd >= thr ? c : Long.MAX_VALUE;
  }

  /**
   * Adds the next detection in rank order, its flags at {@code flags[offset + a * T + t]} (records packed
   * in one array need no copy).
   *
   * <p>Precision is taken where it can change the result, not at every true positive: at a position where a
   * recall threshold is reached, at the builder's first position, and at the last true positive before a
   * false positive, a threshold or the end. Between false positives precision only grows with each true
   * positive (fp fixed; rounded division is monotone), so that last one is the run's maximum.
   */
  public void add(int rank, double score, byte[] flags, int offset) {
    int m0 = numMaxDets;
    int active = 0;
    boolean first = false;
    for (int m = 0; m < m0; m++) {
      if (rank >= maxDets[m]) continue;
      if (++pos[m] == 1) first = true;
      activeMaxDets[active++] = m;
    }
    if (active == 0) return;
    if (first || words > 1) {
      addFlagByFlag(score, flags, offset, active);
      return;
    }
    // Flags become bit masks per area range, without a branch per flag (the flags are close to random, so
    // branching on each one mispredicts); the work then runs over the set bits.
    int t0 = numThresholds;
    int r0 = numRecall;
    for (int a = 0; a < numAreas; a++) {
      int f = offset + a * t0;
      long tpm = 0;
      long fpm = 0;
      for (int t = 0; t < t0; t++) {
        int u = flags[f + t] & 0xFF;
        tpm |= (long) (((u ^ MatchFlags.TP) - 1) >>> 31) << t;
        fpm |= (long) (((u ^ MatchFlags.FP) - 1) >>> 31) << t;
      }
      if ((tpm | fpm) == 0) continue;
      boolean curves = npig[a] != 0;
      int need0 = a * r0;
      for (int c = 0; c < active; c++) {
        int am = a * m0 + activeMaxDets[c];
        int base = am * t0;
        if (!curves) {
          for (long b = tpm; b != 0; b &= b - 1) tp[base + Long.numberOfTrailingZeros(b)]++;
          for (long b = fpm; b != 0; b &= b - 1) fp[base + Long.numberOfTrailingZeros(b)]++;
          continue;
        }
        long pend = pending[am];
        for (long b = fpm & pend; b != 0; b &= b - 1) {
          int key = base + Long.numberOfTrailingZeros(b);
          take(key, tp[key], fp[key]);
        }
        pend &= ~fpm;
        for (long b = fpm; b != 0; b &= b - 1) fp[base + Long.numberOfTrailingZeros(b)]++;
        for (long b = tpm; b != 0; b &= b - 1) {
          int t = Long.numberOfTrailingZeros(b);
          int key = base + t;
          long tpk = ++tp[key];
          int r = nextR[key];
          if (r < r0 && tpk >= needTp[need0 + r]) {
            if ((pend & 1L << t) != 0) take(key, tpk - 1, fp[key]);
            pend &= ~(1L << t);
            point(key, score);
          } else {
            pend |= 1L << t;
          }
        }
        pending[am] = pend;
      }
    }
  }

  /** {@link #add} flag by flag: the first position of a maxDets, or more than 64 IoU thresholds. */
  private void addFlagByFlag(double score, byte[] flags, int offset, int active) {
    int t0 = numThresholds;
    int m0 = numMaxDets;
    int r0 = numRecall;
    for (int a = 0; a < numAreas; a++) {
      boolean curves = npig[a] != 0;
      int f = offset + a * t0;
      int need0 = a * r0;
      for (int t = 0; t < t0; t++) {
        byte v = flags[f + t];
        for (int c = 0; c < active; c++) {
          int m = activeMaxDets[c];
          int am = a * m0 + m;
          int key = am * t0 + t;
          int w = am * words + (t >>> 6);
          long bit = 1L << t;
          if (!curves) {
            if (v == MatchFlags.TP) tp[key]++;
            else if (v == MatchFlags.FP) fp[key]++;
          } else if (pos[m] == 1) {
            if (v == MatchFlags.TP) tp[key]++;
            else if (v == MatchFlags.FP) fp[key]++;
            point(key, score);
          } else if (v == MatchFlags.TP) {
            long tpk = ++tp[key];
            int r = nextR[key];
            if (r < r0 && tpk >= needTp[need0 + r]) {
              if ((pending[w] & bit) != 0) take(key, tpk - 1, fp[key]);
              pending[w] &= ~bit;
              point(key, score);
            } else {
              pending[w] |= bit;
            }
          } else if (v == MatchFlags.FP) {
            if ((pending[w] & bit) != 0) {
              take(key, tp[key], fp[key]);
              pending[w] &= ~bit;
            }
            fp[key]++;
          }
        }
      }
    }
  }

  /** Precision at a position with these counts, into the current group's maximum. */
  private void take(int key, long tpk, long fpk) {
    double tpd = (double) tpk;
    double pr = tpd / ((double) fpk + tpd + EPS);
    int gm = key * (numRecall + 1) + groups[key] - 1;
    if (pr > groupMax[gm]) groupMax[gm] = pr;
  }

  /** The curve point of {@code key} at the current position: recall thresholds reached, group maximum. */
  private void point(int key, double score) {
    int r0 = numRecall;
    long tpk = tp[key];
    double tpd = (double) tpk;
    double fpd = (double) fp[key];
    double pr = tpd / (fpd + tpd + EPS);
    int r = nextR[key];
    int need0 = (key / (numMaxDets * numThresholds)) * r0;
    if (r < r0 && tpk >= needTp[need0 + r]) {
      int g = groups[key]++;
      groupMax[key * (r0 + 1) + g] = pr;
      do {
        rGroup[key * r0 + r] = g;
        rScore[key * r0 + r] = score;
        r++;
      } while (r < r0 && tpk >= needTp[need0 + r]);
      nextR[key] = r;
    }
    int gm = key * (r0 + 1) + groups[key] - 1;
    if (pr > groupMax[gm]) groupMax[gm] = pr;
  }

  /** The slice's contribution; the builder must not be used afterwards. */
  public CurveSegment finish() {
    int keys = tp.length;
    int r0 = numRecall;
    for (int am = 0; am < numAreas * numMaxDets; am++) {
      for (int t = 0; t < numThresholds; t++) {
        int w = am * words + (t >>> 6);
        if ((pending[w] & 1L << t) != 0) take(am * numThresholds + t, tp[am * numThresholds + t], fp[am * numThresholds + t]);
      }
    }
    Arrays.fill(pending, 0);
    CurveTotals totals = new CurveTotals(params, category);
    for (int key = 0; key < keys; key++) {
      totals.tp[key] = tp[key] - baseTp[key];
      totals.fp[key] = fp[key] - baseFp[key];
    }
    System.arraycopy(pos, 0, totals.nd, 0, numMaxDets);
    return CurveSegment.fromGroups(category, totals, keys, r0, groups, groupMax, rGroup, rScore);
  }
}
