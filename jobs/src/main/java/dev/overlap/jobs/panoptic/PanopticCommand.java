package dev.overlap.jobs.panoptic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.panoptic.PanopticJob.Counts;
import dev.overlap.jobs.panoptic.PanopticJob.PanopticResult;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** {@code overlap panoptic}: panoptic segmentation quality (PQ, SQ, RQ) from COCO panoptic JSON + PNGs. */
public final class PanopticCommand implements Command {
  @Override
  public String name() { return "panoptic"; }

  @Override
  public String summary() { return "panoptic segmentation from COCO panoptic JSON + PNGs (PQ, SQ, RQ)"; }

  @Override
  public Set<String> options() { return PanopticConfig.OPTIONS; }

  @Override
  public Set<String> flags() { return PanopticConfig.FLAGS; }

  @Override
  public String usage() { return PanopticConfig.USAGE; }

  @Override
  public int run(Args a, Function<String, SparkSession> sessions, PrintStream out, PrintStream err) {
    PanopticConfig cfg = PanopticConfig.parse(a);
    List<String> metrics = new ArrayList<>(List.of(PanopticOutputs.METRICS));
    if (cfg.alsoSemantic()) metrics.addAll(List.of(PanopticOutputs.SEMANTIC_METRICS));
    RunContext run = RunContext.begin(cfg.run(), name(), Map.of(), metrics);
    SparkSession spark = sessions.apply(a.get("master", null));
    // the inputs first: --significance checks that the baseline run read the same ground truth
    run.describe(Map.of("gt_json", cfg.gtJson(), "gt_dir", cfg.gtDir(), "pred_json", cfg.predJson(), "pred_dir",
        cfg.predDir()), "{}");
    run.prepare(spark);
    long t0 = System.nanoTime();
    StepTimer timer = new StepTimer();
    PanopticResult r = PanopticJob.run(spark, cfg, timer);
    ObjectNode summary = PanopticOutputs.summaryJson(r);
    run.describe(Map.of("gt_json", cfg.gtJson(), "gt_dir", cfg.gtDir(), "pred_json", cfg.predJson(), "pred_dir",
        cfg.predDir()), summary.get("parameters").toString());
    PanopticOutputs.write(run, spark, r, timer);
    r.release();
    PanopticReport.print(r, out);
    int code = run.finish(PanopticOutputs.metrics(r), PanopticOutputs.records(r), PanopticOutputs.counts(r), summary,
        out, err);
    Counts c = r.counts();
    if (!cfg.run().quiet() && c.predIgnored() > 0) {
      out.printf("Ignored %d prediction entries whose image_id is not in the ground truth (as pq_compute)%n",
          c.predIgnored());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long rejected = c.rejected() + c.rejectedPredAnnotations();
    out.printf(Locale.ROOT, "Read %d ground-truth and %d prediction entries, %d PNG pairs (%.1f MB, %.1f Mpixel);"
        + " wrote %s (summary.json, summary, per_class, per_image%s%s%s, runs) in %.1f s%n", c.images(),
        c.predEntries(), c.evaluated(), c.bytesRead() / 1e6, c.pixels() / 1e6, cfg.run().out(),
        cfg.alsoSemantic() ? ", semantic_per_class" : "", r.slices() != null ? ", per_slice" : "",
        rejected > 0 ? ", rejects" : "", seconds);
    if (cfg.run().verbose()) {
      out.printf(Locale.ROOT, "Timings: %s; in tasks (thread CPU): read %.2fs, decode %.2fs, count + match %.2fs"
          + " (%d partitions)%n", timer, c.readNanos() / 1e9, c.decodeNanos() / 1e9, c.countNanos() / 1e9,
          r.partitions());
    }
    if (rejected > 0) {
      err.printf("overlap: %d of %d images were rejected%s; see %s (run_id=%s)%n", c.rejected(), c.images(),
          c.rejectedPredAnnotations() > 0 ? " (and " + c.rejectedPredAnnotations() + " prediction entries without"
              + " image_id)" : "", Outputs.child(cfg.run().out(), "rejects"), cfg.run().runId());
      if (!cfg.run().allowRejects() && code == Main.OK) return Main.REJECTS;
    }
    return code;
  }
}
