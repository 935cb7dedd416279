package dev.overlap.jobs.panoptic;

import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PqResult.Group;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.panoptic.PanopticJob.Counts;
import dev.overlap.jobs.panoptic.PanopticJob.PanopticResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The console view of a panoptic run: PQ, SQ, RQ for all categories, things and stuff, then every
 * category worst PQ first with SQ beside RQ, so that a reader sees whether a category fails on
 * masks (low SQ) or on recognition (low RQ: missed or hallucinated segments); with --slice-by, each field's
 * values worst PQ first.
 */
public final class PanopticReport {
  private PanopticReport() {}

  /** Prints the headline table and the per-category table. */
  public static void print(PanopticResult r, PrintStream o) {
    PanopticConfig cfg = r.config();
    PqResult p = r.pq();
    Counts c = r.counts();
    o.printf("Overlap panoptic, run %s: %d images (%d evaluated, %d rejected), %d categories%n", cfg.run().runId(),
        c.images(), c.evaluated(), c.rejected(), p.numCategories());
    o.println("          PQ      SQ      RQ     categories");
    String[] names = {"All", "Things", "Stuff"};
    Group[] groups = {Group.ALL, Group.THINGS, Group.STUFF};
    for (int i = 0; i < 3; i++) {
      Group g = groups[i];
      o.println("  " + Text.padRight(names[i], 7) + Text.padLeft(Text.metric(p.pq(g)), 6)
          + Text.padLeft(Text.metric(p.sq(g)), 8) + Text.padLeft(Text.metric(p.rq(g)), 8)
          + Text.padLeft(Integer.toString(p.counted(g)), 8)
          + (r.intervals() == null ? "" : "   PQ " + interval(r.intervals().headline()[3 * i])));
    }
    if (r.intervals() != null) {
      o.printf("  [lo, hi]: %s%% bootstrap intervals, %d replicates over images, seed %d%n",
          new java.math.BigDecimal(Double.toString(r.intervals().confidence())).movePointRight(2).stripTrailingZeros()
              .toPlainString(), r.intervals().replicates(), cfg.bootstrap().seed());
    }
    SemsegMetrics s = r.semantic();
    if (s != null) {
      o.printf("  semantic (--also-semantic): mIoU %s   pixel accuracy %s%n",
          Text.metric(PanopticOutputs.semanticMiou(s)), Text.metric(s.pixelAccuracy()));
    }
    if (cfg.run().quiet()) return;

    List<Integer> order = worstFirst(p);
    o.println();
    o.println("Per category, worst PQ first (- = no tp, fp or fn: not averaged):");
    o.println("  " + Text.padRight("id", 6) + Text.padRight("name", 22) + Text.padRight("kind", 7)
        + Text.padLeft("PQ", 6) + Text.padLeft("SQ", 7) + Text.padLeft("RQ", 7) + Text.padLeft("tp", 7)
        + Text.padLeft("fp", 7) + Text.padLeft("fn", 7) + (s != null ? Text.padLeft("IoU", 7) : ""));
    int k = order.size();
    int top = cfg.run().top() == 0 ? k : Math.min(cfg.run().top(), k);
    for (int i = 0; i < top; i++) {
      int cl = order.get(i);
      o.println("  " + Text.padRight(Integer.toString(r.categories().get(cl).id()), 6)
          + Text.padRight(Text.safe(name(r, cl), 21), 22) + Text.padRight(p.isThing(cl) ? "thing" : "stuff", 7)
          + Text.padLeft(Text.metric(p.pq(cl)), 6) + Text.padLeft(Text.metric(p.sq(cl)), 7)
          + Text.padLeft(Text.metric(p.rq(cl)), 7) + Text.padLeft(Long.toString(p.tp(cl)), 7)
          + Text.padLeft(Long.toString(p.fp(cl)), 7) + Text.padLeft(Long.toString(p.fn(cl)), 7)
          + (s != null ? Text.padLeft(Text.metric(s.iou(cl)), 7) : ""));
    }
    if (top < k) {
      o.printf("  ... %d more categories in %s (run_id=%s)%n", k - top, Outputs.child(cfg.run().out(), "per_class"),
          cfg.run().runId());
    }
    if (r.slices() != null) PanopticSlices.print(r.slices(), o);
  }

  /** Category indices, counted ones by PQ ascending (ties: category order), then the uncounted. */
  static List<Integer> worstFirst(PqResult p) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < p.numCategories(); i++) order.add(i);
    order.sort((a, b) -> {
      boolean da = p.counted(a);
      boolean db = p.counted(b);
      if (da != db) return da ? -1 : 1;
      int cmp = da ? Double.compare(p.pq(a), p.pq(b)) : 0;
      return cmp != 0 ? cmp : Integer.compare(a, b);
    });
    return order;
  }

  /** {@code [lo, hi]}, or {@code [-]} where no replicate defines the value. */
  static String interval(double[] ci) {
    return Double.isNaN(ci[0]) ? "[-]" : "[" + Text.metric(ci[0]) + ", " + Text.metric(ci[1]) + "]";
  }

  static String name(PanopticResult r, int c) {
    String n = r.categories().get(c).name();
    return n != null ? n : Integer.toString(r.categories().get(c).id());
  }
}
