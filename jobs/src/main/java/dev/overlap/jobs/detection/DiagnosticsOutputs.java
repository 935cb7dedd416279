package dev.overlap.jobs.detection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.confusion.ConfusionCounts;
import dev.overlap.core.confusion.ErrorCounts;
import dev.overlap.core.voc.VocIntervals;
import dev.overlap.core.voc.VocSummary;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.runs.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The diagnostics' outputs ({@code docs/voc-confusion.md}): Parquet tables {@code voc_per_class},
 * {@code confusion} (non-zero cells) and {@code errors}, and their keys in summary.json. In a
 * {@code --protocol} run the headline keys {@code mAP}, {@code AP}, {@code AP50}, {@code AP75} and
 * {@code per_class} are VOC's; COCO's twelve stats move under {@code coco}.
 */
public final class DiagnosticsOutputs {
  private DiagnosticsOutputs() {}

  /** The headline metrics of a --protocol run, in order. */
  public static final List<String> VOC_METRICS = List.of(VocSummary.METRICS);

  static final StructType VOC_PER_CLASS = new StructType(new StructField[] {
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("protocol", DataTypes.StringType, false),
      DataTypes.createStructField("iou_threshold", DataTypes.DoubleType, false),
      DataTypes.createStructField("ap", DataTypes.DoubleType, true),
      DataTypes.createStructField("npos", DataTypes.LongType, false),
      // --bootstrap: the interval of ap (null without)
      DataTypes.createStructField("ap_lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("ap_hi", DataTypes.DoubleType, true)});

  static final StructType CONFUSION = new StructType(new StructField[] {
      DataTypes.createStructField("gt_category_id", DataTypes.LongType, true),
      DataTypes.createStructField("gt_name", DataTypes.StringType, true),
      DataTypes.createStructField("pred_category_id", DataTypes.LongType, true),
      DataTypes.createStructField("pred_name", DataTypes.StringType, true),
      DataTypes.createStructField("count", DataTypes.LongType, false)});

  /** errors columns after category_id and name, with the {@link ErrorCounts} field of each (-1: derived). */
  static final String[] ERROR_COLUMNS = {"tp", "fp", "fp_duplicate", "fp_localization", "fp_class_confusion",
      "fp_background", "fn", "fn_never_detected", "fn_detected", "on_crowd"};

  static final StructType ERRORS;

  static {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("category_id", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("name", DataTypes.StringType, true));
    for (String c : ERROR_COLUMNS) f.add(DataTypes.createStructField(c, DataTypes.LongType, false));
    f.add(DataTypes.createStructField("iou", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("score", DataTypes.DoubleType, false));
    ERRORS = new StructType(f.toArray(new StructField[0]));
  }

  /** The tables this run writes, for the closing line and summary.json. */
  static String tables(DiagnosticsResult d) {
    StringBuilder b = new StringBuilder();
    if (d.voc() != null) b.append(", voc_per_class");
    if (d.confusion() != null) b.append(", confusion, errors");
    return b.toString();
  }

  /** Writes the diagnostics tables (driver-side rows: K x (K + 2) cells at most). */
  static void write(RunContext run, DetectionResult r) {
    DiagnosticsResult d = r.diagnostics();
    if (d.voc() != null) run.writeTable("voc_per_class", VOC_PER_CLASS, row -> vocRows(d, row));
    if (d.confusion() != null) {
      run.writeTable("confusion", CONFUSION, row -> confusionRows(d, row));
      run.writeTable("errors", ERRORS, row -> errorRows(d, row));
    }
  }

  static void vocRows(DiagnosticsResult d, ParquetTableWriter.Row row) {
    VocSummary v = d.voc();
    double[] thr = v.thresholds();
    for (int k : d.fileOrder()) {
      for (int t = 0; t < thr.length; t++) {
        row.setLong(0, d.classIds()[k]).setString(1, d.classNames()[k]).setString(2, v.protocol().label())
            .setDouble(3, thr[t]).setDouble(4, v.npos(k) > 0 ? v.ap(k, t) : null).setLong(5, v.npos(k));
        double[] ci = d.vocIntervals() == null ? null : d.vocIntervals().classIntervals()[k][t];
        row.setDouble(6, ci == null ? null : DetectionOutputs.nanNull(ci[0]))
            .setDouble(7, ci == null ? null : DetectionOutputs.nanNull(ci[1])).end();
      }
    }
  }

  static void confusionRows(DiagnosticsResult d, ParquetTableWriter.Row row) {
    ConfusionCounts c = d.confusion();
    long[] ids = d.classIds();
    String[] names = d.classNames();
    for (int gr : d.fileOrder()) {
      for (int pc : d.fileOrder()) {
        long n = c.cell(gr, pc);
        if (n != 0) row.setLong(0, ids[gr]).setString(1, names[gr]).setLong(2, ids[pc]).setString(3, names[pc]).setLong(4, n).end();
      }
      if (c.missed(gr) != 0) {
        row.setLong(0, ids[gr]).setString(1, names[gr]).setLong(2, (Long) null).setString(3, null)
            .setLong(4, c.missed(gr)).end();
      }
    }
    for (int pc : d.fileOrder()) {
      if (c.background(pc) != 0) {
        row.setLong(0, (Long) null).setString(1, null).setLong(2, ids[pc]).setString(3, names[pc])
            .setLong(4, c.background(pc)).end();
      }
    }
  }

  /** One class's error columns in {@link #ERROR_COLUMNS} order. */
  static long[] errorValues(ErrorCounts e, int k) {
    return new long[] {e.get(k, ErrorCounts.TP), e.falsePositives(k), e.get(k, ErrorCounts.FP_DUPLICATE),
        e.get(k, ErrorCounts.FP_LOCALIZATION), e.get(k, ErrorCounts.FP_CONFUSION), e.get(k, ErrorCounts.FP_BACKGROUND),
        e.falseNegatives(k), e.get(k, ErrorCounts.FN_NEVER_DETECTED), e.get(k, ErrorCounts.FN_DETECTED),
        e.get(k, ErrorCounts.ON_CROWD)};
  }

  static void errorRows(DiagnosticsResult d, ParquetTableWriter.Row row) {
    for (int k : d.fileOrder()) {
      row.setLong(0, d.classIds()[k]).setString(1, d.classNames()[k]);
      long[] v = errorValues(d.errors(), k);
      for (int i = 0; i < v.length; i++) row.setLong(2 + i, v[i]);
      row.setDouble(2 + v.length, d.options().confusionIou()).setDouble(3 + v.length, d.options().confusionScore()).end();
    }
  }

  /** The headline metrics of a --protocol run (the gate's and the runs table's). */
  static Map<String, Double> vocMetrics(VocSummary v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < VocSummary.METRICS.length; i++) m.put(VocSummary.METRICS[i], v.metric(i));
    return m;
  }

  /** Every bootstrap replicate of the VOC headline, by name (NaN where undefined): the paired gate's input. */
  static Map<String, double[]> vocReplicates(VocIntervals iv) {
    Map<String, double[]> m = new LinkedHashMap<>();
    double[][] stats = iv.replicateStats();
    for (int i = 0; i < VocSummary.METRICS.length; i++) {
      double[] v = new double[stats.length];
      for (int rep = 0; rep < v.length; rep++) v[rep] = stats[rep][i];
      m.put(VocSummary.METRICS[i], v);
    }
    return m;
  }

  /** {@code key_lo} and {@code key_hi}, null where no replicate defines the value. */
  private static void putInterval2(ObjectNode o, String key, double[] ci) {
    putNumber(o, key + "_lo", ci[0]);
    putNumber(o, key + "_hi", ci[1]);
  }

  private static void putInterval(ObjectNode o, String key, double[] ci) {
    ArrayNode pair = o.putArray(key);
    for (double x : ci) {
      if (Double.isNaN(x)) pair.addNull();
      else pair.add(x);
    }
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isNaN(v)) o.putNull(key);
    else o.put(key, v);
  }

  /** Adds the diagnostics' keys to summary.json. */
  static void summaryJson(DetectionResult r, ObjectNode root) {
    DiagnosticsResult d = r.diagnostics();
    VocSummary v = d.voc();
    if (v != null) {
      ObjectNode coco = root.putObject("coco");
      for (String name : CocoSummary.NAMES) {
        coco.set(name, root.get(name));
        root.remove(name);
      }
      root.put("protocol", v.protocol().label());
      for (Map.Entry<String, Double> e : vocMetrics(v).entrySet()) putNumber(root, e.getKey(), e.getValue());
      ArrayNode thr = root.putArray("iou_thresholds");
      for (double t : v.thresholds()) thr.add(t);
      ArrayNode byIou = root.putArray("mAP_by_iou");
      for (int t = 0; t < v.thresholds().length; t++) {
        if (Double.isNaN(v.mapAt(t))) byIou.addNull();
        else byIou.add(v.mapAt(t));
      }
      root.put("classes_in_mean", v.classesInMean());
      VocIntervals iv = d.vocIntervals();
      if (iv != null) {
        ObjectNode ci = root.putObject("ci");
        for (int i = 0; i < VocSummary.METRICS.length; i++) putInterval(ci, VocSummary.METRICS[i], iv.intervals()[i]);
      }
      ArrayNode per = root.putArray("per_class");
      int t75 = v.thresholdIndex(0.75);
      for (int k : d.fileOrder()) {
        ObjectNode c = per.addObject();
        c.put("category_id", d.classIds()[k]);
        c.put("name", d.classNames()[k]);
        putNumber(c, "ap", v.npos(k) > 0 ? v.ap(k, 0) : Double.NaN);
        putNumber(c, "ap75", v.npos(k) > 0 ? v.ap(k, t75) : Double.NaN);
        putNumber(c, "ap_50_95", v.apMean(k));
        c.put("npos", v.npos(k));
        if (iv != null) {
          putInterval2(c, "ap", iv.classIntervals()[k][0]);
          putInterval2(c, "ap75", iv.classIntervals()[k][t75]);
          putInterval2(c, "ap_50_95", iv.classMeanIntervals()[k]);
        }
      }
    }
    if (d.confusion() != null) {
      ObjectNode c = root.putObject("confusion");
      ArrayNode cats = c.putArray("categories");
      for (int k : d.fileOrder()) cats.add(d.classIds()[k]);
      ArrayNode m = c.putArray("matrix");
      for (long[] rowValues : d.matrixInFileOrder()) {
        ArrayNode a = m.addArray();
        for (long x : rowValues) a.add(x);
      }
      c.put("iou", d.options().confusionIou());
      c.put("score", d.options().confusionScore());
      ArrayNode columns = c.putArray("columns_after_categories");
      columns.add("missed");
      columns.add("background");
      ObjectNode errs = root.putObject("errors");
      ArrayNode rows = errs.putArray("per_class");
      long[] total = new long[ERROR_COLUMNS.length];
      for (int k : d.fileOrder()) {
        ObjectNode e = rows.addObject();
        e.put("category_id", d.classIds()[k]);
        long[] vals = errorValues(d.errors(), k);
        for (int i = 0; i < vals.length; i++) {
          e.put(ERROR_COLUMNS[i], vals[i]);
          total[i] += vals[i];
        }
      }
      ObjectNode t = errs.putObject("total");
      for (int i = 0; i < total.length; i++) t.put(ERROR_COLUMNS[i], total[i]);
    }
  }
}
