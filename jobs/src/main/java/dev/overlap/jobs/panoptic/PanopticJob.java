package dev.overlap.jobs.panoptic;

import dev.overlap.core.io.PanopticJsonReader.Category;
import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PanopticBootstrap;
import dev.overlap.core.panoptic.PqSliceStats;
import dev.overlap.core.panoptic.PqStats;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.slices.SliceSetup;
import dev.overlap.jobs.spark.StepTimer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Panoptic evaluation on Spark: read and pair the annotations on the driver, evaluate each image on
 * the executors ({@link EvaluatePanoptic}), and merge the per-task {@link PqStats} (and semantic
 * confusion counts) by addition in a tree ({@code treeAggregate}); the driver receives
 * O(partitions x C) numbers and scores them with core's {@link PqResult}. Exact sums make the
 * result bit-for-bit identical for any partition count. With {@code --slice-by} every task also sums its images'
 * counts per slice ({@link PanopticSlices}), merged the same way.
 */
public final class PanopticJob {
  private PanopticJob() {}

  /** Evaluates. The per-image outputs are persisted; call {@link PanopticResult#release()}. */
  public static PanopticResult run(SparkSession spark, PanopticConfig cfg) {
    return run(spark, cfg, new StepTimer());
  }

  /** As {@link #run(SparkSession, PanopticConfig)}, recording step times in {@code timer}. */
  public static PanopticResult run(SparkSession spark, PanopticConfig cfg, StepTimer timer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    PanopticInputs.Inputs in = PanopticInputs.read(cfg, conf);
    timer.lap("read JSON + pair");
    List<Category> cats = in.categories();
    int[] ids = new int[cats.size()];
    boolean[] isThing = new boolean[cats.size()];
    for (int c = 0; c < ids.length; c++) {
      ids[c] = cats.get(c).id();
      isThing[c] = cats.get(c).isThing();
    }
    List<PanopticTask> tasks = new ArrayList<>(in.tasks());
    tasks.addAll(in.rejectedAnnotations());
    int partitions = cfg.run().partitions() > 0 ? cfg.run().partitions() : jsc.defaultParallelism();
    int n = Math.max(1, Math.min(partitions, tasks.size()));
    EvaluatePanoptic evaluate = new EvaluatePanoptic(conf, ids, isThing, cfg.maxPixels(), cfg.alsoSemantic(),
        cfg.run().skipBadInput(), HadoopFiles.display(cfg.gtJson()), HadoopFiles.display(cfg.predJson()))
        .bootstrap(cfg.bootstrap().replicates(), cfg.bootstrap().seed());
    SliceSetup.Built slices = null;
    if (cfg.slices().enabled()) {
      slices = PanopticSlices.build(spark, cfg, conf, in);
      evaluate.withSlices(jsc.broadcast(slices.slices()));
      timer.lap("slices: image attributes");
    }
    jsc.setJobGroup("overlap-panoptic", "decode PNG pairs, count segment pairs, match per image", false);
    // contiguous slices of the annotations in file order, without a shuffle; plain objects, Kryo-serialized in the
    // cache: no Spark SQL between the tasks and the tables (bean encoders and their generated code cost ~4 CPU s a
    // run: docs/benchmarks.md)
    JavaRDD<PanopticOutput> out = jsc.parallelize(tasks, n).mapPartitions(evaluate)
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    Totals t;
    try {
      t = out.filter(o -> o.getKind() == PanopticOutput.PARTIAL)
          .treeAggregate(new Totals(ids.length, cfg.alsoSemantic(), cfg.bootstrap()), new AddPartial(),
              new MergeTotals());
    } catch (RuntimeException e) {
      out.unpersist();
      throw e;
    }
    jsc.clearJobGroup();
    timer.lap("read + decode + count + match");
    if (t.images != tasks.size()) {
      throw new IllegalStateException("evaluated " + t.images + " images of " + tasks.size() + " listed");
    }
    long rejectedAnnotations = in.rejectedAnnotations().size();
    Counts counts = new Counts(t.images - rejectedAnnotations, t.evaluated, t.rejected - rejectedAnnotations,
        rejectedAnnotations, in.predEntries(), in.predIgnored(), in.gtFiles(), in.predFiles(), t.pixels, t.bytesRead,
        t.readNanos, t.decodeNanos, t.countNanos);
    PqResult result = PqResult.of(t.stats, isThing);
    PanopticBootstrap.PanopticIntervals intervals = null;
    if (cfg.bootstrap().enabled()) {
      // no image evaluated: every replicate is empty
      PanopticBootstrap b = t.replicates != null ? t.replicates
          : new PanopticBootstrap(ids.length, cfg.bootstrap().replicates(), cfg.bootstrap().seed());
      intervals = b.intervals(isThing, cfg.bootstrap().confidence());
      timer.lap("bootstrap intervals");
    }
    PanopticSlices.Result sliced = slices == null ? null
        : PanopticSlices.result(cfg, slices, cats, t.slices, isThing);
    SemsegMetrics semantic = cfg.alsoSemantic() ? SemsegMetrics.of(t.confusion, ids.length + 1) : null;
    return new PanopticResult(cfg, cats, result, semantic, t.confusion, counts, spark, out, n, intervals,
        sliced);
  }

  /** per_image: one row per category present in an image's ground truth or prediction. */
  static final StructType PER_IMAGE = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.StringType, true),
      DataTypes.createStructField("category_id", DataTypes.IntegerType, false),
      DataTypes.createStructField("tp", DataTypes.LongType, false),
      DataTypes.createStructField("fp", DataTypes.LongType, false),
      DataTypes.createStructField("fn", DataTypes.LongType, false),
      DataTypes.createStructField("iou_sum", DataTypes.DoubleType, false),
      DataTypes.createStructField("pq", DataTypes.DoubleType, true),
      DataTypes.createStructField("image_pq", DataTypes.DoubleType, true)});

  /** The per_image rows of the evaluation output. */
  static JavaRDD<Row> perImageRows(JavaRDD<PanopticOutput> out) {
    return out.filter(o -> o.getKind() == PanopticOutput.IMAGE_CLASS).map(o -> RowFactory.create(o.getImage(),
        o.getCategoryId(), o.getTp(), o.getFp(), o.getFn(), o.getIouSum(), o.getPq(), o.getImagePq()));
  }

  /** The rejects rows of the evaluation output. */
  static JavaRDD<Row> rejectRows(JavaRDD<PanopticOutput> out) {
    return out.filter(o -> o.getKind() == PanopticOutput.REJECT).map(o -> RowFactory.create(o.getImage(),
        o.getSource(), o.getFile(), o.getRecord(), o.getReason()));
  }

  /**
   * What was found and what became of it: images (ground-truth annotations) = evaluated + rejected.
   *
   * @param rejectedPredAnnotations prediction entries rejected because they name no image (skip mode)
   * @param predIgnored prediction entries for image ids not in the ground truth (ignored, as pq_compute)
   */
  public record Counts(long images, long evaluated, long rejected, long rejectedPredAnnotations, long predEntries,
      long predIgnored, long gtFiles, long predFiles, long pixels, long bytesRead, long readNanos, long decodeNanos,
      long countNanos) implements Serializable {}

  /** Everything the panoptic job computed; {@code intervals} and {@code slices} are null when not asked for. */
  public record PanopticResult(PanopticConfig config, List<Category> categories, PqResult pq, SemsegMetrics semantic,
      long[] confusion, Counts counts, SparkSession spark, JavaRDD<PanopticOutput> persisted, int partitions,
      PanopticBootstrap.PanopticIntervals intervals, PanopticSlices.Result slices) {

    // made on request: a run writes the rows themselves, and a first Dataset sets up Spark SQL's session state

    /** The per_image table's rows as a Dataset. */
    public Dataset<Row> perImage() {
      return spark.createDataFrame(perImageRows(persisted), PER_IMAGE);
    }

    /** The rejects table's rows as a Dataset. */
    public Dataset<Row> rejects() {
      return spark.createDataFrame(rejectRows(persisted), Outputs.IMAGE_REJECTS);
    }

    /** Frees the cached per-image outputs. */
    public void release() {
      persisted.unpersist();
    }
  }

  /** The sum of the tasks' partials; merges by addition (exactly, IoU sums included). */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    final PqStats stats;
    final long[] confusion;
    long images;
    long evaluated;
    long rejected;
    long pixels;
    long bytesRead;
    long readNanos;
    long decodeNanos;
    long countNanos;

    // primitives, not the options record: Kryo, which may ship this, cannot write records
    final int bootstrapReplicates;
    final long bootstrapSeed;
    /** Made on the first partial that carries replicates: the zero value ships with every task and stays small. */
    PanopticBootstrap replicates;
    /** Per-slice counts ({@code --slice-by}), made on the first partial that carries them, as the replicates. */
    PqSliceStats slices;

    Totals(int categories, boolean semantic, dev.overlap.jobs.cli.BootstrapOptions bootstrap) {
      bootstrapReplicates = bootstrap.replicates();
      bootstrapSeed = bootstrap.seed();
      stats = new PqStats(categories);
      confusion = semantic ? new long[(categories + 1) * (categories + 1)] : null;
    }

    Totals add(PqStats s, long[] counts, long images, long evaluated, long rejected, long pixels, long bytes, long read,
        long decode, long count) {
      stats.merge(s);
      if (confusion != null) for (int i = 0; i < confusion.length; i++) confusion[i] += counts[i];
      this.images += images;
      this.evaluated += evaluated;
      this.rejected += rejected;
      this.pixels += pixels;
      this.bytesRead += bytes;
      this.readNanos += read;
      this.decodeNanos += decode;
      this.countNanos += count;
      return this;
    }

    Totals addSlices(PqSliceStats s) {
      if (s != null) slices = slices == null ? s : slices.merge(s);
      return this;
    }
  }

  static final class AddPartial implements Function2<Totals, PanopticOutput, Totals> {
    private static final long serialVersionUID = 1L;

    @Override
    public Totals call(Totals t, PanopticOutput p) {
      if (p.getBootstrap() != null) {
        if (t.replicates == null) {
          t.replicates = new PanopticBootstrap(t.stats.numCategories(), t.bootstrapReplicates, t.bootstrapSeed);
        }
        t.replicates.addBytes(p.getBootstrap());
      }
      if (p.getSlices() != null) t.addSlices(PqSliceStats.fromBytes(p.getSlices()));
      return t.add(PqStats.fromBytes(p.getStats()), p.getConfusion(), p.getImages(), p.getEvaluated(), p.getRejected(),
          p.getPixels(), p.getBytesRead(), p.getReadNanos(), p.getDecodeNanos(), p.getCountNanos());
    }
  }

  static final class MergeTotals implements Function2<Totals, Totals, Totals> {
    private static final long serialVersionUID = 1L;

    @Override
    public Totals call(Totals a, Totals b) {
      if (b.replicates != null) a.replicates = a.replicates == null ? b.replicates : a.replicates.merge(b.replicates);
      a.addSlices(b.slices);
      return a.add(b.stats, b.confusion, b.images, b.evaluated, b.rejected, b.pixels, b.bytesRead, b.readNanos,
          b.decodeNanos, b.countNanos);
    }
  }
}
