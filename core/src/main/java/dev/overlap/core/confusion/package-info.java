/**
 * The detection confusion matrix and the error breakdown: what a detector mistakes for what.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Classes are indexes {@code 0 .. K-1} in <em>ascending category id</em> order (the order ties are
 *       broken in); callers permute rows to the ground truth's {@code categories} order for output.
 *   <li>IoU matrices are pycocotools' layout {@code iou[g * nd + d]} (as {@link dev.overlap.core.box.BoxIou}
 *       and {@link dev.overlap.core.mask.Masks} write them), crowd IoU = intersection / detection area.
 *   <li>{@link dev.overlap.core.confusion.ConfusionMatcher}: per image, class-agnostic greedy matching
 *       exactly as {@code cocoeval.py#evaluateImg} with {@code useCats = 0} (detections by category id,
 *       file order, then a stable sort by descending score; ground truths by category id and file order,
 *       crowd last; IoU {@code >= min(t, 1 - 1e-10)}; a later GT with an equal IoU wins; no detection cap),
 *       and, in the same pass, the per-class matching at the same threshold that the error breakdown
 *       classifies. Rules: {@code VOC-CONFUSION-SEMANTICS.md} Part B and {@code docs/voc-confusion.md}.
 *   <li>{@link dev.overlap.core.confusion.ConfusionCounts}: {@code long[K * (K + 2)]}, row = GT class,
 *       columns = predicted class, then missed, then background (row = the detection's class).
 *   <li>{@link dev.overlap.core.confusion.ErrorCounts}: {@code long[K * FIELDS]} per class.
 *   <li>Both are sufficient statistics that merge by addition: any partitioning gives the same counts.
 * </ul>
 */
package dev.overlap.core.confusion;
