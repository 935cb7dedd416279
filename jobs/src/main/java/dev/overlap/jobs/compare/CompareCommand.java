package dev.overlap.jobs.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.detection.DetectionConfig;
import dev.overlap.jobs.detection.DetectionJob;
import dev.overlap.jobs.detection.DetectionOutputs;
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
    o.removeAll(Gate.OPTIONS);
    o.remove("pred");
    o.addAll(Set.of("baseline", "candidate"));
    OPTIONS = Set.copyOf(o);
  }

  static final String USAGE = String.join("\n",
      "usage: overlap compare --gt PATH --baseline PRED_A --candidate PRED_B --out PATH [options]",
      "  Paired comparison of two models on the same images: candidate - baseline per headline and per class,",
      "  with a bootstrap interval over images (the same image weights for both) and whether it excludes 0.",
      "  Exit 4 when the candidate is significantly worse on AP.",
      "  --gt PATH            COCO instances JSON, or a Parquet folder (images/, annotations/, categories/)",
      "  --baseline PATH      the reference model's results (JSON array, JSON Lines or Parquet)",
      "  --candidate PATH     the new model's results, in any of those forms",
      "  --iou-type T         bbox (default) or segm",
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
    String baselinePath = a.required("baseline");
    String candidatePath = a.required("candidate");
    Args inner = a.with("baseline", null).with("candidate", null);
    if (!inner.has("bootstrap")) inner = inner.with("bootstrap", DEFAULT_REPLICATES);
    DetectionConfig base = DetectionConfig.parse(inner.with("pred", baselinePath));
    DetectionConfig cand = DetectionConfig.parse(inner.with("pred", candidatePath).with("run-id", base.run().runId()));
    BootstrapOptions boot = base.bootstrap();
    List<String> metrics = new ArrayList<>();
    for (String s : CocoSummary.NAMES) metrics.add("delta_" + s);
    RunContext run = RunContext.begin(base.run(), name(), DetectionOutputs.partition(base), metrics);
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("gt", base.gt());
    inputs.put("baseline", baselinePath);
    inputs.put("candidate", candidatePath);
    run.describe(inputs, DetectionOutputs.params(base).toString());
    SparkSession spark = sessions.apply(a.get("master", null));
    run.prepare(spark);
    long t0 = System.nanoTime();
    DetectionJob.DetectionResult ra = DetectionJob.run(spark, base, new StepTimer());
    ra.release();
    DetectionJob.DetectionResult rb = DetectionJob.run(spark, cand, new StepTimer());
    rb.release();
    if (ra.categoryIds().length != rb.categoryIds().length) {
      throw new UsageException("compare: the two runs evaluated different categories");
    }
    int k0 = ra.categoryIds().length;
    double[][] ak = new double[k0][];
    double[][] bk = new double[k0][];
    for (int k = 0; k < k0; k++) {
      ak[k] = ra.summary().categoryStats(k);
      bk[k] = rb.summary().categoryStats(k);
    }
    Comparison c = Comparison.of(ra.summary().stats(), ak, ra.intervals(), rb.summary().stats(), bk, rb.intervals());

    run.writeTable("comparisons", COMPARISONS, row -> {
      for (int s = 0; s < CocoSummary.NAMES.length; s++) {
        row.setString(0, CocoSummary.NAMES[s]).setLong(1, (Long) null).setString(2, null)
            .setDouble(3, def(c.baseline()[s])).setDouble(4, def(c.candidate()[s])).setDouble(5, nan(c.delta()[s]))
            .setDouble(6, nan(c.interval()[s][0])).setDouble(7, nan(c.interval()[s][1]))
            .setBoolean(8, Comparison.significant(c.interval()[s])).end();
      }
      for (int k = 0; k < k0; k++) {
        for (int s = 0; s < CocoSummary.NAMES.length; s++) {
          row.setString(0, CocoSummary.NAMES[s]).setLong(1, ra.categoryIds()[k]).setString(2, ra.categoryNames()[k])
              .setDouble(3, def(ak[k][s])).setDouble(4, def(bk[k][s])).setDouble(5, nan(c.categoryDelta()[k][s]))
              .setDouble(6, nan(c.categoryInterval()[k][s][0])).setDouble(7, nan(c.categoryInterval()[k][s][1]))
              .setBoolean(8, Comparison.significant(c.categoryInterval()[k][s])).end();
        }
      }
    });
    List<Integer> order = worstFirst(c, k0);
    ReportFiles.write(spark.sparkContext().hadoopConfiguration(), base.run().out(), base.run().runId(), run.job(),
        report(base, baselinePath, candidatePath, ra, c, order, boot));

    print(out, base, baselinePath, candidatePath, ra, c, order, boot);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int s = 0; s < CocoSummary.NAMES.length; s++) m.put("delta_" + CocoSummary.NAMES[s], nan(c.delta()[s]));
    DetectionJob.Counts ca = ra.counts();
    DetectionJob.Counts cb = rb.counts();
    RunContext.Records records = new RunContext.Records("predictions", ca.predRecords() + cb.predRecords(),
        ca.predEvaluated() + cb.predEvaluated(), ca.predExcluded() + cb.predExcluded(),
        ca.predRejected() + cb.predRejected(), Map.of("predictions", ca.predRejected() + cb.predRejected()));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("images", ca.images());
    counts.put("baseline_predictions", ca.predRecords());
    counts.put("candidate_predictions", cb.predRecords());
    int code = run.finish(m, records, counts, summaryJson(base, baselinePath, candidatePath, ra, c, boot), out, err);
    out.printf("Wrote %s (summary.json, comparisons, runs) in %.1f s%n", HadoopFiles.display(base.run().out()),
        (System.nanoTime() - t0) / 1e9);
    out.printf("Report: %s%n", HadoopFiles.display(Outputs.child(base.run().out(), ReportFiles.LATEST)));
    if (c.interval()[0][1] < 0) {
      err.printf("overlap: compare: the candidate is worse on AP by %s, interval [%s, %s] excludes 0%n",
          signed(c.delta()[0]), signed(c.interval()[0][0]), signed(c.interval()[0][1]));
      return Main.GATE_FAILED;
    }
    return code;
  }

  /** Category indexes by AP difference, most negative first; undefined differences last. */
  static List<Integer> worstFirst(Comparison c, int k0) {
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < k0; k++) order.add(k);
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

  static void print(PrintStream o, DetectionConfig cfg, String baseline, String candidate,
      DetectionJob.DetectionResult ra, Comparison c, List<Integer> order, BootstrapOptions boot) {
    o.printf("Overlap compare (%s), run %s: %d images, baseline %s, candidate %s%n", cfg.params().iouType().label(),
        Text.safe(cfg.run().runId(), 128), ra.images(), Text.safe(RunContext.maskUserInfo(baseline), 120),
        Text.safe(RunContext.maskUserInfo(candidate), 120));
    o.printf("Candidate - baseline, %s%% bootstrap intervals (%d replicates over images, seed %d; * = excludes 0):%n",
        percent(boot.confidence()), boot.replicates(), boot.seed());
    for (int s = 0; s < CocoSummary.NAMES.length; s++) {
      o.printf("  %-6s %s -> %s   %s %s%s%n", CocoSummary.NAMES[s], Text.metric(c.baseline()[s]),
          Text.metric(c.candidate()[s]), signed(c.delta()[s]), interval(c.interval()[s]),
          Comparison.significant(c.interval()[s]) ? " *" : "");
    }
    if (cfg.run().quiet()) return;
    int k0 = order.size();
    int top = cfg.run().top() == 0 ? k0 : Math.min(cfg.run().top(), k0);
    o.println();
    o.println("Per class, largest AP drop first:");
    o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft("AP base", 9)
        + Text.padLeft("AP cand", 9) + Text.padLeft("delta", 9) + "  interval");
    for (int i = 0; i < top; i++) {
      int k = order.get(i);
      o.println("  " + Text.padRight(Long.toString(ra.categoryIds()[k]), 8)
          + Text.padRight(Text.safe(ra.categoryNames()[k], 23), 24)
          + Text.padLeft(Text.metric(c.categoryBaseline()[k][0]), 9) + Text.padLeft(Text.metric(c.categoryCandidate()[k][0]), 9)
          + Text.padLeft(signed(c.categoryDelta()[k][0]), 9) + "  " + interval(c.categoryInterval()[k][0])
          + (Comparison.significant(c.categoryInterval()[k][0]) ? " *" : ""));
    }
  }

  static ObjectNode summaryJson(DetectionConfig cfg, String baseline, String candidate,
      DetectionJob.DetectionResult ra, Comparison c, BootstrapOptions boot) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("task", "compare");
    root.put("run_id", cfg.run().runId());
    root.put("iou_type", cfg.params().iouType().label());
    root.put("gt", RunContext.maskUserInfo(cfg.gt()));
    root.put("baseline", RunContext.maskUserInfo(baseline));
    root.put("candidate", RunContext.maskUserInfo(candidate));
    ObjectNode base = root.putObject("baseline_stats");
    ObjectNode cand = root.putObject("candidate_stats");
    ObjectNode delta = root.putObject("delta");
    ObjectNode ci = root.putObject("ci");
    ObjectNode sig = root.putObject("significant");
    for (int s = 0; s < CocoSummary.NAMES.length; s++) {
      String n = CocoSummary.NAMES[s];
      base.put(n, def(c.baseline()[s]));
      cand.put(n, def(c.candidate()[s]));
      delta.put(n, nan(c.delta()[s]));
      pair(ci.putArray(n), c.interval()[s]);
      sig.put(n, Comparison.significant(c.interval()[s]));
    }
    ArrayNode perClass = root.putArray("per_class");
    for (int k = 0; k < ra.categoryIds().length; k++) {
      ObjectNode o = perClass.addObject();
      o.put("category_id", ra.categoryIds()[k]);
      o.put("name", ra.categoryNames()[k]);
      ObjectNode d = o.putObject("delta");
      ObjectNode i = o.putObject("ci");
      ObjectNode g = o.putObject("significant");
      for (int s = 0; s < CocoSummary.NAMES.length; s++) {
        String n = CocoSummary.NAMES[s];
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
    root.set("params", DetectionOutputs.params(cfg));
    root.put("tables", "comparisons (Parquet, partitioned by run_id and iou_type); runs");
    return root;
  }

  static Report report(DetectionConfig cfg, String baseline, String candidate, DetectionJob.DetectionResult ra,
      Comparison c, List<Integer> order, BootstrapOptions boot) {
    List<Card> cards = new ArrayList<>();
    int[] shown = {0, 1, 2, 8};
    for (int s : shown) {
      cards.add(new Card("\u0394" + CocoSummary.NAMES[s], signed(c.delta()[s]),
          Text.metric(c.baseline()[s]) + " \u2192 " + Text.metric(c.candidate()[s]) + ", interval "
              + interval(c.interval()[s]) + (Comparison.significant(c.interval()[s]) ? ", excludes 0" : ", includes 0"),
          s == 0));
    }
    List<Table.Column> cols = List.of(new Table.Column("id", true, "category id"),
        new Table.Column("name", false, "category name"),
        new Table.Column("AP baseline", true, "the baseline's AP of the class"),
        new Table.Column("AP candidate", true, "the candidate's AP of the class"),
        new Table.Column("delta", true, "candidate - baseline"),
        new Table.Column("interval", false, percent(boot.confidence()) + "% bootstrap interval of the difference"),
        new Table.Column("excludes 0", false, "whether the interval excludes 0"));
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      rows.add(List.of(Long.toString(ra.categoryIds()[k]), ra.categoryNames()[k] == null ? "" : ra.categoryNames()[k],
          Text.metric(c.categoryBaseline()[k][0]), Text.metric(c.categoryCandidate()[k][0]),
          signed(c.categoryDelta()[k][0]), interval(c.categoryInterval()[k][0]),
          Comparison.significant(c.categoryInterval()[k][0]) ? "yes" : "no"));
    }
    String title = "Overlap compare (" + cfg.params().iouType().label() + "), run " + cfg.run().runId();
    String subtitle = "baseline " + RunContext.maskUserInfo(baseline) + " vs candidate "
        + RunContext.maskUserInfo(candidate) + " on " + ra.images() + " images; " + boot.replicates()
        + " bootstrap replicates over images (the same image weights for both models), seed " + boot.seed();
    return new Report(title, subtitle, cards, List.of(new Table("Per class, largest AP drop first",
        "A difference whose interval includes 0 is within what resampling the images moves it by: not a real"
            + " change on this evidence.", cols, rows, null)),
        "Full table: " + Outputs.child(cfg.run().out(), "comparisons") + " (run_id=" + cfg.run().runId() + ")");
  }

  private static void pair(ArrayNode a, double[] iv) {
    a.add(nan(iv[0]));
    a.add(nan(iv[1]));
  }

  static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static Double def(double v) {
    return v > -1 ? v : null;
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
