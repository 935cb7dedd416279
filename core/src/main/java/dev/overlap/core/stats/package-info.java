/**
 * Resampling statistics shared by every task: Poisson-bootstrap weights and percentile intervals.
 *
 * <ul>
 *   <li>{@link dev.overlap.core.stats.PoissonWeights}: each image gets an independent Poisson(1) weight per
 *       replicate, drawn from a counter-based generator keyed by (seed, image key, replicate). No state is
 *       carried from one image to the next, so a weight does not depend on partitioning, file order or cluster
 *       size: 1 or 1000 partitions give the same replicates bit for bit.
 *   <li>{@link dev.overlap.core.stats.Percentiles}: percentile intervals over replicate values, numpy's default
 *       ({@code method="linear"}) interpolation, undefined replicates (NaN) left out as {@code nanpercentile} does.
 * </ul>
 *
 * <p>The sampling unit is the image: an interval says how much a metric would move if the evaluation set were
 * drawn again from the same population of images. It does not cover label noise, annotation protocol changes or
 * shifts in the population itself.
 */
package dev.overlap.core.stats;
