package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.Outputs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The console view of a detection run: pycocotools' twelve lines, then the per-class table worst
 * first, and what the headline AP averaged (how many classes, the spread), so that a weak rare class
 * is seen next to the mean that hides it.
 */
public final class DetectionReport {
  private DetectionReport() {}

  public static void print(DetectionResult r, PrintStream o) {
    DetectionConfig cfg = r.config();
    o.printf("Overlap detection (%s), run %s: %d images, %d ground truths, %d predictions, %d categories%n",
        cfg.params().iouType().label(), cfg.run().runId(), r.images(), r.gtRecords(), r.predRecords(),
        r.categoryIds().length);
    if (cfg.suppression() != null) {
      o.printf("Before matching: %s per image and category removed %d of %d predictions%n",
          cfg.suppression().describe(), r.counts().predSuppressed(), r.counts().predEvaluated());
    }
    if (Box3dViews.applies(r)) {
      Box3dViews.print(r, o);
    } else {
      o.print(r.summary().text());
      if (r.intervals() != null) printIntervals(r, o);
      if (cfg.run().quiet()) return;
      perClass(r, o);
    }
    if (cfg.run().quiet()) return;
    String loc = LocalizationColumns.consoleLine(r);
    if (!loc.isEmpty()) o.println(loc);
  }

  private static void perClass(DetectionResult r, PrintStream o) {
    DetectionConfig cfg = r.config();

    int k0 = r.categoryIds().length;
    List<Integer> order = worstFirst(r);
    int defined = 0;
    double min = Double.NaN, max = Double.NaN;
    int minK = -1, maxK = -1;
    for (int k : order) {
      double ap = r.summary().categoryStats(k)[0];
      if (!(ap > -1)) continue;
      defined++;
      if (minK < 0 || ap < min) {
        min = ap;
        minK = k;
      }
      if (maxK < 0 || ap > max) {
        max = ap;
        maxK = k;
      }
    }
    o.println();
    o.printf("Per class, worst AP first (- = no ground truth, AP undefined):%n");
    o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft("AP", 7) + Text.padLeft("AP50", 7)
        + Text.padLeft("AP75", 7) + Text.padLeft("AR100", 7) + Text.padLeft("num_gt", 9) + Text.padLeft("num_pred", 10)
        + (r.intervals() != null ? "  AP interval" : ""));
    int top = cfg.run().top() == 0 ? k0 : Math.min(cfg.run().top(), k0);
    for (int i = 0; i < top; i++) {
      int k = order.get(i);
      double[] s = r.summary().namedStats(k);
      o.println("  " + Text.padRight(Long.toString(r.categoryIds()[k]), 8)
          + Text.padRight(Text.safe(r.categoryNames()[k], 23), 24) + Text.padLeft(Text.metric(s[0]), 7)
          + Text.padLeft(Text.metric(s[1]), 7) + Text.padLeft(Text.metric(s[2]), 7) + Text.padLeft(Text.metric(s[8]), 7)
          + Text.padLeft(Long.toString(r.numGt()[k]), 9) + Text.padLeft(Long.toString(r.numPred()[k]), 10)
          + (r.intervals() != null ? "  " + interval(r.intervals().categoryIntervals()[k][0]) : ""));
    }
    if (top < k0) {
      o.printf("  ... %d more classes in %s (run_id=%s)%n", k0 - top, Outputs.child(cfg.run().out(), "per_class"),
          cfg.run().runId());
    }
    if (defined > 0) {
      o.printf("AP %s is the mean of %d classes with ground truth (of %d): worst %s %s, best %s %s%n",
          Text.metric(r.summary().stat(0)), defined, k0, Text.metric(min), Text.safe(r.categoryNames()[minK], 40),
          Text.metric(max), Text.safe(r.categoryNames()[maxK], 40));
    }
  }

  /** Every headline stat with its interval, four to a line: {@code AP 0.412 [0.405, 0.419]}. */
  static void printIntervals(DetectionResult r, PrintStream o) {
    var iv = r.intervals();
    o.printf("Bootstrap %s%% intervals (%d replicates over images, seed %d):%n",
        new java.math.BigDecimal(Double.toString(iv.confidence())).movePointRight(2).stripTrailingZeros().toPlainString(),
        iv.replicates(), r.config().bootstrap().seed());
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < CocoSummary.NAMES.length; i++) {
      line.append(line.length() == 0 ? " " : "   ").append(CocoSummary.NAMES[i]).append(' ')
          .append(Text.metric(r.summary().stat(i))).append(' ').append(interval(iv.intervals()[i]));
      if (i % 4 == 3 || i == CocoSummary.NAMES.length - 1) {
        o.println(line);
        line.setLength(0);
      }
    }
  }

  /** {@code [lo, hi]}, or {@code [-]} where no replicate defines the value. */
  static String interval(double[] ci) {
    return Double.isNaN(ci[0]) ? "[-]" : "[" + Text.metric(ci[0]) + ", " + Text.metric(ci[1]) + "]";
  }

  /** Category indexes by AP ascending, ties by category id; classes without GT (AP undefined) last. */
  static List<Integer> worstFirst(DetectionResult r) {
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < r.categoryIds().length; k++) order.add(k);
    order.sort((a, b) -> {
      double x = r.summary().categoryStats(a)[0];
      double y = r.summary().categoryStats(b)[0];
      boolean dx = x > -1, dy = y > -1;
      if (dx != dy) return dx ? -1 : 1;
      int c = Double.compare(x, y);
      return c != 0 ? c : Long.compare(r.categoryIds()[a], r.categoryIds()[b]);
    });
    return order;
  }

  static String headline(CocoSummary s) {
    return "AP " + Text.metric(s.stat(0));
  }
}
