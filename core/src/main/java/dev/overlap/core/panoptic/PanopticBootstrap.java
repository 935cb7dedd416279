package dev.overlap.core.panoptic;

import dev.overlap.core.stats.Percentiles;
import dev.overlap.core.stats.PoissonWeights;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Poisson-bootstrap replicates of panoptic quality: replicate r is {@code sum over images of w(seed, image, r) x} the
 * image's {@link PqStats} (tp, fp, fn and IoU sums, exact), and its scores are {@link PqResult}'s of those counts.
 * Integer weights and exact sums: any partitioning gives the same replicates, hence the same intervals.
 *
 * <p>Mutable accumulator ({@link #add}, {@link #merge}); {@link #intervals} computes the immutable result.
 */
public final class PanopticBootstrap implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Headline order: {@code PQ SQ RQ}, then things' and stuff's. */
  public static final String[] HEADLINE = {"PQ", "SQ", "RQ", "PQ_th", "SQ_th", "RQ_th", "PQ_st", "SQ_st", "RQ_st"};

  private final int numCategories;
  private final int replicates;
  private final long seed;
  private final PqStats[] reps;
  private transient int[] weights;

  public PanopticBootstrap(int numCategories, int replicates, long seed) {
    if (replicates < 1) throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
    this.numCategories = numCategories;
    this.replicates = replicates;
    this.seed = seed;
    reps = new PqStats[replicates];
    for (int r = 0; r < replicates; r++) reps[r] = new PqStats(numCategories);
  }

  public int replicates() {
    return replicates;
  }

  /** Adds one image's counts under its id as text (numeric ids in decimal). */
  public void add(String imageId, PqStats image) {
    if (weights == null) weights = new int[replicates];
    PoissonWeights.weights(seed, PoissonWeights.keyOf(imageId), replicates, weights);
    for (int r = 0; r < replicates; r++) if (weights[r] != 0) reps[r].mergeWeighted(image, weights[r]);
  }

  /** Adds another accumulator's replicates (same categories, replicates and seed). */
  public PanopticBootstrap merge(PanopticBootstrap other) {
    if (other.numCategories != numCategories || other.replicates != replicates || other.seed != seed) {
      throw new IllegalArgumentException("cannot merge bootstraps of different shapes or seeds");
    }
    for (int r = 0; r < replicates; r++) reps[r].merge(other.reps[r]);
    return this;
  }

  /** Every replicate's {@link PqStats#toBytes()} in order, for transport. */
  public byte[] toBytes() {
    int each = 5 + 40 * numCategories;
    ByteBuffer b = ByteBuffer.allocate(replicates * each);
    for (PqStats s : reps) b.put(s.toBytes());
    return b.array();
  }

  /** Adds replicates in the form {@link #toBytes()} gives. */
  public PanopticBootstrap addBytes(byte[] bytes) {
    int each = 5 + 40 * numCategories;
    if (bytes.length != replicates * each) {
      throw new IllegalArgumentException("expected " + replicates * each + " bytes, got " + bytes.length);
    }
    for (int r = 0; r < replicates; r++) {
      byte[] one = new byte[each];
      System.arraycopy(bytes, r * each, one, 0, each);
      reps[r].merge(PqStats.fromBytes(one));
    }
    return this;
  }

  /**
   * Percentile intervals ({@link Percentiles}) of the headline scores and of every category's PQ, SQ and RQ;
   * replicates where a score is undefined (no category counted; a category with no tp, fp or fn) are left out.
   */
  public PanopticIntervals intervals(boolean[] isThing, double confidence) {
    int h = HEADLINE.length;
    double[][] head = new double[h][replicates];
    double[][][] cat = new double[numCategories][3][replicates];
    PqResult.Group[] groups = PqResult.Group.values();
    for (int r = 0; r < replicates; r++) {
      PqResult res = PqResult.of(reps[r], isThing);
      for (int g = 0; g < 3; g++) {
        head[3 * g][r] = res.pq(groups[g]);
        head[3 * g + 1][r] = res.sq(groups[g]);
        head[3 * g + 2][r] = res.rq(groups[g]);
      }
      for (int c = 0; c < numCategories; c++) {
        cat[c][0][r] = res.pq(c);
        cat[c][1][r] = res.sq(c);
        cat[c][2][r] = res.rq(c);
      }
    }
    double[][] hi = new double[h][];
    for (int i = 0; i < h; i++) hi[i] = Percentiles.interval(head[i], replicates, confidence);
    double[][][] ci = new double[numCategories][3][];
    for (int c = 0; c < numCategories; c++) {
      for (int j = 0; j < 3; j++) ci[c][j] = Percentiles.interval(cat[c][j], replicates, confidence);
    }
    return new PanopticIntervals(confidence, replicates, hi, ci, head);
  }

  /**
   * Bootstrap intervals of a panoptic run.
   *
   * @param headline per {@link #HEADLINE} metric {@code {lo, hi}}; NaN where no replicate defines it
   * @param perClass {@code [category][pq, sq, rq] = {lo, hi}}
   * @param replicateHeadline {@code [metric][replicate]} (NaN: undefined)
   */
  public record PanopticIntervals(double confidence, int replicates, double[][] headline, double[][][] perClass,
      double[][] replicateHeadline) implements Serializable {}
}
