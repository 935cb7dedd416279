package dev.overlap.core.coco;

/**
 * What overlap means: box IoU, mask IoU (pycocotools' {@code iouType}), or Boundary AP's
 * min(mask IoU, boundary IoU) (boundary-iou-api's {@code iouType="boundary"}).
 */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm"),
  BOUNDARY("boundary");

  private final String label;

  IouType(String label) {
    this.label = label;
  }

  /** The name pycocotools uses: "bbox" or "segm" (boundary-iou-api: "boundary"). */
  public String label() {
    return label;
  }

  /** Whether pairs are scored from masks (segm, boundary): ground truths and results need a segmentation. */
  public boolean usesMasks() {
    return this != BBOX;
  }

  /** Parses "bbox", "segm" or "boundary" (case-insensitive). */
  public static IouType parse(String s) {
    for (IouType t : values()) {
      if (t.label.equalsIgnoreCase(s)) return t;
    }
    throw new IllegalArgumentException("iou type must be bbox, segm or boundary, got \"" + s + "\"");
  }
}
