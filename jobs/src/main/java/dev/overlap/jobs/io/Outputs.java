package dev.overlap.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writing results: Parquet tables partitioned by run, each run's partition replaced as a whole through
 * the committer in force (Hadoop's file committer, or S3A's magic committer on s3a), and small JSON files
 * replaced atomically.
 *
 * <p>Why not Spark's dynamic partition overwrite: as soon as spark-hadoop-cloud is on the classpath,
 * Spark routes every write through {@code PathOutputCommitProtocol}, and S3A's committers refuse
 * dynamic partition overwrite. A run knows its own partition values, so it writes straight into its
 * partition folder, which every committer supports; other runs are never touched.
 */
public final class Outputs {
  private Outputs() {}

  /**
   * The rejects table of the jobs that evaluate image pairs (segmentation, panoptic): one row per image (or
   * annotation) that was not evaluated, where it came from, and why.
   */
  public static final StructType IMAGE_REJECTS = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.StringType, true),
      DataTypes.createStructField("source", DataTypes.StringType, true),
      DataTypes.createStructField("file", DataTypes.StringType, true),
      DataTypes.createStructField("record", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true)});

  /** Object stores: a single PUT is atomic, a rename is a copy. */
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "cosn");

  /** Whether a rename on {@code fs} is a copy and a single upload is atomic (S3, GCS, Azure, ...). */
  static boolean isObjectStore(FileSystem fs) {
    return OBJECT_STORES.contains(fs.getUri().getScheme());
  }

  /** Joins an output folder and a child name. */
  public static String child(String out, String name) {
    return out.endsWith("/") ? out + name : out + "/" + name;
  }

  /** The folder of one partition: {@code out/table/k1=v1/k2=v2} (values are restricted to a path-safe alphabet by their producers). */
  public static String partitionPath(String out, String table, Map<String, String> partition) {
    StringBuilder b = new StringBuilder(child(out, table));
    for (Map.Entry<String, String> e : partition.entrySet()) b.append('/').append(e.getKey()).append('=').append(e.getValue());
    return b.toString();
  }

  /**
   * Replaces one partition of a table, e.g. {@code run_id=R/iou_type=bbox}, with {@code df} (which has
   * no partition columns: readers of {@code out/table} get them from the folder names, as with
   * {@code partitionBy}). Other partitions stay as they were.
   *
   * @param partition partition column to value, in folder order
   */
  public static void writeTable(Dataset<Row> df, String out, String table, Map<String, String> partition) {
    writeTable(df, out, table, partition, null);
  }

  /**
   * As {@link #writeTable(Dataset, String, String, Map)}, each row also added to {@code digest} when it is
   * not null. Tables of scalar columns on local disks and HDFS are written by their tasks
   * ({@link TaskTableWriter}); others, and object stores, by Spark's writer through the committer in force.
   */
  public static void writeTable(Dataset<Row> df, String out, String table, Map<String, String> partition,
      dev.overlap.jobs.spark.RowDigest digest) {
    String dir = partitionPath(out, table, partition);
    if (TaskTableWriter.applies(df.schema(), fileSystem(dir, df.sparkSession()))) {
      TaskTableWriter.replace(df, dir, ParquetTableWriter.Format.of(df.sparkSession()), digest);
    } else {
      (digest == null ? df : dev.overlap.jobs.spark.RowDigest.tap(df, digest)).write().mode(SaveMode.Overwrite)
          .parquet(dir);
    }
  }

  private static FileSystem fileSystem(String dir, org.apache.spark.sql.SparkSession spark) {
    try {
      return new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #writeTable(Dataset, String, String, Map, dev.overlap.jobs.spark.RowDigest)}, from rows of {@code schema}. */
  public static void writeTable(org.apache.spark.sql.SparkSession spark, org.apache.spark.api.java.JavaRDD<Row> rows,
      StructType schema, String out, String table, Map<String, String> partition,
      dev.overlap.jobs.spark.RowDigest digest) {
    String dir = partitionPath(out, table, partition);
    if (TaskTableWriter.applies(schema, fileSystem(dir, spark))) {
      TaskTableWriter.replace(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), rows,
          schema, dir, ParquetTableWriter.Format.of(spark), digest);
    } else {
      writeTable(spark.createDataFrame(rows, schema), out, table, partition, digest);
    }
  }

  /**
   * Removes one run's partition of a table (e.g. rejects of an earlier attempt of this run id, when
   * this attempt has none): an overwrite only replaces partitions that receive rows.
   *
   * @param partition path segments such as "run_id=r1", "iou_type=bbox"
   */
  public static void deletePartition(Configuration conf, String out, String table, String... partition) {
    Path p = new Path(child(out, table));
    for (String seg : partition) p = new Path(p, seg);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p)) fs.delete(p, true);
      // and the run's folders left empty above it
      Path root = new Path(child(out, table));
      for (Path q = p.getParent(); q != null && !q.equals(root) && fs.exists(q); q = q.getParent()) {
        if (fs.listStatus(q).length > 0 || !fs.delete(q, false)) break;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(p + ": " + e.getMessage(), e);
    }
  }

  /**
   * A temporary name unique to this write: two runs replacing {@code summary.json} at the same moment
   * must not write into, or rename away, each other's temporary file.
   */
  static String tempName(String name) {
    return "." + name + "." + java.util.UUID.randomUUID() + ".tmp";
  }

  /**
   * Replaces a small file so that readers see the old content or the new, never a part: rename over the
   * old file on local disks and HDFS; a single PUT (visible only when complete) on object stores, where
   * a rename would be a copy.
   */
  public static void writeFile(Configuration conf, String out, String name, byte[] content) {
    Path dir = new Path(out);
    Path target = new Path(dir, name);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      String scheme = fs.getUri().getScheme();
      if (OBJECT_STORES.contains(scheme)) {
        try (OutputStream o = fs.create(target, true)) {
          o.write(content);
        }
        return;
      }
      if ("file".equals(scheme)) {
        java.nio.file.Path d = java.nio.file.Path.of(fs.makeQualified(dir).toUri());
        Files.createDirectories(d);
        java.nio.file.Path tmp = d.resolve(tempName(name));
        Files.write(tmp, content);
        try {
          Files.move(tmp, d.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, d.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return;
      }
      fs.mkdirs(dir);
      Path tmp = new Path(dir, tempName(name));
      try (OutputStream o = fs.create(tmp, true)) {
        o.write(content);
      }
      FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": " + e.getMessage(), e);
    }
  }
}
