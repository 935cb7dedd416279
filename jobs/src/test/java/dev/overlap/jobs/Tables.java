package dev.overlap.jobs;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Table contents for comparisons: rows in a canonical order. */
public final class Tables {
  private Tables() {}

  /** The rows without the named columns, columns by name, ordered by every column that is not a map. */
  public static List<Row> sorted(Dataset<Row> df, List<String> drop) {
    String[] cols = Arrays.stream(df.columns()).filter(c -> !drop.contains(c)).sorted().toArray(String[]::new);
    Column[] order = Arrays.stream(cols).filter(c -> !df.schema().apply(c).dataType().typeName().equals("map"))
        .map(df::col).toArray(Column[]::new);
    return df.select(Arrays.stream(cols).map(df::col).toArray(Column[]::new)).orderBy(order).collectAsList();
  }

  /** Columns of the runs table that differ between two runs of the same evaluation. */
  public static final List<String> RUN_TIMES = List.of("started_at", "finished_at", "inputs");
}
