package dev.overlap.core.coco;

import java.io.Serializable;
import java.util.Map;

/** Per (slice, category): the totals of all earlier slices of the global rank order. Immutable. */
public final class SliceOffsets implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numCategories;
  private final Map<Long, CurveTotals> offsets;

  SliceOffsets(int numCategories, Map<Long, CurveTotals> offsets) {
    this.numCategories = numCategories;
    this.offsets = offsets;
  }

  /** Totals before slice {@code order} for category k, or null when it is the category's first slice. */
  public CurveTotals before(long order, int k) {
    return offsets.get(order * numCategories + k);
  }
}
