package dev.overlap.jobs.segmentation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.semseg.SemsegBootstrap;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.segmentation.SegmentationJob.Counts;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import dev.overlap.jobs.spark.RowDigest;
import dev.overlap.jobs.spark.StepTimer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The segmentation job's outputs under {@code --out}: Parquet tables {@code summary},
 * {@code per_class}, {@code confusion}, {@code per_image}, {@code per_image_class} (and
 * {@code rejects} in skip mode), partitioned by {@code run_id}, through {@link RunContext} (which
 * also writes the {@code runs} row, then {@code summary.json}, last). Undefined values (0/0) are null in tables and in summary.json, never NaN and never 0.
 */
public final class SegmentationOutputs {
  private SegmentationOutputs() {}

  /** The summary metrics, in the order of the table and of summary.json. */
  public static final String[] METRICS = {"mIoU", "fwIoU", "pixel_accuracy", "mean_class_accuracy", "mDice",
      "signal_mIoU"};

  static final StructType SUMMARY = new StructType(new StructField[] {
      DataTypes.createStructField("metric", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("hi", DataTypes.DoubleType, true)});

  static final StructType PER_CLASS = new StructType(new StructField[] {
      DataTypes.createStructField("class_id", DataTypes.IntegerType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("dice", DataTypes.DoubleType, true),
      DataTypes.createStructField("precision", DataTypes.DoubleType, true),
      DataTypes.createStructField("recall", DataTypes.DoubleType, true),
      DataTypes.createStructField("gt_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("pred_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("tp_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("frequency", DataTypes.DoubleType, true),
      DataTypes.createStructField("signal", DataTypes.BooleanType, false),
      DataTypes.createStructField("iou_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("iou_hi", DataTypes.DoubleType, true),
      DataTypes.createStructField("dice_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("dice_hi", DataTypes.DoubleType, true),
      DataTypes.createStructField("recall_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("recall_hi", DataTypes.DoubleType, true),
      // --boundary (null without it): see docs/boundary.md
      DataTypes.createStructField("boundary_iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("boundary_intersection", DataTypes.LongType, true),
      DataTypes.createStructField("boundary_union", DataTypes.LongType, true),
      DataTypes.createStructField("hd95_mean", DataTypes.DoubleType, true),
      DataTypes.createStructField("hd_mean", DataTypes.DoubleType, true),
      DataTypes.createStructField("assd_mean", DataTypes.DoubleType, true),
      DataTypes.createStructField("distance_images", DataTypes.LongType, true)});

  static final StructType CONFUSION = new StructType(new StructField[] {
      DataTypes.createStructField("gt_class", DataTypes.IntegerType, false),
      DataTypes.createStructField("pred_class", DataTypes.IntegerType, false),
      DataTypes.createStructField("pixels", DataTypes.LongType, false)});

  /**
   * Writes every table of the run, its bootstrap replicates (with --bootstrap) and then its report, whose gate
   * block needs them (summary.json comes last, from {@link RunContext#finish}). The driver's tables (summary,
   * per_class, confusion) are written from the driver without a Spark job; the per-image tables by Spark, the
   * report's worst images taken from per_image's rows on the way.
   */
  public static void write(RunContext run, SparkSession spark, SegmentationResult r, StepTimer timer) {
    run.writeTable("summary", SUMMARY, row -> summaryRows(r, row));
    run.writeTable("per_class", PER_CLASS, row -> perClassRows(r, row));
    run.writeTable("confusion", CONFUSION, row -> confusionRows(r, row));
    if (r.slices() != null) {
      run.writeTable("per_slice", SegmentationSlices.PER_SLICE, row -> SegmentationSlices.rows(r.config(), r.slices(), row));
    } else {
      run.deleteTable("per_slice");
    }
    timer.lap("write summary, per_class, confusion" + (r.slices() != null ? ", per_slice" : ""));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("overlap-segmentation", "write per_image (and the report's worst images), per_image_class", false);
    RowDigest worst = SegmentationHtmlReport.digest(spark);
    run.writeTable("per_image", SegmentationJob.PER_IMAGE, SegmentationJob.perImageRows(r.persisted()), worst);
    run.writeTable("per_image_class", SegmentationJob.PER_IMAGE_CLASS, SegmentationJob.perImageClassRows(r.persisted()),
        null);
    timer.lap("write per_image, per_image_class");
    if (r.counts().rejected() > 0) {
      run.writeTable("rejects", Outputs.IMAGE_REJECTS, SegmentationJob.rejectRows(r.persisted()).coalesce(1), null);
    }
    else run.deleteTable("rejects");
    timer.lap("write rejects");
    jsc.clearJobGroup();
    if (r.intervals() != null) {
      run.replicates(replicates(r), r.config().bootstrap().seed());
      timer.lap("write replicates");
    }
    SegmentationHtmlReport.write(run, r, worst.value().top());
    timer.lap("write report.html");
  }

  /** Every bootstrap replicate of the headline metrics (NaN where undefined), for a later --significance gate. */
  public static Map<String, double[]> replicates(SegmentationResult r) {
    Map<String, double[]> m = new java.util.LinkedHashMap<>();
    double[][] h = r.intervals().replicateHeadline();
    for (int i = 0; i < h.length && i < METRICS.length; i++) m.put(METRICS[i], h[i].clone());
    return m;
  }

  /** The summary metrics by name (the gate's and the runs table's), null where undefined. */
  public static Map<String, Double> metrics(SegmentationResult r) {
    double[] v = summaryValues(r);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < METRICS.length; i++) m.put(METRICS[i], orNull(v[i]));
    if (r.boundary() != null) m.put(BOUNDARY_METRIC, orNull(r.boundary().meanBoundaryIou()));
    return m;
  }

  /** The record totals of the runs table: image pairs read = evaluated + rejected. */
  public static RunContext.Records records(SegmentationResult r) {
    Counts c = r.counts();
    return new RunContext.Records("image pairs", c.pairs(), c.evaluated(), 0, c.rejected(),
        Map.of("image_pairs", c.rejected()));
  }

  /** Counts stored in the runs table beside the record totals. */
  public static Map<String, Long> counts(SegmentationResult r) {
    Counts c = r.counts();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("gt_maps", c.gtMaps());
    m.put("pred_maps", c.predMaps());
    m.put("gt_files", c.gtFiles());
    m.put("pred_files", c.predFiles());
    m.put("valid_pixels", r.metrics().totalPixels());
    m.put("ignored_pixels", c.ignoredPixels());
    m.put("bytes_read", c.bytesRead());
    return m;
  }

  /** The summary metric --boundary adds: the mean of the defined per-class boundary IoUs. */
  public static final String BOUNDARY_METRIC = "mBoundaryIoU";

  static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** The bootstrap interval of summary metric {@code i} ({@link #METRICS} order); NaNs without --bootstrap. */
  static double[] headlineInterval(SegmentationResult r, int i) {
    return r.intervals() == null ? new double[] {Double.NaN, Double.NaN} : r.intervals().headline()[i];
  }

  /** The summary metrics of a result, NaN where undefined, in {@link #METRICS} order. */
  public static double[] summaryValues(SegmentationResult r) {
    SemsegMetrics m = r.metrics();
    return new double[] {m.meanIou(), m.frequencyWeightedIou(), m.pixelAccuracy(), m.meanClassAccuracy(), m.meanDice(),
        m.signalMeanIou(r.config().excludedFromHeadline())};
  }

  static void summaryRows(SegmentationResult r, ParquetTableWriter.Row row) {
    double[] v = summaryValues(r);
    for (int i = 0; i < METRICS.length; i++) {
      double[] ci = headlineInterval(r, i);
      row.setString(0, METRICS[i]).setDouble(1, orNull(v[i])).setDouble(2, orNull(ci[0])).setDouble(3, orNull(ci[1]))
          .end();
    }
    if (r.boundary() != null) row.setString(0, BOUNDARY_METRIC).setDouble(1, orNull(r.boundary().meanBoundaryIou())).end();
  }

  static void perClassRows(SegmentationResult r, ParquetTableWriter.Row row) {
    SemsegMetrics m = r.metrics();
    SegmentationConfig cfg = r.config();
    for (int c = 0; c < m.numClasses(); c++) {
      row.setInt(0, c).setString(1, cfg.classNames()[c]).setDouble(2, orNull(m.iou(c))).setDouble(3, orNull(m.dice(c)))
          .setDouble(4, orNull(m.precision(c))).setDouble(5, orNull(m.recall(c))).setLong(6, m.gtPixels(c))
          .setLong(7, m.predPixels(c)).setLong(8, m.truePositives(c)).setDouble(9, orNull(m.frequency(c)))
          .setBoolean(10, cfg.isSignal(c));
      SemsegBootstrap.SemsegIntervals iv = r.intervals();
      if (iv != null) {
        row.setDouble(11, orNull(iv.iou()[c][0])).setDouble(12, orNull(iv.iou()[c][1]))
            .setDouble(13, orNull(iv.dice()[c][0])).setDouble(14, orNull(iv.dice()[c][1]))
            .setDouble(15, orNull(iv.accuracy()[c][0])).setDouble(16, orNull(iv.accuracy()[c][1]));
      } else {
        for (int j = 11; j <= 16; j++) row.setDouble(j, null);
      }
      BoundaryTotals b = r.boundary();
      if (b != null) {
        row.setDouble(17, orNull(b.boundaryIou(c))).setLong(18, b.intersection(c)).setLong(19, b.union(c))
            .setDouble(20, orNull(b.hd95Mean(c))).setDouble(21, orNull(b.hdMean(c))).setDouble(22, orNull(b.assdMean(c)))
            .setLong(23, b.distanceImages(c));
      }
      row.end();
    }
  }

  /** The non-zero cells of the confusion matrix, row-major. */
  static void confusionRows(SegmentationResult r, ParquetTableWriter.Row row) {
    int k = r.config().numClasses();
    long[] m = r.confusion();
    for (int g = 0; g < k; g++) {
      for (int p = 0; p < k; p++) {
        if (m[g * k + p] != 0) row.setInt(0, g).setInt(1, p).setLong(2, m[g * k + p]).end();
      }
    }
  }

  /** summary.json: the metrics at full precision (null where undefined), per class, counts, parameters, inputs. */
  public static ObjectNode summaryJson(SegmentationResult r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    SegmentationConfig cfg = r.config();
    SemsegMetrics m = r.metrics();
    root.put("task", "segmentation");
    root.put("run_id", cfg.run().runId());
    double[] v = summaryValues(r);
    for (int i = 0; i < METRICS.length; i++) root.put(METRICS[i], orNull(v[i]));
    if (r.boundary() != null) root.put(BOUNDARY_METRIC, orNull(r.boundary().meanBoundaryIou()));
    ArrayNode signal = root.putArray("signal_classes");
    for (int c = 0; c < m.numClasses(); c++) if (cfg.isSignal(c)) signal.add(c);
    ArrayNode perClass = root.putArray("per_class");
    for (int c = 0; c < m.numClasses(); c++) {
      ObjectNode o = perClass.addObject();
      o.put("class_id", c);
      o.put("name", cfg.classNames()[c]);
      o.put("iou", orNull(m.iou(c)));
      o.put("dice", orNull(m.dice(c)));
      o.put("precision", orNull(m.precision(c)));
      o.put("recall", orNull(m.recall(c)));
      o.put("frequency", orNull(m.frequency(c)));
      o.put("gt_pixels", m.gtPixels(c));
      o.put("pred_pixels", m.predPixels(c));
      o.put("tp_pixels", m.truePositives(c));
      BoundaryTotals b = r.boundary();
      if (b != null) {
        o.put("boundary_iou", orNull(b.boundaryIou(c)));
        o.put("boundary_intersection", b.intersection(c));
        o.put("boundary_union", b.union(c));
        o.put("hd95_mean", orNull(b.hd95Mean(c)));
        o.put("hd_mean", orNull(b.hdMean(c)));
        o.put("assd_mean", orNull(b.assdMean(c)));
        o.put("distance_images", b.distanceImages(c));
      }
      SemsegBootstrap.SemsegIntervals iv = r.intervals();
      if (iv != null) {
        o.put("iou_lo", orNull(iv.iou()[c][0]));
        o.put("iou_hi", orNull(iv.iou()[c][1]));
        o.put("dice_lo", orNull(iv.dice()[c][0]));
        o.put("dice_hi", orNull(iv.dice()[c][1]));
        o.put("recall_lo", orNull(iv.accuracy()[c][0]));
        o.put("recall_hi", orNull(iv.accuracy()[c][1]));
      }
    }
    if (r.intervals() != null) {
      ObjectNode ci = root.putObject("ci");
      for (int i = 0; i < METRICS.length; i++) {
        double[] iv = headlineInterval(r, i);
        ArrayNode pair = ci.putArray(METRICS[i]);
        if (Double.isNaN(iv[0])) {
          pair.addNull();
          pair.addNull();
        } else {
          pair.add(iv[0]);
          pair.add(iv[1]);
        }
      }
      ObjectNode b = root.putObject("bootstrap");
      b.put("replicates", cfg.bootstrap().replicates());
      b.put("seed", cfg.bootstrap().seed());
      b.put("confidence", cfg.bootstrap().confidence());
      b.put("sampling_unit", "image");
    }
    Counts c = r.counts();
    ObjectNode counts = root.putObject("counts");
    counts.put("pairs", c.pairs());
    counts.put("evaluated", c.evaluated());
    counts.put("rejected", c.rejected());
    counts.put("gt_maps", c.gtMaps());
    counts.put("pred_maps", c.predMaps());
    counts.put("gt_files", c.gtFiles());
    counts.put("pred_files", c.predFiles());
    counts.put("gt_files_not_read", c.gtFilesSkipped());
    counts.put("pred_files_not_read", c.predFilesSkipped());
    counts.put("valid_pixels", m.totalPixels());
    counts.put("ignored_pixels", c.ignoredPixels());
    counts.put("bytes_read", c.bytesRead());
    ObjectNode params = root.putObject("parameters");
    params.put("num_classes", cfg.numClasses());
    if (cfg.ignoreLabel() >= 0) params.put("ignore_label", cfg.ignoreLabel());
    else params.putNull("ignore_label");
    ArrayNode ex = params.putArray("exclude_from_headline");
    for (int id : cfg.excludedFromHeadline()) ex.add(id);
    params.put("max_pixels", cfg.maxPixels());
    params.put("partitions", r.partitions());
    if (cfg.boundary() != null) {
      ObjectNode b = params.putObject("boundary");
      b.put("dilation_ratio", cfg.boundary().dilationRatio());
      ArrayNode sp = b.putArray("spacing");
      sp.add(cfg.boundary().spacingX());
      sp.add(cfg.boundary().spacingY());
    }
    ObjectNode inputs = root.putObject("inputs");
    inputs.put("gt", RunContext.maskUserInfo(cfg.gt()));
    inputs.put("pred", RunContext.maskUserInfo(cfg.pred()));
    inputs.put("gt_format", r.gtFormat());
    inputs.put("pred_format", r.predFormat());
    if (r.gtFormat().equals("png")) inputs.put("gt_suffix", cfg.gtSuffix());
    if (r.predFormat().equals("png")) inputs.put("pred_suffix", cfg.predSuffix());
    inputs.put("classes", cfg.classesFile());
    ObjectNode task = root.putObject("task_seconds");
    task.put("read", c.readNanos() / 1e9);
    task.put("decode", c.decodeNanos() / 1e9);
    task.put("count", c.countNanos() / 1e9);
    if (r.boundary() != null) task.put("boundary", r.boundaryNanos() / 1e9);
    if (r.slices() != null) SegmentationSlices.json(cfg, r.slices(), root);
    root.put("tables", "summary, per_class, confusion, per_image, per_image_class"
        + (r.slices() != null ? ", per_slice" : "") + (c.rejected() > 0 ? ", rejects" : "")
        + " (Parquet, partitioned by run_id); runs");
    return root;
  }
}
