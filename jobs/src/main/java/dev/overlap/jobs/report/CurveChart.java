package dev.overlap.jobs.report;

import java.util.List;

/**
 * Curves on the unit square (e.g. precision against recall): every curve faint, a few emphasised
 * ones (worst, best) coloured and listed in a legend.
 *
 * @param xLabel e.g. "recall"
 * @param yLabel e.g. "precision"
 */
public record CurveChart(String title, String caption, String xLabel, String yLabel, List<Curve> curves)
    implements Block {
  public CurveChart {
    curves = List.copyOf(curves);
  }

  /** How a curve is drawn. */
  public enum Emphasis { FAINT, WORST, BEST }

  /**
   * One curve: points (x[i], y[i]) in [0, 1], drawn in order.
   *
   * @param label class name (the legend and tooltip)
   * @param detail legend text after the label, e.g. "AP50 0.120"
   */
  public record Curve(String label, String detail, double[] x, double[] y, Emphasis emphasis) {
    public Curve {
      if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + ", " + y.length);
    }
  }
}
