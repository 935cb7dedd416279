package dev.overlap.jobs.detection;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.CurveChart;
import dev.overlap.jobs.report.Group;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.ReportFiles;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.RowDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The detection job's {@code report.html}: the headline beside what it averages (cards), per-class AP
 * worst first with the mean and the median drawn across the bars, precision-recall curves at IoU 0.50
 * and 0.75 (every class faint, the worst and best few coloured), the per-class table, and the images
 * with the most errors. Built on the driver from the accumulation and, from the per-image dataset, its
 * totals and a bounded top-N (gathered while per_image is written, or by two small queries); nothing
 * else is collected.
 */
public final class DetectionHtmlReport {
  private DetectionHtmlReport() {}

  /** Rows of the worst-images table. */
  public static final int WORST_IMAGES = 50;

  /** Worst and best classes coloured in each precision-recall chart. */
  static final int HIGHLIGHT = 3;

  /** Per-image totals at IoU 0.50 and the images with the most false negatives + false positives there. */
  public record ImageErrors(long images, long tp50, long fp50, long fn50, List<Row> worst) {}

  /**
   * Builds the report and writes it under {@code --out}, querying per_image for its totals and worst
   * images (two Spark jobs; {@link DetectionOutputs} instead takes them from the per_image write, see
   * {@link #digest}).
   *
   * @return the path of {@code report.html}
   */
  public static String write(SparkSession spark, RunContext run, DetectionResult r) {
    JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobGroup("overlap-detection",
        "report: per-image totals and the " + WORST_IMAGES + " worst images", false);
    ImageErrors im = imageErrors(r.perImage(), WORST_IMAGES);
    spark.sparkContext().clearJobGroup();
    return write(run, r, im);
  }

  /**
   * Builds the report from the result and the per-image errors, and writes it under {@code --out} through the run
   * (which puts the gate's verdict on top).
   */
  public static String write(RunContext run, DetectionResult r, ImageErrors im) {
    return run.writeReport(build(r, im), DetectionOutputs.metrics(r));
  }

  /**
   * Totals over {@code per_image} and its {@code n} rows with the most errors at IoU 0.50 (ties: more
   * misses first, then image id). The top-n is a bounded query (each partition keeps n rows).
   */
  public static ImageErrors imageErrors(Dataset<Row> perImage, int n) {
    Row t = perImage.agg(count(lit(1)), sum("tp_50"), sum("fp_50"), sum("fn_50")).first();
    List<Row> worst = perImage.withColumn("errors", col("fn_50").plus(col("fp_50")))
        .filter(col("errors").gt(0))
        .orderBy(col("errors").desc(), col("fn_50").desc(), col("image_id"))
        .limit(n)
        .collectAsList();
    return new ImageErrors(t.getLong(0), longOr0(t, 1), longOr0(t, 2), longOr0(t, 3), worst);
  }

  /**
   * What {@link #imageErrors(Dataset, int)} computes, gathered from per_image's rows while the table is
   * written: {@link RowDigest#tap} the written dataset, then {@link #imageErrors(RowDigest.Result)}.
   */
  public static RowDigest digest(SparkSession spark) {
    return RowDigest.register(spark, "report: per-image totals and the " + WORST_IMAGES + " worst images",
        WORST_IMAGES, new String[] {"tp_50", "fp_50", "fn_50"}, new HasErrors(), new MostErrorsFirst());
  }

  /** The per-image totals and worst images from a digest made by {@link #digest}. */
  public static ImageErrors imageErrors(RowDigest.Result d) {
    return new ImageErrors(d.rows(), d.sums()[0], d.sums()[1], d.sums()[2], d.top());
  }

  /** Images with errors at IoU 0.50 (null counts: that threshold was not evaluated). */
  static final class HasErrors implements RowDigest.Filter {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean keep(Row r) {
      int fn = r.fieldIndex("fn_50");
      int fp = r.fieldIndex("fp_50");
      return !r.isNullAt(fn) && !r.isNullAt(fp) && (long) r.getInt(fn) + r.getInt(fp) > 0;
    }
  }

  /** More errors at IoU 0.50 first, then more misses, then image id (unique: a total order). */
  static final class MostErrorsFirst implements RowDigest.Order {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Row a, Row b) {
      int fnA = a.getInt(a.fieldIndex("fn_50"));
      int fnB = b.getInt(b.fieldIndex("fn_50"));
      int c = Long.compare((long) fnB + b.getInt(b.fieldIndex("fp_50")), (long) fnA + a.getInt(a.fieldIndex("fp_50")));
      if (c == 0) c = Integer.compare(fnB, fnA);
      return c != 0 ? c : Long.compare(a.getLong(a.fieldIndex("image_id")), b.getLong(b.fieldIndex("image_id")));
    }
  }

  private static long longOr0(Row r, int i) {
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
  }

  /** The report model of a detection run. */
  public static Report build(DetectionResult r, ImageErrors im) {
    DetectionConfig cfg = r.config();
    CocoSummary s = r.summary();
    CocoParams p = s.accumulation().params();
    // the tables' partition value: a --protocol run writes under its own (bbox-voc07)
    String iouType = DetectionOutputs.partition(cfg).get("iou_type");
    String runId = cfg.run().runId();
    int k0 = r.categoryIds().length;
    List<Integer> order = DetectionReport.worstFirst(r);
    int defined = 0;
    for (int k : order) if (s.categoryStats(k)[0] > -1) defined++;
    double[] aps = new double[defined];
    for (int i = 0; i < defined; i++) aps[i] = s.categoryStats(order.get(i))[0];
    double median = defined == 0 ? Double.NaN : defined % 2 == 1 ? aps[defined / 2]
        : (aps[defined / 2 - 1] + aps[defined / 2]) / 2;
    int below = 0;
    for (double ap : aps) if (ap < s.stat(0)) below++;
    String classes = p.useCats() ? defined + " classes with ground truth (of " + k0 + ")" : "all categories pooled";

    List<Card> cards = new ArrayList<>();
    cards.add(new Card("AP", Text.metric(s.stat(0)),
        "IoU " + range(p) + ", mean of " + classes, true));
    if (p.iouType().isBox3d()) {
      cards.add(new Card("AP25", Text.metric(Box3dViews.summary(r).stat(1)), "IoU 0.25, mean of the same classes", false));
    }
    cards.add(new Card("AP50", Text.metric(s.stat(1)), "IoU 0.50, mean of the same classes", false));
    if (!p.iouType().isBox3d()) {
      cards.add(new Card("AP75", Text.metric(s.stat(2)), "IoU 0.75, mean of the same classes", false));
    }
    String arName = arName(s);
    cards.add(new Card(arName, Text.metric(s.stat(s.index(arName))), "recall with up to " + p.maxDetsLast()
        + " detections per image" + (p.federated() ? " (across categories)" : p.iouType() == dev.overlap.core.coco.IouType.KEYPOINTS
        ? " and category, OKS .50:.95" : ""), false));
    if (r.frequencyGroups() != null) {
      for (int x = 0; x < 3; x++) {
        String key = "AP" + dev.overlap.core.lvis.FrequencyGroups.LABELS[x];
        int n = 0;
        for (int k : r.frequencyGroups().members(x)) if (s.categoryStats(k)[0] > -1) n++;
        cards.add(new Card(key, Text.metric(s.stat(s.index(key))), "AP of the " + dev.overlap.core.lvis.FrequencyGroups.NAMES[x]
            + " classes: " + n + " with ground truth (of " + r.frequencyGroups().members(x).length + ")", x == 0));
      }
    }
    if (defined > 0) {
      int worst = order.get(0);
      cards.add(new Card("Median class AP", Text.metric(median),
          below + " of " + defined + " classes are below the mean AP", false));
      cards.add(new Card("Worst class", Text.metric(aps[0]), name(r, worst) + " (id " + r.categoryIds()[worst] + ", "
          + r.numGt()[worst] + " ground truths)", false));
    }
    cards.add(new Card("FN / FP @ IoU 0.50", im.fn50() + " / " + im.fp50(), "missed ground truths / false "
        + "detections; " + im.tp50() + " true positives over " + im.images() + " images", false));
    long rejected = r.counts() == null ? 0 : r.counts().rejected();
    cards.add(new Card("Data", r.images() + " images", r.gtRecords() + " ground truths, " + r.predRecords()
        + " predictions, " + k0 + " categories" + (rejected > 0 ? "; " + rejected + " input records rejected (table "
        + "rejects)" : "") + (cfg.suppression() != null && r.counts() != null ? "; " + r.counts().predSuppressed()
        + " predictions removed by " + cfg.suppression().describe() + " before matching" : ""), false));

    if (r.diagnostics() != null) cards.addAll(0, DiagnosticsHtml.cards(r));
    List<Block> blocks = new ArrayList<>();
    if (r.diagnostics() != null) blocks.addAll(DiagnosticsHtml.blocks(r));
    blocks.add(apBars(r, order, defined, median));
    if (p.iouType().isBox3d()) blocks.addAll(Box3dViews.bars(r, order));
    Block curves = prCurves(r, p);
    if (curves != null) blocks.add(curves);
    if (r.frequencyGroups() != null) {
      // LVIS: one table per frequency group, rare first (where long-tail models fail)
      for (int x = 0; x < 3; x++) {
        List<Integer> group = new ArrayList<>();
        for (int k : order) if (r.frequencyGroups().groupOf(k) == x) group.add(k);
        blocks.add(perClassTable(r, group, shown(cfg.run().out()), runId, iouType,
            "Per class, " + dev.overlap.core.lvis.FrequencyGroups.NAMES[x] + " (frequency " + dev.overlap.core.lvis.FrequencyGroups.LABELS[x]
            + "), worst AP first"));
      }
    } else {
      blocks.add(p.iouType().isBox3d() ? Box3dViews.perClassTable(r, order, shown(cfg.run().out()), runId, iouType)
          : perClassTable(r, order, shown(cfg.run().out()), runId, iouType));
    }
    if (r.slices() != null) {
      // the per_slice partition: a --protocol run's is its own (bbox-voc07)
      blocks.addAll(DetectionSlices.html(r.slices(), shown(cfg.run().out()), runId,
          DetectionOutputs.partition(cfg).get("iou_type")));
    }
    Table localization = LocalizationColumns.table(r, order, shown(cfg.run().out()), runId, iouType);
    if (localization != null) blocks.add(localization);
    blocks.add(worstImages(im, shown(cfg.run().out()), runId, iouType));
    blocks.add(p.iouType().isBox3d() ? Box3dViews.summaryTable(r) : cocoSummary(s));

    String title = "Overlap detection (" + p.iouType().label() + (p.federated() ? ", LVIS" : "")
        + (cfg.diagnostics().protocol() != null ? ", " + cfg.diagnostics().protocol().label() : "") + "), run " + runId;
    String subtitle = r.images() + " images, " + r.gtRecords() + " ground truths, " + r.predRecords() + " predictions, "
        + k0 + " categories. Ground truth: " + shown(cfg.gt()) + ". Predictions: " + shown(cfg.pred()) + ".";
    String out = shown(cfg.run().out());
    String footer = "Overlap. Tables under " + out + ": summary, per_class, pr_curve, per_image (Parquet, partitioned "
        + "by run_id and iou_type; this run: run_id=" + runId + ", iou_type=" + iouType + "), runs, and summary.json. "
        + "This page: " + ReportFiles.runPath(out, runId, "detection-" + iouType) + ".";
    return new Report(title, subtitle, cards, blocks, footer);
  }

  /** A path as shown to people: without "file:", credentials in the URI masked. */
  private static String shown(String path) {
    return RunContext.maskUserInfo(HadoopFiles.display(path));
  }

  /** The recall stat shown beside AP: COCO's AR100, keypoints' and LVIS's AR. */
  private static String arName(CocoSummary s) {
    return s.index("AR100") >= 0 ? "AR100" : "AR";
  }

  private static String name(DetectionResult r, int k) {
    String n = r.categoryNames()[k];
    return n == null ? "category " + r.categoryIds()[k] : n;
  }

  private static String range(CocoParams p) {
    return p.numIouThresholds() == 1 ? CocoSummary.fixed(p.iouThreshold(0), 2)
        : CocoSummary.fixed(p.iouThreshold(0), 2) + ":" + CocoSummary.fixed(p.iouThreshold(p.numIouThresholds() - 1), 2);
  }

  private static BarChart apBars(DetectionResult r, List<Integer> order, int defined, double median) {
    CocoSummary s = r.summary();
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int i = 0; i < defined; i++) {
      int k = order.get(i);
      double[] c = s.categoryStats(k);
      String ar = arName(s);
      double[] ci = r.intervals() == null ? new double[] {Double.NaN, Double.NaN} : r.intervals().categoryIntervals()[k][0];
      bars.add(new BarChart.Bar(name(r, k), c[0], name(r, k) + " (id " + r.categoryIds()[k] + "): AP " + Text.metric(c[0])
          + (Double.isNaN(ci[0]) ? "" : " " + DetectionReport.interval(ci))
          + ", AP50 " + Text.metric(c[1]) + ", AP75 " + Text.metric(c[2]) + ", " + ar + " " + Text.metric(c[s.index(ar)])
          + ", " + r.numGt()[k] + " ground truths, " + r.numPred()[k] + " predictions"
          + (r.frequencyGroups() != null ? ", frequency " + r.frequencyGroups().label(k) : ""), ci[0], ci[1]));
    }
    List<BarChart.Marker> markers = new ArrayList<>();
    if (defined > 0) {
      markers.add(new BarChart.Marker("AP " + Text.metric(s.stat(0)) + " (mean of " + defined + ")", s.stat(0), true));
      markers.add(new BarChart.Marker("median " + Text.metric(median), median, false));
    }
    int undefined = r.categoryIds().length - defined;
    String caption = "One bar per class: AP over IoU " + range(s.accumulation().params())
        + ", area all. The solid line is the headline AP, the unweighted mean of these bars (a class with 3 ground "
        + "truths counts as much as one with 3,000); the dashed line is the median. Orange bars are below the mean."
        + (undefined > 0 ? " " + undefined + " classes without ground truth (AP undefined) are not drawn; they are in "
            + "the table below." : "");
    return new BarChart("AP per class, worst first", caption, "AP", 1.0, bars, markers);
  }

  private static Block prCurves(DetectionResult r, CocoParams p) {
    List<Integer> ts = new ArrayList<>();
    for (double thr : new double[] {0.25, 0.5, 0.75}) {
      int t = p.iouIndex(thr);
      if (t >= 0) ts.add(t);
    }
    if (ts.isEmpty()) ts.add(0);
    int a = Math.max(0, p.areaIndex("all"));
    int m = p.numMaxDets() - 1;
    List<Block> charts = new ArrayList<>();
    for (int t : ts) charts.add(curvesAt(r, p, t, a, m));
    return new Group("Precision-recall curves", "Interpolated precision at " + p.numRecallThresholds()
        + " recall thresholds (COCOeval's precision array; AP at a threshold is the mean of its curve), area "
        + p.areaLabel(a) + ", up to " + p.maxDets(m) + " detections per image. Grey: every class with ground truth. "
        + "Coloured: the " + HIGHLIGHT + " worst and " + HIGHLIGHT + " best classes at that threshold. The full curves "
        + "(every area range and maxDets, with the score reached at each recall) are in the pr_curve table.", charts);
  }

  private static CurveChart curvesAt(DetectionResult r, CocoParams p, int t, int a, int m) {
    Accumulation acc = r.summary().accumulation();
    int k0 = r.categoryIds().length;
    int nr = p.numRecallThresholds();
    double[] x = p.recallThresholds();
    List<Integer> withGt = new ArrayList<>();
    double[] ap = new double[k0];
    for (int k = 0; k < k0; k++) {
      if (acc.npig(k, a) == 0) continue;
      double sum = 0;
      int n = 0;
      for (int rr = 0; rr < nr; rr++) {
        double v = acc.precision(t, rr, k, a, m);
        if (v > -1) {
          sum += v;
          n++;
        }
      }
      if (n == 0) continue;
      ap[k] = sum / n;
      withGt.add(k);
    }
    withGt.sort((u, v) -> {
      int c = Double.compare(ap[u], ap[v]);
      return c != 0 ? c : Long.compare(r.categoryIds()[u], r.categoryIds()[v]);
    });
    int n = withGt.size();
    int nw = Math.min(HIGHLIGHT, (n + 1) / 2);
    int nb = Math.min(HIGHLIGHT, n - nw);
    String thr = CocoSummary.fixed(p.iouThreshold(t), 2);
    String apName = "AP" + (p.iouThreshold(t) == 0.5 ? "50" : p.iouThreshold(t) == 0.75 ? "75" : "@" + thr);
    List<CurveChart.Curve> curves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = withGt.get(i);
      double[] y = new double[nr];
      for (int rr = 0; rr < nr; rr++) y[rr] = Math.max(0, acc.precision(t, rr, k, a, m));
      CurveChart.Emphasis e = i < nw ? CurveChart.Emphasis.WORST
          : i >= n - nb ? CurveChart.Emphasis.BEST : CurveChart.Emphasis.FAINT;
      curves.add(new CurveChart.Curve(name(r, k), apName + " " + Text.metric(ap[k]), x, y, e));
    }
    return new CurveChart("IoU " + thr, n + " classes", "recall", "precision", curves);
  }

  static final List<Table.Column> PER_CLASS_COLUMNS = List.of(
      new Table.Column("id", true, "category_id"),
      new Table.Column("name", false, "category name from the ground truth"),
      new Table.Column("AP", true, "AP over IoU .50:.95, area all, maxDets 100"),
      new Table.Column("AP50", true, "AP at IoU 0.50"),
      new Table.Column("AP75", true, "AP at IoU 0.75"),
      new Table.Column("APs", true, "AP, small objects (area < 32^2)"),
      new Table.Column("APm", true, "AP, medium objects"),
      new Table.Column("APl", true, "AP, large objects (area > 96^2)"),
      new Table.Column("AR100", true, "recall with up to 100 detections per image"),
      new Table.Column("num_gt", true, "ground-truth annotations (crowd included)"),
      new Table.Column("num_pred", true, "predictions"));

  private static Table perClassTable(DetectionResult r, List<Integer> order, String out, String runId, String iouType) {
    if (r.summary().index("AR100") < 0) return perClassTable(r, order, out, runId, iouType, "Per class, worst AP first");
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      double[] c = r.summary().categoryStats(k);
      rows.add(List.of(Long.toString(r.categoryIds()[k]), name(r, k), Text.metric(c[0]), Text.metric(c[1]),
          Text.metric(c[2]), Text.metric(c[3]), Text.metric(c[4]), Text.metric(c[5]), Text.metric(c[8]),
          Long.toString(r.numGt()[k]), Long.toString(r.numPred()[k])));
    }
    return new Table("Per class, worst AP first", "- where a class has no ground truth (in that area range): AP is "
        + "undefined there, not zero.", PER_CLASS_COLUMNS, rows, "The same rows: " + Outputs.child(out, "per_class")
        + " (run_id=" + runId + ", iou_type=" + iouType + ").");
  }

  /**
   * The per-class table of a keypoint or LVIS run: its own per-category stats (LVIS's group stats APr / APc / APf
   * left out: a class has only its group's), with the frequency for LVIS.
   */
  private static Table perClassTable(DetectionResult r, List<Integer> order, String out, String runId, String iouType,
      String title) {
    CocoSummary s = r.summary();
    String[] names = s.names();
    List<Integer> stats = new ArrayList<>();
    List<Table.Column> cols = new ArrayList<>();
    cols.add(new Table.Column("id", true, "category_id"));
    cols.add(new Table.Column("name", false, "category name from the ground truth"));
    boolean lvis = r.frequencyGroups() != null;
    if (lvis) cols.add(new Table.Column("freq", false, "LVIS frequency group: r rare, c common, f frequent"));
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals("APr") || names[i].equals("APc") || names[i].equals("APf")) continue;
      stats.add(i);
      cols.add(new Table.Column(names[i], true, names[i] + " of the class, as in summary.json"));
    }
    cols.add(new Table.Column("num_gt", true, "ground-truth annotations"));
    cols.add(new Table.Column("num_pred", true, "predictions"));
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      double[] c = s.categoryStats(k);
      List<String> row = new ArrayList<>();
      row.add(Long.toString(r.categoryIds()[k]));
      row.add(name(r, k));
      if (lvis) row.add(r.frequencyGroups().label(k));
      for (int i : stats) row.add(Text.metric(c[i]));
      row.add(Long.toString(r.numGt()[k]));
      row.add(Long.toString(r.numPred()[k]));
      rows.add(row);
    }
    return new Table(title, "- where a class has no ground truth (in that area range): AP is undefined there, not zero.",
        cols, rows, "The same rows: " + Outputs.child(out, "per_class") + " (run_id=" + runId + ", iou_type=" + iouType
        + (lvis ? ", column frequency" : "") + ").");
  }

  static final List<Table.Column> WORST_IMAGE_COLUMNS = List.of(
      new Table.Column("#", true, "rank by errors"),
      new Table.Column("image_id", true, "image id"),
      new Table.Column("file_name", false, "file name from the ground truth"),
      new Table.Column("size", true, "width x height"),
      new Table.Column("num_gt", true, "ground-truth annotations in the image"),
      new Table.Column("num_pred", true, "predictions in the image"),
      new Table.Column("fn_50", true, "ground truths missed at IoU 0.50 (false negatives)"),
      new Table.Column("fp_50", true, "unmatched predictions at IoU 0.50 (false positives)"),
      new Table.Column("tp_50", true, "matched predictions at IoU 0.50"),
      new Table.Column("fn_75", true, "missed at IoU 0.75"),
      new Table.Column("fp_75", true, "false positives at IoU 0.75"),
      new Table.Column("mean_iou_50", true, "mean IoU of the true positives at IoU 0.50"));

  private static Table worstImages(ImageErrors im, String out, String runId, String iouType) {
    List<List<String>> rows = new ArrayList<>();
    int rank = 0;
    for (Row w : im.worst()) {
      rank++;
      Object file = w.getAs("file_name");
      Object miou = w.getAs("mean_iou_50");
      // the id as the input wrote it (string ids: image_id is only their key)
      Object id = java.util.Arrays.asList(w.schema().fieldNames()).contains("image_id_str") && w.getAs("image_id_str") != null
          ? w.getAs("image_id_str") : w.getAs("image_id");
      rows.add(Arrays.asList(Integer.toString(rank), str(id), file == null ? "" : file.toString(),
          w.getAs("width") + " x " + w.getAs("height"), str(w.getAs("num_gt")), str(w.getAs("num_pred")),
          str(w.getAs("fn_50")), str(w.getAs("fp_50")), str(w.getAs("tp_50")), str(w.getAs("fn_75")),
          str(w.getAs("fp_75")), miou == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) miou).doubleValue())));
    }
    return new Table("Worst images", "The " + rows.size() + " images (of " + im.images() + ") with the most false "
        + "negatives + false positives at IoU 0.50, area all; ties: more misses first, then image id. Images without "
        + "errors are not listed.", WORST_IMAGE_COLUMNS, rows, "Every image: " + Outputs.child(out, "per_image")
        + " (run_id=" + runId + ", iou_type=" + iouType + ").");
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static Table cocoSummary(CocoSummary s) {
    String[] lines = s.text().split("\n");
    List<List<String>> rows = new ArrayList<>();
    String[] keys = s.keys();
    double[] values = s.values();
    for (int i = 0; i < keys.length; i++) {
      String line = lines[i].trim();
      int eq = line.lastIndexOf(" = ");
      rows.add(List.of(keys[i], Text.metric(values[i]), eq > 0 ? line.substring(0, eq) : line));
    }
    boolean coco = s.index("AR100") >= 0;
    boolean lvis = s.index("APr") >= 0;
    return new Table(lvis ? "LVIS summary" : coco ? "COCO summary" : "COCO keypoints summary", (lvis
        ? "lvis-api's thirteen numbers (AR is its AR@300)" : coco ? "pycocotools' twelve numbers"
        : "pycocotools' ten keypoint numbers (OKS in place of IoU, maxDets 20)")
        + "; the AP line is the mean over classes shown above.",
        List.of(new Table.Column("metric", false, "column name in summary and summary.json"),
            new Table.Column("value", true, "- where undefined"),
            new Table.Column("pycocotools", false, "the line COCOeval.summarize() prints")), rows, null);
  }
}
