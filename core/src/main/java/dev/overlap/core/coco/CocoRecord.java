package dev.overlap.core.coco;

/** One record of a COCO ground-truth file: an image, a category or an annotation. */
public sealed interface CocoRecord permits Image, Category, GtAnnotation {}
