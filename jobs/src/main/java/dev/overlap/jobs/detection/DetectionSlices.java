package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.ImageIds;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.slices.SliceMetrics;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.slices.ImageAttributes;
import dev.overlap.jobs.slices.SliceJson;
import dev.overlap.jobs.slices.SliceOrder;
import dev.overlap.jobs.slices.SliceSetup;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.io.ParquetTableWriter;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --slice-by} for detection: the twelve stats, overall and per class, over the images of each value of each
 * field. Each slice is a replicate of {@link BootstrapPass} with weights 1 on its images and 0 elsewhere, so IoU
 * and matching are shared with the plain evaluation and a slice's numbers are those of evaluating its images
 * alone (pycocotools with {@code imgIds} set to them).
 */
final class DetectionSlices {
  private DetectionSlices() {}

  /**
   * A run's slices.
   *
   * @param options what was asked
   * @param built the slices and their source's accounting
   * @param metrics the stats per slice
   */
  record Result(SliceOptions options, SliceSetup.Built built, SliceMetrics metrics) {
    /** Whether slice s has fewer images than the options' minimum. */
    boolean tooFew(int s) {
      return metrics.images()[s] < options.minImages();
    }
  }

  /** The slices from the ground truth's image records (gathered by the scan) or from --image-attributes. */
  static SliceSetup.Built build(SparkSession spark, DetectionConfig cfg, HadoopConf conf, GroundTruthScan.Result scan) {
    SliceOptions o = cfg.slices();
    GroundTruthScan.Images images = scan.images();
    ImageIds stringIds = scan.imageIds();
    long[] keys = new long[images.ids().length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = images.stringIds()[i] != null ? stringIds.key(images.stringIds()[i]) : images.ids()[i];
    }
    if (o.attributes() == null) {
      if (images.attributes() == null) {
        // the scan keeps image fields of a JSON ground truth; Parquet images are read by column
        if (!parquet(cfg, conf)) {
          throw new InvalidInputException(cfg.gt(), "images", null, "--slice-by: the ground truth has no image records");
        }
        throw new InvalidInputException(cfg.gt(), null, null, "--slice-by with a Parquet ground truth: give the"
            + " fields with --image-attributes (its own images table serves: --image-attributes "
            + HadoopFiles.display(cfg.gt()) + "/images)");
      }
      return SliceSetup.fromImages(cfg.gt(), o.fields(), keys, images.attributes(), () -> fieldNames(cfg, conf));
    }
    ImageAttributes.Table table = ImageAttributes.read(spark, o.attributes(), o.fields());
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    return SliceSetup.fromTable(table, o.fields(), id -> {
      if (stringIds != null) {
        long k = stringIds.key(id);
        return k >= 0 ? k : SliceSetup.NOT_AN_IMAGE;
      }
      long v;
      try {
        v = Long.parseLong(id);
      } catch (NumberFormatException e) {
        return SliceSetup.NOT_AN_IMAGE; // not a number: no image of a ground truth with numeric ids
      }
      return Arrays.binarySearch(sorted, v) >= 0 ? v : SliceSetup.NOT_AN_IMAGE;
    });
  }

  private static boolean parquet(DetectionConfig cfg, HadoopConf conf) {
    if (!cfg.gtFormat().equals("auto")) return cfg.gtFormat().equals("parquet");
    List<HadoopFiles.InputFile> files = HadoopFiles.list(conf.get(), cfg.gt(), "--gt");
    return !files.isEmpty() && files.get(0).path().endsWith(".parquet");
  }

  private static List<String> fieldNames(DetectionConfig cfg, HadoopConf conf) {
    String path = HadoopFiles.list(conf.get(), cfg.gt(), "--gt").get(0).path();
    try (InputStream in = HadoopFiles.open(conf.get(), path)) {
      return CocoGroundTruthReader.imageFieldNames(in, 100);
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** Every slice's stats from the evaluation output (one pass of {@link BootstrapPass} with 0 / 1 weights). */
  static SliceMetrics run(JavaRDD<EvalOutput> out, CocoParams params, int numCategories, Broadcast<long[]> npig,
      Broadcast<ImageSlices> slices, long[] images, int tasks) {
    int s0 = slices.value().size();
    BootstrapPass.Sums sums = BootstrapPass.sums(out, params, null, numCategories, npig, slices::value, s0, tasks);
    int all = Math.max(0, params.areaIndex("all"));
    return SliceMetrics.of(slices.value(), images, sums.sums(), sums.counts(), npig.value(), params.numAreaRanges(), all);
  }

  /** The per_slice table: per field, value and class (null category: all classes), the twelve stats. */
  static final StructType PER_SLICE;

  static {
    List<StructField> f = new java.util.ArrayList<>();
    f.add(DataTypes.createStructField("field", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("value", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("images", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("too_few_images", DataTypes.BooleanType, false));
    f.add(DataTypes.createStructField("category_id", DataTypes.LongType, true));
    f.add(DataTypes.createStructField("name", DataTypes.StringType, true));
    for (String m : CocoSummary.NAMES) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("num_gt", DataTypes.LongType, false));
    PER_SLICE = new StructType(f.toArray(new StructField[0]));
  }

  /** The slices in table order ({@link SliceOrder#shown}). */
  static List<int[]> shown(Result s) {
    return SliceOrder.shown(s.metrics().slices(), s.metrics().images());
  }

  private static List<int[]> worstFirst(Result s, int f) {
    double[] ap = new double[s.metrics().images().length];
    for (int q = 0; q < ap.length; q++) ap[q] = s.metrics().stats()[q][0];
    return SliceOrder.worstFirst(s.metrics().slices(), s.metrics().images(), ap, f, s.options().minImages());
  }

  static void rows(Result s, long[] categoryIds, String[] names, ParquetTableWriter.Row row) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    int s0 = CocoSummary.NAMES.length;
    for (int[] fv : shown(s)) {
      int q = sl.slice(fv[0], fv[1]);
      long gt = 0;
      for (long n : m.numGt()[q]) gt += n;
      for (int k = -1; k < categoryIds.length; k++) {
        row.setString(0, sl.field(fv[0])).setString(1, sl.value(fv[0], fv[1])).setLong(2, m.images()[q])
            .setBoolean(3, s.tooFew(q));
        if (k < 0) row.setNull(4).setNull(5);
        else row.setLong(4, categoryIds[k]).setString(5, names[k]);
        double[] st = k < 0 ? m.stats()[q] : m.categoryStats()[q][k];
        for (int i = 0; i < s0; i++) row.setDouble(6 + i, DetectionOutputs.orNull(st[i]));
        row.setLong(6 + s0, k < 0 ? gt : m.numGt()[q][k]).end();
      }
    }
  }

  /** summary.json's {@code slices}: per field, each value's images, flag and twelve stats (-1 where undefined). */
  static void json(Result s, ObjectNode root) {
    SliceMetrics m = s.metrics();
    SliceJson.write(root, s.options(), s.built(), m.images(), (e, q) -> {
      for (int i = 0; i < CocoSummary.NAMES.length; i++) e.put(CocoSummary.NAMES[i], m.stats()[q][i]);
    });
  }

  /** The console: per field, its values worst AP first; a slice under the minimum says so instead of its numbers. */
  static void print(Result s, PrintStream o) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    for (int f = 0; f < sl.numFields(); f++) {
      List<int[]> vs = worstFirst(s, f);
      o.println();
      o.printf("By %s, worst AP first (%s; fewer than %d images: too few to read):%n", Text.safe(sl.field(f), 40),
          Text.safe(s.built().source(), 80), s.options().minImages());
      o.println("  " + Text.padRight("value", 24) + Text.padLeft("images", 9) + Text.padLeft("AP", 7)
          + Text.padLeft("AP50", 7) + Text.padLeft("AP75", 7) + Text.padLeft("AR100", 7) + Text.padLeft("num_gt", 9));
      for (int[] fv : vs) {
        int q = sl.slice(fv[0], fv[1]);
        String v = sl.value(fv[0], fv[1]);
        long gt = 0;
        for (long n : m.numGt()[q]) gt += n;
        String head = "  " + Text.padRight(Text.safe(SliceOrder.label(v), 23), 24)
            + Text.padLeft(Long.toString(m.images()[q]), 9);
        if (s.tooFew(q)) {
          o.println(head + "  too few images (" + m.images()[q] + " < " + s.options().minImages() + ")");
        } else {
          double[] st = m.stats()[q];
          o.println(head + Text.padLeft(Text.metric(st[0]), 7) + Text.padLeft(Text.metric(st[1]), 7)
              + Text.padLeft(Text.metric(st[2]), 7) + Text.padLeft(Text.metric(st[8]), 7)
              + Text.padLeft(Long.toString(gt), 9));
        }
      }
    }
    if (s.options().attributes() != null && s.built().unmatched() > 0) {
      o.printf("%s: %d of %d rows name no image of the ground truth (not used)%n", Text.safe(s.built().source(), 80),
          s.built().unmatched(), s.built().rows());
    }
  }

  static final List<dev.overlap.jobs.report.Table.Column> HTML_COLUMNS = List.of(
      new dev.overlap.jobs.report.Table.Column("value", false, "the field's value; (missing): absent or null"),
      new dev.overlap.jobs.report.Table.Column("images", true, "images evaluated in the slice"),
      new dev.overlap.jobs.report.Table.Column("AP", true, "AP over IoU .50:.95 of the slice's images alone"),
      new dev.overlap.jobs.report.Table.Column("AP50", true, "AP at IoU 0.50"),
      new dev.overlap.jobs.report.Table.Column("AP75", true, "AP at IoU 0.75"),
      new dev.overlap.jobs.report.Table.Column("APs", true, "AP, small objects"),
      new dev.overlap.jobs.report.Table.Column("APm", true, "AP, medium objects"),
      new dev.overlap.jobs.report.Table.Column("APl", true, "AP, large objects"),
      new dev.overlap.jobs.report.Table.Column("AR100", true, "recall with up to 100 detections per image"),
      new dev.overlap.jobs.report.Table.Column("num_gt", true, "non-ignored ground truths in the slice"));

  /** The report: one table per field, worst AP first; slices under the minimum show no numbers. */
  static List<dev.overlap.jobs.report.Table> html(Result s, String out, String runId, String iouType) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    List<dev.overlap.jobs.report.Table> tables = new java.util.ArrayList<>();
    for (int f = 0; f < sl.numFields(); f++) {
      List<int[]> vs = worstFirst(s, f);
      List<List<String>> rows = new java.util.ArrayList<>();
      for (int[] fv : vs) {
        int q = sl.slice(fv[0], fv[1]);
        String v = sl.value(fv[0], fv[1]);
        long gt = 0;
        for (long n : m.numGt()[q]) gt += n;
        List<String> row = new java.util.ArrayList<>();
        row.add(SliceOrder.label(v));
        row.add(Long.toString(m.images()[q]));
        double[] st = m.stats()[q];
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 8}) row.add(s.tooFew(q) ? "too few" : Text.metric(st[i]));
        row.add(Long.toString(gt));
        rows.add(row);
      }
      tables.add(new dev.overlap.jobs.report.Table("By " + sl.field(f) + ", worst AP first", "Each slice's numbers are"
          + " those of evaluating its images alone. Slices with fewer than " + s.options().minImages() + " images show"
          + " no numbers (too few to read). Values from " + s.built().source() + ".", HTML_COLUMNS, rows,
          "Per class and slice: " + dev.overlap.jobs.io.Outputs.child(out, "per_slice") + " (run_id=" + runId
          + ", iou_type=" + iouType + ", column field = '" + sl.field(f) + "')."));
    }
    return tables;
  }
}
