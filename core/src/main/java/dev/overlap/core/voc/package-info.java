/**
 * PASCAL VOC average precision ({@code --protocol voc07|voc12}), exactly as the classic {@code voc_eval}
 * (py-faster-rcnn {@code lib/datasets/voc_eval.py}; Detectron2's {@code pascal_voc_evaluation.py} for the
 * average over IoU 0.50:0.95) with its sort made deterministic. Rules: {@code VOC-CONFUSION-SEMANTICS.md}
 * Part A and {@code docs/voc-confusion.md}.
 *
 * <ul>
 *   <li>Boxes arrive as COCO {@code [x, y, w, h]} at stride 4 and become VOC {@code (x + 1, y + 1, x + w, y + h)};
 *       IoU uses VOC's "+1" widths in the same double operations as {@code voc_eval} ({@link dev.overlap.core.voc.VocBoxes}).
 *   <li>{@link dev.overlap.core.voc.VocMatcher}: per image and class, detections by score descending then file
 *       order, each compared with all GTs of its class in file order; strict {@code IoU > t}; the first GT with the
 *       best IoU decides: difficult (dropped: {@link dev.overlap.core.coco.MatchFlags#IGNORED}), taken (FP) or
 *       free (TP). Emits one flag per IoU threshold {@code k / 100}, k = 50, 55, .. 95, through a
 *       {@link dev.overlap.core.coco.MatchSink} (one area range; its GT count is {@code npos}).
 *   <li>{@link dev.overlap.core.voc.VocCurve}: one class's flags in the global order (score descending, image id,
 *       rank in image: the stable sort over image order and file order) as the false-positive count at each true
 *       positive. Pieces of the order concatenate in order, so any cut of the order gives the same curve.
 *   <li>{@link dev.overlap.core.voc.VocAp}: 11-point ({@code voc07}, grid {@code i * 0.1} as numpy's
 *       {@code arange(0, 1.1, 0.1)}) and all-point ({@code voc12}, numpy's pairwise sum) AP from a curve.
 *   <li>{@link dev.overlap.core.voc.VocSummary}: per-class AP at every threshold ({@code NaN} = no non-difficult
 *       GT: null in outputs, out of every mean) and the means {@code mAP}, {@code AP}, {@code AP50}, {@code AP75}.
 * </ul>
 */
package dev.overlap.core.voc;
