package dev.overlap.core.coco;

/**
 * A COCO {@code categories[]} entry.
 *
 * @param id category id
 * @param name category name ("" when absent)
 * @param supercategory supercategory, or null when absent
 * @param frequency LVIS {@code frequency} ("r", "c" or "f"), or null when absent or not read
 * @param numKeypoints length of the {@code keypoints} names list (COCO keypoints), or -1 when absent
 */
public record Category(long id, String name, String supercategory, String frequency, int numKeypoints)
    implements CocoRecord {

  /** A COCO detection category. */
  public Category(long id, String name, String supercategory) {
    this(id, name, supercategory, null, -1);
  }
}
