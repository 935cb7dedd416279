package dev.overlap.jobs.panoptic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.io.PanopticJsonReader.Category;
import dev.overlap.core.io.PanopticJsonReader.ImageRecord;
import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PqResult.Group;
import dev.overlap.core.panoptic.PqSliceStats;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.slices.ImageAttributes;
import dev.overlap.jobs.slices.SliceJson;
import dev.overlap.jobs.slices.SliceOrder;
import dev.overlap.jobs.slices.SliceSetup;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --slice-by} for panoptic: per value of each image field, PQ / SQ / RQ (all, things, stuff) and every
 * category's scores and counts from the per-category (tp, fp, fn, IoU sum) sums of the slice's images
 * ({@link PqSliceStats}, exact), reduced as the whole run is ({@link PqResult}): pq_compute on those images alone.
 * Values come from the ground truth's {@code images} records or from {@code --image-attributes}; images are the
 * ground truth's annotations, keyed by their {@code image_id} as text.
 */
final class PanopticSlices {
  private PanopticSlices() {}

  /** Per task, the slices' counts must stay small: 5 longs per slice and category. */
  static final long MAX_COUNTS = 1L << 25;

  /**
   * A run's slices.
   *
   * @param results per slice number, its scores
   * @param images per slice number, the images evaluated
   */
  record Result(SliceOptions options, SliceSetup.Built built, List<Category> categories, PqResult[] results,
      long[] images) {
    boolean tooFew(int q) {
      return images[q] < options.minImages();
    }
  }

  /**
   * The slices, from the image records {@link PanopticInputs} read or from the side table; side-table rows whose id
   * is no ground-truth annotation's image are counted as naming no image.
   */
  static SliceSetup.Built build(SparkSession spark, PanopticConfig cfg, HadoopConf conf, PanopticInputs.Inputs in) {
    SliceOptions o = cfg.slices();
    String gtName = HadoopFiles.display(cfg.gtJson());
    SliceSetup.Built b;
    if (o.attributes() == null) {
      if (in.images() == null) {
        throw new InvalidInputException(gtName, "images", null, "--slice-by: the ground truth has no image records;"
            + " give the fields with --image-attributes FILE (CSV or Parquet keyed by image_id)");
      }
      List<ImageRecord> images = in.images();
      long[] keys = new long[images.size()];
      String[][] values = new String[keys.length][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = PoissonWeights.keyOf(images.get(i).id());
        values[i] = images.get(i).values();
      }
      b = SliceSetup.fromImages(gtName, o.fields(), keys, values, () -> fieldNames(cfg, conf));
    } else {
      Set<String> ids = new HashSet<>();
      for (PanopticTask t : in.tasks()) if (t.getImage() != null) ids.add(t.getImage());
      ImageAttributes.Table table = ImageAttributes.read(spark, o.attributes(), o.fields());
      b = SliceSetup.fromTable(table, o.fields(), id -> {
        String known = ids.contains(id) ? id : decimal(id);
        return known != null && ids.contains(known) ? PoissonWeights.keyOf(known) : SliceSetup.NOT_AN_IMAGE;
      });
    }
    long counts = 5L * b.slices().size() * in.categories().size();
    if (counts > MAX_COUNTS) {
      throw new InvalidInputException(b.source(), null, null, "--slice-by " + String.join(",", o.fields()) + ": "
          + b.slices().size() + " slices x " + in.categories().size() + " categories need " + counts + " counts per"
          + " task, more than " + MAX_COUNTS + "; slice by fewer fields or values at once");
    }
    return b;
  }

  /** A numeric id in the ground truth's form ("0042" or a Parquet long names image 42), else null. */
  private static String decimal(String id) {
    try {
      return Long.toString(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> fieldNames(PanopticConfig cfg, HadoopConf conf) {
    try (InputStream in = HadoopFiles.open(conf.get(), cfg.gtJson())) {
      return CocoGroundTruthReader.imageFieldNames(in, 100);
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** The result from the summed slice counts (null: no image was evaluated). */
  static Result result(PanopticConfig cfg, SliceSetup.Built built, List<Category> categories, PqSliceStats stats,
      boolean[] isThing) {
    int s0 = built.slices().size();
    PqSliceStats s = stats != null ? stats : new PqSliceStats(isThing.length, s0);
    PqResult[] results = new PqResult[s0];
    for (int q = 0; q < s0; q++) results[q] = s.result(q, isThing);
    return new Result(cfg.slices(), built, categories, results, s.images());
  }

  /**
   * The per_slice table: per field, value and category (null category: the slice's headline row), as the other
   * tasks' per_slice tables. A category row carries its own PQ, SQ, RQ in those columns (Spark's column names are
   * case-insensitive: no separate pq), and its counts.
   */
  static final StructType PER_SLICE;

  static {
    List<StructField> f = dev.overlap.jobs.slices.SliceColumns.leading("category_id", DataTypes.IntegerType);
    f.add(DataTypes.createStructField("isthing", DataTypes.BooleanType, true));
    // headline rows: the slice's nine scores and how many categories PQ averages; category rows: PQ, SQ, RQ
    for (String m : PanopticOutputs.METRICS) f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("categories", DataTypes.IntegerType, true));
    // category rows: as per_class
    f.add(DataTypes.createStructField("tp", DataTypes.LongType, true));
    f.add(DataTypes.createStructField("fp", DataTypes.LongType, true));
    f.add(DataTypes.createStructField("fn", DataTypes.LongType, true));
    f.add(DataTypes.createStructField("iou_sum", DataTypes.DoubleType, true));
    PER_SLICE = new StructType(f.toArray(new StructField[0]));
  }

  static void rows(Result s, ParquetTableWriter.Row row) {
    ImageSlices sl = s.built().slices();
    int h = PanopticOutputs.METRICS.length;
    int counts = 7 + h + 1;
    for (int[] fv : SliceOrder.shown(sl, s.images())) {
      int q = sl.slice(fv[0], fv[1]);
      PqResult p = s.results()[q];
      for (int c = -1; c < p.numCategories(); c++) {
        row.setString(0, sl.field(fv[0])).setString(1, sl.value(fv[0], fv[1])).setLong(2, s.images()[q])
            .setBoolean(3, s.tooFew(q));
        if (c < 0) {
          double[] v = PanopticOutputs.summaryValues(p);
          for (int i = 0; i < h; i++) row.setDouble(7 + i, PanopticOutputs.orNull(v[i]));
          row.setInt(7 + h, p.counted(Group.ALL));
        } else {
          Category k = s.categories().get(c);
          row.setInt(4, k.id()).setString(5, k.name()).setBoolean(6, k.isThing())
              .setDouble(7, PanopticOutputs.orNull(p.pq(c))).setDouble(8, PanopticOutputs.orNull(p.sq(c)))
              .setDouble(9, PanopticOutputs.orNull(p.rq(c))).setLong(counts, p.tp(c)).setLong(counts + 1, p.fp(c))
              .setLong(counts + 2, p.fn(c)).setDouble(counts + 3, p.iouSum(c));
        }
        row.end();
      }
    }
  }

  /** summary.json's {@code slices}: per field, each value's images, flag, nine scores (null where undefined). */
  static void json(Result s, ObjectNode root) {
    SliceJson.write(root, s.options(), s.built(), s.images(), (e, q) -> {
      double[] v = PanopticOutputs.summaryValues(s.results()[q]);
      for (int i = 0; i < v.length; i++) e.put(PanopticOutputs.METRICS[i], PanopticOutputs.orNull(v[i]));
      e.put("categories", s.results()[q].counted(Group.ALL));
    });
  }

  private static List<int[]> worstFirst(Result s, int f) {
    double[] pq = new double[s.images().length];
    for (int q = 0; q < pq.length; q++) pq[q] = s.results()[q].pq(Group.ALL);
    return SliceOrder.worstFirst(s.built().slices(), s.images(), pq, f, s.options().minImages());
  }

  /** The console: per field, its values worst PQ first; a slice under the minimum says so instead of numbers. */
  static void print(Result s, PrintStream o) {
    ImageSlices sl = s.built().slices();
    for (int f = 0; f < sl.numFields(); f++) {
      o.println();
      o.printf("By %s, worst PQ first (%s; fewer than %d images: too few to read):%n", Text.safe(sl.field(f), 40),
          Text.safe(s.built().source(), 80), s.options().minImages());
      o.println("  " + Text.padRight("value", 24) + Text.padLeft("images", 9) + Text.padLeft("PQ", 7)
          + Text.padLeft("SQ", 7) + Text.padLeft("RQ", 7) + Text.padLeft("PQ_th", 7) + Text.padLeft("PQ_st", 7));
      for (int[] fv : worstFirst(s, f)) {
        int q = sl.slice(fv[0], fv[1]);
        String head = "  " + Text.padRight(Text.safe(SliceOrder.label(sl.value(fv[0], fv[1])), 23), 24)
            + Text.padLeft(Long.toString(s.images()[q]), 9);
        if (s.tooFew(q)) {
          o.println(head + "  too few images (" + s.images()[q] + " < " + s.options().minImages() + ")");
          continue;
        }
        double[] v = PanopticOutputs.summaryValues(s.results()[q]);
        o.println(head + Text.padLeft(Text.metric(v[0]), 7) + Text.padLeft(Text.metric(v[1]), 7)
            + Text.padLeft(Text.metric(v[2]), 7) + Text.padLeft(Text.metric(v[3]), 7)
            + Text.padLeft(Text.metric(v[6]), 7));
      }
    }
    if (s.built().unmatched() > 0) {
      o.printf("%s: %d of %d rows name no image of the ground truth (not used)%n", Text.safe(s.built().source(), 80),
          s.built().unmatched(), s.built().rows());
    }
  }

  static final List<Table.Column> HTML_COLUMNS = List.of(
      new Table.Column("value", false, "the field's value; (missing): absent, null or not in the side table"),
      new Table.Column("images", true, "images evaluated in the slice"),
      new Table.Column("PQ", true, "PQ of the slice's images alone: mean over its categories with tp + fp + fn > 0"),
      new Table.Column("SQ", true, "mean SQ over the same categories"),
      new Table.Column("RQ", true, "mean RQ over the same categories"),
      new Table.Column("PQ things", true, "PQ over thing categories"),
      new Table.Column("PQ stuff", true, "PQ over stuff categories"),
      new Table.Column("categories", true, "categories averaged in the slice's PQ"));

  /** The report: one table per field, worst PQ first; slices under the minimum show no numbers. */
  static List<Table> html(Result s, String out, String runId) {
    ImageSlices sl = s.built().slices();
    List<Table> tables = new ArrayList<>();
    for (int f = 0; f < sl.numFields(); f++) {
      List<List<String>> rows = new ArrayList<>();
      for (int[] fv : worstFirst(s, f)) {
        int q = sl.slice(fv[0], fv[1]);
        double[] v = PanopticOutputs.summaryValues(s.results()[q]);
        List<String> row = new ArrayList<>();
        row.add(SliceOrder.label(sl.value(fv[0], fv[1])));
        row.add(Long.toString(s.images()[q]));
        for (int i : new int[] {0, 1, 2, 3, 6}) row.add(s.tooFew(q) ? "too few" : Text.metric(v[i]));
        row.add(Integer.toString(s.results()[q].counted(Group.ALL)));
        rows.add(row);
      }
      tables.add(new Table("By " + sl.field(f) + ", worst PQ first", "Each slice's numbers are those of evaluating"
          + " its images alone (pq_compute on them). Slices with fewer than " + s.options().minImages() + " images show"
          + " no numbers (too few to read). Values from " + s.built().source() + ".", HTML_COLUMNS, rows,
          "Per category and slice: " + Outputs.child(out, "per_slice") + " (run_id=" + runId + ", column field = '"
              + sl.field(f) + "')."));
    }
    return tables;
  }
}
