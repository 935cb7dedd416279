package dev.overlap.core.geometry;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoSummary;

/**
 * The headline numbers of a bev / 3d evaluation, as {@code cocoeval.py#summarize} would compute them with
 * IoU thresholds 0.25 and 0.5, one area range "all" and maxDets 100: {@code AP} (mean over every threshold),
 * {@code AP25}, {@code AP50} and {@code AR100}, overall and per category. -1 means undefined (no ground
 * truth, or the threshold is not evaluated), as in pycocotools. Immutable.
 */
public final class Box3dSummary {
  /** Keys of the headline numbers, also the keys of {@code summary.json}. */
  public static final String[] NAMES = {"AP", "AP25", "AP50", "AR100"};

  private final double[] stats;
  private final double[][] perCategory;
  private final String range;

  private Box3dSummary(Accumulation acc) {
    var p = acc.params();
    range = CocoSummary.fixed(p.iouThreshold(0), 2) + ":" + CocoSummary.fixed(p.iouThreshold(p.numIouThresholds() - 1), 2);
    stats = compute(acc, -1);
    perCategory = new double[acc.numCategories()][];
    for (int k = 0; k < perCategory.length; k++) perCategory[k] = compute(acc, k);
  }

  /** The four stats as a layout ({@link CocoSummary.Stat}): what the bootstrap replicates summarize. */
  public static CocoSummary.Stat[] layout() {
    return new CocoSummary.Stat[] {
        new CocoSummary.Stat(NAMES[0], true, Double.NaN, "all", 100, null, null),
        new CocoSummary.Stat(NAMES[1], true, 0.25, "all", 100, null, null),
        new CocoSummary.Stat(NAMES[2], true, 0.5, "all", 100, null, null),
        new CocoSummary.Stat(NAMES[3], false, Double.NaN, "all", 100, null, null)};
  }

  /** Summarizes an accumulation of a bev / 3d evaluation. */
  public static Box3dSummary of(Accumulation acc) {
    return new Box3dSummary(acc);
  }

  private static double[] compute(Accumulation acc, int k) {
    return new double[] {
        CocoSummary.mean(acc, true, Double.NaN, "all", 100, k),
        CocoSummary.mean(acc, true, 0.25, "all", 100, k),
        CocoSummary.mean(acc, true, 0.5, "all", 100, k),
        CocoSummary.mean(acc, false, Double.NaN, "all", 100, k)};
  }

  /** Stat {@code i} of {@link #NAMES}. */
  public double stat(int i) { return stats[i]; }

  /** The four stats (copy), in {@link #NAMES} order. */
  public double[] stats() { return stats.clone(); }

  /** The four stats of category index {@code k} (copy). */
  public double[] categoryStats(int k) { return perCategory[k].clone(); }

  /**
   * Four lines in the layout of pycocotools' {@code summarize}, e.g.
   * {@code " Average Precision  (AP) @[ IoU=0.25:0.50 | area=   all | maxDets=100 ] = 0.412"}.
   */
  public String text() {
    String[] iou = {range, "0.25", "0.50", range};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      boolean ap = i < 3;
      b.append(String.format(java.util.Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s\n",
          ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", iou[i], "all", 100,
          CocoSummary.fixed(stats[i], 3)));
    }
    return b.toString();
  }
}
