package dev.overlap.core.coco;

/**
 * The three states of a detection at one (area range, IoU threshold), as pycocotools' accumulate
 * reads them: {@code tps = dtm & ~dtIg}, {@code fps = ~dtm & ~dtIg}, the rest ignored.
 */
public final class MatchFlags {
  /** Matched to an ignored GT (crowd or out of area range), or unmatched with its own area outside the range. */
  public static final byte IGNORED = 0;
  /** Matched to a regular GT whose id is not 0. */
  public static final byte TP = 1;
  /** Not matched (or matched to a GT of id 0: pycocotools stores ids and reads 0 as unmatched). */
  public static final byte FP = 2;

  private MatchFlags() {}
}
