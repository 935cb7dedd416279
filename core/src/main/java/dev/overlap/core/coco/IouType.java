package dev.overlap.core.coco;

/** What overlap means: box IoU or mask IoU (pycocotools' {@code iouType}). */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm");

  private final String label;

  IouType(String label) {
    this.label = label;
  }

  /** The name pycocotools uses: "bbox" or "segm". */
  public String label() {
    return label;
  }

  /** Parses "bbox" or "segm" (case-insensitive). */
  public static IouType parse(String s) {
    for (IouType t : values()) {
      if (t.label.equalsIgnoreCase(s)) return t;
    }
    throw new IllegalArgumentException("iou type must be bbox or segm, got \"" + s + "\"");
  }
}
