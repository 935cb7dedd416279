/**
 * Boundary-aware overlap: the boundary band of a binary mask (Boundary IoU, Cheng et al., CVPR 2021)
 * and the Boundary AP IoU of run-length masks.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>The band of a mask {@code M} of {@code h x w} pixels for a width {@code d} is
 *       {@code M AND NOT erode(M)}, where a pixel survives the erosion iff the whole
 *       {@code (2d+1) x (2d+1)} square centred on it lies inside the image and in {@code M}: pixels
 *       outside the image count as background, so an object cut by the border has a band along it.
 *       This is boundary-iou-api's {@code mask_to_boundary} (commit 37d2558), which pads with one zero
 *       pixel and erodes {@code d} times with a 3x3 square.
 *   <li>{@code d = max(1, rint(ratio * sqrt(h*h + w*w)))}: half to even, as Python's {@code round}
 *       ({@link dev.overlap.core.boundary.BandWidth}); the reference's {@code BOUNDARY-SEMANTICS.md}
 *       lists the image sizes where the rounding decides.
 *   <li>Masks are {@link dev.overlap.core.mask.Rle}s in COCO's column-major layout. Bands are built
 *       from the runs ({@link dev.overlap.core.boundary.RleBands}): the erosion is separable, a
 *       vertical min-filter inside each column's runs and then a horizontal min-filter over columns
 *       as intersections of interval lists; no pixel is ever materialised. Bands come out canonical
 *       (no empty inner runs), as {@code pycocotools.mask.encode} of the reference's decoded band.
 *   <li>Boundary AP's IoU ({@link dev.overlap.core.boundary.BoundaryIou}) is
 *       {@code min(maskIoU, bandIoU)} for a regular ground truth and the plain crowd mask IoU for a
 *       crowd, both as {@code maskApi.c#rleIou} (boundary-iou-api
 *       {@code cocoeval.py#computeBoundaryIoU}); pairwise layouts are those of
 *       {@link dev.overlap.core.mask}.
 * </ul>
 */
package dev.overlap.core.boundary;
