package dev.overlap.core.coco;

import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;

/**
 * What pycocotools' {@code COCO.loadRes} and {@code maskApi.c#rleIou} make of results that are not
 * shaped as the evaluation wants them, so that results files written for pycocotools evaluate
 * unchanged:
 * <ul>
 *   <li>a segm result with only a {@code bbox} is the polygon of the box's corners
 *       {@code [x1, y1, x1, y2, x2, y2, x2, y1]} rasterised at the image's size, with area {@code w * h}
 *       (loadRes' bbox branch);</li>
 *   <li>a result mask whose size differs from its image scores IoU -1 with every ground truth whose box
 *       overlaps its box, 0 with the others ({@code rleIou} computes box IoUs first and only walks pairs
 *       with a positive one, where it writes -1 for a size mismatch); -1 is below every threshold, so it
 *       is never matched.</li>
 * </ul>
 */
final class LoadResRules {
  private LoadResRules() {}

  /** The mask of a box-only segm result: loadRes' rectangle polygon, drawn as {@code rleFrPoly} draws it. */
  static Rle boxMask(double[] bb, int h, int w) {
    double x1 = bb[0];
    double x2 = bb[0] + bb[2];
    double y1 = bb[1];
    double y2 = bb[1] + bb[3];
    return Polygons.toRle(new double[] {x1, y1, x1, y2, x2, y2, x2, y1}, 4, h, w);
  }

  /**
   * Mask IoU when some detection masks are not {@code h x w} (the image): those columns get -1 where the
   * boxes overlap with positive width and height (rleIou's "box IoU > 0"), 0 elsewhere; the others are
   * {@link Masks#iou} of the fitting detections. Layout as {@link Masks#iou}: {@code out[g * m + d]}.
   * Allocates; runs only for an image that has such a result.
   */
  static void iouWithMisfits(Rle[] dt, double[] dtBoxes, int m, Rle[] gt, double[] gtBoxes, int n, boolean[] crowd,
      int h, int w, double[] out) {
    int[] fit = new int[m];
    int nf = 0;
    for (int d = 0; d < m; d++) if (dt[d].height() == h && dt[d].width() == w) fit[nf++] = d;
    if (nf > 0) {
      Rle[] fd = new Rle[nf];
      double[] fb = new double[4 * nf];
      for (int c = 0; c < nf; c++) {
        fd[c] = dt[fit[c]];
        System.arraycopy(dtBoxes, 4 * fit[c], fb, 4 * c, 4);
      }
      double[] fo = new double[nf * n];
      Masks.iou(fd, fb, nf, gt, gtBoxes, n, crowd, fo);
      for (int g = 0; g < n; g++) for (int c = 0; c < nf; c++) out[g * m + fit[c]] = fo[g * nf + c];
    }
    for (int d = 0; d < m; d++) {
      if (dt[d].height() == h && dt[d].width() == w) continue;
      double dx = dtBoxes[4 * d];
      double dy = dtBoxes[4 * d + 1];
      double dxe = dtBoxes[4 * d + 2] + dx;
      double dye = dtBoxes[4 * d + 3] + dy;
      for (int g = 0; g < n; g++) {
        double gx = gtBoxes[4 * g];
        double gy = gtBoxes[4 * g + 1];
        boolean overlap = Math.min(dxe, gtBoxes[4 * g + 2] + gx) - Math.max(dx, gx) > 0
            && Math.min(dye, gtBoxes[4 * g + 3] + gy) - Math.max(dy, gy) > 0;
        out[g * m + d] = overlap ? -1 : 0;
      }
    }
  }
}
