/**
 * Slices: every metric again over the images that share a value of an attribute field ({@code weather},
 * {@code camera}, ...). {@link dev.overlap.core.slices.ImageSlices} maps images to slices and weighs them 0 / 1,
 * so each slice is accumulated by the same weighted curves as a bootstrap replicate, in the same pass.
 */
package dev.overlap.core.slices;
