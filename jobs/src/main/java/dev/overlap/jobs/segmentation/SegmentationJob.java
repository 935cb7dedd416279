package dev.overlap.jobs.segmentation;

import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.semseg.SemsegBootstrap;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.spark.StepTimer;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Semantic-segmentation evaluation on Spark: list and pair the label maps, decode and count each
 * pair on the executors ({@link EvaluatePairs}), and merge the per-task {@code long[K*K]}
 * confusion matrices by addition in a tree ({@code treeAggregate}); the driver receives
 * O(partitions x K^2) numbers and computes the metrics with core's {@link SemsegMetrics}. Integer
 * sums make the result bit-for-bit identical for any partition count.
 */
public final class SegmentationJob {
  private SegmentationJob() {}

  /** Evaluates. The per-image outputs are persisted; call {@link SegmentationResult#release()}. */
  public static SegmentationResult run(SparkSession spark, SegmentationConfig cfg) {
    return run(spark, cfg, new StepTimer());
  }

  /** As {@link #run(SparkSession, SegmentationConfig)}, recording step times in {@code timer}. */
  public static SegmentationResult run(SparkSession spark, SegmentationConfig cfg, StepTimer timer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    jsc.setJobGroup("overlap-segmentation", "list and pair label maps", false);
    SegmentationInputs.Inputs in = SegmentationInputs.read(spark, cfg, conf);
    timer.lap("list + pair");

    EvaluatePairs evaluate = new EvaluatePairs(conf, cfg.numClasses(), cfg.ignoreLabel(), cfg.maxPixels(),
        cfg.run().skipBadInput(), cfg.bootstrap()).withBoundary(cfg.boundary());
    SegmentationSlices.Setup slices = null;
    if (cfg.slices().enabled()) {
      slices = SegmentationSlices.build(spark, cfg);
      evaluate.withSlices(jsc.broadcast(slices.built().slices()));
      timer.lap("slices: image attributes");
    }
    jsc.setJobGroup("overlap-segmentation", "decode label maps and count confusion matrices per image", false);
    // plain objects, Kryo-serialized in the cache: no Spark SQL between the pairs and the tables
    JavaRDD<SegOutput> out = in.evaluate(evaluate).persist(StorageLevel.MEMORY_AND_DISK_SER());
    Totals t;
    try {
      t = out.filter(o -> o.getKind() == SegOutput.PARTIAL)
          .treeAggregate(new Totals(cfg.numClasses(), cfg.bootstrap(), cfg.boundary() != null), new AddPartial(),
              new MergeTotals());
    } catch (RuntimeException e) {
      out.unpersist();
      throw e;
    }
    jsc.clearJobGroup();
    timer.lap("read + decode + count");
    if (in.expectedPairs() >= 0 && t.pairs != in.expectedPairs()) {
      throw new IllegalStateException("evaluated " + t.pairs + " image pairs of " + in.expectedPairs() + " listed");
    }

    Counts counts = new Counts(t.pairs, t.evaluated, t.rejected, t.gtMaps, t.predMaps, in.gtFiles(), in.predFiles(),
        in.gtFilesSkipped(), in.predFilesSkipped(), t.ignoredPixels, t.bytesRead, t.readNanos, t.decodeNanos,
        t.countNanos);
    SemsegMetrics metrics = SemsegMetrics.of(t.confusion, cfg.numClasses());
    if (cfg.bootstrap().enabled() && t.replicates == null) {
      // no image evaluated: every replicate is empty
      t.replicates = new SemsegBootstrap(cfg.numClasses(), cfg.bootstrap().replicates(), cfg.bootstrap().seed());
    }
    SemsegBootstrap.SemsegIntervals intervals = t.replicates == null ? null
        : t.replicates.intervals(cfg.bootstrap().confidence(), cfg.excludedFromHeadline());
    if (intervals != null) timer.lap("bootstrap intervals");
    SegmentationSlices.Result sliced = null;
    if (slices != null) {
      List<String> seen = out.filter(o -> (o.getKind() == SegOutput.IMAGE || o.getKind() == SegOutput.REJECT)
          && o.getImage() != null).map(SegOutput::getImage).distinct().collect();
      sliced = SegmentationSlices.result(cfg, slices, t.sliceCounts, t.sliceImages, seen);
      timer.lap("slices");
    }
    return new SegmentationResult(cfg, metrics, t.confusion, counts, in.gtFormat(), in.predFormat(), spark, out,
        in.partitions(), intervals, t.boundary, t.boundaryNanos, sliced);
  }

  /** per_image: one row per evaluated image. */
  static final StructType PER_IMAGE = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.StringType, true),
      DataTypes.createStructField("gt_file", DataTypes.StringType, true),
      DataTypes.createStructField("pred_file", DataTypes.StringType, true),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("valid_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("ignored_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("correct_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("pixel_accuracy", DataTypes.DoubleType, true),
      DataTypes.createStructField("mean_iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("classes_in_gt", DataTypes.IntegerType, false),
      DataTypes.createStructField("dilation_px", DataTypes.IntegerType, true)});

  /** per_image_class: one row per class present in an image's ground truth or prediction. */
  static final StructType PER_IMAGE_CLASS = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.StringType, true),
      DataTypes.createStructField("class_id", DataTypes.IntegerType, false),
      DataTypes.createStructField("iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("gt_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("pred_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("tp_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("boundary_intersection", DataTypes.LongType, true),
      DataTypes.createStructField("boundary_union", DataTypes.LongType, true),
      DataTypes.createStructField("boundary_iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("hd95", DataTypes.DoubleType, true),
      DataTypes.createStructField("hd", DataTypes.DoubleType, true),
      DataTypes.createStructField("assd", DataTypes.DoubleType, true)});

  /** The per_image rows of the evaluation output, each with its schema: the report's digest reads them by name. */
  static JavaRDD<Row> perImageRows(JavaRDD<SegOutput> out) {
    return out.filter(o -> o.getKind() == SegOutput.IMAGE).map(o -> new GenericRowWithSchema(new Object[] {
        o.getImage(), o.getGtFile(), o.getPredFile(), o.getWidth(), o.getHeight(), o.getValidPixels(),
        o.getIgnoredPixels(), o.getCorrectPixels(), o.getPixelAccuracy(), o.getMeanIou(), o.getClassesInGt(),
        o.getDilationPx()}, PER_IMAGE));
  }

  /** The per_image_class rows of the evaluation output. */
  static JavaRDD<Row> perImageClassRows(JavaRDD<SegOutput> out) {
    return out.filter(o -> o.getKind() == SegOutput.CLASS).map(o -> RowFactory.create(o.getImage(), o.getClassId(),
        o.getIou(), o.getGtPixels(), o.getPredPixels(), o.getTpPixels(), o.getBoundaryIntersection(),
        o.getBoundaryUnion(), o.getBoundaryIou(), o.getHd95(), o.getHd(), o.getAssd()));
  }

  /** The rejects rows of the evaluation output. */
  static JavaRDD<Row> rejectRows(JavaRDD<SegOutput> out) {
    return out.filter(o -> o.getKind() == SegOutput.REJECT).map(o -> RowFactory.create(o.getImage(), o.getSource(),
        o.getFile(), o.getRecord(), o.getReason()));
  }

  /**
   * What was found and what became of it: pairs (image ids found on either side) = evaluated +
   * rejected. {@code gtMaps} / {@code predMaps} count label maps (a duplicate image id in Parquet
   * counts each row); files not ending in the suffix are listed but never read.
   */
  public record Counts(long pairs, long evaluated, long rejected, long gtMaps, long predMaps, long gtFiles,
      long predFiles, long gtFilesSkipped, long predFilesSkipped, long ignoredPixels, long bytesRead, long readNanos,
      long decodeNanos, long countNanos) implements Serializable {}

  /**
   * Everything the segmentation job computed; {@code intervals} is null without {@code --bootstrap}.
   */
  public record SegmentationResult(SegmentationConfig config, SemsegMetrics metrics, long[] confusion, Counts counts,
      String gtFormat, String predFormat, SparkSession spark, JavaRDD<SegOutput> persisted, int partitions,
      SemsegBootstrap.SemsegIntervals intervals, BoundaryTotals boundary, long boundaryNanos,
      SegmentationSlices.Result slices) {

    // Datasets made on request: a run writes the rows themselves, and a first Dataset sets up Spark SQL's session
    // state (~2,700 classes, ~0.3 CPU s of a run: docs/benchmarks.md)

    /** The per_image table's rows as a Dataset. */
    public Dataset<Row> perImage() {
      return spark.createDataFrame(perImageRows(persisted), PER_IMAGE);
    }

    /** The per_image_class table's rows as a Dataset. */
    public Dataset<Row> perImageClass() {
      return spark.createDataFrame(perImageClassRows(persisted), PER_IMAGE_CLASS);
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

  /** The sum of the tasks' partials; merges by addition. */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] confusion;
    long pairs;
    long evaluated;
    long rejected;
    long gtMaps;
    long predMaps;
    long ignoredPixels;
    long bytesRead;
    long readNanos;
    long decodeNanos;
    long countNanos;
    final int numClasses;
    // primitives, not the options record: Kryo, which may ship this, cannot write records
    final int bootstrapReplicates;
    final long bootstrapSeed;
    // made on the first partial that carries replicates: the zero value ships with every task and stays small
    SemsegBootstrap replicates;
    /** With --boundary: the boundary statistics, merged by exact integer additions. */
    final BoundaryTotals boundary;
    long boundaryNanos;

    Totals(int numClasses, BootstrapOptions bootstrap, boolean boundary) {
      this.numClasses = numClasses;
      this.bootstrapReplicates = bootstrap.replicates();
      this.bootstrapSeed = bootstrap.seed();
      confusion = new long[numClasses * numClasses];
      this.boundary = boundary ? new BoundaryTotals(numClasses) : null;
    }

    Totals addBoundary(BoundaryTotals b, long nanos) {
      if (b != null) boundary.merge(b);
      boundaryNanos += nanos;
      return this;
    }

    /** Slice confusion counts and images ({@code --slice-by}): made on the first partial that carries them. */
    long[] sliceCounts;
    long[] sliceImages;

    Totals addSlices(long[] counts, long[] images) {
      if (counts == null) return this;
      if (sliceCounts == null) {
        sliceCounts = counts.clone();
        sliceImages = images.clone();
        return this;
      }
      for (int i = 0; i < counts.length; i++) sliceCounts[i] += counts[i];
      for (int i = 0; i < images.length; i++) sliceImages[i] += images[i];
      return this;
    }

    void addReplicates(long[] counts) {
      if (counts == null) return;
      if (replicates == null) replicates = new SemsegBootstrap(numClasses, bootstrapReplicates, bootstrapSeed);
      replicates.addArray(counts);
    }

    void mergeReplicates(SemsegBootstrap other) {
      if (other == null) return;
      if (replicates == null) replicates = other;
      else replicates.merge(other);
    }

    Totals add(long[] counts, long pairs, long evaluated, long rejected, long gtMaps, long predMaps, long ignored,
        long bytes, long read, long decode, long count) {
      for (int i = 0; i < confusion.length; i++) confusion[i] += counts[i];
      this.pairs += pairs;
      this.evaluated += evaluated;
      this.rejected += rejected;
      this.gtMaps += gtMaps;
      this.predMaps += predMaps;
      this.ignoredPixels += ignored;
      this.bytesRead += bytes;
      this.readNanos += read;
      this.decodeNanos += decode;
      this.countNanos += count;
      return this;
    }
  }

  static final class AddPartial implements Function2<Totals, SegOutput, Totals> {
    private static final long serialVersionUID = 1L;

    @Override
    public Totals call(Totals t, SegOutput p) {
      t.addReplicates(p.getBootstrap());
      t.addSlices(p.getSliceCounts(), p.getSliceImages());
      return t.add(p.getConfusion(), p.getPairs(), p.getEvaluated(), p.getRejected(), p.getGtMaps(), p.getPredMaps(),
          p.getIgnoredPixels(), p.getBytesRead(), p.getReadNanos(), p.getDecodeNanos(), p.getCountNanos())
          .addBoundary(p.getBoundary() == null ? null : BoundaryTotals.fromLongs(p.getBoundary()), p.getBoundaryNanos());
    }
  }

  static final class MergeTotals implements Function2<Totals, Totals, Totals> {
    private static final long serialVersionUID = 1L;

    @Override
    public Totals call(Totals a, Totals b) {
      a.mergeReplicates(b.replicates);
      a.addSlices(b.sliceCounts, b.sliceImages);
      return a.add(b.confusion, b.pairs, b.evaluated, b.rejected, b.gtMaps, b.predMaps, b.ignoredPixels, b.bytesRead,
          b.readNanos, b.decodeNanos, b.countNanos).addBoundary(b.boundary, b.boundaryNanos);
    }
  }
}
