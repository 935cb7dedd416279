package dev.overlap.jobs.io;

import dev.overlap.jobs.spark.RowDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a distributed table (per_image, rejects) from its tasks with {@link ParquetTableWriter}: one
 * file per non-empty partition, the files Spark's writer makes, without Spark's file-writing path (the
 * plan of a write command, code generated for it, a commit protocol with task folders and two renames
 * per file). That path was the largest fixed cost of a run: 1.2-1.3 s for the per_image of one image to
 * 200, about as much as the rest of the writes together (docs/benchmarks.md).
 *
 * <p>Readers see the old partition or the new one, never a part: each task attempt writes under a hidden
 * name of its own ({@code .part-...inprogress}, skipped by Spark, Hive and {@code *.parquet} globs), and
 * once every task has succeeded the partition's other files are removed and the files of the attempts
 * that succeeded are renamed into place. A failed job removes what its tasks wrote. Object stores keep Spark's
 * writer and the committer in force (S3A's magic committer makes a job's files visible at once, where
 * a rename is a copy): see {@link #applies}.
 */
public final class TaskTableWriter {
  private TaskTableWriter() {}

  /** Whether the table can be written here: scalar columns, and a file system where a rename is a rename. */
  public static boolean applies(StructType schema, FileSystem fs) {
    return ParquetTableWriter.scalarOnly(schema) && !Outputs.isObjectStore(fs);
  }

  /**
   * Replaces the files of folder {@code dir} with the rows of {@code df}; each row also goes to
   * {@code digest} when it is not null (in the writing task, once per partition: see {@link RowDigest}).
   * An empty {@code df} leaves one file with the schema and no rows, as Spark's writer does.
   *
   * @return the rows written
   */
  public static long replace(Dataset<Row> df, String dir, ParquetTableWriter.Format format, RowDigest digest) {
    return replace(JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()), df.javaRDD(), df.schema(), dir,
        format, digest);
  }

  /**
   * As {@link #replace(Dataset, String, ParquetTableWriter.Format, RowDigest)}, from rows that were never a
   * Dataset: no Spark SQL at all (turning rows into a Dataset and back generates and compiles code for
   * both ways, ~0.4 s of a small run).
   */
  public static long replace(JavaSparkContext jsc, JavaRDD<Row> rows, StructType schema, String dir,
      ParquetTableWriter.Format format, RowDigest digest) {
    Configuration conf = jsc.hadoopConfiguration();
    Path d = new Path(dir);
    String job = UUID.randomUUID().toString();
    CompressionCodecName codec = ParquetTableWriter.codec(format.codec());
    try {
      FileSystem fs = d.getFileSystem(conf);
      fs.mkdirs(d);
      // in the task's closure (Java serialization), as the jobs ship it: HadoopConf is not a Kryo type
      HadoopConf shipped = new HadoopConf(conf);
      List<long[]> written;
      try {
        written = new ArrayList<>(rows.mapPartitionsWithIndex(
            new Task(shipped, dir, job, schema, format, digest), false).collect());
        if (written.isEmpty()) {
          written.add(new long[] {0, ParquetTableWriter.write(conf, hidden(d, 0, job, codec, 0), schema, codec,
              ParquetTableWriter.timestamps(format.timestampType()), format.sparkVersion(), row -> { }), 0});
        }
      } catch (Exception e) { // a failed task comes as a SparkException, a checked exception Java does not see
        for (FileStatus s : fs.listStatus(d)) if (s.getPath().getName().contains(job)) fs.delete(s.getPath(), false);
        throw e;
      }
      // the successful attempts' files: everything else in the folder goes (old files, other attempts')
      java.util.Map<String, Path> mine = new java.util.HashMap<>();
      long n = 0;
      for (long[] w : written) {
        mine.put(hidden(d, (int) w[0], job, codec, w[2]).getName(),
            new Path(d, ParquetTableWriter.partName((int) w[0], job, codec)));
        n += w[1];
      }
      for (FileStatus s : fs.listStatus(d)) {
        if (!mine.containsKey(s.getPath().getName())) fs.delete(s.getPath(), true);
      }
      for (java.util.Map.Entry<String, Path> e : mine.entrySet()) {
        Path from = new Path(d, e.getKey());
        if (!fs.rename(from, e.getValue())) throw new IOException("could not rename " + from);
      }
      fs.create(new Path(d, "_SUCCESS"), true).close();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The hidden name of one task attempt's file: attempts never share a file (a speculative or retried
   * attempt still running when the job ends writes into its own, which no rename picks up; the next
   * replace of the folder removes it).
   */
  static Path hidden(Path dir, int part, String job, CompressionCodecName codec, long attempt) {
    return new Path(dir, "." + ParquetTableWriter.partName(part, job, codec) + "." + attempt + ".inprogress");
  }

  static Row withSchema(Row r, StructType schema) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) v[i] = r.get(i);
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(v, schema);
  }

  /** One partition's rows into one file: [partition, rows, task attempt], or nothing for an empty partition. */
  private static final class Task implements Function2<Integer, Iterator<Row>, Iterator<long[]>> {
    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final String dir;
    private final String job;
    private final StructType schema;
    private final ParquetTableWriter.Format format;
    private final RowDigest digest;

    Task(HadoopConf conf, String dir, String job, StructType schema, ParquetTableWriter.Format format,
        RowDigest digest) {
      this.conf = conf;
      this.dir = dir;
      this.job = job;
      this.schema = schema;
      this.format = format;
      this.digest = digest;
    }

    @Override
    public Iterator<long[]> call(Integer part, Iterator<Row> rows) throws IOException {
      if (!rows.hasNext()) return Collections.emptyIterator();
      CompressionCodecName codec = ParquetTableWriter.codec(format.codec());
      long attempt = org.apache.spark.TaskContext.get().taskAttemptId();
      long n = ParquetTableWriter.write(conf.get(), hidden(new Path(dir), part, job, codec, attempt), schema, codec,
          ParquetTableWriter.timestamps(format.timestampType()), format.sparkVersion(), row -> {
            while (rows.hasNext()) {
              Row r = rows.next();
              // a digest's filters and orders read columns by name
              if (digest != null) digest.add(r.schema() != null ? r : withSchema(r, schema));
              row.copy(r).end();
            }
          });
      return Collections.singletonList(new long[] {part, n, attempt}).iterator();
    }
  }
}
