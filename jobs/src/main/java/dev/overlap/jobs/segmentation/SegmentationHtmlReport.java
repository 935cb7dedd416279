package dev.overlap.jobs.segmentation;

import static org.apache.spark.sql.functions.col;

import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.HeatMap;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import dev.overlap.jobs.spark.RowDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The segmentation run as a report page: the headline mIoU beside fwIoU, pixel accuracy and the
 * signal-class mIoU; per-class IoU worst first with both means drawn on it; the confusion matrix as a
 * row-normalised heat map; the per-class table; the worst images (a bounded query, nothing collected
 * beyond them; in a run, gathered from per_image's rows as the table is written).
 */
public final class SegmentationHtmlReport {
  static final int WORST_IMAGES = 50;

  private SegmentationHtmlReport() {}

  /** Builds and writes {@code report.html} (latest) and this run's copy, querying per_image for the worst images. */
  public static String write(SparkSession spark, RunContext run, SegmentationResult r) {
    spark.sparkContext().setJobGroup("overlap-segmentation", "report: worst images", false);
    List<Row> worst = r.perImage().filter(col("pixel_accuracy").isNotNull())
        .orderBy(col("pixel_accuracy").asc(), col("image_id").asc()).limit(WORST_IMAGES).collectAsList();
    spark.sparkContext().clearJobGroup();
    return write(run, r, worst);
  }

  /**
   * Builds and writes {@code report.html} (latest) and this run's copy from the worst images given, through the run
   * (which puts the gate's verdict on top).
   */
  public static String write(RunContext run, SegmentationResult r, List<Row> worst) {
    return run.writeReport(build(r, worst), SegmentationOutputs.metrics(r));
  }

  /**
   * The worst images gathered from per_image's rows while the table is written ({@link RowDigest#tap});
   * the same rows as the query of {@link #write(SparkSession, RunContext, SegmentationResult)}.
   */
  public static RowDigest digest(SparkSession spark) {
    return RowDigest.register(spark, "report: the " + WORST_IMAGES + " worst images", WORST_IMAGES, new String[0],
        new HasPixelAccuracy(), new LowestPixelAccuracyFirst());
  }

  static final class HasPixelAccuracy implements RowDigest.Filter {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean keep(Row r) {
      return !r.isNullAt(r.fieldIndex("pixel_accuracy"));
    }
  }

  /** Lowest pixel accuracy first, then image id in Spark's string order (UTF-8 bytes, unsigned). */
  static final class LowestPixelAccuracyFirst implements RowDigest.Order {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Row a, Row b) {
      int c = Double.compare(a.getDouble(a.fieldIndex("pixel_accuracy")), b.getDouble(b.fieldIndex("pixel_accuracy")));
      if (c != 0) return c;
      byte[] x = a.getString(a.fieldIndex("image_id")).getBytes(StandardCharsets.UTF_8);
      byte[] y = b.getString(b.fieldIndex("image_id")).getBytes(StandardCharsets.UTF_8);
      return Arrays.compareUnsigned(x, y);
    }
  }

  static String name(SegmentationConfig cfg, int c) {
    String n = cfg.classNames() == null ? null : cfg.classNames()[c];
    return n == null ? Integer.toString(c) : n;
  }

  static String num(double v) {
    return SemsegMetrics.isDefined(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }

  /** The page model; pure, no Spark. */
  static Report build(SegmentationResult r, List<Row> worst) {
    SegmentationConfig cfg = r.config();
    SemsegMetrics m = r.metrics();
    int k = cfg.numClasses();
    List<Card> cards = new ArrayList<>(List.of(
        new Card("mIoU", num(m.meanIou()), "mean IoU over the classes with a defined IoU", true),
        new Card("signal mIoU", num(m.signalMeanIou(cfg.excludedFromHeadline())), "mIoU without classes "
            + Arrays.toString(cfg.excludedFromHeadline()) + " (--exclude-from-headline)", false),
        new Card("fwIoU", num(m.frequencyWeightedIou()), "IoU weighted by ground-truth pixel frequency", false),
        new Card("pixel accuracy", num(m.pixelAccuracy()), "correct / valid pixels: dominated by large classes", false),
        new Card("images", Long.toString(r.counts().evaluated()), r.counts().rejected() + " pairs rejected", false)));
    if (r.boundary() != null) cards.add(BoundaryHtml.card(r));

    Integer[] order = new Integer[k];
    for (int c = 0; c < k; c++) order[c] = c;
    // worst IoU first; undefined IoU (class absent everywhere) last
    Arrays.sort(order, (a, b) -> {
      boolean da = m.hasIou(a), db = m.hasIou(b);
      if (da != db) return da ? -1 : 1;
      int x = da ? Double.compare(m.iou(a), m.iou(b)) : 0;
      return x != 0 ? x : Integer.compare(a, b);
    });
    List<BarChart.Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (int c : order) {
      String detail = String.format(Locale.ROOT, "class %d: IoU %s, Dice %s, precision %s, recall %s, %.2f%% of"
          + " ground-truth pixels", c, num(m.iou(c)), num(m.dice(c)), num(m.precision(c)), num(m.recall(c)),
          100 * (SemsegMetrics.isDefined(m.frequency(c)) ? m.frequency(c) : 0));
      double[] ci = r.intervals() != null ? r.intervals().iou()[c] : new double[] {Double.NaN, Double.NaN};
      if (!Double.isNaN(ci[0])) {
        detail += String.format(Locale.ROOT, "; IoU %s%% interval [%s, %s]", percent(r.intervals().confidence()),
            num(ci[0]), num(ci[1]));
      }
      bars.add(new BarChart.Bar(name(cfg, c), m.iou(c), detail, ci[0], ci[1]));
      rows.add(List.of(Integer.toString(c), name(cfg, c), num(m.iou(c)), num(m.dice(c)), num(m.precision(c)),
          num(m.recall(c)), Long.toString(m.gtPixels(c)), Long.toString(m.predPixels(c)), num(m.frequency(c))));
    }
    List<BarChart.Marker> markers = new ArrayList<>();
    if (SemsegMetrics.isDefined(m.meanIou())) markers.add(new BarChart.Marker("mIoU", m.meanIou(), true));
    double signal = m.signalMeanIou(cfg.excludedFromHeadline());
    if (SemsegMetrics.isDefined(signal)) markers.add(new BarChart.Marker("signal mIoU", signal, false));

    List<String> labels = new ArrayList<>();
    for (int c = 0; c < k; c++) labels.add(name(cfg, c));
    List<Block> blocks = new ArrayList<>();
    String ciNote = r.intervals() == null ? "" : String.format(Locale.ROOT, " Error bars: %s%% bootstrap intervals over"
        + " images (%d replicates).", percent(r.intervals().confidence()), r.intervals().replicates());
    blocks.add(new BarChart("IoU per class, worst first", "The headline mIoU is the solid line, the signal-class"
        + " mean the dashed one: a thin class far below them is what the headline hides." + ciNote, "IoU", 1.0, bars,
        markers));
    blocks.add(new HeatMap("Confusion matrix", "Rows: ground truth, columns: prediction, each row normalised to"
        + " its ground-truth pixels; ignored pixels are not counted.", labels, r.confusion(), "ground truth",
        "prediction"));
    if (r.boundary() != null) blocks.addAll(BoundaryHtml.blocks(r));
    if (r.slices() != null) {
      blocks.addAll(SegmentationSlices.html(cfg, r.slices(), HadoopFiles.display(cfg.run().out()), cfg.run().runId()));
    }
    blocks.add(new Table("Per class", "Undefined values (0/0) are shown as -.", List.of(
        new Table.Column("class", true, "class id"), new Table.Column("name", false, "class name"),
        new Table.Column("IoU", true, "tp / (gt + pred - tp)"), new Table.Column("Dice", true, "2tp / (gt + pred)"),
        new Table.Column("precision", true, "tp / pred"), new Table.Column("recall", true, "tp / gt"),
        new Table.Column("gt pixels", true, "ground-truth pixels"), new Table.Column("pred pixels", true,
            "predicted pixels"), new Table.Column("frequency", true, "share of ground-truth pixels")), rows, null));
    List<List<String>> imageRows = new ArrayList<>();
    for (Row w : worst) {
      imageRows.add(List.of(String.valueOf((Object) w.getAs("image_id")), String.valueOf((Object) w.getAs("gt_file")),
          String.valueOf((Object) w.getAs("valid_pixels")), num(w.<Double>getAs("pixel_accuracy")),
          w.getAs("mean_iou") == null ? "-" : num(w.<Double>getAs("mean_iou"))));
    }
    blocks.add(new Table("Worst images", "The " + WORST_IMAGES + " images with the lowest pixel accuracy.", List.of(
        new Table.Column("image", false, "image id (relative path)"), new Table.Column("ground truth", false,
            "ground-truth file"), new Table.Column("valid pixels", true, "pixels whose ground truth is not ignored"),
        new Table.Column("pixel accuracy", true, "correct / valid"), new Table.Column("mean IoU", true,
            "mean IoU over the classes present in the image")), imageRows, null));
    return new Report("Overlap segmentation, run " + cfg.run().runId(), cfg.gt() + " vs " + cfg.pred(), cards, blocks,
        "Metrics as the semseg reference (numpy); undefined values are never shown as 0.");
  }

  /** A confidence as a percentage without trailing zeros: 0.95 -> "95", 0.995 -> "99.5". */
  static String percent(double confidence) {
    return new java.math.BigDecimal(Double.toString(confidence)).movePointRight(2).stripTrailingZeros().toPlainString();
  }
}
