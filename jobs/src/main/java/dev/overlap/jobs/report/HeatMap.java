package dev.overlap.jobs.report;

import java.util.List;

/**
 * A square count matrix (e.g. a confusion matrix: rows ground truth, columns prediction), drawn
 * row-normalised: a cell's colour is its share of the row. The page offers a linear and a log colour
 * scale (a CSS switch, no script). Zero cells stay blank.
 *
 * @param labels row and column labels, in matrix order
 * @param counts row-major {@code labels.size() x labels.size()} counts
 * @param rowAxis e.g. "ground truth"
 * @param colAxis e.g. "prediction"
 */
public record HeatMap(String title, String caption, List<String> labels, long[] counts, String rowAxis, String colAxis)
    implements Block {
  public HeatMap {
    labels = List.copyOf(labels);
    if (counts.length != labels.size() * labels.size()) {
      throw new IllegalArgumentException("counts has " + counts.length + " cells for " + labels.size() + " labels");
    }
  }
}
