/**
 * The Spark semantic-segmentation job. Steps: list both inputs on the driver and pair label maps by
 * image id ({@link dev.overlap.jobs.segmentation.SegmentationInputs}; a Parquet input is paired on
 * the executors after a shuffle by image id), decode and count each pair on the executors with
 * core's PNG decoder and confusion kernels ({@link dev.overlap.jobs.segmentation.EvaluatePairs}),
 * merge the per-task {@code long[K*K]} matrices by addition ({@code treeAggregate}), compute the
 * metrics on the driver with {@link dev.overlap.core.semseg.SemsegMetrics}, then write
 * ({@link dev.overlap.jobs.segmentation.SegmentationOutputs}).
 *
 * <p>Conventions: class ids are {@code 0 .. K-1}; the confusion matrix is rows = ground truth,
 * columns = prediction; the ignore label applies to ground truth only; undefined values (0/0) are
 * null in every output. An image pair is evaluated or rejected, never both: pairs found =
 * evaluated + rejected.
 */
package dev.overlap.jobs.segmentation;
