package dev.overlap.core.semseg;

/**
 * Immutable semantic-segmentation scores computed from a confusion matrix, with the definitions
 * of mmsegmentation's {@code total_area_to_metrics} and the numpy reference
 * ({@code reference/semseg-small/expected.json}).
 *
 * <p>Per class {@code c}: {@code IoU = tp/(gt+pred-tp)}, {@code Dice = 2tp/(gt+pred)},
 * {@code precision = tp/pred}, {@code recall = tp/gt} (the reference's per-class "accuracy"),
 * {@code frequency = gt/N}. A zero denominator makes the value undefined: its getter returns
 * {@code Double.NaN} and its {@code has...} method false; writers print null. Means are over
 * defined values (numpy {@code nanmean}) and are NaN when none is defined. Sums run in class
 * order.
 */
public final class SemsegMetrics {
  private final int numClasses;
  private final long totalPixels;
  private final long[] tp;
  private final long[] gtPixels;
  private final long[] predPixels;
  private final double[] iou;
  private final double[] dice;
  private final double[] precision;
  private final double[] recall;
  private final double[] frequency;
  private final double meanIou;
  private final double frequencyWeightedIou;
  private final double pixelAccuracy;
  private final double meanClassAccuracy;
  private final double meanDice;

  private SemsegMetrics(long[] confusion, int k) {
    numClasses = k;
    tp = new long[k];
    gtPixels = new long[k];
    predPixels = new long[k];
    ConfusionCounter.marginals(confusion, k, tp, gtPixels, predPixels);
    long n = 0;
    long trace = 0;
    for (int c = 0; c < k; c++) {
      n += gtPixels[c];
      trace += tp[c];
    }
    totalPixels = n;
    iou = new double[k];
    dice = new double[k];
    precision = new double[k];
    recall = new double[k];
    frequency = new double[k];
    for (int c = 0; c < k; c++) {
      long union = gtPixels[c] + predPixels[c] - tp[c];
      long both = gtPixels[c] + predPixels[c];
      iou[c] = ratio(tp[c], union);
      dice[c] = ratio(2 * tp[c], both);
      precision[c] = ratio(tp[c], predPixels[c]);
      recall[c] = ratio(tp[c], gtPixels[c]);
      frequency[c] = ratio(gtPixels[c], n);
    }
    meanIou = nanMean(iou);
    meanDice = nanMean(dice);
    meanClassAccuracy = nanMean(recall);
    pixelAccuracy = ratio(trace, n);
    // Classes without ground truth have weight 0 and classes with ground truth have a defined
    // IoU, so skipping undefined IoUs is the reference's nansum(freq * iou).
    double fw = 0;
    boolean any = false;
    for (int c = 0; c < k; c++) {
      if (Double.isNaN(iou[c]) || Double.isNaN(frequency[c])) continue;
      fw += frequency[c] * iou[c];
      any = true;
    }
    frequencyWeightedIou = any ? fw : Double.NaN;
  }

  /** Scores of an accumulated matrix. */
  public static SemsegMetrics of(ConfusionMatrix matrix) {
    return new SemsegMetrics(matrix.counts(), matrix.numClasses());
  }

  /**
   * Scores of a {@code long[K * K]} confusion matrix, rows = ground truth (read, not kept).
   *
   * @throws IllegalArgumentException if the array is shorter than K*K or holds a negative count
   */
  public static SemsegMetrics of(long[] confusion, int numClasses) {
    if (numClasses < 1 || numClasses > ConfusionCounter.MAX_CLASSES) {
      throw new IllegalArgumentException(
          "numClasses must be in 1.." + ConfusionCounter.MAX_CLASSES + ", got " + numClasses);
    }
    if (confusion.length < numClasses * numClasses) {
      throw new IllegalArgumentException("confusion holds " + confusion.length + " counts, "
          + numClasses + " classes need " + numClasses * numClasses);
    }
    for (int i = 0; i < numClasses * numClasses; i++) {
      if (confusion[i] < 0) throw new IllegalArgumentException("negative count at index " + i);
    }
    return new SemsegMetrics(confusion, numClasses);
  }

  /** K. */
  public int numClasses() {
    return numClasses;
  }

  /** N: pixels counted (ground truth not ignored). */
  public long totalPixels() {
    return totalPixels;
  }

  /** Pixels of class {@code c} predicted as {@code c}. */
  public long truePositives(int c) {
    return tp[check(c)];
  }

  /** Ground-truth pixels of class {@code c} (row sum). */
  public long gtPixels(int c) {
    return gtPixels[check(c)];
  }

  /** Pixels predicted as class {@code c} (column sum). */
  public long predPixels(int c) {
    return predPixels[check(c)];
  }

  /** {@code tp/(gt+pred-tp)}; NaN when class {@code c} is in neither ground truth nor prediction. */
  public double iou(int c) {
    return iou[check(c)];
  }

  /** Whether {@link #iou(int)} is defined. */
  public boolean hasIou(int c) {
    return !Double.isNaN(iou[check(c)]);
  }

  /** {@code 2tp/(gt+pred)}; defined exactly when {@link #iou(int)} is. */
  public double dice(int c) {
    return dice[check(c)];
  }

  /** {@code tp/pred}; NaN when class {@code c} is never predicted. */
  public double precision(int c) {
    return precision[check(c)];
  }

  /** Whether {@link #precision(int)} is defined. */
  public boolean hasPrecision(int c) {
    return !Double.isNaN(precision[check(c)]);
  }

  /** {@code tp/gt}, the per-class accuracy; NaN when class {@code c} has no ground truth. */
  public double recall(int c) {
    return recall[check(c)];
  }

  /** Whether {@link #recall(int)} is defined. */
  public boolean hasRecall(int c) {
    return !Double.isNaN(recall[check(c)]);
  }

  /** {@code gt/N}; NaN only when no pixel was counted. */
  public double frequency(int c) {
    return frequency[check(c)];
  }

  /** mIoU: mean of the defined IoUs (numpy {@code nanmean}). */
  public double meanIou() {
    return meanIou;
  }

  /** fwIoU: {@code sum_c (gt_c/N) * IoU_c} over classes with a defined IoU. */
  public double frequencyWeightedIou() {
    return frequencyWeightedIou;
  }

  /** {@code trace/N}; NaN when no pixel was counted. */
  public double pixelAccuracy() {
    return pixelAccuracy;
  }

  /** Mean of the defined recalls (the reference's mean_class_accuracy). */
  public double meanClassAccuracy() {
    return meanClassAccuracy;
  }

  /** mDice: mean of the defined Dice scores. */
  public double meanDice() {
    return meanDice;
  }

  /**
   * Mean IoU over defined classes not in {@code excludedClassIds}, e.g. leaving out background
   * so that it does not dominate; sums in class order like {@link #meanIou()}.
   *
   * @throws IllegalArgumentException if an excluded id is not a class id
   */
  public double signalMeanIou(int... excludedClassIds) {
    boolean[] excluded = new boolean[numClasses];
    for (int id : excludedClassIds) {
      if (id < 0 || id >= numClasses) {
        throw new IllegalArgumentException("excluded class " + id + " is not a class id (0.."
            + (numClasses - 1) + ")");
      }
      excluded[id] = true;
    }
    double sum = 0;
    int count = 0;
    for (int c = 0; c < numClasses; c++) {
      if (excluded[c] || Double.isNaN(iou[c])) continue;
      sum += iou[c];
      count++;
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** True unless {@code value} is the NaN this class uses for "undefined". */
  public static boolean isDefined(double value) {
    return !Double.isNaN(value);
  }

  private int check(int c) {
    if (c < 0 || c >= numClasses) {
      throw new IndexOutOfBoundsException("class " + c + " is not a class id (0.." + (numClasses - 1) + ")");
    }
    return c;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / (double) denominator;
  }

  private static double nanMean(double[] values) {
    double sum = 0;
    int count = 0;
    for (double v : values) {
      if (Double.isNaN(v)) continue;
      sum += v;
      count++;
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
