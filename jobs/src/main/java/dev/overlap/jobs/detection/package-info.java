/**
 * The Spark detection job. Steps: scan the ground truth for what no single image tells (string image
 * ids, duplicate annotation ids: {@link dev.overlap.jobs.detection.GroundTruthScan}), read (ground truth
 * streamed in one task, predictions split by byte range or Parquet row group), repartition by image id, evaluate each image with core
 * ({@link dev.overlap.jobs.detection.EvaluateImages}), range-partition and sort the ranked detections
 * by (category, score desc, image id, rank), two passes for the precision-recall curves
 * ({@link dev.overlap.jobs.detection.CurvePasses}), then write ({@link dev.overlap.jobs.detection.DetectionOutputs}).
 *
 * <p>{@code --iou-type keypoints} (OKS, core keypoints) and {@code --protocol lvis} (core lvis) run the same steps:
 * the driver sets up their parameters ({@link dev.overlap.jobs.detection.ProtocolSetup}: sigmas, result sizing,
 * frequency groups); LVIS's per-image load rules run in {@link dev.overlap.jobs.detection.EvaluateImages} before
 * matching; the summary is the protocol's own (ten or thirteen stats).
 */
package dev.overlap.jobs.detection;
