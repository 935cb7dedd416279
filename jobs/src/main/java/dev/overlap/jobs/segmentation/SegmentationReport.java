package dev.overlap.jobs.segmentation;

import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.segmentation.SegmentationJob.Counts;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console view of a segmentation run: the headline numbers side by side (mIoU, fwIoU, pixel
 * accuracy and the signal-class mIoU, which leaves out e.g. background), then every class worst IoU
 * first with its share of the ground-truth pixels, and what each headline averaged. A background
 * class at 0.94 and a thin class at 0.2 read as a comfortable 0.5 in the mean; this view shows both.
 */
public final class SegmentationReport {
  private SegmentationReport() {}

  public static void print(SegmentationResult r, PrintStream o) {
    SegmentationConfig cfg = r.config();
    SemsegMetrics m = r.metrics();
    Counts c = r.counts();
    int k = m.numClasses();
    double[] v = SegmentationOutputs.summaryValues(r);
    o.printf("Overlap segmentation, run %s: %d image pairs (%d evaluated, %d rejected), %d classes, ignore label %s%n",
        cfg.run().runId(), c.pairs(), c.evaluated(), c.rejected(), k,
        cfg.ignoreLabel() >= 0 ? Integer.toString(cfg.ignoreLabel()) : "none");
    int signalClasses = 0;
    int signalDefined = 0;
    for (int i = 0; i < k; i++) {
      if (!cfg.isSignal(i)) continue;
      signalClasses++;
      if (m.hasIou(i)) signalDefined++;
    }
    o.printf("  mIoU %s   fwIoU %s   pixel accuracy %s   signal mIoU %s (%s)%n", withCi(r, v, 0), withCi(r, v, 1),
        withCi(r, v, 2), withCi(r, v, 5), cfg.excludedFromHeadline().length == 0
            ? "all classes; --exclude-from-headline leaves out e.g. background"
            : signalDefined + " of " + signalClasses + " classes, without " + excludedNames(cfg));
    o.printf("  mean class accuracy %s   mDice %s   %d pixels counted, %d ignored%n", withCi(r, v, 3),
        withCi(r, v, 4), m.totalPixels(), c.ignoredPixels());
    if (r.intervals() != null) {
      o.printf("  [lo, hi]: %s%% bootstrap intervals, %d replicates over images, seed %d%n",
          SegmentationHtmlReport.percent(r.intervals().confidence()), r.intervals().replicates(),
          cfg.bootstrap().seed());
    }
    BoundaryTotals bt = r.boundary();
    if (bt != null) {
      o.printf(Locale.ROOT, "  mBoundaryIoU %s   boundary band %s of each image diagonal; HD95 / HD / ASSD in %s%n",
          Text.metric(bt.meanBoundaryIou()), Text.metric(cfg.boundary().dilationRatio()),
          cfg.boundary().spacingX() == 1 && cfg.boundary().spacingY() == 1 ? "pixels"
              : "units of --spacing " + cfg.boundary().spacingX() + "," + cfg.boundary().spacingY());
    }
    if (cfg.run().quiet()) return;

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < k; i++) order.add(i);
    // worst first; classes without an IoU (in neither ground truth nor prediction) last
    order.sort((a, b) -> {
      boolean da = m.hasIou(a);
      boolean db = m.hasIou(b);
      if (da != db) return da ? -1 : 1;
      int cmp = da ? Double.compare(m.iou(a), m.iou(b)) : 0;
      return cmp != 0 ? cmp : Integer.compare(a, b);
    });
    o.println();
    o.println("Per class, worst IoU first (- = undefined: 0/0; * = left out of the signal mIoU"
        + (bt == null ? "" : "; bIoU = boundary IoU, HD95 / HD / ASSD = means over the images with the class in both"
            + " maps") + "):");
    o.println("  " + Text.padRight("id", 7) + Text.padRight("name", 24) + Text.padLeft("IoU", 7) + Text.padLeft("Dice", 7)
        + Text.padLeft("prec", 7) + Text.padLeft("recall", 7) + Text.padLeft("gt share", 10)
        + Text.padLeft("gt_pixels", 14) + Text.padLeft("pred_pixels", 14)
        + (bt == null ? "" : Text.padLeft("bIoU", 7) + Text.padLeft("HD95", 9) + Text.padLeft("HD", 9)
            + Text.padLeft("ASSD", 9) + Text.padLeft("images", 8))
        + (r.intervals() != null ? "  IoU interval" : ""));
    int top = cfg.run().top() == 0 ? k : Math.min(cfg.run().top(), k);
    for (int i = 0; i < top; i++) {
      int cl = order.get(i);
      o.println("  " + Text.padRight(cl + (cfg.isSignal(cl) ? "" : "*"), 7)
          + Text.padRight(Text.safe(cfg.displayName(cl), 23), 24) + Text.padLeft(Text.metric(m.iou(cl)), 7)
          + Text.padLeft(Text.metric(m.dice(cl)), 7) + Text.padLeft(Text.metric(m.precision(cl)), 7)
          + Text.padLeft(Text.metric(m.recall(cl)), 7) + Text.padLeft(share(m.frequency(cl)), 10)
          + Text.padLeft(Long.toString(m.gtPixels(cl)), 14) + Text.padLeft(Long.toString(m.predPixels(cl)), 14)
          + (bt == null ? "" : Text.padLeft(Text.metric(bt.boundaryIou(cl)), 7) + Text.padLeft(distance(bt.hd95Mean(cl)), 9)
              + Text.padLeft(distance(bt.hdMean(cl)), 9) + Text.padLeft(distance(bt.assdMean(cl)), 9)
              + Text.padLeft(Long.toString(bt.distanceImages(cl)), 8))
          + (r.intervals() != null ? "  " + interval(r.intervals().iou()[cl]) : ""));
    }
    if (top < k) {
      o.printf("  ... %d more classes in %s (run_id=%s)%n", k - top, Outputs.child(cfg.run().out(), "per_class"),
          cfg.run().runId());
    }
    int defined = 0;
    int worst = -1;
    int best = -1;
    int largest = -1;
    for (int i = 0; i < k; i++) {
      if (m.gtPixels(i) > 0 && (largest < 0 || m.gtPixels(i) > m.gtPixels(largest))) largest = i;
      if (!m.hasIou(i)) continue;
      defined++;
      if (worst < 0 || m.iou(i) < m.iou(worst)) worst = i;
      if (best < 0 || m.iou(i) > m.iou(best)) best = i;
    }
    if (defined > 0) {
      o.printf("mIoU %s is the mean of %d classes with a defined IoU (of %d): worst %s %s, best %s %s%n",
          Text.metric(v[0]), defined, k, Text.metric(m.iou(worst)), Text.safe(cfg.displayName(worst), 40),
          Text.metric(m.iou(best)), Text.safe(cfg.displayName(best), 40));
    }
    if (largest >= 0) {
      o.printf("fwIoU %s and pixel accuracy %s weight classes by pixels: %s alone is %s of the ground truth%n",
          Text.metric(v[1]), Text.metric(v[2]), Text.safe(cfg.displayName(largest), 40),
          share(m.frequency(largest)).strip());
    }
    if (r.slices() != null) SegmentationSlices.print(cfg, r.slices(), o);
  }

  /** A headline value, and its interval in brackets when the run has one: {@code 0.412 [0.405, 0.419]}. */
  static String withCi(SegmentationResult r, double[] v, int i) {
    String s = Text.metric(v[i]);
    return r.intervals() == null ? s : s + " " + interval(r.intervals().headline()[i]);
  }

  /** {@code [lo, hi]}, or {@code [-]} when no replicate defines the value. */
  static String interval(double[] ci) {
    return Double.isNaN(ci[0]) ? "[-]" : "[" + Text.metric(ci[0]) + ", " + Text.metric(ci[1]) + "]";
  }

  private static String excludedNames(SegmentationConfig cfg) {
    StringBuilder b = new StringBuilder();
    int[] ex = cfg.excludedFromHeadline();
    for (int i = 0; i < ex.length && i < 4; i++) {
      if (i > 0) b.append(", ");
      b.append(ex[i]);
      if (cfg.classNames()[ex[i]] != null) b.append(' ').append(Text.safe(cfg.classNames()[ex[i]], 24));
    }
    if (ex.length > 4) b.append(", ... (").append(ex.length).append(" classes)");
    return b.toString();
  }

  /** A mean distance with one decimal; "-" when no image has the class in both maps. */
  static String distance(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d);
  }

  /** A pixel share as a percentage; "<0.01%" for a share too small to print. */
  static String share(double f) {
    if (Double.isNaN(f)) return "-";
    if (f == 0) return "0%";
    if (f < 0.0001) return "<0.01%";
    return String.format(Locale.ROOT, "%.2f%%", 100 * f);
  }
}
