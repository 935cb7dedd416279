package dev.overlap.jobs.detection;

import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.ReportFiles;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** {@code overlap detection}: COCO bbox / segm evaluation. */
public final class DetectionCommand implements Command {
  @Override
  public String name() { return "detection"; }

  @Override
  public String summary() { return "COCO detection / instance segmentation evaluation (bbox, segm)"; }

  @Override
  public Set<String> options() { return DetectionConfig.OPTIONS; }

  @Override
  public Set<String> flags() { return DetectionConfig.FLAGS; }

  @Override
  public String usage() { return DetectionConfig.USAGE; }

  @Override
  public int run(Args a, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    DetectionConfig cfg = DetectionConfig.parse(a);
    SparkSession spark = sessions.apply(a.get("master", null));
    long t0 = System.nanoTime();
    StepTimer timer = new StepTimer();
    DetectionJob.DetectionResult r = DetectionJob.run(spark, cfg, timer);
    DetectionOutputs.write(spark, r, timer);
    r.release();
    DetectionReport.print(r, out);
    out.printf("Wrote %s (summary.json, summary, per_class, pr_curve, per_image) in %.1f s%n", cfg.run().out(),
        (System.nanoTime() - t0) / 1e9);
    out.printf("Report: %s (this run: %s)%n", Outputs.child(cfg.run().out(), ReportFiles.LATEST),
        ReportFiles.runPath(cfg.run().out(), cfg.run().runId(), "detection-" + cfg.params().iouType().label()));
    if (cfg.run().verbose()) out.println("Timings: " + timer);
    return Main.OK;
  }
}
