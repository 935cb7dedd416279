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

  /**
   * Removes one run's partition of a table (e.g. rejects of an earlier attempt of this run id, when
   * this attempt has none): dynamic overwrite only replaces partitions that receive rows.
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
