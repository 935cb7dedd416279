/**
 * LVIS federated evaluation, as lvis-api (lvis-dataset/lvis-api @7d7f07d: {@code lvis/lvis.py},
 * {@code lvis/results.py}, {@code lvis/eval.py}).
 *
 * <ul>
 *   <li>{@link dev.overlap.core.lvis.LvisImageRules}: the load-time rules, applied per image (so any
 *       partitioning by image gives the same bits): ground truths of area {@code <= 0} dropped; the 300
 *       best results of the image across categories kept (stable score sort, ties in results-file order),
 *       then results of area {@code <= 0} dropped, then the federated filter (a category counts in an
 *       image only when it has a ground truth there or is in the image's {@code neg_category_ids}).
 *   <li>Matching runs in core coco's {@link dev.overlap.core.coco.ImageEvaluator} with
 *       {@link dev.overlap.core.coco.CocoParams#federated()}: no crowd rule, the GT {@code ignore} field
 *       honoured, unmatched results of a {@code not_exhaustive_category_ids} category ignored.
 *   <li>{@link dev.overlap.core.lvis.FrequencyGroups} and {@link dev.overlap.core.lvis.LvisStats}: the
 *       rare / common / frequent groups (from each category's {@code frequency}) and the thirteen stats.
 * </ul>
 *
 * <p>Conventions as core coco: ids are longs, boxes {@code [x, y, w, h]}, areas in square pixels,
 * category indexes are positions in the sorted category ids.
 */
package dev.overlap.core.lvis;
