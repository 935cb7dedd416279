package dev.overlap.jobs.panoptic;

import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PqResult.Group;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.panoptic.PanopticJob.PanopticResult;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.runs.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The panoptic run as a report page: PQ / SQ / RQ cards for all categories, things and stuff; PQ
 * per category worst first, things and stuff in separate charts with their means drawn on them;
 * SQ beside RQ per category (a category fails on masks when SQ is low, on recognition when RQ is);
 * with --slice-by, one table per field, worst PQ first; the per-category table. All names and slice values are
 * escaped by the renderer.
 */
public final class PanopticHtmlReport {
  private PanopticHtmlReport() {}

  /** Builds and writes {@code report.html} (latest) and this run's copy through the run (the gate's verdict on top). */
  public static String write(RunContext run, PanopticResult r) {
    return run.writeReport(build(r), PanopticOutputs.metrics(r));
  }

  static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** The page model; pure, no Spark. */
  static Report build(PanopticResult r) {
    PqResult p = r.pq();
    List<Card> cards = new ArrayList<>();
    cards.add(new Card("PQ", num(p.pq(Group.ALL)), "mean over " + p.counted(Group.ALL) + " categories with tp + fp + fn > 0"
        + " (of " + p.numCategories() + ")", true));
    cards.add(new Card("SQ", num(p.sq(Group.ALL)), "mean IoU of matched segments (0 for a category without match)",
        false));
    cards.add(new Card("RQ", num(p.rq(Group.ALL)), "F1 of segment recognition: tp / (tp + fp/2 + fn/2)", false));
    cards.add(new Card("PQ things", num(p.pq(Group.THINGS)), p.counted(Group.THINGS) + " thing categories; SQ "
        + num(p.sq(Group.THINGS)) + ", RQ " + num(p.rq(Group.THINGS)), false));
    cards.add(new Card("PQ stuff", num(p.pq(Group.STUFF)), p.counted(Group.STUFF) + " stuff categories; SQ "
        + num(p.sq(Group.STUFF)) + ", RQ " + num(p.rq(Group.STUFF)), false));
    cards.add(new Card("images", Long.toString(r.counts().evaluated()), r.counts().rejected() + " rejected", false));
    if (r.semantic() != null) {
      cards.add(new Card("semantic mIoU", num(PanopticOutputs.semanticMiou(r.semantic())), "--also-semantic: IoU per"
          + " category from the same maps, VOID ground truth not counted", false));
    }

    List<Integer> order = PanopticReport.worstFirst(p);
    List<Block> blocks = new ArrayList<>();
    for (boolean things : new boolean[] {true, false}) {
      Group g = things ? Group.THINGS : Group.STUFF;
      List<BarChart.Bar> bars = new ArrayList<>();
      for (int c : order) {
        if (p.isThing(c) != things) continue;
        double[] ci = PanopticOutputs.classInterval(r, c, 0);
        bars.add(new BarChart.Bar(PanopticReport.name(r, c), p.pq(c), detail(r, c), ci[0], ci[1]));
      }
      List<BarChart.Marker> markers = new ArrayList<>();
      if (!Double.isNaN(p.pq(g))) markers.add(new BarChart.Marker((things ? "PQ things " : "PQ stuff ") + num(p.pq(g)),
          p.pq(g), true));
      if (!Double.isNaN(p.pq(Group.ALL))) markers.add(new BarChart.Marker("PQ " + num(p.pq(Group.ALL)),
          p.pq(Group.ALL), false));
      blocks.add(new BarChart(things ? "PQ per thing category, worst first" : "PQ per stuff category, worst first",
          "Solid line: the " + (things ? "things'" : "stuff") + " mean; dashed: PQ over all categories. A dash"
              + " marks a category with no tp, fp or fn (not averaged).", "PQ", 1.0, bars, markers));
    }
    List<BarChart.Bar> sqBars = new ArrayList<>();
    List<BarChart.Bar> rqBars = new ArrayList<>();
    for (int c : order) {
      sqBars.add(new BarChart.Bar(PanopticReport.name(r, c), p.sq(c), detail(r, c)));
      rqBars.add(new BarChart.Bar(PanopticReport.name(r, c), p.rq(c), detail(r, c)));
    }
    blocks.add(new dev.overlap.jobs.report.Group("SQ against RQ per category", "Same order (worst PQ first): a low SQ"
        + " means the matched masks are poor, a low RQ that segments are missed (fn) or hallucinated (fp).", List.of(
            new BarChart("SQ (segmentation quality)", "mean IoU of the matches", "SQ", 1.0, sqBars, List.of()),
            new BarChart("RQ (recognition quality)", "tp / (tp + fp/2 + fn/2)", "RQ", 1.0, rqBars, List.of()))));
    if (r.slices() != null) {
      blocks.addAll(PanopticSlices.html(r.slices(),
          RunContext.maskUserInfo(HadoopFiles.display(r.config().run().out())), r.config().run().runId()));
    }
    List<List<String>> rows = new ArrayList<>();
    for (int c : order) {
      rows.add(List.of(Integer.toString(r.categories().get(c).id()), PanopticReport.name(r, c),
          p.isThing(c) ? "thing" : "stuff", num(p.pq(c)), num(p.sq(c)), num(p.rq(c)), Long.toString(p.tp(c)),
          Long.toString(p.fp(c)), Long.toString(p.fn(c)), r.semantic() == null ? "" : num(r.semantic().iou(c))));
    }
    blocks.add(new Table("Per category", "Worst PQ first; '-' = not averaged (no tp, fp or fn).", List.of(
        new Table.Column("id", true, "category id"), new Table.Column("name", false, "category name"),
        new Table.Column("kind", false, "thing or stuff (isthing)"), new Table.Column("PQ", true, "SQ x RQ"),
        new Table.Column("SQ", true, "iou_sum / tp"), new Table.Column("RQ", true, "tp / (tp + fp/2 + fn/2)"),
        new Table.Column("tp", true, "matched segments (IoU > 0.5)"), new Table.Column("fp", true,
            "unmatched predictions not mostly on VOID or crowd"), new Table.Column("fn", true,
            "unmatched non-crowd ground truth"), new Table.Column("semantic IoU", true,
            "with --also-semantic: pixel IoU of the category")), rows, null));
    PanopticConfig cfg = r.config();
    return new Report("Overlap panoptic, run " + cfg.run().runId(), cfg.gtJson() + " vs " + cfg.predJson(), cards,
        blocks, "Scores as panopticapi pq_compute (fractions, not percent); tables per_class, per_image under "
            + cfg.run().out());
  }

  private static String detail(PanopticResult r, int c) {
    PqResult p = r.pq();
    return String.format(Locale.ROOT, "category %d (%s): PQ %s, SQ %s, RQ %s, tp %d, fp %d, fn %d",
        r.categories().get(c).id(), p.isThing(c) ? "thing" : "stuff", num(p.pq(c)), num(p.sq(c)), num(p.rq(c)),
        p.tp(c), p.fp(c), p.fn(c));
  }
}
