package dev.overlap.jobs.report;

import java.util.List;

/**
 * A table of preformatted cells (the adapter formats numbers; "-" for undefined). Long tables scroll
 * inside a fixed-height box with the header kept in view.
 *
 * @param columns the header
 * @param rows cells, one list per row, as many as columns
 * @param note a line below the table, e.g. where the full table is
 */
public record Table(String title, String caption, List<Column> columns, List<List<String>> rows, String note)
    implements Block {
  public Table {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (List<String> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("a row has " + r.size() + " cells for " + columns.size() + " columns");
      }
    }
  }

  /**
   * A column.
   *
   * @param name header text
   * @param numeric right-aligned
   * @param help the header's tooltip (what the column means)
   */
  public record Column(String name, boolean numeric, String help) {}
}
