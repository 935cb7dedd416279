package dev.overlap.core.coco;

/**
 * Receives what per-image evaluation produces: one call per kept detection and one per (category,
 * area range) with the count of ground truths that are not ignored there.
 */
public interface MatchSink {
  /**
   * A detection kept after the per-(image, category) sort and truncation to {@code maxDets[-1]}.
   *
   * @param category category index (position in the sorted evaluated category ids; 0 when useCats is off)
   * @param imageId image id
   * @param rank 0-based rank within (image, category) by score, ties in input order
   * @param score the detection's score
   * @param flags {@code flags[a * T + t]}: {@link MatchFlags#IGNORED}, {@link MatchFlags#TP} or
   *     {@link MatchFlags#FP} for area range a and IoU threshold t. The array is reused: copy it to keep it.
   */
  void detection(int category, long imageId, int rank, double score, byte[] flags);

  /**
   * Ground truths of one image that count in (category, area range): not crowd, area inside the range.
   * Called once per (image, category with GT, area range), also when the count is 0.
   */
  void groundTruth(int category, int area, int notIgnored);

  /**
   * A true positive at IoU 0.5, area "all": how well it is localized (see {@link Localization}). bbox runs
   * give torchvision's IoU, GIoU, DIoU and CIoU of the pair; bev / 3d / segm the matching IoU and NaN for the
   * others. Ignored by default.
   */
  default void localization(int category, double iou, double giou, double diou, double ciou) {}
}
