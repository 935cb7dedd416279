package dev.overlap.jobs.detection;

import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.ReportFiles;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** {@code overlap detection}: COCO bbox / segm evaluation. */
public final class DetectionCommand implements Command {
  @Override
  public String name() { return "detection"; }

  @Override
  public String summary() {
    return "COCO detection / instance segmentation / keypoints (bbox, segm, boundary, keypoints; --protocol lvis),"
        + " 3D / BEV boxes (bev, 3d)";
  }

  @Override
  public Set<String> options() { return DetectionConfig.OPTIONS; }

  @Override
  public Set<String> flags() { return DetectionConfig.FLAGS; }

  @Override
  public String usage() { return DetectionConfig.USAGE; }

  @Override
  public int run(Args a, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    DetectionConfig cfg = DetectionConfig.parse(a);
    RunContext run = RunContext.begin(cfg.run(), name(), DetectionOutputs.partition(cfg),
        DetectionOutputs.metricNames(cfg));
    run.describe(Map.of("gt", cfg.gt(), "pred", cfg.pred()), DetectionOutputs.params(cfg).toString());
    SparkSession spark = sessions.apply(a.get("master", null));
    run.prepare(spark);
    long t0 = System.nanoTime();
    StepTimer timer = new StepTimer();
    DetectionJob.DetectionResult r = DetectionJob.run(spark, cfg, timer);
    DetectionOutputs.write(run, spark, r, timer);
    r.release();
    DetectionReport.print(r, out);
    DiagnosticsReport.print(r, out);
    String mismatch = r.compat().mismatchWarning();
    if (mismatch != null) err.println("overlap: " + dev.overlap.jobs.cli.Text.safe(mismatch, 400));
    DetectionJob.Counts c = r.counts();
    out.printf("Read %d ground truths (%d evaluated, %d excluded, %d rejected) and %d predictions (%d evaluated, %d"
        + " excluded, %d rejected)%n", c.gtRecords(), c.gtEvaluated(), c.gtExcluded(), c.gtRejected(), c.predRecords(),
        c.predEvaluated(), c.predExcluded(), c.predRejected());
    int code = run.finish(DetectionOutputs.metrics(r), DetectionOutputs.records(r), DetectionOutputs.counts(r),
        DetectionOutputs.summaryJson(r), out, err);
    out.printf("Wrote %s (summary.json, summary, per_class, pr_curve, per_image%s%s%s, runs) in %.1f s%n",
        HadoopFiles.display(cfg.run().out()), DiagnosticsOutputs.tables(r.diagnostics()),
        r.slices() != null ? ", per_slice" : "", c.rejected() > 0 ? ", rejects" : "", (System.nanoTime() - t0) / 1e9);
    out.printf("Report: %s (this run: %s)%n", HadoopFiles.display(Outputs.child(cfg.run().out(), ReportFiles.LATEST)),
        HadoopFiles.display(ReportFiles.runPath(cfg.run().out(), cfg.run().runId(), run.job())));
    if (cfg.run().verbose()) out.println("Timings: " + timer);
    if (c.rejected() > 0) {
      err.printf("overlap: %d input records were rejected; see %s (run_id=%s)%n", c.rejected(),
          dev.overlap.jobs.io.Outputs.child(cfg.run().out(), "rejects"), cfg.run().runId());
      if (!cfg.run().allowRejects() && code == Main.OK) return Main.REJECTS;
    }
    return code;
  }
}
