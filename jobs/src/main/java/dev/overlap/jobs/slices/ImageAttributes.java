package dev.overlap.jobs.slices;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.io.HadoopFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A side table of image attributes ({@code --image-attributes}): CSV with a header, or Parquet; one row per image,
 * keyed by an {@code image_id} column (or {@code id}, so a Parquet ground truth's own {@code images} table serves),
 * any other columns are attributes. Read whole onto the driver: one row per image, a few short strings each.
 */
public final class ImageAttributes {
  private ImageAttributes() {}

  /**
   * The rows: image ids as text and the requested fields' values (null: empty or null cell).
   *
   * @param source the table as named in messages
   */
  public record Table(String source, String[] ids, String[][] values) {}

  /**
   * Reads {@code path} (a file or a folder; Parquet when its files end in .parquet, else CSV).
   *
   * @throws InvalidInputException naming the table and field when the key column or a field is missing (listing
   *     the columns there are), or a row has no image id
   */
  public static Table read(SparkSession spark, String path, String[] fields) {
    List<HadoopFiles.InputFile> files = HadoopFiles.list(spark.sparkContext().hadoopConfiguration(), path,
        "--image-attributes");
    String source = HadoopFiles.display(path);
    boolean parquet = !files.isEmpty() && files.get(0).path().endsWith(".parquet");
    Dataset<Row> df;
    try {
      df = parquet ? spark.read().parquet(path)
          : spark.read().option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST").csv(path);
    } catch (RuntimeException e) {
      throw new InvalidInputException(source, null, null, "cannot be read as " + (parquet ? "Parquet" : "CSV") + ": "
          + HadoopFiles.reason(e));
    }
    List<String> columns = Arrays.asList(df.columns());
    String key = columns.contains("image_id") ? "image_id" : columns.contains("id") ? "id" : null;
    if (key == null) {
      throw new InvalidInputException(source, null, "image_id", "no image_id (or id) column; columns: "
          + String.join(", ", columns));
    }
    Column[] select = new Column[fields.length + 1];
    select[0] = df.col("`" + key + "`").cast(DataTypes.StringType);
    for (int f = 0; f < fields.length; f++) {
      if (!columns.contains(fields[f])) {
        throw new InvalidInputException(source, null, fields[f], "--slice-by " + fields[f] + ": no such column; columns: "
            + String.join(", ", columns));
      }
      select[f + 1] = df.col("`" + fields[f] + "`").cast(DataTypes.StringType);
    }
    List<Row> rows;
    try {
      rows = df.select(select).collectAsList();
    } catch (RuntimeException e) {
      throw new InvalidInputException(source, null, null, "cannot be read: " + HadoopFiles.reason(e));
    }
    List<String> ids = new ArrayList<>(rows.size());
    String[][] values = new String[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (r.isNullAt(0) || r.getString(0).isBlank()) {
        throw new InvalidInputException(source, "row " + (i + 1), key, "no image id");
      }
      ids.add(r.getString(0).trim());
      values[i] = new String[fields.length];
      for (int f = 0; f < fields.length; f++) values[i][f] = r.isNullAt(f + 1) ? null : r.getString(f + 1);
    }
    return new Table(source, ids.toArray(new String[0]), values);
  }
}
