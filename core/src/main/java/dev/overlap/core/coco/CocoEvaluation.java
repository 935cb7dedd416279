package dev.overlap.core.coco;

import java.util.List;

/**
 * Everything one evaluation produced. Immutable.
 *
 * @param params the parameters
 * @param categoryIds evaluated category ids, sorted; index k of every array (empty-pooled {@code [-1]} when useCats is off)
 * @param summary the twelve stats, overall and per category
 * @param numGt ground-truth annotations per category index (crowd included)
 * @param numPred detections per category index (before truncation)
 * @param images per-image counts, in image id order
 */
public record CocoEvaluation(CocoParams params, long[] categoryIds, CocoSummary summary, long[] numGt, long[] numPred,
    List<ImageStats> images) {

  /** The accumulation (precision, recall and scores arrays). */
  public Accumulation accumulation() {
    return summary.accumulation();
  }
}
