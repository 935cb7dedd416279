/**
 * The Spark panoptic-segmentation job (PQ, SQ, RQ as panopticapi's {@code pq_compute}). Steps:
 * read both COCO panoptic JSON files on the driver, map category ids to dense indices in the
 * ground truth's order and pair annotations by {@code image_id}
 * ({@link dev.overlap.jobs.panoptic.PanopticInputs}); on the executors, read and decode both RGB
 * PNGs of a pair, count segment pairs and match them with core's
 * {@link dev.overlap.core.panoptic} kernels ({@link dev.overlap.jobs.panoptic.EvaluatePanoptic});
 * merge the per-task {@link dev.overlap.core.panoptic.PqStats} by addition
 * ({@code treeAggregate}; exact IoU sums make the bits independent of partitioning); score on the
 * driver ({@link dev.overlap.core.panoptic.PqResult}); with {@code --slice-by}, the same per slice
 * ({@link dev.overlap.jobs.panoptic.PanopticSlices}); write
 * ({@link dev.overlap.jobs.panoptic.PanopticOutputs}).
 *
 * <p>Conventions: scores are fractions (not percent); a category with tp + fp + fn = 0 is not
 * averaged and its scores are null in every output; a ground-truth image is evaluated or rejected,
 * never both: images read = evaluated + rejected. Prediction entries for images absent from the
 * ground truth are ignored (and counted), as in pq_compute.
 */
package dev.overlap.jobs.panoptic;
