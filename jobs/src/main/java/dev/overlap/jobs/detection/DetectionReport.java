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
    o.printf("Overlap detection (%s%s), run %s: %d images, %d ground truths, %d predictions, %d categories%n",
        cfg.params().iouType().label(), cfg.lvis() ? ", LVIS federated" : "", cfg.run().runId(), r.images(),
        r.gtRecords(), r.predRecords(), r.categoryIds().length);
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
    // a --protocol run's slices are VOC's: they follow its VOC table (DiagnosticsReport)
    if (r.slices() != null && r.diagnostics().voc() == null) DetectionSlices.print(r.slices(), o);
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
    CocoSummary sum = r.summary();
    // the recall column: COCO's AR at the largest maxDets, keypoints' AR (20), LVIS's AR (300 per image)
    String arName = sum.index("AR100") >= 0 ? "AR100" : "AR";
    int iAp = sum.index("AP"), iAp50 = sum.index("AP50"), iAp75 = sum.index("AP75"), iAr = sum.index(arName);
    boolean lvis = r.frequencyGroups() != null;
    if (lvis) {
      order = rareFirst(r, order);
      o.printf("Per class by frequency, rare first, worst AP first within a group (- = no ground truth, AP undefined):%n");
    } else {
      o.printf("Per class, worst AP first (- = no ground truth, AP undefined):%n");
    }
    o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + (lvis ? Text.padRight("freq", 5) : "")
        + Text.padLeft("AP", 7) + Text.padLeft("AP50", 7) + Text.padLeft("AP75", 7) + Text.padLeft(arName, 7)
        + Text.padLeft("num_gt", 9) + Text.padLeft("num_pred", 10) + (r.intervals() != null ? "  AP interval" : ""));
    int top = cfg.run().top() == 0 ? k0 : Math.min(cfg.run().top(), k0);
    for (int i = 0; i < top; i++) {
      int k = order.get(i);
      double[] s = sum.namedStats(k);
      o.println("  " + Text.padRight(Long.toString(r.categoryIds()[k]), 8)
          + Text.padRight(Text.safe(r.categoryNames()[k], 23), 24)
          + (lvis ? Text.padRight(r.frequencyGroups().label(k), 5) : "") + Text.padLeft(Text.metric(s[iAp]), 7)
          + Text.padLeft(Text.metric(s[iAp50]), 7) + Text.padLeft(Text.metric(s[iAp75]), 7)
          + Text.padLeft(Text.metric(s[iAr]), 7)
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
    if (lvis) {
      StringBuilder b = new StringBuilder("By frequency:");
      for (int x = 0; x < 3; x++) {
        int withGt = 0;
        int[] members = r.frequencyGroups().members(x);
        for (int k : members) if (sum.categoryStats(k)[iAp] > -1) withGt++;
        String key = "AP" + dev.overlap.core.lvis.FrequencyGroups.LABELS[x];
        b.append(x == 0 ? " " : ", ").append(key).append(' ').append(Text.metric(sum.stat(sum.index(key)))).append(" (")
            .append(dev.overlap.core.lvis.FrequencyGroups.NAMES[x]).append(", ").append(withGt).append(" of ")
            .append(members.length).append(" classes with ground truth)");
      }
      o.println(b);
    }
  }

  /** LVIS: the per-class order regrouped by frequency, rare first (where long-tail models fail), order kept within. */
  static List<Integer> rareFirst(DetectionResult r, List<Integer> order) {
    List<Integer> out = new ArrayList<>(order.size());
    for (int x = 0; x < 3; x++) for (int k : order) if (r.frequencyGroups().groupOf(k) == x) out.add(k);
    return out;
  }

  /** Every headline stat with its interval, four to a line: {@code AP 0.412 [0.405, 0.419]}. */
  static void printIntervals(DetectionResult r, PrintStream o) {
    var iv = r.intervals();
    o.println(intervalsHeader(iv.confidence(), iv.replicates(), r.config().bootstrap().seed()));
    StringBuilder line = new StringBuilder();
    // the run's own stats: COCO's twelve, keypoints' ten, LVIS's thirteen
    String[] names = r.summary().names();
    for (int i = 0; i < names.length; i++) {
      line.append(line.length() == 0 ? " " : "   ").append(names[i]).append(' ')
          .append(Text.metric(r.summary().stat(i))).append(' ').append(interval(iv.intervals()[i]));
      if (i % 4 == 3 || i == names.length - 1) {
        o.println(line);
        line.setLength(0);
      }
    }
  }

  /** {@code Bootstrap 95% intervals (200 replicates over images, seed 0):} */
  static String intervalsHeader(double confidence, int replicates, long seed) {
    return String.format(java.util.Locale.ROOT, "Bootstrap %s%% intervals (%d replicates over images, seed %d):",
        new java.math.BigDecimal(Double.toString(confidence)).movePointRight(2).stripTrailingZeros().toPlainString(),
        replicates, seed);
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
