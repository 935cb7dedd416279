package dev.overlap.core.coco;

/**
 * A COCO {@code images[]} entry.
 *
 * @param id image id: the id itself, or for string ids their dense key ({@link dev.overlap.core.io.ImageIds})
 * @param fileName {@code file_name}, or null when absent
 * @param width width in pixels
 * @param height height in pixels
 * @param stringId the id as written when it was a string, else null
 */
public record Image(long id, String fileName, int width, int height, String stringId) implements CocoRecord {

  /** An image with a numeric id. */
  public Image(long id, String fileName, int width, int height) {
    this(id, fileName, width, height, null);
  }

  /** The id as the input wrote it: the string, or the number in decimal. */
  public String originalId() {
    return stringId != null ? stringId : Long.toString(id);
  }
}
