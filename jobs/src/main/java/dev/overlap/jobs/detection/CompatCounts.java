package dev.overlap.jobs.detection;

import java.io.Serializable;

/**
 * Results evaluated the way pycocotools' {@code loadRes} reshapes them (see core's
 * {@code LoadResRules}), counted for {@code summary.json} and the run's warning. Partial counts of
 * tasks merge by addition; the first mask-size mismatch is the one earliest in the input.
 *
 * @param boxAsMask segm results with a box only, evaluated as the box's rectangle polygon
 * @param boxFromMask bbox results with a mask only, boxed by the mask's bounding box
 * @param maskSizeMismatch segm results whose RLE size differs from their image's (IoU -1, never matched)
 * @param firstMismatchSeq the input position of the first such result, or -1
 * @param firstMismatch where that result is and how its size differs, or null
 */
public record CompatCounts(long boxAsMask, long boxFromMask, long maskSizeMismatch, long firstMismatchSeq,
    String firstMismatch) implements Serializable {

  /** No such results. */
  public static final CompatCounts NONE = new CompatCounts(0, 0, 0, -1, null);

  /** The sum of two partial counts; the first mismatch in input order wins. */
  public CompatCounts plus(CompatCounts o) {
    if (o == null) return this;
    boolean mine = firstMismatchSeq >= 0 && (o.firstMismatchSeq < 0 || firstMismatchSeq <= o.firstMismatchSeq);
    return new CompatCounts(boxAsMask + o.boxAsMask, boxFromMask + o.boxFromMask, maskSizeMismatch + o.maskSizeMismatch,
        mine ? firstMismatchSeq : o.firstMismatchSeq, mine ? firstMismatch : o.firstMismatch);
  }

  /** The one-line warning for mask-size mismatches, or null when there are none. */
  public String mismatchWarning() {
    if (maskSizeMismatch == 0) return null;
    return "warning: " + maskSizeMismatch + (maskSizeMismatch == 1 ? " result mask differs" : " result masks differ")
        + " in size from their image and score IoU -1 (never matched), as in pycocotools; the first: "
        + firstMismatch;
  }
}
