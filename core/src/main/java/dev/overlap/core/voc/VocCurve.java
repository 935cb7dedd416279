package dev.overlap.core.voc;

import dev.overlap.core.coco.MatchFlags;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One class's precision-recall curve at one IoU threshold, as {@code voc_eval}'s cumulative sums hold
 * it, reduced to what AP reads: the cumulative false-positive count at each true positive, in rank
 * order, and the totals. A false positive's precision never exceeds the point before it, and a dropped
 * detection repeats it, so the interpolated curve of both protocols is decided at the true positives.
 *
 * <p>A piece covers a stretch of the global order; {@link #append} joins the next stretch, so the curve
 * of any cut of the order, joined in order, is the same. O(true positives) longs.
 */
public final class VocCurve implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] fpAtTp = new long[8];
  private int tp;
  private long fp;

  /** Adds the next detection's flag ({@link MatchFlags}). */
  public void add(byte flag) {
    if (flag == MatchFlags.TP) {
      if (tp == fpAtTp.length) fpAtTp = Arrays.copyOf(fpAtTp, 2 * tp);
      fpAtTp[tp++] = fp;
    } else if (flag == MatchFlags.FP) {
      fp++;
    }
  }

  /** Joins the stretch that follows this one in the global order. */
  public void append(VocCurve next) {
    if (tp + next.tp > fpAtTp.length) fpAtTp = Arrays.copyOf(fpAtTp, Math.max(tp + next.tp, 2 * fpAtTp.length));
    for (int i = 0; i < next.tp; i++) fpAtTp[tp + i] = fp + next.fpAtTp[i];
    tp += next.tp;
    fp += next.fp;
  }

  /** True positives. */
  public int truePositives() { return tp; }

  /** False positives. */
  public long falsePositives() { return fp; }

  /** Cumulative false positives at the i-th true positive (0-based). */
  public long falsePositivesAt(int i) { return fpAtTp[i]; }
}
