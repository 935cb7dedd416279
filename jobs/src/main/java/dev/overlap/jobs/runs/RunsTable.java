package dev.overlap.jobs.runs;

import static org.apache.spark.sql.functions.col;

import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code runs} table under {@code --out}: one row per run and job, partitioned by {@code run_id}
 * and {@code job} (e.g. {@code detection-bbox}), replaced as a whole when the run is.
 */
public final class RunsTable {
  private RunsTable() {}

  public static final String NAME = "runs";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";

  /** The row's columns; run_id and job are the partition folders. */
  static final StructType ROW = new StructType(new StructField[] {
      DataTypes.createStructField("task", DataTypes.StringType, false),
      DataTypes.createStructField("status", DataTypes.StringType, false),
      DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
      DataTypes.createStructField("finished_at", DataTypes.TimestampType, true),
      DataTypes.createStructField("overlap_version", DataTypes.StringType, false),
      DataTypes.createStructField("inputs", DataTypes.StringType, false),
      DataTypes.createStructField("parameters", DataTypes.StringType, false),
      DataTypes.createStructField("record_kind", DataTypes.StringType, true),
      DataTypes.createStructField("records_read", DataTypes.LongType, true),
      DataTypes.createStructField("records_evaluated", DataTypes.LongType, true),
      DataTypes.createStructField("records_excluded", DataTypes.LongType, true),
      DataTypes.createStructField("records_rejected", DataTypes.LongType, true),
      DataTypes.createStructField("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
      DataTypes.createStructField("rejected", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
      DataTypes.createStructField("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true),
      DataTypes.createStructField("gate", DataTypes.StringType, true)});

  /** As read back from {@code out/runs}: partition columns typed as strings (no date inference on run ids). */
  static final StructType READ = ROW.add("run_id", DataTypes.StringType, false).add("job", DataTypes.StringType, false);

  /** One row of the table. Counts, metrics and gate are null while the run is still writing. */
  public record Entry(String runId, String job, String task, String status, Instant startedAt, Instant finishedAt,
      String version, String inputs, String parameters, String recordKind, Long recordsRead, Long recordsEvaluated,
      Long recordsExcluded, Long recordsRejected, Map<String, Long> counts, Map<String, Long> rejected, Map<String, Double> metrics,
      String gate) {}

  /**
   * Writes (replaces) the row of one run and job, from the driver without a Spark job (see
   * {@link ParquetTableWriter}): the same file as Spark's writer, at a fraction of the cost.
   */
  public static void write(SparkSession spark, String out, Entry e) {
    Map<String, String> partition = new LinkedHashMap<>();
    partition.put("run_id", e.runId());
    partition.put("job", e.job());
    ParquetTableWriter.replace(spark.sparkContext().hadoopConfiguration(), Outputs.partitionPath(out, NAME, partition),
        ROW, ParquetTableWriter.Format.of(spark), row -> row.setString(0, e.task()).setString(1, e.status())
            .setTimestamp(2, e.startedAt()).setTimestamp(3, e.finishedAt()).setString(4, e.version())
            .setString(5, e.inputs()).setString(6, e.parameters()).setString(7, e.recordKind())
            .setLong(8, e.recordsRead()).setLong(9, e.recordsEvaluated()).setLong(10, e.recordsExcluded())
            .setLong(11, e.recordsRejected()).setMap(12, e.counts()).setMap(13, e.rejected()).setMap(14, e.metrics())
            .setString(15, e.gate()).end());
  }

  /** Every row of a job under {@code out} (empty when there is no runs table yet). */
  public static List<Entry> read(SparkSession spark, String out, String job) {
    String dir = Outputs.child(out, NAME);
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    Dataset<Row> rows = spark.read().schema(READ).parquet(dir).filter(col("job").equalTo(job));
    List<Entry> out2 = new ArrayList<>();
    for (Row r : rows.collectAsList()) out2.add(entry(r));
    return out2;
  }

  private static Entry entry(Row r) {
    return new Entry(r.getAs("run_id"), r.getAs("job"), r.getAs("task"), r.getAs("status"),
        ((Timestamp) r.getAs("started_at")).toInstant(),
        r.getAs("finished_at") == null ? null : ((Timestamp) r.getAs("finished_at")).toInstant(), r.getAs("overlap_version"),
        r.getAs("inputs"), r.getAs("parameters"), r.getAs("record_kind"), r.getAs("records_read"),
        r.getAs("records_evaluated"), r.getAs("records_excluded"), r.getAs("records_rejected"), javaMap(r, "counts"), javaMap(r, "rejected"),
        javaMap(r, "metrics"), r.getAs("gate"));
  }

  private static <V> Map<String, V> javaMap(Row r, String field) {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) return null;
    return new LinkedHashMap<>(r.<String, V>getJavaMap(i));
  }
}
