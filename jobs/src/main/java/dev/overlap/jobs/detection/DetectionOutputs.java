package dev.overlap.jobs.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Suppression;
import dev.overlap.core.geometry.Box3dSummary;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.RowDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The detection job's outputs under {@code --out}: Parquet tables {@code summary}, {@code per_class},
 * {@code pr_curve}, {@code per_image}, partitioned by {@code run_id} and {@code iou_type} (through
 * {@link RunContext}, which also writes the {@code runs} row and then {@code summary.json}, last),
 * and {@code report.html} (see {@link dev.overlap.jobs.report.ReportFiles}). Undefined numbers
 * (pycocotools' -1) are null in tables and -1 in summary.json, where users compare them with
 * pycocotools' stats.
 */
public final class DetectionOutputs {
  private DetectionOutputs() {}

  public static final String[] PER_CLASS_METRICS = CocoSummary.NAMES;
  /**
   * per_class metric columns after COCO's twelve, filled by other protocols: keypoints' AR / AR50 / AR75
   * (maxDets 20) and LVIS's AR (300 per image); null where the run's protocol has no such number.
   */
  public static final String[] PER_CLASS_EXTRA_METRICS = {"AR", "AR50", "AR75"};


  static final StructType SUMMARY = new StructType(new StructField[] {
      DataTypes.createStructField("metric", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("hi", DataTypes.DoubleType, true)});

  static final StructType PER_CLASS;
  static final StructType PR_CURVE = new StructType(new StructField[] {
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("iou_threshold", DataTypes.DoubleType, false),
      DataTypes.createStructField("area_range", DataTypes.StringType, false),
      DataTypes.createStructField("max_dets", DataTypes.IntegerType, false),
      DataTypes.createStructField("recall_threshold", DataTypes.DoubleType, false),
      DataTypes.createStructField("precision", DataTypes.DoubleType, false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false)});

  static {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("category_id", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("name", DataTypes.StringType, true));
    for (String m : PER_CLASS_METRICS) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("num_gt", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("num_pred", DataTypes.LongType, false));
    // bootstrap intervals (--bootstrap), null without
    for (String m : PER_CLASS_METRICS) {
      f.add(DataTypes.createStructField(m + "_lo", DataTypes.DoubleType, true));
      f.add(DataTypes.createStructField(m + "_hi", DataTypes.DoubleType, true));
    }
    f.addAll(LocalizationColumns.PER_CLASS_FIELDS);
    // AP at IoU 0.25: bev / 3d runs (null for bbox / segm)
    f.add(DataTypes.createStructField("AP25", DataTypes.DoubleType, true));
    for (String m : PER_CLASS_EXTRA_METRICS) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    // LVIS: the category's frequency group, r / c / f (null for other protocols)
    f.add(DataTypes.createStructField("frequency", DataTypes.StringType, true));
    PER_CLASS = new StructType(f.toArray(new StructField[0]));
  }

  /**
   * Writes every table of the run, its bootstrap replicates (with --bootstrap) and then its HTML report,
   * whose gate block needs them (summary.json comes last, from {@link RunContext#finish}). The driver's
   * tables (summary, per_class, pr_curve) are written from the driver without a Spark job; per_image is
   * written by Spark, and the report's per-image totals and worst images are taken from its rows on the way.
   */
  public static void write(RunContext run, SparkSession spark, DetectionResult r, dev.overlap.jobs.spark.StepTimer timer) {
    // pr_curve (encoded on the driver, the longest of the writes) starts first and is written while the driver's
    // other tables are and the per_image tasks run: they take turns on the cores instead of one waiting for the
    // other (the driver mostly waits during a job, the tasks during the encoding). It is cut into parts by
    // category, and once per_image is written this thread takes the parts the curve writer has not started.
    ParquetTableWriter.Replacement curve = run.beginTable("pr_curve", PR_CURVE, prCurveParts(r));
    // its errors are kept by the Replacement (thrown by finishTable), which also waits for the parts it holds
    Thread curveWriter = new Thread(curve::help, "overlap-pr-curve-writer");
    curveWriter.setDaemon(true);
    curveWriter.start();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RowDigest images;
    try {
      run.writeTable("summary", SUMMARY, row -> summaryRows(r, row));
      run.writeTable("per_class", PER_CLASS, row -> perClassRows(r, row));
      DiagnosticsOutputs.write(run, r);
      if (r.slices() != null) {
        run.writeTable("per_slice", DetectionSlices.PER_SLICE, row -> DetectionSlices.rows(r.slices(), r.categoryIds(),
            r.categoryNames(), row));
      } else {
        run.deleteTable("per_slice");
      }
      timer.lap("write summary, per_class" + DiagnosticsOutputs.tables(r.diagnostics()) + (r.slices() != null
          ? ", per_slice" : ""));
      jsc.setJobGroup("overlap-detection", "write per_image (and the report's per-image totals, worst images)", false);
      images = DetectionHtmlReport.digest(spark);
      // from the evaluation output's rows, not through the per_image Dataset: no Spark SQL (TaskTableWriter)
      run.writeTable("per_image", DetectionJob.PER_IMAGE, DetectionJob.perImageRows(r.persisted()), images);
      curve.help();
    } catch (RuntimeException | Error e) {
      try {
        curve.abort(); // never leave the curve half-written behind a failed write
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    run.finishTable("pr_curve", curve);
    timer.lap("write pr_curve, per_image");
    if (r.counts().rejected() > 0) run.writeTable("rejects", r.rejects().coalesce(1));
    else run.deleteTable("rejects");
    timer.lap("write rejects");
    jsc.clearJobGroup();
    if (r.intervals() != null || r.diagnostics().vocIntervals() != null) {
      run.replicates(replicates(r), r.config().bootstrap().seed());
      timer.lap("write replicates");
    }
    DetectionHtmlReport.write(run, r, DetectionHtmlReport.imageErrors(images.value()));
    timer.lap("write report.html");
  }

  /** The partition values of a detection run's tables after run_id. */
  public static Map<String, String> partition(DetectionConfig cfg) {
    // a --protocol run is its own job (detection-bbox-voc07): its AP is VOC's, never compared with COCO's
    String protocol = cfg.diagnostics().protocol() != null ? "-" + cfg.diagnostics().protocol().label() : "";
    return Map.of("iou_type", cfg.params().iouType().label() + protocol);
  }

  /** The metric names a run reports (what the gate may name). */
  public static List<String> metricNames(DetectionConfig cfg) {
    if (cfg.diagnostics().protocol() != null) return DiagnosticsOutputs.VOC_METRICS;
    // COCO's twelve, keypoints' ten or LVIS's thirteen
    if (cfg.params().iouType() == dev.overlap.core.coco.IouType.KEYPOINTS) {
      return List.of(dev.overlap.core.keypoints.KeypointStats.NAMES);
    }
    if (cfg.lvis() && cfg.params().useCats()) return List.of(dev.overlap.core.lvis.LvisStats.NAMES);
    return List.of(cfg.params().iouType().isBox3d() ? Box3dSummary.NAMES : CocoSummary.keys(cfg.params()));
  }

  /**
   * The headline metrics by name (the gate's and the runs table's): pycocotools' twelve for default
   * parameters, else the keys of {@link CocoSummary#keys(CocoParams)} (AR per maxDets value and area range);
   * bev / 3d's four.
   */
  public static Map<String, Double> metrics(DetectionResult r) {
    if (r.diagnostics().voc() != null) return DiagnosticsOutputs.vocMetrics(r.diagnostics().voc());
    Map<String, Double> m = new LinkedHashMap<>();
    if (Box3dViews.applies(r)) {
      Box3dSummary b = Box3dViews.summary(r);
      for (int i = 0; i < Box3dSummary.NAMES.length; i++) m.put(Box3dSummary.NAMES[i], b.stat(i));
      return m;
    }
    String[] keys = r.summary().keys();
    double[] values = r.summary().values();
    for (int i = 0; i < keys.length; i++) m.put(keys[i], values[i]);
    return m;
  }

  /**
   * Every bootstrap replicate of the headline metrics that have intervals (summary keys, -1 where undefined): what a
   * later run's {@code --significance} gate pairs with its own.
   */
  public static Map<String, double[]> replicates(DetectionResult r) {
    Map<String, double[]> m = new LinkedHashMap<>();
    if (r.diagnostics().vocIntervals() != null) return DiagnosticsOutputs.vocReplicates(r.diagnostics().vocIntervals());
    double[][] stats = r.intervals().replicateStats();
    for (String key : headlineKeys(r)) {
      int at = intervalIndex(r, key);
      if (at < 0) continue;
      double[] v = new double[stats.length];
      for (int rep = 0; rep < v.length; rep++) v[rep] = stats[rep][at] > -1 ? stats[rep][at] : Double.NaN;
      m.put(key, v);
    }
    return m;
  }

  /**
   * A bootstrap run's numbers as a paired comparison reads them, in the run's own protocol: headline metrics and
   * per-class metrics with every replicate. Undefined values (COCO's -1) are NaN.
   *
   * @param replicates {@code [metric][replicate]}
   * @param classValues {@code [class][class metric]}, {@code classReplicates [class][class metric][replicate]}
   */
  public record PairedView(String[] metrics, double[] values, double[][] replicates, String[] classMetrics,
      double[][] classValues, double[][][] classReplicates) {}

  /** The per-class metrics of a VOC run in a paired view: AP at 0.5, the mean over thresholds, AP at 0.75. */
  static final String[] VOC_CLASS_METRICS = {"AP50", "AP", "AP75"};

  /** The paired view of a run made with --bootstrap: COCO's twelve, keypoints' ten, LVIS's thirteen, bev / 3d's four, VOC's. */
  public static PairedView pairedView(DetectionResult r) {
    int k0 = r.categoryIds().length;
    var voc = r.diagnostics().vocIntervals();
    if (voc != null) {
      var v = r.diagnostics().voc();
      int t50 = v.thresholdIndex(0.5);
      int t75 = v.thresholdIndex(0.75);
      String[] m = dev.overlap.core.voc.VocSummary.METRICS;
      int reps = voc.replicates();
      double[] values = new double[m.length];
      double[][] reps0 = new double[m.length][reps];
      for (int i = 0; i < m.length; i++) {
        values[i] = v.metric(i);
        for (int rep = 0; rep < reps; rep++) reps0[i][rep] = voc.replicateStats()[rep][i];
      }
      double[][] cv = new double[k0][];
      double[][][] cr = new double[k0][3][reps];
      for (int k = 0; k < k0; k++) {
        boolean def = v.npos(k) > 0;
        cv[k] = new double[] {def ? v.ap(k, t50) : Double.NaN, v.apMean(k), def ? v.ap(k, t75) : Double.NaN};
        for (int rep = 0; rep < reps; rep++) {
          cr[k][0][rep] = voc.replicateClassAp()[rep][k][t50];
          cr[k][1][rep] = voc.replicateClassMean()[rep][k];
          cr[k][2][rep] = voc.replicateClassAp()[rep][k][t75];
        }
      }
      return new PairedView(m.clone(), values, reps0, VOC_CLASS_METRICS.clone(), cv, cr);
    }
    var iv = r.intervals();
    int reps = iv.replicates();
    boolean box3d = Box3dViews.applies(r);
    String[] layout = box3d ? Box3dSummary.NAMES : r.summary().names();
    List<String> names = new ArrayList<>();
    List<double[]> vals = new ArrayList<>();
    Map<String, Double> all = metrics(r);
    Map<String, double[]> byName = replicates(r);
    for (Map.Entry<String, double[]> e : byName.entrySet()) {
      names.add(e.getKey());
      vals.add(e.getValue());
    }
    int m0 = names.size();
    double[] values = new double[m0];
    double[][] reps0 = new double[m0][];
    for (int i = 0; i < m0; i++) {
      Double x = all.get(names.get(i));
      values[i] = x != null && x > -1 ? x : Double.NaN;
      reps0[i] = vals.get(i);
    }
    Box3dSummary b = box3d ? Box3dViews.summary(r) : null;
    double[][] cv = new double[k0][];
    double[][][] cr = new double[k0][layout.length][reps];
    for (int k = 0; k < k0; k++) {
      double[] c = box3d ? b.categoryStats(k) : r.summary().categoryStats(k);
      cv[k] = new double[layout.length];
      for (int s = 0; s < layout.length; s++) {
        cv[k][s] = c[s] > -1 ? c[s] : Double.NaN;
        for (int rep = 0; rep < reps; rep++) {
          double x = iv.replicateCategoryStats()[rep][k][s];
          cr[k][s][rep] = x > -1 ? x : Double.NaN;
        }
      }
    }
    return new PairedView(names.toArray(new String[0]), values, reps0, layout.clone(), cv, cr);
  }

  /** Counts stored in the runs table beside the record totals. */
  public static Map<String, Long> counts(DetectionResult r) {
    DetectionJob.Counts c = r.counts();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("images", c.images());
    m.put("images_not_evaluated", c.imagesSkipped());
    m.put("categories", (long) r.categoryIds().length);
    m.put("gt_annotations", c.gtRecords());
    m.put("gt_evaluated", c.gtEvaluated());
    m.put("gt_excluded", c.gtExcluded());
    m.put("predictions", c.predRecords());
    m.put("predictions_evaluated", c.predEvaluated());
    m.put("predictions_excluded", c.predExcluded());
    m.put("prediction_files", c.predFiles());
    return m;
  }

  /**
   * The record totals of the runs table: ground-truth annotations and predictions together, read =
   * evaluated + excluded (outside --img-ids / --cat-ids) + rejected; rejections by kind, images and
   * categories of the ground truth included.
   */
  public static RunContext.Records records(DetectionResult r) {
    DetectionJob.Counts c = r.counts();
    Map<String, Long> rejected = new LinkedHashMap<>();
    rejected.put("gt_annotations", c.gtRejected());
    rejected.put("predictions", c.predRejected());
    rejected.put("images", c.imagesRejected());
    rejected.put("categories", c.categoriesRejected());
    return new RunContext.Records("annotations and predictions", c.gtRecords() + c.predRecords(),
        c.gtEvaluated() + c.predEvaluated(), c.gtExcluded() + c.predExcluded(), c.gtRejected() + c.predRejected(),
        rejected);
  }

  static Double orNull(double v) {
    return v > -1 ? v : null;
  }

  /**
   * Where a summary key's bootstrap interval is among the twelve stats' intervals, or -1: the twelve
   * names, where AR1 / AR10 / AR100 count only when they are the stat at that maxDets position (the
   * intervals follow pycocotools' stats); keys beyond the twelve have none.
   */
  static int intervalIndex(String key, CocoParams p) {
    return intervalIndex(key, p, null);
  }

  /**
   * As {@link #intervalIndex(String, CocoParams)} for a result: a keypoint, LVIS or bev / 3d run's intervals follow
   * its own stats (keypoints' ten, LVIS's thirteen, bev / 3d's four), so a key's interval is at the key's position
   * among them.
   */
  static int intervalIndex(DetectionResult r, String key) {
    if (Box3dViews.applies(r)) return java.util.Arrays.asList(Box3dSummary.NAMES).indexOf(key);
    boolean layout = r.summary().accumulation().params().iouType() == dev.overlap.core.coco.IouType.KEYPOINTS
        || r.frequencyGroups() != null;
    return intervalIndex(key, r.summary().accumulation().params(), layout ? r.summary().names() : null);
  }

  private static int intervalIndex(String key, CocoParams p, String[] layoutNames) {
    if (layoutNames != null) return java.util.Arrays.asList(layoutNames).indexOf(key);
    for (int i = 0; i < CocoSummary.NAMES.length; i++) {
      if (!CocoSummary.NAMES[i].equals(key)) continue;
      if (i < 6 || i > 8) return i;
      int j = i - 6;
      return p.numMaxDets() > j && key.equals("AR" + p.maxDets(j)) ? i : -1;
    }
    return -1;
  }

  /** The run's headline keys: bev / 3d's four, else its summary's (COCO's twelve, keypoints' ten, LVIS's thirteen). */
  static String[] headlineKeys(DetectionResult r) {
    return Box3dViews.applies(r) ? Box3dSummary.NAMES : r.summary().keys();
  }

  /** An interval end: null where no replicate defined the stat. */
  static Double nanNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static void summaryRows(DetectionResult r, ParquetTableWriter.Row row) {
    if (Box3dViews.applies(r)) {
      Box3dSummary b = Box3dViews.summary(r);
      for (int i = 0; i < Box3dSummary.NAMES.length; i++) {
        double[] ci = r.intervals() == null ? null : r.intervals().intervals()[i];
        row.setString(0, Box3dSummary.NAMES[i]).setDouble(1, orNull(b.stat(i)))
            .setDouble(2, ci == null ? null : nanNull(ci[0])).setDouble(3, ci == null ? null : nanNull(ci[1])).end();
      }
      return;
    }
    String prefix = "";
    if (r.diagnostics().voc() != null) {
      // VOC's headline first; COCO's stats of the same run follow as coco_*
      var iv = r.diagnostics().vocIntervals();
      int i = 0;
      for (Map.Entry<String, Double> e : DiagnosticsOutputs.vocMetrics(r.diagnostics().voc()).entrySet()) {
        double[] ci = iv == null ? null : iv.intervals()[i++];
        row.setString(0, e.getKey()).setDouble(1, Double.isNaN(e.getValue()) ? null : e.getValue())
            .setDouble(2, ci == null ? null : nanNull(ci[0])).setDouble(3, ci == null ? null : nanNull(ci[1])).end();
      }
      prefix = "coco_";
    }
    String[] keys = r.summary().keys();
    double[] values = r.summary().values();
    for (int i = 0; i < keys.length; i++) {
      int at = intervalIndex(r, keys[i]);
      double[] ci = r.intervals() == null || at < 0 ? null : r.intervals().intervals()[at];
      row.setString(0, prefix + keys[i]).setDouble(1, orNull(values[i]))
          .setDouble(2, ci == null ? null : nanNull(ci[0])).setDouble(3, ci == null ? null : nanNull(ci[1])).end();
    }
  }

  static void perClassRows(DetectionResult r, ParquetTableWriter.Row row) {
    CocoSummary sum = r.summary();
    int m = PER_CLASS_METRICS.length;
    // columns by name: a protocol fills the metrics it has, the others stay null
    int[] from = new int[m + PER_CLASS_EXTRA_METRICS.length];
    for (int i = 0; i < m; i++) from[i] = sum.index(PER_CLASS_METRICS[i]);
    for (int i = 0; i < PER_CLASS_EXTRA_METRICS.length; i++) from[m + i] = sum.index(PER_CLASS_EXTRA_METRICS[i]);
    for (int k = 0; k < r.categoryIds().length; k++) {
      boolean box3d = Box3dViews.applies(r);
      // COCO and bev / 3d fill the twelve columns in order; keypoints and LVIS by name (the others stay null)
      boolean cocoLayout = box3d || java.util.Arrays.equals(sum.names(), CocoSummary.NAMES);
      double[] s = box3d ? Box3dViews.cocoColumns(r, k) : cocoLayout ? sum.namedStats(k) : sum.categoryStats(k);
      row.setLong(0, r.categoryIds()[k]).setString(1, r.categoryNames()[k]);
      for (int i = 0; i < m; i++) {
        double v = cocoLayout ? s[i] : from[i] < 0 ? -1 : s[from[i]];
        row.setDouble(2 + i, orNull(v));
      }
      row.setLong(2 + m, r.numGt()[k]).setLong(3 + m, r.numPred()[k]);
      for (int i = 0; i < m; i++) {
        // the run's own stat of this column's name (AR1 / AR10 / AR100 at other maxDets than pycocotools'
        // positions have none; keypoints and LVIS fill the columns their stats name)
        int at = r.intervals() == null ? -1 : intervalIndex(r, CocoSummary.NAMES[i]);
        double[] ci = at < 0 ? null : r.intervals().categoryIntervals()[k][at];
        row.setDouble(4 + m + 2 * i, ci == null ? null : nanNull(ci[0]));
        row.setDouble(5 + m + 2 * i, ci == null ? null : nanNull(ci[1]));
      }
      LocalizationColumns.set(r, k, row, 4 + 3 * m);
      row.setDouble(9 + 3 * m, box3d ? orNull(Box3dViews.ap25(r, k)) : null);
      int extra = 10 + 3 * m;
      for (int i = 0; i < PER_CLASS_EXTRA_METRICS.length; i++) {
        row.setDouble(extra + i, cocoLayout || from[m + i] < 0 ? null : orNull(s[from[m + i]]));
      }
      row.setString(extra + PER_CLASS_EXTRA_METRICS.length,
          r.frequencyGroups() == null ? null : r.frequencyGroups().label(k));
      row.end();
    }
  }

  /**
   * pr_curve rows per part (a file of consecutive categories). Parts are what a thread that becomes free can
   * take over: COCO's ~1M rows are four, of which the driver's main thread takes the last one or two once
   * per_image is written. One file of the whole took 2.1 s cold and 0.5 s warm on one thread; two files
   * written by two threads from the start, 2.7 s cold (their JIT competes with the per_image tasks).
   */
  static final long PR_CURVE_ROWS_PER_PART = 250_000;

  /** At most this many pr_curve files (LVIS-sized curves: 1,203 classes, ~15M rows, in 16 parts). */
  static final int PR_CURVE_MAX_PARTS = 16;

  /** pr_curve as parts of consecutive categories, each ~{@link #PR_CURVE_ROWS_PER_PART} rows or more. */
  static List<ParquetTableWriter.Rows> prCurveParts(DetectionResult r) {
    CocoParams p = r.summary().accumulation().params();
    int categories = r.categoryIds().length;
    long rows = (long) categories * p.numIouThresholds() * p.numAreaRanges() * p.numMaxDets() * p.numRecallThresholds();
    int files = (int) Math.max(1, Math.min(Math.min(categories, PR_CURVE_MAX_PARTS),
        (rows + PR_CURVE_ROWS_PER_PART - 1) / PR_CURVE_ROWS_PER_PART));
    List<ParquetTableWriter.Rows> parts = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      int lo = (int) ((long) categories * i / files);
      int hi = (int) ((long) categories * (i + 1) / files);
      parts.add(row -> prCurveRows(r, row, lo, hi));
    }
    return parts;
  }

  /**
   * The precision array of categories {@code lo} to {@code hi} (exclusive), category by category,
   * without the cells of area ranges where a category has no ground truth (pycocotools' -1 there).
   */
  static void prCurveRows(DetectionResult r, ParquetTableWriter.Row row, int lo, int hi) {
    Accumulation a = r.summary().accumulation();
    CocoParams p = a.params();
    long[] ids = r.categoryIds();
    String[] names = r.categoryNames();
    String[] areas = new String[p.numAreaRanges()];
    for (int ar = 0; ar < areas.length; ar++) areas[ar] = p.areaLabel(ar);
    for (int k = lo; k < hi; k++) {
      for (int t = 0; t < p.numIouThresholds(); t++) {
        double iou = p.iouThreshold(t);
        for (int ar = 0; ar < areas.length; ar++) {
          if (a.npig(k, ar) == 0) continue;
          for (int m = 0; m < p.numMaxDets(); m++) {
            int maxDets = p.maxDets(m);
            for (int rr = 0; rr < p.numRecallThresholds(); rr++) {
              row.setLong(0, ids[k]).setString(1, names[k]).setDouble(2, iou).setString(3, areas[ar]).setInt(4, maxDets)
                  .setDouble(5, p.recallThreshold(rr)).setDouble(6, a.precision(t, rr, k, ar, m))
                  .setDouble(7, a.score(t, rr, k, ar, m)).end();
            }
          }
        }
      }
    }
  }

  /** summary.json: the twelve stats at full precision, counts, parameters, inputs (run metadata is added by RunContext). */
  public static ObjectNode summaryJson(DetectionResult r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    DetectionConfig cfg = r.config();
    root.put("task", "detection");
    root.put("run_id", cfg.run().runId());
    root.put("iou_type", cfg.params().iouType().label());
    root.put("protocol", cfg.lvis() ? "lvis" : "coco");
    String[] keys = r.summary().keys();
    if (Box3dViews.applies(r)) {
      Box3dViews.summaryJson(r, root);
    } else {
      double[] values = r.summary().values();
      for (int i = 0; i < keys.length; i++) root.put(keys[i], values[i]);
    }
    if (r.intervals() != null || r.diagnostics().vocIntervals() != null) {
      ObjectNode b = root.putObject("bootstrap");
      b.put("replicates", cfg.bootstrap().replicates());
      b.put("seed", cfg.bootstrap().seed());
      b.put("confidence", cfg.bootstrap().confidence());
      b.put("sampling_unit", "image");
    }
    if (r.intervals() != null) {
      ObjectNode ci = root.putObject("ci");
      for (String key : headlineKeys(r)) {
        int at = intervalIndex(r, key);
        if (at < 0) continue;
        double[] iv = r.intervals().intervals()[at];
        ArrayNode pair = ci.putArray(key);
        pair.add(nanNull(iv[0]));
        pair.add(nanNull(iv[1]));
      }
    }
    if (r.slices() != null) DetectionSlices.json(r.slices(), root);
    DetectionJob.Counts c = r.counts();
    ObjectNode counts = root.putObject("counts");
    counts.put("images", c.images());
    counts.put("images_not_evaluated", c.imagesSkipped());
    counts.put("images_rejected", c.imagesRejected());
    counts.put("categories_rejected", c.categoriesRejected());
    counts.put("categories", r.categoryIds().length);
    counts.put("gt_annotations", c.gtRecords());
    counts.put("gt_evaluated", c.gtEvaluated());
    counts.put("gt_excluded", c.gtExcluded());
    counts.put("gt_rejected", c.gtRejected());
    counts.put("predictions", c.predRecords());
    counts.put("predictions_evaluated", c.predEvaluated());
    counts.put("predictions_excluded", c.predExcluded());
    counts.put("predictions_rejected", c.predRejected());
    if (cfg.suppression() != null) counts.put("predictions_suppressed", c.predSuppressed());
    counts.put("prediction_files", c.predFiles());
    counts.put("rejected", c.rejected());
    if (r.lvisDropped() != null) {
      long[] d = r.lvisDropped();
      ObjectNode lvis = counts.putObject("lvis");
      lvis.put("gt_area_0_dropped", d[0]);
      lvis.put("gt_evaluated", c.gtEvaluated());
      lvis.put("results_beyond_300_per_image", d[1]);
      lvis.put("results_after_top300_per_image", c.predRecords() - c.predRejected() - d[1] - d[4]);
      lvis.put("results_area_0_dropped", d[2]);
      lvis.put("results_federated_dropped", d[3]);
      lvis.put("results_unknown_category_dropped", d[4]);
      lvis.put("results_evaluated", c.predEvaluated());
    }
    if (r.frequencyGroups() != null) {
      ObjectNode groups = root.putObject("frequency_groups");
      for (int x = 0; x < 3; x++) {
        int withGt = 0;
        int[] members = r.frequencyGroups().members(x);
        for (int k : members) if (r.numGt()[k] > 0) withGt++;
        ObjectNode g = groups.putObject(dev.overlap.core.lvis.FrequencyGroups.LABELS[x]);
        g.put("categories", members.length);
        g.put("categories_with_gt", withGt);
      }
    }
    CompatCounts x = r.compat();
    counts.put("predictions_box_as_mask", x.boxAsMask());
    counts.put("predictions_box_from_mask", x.boxFromMask());
    counts.put("predictions_mask_size_mismatch", x.maskSizeMismatch());
    root.set("params", params(cfg, r.summary().accumulation().params()));
    ObjectNode inputs = root.putObject("inputs");
    inputs.put("gt", RunContext.maskUserInfo(cfg.gt()));
    inputs.put("pred", RunContext.maskUserInfo(cfg.pred()));
    root.put("tables", "summary, per_class, pr_curve, per_image" + DiagnosticsOutputs.tables(r.diagnostics())
        + (r.slices() != null ? ", per_slice" : "") + (c.rejected() > 0 ? ", rejects" : "") + " (Parquet, partitioned by run_id and iou_type); runs");
    DiagnosticsOutputs.summaryJson(r, root);
    return root;
  }

  /** The evaluation parameters in pycocotools' names (summary.json and the runs table). */
  public static ObjectNode params(DetectionConfig cfg) {
    return params(cfg, cfg.params());
  }

  /** As {@link #params(DetectionConfig)} with the parameters the run used (keypoints: sigmas, result sizing). */
  static ObjectNode params(DetectionConfig cfg, CocoParams p) {
    ObjectNode params = new ObjectMapper().createObjectNode();
    params.put("iouType", p.iouType().label());
    ArrayNode iou = params.putArray("iouThrs");
    for (double t : p.iouThresholds()) iou.add(t);
    double[] rec = p.recallThresholds();
    if (java.util.Arrays.equals(rec, CocoParams.linspace(0.0, 1.0, rec.length))) {
      params.put("recThrs", p.numRecallThresholds()); // the default construction: its count says it all
    } else {
      ArrayNode r = params.putArray("recThrs");
      for (double t : rec) r.add(t);
    }
    ArrayNode md = params.putArray("maxDets");
    for (int m : p.maxDets()) md.add(m);
    ObjectNode area = params.putObject("areaRng");
    for (int a = 0; a < p.numAreaRanges(); a++) {
      ArrayNode range = area.putArray(p.areaLabel(a));
      range.add(p.areaLo(a));
      range.add(p.areaHi(a));
    }
    params.put("useCats", p.useCats() ? 1 : 0);
    params.put("segmArea", p.segmAreaFromBox() ? "bbox" : "mask");
    if (p.federated()) params.put("protocol", "lvis");
    if (p.iouType() == dev.overlap.core.coco.IouType.KEYPOINTS) {
      params.put("kptSigmas", cfg.kptSigmas() == null ? "coco17" : RunContext.maskUserInfo(cfg.kptSigmas()));
      if (p != cfg.params()) params.put("kptArea", p.keypointAreaFromBox() ? "bbox" : "keypoint extent");
    }
    if (p.iouType() == dev.overlap.core.coco.IouType.BOUNDARY) params.put("dilationRatio", p.dilationRatio());
    Suppression sup = cfg.suppression();
    if (sup != null && sup.softMethod() == null) {
      params.put("nms", sup.threshold());
    } else if (sup != null) {
      ObjectNode soft = params.putObject("softNms");
      soft.put("method", sup.softMethod().label());
      if (sup.softMethod() == dev.overlap.core.geometry.SoftNms.Method.LINEAR) soft.put("nt", sup.nt());
      else soft.put("sigma", sup.sigma());
      soft.put("scoreThr", sup.scoreThreshold());
    }
    if (p.imageIds() != null) params.put("imgIds", p.imageIds().length);
    if (p.categoryIds() != null) {
      ArrayNode cats = params.putArray("catIds");
      for (long id : p.categoryIds()) cats.add(id);
    }
    return params;
  }
}
