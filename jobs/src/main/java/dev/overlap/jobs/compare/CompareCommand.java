package dev.overlap.jobs.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.detection.DetectionConfig;
import dev.overlap.jobs.detection.DetectionJob;
import dev.overlap.jobs.detection.DetectionOutputs;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.segmentation.SegmentationConfig;
import dev.overlap.jobs.segmentation.SegmentationJob;
import dev.overlap.jobs.segmentation.SegmentationOutputs;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.ReportFiles;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.runs.Gate;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code overlap compare --gt G --baseline PRED_A --candidate PRED_B}: both prediction sets evaluated against one
 * ground truth with the same bootstrap weights; per headline and per class the difference candidate - baseline,
 * its interval and whether it excludes 0. Exit 4 when the candidate is significantly worse on AP, so a CI step can
 * stop on a real regression and pass on noise.
 */
public final class CompareCommand implements Command {
  /** Replicates when --bootstrap is not given: a comparison without intervals says nothing. */
  static final String DEFAULT_REPLICATES = "200";

  static final Set<String> OPTIONS;

  static {
    Set<String> o = new HashSet<>(DetectionConfig.OPTIONS);
    o.addAll(SegmentationConfig.OPTIONS);
    o.removeAll(Gate.OPTIONS);
    o.remove("pred");
    o.addAll(Set.of("baseline", "candidate", "task"));
    OPTIONS = Set.copyOf(o);
  }

  static final String USAGE = String.join("\n",
      "usage: overlap compare --gt PATH --baseline PRED_A --candidate PRED_B --out PATH [options]",
      "       overlap compare --task segmentation --gt DIR --baseline DIR_A --candidate DIR_B --num-classes K --out PATH",
      "  Paired comparison of two models on the same images: candidate - baseline per headline and per class,",
      "  with a bootstrap interval over images (the same image weights for both) and whether it excludes 0.",
      "  Exit 4 when the candidate is significantly worse on the first headline (AP; mIoU for segmentation).",
      "  --task T             detection (default) or segmentation (label-map folders or Parquet, as 'overlap",
      "                       segmentation' reads them, with its options: --num-classes, --classes, --ignore-label, ...)",
      "  --gt PATH            COCO instances JSON, or a Parquet folder (images/, annotations/, categories/)",
      "  --baseline PATH      the reference model's results (JSON array, JSON Lines or Parquet)",
      "  --candidate PATH     the new model's results, in any of those forms",
      "  --iou-type T         bbox (default), segm, boundary, keypoints, bev or 3d; --protocol voc07|voc12|lvis",
      "                       compares in that protocol's own numbers",
      "  --out PATH           output folder: summary.json, the comparisons table, report.html, runs",
      "  --run-id ID          run id (default: a unique UTC timestamp)",
      "  --bootstrap R        replicates (default " + DEFAULT_REPLICATES + ")",
      "  --seed S             bootstrap seed (default 0)",
      "  --confidence C       interval coverage in (0, 1) (default 0.95)",
      "  --partitions, --master, --config, --top, --on-bad-input, --quiet, --verbose, and the COCO parameters",
      "  (--iou-thrs, --rec-thrs, --max-dets, --area-rng, --use-cats, --img-ids, --cat-ids, --segm-area,",
      "  --gt-format, --pred-format, --split-mb) as for 'overlap detection'");

  static final StructType COMPARISONS = new StructType(new StructField[] {
      DataTypes.createStructField("metric", DataTypes.StringType, false),
      DataTypes.createStructField("category_id", DataTypes.LongType, true),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("baseline", DataTypes.DoubleType, true),
      DataTypes.createStructField("candidate", DataTypes.DoubleType, true),
      DataTypes.createStructField("delta", DataTypes.DoubleType, true),
      DataTypes.createStructField("lo", DataTypes.DoubleType, true),
      DataTypes.createStructField("hi", DataTypes.DoubleType, true),
      DataTypes.createStructField("significant", DataTypes.BooleanType, false)});

  @Override
  public String name() { return "compare"; }

  @Override
  public String summary() { return "paired comparison of two models' detections, with bootstrap intervals"; }

  @Override
  public Set<String> options() { return OPTIONS; }

  @Override
  public Set<String> flags() { return DetectionConfig.FLAGS; }

  @Override
  public String usage() { return USAGE; }

  @Override
  public int run(Args a, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    String task = a.choice("task", "detection", "detection", "segmentation");
    String baselinePath = a.required("baseline");
    String candidatePath = a.required("candidate");
    Args inner = a.with("baseline", null).with("candidate", null).with("task", null);
    if (!inner.has("bootstrap")) inner = inner.with("bootstrap", DEFAULT_REPLICATES);
    Side side = task.equals("detection") ? new DetectionSide(inner, baselinePath, candidatePath)
        : new SegmentationSide(inner, baselinePath, candidatePath);
    RunOptions opts = side.run();
    BootstrapOptions boot = side.bootstrap();
    List<String> metrics = new ArrayList<>();
    for (String s : side.metrics()) metrics.add("delta_" + s);
    RunContext run = RunContext.begin(opts, name(), side.partition(), metrics);
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("gt", side.gt());
    inputs.put("baseline", baselinePath);
    inputs.put("candidate", candidatePath);
    run.describe(inputs, side.parameters().toString());
    SparkSession spark = sessions.apply(a.get("master", null));
    run.prepare(spark);
    long t0 = System.nanoTime();
    Comparison c = side.compare(spark);

    run.writeTable("comparisons", COMPARISONS, row -> {
      for (int s = 0; s < c.metrics().length; s++) {
        row.setString(0, c.metrics()[s]).setLong(1, (Long) null).setString(2, null)
            .setDouble(3, nan(c.baseline()[s])).setDouble(4, nan(c.candidate()[s])).setDouble(5, nan(c.delta()[s]))
            .setDouble(6, nan(c.interval()[s][0])).setDouble(7, nan(c.interval()[s][1]))
            .setBoolean(8, Comparison.significant(c.interval()[s])).end();
      }
      for (int k = 0; k < c.categoryIds().length; k++) {
        for (int s = 0; s < c.categoryMetrics().length; s++) {
          row.setString(0, c.categoryMetrics()[s]).setLong(1, c.categoryIds()[k]).setString(2, c.categoryNames()[k])
              .setDouble(3, nan(c.categoryBaseline()[k][s])).setDouble(4, nan(c.categoryCandidate()[k][s]))
              .setDouble(5, nan(c.categoryDelta()[k][s])).setDouble(6, nan(c.categoryInterval()[k][s][0]))
              .setDouble(7, nan(c.categoryInterval()[k][s][1]))
              .setBoolean(8, Comparison.significant(c.categoryInterval()[k][s])).end();
        }
      }
    });
    List<Integer> order = worstFirst(c);
    String title = "Overlap compare (" + side.label() + "), run " + opts.runId();
    ReportFiles.write(spark.sparkContext().hadoopConfiguration(), opts.out(), opts.runId(), run.job(),
        report(title, opts, baselinePath, candidatePath, side.images(), c, order, boot));

    print(out, title, opts, baselinePath, candidatePath, side.images(), c, order, boot);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int s = 0; s < c.metrics().length; s++) m.put("delta_" + c.metrics()[s], nan(c.delta()[s]));
    int code = run.finish(m, side.records(), side.counts(),
        summaryJson(task, side, opts, baselinePath, candidatePath, c, boot), out, err);
    out.printf("Wrote %s (summary.json, comparisons, runs) in %.1f s%n", HadoopFiles.display(opts.out()),
        (System.nanoTime() - t0) / 1e9);
    out.printf("Report: %s%n", HadoopFiles.display(Outputs.child(opts.out(), ReportFiles.LATEST)));
    if (c.interval()[0][1] < 0) {
      err.printf("overlap: compare: the candidate is worse on %s by %s, interval [%s, %s] excludes 0%n", c.metrics()[0],
          signed(c.delta()[0]), signed(c.interval()[0][0]), signed(c.interval()[0][1]));
      return Main.GATE_FAILED;
    }
    return code;
  }

  /** One task's two evaluations and their paired differences. */
  interface Side {
    RunOptions run();

    BootstrapOptions bootstrap();

    String[] metrics();

    Map<String, String> partition();

    String gt();

    String label();

    ObjectNode parameters();

    Comparison compare(SparkSession spark);

    long images();

    RunContext.Records records();

    Map<String, Long> counts();
  }

  /** Detection: the twelve COCO stats, per category all twelve. */
  static final class DetectionSide implements Side {
    private final DetectionConfig base;
    private final DetectionConfig cand;
    private DetectionJob.DetectionResult ra;
    private DetectionJob.DetectionResult rb;

    DetectionSide(Args inner, String baseline, String candidate) {
      base = DetectionConfig.parse(inner.with("pred", baseline));
      cand = DetectionConfig.parse(inner.with("pred", candidate).with("run-id", base.run().runId()));
    }

    public RunOptions run() { return base.run(); }
    public BootstrapOptions bootstrap() { return base.bootstrap(); }
    public String[] metrics() { return DetectionOutputs.metricNames(base).toArray(new String[0]); }
    public Map<String, String> partition() { return DetectionOutputs.partition(base); }
    public String gt() { return base.gt(); }
    public String label() {
      String protocol = base.diagnostics().protocol() != null ? ", " + base.diagnostics().protocol().label()
          : base.lvis() ? ", lvis" : "";
      return base.params().iouType().label() + protocol;
    }
    public ObjectNode parameters() { return DetectionOutputs.params(base); }
    public long images() { return ra.images(); }

    public Comparison compare(SparkSession spark) {
      ra = DetectionJob.run(spark, base, new StepTimer());
      ra.release();
      rb = DetectionJob.run(spark, cand, new StepTimer());
      rb.release();
      // both in the run's own protocol: COCO's twelve, keypoints' ten, LVIS's thirteen, bev / 3d's four, VOC's
      DetectionOutputs.PairedView a = DetectionOutputs.pairedView(ra);
      DetectionOutputs.PairedView b = DetectionOutputs.pairedView(rb);
      return Comparison.of(a.metrics(), a.values(), b.values(), a.replicates(), b.replicates(), ra.categoryIds(),
          ra.categoryNames(), a.classMetrics(), a.classValues(), b.classValues(), a.classReplicates(),
          b.classReplicates(), base.bootstrap().confidence());
    }

    public RunContext.Records records() {
      DetectionJob.Counts ca = ra.counts();
      DetectionJob.Counts cb = rb.counts();
      return new RunContext.Records("predictions", ca.predRecords() + cb.predRecords(),
          ca.predEvaluated() + cb.predEvaluated(), ca.predExcluded() + cb.predExcluded(),
          ca.predRejected() + cb.predRejected(), Map.of("predictions", ca.predRejected() + cb.predRejected()));
    }

    public Map<String, Long> counts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("images", ra.images());
      counts.put("baseline_predictions", ra.predRecords());
      counts.put("candidate_predictions", rb.predRecords());
      return counts;
    }
  }

  /** Segmentation: the summary metrics, per class IoU. */
  static final class SegmentationSide implements Side {
    private final SegmentationConfig base;
    private final SegmentationConfig cand;
    private SegmentationJob.SegmentationResult ra;
    private SegmentationJob.SegmentationResult rb;

    SegmentationSide(Args inner, String baseline, String candidate) {
      base = SegmentationConfig.parse(inner.with("pred", baseline));
      cand = SegmentationConfig.parse(inner.with("pred", candidate).with("run-id", base.run().runId()));
    }

    public RunOptions run() { return base.run(); }
    public BootstrapOptions bootstrap() { return base.bootstrap(); }
    public String[] metrics() { return SegmentationOutputs.METRICS; }
    public Map<String, String> partition() { return Map.of(); }
    public String gt() { return base.gt(); }
    public String label() { return "segmentation"; }
    public long images() { return ra.counts().evaluated(); }

    public ObjectNode parameters() {
      ObjectNode p = new ObjectMapper().createObjectNode();
      p.put("num_classes", base.numClasses());
      p.put("ignore_label", base.ignoreLabel());
      return p;
    }

    public Comparison compare(SparkSession spark) {
      ra = SegmentationJob.run(spark, base);
      ra.release();
      rb = SegmentationJob.run(spark, cand);
      rb.release();
      if (ra.counts().evaluated() != rb.counts().evaluated()) {
        throw new UsageException("compare: the baseline has " + ra.counts().evaluated() + " evaluated image pairs, the"
            + " candidate " + rb.counts().evaluated() + "; a paired comparison needs predictions for the same images");
      }
      double[] a = SegmentationOutputs.summaryValues(ra);
      double[] b = SegmentationOutputs.summaryValues(rb);
      int k0 = base.numClasses();
      long[] ids = new long[k0];
      String[] names = new String[k0];
      double[][] ak = new double[k0][1];
      double[][] bk = new double[k0][1];
      double[][][] repAk = new double[k0][1][];
      double[][][] repBk = new double[k0][1][];
      for (int k = 0; k < k0; k++) {
        ids[k] = k;
        names[k] = base.displayName(k);
        ak[k][0] = ra.metrics().iou(k);
        bk[k][0] = rb.metrics().iou(k);
        repAk[k][0] = ra.intervals().replicateIou()[k];
        repBk[k][0] = rb.intervals().replicateIou()[k];
      }
      return Comparison.of(SegmentationOutputs.METRICS, a, b, ra.intervals().replicateHeadline(),
          rb.intervals().replicateHeadline(), ids, names, new String[] {"IoU"}, ak, bk, repAk, repBk,
          base.bootstrap().confidence());
    }

    public RunContext.Records records() {
      SegmentationJob.Counts ca = ra.counts();
      SegmentationJob.Counts cb = rb.counts();
      return new RunContext.Records("image pairs", ca.pairs() + cb.pairs(), ca.evaluated() + cb.evaluated(), 0,
          ca.rejected() + cb.rejected(), Map.of("image_pairs", ca.rejected() + cb.rejected()));
    }

    public Map<String, Long> counts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("images", ra.counts().evaluated());
      return counts;
    }
  }

  /** Category indexes by the first per-category metric's difference, most negative first; undefined last. */
  static List<Integer> worstFirst(Comparison c) {
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < c.categoryIds().length; k++) order.add(k);
    order.sort((x, y) -> {
      double dx = c.categoryDelta()[x][0];
      double dy = c.categoryDelta()[y][0];
      boolean nx = Double.isNaN(dx), ny = Double.isNaN(dy);
      if (nx != ny) return nx ? 1 : -1;
      int r = nx ? 0 : Double.compare(dx, dy);
      return r != 0 ? r : Integer.compare(x, y);
    });
    return order;
  }

  static void print(PrintStream o, String title, RunOptions opts, String baseline, String candidate, long images,
      Comparison c, List<Integer> order, BootstrapOptions boot) {
    o.printf("%s: %d images, baseline %s, candidate %s%n", Text.safe(title, 200), images,
        Text.safe(RunContext.maskUserInfo(baseline), 120), Text.safe(RunContext.maskUserInfo(candidate), 120));
    o.printf("Candidate - baseline, %s%% bootstrap intervals (%d replicates over images, seed %d; * = excludes 0):%n",
        percent(boot.confidence()), boot.replicates(), boot.seed());
    for (int s = 0; s < c.metrics().length; s++) {
      o.printf("  %-20s %s -> %s   %s %s%s%n", c.metrics()[s], Text.metric(c.baseline()[s]),
          Text.metric(c.candidate()[s]), signed(c.delta()[s]), interval(c.interval()[s]),
          Comparison.significant(c.interval()[s]) ? " *" : "");
    }
    if (opts.quiet()) return;
    int k0 = order.size();
    int top = opts.top() == 0 ? k0 : Math.min(opts.top(), k0);
    String m = c.categoryMetrics()[0];
    o.println();
    o.println("Per class, largest " + m + " drop first:");
    o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft(m + " base", 10)
        + Text.padLeft(m + " cand", 10) + Text.padLeft("delta", 9) + "  interval");
    for (int i = 0; i < top; i++) {
      int k = order.get(i);
      o.println("  " + Text.padRight(Long.toString(c.categoryIds()[k]), 8)
          + Text.padRight(Text.safe(c.categoryNames()[k] == null ? "" : c.categoryNames()[k], 23), 24)
          + Text.padLeft(Text.metric(c.categoryBaseline()[k][0]), 10)
          + Text.padLeft(Text.metric(c.categoryCandidate()[k][0]), 10)
          + Text.padLeft(signed(c.categoryDelta()[k][0]), 9) + "  " + interval(c.categoryInterval()[k][0])
          + (Comparison.significant(c.categoryInterval()[k][0]) ? " *" : ""));
    }
  }

  static ObjectNode summaryJson(String task, Side side, RunOptions opts, String baseline, String candidate,
      Comparison c, BootstrapOptions boot) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("task", "compare");
    root.put("compared_task", task);
    root.put("run_id", opts.runId());
    root.put("gt", RunContext.maskUserInfo(side.gt()));
    root.put("baseline", RunContext.maskUserInfo(baseline));
    root.put("candidate", RunContext.maskUserInfo(candidate));
    ObjectNode base = root.putObject("baseline_stats");
    ObjectNode cand = root.putObject("candidate_stats");
    ObjectNode delta = root.putObject("delta");
    ObjectNode ci = root.putObject("ci");
    ObjectNode sig = root.putObject("significant");
    for (int s = 0; s < c.metrics().length; s++) {
      String n = c.metrics()[s];
      base.put(n, nan(c.baseline()[s]));
      cand.put(n, nan(c.candidate()[s]));
      delta.put(n, nan(c.delta()[s]));
      pair(ci.putArray(n), c.interval()[s]);
      sig.put(n, Comparison.significant(c.interval()[s]));
    }
    ArrayNode perClass = root.putArray("per_class");
    for (int k = 0; k < c.categoryIds().length; k++) {
      ObjectNode o = perClass.addObject();
      o.put(task.equals("detection") ? "category_id" : "class_id", c.categoryIds()[k]);
      o.put("name", c.categoryNames()[k]);
      ObjectNode d = o.putObject("delta");
      ObjectNode i = o.putObject("ci");
      ObjectNode g = o.putObject("significant");
      for (int s = 0; s < c.categoryMetrics().length; s++) {
        String n = c.categoryMetrics()[s];
        d.put(n, nan(c.categoryDelta()[k][s]));
        pair(i.putArray(n), c.categoryInterval()[k][s]);
        g.put(n, Comparison.significant(c.categoryInterval()[k][s]));
      }
    }
    ObjectNode b = root.putObject("bootstrap");
    b.put("replicates", boot.replicates());
    b.put("seed", boot.seed());
    b.put("confidence", boot.confidence());
    b.put("sampling_unit", "image");
    root.set("params", side.parameters());
    root.put("tables", "comparisons (Parquet, partitioned by run_id); runs");
    return root;
  }

  static Report report(String title, RunOptions opts, String baseline, String candidate, long images, Comparison c,
      List<Integer> order, BootstrapOptions boot) {
    List<Card> cards = new ArrayList<>();
    for (int s = 0; s < Math.min(4, c.metrics().length); s++) {
      cards.add(new Card("\u0394" + c.metrics()[s], signed(c.delta()[s]),
          Text.metric(c.baseline()[s]) + " \u2192 " + Text.metric(c.candidate()[s]) + ", interval "
              + interval(c.interval()[s]) + (Comparison.significant(c.interval()[s]) ? ", excludes 0" : ", includes 0"),
          s == 0));
    }
    String m = c.categoryMetrics()[0];
    List<Table.Column> cols = List.of(new Table.Column("id", true, "category id"),
        new Table.Column("name", false, "category name"),
        new Table.Column(m + " baseline", true, "the baseline's " + m + " of the class"),
        new Table.Column(m + " candidate", true, "the candidate's " + m + " of the class"),
        new Table.Column("delta", true, "candidate - baseline"),
        new Table.Column("interval", false, percent(boot.confidence()) + "% bootstrap interval of the difference"),
        new Table.Column("excludes 0", false, "whether the interval excludes 0"));
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      rows.add(List.of(Long.toString(c.categoryIds()[k]), c.categoryNames()[k] == null ? "" : c.categoryNames()[k],
          Text.metric(c.categoryBaseline()[k][0]), Text.metric(c.categoryCandidate()[k][0]),
          signed(c.categoryDelta()[k][0]), interval(c.categoryInterval()[k][0]),
          Comparison.significant(c.categoryInterval()[k][0]) ? "yes" : "no"));
    }
    String subtitle = "baseline " + RunContext.maskUserInfo(baseline) + " vs candidate "
        + RunContext.maskUserInfo(candidate) + " on " + images + " images; " + boot.replicates()
        + " bootstrap replicates over images (the same image weights for both models), seed " + boot.seed();
    return new Report(title, subtitle, cards, List.of(new Table("Per class, largest " + m + " drop first",
        "A difference whose interval includes 0 is within what resampling the images moves it by: not a real"
            + " change on this evidence.", cols, rows, null)),
        "Full table: " + Outputs.child(opts.out(), "comparisons") + " (run_id=" + opts.runId() + ")");
  }

  private static void pair(ArrayNode a, double[] iv) {
    a.add(nan(iv[0]));
    a.add(nan(iv[1]));
  }

  static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static String signed(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.3f", v);
  }

  static String interval(double[] iv) {
    return Double.isNaN(iv[0]) ? "[-]" : "[" + signed(iv[0]) + ", " + signed(iv[1]) + "]";
  }

  static String percent(double confidence) {
    return new java.math.BigDecimal(Double.toString(confidence)).movePointRight(2).stripTrailingZeros().toPlainString();
  }
}
