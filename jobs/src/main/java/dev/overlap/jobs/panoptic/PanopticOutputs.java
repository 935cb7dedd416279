package dev.overlap.jobs.panoptic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.io.PanopticJsonReader.Category;
import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PqResult.Group;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.panoptic.PanopticJob.Counts;
import dev.overlap.jobs.panoptic.PanopticJob.PanopticResult;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.StepTimer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The panoptic job's outputs under {@code --out}: Parquet tables {@code summary}, {@code per_class},
 * {@code per_image} (and {@code semantic_per_class} with --also-semantic, {@code per_slice} with --slice-by,
 * {@code rejects} in skip mode), partitioned by {@code run_id}, through {@link RunContext} (which also writes the
 * {@code runs} row, then {@code summary.json}, last). Undefined values are null, never NaN.
 */
public final class PanopticOutputs {
  private PanopticOutputs() {}

  /** The summary metrics, in the order of the table and of summary.json. */
  public static final String[] METRICS = {"PQ", "SQ", "RQ", "PQ_th", "SQ_th", "RQ_th", "PQ_st", "SQ_st", "RQ_st"};

  /** Metrics the gate may also name with --also-semantic. */
  public static final String[] SEMANTIC_METRICS = {"mIoU", "pixel_accuracy"};

  static final StructType SUMMARY = new StructType(new StructField[] {
      DataTypes.createStructField("metric", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("categories", DataTypes.IntegerType, true),
      // bootstrap interval (--bootstrap), null without
      DataTypes.createStructField("lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("hi", DataTypes.DoubleType, true)});

  static final StructType PER_CLASS = new StructType(new StructField[] {
      DataTypes.createStructField("category_id", DataTypes.IntegerType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("isthing", DataTypes.BooleanType, false),
      DataTypes.createStructField("pq", DataTypes.DoubleType, true),
      DataTypes.createStructField("sq", DataTypes.DoubleType, true),
      DataTypes.createStructField("rq", DataTypes.DoubleType, true),
      DataTypes.createStructField("tp", DataTypes.LongType, false),
      DataTypes.createStructField("fp", DataTypes.LongType, false),
      DataTypes.createStructField("fn", DataTypes.LongType, false),
      DataTypes.createStructField("iou_sum", DataTypes.DoubleType, false),
      DataTypes.createStructField("counted", DataTypes.BooleanType, false),
      // bootstrap intervals (--bootstrap), null without
      DataTypes.createStructField("pq_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("pq_hi", DataTypes.DoubleType, true),
      DataTypes.createStructField("sq_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("sq_hi", DataTypes.DoubleType, true),
      DataTypes.createStructField("rq_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("rq_hi", DataTypes.DoubleType, true)});

  static final StructType SEMANTIC_PER_CLASS = new StructType(new StructField[] {
      DataTypes.createStructField("category_id", DataTypes.IntegerType, true),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("iou", DataTypes.DoubleType, true),
      DataTypes.createStructField("gt_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("pred_pixels", DataTypes.LongType, false),
      DataTypes.createStructField("tp_pixels", DataTypes.LongType, false)});

  /**
   * Writes every table of the run, its bootstrap replicates (with --bootstrap) and then its report, whose gate
   * block needs them (summary.json comes last, from {@link RunContext#finish}).
   */
  public static void write(RunContext run, SparkSession spark, PanopticResult r, StepTimer timer) {
    run.writeTable("summary", SUMMARY, row -> summaryRows(r, row));
    run.writeTable("per_class", PER_CLASS, row -> perClassRows(r, row));
    if (r.semantic() != null) run.writeTable("semantic_per_class", SEMANTIC_PER_CLASS, row -> semanticRows(r, row));
    else run.deleteTable("semantic_per_class");
    if (r.slices() != null) {
      run.writeTable("per_slice", PanopticSlices.PER_SLICE, row -> PanopticSlices.rows(r.slices(), row));
    } else {
      run.deleteTable("per_slice");
    }
    timer.lap("write summary, per_class" + (r.slices() != null ? ", per_slice" : ""));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("overlap-panoptic", "write per_image", false);
    run.writeTable("per_image", PanopticJob.PER_IMAGE, PanopticJob.perImageRows(r.persisted()), null);
    timer.lap("write per_image");
    if (r.counts().rejected() + r.counts().rejectedPredAnnotations() > 0) {
      run.writeTable("rejects", Outputs.IMAGE_REJECTS, PanopticJob.rejectRows(r.persisted()).coalesce(1), null);
    }
    else run.deleteTable("rejects");
    timer.lap("write rejects");
    jsc.clearJobGroup();
    if (r.intervals() != null) {
      run.replicates(replicates(r), r.config().bootstrap().seed());
      timer.lap("write replicates");
    }
    PanopticHtmlReport.write(run, r);
    timer.lap("write report.html");
  }

  /** The summary metrics by name (the gate's and the runs table's), null where undefined. */
  public static Map<String, Double> metrics(PanopticResult r) {
    double[] v = summaryValues(r.pq());
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < METRICS.length; i++) m.put(METRICS[i], orNull(v[i]));
    if (r.semantic() != null) {
      m.put("mIoU", orNull(semanticMiou(r.semantic())));
      m.put("pixel_accuracy", orNull(r.semantic().pixelAccuracy()));
    }
    return m;
  }

  /** The record totals of the runs table: ground-truth images read = evaluated + rejected. */
  public static RunContext.Records records(PanopticResult r) {
    Counts c = r.counts();
    Map<String, Long> byKind = new LinkedHashMap<>();
    byKind.put("images", c.rejected());
    if (c.rejectedPredAnnotations() > 0) byKind.put("pred_annotations", c.rejectedPredAnnotations());
    return new RunContext.Records("images", c.images(), c.evaluated(), 0, c.rejected(), byKind);
  }

  /** Counts stored in the runs table beside the record totals. */
  public static Map<String, Long> counts(PanopticResult r) {
    Counts c = r.counts();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("pred_entries", c.predEntries());
    m.put("pred_entries_ignored", c.predIgnored());
    m.put("gt_files", c.gtFiles());
    m.put("pred_files", c.predFiles());
    m.put("pixels", c.pixels());
    m.put("bytes_read", c.bytesRead());
    return m;
  }

  static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** PQ SQ RQ for All, Things, Stuff; NaN where no category is counted. */
  static double[] summaryValues(PqResult p) {
    return new double[] {p.pq(Group.ALL), p.sq(Group.ALL), p.rq(Group.ALL), p.pq(Group.THINGS), p.sq(Group.THINGS),
        p.rq(Group.THINGS), p.pq(Group.STUFF), p.sq(Group.STUFF), p.rq(Group.STUFF)};
  }

  /** Mean IoU over the categories (the predicted-VOID column is not a class of its own). */
  static double semanticMiou(SemsegMetrics m) {
    return m.signalMeanIou(m.numClasses() - 1);
  }

  static void summaryRows(PanopticResult r, ParquetTableWriter.Row row) {
    double[] v = summaryValues(r.pq());
    Group[] groups = {Group.ALL, Group.THINGS, Group.STUFF};
    for (int i = 0; i < METRICS.length; i++) {
      double[] ci = headlineInterval(r, i);
      row.setString(0, METRICS[i]).setDouble(1, orNull(v[i])).setInt(2, r.pq().counted(groups[i / 3]))
          .setDouble(3, orNull(ci[0])).setDouble(4, orNull(ci[1])).end();
    }
    if (r.semantic() != null) {
      int defined = 0;
      for (int c = 0; c < r.categories().size(); c++) if (r.semantic().hasIou(c)) defined++;
      row.setString(0, "mIoU").setDouble(1, orNull(semanticMiou(r.semantic()))).setInt(2, defined).setNull(3).setNull(4)
          .end();
      row.setString(0, "pixel_accuracy").setDouble(1, orNull(r.semantic().pixelAccuracy())).setNull(2).setNull(3)
          .setNull(4).end();
    }
  }

  static void perClassRows(PanopticResult r, ParquetTableWriter.Row row) {
    PqResult p = r.pq();
    for (int c = 0; c < p.numCategories(); c++) {
      Category cat = r.categories().get(c);
      row.setInt(0, cat.id()).setString(1, cat.name()).setBoolean(2, cat.isThing()).setDouble(3, orNull(p.pq(c)))
          .setDouble(4, orNull(p.sq(c))).setDouble(5, orNull(p.rq(c))).setLong(6, p.tp(c)).setLong(7, p.fp(c))
          .setLong(8, p.fn(c)).setDouble(9, p.iouSum(c)).setBoolean(10, p.counted(c));
      for (int j = 0; j < 3; j++) {
        double[] ci = classInterval(r, c, j);
        row.setDouble(11 + 2 * j, orNull(ci[0])).setDouble(12 + 2 * j, orNull(ci[1]));
      }
      row.end();
    }
  }

  /** The bootstrap interval of headline metric i ({@link #METRICS} order); NaNs without --bootstrap. */
  static double[] headlineInterval(PanopticResult r, int i) {
    return r.intervals() == null ? new double[] {Double.NaN, Double.NaN} : r.intervals().headline()[i];
  }

  /** The bootstrap interval of category c's pq (j = 0), sq (1) or rq (2); NaNs without --bootstrap. */
  static double[] classInterval(PanopticResult r, int c, int j) {
    return r.intervals() == null ? new double[] {Double.NaN, Double.NaN} : r.intervals().perClass()[c][j];
  }

  /** Every replicate of the headline metrics (NaN where undefined), for a later --significance gate. */
  public static Map<String, double[]> replicates(PanopticResult r) {
    Map<String, double[]> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < METRICS.length; i++) m.put(METRICS[i], r.intervals().replicateHeadline()[i].clone());
    return m;
  }

  static void semanticRows(PanopticResult r, ParquetTableWriter.Row row) {
    SemsegMetrics m = r.semantic();
    for (int c = 0; c < m.numClasses(); c++) {
      boolean isVoid = c == r.categories().size();
      if (isVoid) row.setNull(0);
      else row.setInt(0, r.categories().get(c).id());
      row.setString(1, isVoid ? "VOID (unlabeled prediction)" : r.categories().get(c).name())
          .setDouble(2, isVoid ? null : orNull(m.iou(c))).setLong(3, m.gtPixels(c)).setLong(4, m.predPixels(c))
          .setLong(5, m.truePositives(c)).end();
    }
  }

  /** summary.json: the metrics at full precision (null where undefined), per class, counts, parameters, inputs. */
  public static ObjectNode summaryJson(PanopticResult r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    PanopticConfig cfg = r.config();
    PqResult p = r.pq();
    root.put("task", "panoptic");
    root.put("run_id", cfg.run().runId());
    double[] v = summaryValues(p);
    for (int i = 0; i < METRICS.length; i++) root.put(METRICS[i], orNull(v[i]));
    ObjectNode n = root.putObject("categories_averaged");
    n.put("All", p.counted(Group.ALL));
    n.put("Things", p.counted(Group.THINGS));
    n.put("Stuff", p.counted(Group.STUFF));
    ArrayNode perClass = root.putArray("per_class");
    for (int c = 0; c < p.numCategories(); c++) {
      Category cat = r.categories().get(c);
      ObjectNode o = perClass.addObject();
      o.put("category_id", cat.id());
      o.put("name", cat.name());
      o.put("isthing", cat.isThing() ? 1 : 0);
      o.put("pq", orNull(p.pq(c)));
      o.put("sq", orNull(p.sq(c)));
      o.put("rq", orNull(p.rq(c)));
      o.put("tp", p.tp(c));
      o.put("fp", p.fp(c));
      o.put("fn", p.fn(c));
      o.put("iou_sum", p.iouSum(c));
      o.put("counted", p.counted(c));
      if (r.intervals() != null) {
        String[] s = {"pq", "sq", "rq"};
        for (int j = 0; j < 3; j++) {
          double[] ci = classInterval(r, c, j);
          o.put(s[j] + "_lo", orNull(ci[0]));
          o.put(s[j] + "_hi", orNull(ci[1]));
        }
      }
    }
    if (r.intervals() != null) {
      ObjectNode ci = root.putObject("ci");
      for (int i = 0; i < METRICS.length; i++) {
        double[] iv = headlineInterval(r, i);
        ArrayNode pair = ci.putArray(METRICS[i]);
        pair.add(orNull(iv[0]));
        pair.add(orNull(iv[1]));
      }
      ObjectNode b = root.putObject("bootstrap");
      b.put("replicates", cfg.bootstrap().replicates());
      b.put("seed", cfg.bootstrap().seed());
      b.put("confidence", cfg.bootstrap().confidence());
      b.put("sampling_unit", "image");
    }
    if (r.semantic() != null) {
      SemsegMetrics m = r.semantic();
      ObjectNode s = root.putObject("semantic");
      s.put("mIoU", orNull(semanticMiou(m)));
      s.put("pixel_accuracy", orNull(m.pixelAccuracy()));
      ArrayNode pc = s.putArray("per_class");
      for (int c = 0; c < r.categories().size(); c++) {
        ObjectNode o = pc.addObject();
        o.put("category_id", r.categories().get(c).id());
        o.put("iou", orNull(m.iou(c)));
        o.put("gt_pixels", m.gtPixels(c));
        o.put("pred_pixels", m.predPixels(c));
        o.put("tp_pixels", m.truePositives(c));
      }
      int vd = r.categories().size();
      s.put("void_predicted_pixels", m.predPixels(vd));
    }
    if (r.slices() != null) PanopticSlices.json(r.slices(), root);
    Counts c = r.counts();
    ObjectNode counts = root.putObject("counts");
    counts.put("images", c.images());
    counts.put("evaluated", c.evaluated());
    counts.put("rejected", c.rejected());
    counts.put("rejected_pred_annotations", c.rejectedPredAnnotations());
    counts.put("pred_entries", c.predEntries());
    counts.put("pred_entries_ignored", c.predIgnored());
    counts.put("gt_files", c.gtFiles());
    counts.put("pred_files", c.predFiles());
    counts.put("pixels", c.pixels());
    counts.put("bytes_read", c.bytesRead());
    counts.put("categories", r.categories().size());
    ObjectNode params = root.putObject("parameters");
    params.put("also_semantic", cfg.alsoSemantic());
    params.put("max_pixels", cfg.maxPixels());
    params.put("partitions", r.partitions());
    ObjectNode inputs = root.putObject("inputs");
    inputs.put("gt_json", RunContext.maskUserInfo(cfg.gtJson()));
    inputs.put("gt_dir", RunContext.maskUserInfo(cfg.gtDir()));
    inputs.put("pred_json", RunContext.maskUserInfo(cfg.predJson()));
    inputs.put("pred_dir", RunContext.maskUserInfo(cfg.predDir()));
    ObjectNode task = root.putObject("task_seconds");
    task.put("read", c.readNanos() / 1e9);
    task.put("decode", c.decodeNanos() / 1e9);
    task.put("count_and_match", c.countNanos() / 1e9);
    root.put("tables", "summary, per_class, per_image" + (r.semantic() != null ? ", semantic_per_class" : "")
        + (r.slices() != null ? ", per_slice" : "") + (c.rejected() + c.rejectedPredAnnotations() > 0 ? ", rejects" : "") + " (Parquet, partitioned by run_id); runs");
    return root;
  }
}
