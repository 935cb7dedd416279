package dev.overlap.core.coco;

import java.io.Serializable;

/**
 * cocoeval.py's {@code eval} arrays: precision and scores {@code [T, R, K, A, M]}, recall
 * {@code [T, K, A, M]}, flat in numpy's C order; -1 where a (category, area range) has no GT that
 * counts. Immutable.
 */
public final class Accumulation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CocoParams params;
  private final int numCategories;
  private final long[] npig;
  private final double[] precision;
  private final double[] recall;
  private final double[] scores;

  Accumulation(CocoParams params, int numCategories, long[] npig, double[] precision, double[] recall, double[] scores) {
    this.params = params;
    this.numCategories = numCategories;
    this.npig = npig;
    this.precision = precision;
    this.recall = recall;
    this.scores = scores;
  }

  public CocoParams params() { return params; }
  public int numCategories() { return numCategories; }

  /** Non-ignored GTs of category k in area range a. */
  public long npig(int k, int a) { return npig[k * params.numAreaRanges() + a]; }

  /** precision[t, r, k, a, m]. */
  public double precision(int t, int r, int k, int a, int m) {
    return precision[(((t * params.numRecallThresholds() + r) * numCategories + k) * params.numAreaRanges() + a)
        * params.numMaxDets() + m];
  }

  /** scores[t, r, k, a, m]: the score of the detection where recall threshold r was sampled. */
  public double score(int t, int r, int k, int a, int m) {
    return scores[(((t * params.numRecallThresholds() + r) * numCategories + k) * params.numAreaRanges() + a)
        * params.numMaxDets() + m];
  }

  /** recall[t, k, a, m]. */
  public double recall(int t, int k, int a, int m) {
    return recall[((t * numCategories + k) * params.numAreaRanges() + a) * params.numMaxDets() + m];
  }
}
