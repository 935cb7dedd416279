package dev.overlap.jobs.report;

import java.util.List;

/**
 * Horizontal bars, one per class, in the order given (adapters sort worst first), with reference
 * lines across all bars: the headline mean, and e.g. the signal-class mean or the median. Bars below
 * the first marker are drawn in the warning colour. Long lists scroll inside a fixed-height box and
 * keep their axis and marker labels above it.
 *
 * @param valueLabel the axis label, e.g. "AP"
 * @param max the axis maximum (1 for AP and IoU)
 * @param bars the bars; a NaN value is drawn as a dash (undefined), never as zero
 * @param markers reference lines; the first one is the headline
 */
public record BarChart(String title, String caption, String valueLabel, double max, List<Bar> bars,
    List<Marker> markers) implements Block {
  public BarChart {
    if (!(max > 0)) throw new IllegalArgumentException("max must be > 0, got " + max);
    bars = List.copyOf(bars);
    markers = List.copyOf(markers);
  }

  /**
   * One bar.
   *
   * @param label the class name shown (truncated when long; the full text is in the tooltip)
   * @param value the value, NaN when undefined
   * @param detail the tooltip, e.g. every metric of the class
   * @param lo lower end of the value's confidence interval, drawn as an error bar; NaN for none
   * @param hi upper end of the interval; NaN for none
   */
  public record Bar(String label, double value, String detail, double lo, double hi) {
    /** A bar without an interval. */
    public Bar(String label, double value, String detail) {
      this(label, value, detail, Double.NaN, Double.NaN);
    }
  }

  /**
   * A vertical reference line.
   *
   * @param label e.g. "AP 0.300 (mean of 68 classes)"
   * @param value position on the value axis
   * @param headline solid when true, dashed otherwise
   */
  public record Marker(String label, double value, boolean headline) {}
}
