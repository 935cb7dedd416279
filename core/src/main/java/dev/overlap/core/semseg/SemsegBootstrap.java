package dev.overlap.core.semseg;

import dev.overlap.core.stats.Percentiles;
import dev.overlap.core.stats.PoissonWeights;
import java.io.Serializable;

/**
 * Poisson-bootstrap replicates of a confusion matrix: replicate r is the sum over images of
 * {@code weight(seed, image, r) x} the image's confusion counts. Weights are integers, so replicates are exact
 * integer sums that merge by addition: any partitioning gives the same counts, hence the same intervals.
 *
 * <p>Mutable accumulator ({@link #add}, {@link #merge}); {@link #intervals} computes the immutable result.
 * Memory: {@code replicates x K x K} longs, refused above {@link #MAX_COUNTS}.
 */
public final class SemsegBootstrap implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The most counts one accumulator holds (256 MiB of longs). */
  public static final long MAX_COUNTS = 1L << 25;

  /** Headline metrics in output order (the segmentation job's summary keys). */
  public static final String[] HEADLINE = {"mIoU", "fwIoU", "pixel_accuracy", "mean_class_accuracy", "mDice"};

  private final int numClasses;
  private final int replicates;
  private final long seed;
  private final long[] counts;
  private transient int[] weights;
  private transient int[] nonZero;

  /**
   * @throws IllegalArgumentException when replicates < 1, or {@code replicates x K x K} exceeds {@link #MAX_COUNTS}
   */
  public SemsegBootstrap(int numClasses, int replicates, long seed) {
    if (replicates < 1) throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
    long need = (long) replicates * numClasses * numClasses;
    if (need > MAX_COUNTS) {
      throw new IllegalArgumentException(replicates + " replicates x " + numClasses + "^2 classes need " + need
          + " counts, more than " + MAX_COUNTS + "; use fewer replicates");
    }
    this.numClasses = numClasses;
    this.replicates = replicates;
    this.seed = seed;
    this.counts = new long[(int) need];
  }

  public int numClasses() { return numClasses; }

  public int replicates() { return replicates; }

  public long seed() { return seed; }

  /** Adds one image's {@code long[K * K]} confusion counts under its id (weights from {@link PoissonWeights#keyOf(String)}). */
  public void add(String imageId, long[] imageConfusion) {
    add(PoissonWeights.keyOf(imageId), imageConfusion);
  }

  /** Adds one image's confusion counts under an image key. */
  public void add(long imageKey, long[] imageConfusion) {
    int kk = numClasses * numClasses;
    if (weights == null) {
      weights = new int[replicates];
      nonZero = new int[kk];
    }
    // an image touches few cells of K x K: list them once, then add them to every replicate with a weight
    int nz = 0;
    for (int i = 0; i < kk; i++) if (imageConfusion[i] != 0) nonZero[nz++] = i;
    if (nz == 0) return;
    PoissonWeights.weights(seed, imageKey, replicates, weights);
    for (int r = 0; r < replicates; r++) {
      long w = weights[r];
      if (w == 0) continue;
      int base = r * kk;
      for (int j = 0; j < nz; j++) {
        int i = nonZero[j];
        counts[base + i] += w * imageConfusion[i];
      }
    }
  }

  /** Adds {@code other}'s replicates to this one's; both must share classes, replicates and seed. */
  public SemsegBootstrap merge(SemsegBootstrap other) {
    if (other.numClasses != numClasses || other.replicates != replicates || other.seed != seed) {
      throw new IllegalArgumentException("cannot merge bootstraps of different shapes or seeds");
    }
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    return this;
  }

  /** All counts, replicate-major ({@code [r * K * K + g * K + p]}): a partial's form for transport. */
  public long[] toArray() {
    return counts.clone();
  }

  /** Adds counts in the form {@link #toArray()} gives (another accumulator of the same shape and seed). */
  public SemsegBootstrap addArray(long[] other) {
    if (other.length != counts.length) {
      throw new IllegalArgumentException("expected " + counts.length + " counts, got " + other.length);
    }
    for (int i = 0; i < counts.length; i++) counts[i] += other[i];
    return this;
  }

  /** A copy of replicate r's {@code long[K * K]} counts. */
  public long[] replicate(int r) {
    int kk = numClasses * numClasses;
    long[] out = new long[kk];
    System.arraycopy(counts, r * kk, out, 0, kk);
    return out;
  }

  /**
   * Percentile intervals over the replicates for the headline metrics ({@link #HEADLINE}, then
   * {@code signal_mIoU} when {@code excluded} is not null) and per class IoU, Dice and accuracy (recall).
   */
  public SemsegIntervals intervals(double confidence, int[] excluded) {
    int names = HEADLINE.length + (excluded != null ? 1 : 0);
    double[][] headline = new double[names][replicates];
    double[][] iou = new double[numClasses][replicates];
    double[][] dice = new double[numClasses][replicates];
    double[][] acc = new double[numClasses][replicates];
    for (int r = 0; r < replicates; r++) {
      SemsegMetrics m = SemsegMetrics.of(replicate(r), numClasses);
      headline[0][r] = m.meanIou();
      headline[1][r] = m.frequencyWeightedIou();
      headline[2][r] = m.pixelAccuracy();
      headline[3][r] = m.meanClassAccuracy();
      headline[4][r] = m.meanDice();
      if (excluded != null) headline[5][r] = m.signalMeanIou(excluded);
      for (int c = 0; c < numClasses; c++) {
        iou[c][r] = m.iou(c);
        dice[c][r] = m.dice(c);
        acc[c][r] = m.recall(c);
      }
    }
    double[][] h = new double[names][];
    for (int i = 0; i < names; i++) h[i] = Percentiles.interval(headline[i], replicates, confidence);
    double[][] ci = new double[numClasses][];
    double[][] cd = new double[numClasses][];
    double[][] ca = new double[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      ci[c] = Percentiles.interval(iou[c], replicates, confidence);
      cd[c] = Percentiles.interval(dice[c], replicates, confidence);
      ca[c] = Percentiles.interval(acc[c], replicates, confidence);
    }
    return new SemsegIntervals(confidence, replicates, h, ci, cd, ca, headline, iou);
  }

  /**
   * Bootstrap intervals of a segmentation run.
   *
   * @param headline per headline metric ({@link #HEADLINE} order, then signal_mIoU if asked) {@code {lo, hi}}
   * @param iou per class {@code {lo, hi}} of IoU; NaN where no replicate defines it
   * @param replicateHeadline {@code [metric][replicate]}: every replicate's headline values (NaN: undefined)
   * @param replicateIou {@code [class][replicate]}: every replicate's class IoU (NaN: undefined)
   */
  public record SemsegIntervals(double confidence, int replicates, double[][] headline, double[][] iou,
      double[][] dice, double[][] accuracy, double[][] replicateHeadline, double[][] replicateIou)
      implements Serializable {}
}
