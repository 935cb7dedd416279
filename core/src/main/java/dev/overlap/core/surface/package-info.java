/**
 * Surface distances between two binary masks on a pixel grid: exact Euclidean distance transforms
 * and the Hausdorff distance (HD), its 95th percentile (HD95) and the average symmetric surface
 * distance (ASSD), as MONAI's {@code compute_hausdorff_distance} / {@code compute_average_surface_distance}
 * compute them ({@code BOUNDARY-SEMANTICS.md}, Part B).
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Images are row-major: pixel {@code (x, y)} at {@code y * width + x}.
 *   <li>The surface ("edges") of a mask is its pixels with at least one of their 4 neighbours outside
 *       the mask or outside the image: scipy's {@code binary_erosion} with the cross structure and
 *       border value 0, XOR the mask. Diagonal neighbours do not matter.
 *   <li>Distances are Euclidean in physical units: {@code sqrt((sx*dx)^2 + (sy*dy)^2)} with the pixel
 *       spacing {@code (sx, sy)} (1, 1 by default), from every surface pixel of one mask to the nearest
 *       surface pixel of the other, in double precision (MONAI stores float32; the reference float64).
 *   <li>Distances are exact, never chamfer approximations. The default path lists every class's surface
 *       pixels in one pass per map and sweeps each class's surface pixels, in row-major order, through
 *       {@link dev.overlap.core.surface.NearestSurface}: the other surface bucketed by columns and by blocks
 *       of 16^l columns, with a cursor per bucket that only moves forward as the sweep goes down;
 *       {@link dev.overlap.core.surface.DistanceTransform} is
 *       Felzenszwalb and Huttenlocher's exact transform ("Distance Transforms of Sampled Functions", 2012,
 *       lower envelope of parabolas, one pass per axis over primitive arrays), the slow path the tests hold
 *       the search equal to.
 *   <li>Percentiles interpolate linearly between closest ranks as numpy's default method
 *       ({@code numpy.percentile}, {@code _lerp}; {@link dev.overlap.core.stats.Percentiles#quantile}, found by selection in
 *       {@link dev.overlap.core.stats.Percentiles#quantileUnsorted}); HD95 is the larger of the two directed 95th
 *       percentiles (MONAI), not one percentile of the pooled distances (medpy).
 * </ul>
 */
package dev.overlap.core.surface;
