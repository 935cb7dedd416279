package dev.overlap.core.coco;

/**
 * A COCO {@code categories[]} entry.
 *
 * @param id category id
 * @param name category name ("" when absent)
 * @param supercategory supercategory, or null when absent
 */
public record Category(long id, String name, String supercategory) implements CocoRecord {}
