package dev.overlap.jobs.segmentation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.semseg.SemsegBootstrap;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.slices.ImageAttributes;
import dev.overlap.jobs.slices.SliceJson;
import dev.overlap.jobs.slices.SliceOrder;
import dev.overlap.jobs.slices.SliceSetup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --slice-by} for semantic segmentation: every metric from the confusion matrix of each slice's images (the
 * sum of their per-image matrices, exact integers), so a slice's numbers are those of evaluating its images alone.
 * Image attributes come from {@code --image-attributes}, keyed by the image ids of the per_image table.
 */
final class SegmentationSlices {
  private SegmentationSlices() {}

  /**
   * A run's slices.
   *
   * @param metrics per slice, the metrics of its confusion matrix
   * @param images per slice, the images evaluated
   */
  record Result(SliceOptions options, SliceSetup.Built built, SemsegMetrics[] metrics, long[] images) {
    boolean tooFew(int q) {
      return images[q] < options.minImages();
    }
  }

  /**
   * The slices and the keys of the side table's rows (to count those that name no image once the images are known).
   */
  record Setup(SliceSetup.Built built, long[] rowKeys) {}

  /** The slices of the side table; every row counts as matched until the evaluation says which images exist. */
  static Setup build(SparkSession spark, SegmentationConfig cfg) {
    SliceOptions o = cfg.slices();
    ImageAttributes.Table table = ImageAttributes.read(spark, o.attributes(), o.fields());
    SliceSetup.Built b = SliceSetup.fromTable(table, o.fields(), PoissonWeights::keyOf);
    long[] rowKeys = new long[table.ids().length];
    for (int i = 0; i < rowKeys.length; i++) rowKeys[i] = PoissonWeights.keyOf(table.ids()[i]);
    long counts = (long) b.slices().size() * cfg.numClasses() * cfg.numClasses();
    if (counts > SemsegBootstrap.MAX_COUNTS) {
      throw new InvalidInputException(table.source(), null, null, "--slice-by " + String.join(",", o.fields()) + ": "
          + b.slices().size() + " slices x " + cfg.numClasses() + "^2 classes need " + counts + " counts per task, more"
          + " than " + SemsegBootstrap.MAX_COUNTS + "; slice by fewer fields or values at once");
    }
    return new Setup(b, rowKeys);
  }

  /**
   * The result, from the summed slice matrices; rows of the table whose image id is not among {@code seenIds} (the
   * pairs evaluated or rejected) are counted as naming no image.
   */
  static Result result(SegmentationConfig cfg, Setup setup, long[] counts, long[] images, List<String> seenIds) {
    SliceSetup.Built built = setup.built();
    int k = cfg.numClasses();
    int s0 = built.slices().size();
    long[] c = counts == null ? new long[s0 * k * k] : counts;
    long[] n = images == null ? new long[s0] : images;
    SemsegMetrics[] m = new SemsegMetrics[s0];
    for (int q = 0; q < s0; q++) m[q] = SemsegMetrics.of(Arrays.copyOfRange(c, q * k * k, (q + 1) * k * k), k);
    long[] seen = new long[seenIds.size()];
    for (int i = 0; i < seen.length; i++) seen[i] = PoissonWeights.keyOf(seenIds.get(i));
    Arrays.sort(seen);
    long unmatched = 0;
    for (long key : setup.rowKeys()) if (Arrays.binarySearch(seen, key) < 0) unmatched++;
    return new Result(cfg.slices(), built.withUnmatched(unmatched), m, n);
  }

  /** Headline metrics of a slice, {@link SegmentationOutputs#METRICS} order. */
  static double[] headline(SegmentationConfig cfg, SemsegMetrics m) {
    return new double[] {m.meanIou(), m.frequencyWeightedIou(), m.pixelAccuracy(), m.meanClassAccuracy(), m.meanDice(),
        m.signalMeanIou(cfg.excludedFromHeadline())};
  }

  static final StructType PER_SLICE;

  static {
    List<StructField> f = dev.overlap.jobs.slices.SliceColumns.leading("class_id", DataTypes.IntegerType);
    // headline rows (class_id null): the summary metrics; class rows: iou, dice, recall, gt_pixels
    for (String m : SegmentationOutputs.METRICS) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("iou", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("dice", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("recall", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("gt_pixels", DataTypes.LongType, true));
    PER_SLICE = new StructType(f.toArray(new StructField[0]));
  }

  static void rows(SegmentationConfig cfg, Result s, ParquetTableWriter.Row row) {
    ImageSlices sl = s.built().slices();
    int h = SegmentationOutputs.METRICS.length;
    for (int[] fv : SliceOrder.shown(sl, s.images())) {
      int q = sl.slice(fv[0], fv[1]);
      SemsegMetrics m = s.metrics()[q];
      for (int c = -1; c < cfg.numClasses(); c++) {
        row.setString(0, sl.field(fv[0])).setString(1, sl.value(fv[0], fv[1])).setLong(2, s.images()[q])
            .setBoolean(3, s.tooFew(q));
        if (c < 0) {
          row.setNull(4).setNull(5);
          double[] v = headline(cfg, m);
          for (int i = 0; i < h; i++) row.setDouble(6 + i, SegmentationOutputs.orNull(v[i]));
          row.setNull(6 + h).setNull(7 + h).setNull(8 + h).setNull(9 + h);
        } else {
          row.setInt(4, c).setString(5, cfg.classNames()[c]);
          for (int i = 0; i < h; i++) row.setNull(6 + i);
          row.setDouble(6 + h, SegmentationOutputs.orNull(m.iou(c))).setDouble(7 + h, SegmentationOutputs.orNull(m.dice(c)))
              .setDouble(8 + h, SegmentationOutputs.orNull(m.recall(c))).setLong(9 + h, m.gtPixels(c));
        }
        row.end();
      }
    }
  }

  /** summary.json's {@code slices}: per field, each value's images, flag and headline metrics (null where undefined). */
  static void json(SegmentationConfig cfg, Result s, ObjectNode root) {
    SliceJson.write(root, s.options(), s.built(), s.images(), (e, q) -> {
      double[] v = headline(cfg, s.metrics()[q]);
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) e.putNull(SegmentationOutputs.METRICS[i]);
        else e.put(SegmentationOutputs.METRICS[i], v[i]);
      }
    });
  }

  private static List<int[]> worstFirst(Result s, int f) {
    double[] miou = new double[s.images().length];
    for (int q = 0; q < miou.length; q++) miou[q] = s.metrics()[q].meanIou();
    return SliceOrder.worstFirst(s.built().slices(), s.images(), miou, f, s.options().minImages());
  }

  /** The console: per field, its values worst mIoU first; a slice under the minimum says so instead of numbers. */
  static void print(SegmentationConfig cfg, Result s, PrintStream o) {
    ImageSlices sl = s.built().slices();
    for (int f = 0; f < sl.numFields(); f++) {
      o.println();
      o.printf("By %s, worst mIoU first (%s; fewer than %d images: too few to read):%n", Text.safe(sl.field(f), 40),
          Text.safe(s.built().source(), 80), s.options().minImages());
      o.println("  " + Text.padRight("value", 24) + Text.padLeft("images", 9) + Text.padLeft("mIoU", 7)
          + Text.padLeft("fwIoU", 7) + Text.padLeft("acc", 7) + Text.padLeft("mDice", 7));
      for (int[] fv : worstFirst(s, f)) {
        int q = sl.slice(fv[0], fv[1]);
        String head = "  " + Text.padRight(Text.safe(SliceOrder.label(sl.value(fv[0], fv[1])), 23), 24)
            + Text.padLeft(Long.toString(s.images()[q]), 9);
        if (s.tooFew(q)) {
          o.println(head + "  too few images (" + s.images()[q] + " < " + s.options().minImages() + ")");
          continue;
        }
        double[] v = headline(cfg, s.metrics()[q]);
        o.println(head + Text.padLeft(Text.metric(v[0]), 7) + Text.padLeft(Text.metric(v[1]), 7)
            + Text.padLeft(Text.metric(v[2]), 7) + Text.padLeft(Text.metric(v[4]), 7));
      }
    }
    if (s.built().unmatched() > 0) {
      o.printf("%s: %d of %d rows name no image pair (not used)%n", Text.safe(s.built().source(), 80),
          s.built().unmatched(), s.built().rows());
    }
  }

  static final List<Table.Column> HTML_COLUMNS = List.of(
      new Table.Column("value", false, "the attribute's value; (missing): absent from the table, or empty"),
      new Table.Column("images", true, "image pairs evaluated in the slice"),
      new Table.Column("mIoU", true, "mean IoU over the classes present in the slice's images"),
      new Table.Column("fwIoU", true, "frequency-weighted IoU"),
      new Table.Column("pixel acc.", true, "pixel accuracy"),
      new Table.Column("mDice", true, "mean Dice"));

  /** The report: one table per field, worst mIoU first; slices under the minimum show no numbers. */
  static List<Table> html(SegmentationConfig cfg, Result s, String out, String runId) {
    ImageSlices sl = s.built().slices();
    List<Table> tables = new ArrayList<>();
    for (int f = 0; f < sl.numFields(); f++) {
      List<List<String>> rows = new ArrayList<>();
      for (int[] fv : worstFirst(s, f)) {
        int q = sl.slice(fv[0], fv[1]);
        double[] v = headline(cfg, s.metrics()[q]);
        List<String> row = new ArrayList<>();
        row.add(SliceOrder.label(sl.value(fv[0], fv[1])));
        row.add(Long.toString(s.images()[q]));
        for (int i : new int[] {0, 1, 2, 4}) row.add(s.tooFew(q) ? "too few" : Text.metric(v[i]));
        rows.add(row);
      }
      tables.add(new Table("By " + sl.field(f) + ", worst mIoU first", "Each slice's numbers are those of its images'"
          + " summed confusion matrix. Slices with fewer than " + s.options().minImages() + " images show no numbers"
          + " (too few to read). Values from " + s.built().source() + ".", HTML_COLUMNS, rows, "Per class and slice: "
          + Outputs.child(out, "per_slice") + " (run_id=" + runId + ", column field = '" + sl.field(f) + "')."));
    }
    return tables;
  }
}
