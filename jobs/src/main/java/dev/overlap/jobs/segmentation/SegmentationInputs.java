package dev.overlap.jobs.segmentation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.HadoopFiles.InputFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Finds the label maps and pairs them. Two PNG folders are listed on the driver, sorted and paired
 * by image id (relative path without the suffix); the pairs, not the pixels, are then distributed.
 * When either side is Parquet ({@code image_id}, {@code png}), both sides become rows keyed by image
 * id, shuffled together and paired on the executors ({@link PairUp}).
 */
final class SegmentationInputs {
  private SegmentationInputs() {}

  /** Input bytes per task when the partition count is not given. */
  static final long BYTES_PER_PARTITION = 64L << 20;

  /**
   * The pairs to evaluate: exactly one of {@code pairs} (two PNG folders) and {@code sides} (a
   * Parquet input, paired on the executors) is set.
   *
   * @param expectedPairs image ids found (known on the driver for two folders), or -1
   * @param gtFiles PNG or Parquet files found under --gt
   * @param gtFilesSkipped files under a PNG folder that do not end in the suffix (not read)
   */
  record Inputs(JavaRDD<PairTask> pairs, Dataset<Row> sides, int partitions, long expectedPairs, String gtFormat,
      String predFormat, long gtFiles, long predFiles, long gtFilesSkipped, long predFilesSkipped) {

    /** Runs the per-pair evaluation over every partition. */
    JavaRDD<SegOutput> evaluate(EvaluatePairs f) {
      return pairs != null ? pairs.mapPartitions(f) : sides.javaRDD().mapPartitions(new EvaluatePairs.FromSides(f));
    }
  }

  /** One input side as listed. */
  record Listing(String root, String option, String format, String suffix, List<InputFile> files, long bytes,
      long skipped) {}

  static Inputs read(SparkSession spark, SegmentationConfig cfg, HadoopConf conf) {
    Listing gt = list(conf, cfg.gt(), "--gt", cfg.gtFormat(), cfg.gtSuffix());
    Listing pred = list(conf, cfg.pred(), "--pred", cfg.predFormat(), cfg.predSuffix());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = cfg.run().partitions() > 0 ? cfg.run().partitions()
        : (int) Math.max(jsc.defaultParallelism(), Math.min(100_000,
            (gt.bytes() + pred.bytes() + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION));
    if (gt.format().equals("png") && pred.format().equals("png")) {
      List<PairTask> tasks = pair(conf, gt, pred, cfg.run().skipBadInput());
      int n = Math.max(1, Math.min(partitions, tasks.size()));
      // contiguous slices of the sorted pairs, without a shuffle; an RDD of plain objects, not a Dataset: no Spark
      // SQL on this path (bean encoders set up Scala reflection and generate and compile code: ~3.8 of the 9.5 CPU s
      // a 500-pair run took)
      return new Inputs(jsc.parallelize(tasks, n), null, n, tasks.size(), gt.format(), pred.format(), gt.files().size(),
          pred.files().size(), gt.skipped(), pred.skipped());
    }
    Dataset<Row> sides = sides(spark, conf, gt, ImageSide.GT).unionByName(sides(spark, conf, pred, ImageSide.PRED))
        .repartition(partitions, col("image"))
        .sortWithinPartitions(col("image"), col("side"), col("path"), col("row"));
    return new Inputs(null, sides, partitions, -1, gt.format(), pred.format(), gt.files().size(), pred.files().size(),
        gt.skipped(), pred.skipped());
  }

  /** Lists one side: Parquet files, or the PNGs ending in the suffix (other files are counted, not read). */
  static Listing list(HadoopConf conf, String root, String option, String format, String suffix) {
    List<InputFile> all = HadoopFiles.list(conf.get(), root, option);
    if (format.equals("auto")) {
      format = "png";
      for (InputFile f : all) if (f.path().endsWith(".parquet")) format = "parquet";
    }
    String keep = format.equals("parquet") ? ".parquet" : suffix;
    List<InputFile> files = new ArrayList<>();
    long bytes = 0;
    for (InputFile f : all) {
      if (!f.path().endsWith(keep)) continue;
      files.add(f);
      bytes += f.length();
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(HadoopFiles.display(root), null, null, "holds no " + (format.equals("parquet")
          ? "Parquet files" : "label maps (no file name ends in \"" + suffix + "\")") + " (" + option + ")");
    }
    return new Listing(root, option, format, suffix, files, bytes, all.size() - files.size());
  }

  /** Pairs two sorted PNG listings by image id; a missing partner fails, or (skip mode) becomes a problem pair. */
  static List<PairTask> pair(HadoopConf conf, Listing gt, Listing pred, boolean skip) {
    TreeMap<String, InputFile> g = byImage(conf, gt);
    TreeMap<String, InputFile> p = byImage(conf, pred);
    List<PairTask> tasks = new ArrayList<>(Math.max(g.size(), p.size()));
    Iterator<Map.Entry<String, InputFile>> gi = g.entrySet().iterator();
    Iterator<Map.Entry<String, InputFile>> pi = p.entrySet().iterator();
    Map.Entry<String, InputFile> a = gi.hasNext() ? gi.next() : null;
    Map.Entry<String, InputFile> b = pi.hasNext() ? pi.next() : null;
    while (a != null || b != null) {
      int c = a == null ? 1 : b == null ? -1 : a.getKey().compareTo(b.getKey());
      if (c == 0) {
        tasks.add(PairTask.files(a.getKey(), a.getValue().path(), a.getValue().length(), b.getValue().path(),
            b.getValue().length()));
        a = gi.hasNext() ? gi.next() : null;
        b = pi.hasNext() ? pi.next() : null;
      } else if (c < 0) {
        tasks.add(missing(a.getKey(), a.getValue(), "gt", "ground truth has no prediction: no " + a.getKey()
            + pred.suffix() + " under --pred " + HadoopFiles.display(pred.root()), skip));
        a = gi.hasNext() ? gi.next() : null;
      } else {
        tasks.add(missing(b.getKey(), b.getValue(), "pred", "prediction has no ground truth: no " + b.getKey()
            + gt.suffix() + " under --gt " + HadoopFiles.display(gt.root()), skip));
        b = pi.hasNext() ? pi.next() : null;
      }
    }
    return tasks;
  }

  private static PairTask missing(String image, InputFile f, String source, String reason, boolean skip) {
    if (!skip) throw new InvalidInputException(HadoopFiles.display(f.path()), null, null, reason);
    PairTask t = new PairTask();
    t.setImage(image);
    if (source.equals("gt")) t.setGtCount(1);
    else t.setPredCount(1);
    return t.problem(source, f.path(), null, reason);
  }

  /** Image id to file: the path relative to the listed root, without the suffix. */
  static TreeMap<String, InputFile> byImage(HadoopConf conf, Listing l) {
    String root;
    try {
      Path p = new Path(l.root());
      root = p.getFileSystem(conf.get()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new InvalidInputException(HadoopFiles.display(l.root()), null, null, "cannot be read (" + l.option() + "): "
          + HadoopFiles.oneLine(e));
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    TreeMap<String, InputFile> out = new TreeMap<>();
    for (InputFile f : l.files()) {
      String rel = f.path().startsWith(prefix) ? f.path().substring(prefix.length()) : new Path(f.path()).getName();
      out.put(rel.substring(0, rel.length() - l.suffix().length()), f);
    }
    return out;
  }

  /** One side as rows of {@link ImageSide#SCHEMA}: PNG files listed on the driver, or the rows of a Parquet table. */
  static Dataset<Row> sides(SparkSession spark, HadoopConf conf, Listing l, int side) {
    if (l.format().equals("png")) {
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<String, InputFile> e : byImage(conf, l).entrySet()) {
        rows.add(ImageSide.file(e.getKey(), side, e.getValue().path(), e.getValue().length()).toRow());
      }
      return spark.createDataFrame(rows, ImageSide.SCHEMA);
    }
    Dataset<Row> d = spark.read().parquet(l.root());
    requireColumn(d, l, "image_id", null);
    requireColumn(d, l, "png", DataTypes.BinaryType);
    return d.select(
        col("image_id").cast(DataTypes.StringType).as("image"),
        lit(side).as("side"),
        col("_metadata.file_path").as("path"),
        col("_metadata.row_index").as("row"),
        when(col("png").isNull(), lit(0L)).otherwise(length(col("png")).cast(DataTypes.LongType)).as("length"),
        col("png").as("bytes"),
        when(col("image_id").isNull(), lit("field \"image_id\" is missing (null)"))
            .when(col("png").isNull(), lit("field \"png\" is missing (null)"))
            .otherwise(lit(null).cast(DataTypes.StringType)).as("problem"));
  }

  private static void requireColumn(Dataset<Row> d, Listing l, String name, org.apache.spark.sql.types.DataType type) {
    for (StructField f : d.schema().fields()) {
      if (!f.name().equals(name)) continue;
      if (type != null && !f.dataType().equals(type)) {
        throw new InvalidInputException(HadoopFiles.display(l.root()), null, name, "must be " + type.simpleString()
            + " (the PNG file's bytes), is " + f.dataType().simpleString() + " (" + l.option() + ")");
      }
      return;
    }
    throw new InvalidInputException(HadoopFiles.display(l.root()), null, name, "no such column; a Parquet label-map"
        + " table needs image_id and png (binary) (" + l.option() + ")");
  }
}
