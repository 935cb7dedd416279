/**
 * Box geometry beyond COCO's axis-aligned {@code [x, y, w, h]}: yaw-rotated 3D boxes (bird's-eye-view
 * and 3D IoU), the IoU family of torchvision.ops (IoU, GIoU, DIoU, CIoU), NMS and Soft-NMS.
 *
 * <p>Conventions, stated once for the package (reference: {@code GEOMETRY-SEMANTICS.md} of the reference
 * data, and torchvision.ops {@code boxes.py} / {@code csrc/ops/cpu/nms_kernel.cpp}):
 * <ul>
 *   <li>A 3D box is {@code [cx, cy, cz, l, w, h, yaw]} at stride 7: geometric centre, {@code l} along the
 *       box's own x axis, {@code w} along its y axis, {@code h} along z, yaw counter-clockwise about +z in
 *       radians (any real value). It spans {@code cz - h/2 .. cz + h/2} on z.
 *   <li>A 2D box for the IoU family and NMS is {@code [x1, y1, x2, y2]} at stride 4, {@code x1 <= x2},
 *       {@code y1 <= y2}; zero width or height is allowed.
 *   <li>Pairwise results for {@code m} detections (or torchvision's {@code boxes1}) against {@code n}
 *       ground truths ({@code boxes2}) are a caller-owned {@code double[m * n]} with the pair at
 *       {@code g * m + d}, the layout of {@link dev.overlap.core.box}.
 *   <li>All arithmetic is IEEE double, with no absolute epsilon in the rotated-box kernels (thin and tiny
 *       boxes are right); the IoU family keeps torchvision's {@code eps = 1e-7} where torchvision has it,
 *       and NaN where torchvision's float arithmetic gives NaN (0/0).
 *   <li>Kernels validate array lengths at entry and allocate nothing per pair.
 * </ul>
 */
package dev.overlap.core.geometry;
