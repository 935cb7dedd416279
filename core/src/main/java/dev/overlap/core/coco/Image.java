package dev.overlap.core.coco;

/**
 * A COCO {@code images[]} entry.
 *
 * @param id image id
 * @param fileName {@code file_name}, or null when absent
 * @param width width in pixels
 * @param height height in pixels
 * @param negCategoryIds LVIS {@code neg_category_ids}: categories verified absent, or null (not LVIS)
 * @param notExhaustiveCategoryIds LVIS {@code not_exhaustive_category_ids}: categories whose instances are
 *     not all annotated, or null (not LVIS)
 */
public record Image(long id, String fileName, int width, int height, long[] negCategoryIds,
    long[] notExhaustiveCategoryIds) implements CocoRecord {

  /** A COCO image (no LVIS lists). */
  public Image(long id, String fileName, int width, int height) {
    this(id, fileName, width, height, null, null);
  }
}
