package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.ImageIds;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.slices.SliceMetrics;
import dev.overlap.core.voc.VocProtocol;
import dev.overlap.core.voc.VocSummary;
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
 * {@code --slice-by} for detection: the run's own stats (COCO's twelve, keypoints' ten, LVIS's thirteen, bev / 3d's
 * four, VOC's mAP / AP / AP50 / AP75), overall and per class, over the images of each value of each field. Each slice
 * is a replicate of the bootstrap's pass ({@link BootstrapPass}; VOC's {@link VocCurves#aps}) with weights 1 on its
 * images and 0 elsewhere, so IoU and matching are shared with the plain evaluation and a slice's numbers are those of
 * evaluating its images alone (pycocotools / lvis-api with {@code imgIds} set to them; voc_eval on those images).
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

  /**
   * Every slice's stats from the evaluation output (one pass of {@link BootstrapPass} with 0 / 1 weights), in the
   * run's layout (keypoints' ten, LVIS's thirteen, bev / 3d's four; null: COCO's twelve).
   */
  static SliceMetrics run(JavaRDD<EvalOutput> out, CocoParams params, CocoSummary.Stat[] layout, int numCategories,
      Broadcast<long[]> npig, Broadcast<ImageSlices> slices, long[] images, int tasks) {
    int s0 = slices.value().size();
    BootstrapPass.Sums sums = BootstrapPass.sums(out, params, layout, numCategories, npig, slices::value, s0, tasks);
    int all = Math.max(0, params.areaIndex("all"));
    return SliceMetrics.of(slices.value(), images, sums.sums(), sums.counts(), npig.value(), params.numAreaRanges(), all,
        layout);
  }

  /**
   * Every slice's VOC summary (--protocol voc07 / voc12) from the evaluation output's VOC blocks: one pass of
   * {@link VocCurves#aps} with 0 / 1 weights, each slice then voc_eval on its images alone.
   *
   * @param npos non-difficult ground truths per class and slice, {@code [k * S + slice]}
   */
  static SliceMetrics runVoc(JavaRDD<EvalOutput> out, VocProtocol protocol, long[] npos, int numClasses,
      Broadcast<ImageSlices> slices, long[] images, int tasks) {
    int s0 = slices.value().size();
    double[][] ap = VocCurves.aps(out, protocol, npos, numClasses, s0, slices::value, tasks);
    return SliceMetrics.ofVoc(slices.value(), images, protocol, ap, VocCurves.byClass(npos, numClasses, s0));
  }

  /**
   * per_slice's metric columns after COCO's twelve ({@link CocoSummary#NAMES}), for the stats of other protocols:
   * bev / 3d's AP25, keypoints' and LVIS's AR (and keypoints' AR50 / AR75), LVIS's APr / APc / APf, VOC's mAP. Every
   * run fills the columns its stats name and leaves the others null, so that runs of any protocol share one table.
   */
  static final String[] EXTRA_METRICS = {"AP25", "AR", "AR50", "AR75", "APr", "APc", "APf", "mAP"};

  /** The per_slice table: per field, value and class (null category: all classes), the run's stats by name. */
  static final StructType PER_SLICE;

  static {
    List<StructField> f = dev.overlap.jobs.slices.SliceColumns.leading("category_id", DataTypes.LongType);
    for (String m : CocoSummary.NAMES) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("num_gt", DataTypes.LongType, false));
    for (String m : EXTRA_METRICS) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    PER_SLICE = new StructType(f.toArray(new StructField[0]));
  }

  /** The slices in table order ({@link SliceOrder#shown}). */
  static List<int[]> shown(Result s) {
    return SliceOrder.shown(s.metrics().slices(), s.metrics().images());
  }

  /** The headline the console and report sort by: the protocol's first stat (AP; VOC's mAP). */
  private static String headline(SliceMetrics m) {
    return m.names()[0];
  }

  private static boolean voc(SliceMetrics m) {
    return headline(m).equals(VocSummary.METRICS[0]);
  }

  private static List<int[]> worstFirst(Result s, int f) {
    double[] ap = new double[s.metrics().images().length];
    for (int q = 0; q < ap.length; q++) ap[q] = s.metrics().stats()[q][0];
    return SliceOrder.worstFirst(s.metrics().slices(), s.metrics().images(), ap, f, s.options().minImages());
  }

  static void rows(Result s, long[] categoryIds, String[] names, ParquetTableWriter.Row row) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    int c0 = CocoSummary.NAMES.length;
    // columns by name: the run's stats fill the columns they name, the others stay null
    int[] from = new int[c0 + EXTRA_METRICS.length];
    for (int i = 0; i < c0; i++) from[i] = m.index(CocoSummary.NAMES[i]);
    for (int i = 0; i < EXTRA_METRICS.length; i++) from[c0 + i] = m.index(EXTRA_METRICS[i]);
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
        for (int i = 0; i < c0; i++) row.setDouble(6 + i, from[i] < 0 ? null : DetectionOutputs.orNull(st[from[i]]));
        row.setLong(6 + c0, k < 0 ? gt : m.numGt()[q][k]);
        for (int i = 0; i < EXTRA_METRICS.length; i++) {
          int at = from[c0 + i];
          row.setDouble(7 + c0 + i, at < 0 ? null : DetectionOutputs.orNull(st[at]));
        }
        row.end();
      }
    }
  }

  /** summary.json's {@code slices}: per field, each value's images, flag and the run's stats (-1 where undefined). */
  static void json(Result s, ObjectNode root) {
    SliceMetrics m = s.metrics();
    SliceJson.write(root, s.options(), s.built(), m.images(), (e, q) -> {
      for (int i = 0; i < m.names().length; i++) e.put(m.names()[i], m.stats()[q][i]);
    });
  }

  /**
   * The stats the console shows per slice, those of this list the run has: COCO's AP, AP50, AP75, AR100;
   * keypoints' AP, AP50, AP75, AR; LVIS's AP, AP50, AP75, APr, APc, APf, AR; bev / 3d's AP, AP25, AP50, AR100; VOC's
   * mAP, AP, AP50, AP75.
   */
  static final String[] CONSOLE = {"mAP", "AP", "AP25", "AP50", "AP75", "APr", "APc", "APf", "AR", "AR100"};

  /** The report's: the console's and the stats by object size. */
  static final String[] REPORT = {"mAP", "AP", "AP25", "AP50", "AP75", "APs", "APm", "APl", "APr", "APc", "APf", "AR",
      "AR100"};

  private static int[] columns(SliceMetrics m, String[] wanted) {
    int[] at = new int[wanted.length];
    int n = 0;
    for (String w : wanted) {
      int i = m.index(w);
      if (i >= 0) at[n++] = i;
    }
    return Arrays.copyOf(at, n);
  }

  /** The console: per field, its values worst headline first; a slice under the minimum says so instead of numbers. */
  static void print(Result s, PrintStream o) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    int[] cols = columns(m, CONSOLE);
    String gtName = voc(m) ? "npos" : "num_gt";
    for (int f = 0; f < sl.numFields(); f++) {
      List<int[]> vs = worstFirst(s, f);
      o.println();
      o.printf("By %s, worst %s first (%s; fewer than %d images: too few to read):%n", Text.safe(sl.field(f), 40),
          headline(m), Text.safe(s.built().source(), 80), s.options().minImages());
      StringBuilder header = new StringBuilder("  " + Text.padRight("value", 24) + Text.padLeft("images", 9));
      for (int c : cols) header.append(Text.padLeft(m.names()[c], 7));
      o.println(header.append(Text.padLeft(gtName, 9)));
      for (int[] fv : vs) {
        int q = sl.slice(fv[0], fv[1]);
        String v = sl.value(fv[0], fv[1]);
        long gt = 0;
        for (long n : m.numGt()[q]) gt += n;
        StringBuilder line = new StringBuilder("  " + Text.padRight(Text.safe(SliceOrder.label(v), 23), 24)
            + Text.padLeft(Long.toString(m.images()[q]), 9));
        if (s.tooFew(q)) {
          o.println(line.append("  too few images (").append(m.images()[q]).append(" < ").append(s.options().minImages())
              .append(')'));
        } else {
          double[] st = m.stats()[q];
          for (int c : cols) line.append(Text.padLeft(Text.metric(st[c]), 7));
          o.println(line.append(Text.padLeft(Long.toString(gt), 9)));
        }
      }
    }
    if (s.options().attributes() != null && s.built().unmatched() > 0) {
      o.printf("%s: %d of %d rows name no image of the ground truth (not used)%n", Text.safe(s.built().source(), 80),
          s.built().unmatched(), s.built().rows());
    }
  }

  /** What each report column means. */
  private static String describe(String name, boolean voc) {
    switch (name) {
      case "mAP": return "VOC mAP: mean over the classes with non-difficult ground truth of their AP at IoU 0.50";
      case "AP": return voc ? "VOC AP averaged over IoU .50:.95" : "AP over every IoU threshold of the slice's images"
          + " alone";
      case "AP25": return "AP at IoU 0.25";
      case "AP50": return "AP at IoU 0.50";
      case "AP75": return "AP at IoU 0.75";
      case "APs": return "AP, small objects";
      case "APm": return "AP, medium objects";
      case "APl": return "AP, large objects";
      case "APr": return "AP of the rare classes";
      case "APc": return "AP of the common classes";
      case "APf": return "AP of the frequent classes";
      case "AR": return "recall at the protocol's detections per image (keypoints 20, LVIS 300)";
      case "AR100": return "recall with up to 100 detections per image";
      default: return name;
    }
  }

  /** The report: one table per field, worst headline first; slices under the minimum show no numbers. */
  static List<dev.overlap.jobs.report.Table> html(Result s, String out, String runId, String iouType) {
    SliceMetrics m = s.metrics();
    ImageSlices sl = m.slices();
    int[] cols = columns(m, REPORT);
    boolean voc = voc(m);
    List<dev.overlap.jobs.report.Table.Column> columns = new java.util.ArrayList<>();
    columns.add(new dev.overlap.jobs.report.Table.Column("value", false, "the field's value; (missing): absent or null"));
    columns.add(new dev.overlap.jobs.report.Table.Column("images", true, "images evaluated in the slice"));
    for (int c : cols) columns.add(new dev.overlap.jobs.report.Table.Column(m.names()[c], true, describe(m.names()[c], voc)));
    columns.add(new dev.overlap.jobs.report.Table.Column(voc ? "npos" : "num_gt", true, voc
        ? "non-difficult ground truths in the slice" : "non-ignored ground truths in the slice"));
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
        for (int c : cols) row.add(s.tooFew(q) ? "too few" : Text.metric(st[c]));
        row.add(Long.toString(gt));
        rows.add(row);
      }
      tables.add(new dev.overlap.jobs.report.Table("By " + sl.field(f) + ", worst " + headline(m) + " first",
          "Each slice's numbers are those of evaluating its images alone. Slices with fewer than "
          + s.options().minImages() + " images show no numbers (too few to read). Values from " + s.built().source()
          + ".", columns, rows, "Per class and slice: " + dev.overlap.jobs.io.Outputs.child(out, "per_slice")
          + " (run_id=" + runId + ", iou_type=" + iouType + ", column field = '" + sl.field(f) + "')."));
    }
    return tables;
  }
}
