package dev.overlap.jobs.report;

import java.util.List;

/**
 * Horizontal stacked bars: per row, counts split into named parts (e.g. a class's false positives by
 * kind), drawn on one count axis so rows compare by length, with a legend.
 *
 * @param parts the part names, in stacking order
 * @param colors a CSS colour per part
 * @param bars the rows
 */
public record StackedBars(String title, String caption, List<String> parts, List<String> colors, List<Bar> bars)
    implements Block {
  public StackedBars {
    parts = List.copyOf(parts);
    colors = List.copyOf(colors);
    bars = List.copyOf(bars);
    if (colors.size() != parts.size()) throw new IllegalArgumentException("one colour per part");
    for (Bar b : bars) {
      if (b.values().length != parts.size()) throw new IllegalArgumentException("bar " + b.label() + ": one value per part");
    }
  }

  /** One row: its label, a value per part, and a tooltip. */
  public record Bar(String label, long[] values, String detail) {}
}
