package dev.overlap.jobs.detection;

import dev.overlap.core.confusion.ConfusionCounts;
import dev.overlap.core.confusion.ErrorCounts;
import dev.overlap.core.voc.VocIntervals;
import dev.overlap.core.voc.VocSummary;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What the diagnostics of a run computed ({@code docs/voc-confusion.md}). Class indexes are positions in
 * {@code classIds} (ascending ids, the tie-break order); {@link #rowOrder()} lists them in the ground
 * truth's {@code categories} order, the order of the matrix in summary.json and of the report.
 *
 * @param options the options the run was given
 * @param classIds evaluated category ids, ascending
 * @param classNames their names
 * @param fileOrder class indexes in the order of the ground truth's {@code categories}
 * @param voc the VOC summary, or null without --protocol
 * @param vocIntervals its bootstrap intervals, or null without --protocol and --bootstrap
 * @param confusion the confusion counts, or null without --confusion-matrix
 * @param errors the error breakdown, or null without --confusion-matrix
 */
public record DiagnosticsResult(Diagnostics options, long[] classIds, String[] classNames, int[] fileOrder,
    VocSummary voc, VocIntervals vocIntervals, ConfusionCounts confusion, ErrorCounts errors) implements Serializable {

  /** No diagnostics. */
  public static final DiagnosticsResult NONE = new DiagnosticsResult(Diagnostics.NONE, new long[0], new String[0],
      new int[0], null, null, null, null);

  /** Class indexes in the ground truth's {@code categories} order. */
  public int[] rowOrder() {
    return fileOrder.clone();
  }

  /** The matrix in {@link #rowOrder()}: {@code K} rows of {@code K + 2}: classes, missed, background. */
  public long[][] matrixInFileOrder() {
    int k = classIds.length;
    long[][] m = new long[k][k + 2];
    for (int r = 0; r < k; r++) {
      int gr = fileOrder[r];
      for (int c = 0; c < k; c++) m[r][c] = confusion.cell(gr, fileOrder[c]);
      m[r][k] = confusion.missed(gr);
      m[r][k + 1] = confusion.background(gr);
    }
    return m;
  }

  @Override
  public String toString() {
    return "DiagnosticsResult" + Arrays.toString(classIds);
  }
}
