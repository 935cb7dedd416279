package dev.overlap.core.coco;

import java.util.List;

/**
 * A COCO ground truth held in memory: images, categories, annotations.
 *
 * @param images images
 * @param categories categories
 * @param annotations annotations, in file order
 */
public record CocoGroundTruth(List<Image> images, List<Category> categories, List<GtAnnotation> annotations) {
  public CocoGroundTruth {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    annotations = List.copyOf(annotations);
  }
}
