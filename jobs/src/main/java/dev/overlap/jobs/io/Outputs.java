package dev.overlap.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writing results: Parquet tables partitioned by run, replaced one run at a time (dynamic partition
 * overwrite through Spark's commit protocol, so readers never see half a run), and small JSON files
 * written to a temporary name and renamed into place.
 */
public final class Outputs {
  private Outputs() {}

  /** Joins an output folder and a child name. */
  public static String child(String out, String name) {
    return out.endsWith("/") ? out + name : out + "/" + name;
  }

  /**
   * Writes a table under {@code out/table}, replacing only the partitions present in {@code df}
   * (e.g. this run's) and leaving every other run as it was.
   */
  public static void writeTable(Dataset<Row> df, String out, String table, String... partitionColumns) {
    df.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy(partitionColumns)
        .parquet(child(out, table));
  }

  /** Writes a small file atomically where the file system renames atomically (local, HDFS); last on S3. */
  public static void writeFile(Configuration conf, String out, String name, byte[] content) {
    Path dir = new Path(out);
    Path target = new Path(dir, name);
    Path tmp = new Path(dir, "." + name + ".tmp");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream o = fs.create(tmp, true)) {
        o.write(content);
      }
      if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
      if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(target + ": " + e.getMessage(), e);
    }
  }
}
