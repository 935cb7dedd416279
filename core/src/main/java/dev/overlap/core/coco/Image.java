package dev.overlap.core.coco;

/**
 * A COCO {@code images[]} entry.
 *
 * @param id image id: the id itself, or for string ids their dense key ({@link dev.overlap.core.io.ImageIds})
 * @param fileName {@code file_name}, or null when absent
 * @param width width in pixels
 * @param height height in pixels
 * @param stringId the id as written when it was a string, else null
 * @param negCategoryIds LVIS {@code neg_category_ids}: categories verified absent, or null (not LVIS)
 * @param notExhaustiveCategoryIds LVIS {@code not_exhaustive_category_ids}: categories whose instances are
 *     not all annotated, or null (not LVIS)
 */
public record Image(long id, String fileName, int width, int height, String stringId, long[] negCategoryIds,
    long[] notExhaustiveCategoryIds) implements CocoRecord {

  /** A COCO image with a numeric id (no LVIS lists). */
  public Image(long id, String fileName, int width, int height) {
    this(id, fileName, width, height, null, null, null);
  }

  /** A COCO image, its id written as a string when {@code stringId} is not null (no LVIS lists). */
  public Image(long id, String fileName, int width, int height, String stringId) {
    this(id, fileName, width, height, stringId, null, null);
  }

  /** An LVIS image with a numeric id. */
  public Image(long id, String fileName, int width, int height, long[] negCategoryIds, long[] notExhaustiveCategoryIds) {
    this(id, fileName, width, height, null, negCategoryIds, notExhaustiveCategoryIds);
  }

  /** The id as the input wrote it: the string, or the number in decimal. */
  public String originalId() {
    return stringId != null ? stringId : Long.toString(id);
  }
}
