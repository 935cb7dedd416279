package dev.overlap.jobs.detection;

import static org.apache.spark.sql.functions.col;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.Accumulator;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.CurveSegment;
import dev.overlap.core.coco.CurveTotals;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.spark.StepTimer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * COCO detection evaluation on Spark: read, co-partition ground truth and predictions by image id,
 * evaluate each image with core on the executors, sort the ranked detections globally, and build the
 * precision-recall curves in two passes. No step holds all detections of a category, or all images,
 * in one place; the driver receives O(partitions + categories x curves x thresholds) numbers.
 */
public final class DetectionJob {
  private DetectionJob() {}

  /** Reads the inputs and evaluates. The returned per-image dataset is persisted; call {@link DetectionResult#release()}. */
  public static DetectionResult run(SparkSession spark, DetectionConfig cfg) {
    return run(spark, cfg, new StepTimer());
  }

  /** As {@link #run(SparkSession, DetectionConfig)}, recording step times in {@code timer}. */
  public static DetectionResult run(SparkSession spark, DetectionConfig cfg, StepTimer timer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    CocoParams params = cfg.params();

    jsc.setJobGroup("overlap-detection", "read ground truth categories", false);
    Dataset<EvalRecord> gt = DetectionInputs.groundTruth(spark, cfg, conf).persist(StorageLevel.MEMORY_AND_DISK());
    List<EvalRecord> cats = gt.filter(col("kind").equalTo(EvalRecord.CATEGORY)).collectAsList();
    long[] allIds = new long[cats.size()];
    for (int i = 0; i < allIds.length; i++) allIds[i] = cats.get(i).getCategoryId();
    long[] sortedAll = allIds.clone();
    Arrays.sort(sortedAll);
    List<Row> driverRejects = new ArrayList<>();
    int unique = 0;
    for (int i = 0; i < sortedAll.length; i++) {
      if (i > 0 && sortedAll[i] == sortedAll[i - 1]) {
        InvalidInputException e = new InvalidInputException(cfg.gt(), "categories", "id", "duplicate category id "
            + sortedAll[i] + (cfg.run().skipBadInput() ? " (the first one is kept)" : ""));
        if (!cfg.run().skipBadInput()) throw e;
        driverRejects.add(org.apache.spark.sql.RowFactory.create("gt", e.file(), e.record(), e.field(), e.reason(), null));
        continue;
      }
      sortedAll[unique++] = sortedAll[i];
    }
    sortedAll = Arrays.copyOf(sortedAll, unique);
    long[] evaluated = sortedAll;
    if (params.categoryIds() != null) {
      long[] want = params.categoryIds();
      long[] keep = new long[want.length];
      int n = 0;
      for (long w : want) if (Arrays.binarySearch(sortedAll, w) >= 0) keep[n++] = w;
      evaluated = Arrays.copyOf(keep, n);
    }
    timer.lap("read ground truth");
    String[] names = new String[evaluated.length];
    for (EvalRecord c : cats) {
      int k = Arrays.binarySearch(evaluated, c.getCategoryId());
      if (k >= 0 && names[k] == null) names[k] = c.getName();
    }

    DetectionInputs.Predictions preds = DetectionInputs.predictions(spark, cfg, conf);
    int partitions = cfg.run().partitions() > 0 ? cfg.run().partitions() : jsc.defaultParallelism();
    EvaluateImages evaluate = new EvaluateImages(params, sortedAll, evaluated, cfg.gt(), preds.locator(),
        cfg.run().skipBadInput());
    int numCategories = evaluate.numCategories();

    jsc.setJobGroup("overlap-detection", "evaluate images (match detections to ground truth per image)", false);
    Dataset<EvalOutput> out = DetectionInputs.withoutCategories(gt).union(preds.records())
        .repartition(partitions, col("imageId"))
        .sortWithinPartitions(col("imageId"), col("kind"), col("seq"))
        .mapPartitions(evaluate, EvalOutput.ENCODER)
        .persist(StorageLevel.MEMORY_AND_DISK());

    List<EvalOutput> partials = out.filter(col("kind").equalTo(EvalOutput.PARTIAL)).collectAsList();
    long[] npig = new long[numCategories * params.numAreaRanges()];
    long[] numGt = new long[numCategories];
    long[] numPred = new long[numCategories];
    timer.lap("read predictions + evaluate images");
    long[] c = new long[10];
    for (EvalOutput p : partials) {
      add(npig, p.getNpig());
      add(numGt, p.getGtPerCategory());
      add(numPred, p.getPredPerCategory());
      c[0] += p.getImages();
      c[1] += p.getImagesSkipped();
      c[2] += p.getImagesRejected();
      c[3] += p.getGtRecords();
      c[4] += p.getGtRejected();
      c[5] += p.getGtExcluded();
      c[6] += p.getPredRecords();
      c[7] += p.getPredRejected();
      c[8] += p.getPredExcluded();
    }
    Counts counts = new Counts(c[0], c[1], c[2], driverRejects.size(), c[3], c[4], c[5], c[6], c[7], c[8],
        preds.files());

    jsc.setJobGroup("overlap-detection", "rank detections (global sort by category, score, image, rank)", false);
    Dataset<MatchRow> sorted = out.filter(col("kind").equalTo(EvalOutput.MATCH))
        .select(col("category"), col("score"), col("imageId"), col("rank"), col("flags"))
        .as(MatchRow.ENCODER)
        .repartitionByRange(partitions, col("category"), col("score").desc(), col("imageId"), col("rank"))
        .sortWithinPartitions(col("category"), col("score").desc(), col("imageId"), col("rank"))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Accumulator acc = new Accumulator(params, numCategories, npig);
    jsc.setJobGroup("overlap-detection", "precision-recall pass 1: per-partition totals", false);
    List<CurvePasses.Slice<CurveTotals>> totals =
        sorted.javaRDD().mapPartitionsWithIndex(new CurvePasses.Totals(params), false).collect();
    for (CurvePasses.Slice<CurveTotals> t : totals) acc.addTotals(t.order(), t.value());
    timer.lap("sort + curve pass 1");
    Broadcast<long[]> npigB = jsc.broadcast(npig);
    Broadcast<dev.overlap.core.coco.SliceOffsets> offB = jsc.broadcast(acc.offsets());
    jsc.setJobGroup("overlap-detection", "precision-recall pass 2: sample curves from offsets", false);
    List<CurvePasses.Slice<CurveSegment>> segments =
        sorted.javaRDD().mapPartitionsWithIndex(new CurvePasses.Segments(params, npigB, offB), false).collect();
    for (CurvePasses.Slice<CurveSegment> s : segments) acc.addSegment(s.order(), s.value());
    Accumulation accumulation = acc.result();
    timer.lap("curve pass 2 + accumulate");
    sorted.unpersist();
    npigB.destroy();
    offB.destroy();
    gt.unpersist();
    jsc.clearJobGroup();

    long[] reported = params.useCats() ? evaluated : new long[] {-1};
    String[] reportedNames = params.useCats() ? names : new String[] {"(all categories)"};
    Dataset<Row> perImage = out.filter(col("kind").equalTo(EvalOutput.IMAGE)).select(
        col("imageId").as("image_id"), col("fileName").as("file_name"), col("width"), col("height"),
        col("numGt").as("num_gt"), col("numPred").as("num_pred"), col("tp50").as("tp_50"), col("fp50").as("fp_50"),
        col("fn50").as("fn_50"), col("tp75").as("tp_75"), col("fp75").as("fp_75"), col("fn75").as("fn_75"),
        org.apache.spark.sql.functions.when(col("tp50").gt(0), col("iouSum50").divide(col("tp50")))
            .as("mean_iou_50"));
    Dataset<Row> rejects = out.filter(col("kind").equalTo(EvalOutput.REJECT)).select(col("source"), col("file"),
        col("record"), col("field"), col("reason"),
        org.apache.spark.sql.functions.when(col("imageId").notEqual(Long.MIN_VALUE), col("imageId")).as("image_id"));
    if (!driverRejects.isEmpty()) rejects = rejects.union(spark.createDataFrame(driverRejects, rejects.schema()));
    return new DetectionResult(cfg, reported, reportedNames, CocoSummary.of(accumulation), numGt, numPred, counts,
        perImage, rejects, out, partitions, totals.size());
  }

  /**
   * What was read and what became of it, per source: records = evaluated + excluded (outside
   * --img-ids / --cat-ids) + rejected. Ground-truth records are annotations; duplicate image and
   * category records are counted apart. {@link #rejected()} is the number of rows of the rejects table.
   */
  public record Counts(long images, long imagesSkipped, long imagesRejected, long categoriesRejected, long gtRecords,
      long gtRejected, long gtExcluded, long predRecords, long predRejected, long predExcluded, long predFiles)
      implements java.io.Serializable {
    public long gtEvaluated() { return gtRecords - gtRejected - gtExcluded; }
    public long predEvaluated() { return predRecords - predRejected - predExcluded; }
    public long rejected() { return gtRejected + predRejected + imagesRejected + categoriesRejected; }
  }

  private static void add(long[] into, long[] x) {
    for (int i = 0; i < into.length; i++) into[i] += x[i];
  }

  /** Everything the detection job computed. */
  public record DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
      long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
      Dataset<EvalOutput> persisted, int partitions, int slices) {

    /** Images evaluated. */
    public long images() { return counts.images(); }
    /** Images outside --img-ids. */
    public long imagesSkipped() { return counts.imagesSkipped(); }
    /** Ground-truth annotations read. */
    public long gtRecords() { return counts.gtRecords(); }
    /** Prediction records read. */
    public long predRecords() { return counts.predRecords(); }
    /** Prediction files read. */
    public long predFiles() { return counts.predFiles(); }

    /** Frees the cached evaluation output. */
    public void release() {
      persisted.unpersist();
    }
  }

  static List<Long> boxed(long[] a) {
    List<Long> l = new ArrayList<>(a.length);
    for (long v : a) l.add(v);
    return l;
  }
}
