/**
 * Axis-aligned box kernels, as pycocotools' {@code maskApi.c} computes them.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>A box is {@code [x, y, w, h]} in pixels (COCO's {@code bbox}), doubles, top-left origin;
 *       arrays of boxes are flat with stride 4, box {@code i} at {@code [4*i, 4*i + 4)}.</li>
 *   <li>A pairwise result for {@code m} detections and {@code n} ground truths is a flat
 *       {@code double[m * n]}, owned by the caller, with the pair (detection {@code d}, ground truth
 *       {@code g}) at {@code g * m + d}: the layout of {@code bbIou} and of {@code COCOeval.computeIoU}
 *       (transposed there by numpy's reshape; the values are the same).</li>
 *   <li>A crowd ground truth ({@code iscrowd = 1}) is scored as intersection over the
 *       <em>detection's</em> area, so a crowd region can absorb any number of detections.</li>
 *   <li>Arithmetic follows {@code maskApi.c#bbIou} operation for operation, so every IoU is
 *       bit-identical to pycocotools for finite inputs. Inputs are validated finite upstream; the
 *       kernels only check array lengths.</li>
 * </ul>
 */
package dev.overlap.core.box;
