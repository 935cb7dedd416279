package dev.overlap.core.coco;

/**
 * A COCO {@code images[]} entry.
 *
 * @param id image id
 * @param fileName {@code file_name}, or null when absent
 * @param width width in pixels
 * @param height height in pixels
 */
public record Image(long id, String fileName, int width, int height) implements CocoRecord {}
