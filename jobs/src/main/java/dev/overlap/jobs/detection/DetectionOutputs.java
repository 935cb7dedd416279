package dev.overlap.jobs.detection;

import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.Outputs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The detection job's outputs under {@code --out}: Parquet tables {@code summary}, {@code per_class},
 * {@code pr_curve}, {@code per_image}, partitioned by {@code run_id} and {@code iou_type}, then
 * {@code report.html} (see {@link dev.overlap.jobs.report.ReportFiles}), then {@code summary.json}, written
 * last. Undefined numbers (pycocotools' -1) are null in tables and -1 in summary.json, where users
 * compare them with pycocotools' stats.
 */
public final class DetectionOutputs {
  private DetectionOutputs() {}

  public static final String[] PER_CLASS_METRICS = CocoSummary.NAMES;

  static final StructType SUMMARY = new StructType(new StructField[] {
      DataTypes.createStructField("metric", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true)});

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
    PER_CLASS = new StructType(f.toArray(new StructField[0]));
  }

  /** Writes every table, the HTML report and summary.json. */
  public static void write(SparkSession spark, DetectionResult r, dev.overlap.jobs.spark.StepTimer timer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DetectionConfig cfg = r.config();
    String out = cfg.run().out();
    String runId = cfg.run().runId();
    String iouType = cfg.params().iouType().label();
    jsc.setJobGroup("overlap-detection", "write summary and per_class", false);
    // small tables: one file per run
    Outputs.writeTable(tag(summaryTable(spark, r), runId, iouType).coalesce(1), out, "summary", "run_id", "iou_type");
    Outputs.writeTable(tag(perClassTable(spark, r), runId, iouType).coalesce(1), out, "per_class", "run_id", "iou_type");
    timer.lap("write summary, per_class");
    jsc.setJobGroup("overlap-detection", "write pr_curve", false);
    Outputs.writeTable(tag(prCurveTable(spark, r), runId, iouType), out, "pr_curve", "run_id", "iou_type");
    timer.lap("write pr_curve");
    jsc.setJobGroup("overlap-detection", "write per_image", false);
    Outputs.writeTable(tag(r.perImage(), runId, iouType), out, "per_image", "run_id", "iou_type");
    timer.lap("write per_image");
    jsc.clearJobGroup();
    DetectionHtmlReport.write(spark, r);
    timer.lap("write report.html");
    Outputs.writeFile(spark.sparkContext().hadoopConfiguration(), out, "summary.json", summaryJson(r));
  }

  static Dataset<Row> tag(Dataset<Row> df, String runId, String iouType) {
    return df.withColumn("run_id", lit(runId)).withColumn("iou_type", lit(iouType));
  }

  static Double orNull(double v) {
    return v > -1 ? v : null;
  }

  static Dataset<Row> summaryTable(SparkSession spark, DetectionResult r) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < CocoSummary.NAMES.length; i++) {
      rows.add(RowFactory.create(CocoSummary.NAMES[i], orNull(r.summary().stat(i))));
    }
    return spark.createDataFrame(rows, SUMMARY);
  }

  static Dataset<Row> perClassTable(SparkSession spark, DetectionResult r) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < r.categoryIds().length; k++) {
      double[] s = r.summary().categoryStats(k);
      Object[] v = new Object[4 + s.length];
      v[0] = r.categoryIds()[k];
      v[1] = r.categoryNames()[k];
      for (int i = 0; i < s.length; i++) v[2 + i] = orNull(s[i]);
      v[2 + s.length] = r.numGt()[k];
      v[3 + s.length] = r.numPred()[k];
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, PER_CLASS);
  }

  static Dataset<Row> prCurveTable(SparkSession spark, DetectionResult r) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Accumulation> acc = jsc.broadcast(r.summary().accumulation());
    List<Integer> ks = new ArrayList<>();
    for (int k = 0; k < r.categoryIds().length; k++) ks.add(k);
    int slices = Math.max(1, Math.min(ks.size(), jsc.defaultParallelism()));
    return spark.createDataFrame(jsc.parallelize(ks, slices)
        .flatMap(new PrCurveRows(acc, r.categoryIds(), r.categoryNames())), PR_CURVE);
  }

  /** Expands the precision array of one category into rows, skipping cells without GT. */
  static final class PrCurveRows implements FlatMapFunction<Integer, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Accumulation> acc;
    private final long[] ids;
    private final String[] names;

    PrCurveRows(Broadcast<Accumulation> acc, long[] ids, String[] names) {
      this.acc = acc;
      this.ids = ids;
      this.names = names;
    }

    @Override
    public Iterator<Row> call(Integer k) {
      Accumulation a = acc.value();
      CocoParams p = a.params();
      List<Row> rows = new ArrayList<>();
      for (int t = 0; t < p.numIouThresholds(); t++) {
        for (int ar = 0; ar < p.numAreaRanges(); ar++) {
          if (a.npig(k, ar) == 0) continue;
          for (int m = 0; m < p.numMaxDets(); m++) {
            for (int r = 0; r < p.numRecallThresholds(); r++) {
              rows.add(RowFactory.create(ids[k], names[k], p.iouThreshold(t), p.areaLabel(ar), p.maxDets(m),
                  p.recallThreshold(r), a.precision(t, r, k, ar, m), a.score(t, r, k, ar, m)));
            }
          }
        }
      }
      return rows.iterator();
    }
  }

  /** summary.json: the twelve stats at full precision, counts, parameters, inputs. */
  static byte[] summaryJson(DetectionResult r) {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = om.createObjectNode();
    DetectionConfig cfg = r.config();
    CocoParams p = cfg.params();
    root.put("task", "detection");
    root.put("run_id", cfg.run().runId());
    root.put("iou_type", p.iouType().label());
    for (int i = 0; i < CocoSummary.NAMES.length; i++) root.put(CocoSummary.NAMES[i], r.summary().stat(i));
    ObjectNode counts = root.putObject("counts");
    counts.put("images", r.images());
    counts.put("images_not_evaluated", r.imagesSkipped());
    counts.put("categories", r.categoryIds().length);
    counts.put("gt_annotations", r.gtRecords());
    counts.put("predictions", r.predRecords());
    counts.put("prediction_files", r.predFiles());
    counts.put("rejected", 0);
    ObjectNode params = root.putObject("params");
    ArrayNode iou = params.putArray("iouThrs");
    for (double t : p.iouThresholds()) iou.add(t);
    params.put("recThrs", p.numRecallThresholds());
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
    if (p.imageIds() != null) params.put("imgIds", p.imageIds().length);
    if (p.categoryIds() != null) {
      ArrayNode c = params.putArray("catIds");
      for (long id : p.categoryIds()) c.add(id);
    }
    ObjectNode inputs = root.putObject("inputs");
    inputs.put("gt", cfg.gt());
    inputs.put("pred", cfg.pred());
    root.put("tables", "summary, per_class, pr_curve, per_image (Parquet, partitioned by run_id and iou_type)");
    try {
      return om.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
