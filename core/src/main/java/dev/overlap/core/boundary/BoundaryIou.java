package dev.overlap.core.boundary;

import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Rle;

/**
 * Boundary AP's IoU of detections against ground truths, as boundary-iou-api's
 * {@code cocoeval.py#computeBoundaryIoU}: {@code min(maskIoU, bandIoU)} for a regular ground truth,
 * the plain crowd mask IoU ({@code |D ∩ G| / |D|}) for a crowd.
 */
public final class BoundaryIou {
  private BoundaryIou() {}

  /**
   * Fills {@code out[g * m + d]} with the Boundary AP IoU of every pair. Both IoUs are
   * {@code maskApi.c#rleIou}'s (an empty intersection gives 0, never NaN), so the minimum equals
   * numpy's {@code np.minimum} of the reference's two matrices.
   *
   * @param dt detection masks
   * @param dtBoxes their boxes ({@link Masks#toBbox(Rle, double[], int)}), stride 4
   * @param dtBands their bands ({@link RleBands}) for the image's band width
   * @param dtBandBoxes boxes of the bands, stride 4
   * @param m number of detections
   * @param gt ground-truth masks
   * @param gtBoxes their boxes, stride 4
   * @param gtBands their bands
   * @param gtBandBoxes boxes of the bands, stride 4
   * @param n number of ground truths
   * @param crowd {@code crowd[g]}: ground truth {@code g} is a crowd region (no boundary term)
   * @param out receives the IoU at {@code g * m + d}; at least {@code m * n}
   * @param scratch receives the band IoUs; at least {@code m * n}
   */
  public static void iou(Rle[] dt, double[] dtBoxes, Rle[] dtBands, double[] dtBandBoxes, int m, Rle[] gt,
      double[] gtBoxes, Rle[] gtBands, double[] gtBandBoxes, int n, boolean[] crowd, double[] out, double[] scratch) {
    Masks.iou(dt, dtBoxes, m, gt, gtBoxes, n, crowd, out);
    // the band IoU of a crowd is computed (rleIou with iscrowd, as the reference) but never used
    Masks.iou(dtBands, dtBandBoxes, m, gtBands, gtBandBoxes, n, crowd, scratch);
    for (int g = 0; g < n; g++) {
      if (crowd != null && crowd[g]) continue;
      int row = g * m;
      for (int d = 0; d < m; d++) {
        double b = scratch[row + d];
        if (b < out[row + d]) out[row + d] = b;
      }
    }
  }
}
