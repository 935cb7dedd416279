package dev.overlap.core.coco;

/**
 * One result (detection) of a COCO results file.
 *
 * <p>{@code seq} is the position in the results input (file order); pycocotools numbers results in
 * file order and its stable sorts keep that order among equal scores (cocoeval.py#evaluateImg).
 * {@code area} is the area pycocotools' {@code loadRes} gives the result: box {@code w*h} for bbox
 * results, mask pixel count for segm results (or box area under {@code --segm-area bbox}).
 *
 * @param imageId image id
 * @param categoryId category id
 * @param bbox {@code [x, y, w, h]}, or null when the result has only a segmentation
 * @param score confidence, finite and non-negative
 * @param segmentation the mask, or null when absent or not read
 * @param seq order in the input: a larger seq was later in the results file
 * @param box3d {@code [cx, cy, cz, l, w, h, yaw]} for BEV / 3D evaluation, else null
 *     (see {@link dev.overlap.core.geometry})
 * @param keypoints {@code [x1, y1, v1, ...]} of a keypoint result (the v are confidences, never read), or null
 */
public record Detection(long imageId, long categoryId, double[] bbox, double score, Segmentation segmentation,
    long seq, double[] box3d, double[] keypoints) {

  /** A box / mask result. */
  public Detection(long imageId, long categoryId, double[] bbox, double score, Segmentation segmentation, long seq) {
    this(imageId, categoryId, bbox, score, segmentation, seq, null, null);
  }

  /** A bev / 3d result. */
  public Detection(long imageId, long categoryId, double[] bbox, double score, Segmentation segmentation, long seq,
      double[] box3d) {
    this(imageId, categoryId, bbox, score, segmentation, seq, box3d, null);
  }

  /** A keypoint result. */
  public static Detection keypoints(long imageId, long categoryId, double[] bbox, double score,
      Segmentation segmentation, long seq, double[] keypoints) {
    return new Detection(imageId, categoryId, bbox, score, segmentation, seq, null, keypoints);
  }

  /** This detection with another score (Soft-NMS decays scores before evaluation). */
  public Detection withScore(double newScore) {
    return new Detection(imageId, categoryId, bbox, newScore, segmentation, seq, box3d, keypoints);
  }
}
