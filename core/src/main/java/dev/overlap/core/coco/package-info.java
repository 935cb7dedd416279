/**
 * COCO detection evaluation, exactly as pycocotools' {@code cocoeval.py} (evaluate, accumulate,
 * summarize), split so that it runs on one machine or across a cluster.
 *
 * <ul>
 *   <li>{@link dev.overlap.core.coco.ImageEvaluator}: per image, per category: stable score sort,
 *       truncation to {@code maxDets[-1]}, IoU matrix, greedy matching per area range and IoU threshold;
 *       emits per detection one byte per (area range, threshold): ignored, TP or FP.
 *   <li>{@link dev.overlap.core.coco.CurveTotals} / {@link dev.overlap.core.coco.CurveBuilder} /
 *       {@link dev.overlap.core.coco.Accumulator}: accumulate over detections in the global rank order
 *       (category, score descending, image id, rank within image) cut into slices; counts are integers,
 *       so any slicing gives the same bits.
 *   <li>{@link dev.overlap.core.coco.CocoSummary}: the twelve stats and per-category stats, with numpy's
 *       pairwise summation for means.
 *   <li>{@link dev.overlap.core.coco.Suppression}: NMS / Soft-NMS of an image's detections per category before
 *       matching; {@link dev.overlap.core.coco.Localization}: mean IoU / GIoU / DIoU / CIoU of the true positives
 *       at IoU 0.5 per category (mergeable, exact fixed-point sums). bev / 3d IoU types match yaw-rotated
 *       {@code box3d} boxes with {@link dev.overlap.core.geometry.RotatedBoxes}.
 *   <li>{@code LoadResRules}: results shaped otherwise, as pycocotools' {@code loadRes} and
 *       {@code rleIou} treat them (a box alone as a rectangle polygon in segm, IoU -1 for a result mask
 *       of another size than its image); bbox results with a mask only are boxed by it in
 *       {@link dev.overlap.core.coco.ImageEvaluator}.
 *   <li>{@link dev.overlap.core.coco.CocoEvaluator}: all of it in one JVM, on one or two threads (halves of
 *       the images, then of the categories, merged in a fixed order: the same bits either way).
 * </ul>
 *
 * <p>Arrays follow numpy's C order: precision {@code [T, R, K, A, M]}, recall {@code [T, K, A, M]}.
 * Boxes are {@code [x, y, w, h]} in pixels; areas in square pixels; ids are longs.
 */
package dev.overlap.core.coco;
