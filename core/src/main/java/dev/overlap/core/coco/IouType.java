package dev.overlap.core.coco;

/** What overlap means: box IoU, mask IoU or keypoint similarity (pycocotools' {@code iouType}). */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm"),
  /** Object Keypoint Similarity in place of IoU (cocoeval.py#computeOks). */
  KEYPOINTS("keypoints");

  private final String label;

  IouType(String label) {
    this.label = label;
  }

  /** The name pycocotools uses: "bbox", "segm" or "keypoints". */
  public String label() {
    return label;
  }

  /** Parses "bbox", "segm" or "keypoints" (case-insensitive). */
  public static IouType parse(String s) {
    for (IouType t : values()) {
      if (t.label.equalsIgnoreCase(s)) return t;
    }
    throw new IllegalArgumentException("iou type must be bbox, segm or keypoints, got \"" + s + "\"");
  }
}
