package dev.overlap.jobs.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.ReportFiles;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One run of a job under {@code --out}, and the write protocol every job follows:
 * <ol>
 *   <li>{@link #begin}: records the start time and validates the gate's metrics up front;
 *   <li>{@link #prepare}: resolves the gate's baseline run (a missing named baseline fails before any
 *       work);
 *   <li>{@link #writeTable} per table: the first call marks the run {@code running} in the runs table,
 *       so that readers can tell a run whose write was cut short; each call replaces only this run's
 *       partition (distributed tables through Spark's writer, tables held on the driver written by
 *       the driver);
 *   <li>{@link #writeReport}: the run's report, the gate's verdict on top ({@link #gate} computes it once, for the
 *       report and for {@link #finish});
 *   <li>{@link #finish}: checks that the record totals reconcile, applies the gate, writes the runs row
 *       ({@code succeeded}, with metrics and gate outcome), then {@code summary.json}, last and
 *       atomically.
 * </ol>
 * Readers that want complete runs only join with {@code runs} on {@code status = 'succeeded'}.
 */
public final class RunContext implements AutoCloseable {
  /** Runs begun on this thread and not yet closed: {@link #closeOpen} releases their locks after a failure. */
  private static final ThreadLocal<java.util.ArrayDeque<RunContext>> OPEN =
      ThreadLocal.withInitial(java.util.ArrayDeque::new);

  private final RunOptions run;
  private final String task;
  private final String job;
  private final Map<String, String> partition;
  private final Instant startedAt;
  private SparkSession spark;
  private Gate.Baseline baseline;
  private boolean prepared;
  private boolean marked;
  private RunLock lock;
  private Map<String, String> inputs = Map.of();
  private Map<String, double[]> replicates; // this run's bootstrap replicates per headline metric, or null
  private Gate.Verdict verdict; // the gate's, once computed
  private Map<String, Double> judged; // the metrics it judged
  private String parameters = "{}";

  private RunContext(RunOptions run, String task, Map<String, String> partition) {
    this.run = run;
    this.task = task;
    this.partition = partition;
    StringBuilder j = new StringBuilder(task);
    for (Map.Entry<String, String> e : partition.entrySet()) if (!e.getKey().equals("run_id")) j.append('-').append(e.getValue());
    this.job = j.toString();
    this.startedAt = Instant.now();
  }

  /**
   * Starts a run.
   *
   * @param task the job's name, e.g. "detection"
   * @param partition partition columns after {@code run_id} and their values for this run, in folder
   *     order, e.g. {@code iou_type=bbox} (empty for none); values must be path-safe words
   * @param metrics the metric names this job reports (what {@code --fail-below} / {@code --max-drop} may name)
   */
  public static RunContext begin(RunOptions run, String task, Map<String, String> partition, Collection<String> metrics) {
    run.gate().validate(metrics);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("run_id", run.runId());
    p.putAll(partition);
    return new RunContext(run, task, p);
  }

  /** The job label of this run in the runs table: the task and its partition values, e.g. "detection-bbox". */
  public String job() {
    return job;
  }

  public RunOptions options() {
    return run;
  }

  /**
   * Records what the run reads and with which parameters (stored in the runs table; credentials in
   * URIs are masked).
   *
   * @param parametersJson the job's parameters as a JSON object
   */
  public void describe(Map<String, String> inputs, String parametersJson) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : inputs.entrySet()) m.put(e.getKey(), maskUserInfo(e.getValue()));
    this.inputs = m;
    this.parameters = parametersJson;
  }

  /** Resolves the gate's baseline (reads the runs table once); a named baseline that is missing is a usage error. */
  public void prepare(SparkSession spark) {
    if (prepared) return;
    this.spark = spark;
    prepared = true;
    probeOut(spark);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    SharedOut.checkSameTask(conf, run.out(), task);
    if (run.generatedRunId()) SharedOut.checkUnused(conf, run.out(), run.runId());
    lock = RunLock.acquire(conf, run.out(), run.runId(), job);
    OPEN.get().push(this);
    Gate gate = run.gate();
    if (gate.maxDrop().isEmpty()) return;
    List<RunsTable.Entry> rows = RunsTable.read(spark, run.out(), job);
    RunsTable.Entry best = null;
    for (RunsTable.Entry e : rows) {
      if (!RunsTable.SUCCEEDED.equals(e.status()) || e.runId().equals(run.runId()) || e.metrics() == null) continue;
      if (gate.baseline().equals(Gate.PREVIOUS)) {
        // the ratchet: a run that failed its gate is never a baseline, else a regression passes the next night
        if (e.gate() != null && !Gate.PASSED.equals(e.gate())) continue;
        if (e.runId().compareTo(run.runId()) < 0 && (best == null || e.runId().compareTo(best.runId()) > 0)) best = e;
      } else if (e.runId().equals(gate.baseline())) {
        best = e;
      }
    }
    if (best == null && !gate.baseline().equals(Gate.PREVIOUS)) {
      throw new UsageException("gate: baseline run " + gate.baseline() + " of " + job + " not found in "
          + HadoopFiles.display(Outputs.child(run.out(), RunsTable.NAME)) + " (only runs that succeeded count)");
    }
    baseline = best == null ? null : new Gate.Baseline(best.runId(), best.metrics());
    if (baseline != null && gate.paired()) baseline = pairedBaseline(best);
  }

  /** The replicates table: one row per headline metric and bootstrap replicate of a run. */
  public static final String REPLICATES = "replicates";

  static final org.apache.spark.sql.types.StructType REPLICATES_SCHEMA = new org.apache.spark.sql.types.StructType(
      new org.apache.spark.sql.types.StructField[] {
          org.apache.spark.sql.types.DataTypes.createStructField("metric", org.apache.spark.sql.types.DataTypes.StringType, false),
          org.apache.spark.sql.types.DataTypes.createStructField("replicate", org.apache.spark.sql.types.DataTypes.IntegerType, false),
          org.apache.spark.sql.types.DataTypes.createStructField("value", org.apache.spark.sql.types.DataTypes.DoubleType, true),
          org.apache.spark.sql.types.DataTypes.createStructField("seed", org.apache.spark.sql.types.DataTypes.LongType, false)});

  /**
   * --significance: the baseline's replicates, refused in one line when it has none, others (count or seed), or
   * evaluated another ground truth (the pairing holds only for the same images under the same weights).
   */
  private Gate.Baseline pairedBaseline(RunsTable.Entry best) {
    Gate gate = run.gate();
    // every ground-truth input (gt; panoptic's gt_json and gt_dir) as the runs table recorded it
    com.fasterxml.jackson.databind.JsonNode base;
    try {
      base = new ObjectMapper().readTree(best.inputs() == null ? "{}" : best.inputs());
    } catch (java.io.IOException e) {
      base = new ObjectMapper().createObjectNode();
    }
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      if (!e.getKey().startsWith("gt")) continue;
      String baseGt = base.has(e.getKey()) ? base.get(e.getKey()).asText() : null;
      if (!e.getValue().equals(baseGt)) {
        throw new UsageException("--significance: baseline run " + best.runId() + " evaluated ground truth " + baseGt
            + ", this run " + e.getValue() + "; a paired interval needs the same images");
      }
    }
    Map<String, String> p = new LinkedHashMap<>(partition);
    p.put("run_id", best.runId());
    String dir = Outputs.partitionPath(run.out(), REPLICATES, p);
    List<org.apache.spark.sql.Row> rows;
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
      rows = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)
          ? spark.read().schema(REPLICATES_SCHEMA).parquet(dir).collectAsList() : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    String again = " (run it again with --bootstrap " + gate.replicates() + " --seed " + gate.seed() + ", or name another"
        + " --baseline)";
    if (rows.isEmpty()) {
      throw new UsageException("--significance: baseline run " + best.runId() + " of " + job + " has no bootstrap"
          + " replicates" + again);
    }
    Map<String, double[]> reps = new LinkedHashMap<>();
    for (org.apache.spark.sql.Row r : rows) {
      if (r.getLong(3) != gate.seed()) {
        throw new UsageException("--significance: baseline run " + best.runId() + " used --seed " + r.getLong(3)
            + ", this run " + gate.seed() + again);
      }
      double[] v = reps.computeIfAbsent(r.getString(0), k -> new double[gate.replicates()]);
      int i = r.getInt(1);
      if (i >= v.length) {
        throw new UsageException("--significance: baseline run " + best.runId() + " has more than "
            + gate.replicates() + " replicates" + again);
      }
      v[i] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
    }
    long per = rows.size() / Math.max(1, reps.size());
    if (per != gate.replicates()) {
      throw new UsageException("--significance: baseline run " + best.runId() + " has " + per + " replicates, this run "
          + gate.replicates() + again);
    }
    return new Gate.Baseline(best.runId(), best.metrics(), reps);
  }

  /**
   * Records this run's bootstrap replicates of its headline metrics (NaN where undefined) in the {@code replicates}
   * table, for a later run's {@code --significance} gate against this one.
   */
  public void replicates(Map<String, double[]> values, long seed) {
    if (spark == null) throw new IllegalStateException("replicates before prepare");
    if (verdict != null) throw new IllegalStateException("replicates after the gate: --significance would miss them");
    this.replicates = values;
    writeTable(REPLICATES, REPLICATES_SCHEMA, row -> {
      for (Map.Entry<String, double[]> e : values.entrySet()) {
        double[] v = e.getValue();
        for (int i = 0; i < v.length; i++) {
          row.setString(0, e.getKey()).setInt(1, i).setDouble(2, Double.isNaN(v[i]) || v[i] <= -1 ? null : v[i])
              .setLong(3, seed).end();
        }
      }
    });
  }

  /**
   * The gate's verdict on the run's headline metrics, or null when the run has no gate. Computed once, so that
   * the report (written before {@link #finish}), summary.json and the runs table show the same verdict: later
   * calls, {@code finish}'s included, must pass the same metrics. Call it after {@link #replicates}, which the
   * {@code --significance} gate pairs with the baseline's.
   *
   * @param metrics headline metrics (null or -1 where undefined)
   */
  public Gate.Verdict gate(Map<String, Double> metrics) {
    Gate gate = run.gate();
    if (gate.isEmpty()) return null;
    if (!prepared) throw new IllegalStateException("gate before prepare");
    if (verdict == null) {
      verdict = gate.verdict(metrics, baseline, replicates);
      judged = new LinkedHashMap<>(metrics);
    } else if (!judged.equals(metrics)) {
      throw new IllegalStateException("the gate judged " + judged + ", now asked about " + metrics);
    }
    return verdict;
  }

  /**
   * Writes the run's report ({@link ReportFiles#write}: its own copy, then {@code report.html}) under the run's job
   * label, with the gate's verdict as its first block when the run has a gate.
   *
   * @param metrics the headline metrics the run finishes with
   * @return the path of {@code report.html}
   */
  public String writeReport(Report report, Map<String, Double> metrics) {
    if (spark == null) throw new IllegalStateException("writeReport before prepare");
    Gate.Verdict v = gate(metrics);
    Report page = v == null ? report : report.withFirst(GateReport.block(run.gate(), baseline, metrics, v));
    return ReportFiles.write(spark.sparkContext().hadoopConfiguration(), run.out(), run.runId(), job, page);
  }

  /**
   * Fails before any work when {@code --out} cannot be reached (a missing bucket, no credentials): the
   * same one-line causes as an unreadable input, instead of a failure after the whole evaluation.
   */
  private void probeOut(SparkSession spark) {
    String out = run.out();
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException | RuntimeException e) {
      throw new dev.overlap.core.io.InvalidInputException(out, null, null, "cannot be written (--out): "
          + HadoopFiles.reason(e));
    }
  }

  /** Replaces this run's partition of {@code out/table} with {@code df} (no partition columns in df). */
  public void writeTable(String table, Dataset<Row> df) {
    writeTable(table, df, null);
  }

  /** As {@link #writeTable(String, Dataset)}, each row written also added to {@code digest} (when not null). */
  public void writeTable(String table, Dataset<Row> df, dev.overlap.jobs.spark.RowDigest digest) {
    prepare(df.sparkSession());
    markRunning();
    Outputs.writeTable(df, run.out(), table, partition, digest);
    testPause(table);
  }

  /** As {@link #writeTable(String, Dataset, dev.overlap.jobs.spark.RowDigest)}, from distributed rows of {@code schema}. */
  public void writeTable(String table, StructType schema, org.apache.spark.api.java.JavaRDD<Row> rows,
      dev.overlap.jobs.spark.RowDigest digest) {
    if (spark == null) throw new IllegalStateException("writeTable before prepare");
    markRunning();
    Outputs.writeTable(spark, rows, schema, run.out(), table, partition, digest);
    testPause(table);
  }

  /**
   * Replaces this run's partition of {@code out/table} with rows held on the driver, written here as
   * one Parquet file without a Spark job (see {@link ParquetTableWriter}); the same files, codec and
   * replace semantics as {@link #writeTable(String, Dataset)}.
   *
   * @param schema the table's columns without partition columns (the types {@link ParquetTableWriter} supports)
   */
  public void writeTable(String table, StructType schema, ParquetTableWriter.Rows rows) {
    writeTable(table, schema, List.of(rows));
  }

  /** As {@link #writeTable(String, StructType, ParquetTableWriter.Rows)}, one file per part, written in parallel. */
  public void writeTable(String table, StructType schema, List<ParquetTableWriter.Rows> parts) {
    if (spark == null) throw new IllegalStateException("writeTable before prepare");
    markRunning();
    ParquetTableWriter.replace(spark.sparkContext().hadoopConfiguration(), Outputs.partitionPath(run.out(), table,
        partition), schema, ParquetTableWriter.Format.of(spark), parts);
    testPause(table);
  }

  /**
   * Starts replacing this run's partition of {@code out/table} by one file per part, leaving the writing to
   * the caller's threads ({@link ParquetTableWriter.Replacement#help()}); {@link #finishTable} puts it in place.
   */
  public ParquetTableWriter.Replacement beginTable(String table, StructType schema, List<ParquetTableWriter.Rows> parts) {
    if (spark == null) throw new IllegalStateException("beginTable before prepare");
    markRunning();
    return ParquetTableWriter.begin(spark.sparkContext().hadoopConfiguration(), Outputs.partitionPath(run.out(), table,
        partition), schema, ParquetTableWriter.Format.of(spark), parts);
  }

  /** Finishes a table begun by {@link #beginTable}: helps with its remaining parts, then puts it in place. */
  public void finishTable(String table, ParquetTableWriter.Replacement parts) {
    parts.finish();
    testPause(table);
  }

  // synchronized: tables are written from more than one thread (detection's pr_curve beside the others), and the
  // first of them marks the run
  private synchronized void markRunning() {
    if (marked) return;
    RunsTable.write(spark, run.out(), entry(RunsTable.RUNNING, null, null, null, null));
    marked = true;
    try {
      // a run of another task that began at the same moment: both rows are visible now, one of us refuses
      SharedOut.checkSameTask(spark.sparkContext().hadoopConfiguration(), run.out(), task);
    } catch (UsageException e) {
      Outputs.deletePartition(spark.sparkContext().hadoopConfiguration(), run.out(), RunsTable.NAME, "run_id=" + run.runId(),
          "job=" + job);
      throw e;
    }
  }

  /** The test hook of the kill test: a pause after each table, announced on stderr. */
  private static void testPause(String table) {
    String ms = System.getProperty("overlap.test.pauseAfterTableMs");
    if (ms == null) return;
    System.err.println("overlap: test pause after table " + table);
    System.err.flush();
    try {
      Thread.sleep(Long.parseLong(ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Record totals of a run: {@code read = evaluated + excluded + rejected} must hold (excluded: left
   * out by the parameters, e.g. outside --img-ids; rejected: bad records, in skip mode).
   *
   * @param rejectedByKind rejections by kind of record (may count kinds outside the totals, e.g. images)
   */
  public record Records(String kind, long read, long evaluated, long excluded, long rejected,
      Map<String, Long> rejectedByKind) {
    public Records {
      if (read != evaluated + excluded + rejected) {
        throw new IllegalStateException("record totals do not reconcile: " + read + " " + kind + " read, " + evaluated
            + " evaluated + " + excluded + " excluded + " + rejected + " rejected");
      }
    }
  }

  /** Removes this run's partition of {@code out/table}, e.g. the rejects of an earlier attempt that this attempt has none of. */
  public void deleteTable(String table) {
    if (spark == null) throw new IllegalStateException("deleteTable before prepare");
    String[] segments = partition.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    Outputs.deletePartition(spark.sparkContext().hadoopConfiguration(), run.out(), table, segments);
  }

  /**
   * Ends the run: gate, runs row, then summary.json (with run metadata, record totals and the gate's
   * outcome added), written last. Prints gate violations to {@code err}, one line each (the job prints
   * its own record totals).
   *
   * @param metrics headline metrics (null or -1 where undefined)
   * @param counts further counts stored in the runs table (images, files, ...)
   * @return {@link Main#OK}, or {@link Main#GATE_FAILED} when the gate found a violation
   */
  public int finish(Map<String, Double> metrics, Records records, Map<String, Long> counts, ObjectNode summary,
      PrintStream out, PrintStream err) {
    if (spark == null) throw new IllegalStateException("finish before any table was written");
    Gate gate = run.gate();
    String gateText = null;
    List<String> violations = List.of();
    Gate.Verdict outcome = gate(metrics);
    if (replicates == null) deleteTable(REPLICATES);
    if (outcome != null) {
      violations = outcome.violations();
      gateText = violations.isEmpty() ? Gate.PASSED : String.join("; ", violations);
      if (!outcome.paired().isEmpty()) {
        // the paired change and its interval, queryable beside the metrics (gate_delta_AP, _lo, _hi)
        Map<String, Double> m = new LinkedHashMap<>(metrics);
        for (Map.Entry<String, Gate.Paired> e : outcome.paired().entrySet()) {
          m.put("gate_delta_" + e.getKey(), e.getValue().delta());
          m.put("gate_delta_" + e.getKey() + "_lo", e.getValue().lo());
          m.put("gate_delta_" + e.getKey() + "_hi", e.getValue().hi());
        }
        metrics = m;
      }
    }
    Instant finishedAt = Instant.now();
    RunsTable.write(spark, run.out(), entry(RunsTable.SUCCEEDED, finishedAt, records, counts, metrics, gateText));

    ObjectNode r = summary.putObject("run");
    r.put("job", job);
    r.put("status", RunsTable.SUCCEEDED);
    r.put("started_at", startedAt.toString());
    r.put("finished_at", finishedAt.toString());
    r.put("overlap_version", Version.get());
    ObjectNode rec = summary.putObject("records");
    rec.put("kind", records.kind());
    rec.put("read", records.read());
    rec.put("evaluated", records.evaluated());
    rec.put("excluded", records.excluded());
    rec.put("rejected", records.rejected());
    if (!gate.isEmpty()) {
      ObjectNode g = summary.putObject("gate");
      g.put("status", violations.isEmpty() ? Gate.PASSED : Gate.FAILED);
      if (!gate.maxDrop().isEmpty()) g.put("baseline", baseline == null ? null : baseline.runId());
      ArrayNode v = g.putArray("violations");
      for (String s : violations) v.add(s);
      if (gate.paired()) {
        g.put("significance", gate.significance());
        ObjectNode pd = g.putObject("paired");
        for (Map.Entry<String, Gate.Paired> e : outcome.paired().entrySet()) {
          ObjectNode x = pd.putObject(e.getKey());
          x.put("delta", e.getValue().delta());
          ArrayNode ci = x.putArray("ci");
          if (Double.isNaN(e.getValue().lo())) ci.addNull();
          else ci.add(e.getValue().lo());
          if (Double.isNaN(e.getValue().hi())) ci.addNull();
          else ci.add(e.getValue().hi());
          x.put("significant", e.getValue().significant());
        }
        ArrayNode notes = g.putArray("notes");
        for (String s : outcome.notes()) notes.add(s);
      }
    }
    Outputs.writeFile(spark.sparkContext().hadoopConfiguration(), run.out(), "summary.json", bytes(summary));
    close();

    if (!gate.maxDrop().isEmpty() && baseline == null) {
      err.println("overlap: gate: no earlier run of " + job + " under " + HadoopFiles.display(run.out())
          + " that passed its gate to compare with; --max-drop not checked");
    }
    for (String v : violations) err.println("overlap: gate: " + v);
    if (outcome != null) for (String n : outcome.notes()) out.println("Gate: " + n);
    if (!gate.isEmpty() && violations.isEmpty()) {
      out.println("Gate passed" + (baseline == null ? "" : " (baseline run " + baseline.runId() + ")"));
    }
    return violations.isEmpty() ? Main.OK : Main.GATE_FAILED;
  }

  private RunsTable.Entry entry(String status, Instant finishedAt, Records records, Map<String, Long> counts,
      Map<String, Double> metrics) {
    return entry(status, finishedAt, records, counts, metrics, null);
  }

  private RunsTable.Entry entry(String status, Instant finishedAt, Records records, Map<String, Long> counts,
      Map<String, Double> metrics, String gate) {
    Map<String, Double> m = null;
    if (metrics != null) {
      m = new LinkedHashMap<>();
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        Double v = e.getValue();
        m.put(e.getKey(), v == null || Double.isNaN(v) || v <= -1 ? null : v);
      }
    }
    return new RunsTable.Entry(run.runId(), job, task, status, startedAt, finishedAt, Version.get(), json(inputs),
        parameters, records == null ? null : records.kind(), records == null ? null : records.read(),
        records == null ? null : records.evaluated(), records == null ? null : records.excluded(),
        records == null ? null : records.rejected(), counts, records == null ? null : records.rejectedByKind(), m, gate);
  }

  private static String json(Map<String, String> m) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    for (Map.Entry<String, String> e : m.entrySet()) n.put(e.getKey(), e.getValue());
    return n.toString();
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Releases this run's lock on its run id (done by {@link #finish}; after a failure, by {@link #closeOpen}). */
  @Override
  public void close() {
    OPEN.get().remove(this);
    if (lock == null) return;
    RunLock l = lock;
    lock = null;
    l.close();
  }

  /** Closes every run this thread began and did not finish (the command line calls it after each command). */
  public static void closeOpen() {
    java.util.ArrayDeque<RunContext> open = OPEN.get();
    while (!open.isEmpty()) open.peek().close();
  }

  /** {@code scheme://key:secret@host/...} (secrets may hold '/') shown as {@code scheme://***@host/...}. */
  public static String maskUserInfo(String uri) {
    return dev.overlap.jobs.cli.Text.redact(uri);
  }
}
