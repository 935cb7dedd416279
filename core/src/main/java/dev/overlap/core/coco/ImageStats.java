package dev.overlap.core.coco;

/**
 * Per-image counts over all evaluated categories, at area range "all" and {@code maxDets[-1]}
 * detections per category. Counts at an IoU threshold that is not evaluated are -1.
 *
 * @param imageId image id
 * @param numGt ground-truth annotations of the image (crowd included)
 * @param numPred detections of the image, before truncation to maxDets
 * @param tp50 true positives at IoU 0.50
 * @param fp50 false positives at IoU 0.50 (ignored detections are neither)
 * @param fn50 non-ignored ground truths left unmatched at IoU 0.50
 * @param tp75 true positives at IoU 0.75
 * @param fp75 false positives at IoU 0.75
 * @param fn75 ground truths left unmatched at IoU 0.75
 * @param iouSum50 sum of the IoUs of the true-positive pairs at IoU 0.50 (mean = iouSum50 / tp50)
 */
public record ImageStats(long imageId, int numGt, int numPred, int tp50, int fp50, int fn50, int tp75, int fp75,
    int fn75, double iouSum50) {

  /** Mean IoU of the matched pairs at IoU 0.50, or NaN when there are none. */
  public double meanIou50() {
    return tp50 > 0 ? iouSum50 / tp50 : Double.NaN;
  }
}
