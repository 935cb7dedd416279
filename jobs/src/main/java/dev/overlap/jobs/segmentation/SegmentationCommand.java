package dev.overlap.jobs.segmentation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.ReportFiles;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.segmentation.SegmentationJob.Counts;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** {@code overlap segmentation}: semantic segmentation from PNG label maps (per-class IoU, mIoU, fwIoU). */
public final class SegmentationCommand implements Command {
  @Override
  public String name() { return "segmentation"; }

  @Override
  public String summary() { return "semantic segmentation from label-map PNGs (per-class IoU, mIoU, fwIoU)"; }

  @Override
  public Set<String> options() { return SegmentationConfig.OPTIONS; }

  @Override
  public Set<String> flags() { return SegmentationConfig.FLAGS; }

  @Override
  public String usage() { return SegmentationConfig.USAGE; }

  @Override
  public int run(Args a, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    SegmentationConfig cfg = SegmentationConfig.parse(a);
    RunContext run = RunContext.begin(cfg.run(), name(), Map.of(), List.of(SegmentationOutputs.METRICS));
    SparkSession spark = sessions.apply(a.get("master", null));
    // the inputs first: --significance checks that the baseline run read the same ground truth
    run.describe(Map.of("gt", cfg.gt(), "pred", cfg.pred()), "{}");
    run.prepare(spark);
    long t0 = System.nanoTime();
    StepTimer timer = new StepTimer();
    SegmentationResult r = SegmentationJob.run(spark, cfg, timer);
    ObjectNode summary = SegmentationOutputs.summaryJson(r);
    run.describe(Map.of("gt", cfg.gt(), "pred", cfg.pred()), summary.get("parameters").toString());
    SegmentationOutputs.write(run, spark, r, timer);
    r.release();
    SegmentationReport.print(r, out);
    int code = run.finish(SegmentationOutputs.metrics(r), SegmentationOutputs.records(r), SegmentationOutputs.counts(r),
        summary, out, err);
    Counts c = r.counts();
    if (!cfg.run().quiet() && c.gtFilesSkipped() + c.predFilesSkipped() > 0) {
      out.printf("Not read: %d files under --gt not ending in \"%s\", %d under --pred not ending in \"%s\"%n",
          c.gtFilesSkipped(), cfg.gtSuffix(), c.predFilesSkipped(), cfg.predSuffix());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "Read %d ground-truth and %d predicted label maps (%.1f MB); wrote %s (summary.json, summary,"
        + " per_class, confusion, per_image, per_image_class%s, runs) in %.1f s%n", c.gtMaps(), c.predMaps(),
        c.bytesRead() / 1e6, HadoopFiles.display(cfg.run().out()), (r.slices() != null ? ", per_slice" : "")
        + (c.rejected() > 0 ? ", rejects" : ""), seconds);
    // where to look next, as the detection job says it
    out.printf("Report: %s (this run: %s)%n", HadoopFiles.display(Outputs.child(cfg.run().out(), ReportFiles.LATEST)),
        HadoopFiles.display(ReportFiles.runPath(cfg.run().out(), cfg.run().runId(), run.job())));
    if (cfg.run().verbose()) {
      out.printf(Locale.ROOT, "Timings: %s; in tasks (thread CPU): read %.2fs, decode %.2fs, count %.2fs (%d partitions)%n", timer,
          c.readNanos() / 1e9, c.decodeNanos() / 1e9, c.countNanos() / 1e9, r.partitions());
    }
    if (c.rejected() > 0) {
      err.printf("overlap: %d of %d image pairs were rejected; see %s (run_id=%s)%n", c.rejected(), c.pairs(),
          Outputs.child(cfg.run().out(), "rejects"), cfg.run().runId());
      if (!cfg.run().allowRejects() && code == Main.OK) return Main.REJECTS;
    }
    return code;
  }
}
