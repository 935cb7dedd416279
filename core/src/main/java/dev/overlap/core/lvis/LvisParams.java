package dev.overlap.core.lvis;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.IouType;

/** lvis-api's evaluation parameters (eval.py#Params) as core coco parameters. */
public final class LvisParams {
  /** Results kept per image, across categories (lvis-api's {@code max_dets}). */
  public static final int MAX_DETS_PER_IMAGE = 300;

  private LvisParams() {}

  /**
   * A builder with lvis-api's parameters: COCO's IoU and recall thresholds and area ranges (all, small,
   * medium, large), maxDets {@code [300]} (a no-op per image and category once the per-image cut is
   * done), and the federated matching rules.
   */
  public static CocoParams.Builder builder(IouType iouType) {
    if (iouType == IouType.KEYPOINTS) throw new IllegalArgumentException("the LVIS protocol evaluates bbox or segm");
    return CocoParams.builder(iouType).maxDets(MAX_DETS_PER_IMAGE).federated(true);
  }
}
