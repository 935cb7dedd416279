package dev.overlap.core.slices;

import dev.overlap.core.coco.CocoIntervals;

/**
 * COCO's twelve stats per slice, overall and per category. Immutable.
 *
 * @param slices the slices (fields, values)
 * @param images images evaluated per slice
 * @param stats {@code [slice][stat]}: -1 where nothing is averaged (no ground truth in the slice)
 * @param categoryStats {@code [slice][category][stat]}
 * @param numGt {@code [slice][category]}: non-ignored ground truths of area range "all"
 */
public record SliceMetrics(ImageSlices slices, long[] images, double[][] stats, double[][][] categoryStats,
    long[][] numGt) {

  /**
   * From the per-category sums of each slice's curves ({@link CocoIntervals#sums}), added in category order as the
   * bootstrap's replicates are.
   *
   * @param sums {@code [category][slice][stat]}
   * @param counts {@code [category][slice][stat]}
   * @param npig {@code [(k * S + slice) * A + a]}
   * @param numAreas A
   * @param areaAll the index of area range "all" (or the first range)
   */
  public static SliceMetrics of(ImageSlices slices, long[] images, double[][][] sums, long[][][] counts, long[] npig,
      int numAreas, int areaAll) {
    int s0 = slices.size();
    CocoIntervals iv = CocoIntervals.fromSums(0.95, s0, sums, counts);
    int k0 = sums.length;
    long[][] numGt = new long[s0][k0];
    for (int s = 0; s < s0; s++) {
      for (int k = 0; k < k0; k++) numGt[s][k] = npig[(k * s0 + s) * numAreas + areaAll];
    }
    return new SliceMetrics(slices, images.clone(), iv.replicateStats(), iv.replicateCategoryStats(), numGt);
  }
}
