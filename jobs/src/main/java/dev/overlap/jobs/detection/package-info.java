/**
 * The Spark detection job. Steps: scan the ground truth for what no single image tells (string image
 * ids, duplicate annotation ids: {@link dev.overlap.jobs.detection.GroundTruthScan}), read (ground truth
 * streamed in one task, predictions split by byte range or Parquet row group), repartition by image id, evaluate each image with core
 * ({@link dev.overlap.jobs.detection.EvaluateImages}), range-partition and sort the ranked detections
 * by (category, score desc, image id, rank), two passes for the precision-recall curves
 * ({@link dev.overlap.jobs.detection.CurvePasses}), then write ({@link dev.overlap.jobs.detection.DetectionOutputs}).
 */
package dev.overlap.jobs.detection;
