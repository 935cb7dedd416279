package dev.overlap.core.keypoints;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.CocoSummary.Stat;

/**
 * The ten keypoint stats of cocoeval.py#summarize ({@code _summarizeKps}), all at maxDets 20 looked up
 * literally (-1 when the parameters lack 20, as in pycocotools): AP, AP50, AP75, APm, APl, AR, AR50,
 * AR75, ARm, ARl. AR50 / AR75 are the recall at that single threshold averaged over categories.
 */
public final class KeypointStats {
  /** The summary.json keys, in pycocotools' order. */
  public static final String[] NAMES = {"AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"};

  private static final double ALL = Double.NaN;

  private KeypointStats() {}

  /** The layout of the ten stats. */
  public static Stat[] layout() {
    return new Stat[] {
        new Stat("AP", true, ALL, "all", 20, null, null),
        new Stat("AP50", true, 0.5, "all", 20, null, null),
        new Stat("AP75", true, 0.75, "all", 20, null, null),
        new Stat("APm", true, ALL, "medium", 20, null, null),
        new Stat("APl", true, ALL, "large", 20, null, null),
        new Stat("AR", false, ALL, "all", 20, null, null),
        new Stat("AR50", false, 0.5, "all", 20, null, null),
        new Stat("AR75", false, 0.75, "all", 20, null, null),
        new Stat("ARm", false, ALL, "medium", 20, null, null),
        new Stat("ARl", false, ALL, "large", 20, null, null)};
  }

  /** Summarizes a keypoint accumulation. */
  public static CocoSummary summarize(dev.overlap.core.coco.Accumulation acc) {
    return CocoSummary.of(acc, layout());
  }
}
