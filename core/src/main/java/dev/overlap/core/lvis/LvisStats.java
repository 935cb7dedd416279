package dev.overlap.core.lvis;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.CocoSummary.Stat;

/**
 * lvis-api's thirteen stats (eval.py#summarize): AP, AP50, AP75, APs, APm, APl, APr, APc, APf, AR, ARs,
 * ARm, ARl. APr / APc / APf are AP (all areas) over one frequency group; AR is lvis-api's {@code AR@300}.
 * There is no AR50 / AR75 and no AR per group.
 */
public final class LvisStats {
  /** The summary.json keys, in lvis-api's order. */
  public static final String[] NAMES = {"AP", "AP50", "AP75", "APs", "APm", "APl", "APr", "APc", "APf", "AR", "ARs",
      "ARm", "ARl"};

  private static final double ALL = Double.NaN;

  private LvisStats() {}

  /** The layout of the thirteen stats at maxDets {@code maxDets} (300). */
  public static Stat[] layout(FrequencyGroups groups, int maxDets) {
    return new Stat[] {
        new Stat("AP", true, ALL, "all", maxDets, null, "all"),
        new Stat("AP50", true, 0.5, "all", maxDets, null, "all"),
        new Stat("AP75", true, 0.75, "all", maxDets, null, "all"),
        new Stat("APs", true, ALL, "small", maxDets, null, "all"),
        new Stat("APm", true, ALL, "medium", maxDets, null, "all"),
        new Stat("APl", true, ALL, "large", maxDets, null, "all"),
        new Stat("APr", true, ALL, "all", maxDets, groups.members(0), "r"),
        new Stat("APc", true, ALL, "all", maxDets, groups.members(1), "c"),
        new Stat("APf", true, ALL, "all", maxDets, groups.members(2), "f"),
        new Stat("AR", false, ALL, "all", maxDets, null, "all"),
        new Stat("ARs", false, ALL, "small", maxDets, null, "all"),
        new Stat("ARm", false, ALL, "medium", maxDets, null, "all"),
        new Stat("ARl", false, ALL, "large", maxDets, null, "all")};
  }

  /** Summarizes an LVIS accumulation. */
  public static CocoSummary summarize(Accumulation acc, FrequencyGroups groups) {
    return CocoSummary.of(acc, layout(groups, acc.params().maxDetsLast()));
  }
}
