package dev.overlap.core.coco;

import dev.overlap.core.stats.PoissonWeights;
import java.util.Arrays;

/**
 * One category's precision-recall curves under R bootstrap replicates, built in one pass over its detections in
 * the global rank order (score descending, image id, rank in image; cocoeval.py#accumulate's order).
 *
 * <p>Replicate r weighs every detection and every ground truth of an image by the image's integer weight
 * {@code w} there ({@link Weights#fill}): cumulative tp and fp grow by w instead of 1, and {@code npig} is the
 * weighted count of non-ignored ground truths. Everything else is accumulate's arithmetic: {@code rc = tp / npig},
 * {@code pr = tp / (fp + tp + eps)}, recall threshold {@code rt} sampled at the first position with
 * {@code rc >= rt}, precision there the maximum of pr from that position on. With all weights 1 the curves are
 * accumulate's.
 *
 * <p>That maximum is the largest pr over positions whose recall reaches {@code rt}; at a fixed tp, pr only falls as
 * fp grows, so the candidates are the positions of true positives (and pr = 0, the initial value). Each true
 * positive's pr is kept per "recall thresholds reached" count, and a suffix maximum over those counts gives the
 * precision at every threshold: O(1) work per true positive and replicate, never an array per detection.
 *
 * <p>Layout: key {@code (a * M + m) * T + t} as {@link CurveTotals}; state {@code [key * R + replicate]}.
 */
public final class BootstrapCurves {
  /**
   * An image's integer weight in each replicate: Poisson draws for the bootstrap, 0 / 1 membership for slices
   * ({@link dev.overlap.core.slices.ImageSlices}). Serializable: the Spark jobs ship it to their tasks.
   */
  @FunctionalInterface
  public interface Weights extends java.io.Serializable {
    /** Writes the weight of image {@code imageId} in replicates {@code 0 .. out.length - 1} into {@code out}. */
    void fill(long imageId, int[] out);
  }

  /** Poisson(1) weights of {@link PoissonWeights} under {@code seed}, keyed by the image id's decimal text. */
  public static Weights poisson(long seed) {
    return (imageId, out) -> {
      long key = PoissonWeights.keyOf(imageId);
      for (int r = 0; r < out.length; r++) out[r] = PoissonWeights.weight(seed, key, r);
    };
  }

  private final int numAreas;
  private final int numMaxDets;
  private final int numThresholds;
  private final int numRecall;
  private final int replicates;
  private final int[] maxDets;
  private final Weights weights;
  private final long[] npig; // [replicate * A + a]
  private final long[] need; // [(replicate * A + a) * NR + r]: fewest tp with tp / npig >= recThrs[r]
  private final long[] tp;
  private final long[] fp;
  private final int[] reached;
  private final double[] best; // [(key * R + replicate) * (NR + 1) + reached count]
  private final int[] w;

  /**
   * @param npig weighted non-ignored ground truths of this category, {@code [replicate * A + a]}
   */
  public BootstrapCurves(CocoParams p, int replicates, Weights weights, long[] npig) {
    this.numAreas = p.numAreaRanges();
    this.numMaxDets = p.numMaxDets();
    this.numThresholds = p.numIouThresholds();
    this.numRecall = p.numRecallThresholds();
    this.replicates = replicates;
    this.maxDets = p.maxDets();
    this.weights = weights;
    this.npig = npig.clone();
    double[] recThrs = p.recallThresholds();
    this.need = new long[replicates * numAreas * numRecall];
    for (int ra = 0; ra < replicates * numAreas; ra++) {
      for (int r = 0; r < numRecall; r++) {
        need[ra * numRecall + r] = npig[ra] == 0 ? Long.MAX_VALUE : CurveBuilder.fewest(recThrs[r], npig[ra]);
      }
    }
    int keys = numAreas * numMaxDets * numThresholds;
    this.tp = new long[keys * replicates];
    this.fp = new long[keys * replicates];
    this.reached = new int[keys * replicates];
    this.best = new double[keys * replicates * (numRecall + 1)];
    this.w = new int[replicates];
    // thresholds reached with no true positive yet (a threshold of 0 needs none)
    for (int key = 0; key < keys; key++) {
      int a = key / (numMaxDets * numThresholds);
      for (int rep = 0; rep < replicates; rep++) reached[key * replicates + rep] = advance(rep, a, 0, 0);
    }
  }

  private int advance(int rep, int a, int from, long tpCount) {
    int base = (rep * numAreas + a) * numRecall;
    int r = from;
    while (r < numRecall && tpCount >= need[base + r]) r++;
    return r;
  }

  /**
   * Adds the next detection in rank order.
   *
   * @param imageId the detection's image
   * @param rank rank within (image, category)
   * @param flags {@code flags[offset + a * T + t]}
   */
  public void add(long imageId, int rank, byte[] flags, int offset) {
    weights.fill(imageId, w);
    boolean any = false;
    for (int rep = 0; rep < replicates; rep++) any |= w[rep] != 0;
    if (!any) return;
    int t0 = numThresholds;
    int stride = numRecall + 1;
    for (int m = 0; m < numMaxDets; m++) {
      if (rank >= maxDets[m]) continue;
      for (int a = 0; a < numAreas; a++) {
        for (int t = 0; t < t0; t++) {
          byte v = flags[offset + a * t0 + t];
          if (v == MatchFlags.IGNORED) continue;
          int base = ((a * numMaxDets + m) * t0 + t) * replicates;
          if (v == MatchFlags.FP) {
            for (int rep = 0; rep < replicates; rep++) fp[base + rep] += w[rep];
            continue;
          }
          for (int rep = 0; rep < replicates; rep++) {
            int wr = w[rep];
            if (wr == 0) continue;
            int s = base + rep;
            long tpk = tp[s] += wr;
            int rr = advance(rep, a, reached[s], tpk);
            reached[s] = rr;
            // pycocotools: tp / (fp + tp + np.spacing(1)), the sum of the counts first
            double pr = tpk / ((double) fp[s] + (double) tpk + CurveBuilder.EPS);
            int at = s * stride + rr;
            if (pr > best[at]) best[at] = pr;
          }
        }
      }
    }
  }

  /** Whether the category has a non-ignored ground truth in area range a under replicate rep (else -1 in COCO's arrays). */
  public boolean counts(int rep, int a) {
    return npig[rep * numAreas + a] > 0;
  }

  /**
   * The precision of replicate rep at (a, m, t) for every recall threshold, into {@code out[0, R)}: accumulate's
   * {@code precision[t, :, k, a, m]} (only meaningful when {@link #counts} is true).
   */
  public void precision(int rep, int a, int m, int t, double[] out) {
    int stride = numRecall + 1;
    int at = (((a * numMaxDets + m) * numThresholds + t) * replicates + rep) * stride;
    double run = 0;
    for (int j = numRecall; j >= 1; j--) {
      if (best[at + j] > run) run = best[at + j];
      out[j - 1] = run;
    }
  }

  /** accumulate's {@code recall[t, k, a, m]} under replicate rep: tp / npig at the last position (0 without detections). */
  public double recall(int rep, int a, int m, int t) {
    long n = npig[rep * numAreas + a];
    return (double) tp[((a * numMaxDets + m) * numThresholds + t) * replicates + rep] / (double) n;
  }

  /** The replicates. */
  public int replicates() {
    return replicates;
  }

  @Override
  public String toString() {
    return "BootstrapCurves" + Arrays.toString(new int[] {numAreas, numMaxDets, numThresholds, replicates});
  }
}
