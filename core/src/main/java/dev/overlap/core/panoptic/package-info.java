/**
 * Panoptic segmentation quality (PQ = SQ x RQ) as the COCO panoptic API computes it
 * (cocodataset/panopticapi, {@code panopticapi/evaluation.py}: {@code pq_compute_single_core},
 * {@code PQStat.pq_average}).
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Segment ids are 24-bit: {@code R + 256 G + 256^2 B} of an 8-bit RGB(A) PNG, decoded by
 *       {@link dev.overlap.core.png.LabelPngDecoder#decodeSegmentIds} into an {@code int[]}; id 0 is
 *       VOID (unlabeled) and is never a segment.
 *   <li>Categories are dense indices {@code 0 .. C-1} in the order of the ground truth's
 *       {@code categories} list (the order pq_compute averages in); callers map category ids.
 *   <li>{@link dev.overlap.core.panoptic.SegmentPairTable} counts the pixels of every
 *       (ground-truth id, predicted id) pair of an image in an open-addressing table keyed by the
 *       packed pair {@code gt << 24 | pred}, one table update per run of equal pairs.
 *   <li>{@link dev.overlap.core.panoptic.PanopticMatcher} applies pq_compute's rules to one image:
 *       a ground-truth area is its {@code segments_info} area, a predicted area its pixel count;
 *       IoU = |g∩p| / (area(p) + area(g) − |g∩p| − |p ∩ VOID|), a match iff IoU &gt; 0.5 (strictly),
 *       same category, ground truth not crowd; an unmatched prediction is not a false positive when
 *       (|p ∩ VOID| + |p ∩ C|) / area(p) &gt; 0.5, C the crowd segment of its category listed last.
 *   <li>{@link dev.overlap.core.panoptic.PqStats} holds per-category tp, fp, fn and the sum of
 *       matched IoUs. Every matched IoU lies in (0.5, 1], so it is an exact integer multiple of
 *       2^-53: the sums are kept exactly in fixed point and rounded once when read. Partials
 *       therefore merge by addition with identical bits in any order and on any partitioning,
 *       and differ from pq_compute's running float sum by a few ulps at most.
 *   <li>{@link dev.overlap.core.panoptic.PqResult}: per class {@code pq = iou/(tp + fp/2 + fn/2)},
 *       {@code sq = iou/tp} (0 when tp = 0), {@code rq = tp/(tp + fp/2 + fn/2)}; All / Things / Stuff
 *       are plain means over categories with tp + fp + fn &gt; 0, summed in category order.
 *   <li>{@link dev.overlap.core.panoptic.PqSliceStats} (slices) and
 *       {@link dev.overlap.core.panoptic.PanopticBootstrap} (replicates) are sums of whole images'
 *       {@code PqStats} under integer weights (0 / 1, Poisson): exact, so a slice is pq_compute on
 *       its images alone and any partitioning gives the same bits.
 * </ul>
 */
package dev.overlap.core.panoptic;
