package dev.overlap.core.coco;

/**
 * What overlap means: box IoU, mask IoU or keypoint similarity (pycocotools' {@code iouType}), Boundary AP's
 * min(mask IoU, boundary IoU) (boundary-iou-api's {@code iouType="boundary"}), or the IoU of yaw-rotated 3D
 * boxes: bird's-eye-view footprints ({@code bev}) or cuboids ({@code 3d}), see {@link dev.overlap.core.geometry}.
 */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm"),
  BOUNDARY("boundary"),
  /** Object Keypoint Similarity in place of IoU (cocoeval.py#computeOks). */
  KEYPOINTS("keypoints"),
  BEV("bev"),
  BOX3D("3d");

  private final String label;

  IouType(String label) {
    this.label = label;
  }

  /** The name pycocotools uses: "bbox", "segm" or "keypoints" (boundary-iou-api: "boundary"; "bev", "3d"). */
  public String label() {
    return label;
  }

  /** Whether pairs are scored from masks (segm, boundary): ground truths and results need a segmentation. */
  public boolean usesMasks() {
    return this == SEGM || this == BOUNDARY;
  }

  /** Whether detections and ground truths are {@code box3d} boxes (bev or 3d). */
  public boolean isBox3d() {
    return this == BEV || this == BOX3D;
  }

  /** Parses "bbox", "segm", "boundary", "keypoints", "bev" or "3d" (case-insensitive). */
  public static IouType parse(String s) {
    for (IouType t : values()) {
      if (t.label.equalsIgnoreCase(s)) return t;
    }
    throw new IllegalArgumentException("iou type must be bbox, segm, boundary, keypoints, bev or 3d, got \"" + s + "\"");
  }
}
