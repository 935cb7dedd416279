/**
 * COCO keypoint evaluation: Object Keypoint Similarity (OKS) in place of IoU, as pycocotools'
 * {@code cocoeval.py#computeOks} (cocodataset/cocoapi PythonAPI), the per-keypoint constants
 * ({@link dev.overlap.core.keypoints.KeypointSigmas}) and the ten keypoint stats
 * ({@link dev.overlap.core.keypoints.KeypointStats}, {@code cocoeval.py#_summarizeKps}).
 *
 * <p>Conventions, stated once: keypoints are flat {@code [x1, y1, v1, x2, y2, v2, ...]} (3 doubles per
 * keypoint), many objects back to back at stride {@code 3 * K}; a ground truth's {@code v} is a
 * visibility flag (0 unlabelled, 1 occluded, 2 visible), a result's third values are confidences and
 * are never read. Boxes are {@code [x, y, w, h]}; the OKS scale is the ground truth's {@code area} field.
 * OKS matrices are written as box IoU matrices are: {@code out[g * numDt + d]}. Matching, accumulation
 * and area ranges are core coco's, with {@code maxDets [20]} and the ranges all / medium / large.
 */
package dev.overlap.core.keypoints;
