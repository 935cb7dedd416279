package dev.overlap.core.coco;

/**
 * What overlap means: box IoU or mask IoU (pycocotools' {@code iouType}), or the IoU of yaw-rotated 3D
 * boxes: bird's-eye-view footprints ({@code bev}) or cuboids ({@code 3d}), see {@link dev.overlap.core.geometry}.
 */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm"),
  BEV("bev"),
  BOX3D("3d");

  private final String label;

  IouType(String label) {
    this.label = label;
  }

  /** The name pycocotools uses: "bbox" or "segm". */
  public String label() {
    return label;
  }

  /** Whether detections and ground truths are {@code box3d} boxes (bev or 3d). */
  public boolean isBox3d() {
    return this == BEV || this == BOX3D;
  }

  /** Parses "bbox", "segm", "bev" or "3d" (case-insensitive). */
  public static IouType parse(String s) {
    for (IouType t : values()) {
      if (t.label.equalsIgnoreCase(s)) return t;
    }
    throw new IllegalArgumentException("iou type must be bbox, segm, bev or 3d, got \"" + s + "\"");
  }
}
