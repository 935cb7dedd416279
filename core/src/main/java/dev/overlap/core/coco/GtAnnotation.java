package dev.overlap.core.coco;

/**
 * A COCO {@code annotations[]} entry of the ground truth.
 *
 * <p>{@code area} is the annotation's own {@code area} field: pycocotools uses it for area ranges in
 * both bbox and segm evaluation. The input's {@code ignore} field is kept in {@code ignore} but only
 * Boundary AP reads it: pycocotools overwrites it with {@code iscrowd} (cocoeval.py#_prepare), while
 * boundary-iou-api ignores a ground truth when {@code ignore or iscrowd}.
 *
 * @param id annotation id (0 is legal and reproduces pycocotools' "0 means unmatched" quirk)
 * @param imageId image id
 * @param categoryId category id
 * @param bbox {@code [x, y, w, h]}, w and h non-negative; null in segm evaluation when the input has none
 * @param area the {@code area} field
 * @param iscrowd {@code iscrowd != 0}
 * @param segmentation the segmentation, or null when absent or not read (bbox evaluation)
 * @param index position of the annotation in the file (0-based), which fixes order among equals
 * @param keypoints {@code [x1, y1, v1, x2, ...]} (keypoints evaluation), or null
 * @param numKeypoints the {@code num_keypoints} field (keypoints evaluation: 0 makes the GT ignored), or -1
 * @param ignore the explicit {@code ignore} field, honoured by LVIS only (pycocotools overwrites it)
 * @param difficult the PASCAL VOC {@code difficult} field is truthy (read for {@code --protocol voc07|voc12};
 *     COCO evaluation does not look at it)
 * @param ignore the {@code ignore} field is truthy (absent = false; read by Boundary AP only)
 * @param box3d {@code [cx, cy, cz, l, w, h, yaw]} for BEV / 3D evaluation, else null
 *     (see {@link dev.overlap.core.geometry})
 */
public record GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
    Segmentation segmentation, long index, boolean difficult, boolean ignore, double[] box3d, double[] keypoints,
    int numKeypoints) implements CocoRecord {

  /** An annotation without keypoints. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, boolean difficult, boolean ignore,
      double[] box3d) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, difficult, ignore, box3d, null, -1);
  }

  /** An annotation without a 3D box or keypoints. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, boolean difficult, boolean ignore) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, difficult, ignore, null, null, -1);
  }

  /** An annotation without {@code ignore} field, 3D box or keypoints. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, boolean difficult) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, difficult, false, null, null, -1);
  }

  /** A box / mask annotation: no {@code difficult} flag, {@code ignore} field, 3D box or keypoints. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, false, false, null, null, -1);
  }

  /** A bev / 3d annotation (no {@code difficult} flag or {@code ignore} field). */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, double[] box3d) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, false, false, box3d, null, -1);
  }

  /** A bev / 3d annotation with a {@code difficult} flag. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, boolean difficult, double[] box3d) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, difficult, false, box3d, null, -1);
  }

  /** A keypoint / LVIS ground truth (not difficult, no 3D box). */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, double[] keypoints, int numKeypoints,
      boolean ignore) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, false, ignore, null, keypoints, numKeypoints);
  }

  /** A keypoint / LVIS ground truth with a {@code difficult} flag. */
  public GtAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean iscrowd,
      Segmentation segmentation, long index, double[] keypoints, int numKeypoints,
      boolean ignore, boolean difficult) {
    this(id, imageId, categoryId, bbox, area, iscrowd, segmentation, index, difficult, ignore, null, keypoints, numKeypoints);
  }
}
