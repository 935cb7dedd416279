package dev.overlap.jobs.detection;

import dev.overlap.core.confusion.ConfusionCounts;
import dev.overlap.core.confusion.ErrorCounts;
import dev.overlap.core.voc.VocSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The console view of the diagnostics: VOC AP per class worst first; the confusion matrix's totals and
 * its most confused pairs; the error breakdown, whose categories add up to the false positives and
 * negatives. Names are cut and cleaned of control characters ({@link Text#safe}).
 */
public final class DiagnosticsReport {
  private DiagnosticsReport() {}

  /** Most confused pairs printed and listed in the report. */
  static final int PAIRS = 10;

  /** A confused pair: GTs of class {@code gt} taken by detections of class {@code pred}. */
  record Pair(int gt, int pred, long count) {}

  /** Off-diagonal cells, largest first (ties: GT row order, then column order). */
  static List<Pair> mostConfused(DiagnosticsResult d, int n) {
    List<Pair> all = new ArrayList<>();
    ConfusionCounts c = d.confusion();
    for (int gr : d.fileOrder()) {
      for (int pc : d.fileOrder()) {
        if (gr != pc && c.cell(gr, pc) > 0) all.add(new Pair(gr, pc, c.cell(gr, pc)));
      }
    }
    all.sort((a, b) -> Long.compare(b.count(), a.count())); // stable: keeps row / column order among ties
    return all.subList(0, Math.min(n, all.size()));
  }

  /** VOC classes worst AP first; classes without non-difficult GT (AP null) last, by id. */
  static List<Integer> vocWorstFirst(DiagnosticsResult d) {
    VocSummary v = d.voc();
    List<Integer> order = new ArrayList<>();
    for (int k : d.fileOrder()) order.add(k);
    order.sort((a, b) -> {
      boolean da = v.npos(a) > 0, db = v.npos(b) > 0;
      if (da != db) return da ? -1 : 1;
      int c = da ? Double.compare(v.ap(a, 0), v.ap(b, 0)) : 0;
      return c != 0 ? c : Long.compare(d.classIds()[a], d.classIds()[b]);
    });
    return order;
  }

  public static void print(DetectionResult r, PrintStream o) {
    DiagnosticsResult d = r.diagnostics();
    int top = r.config().run().top();
    boolean quiet = r.config().run().quiet();
    if (d.voc() != null) {
      VocSummary v = d.voc();
      o.println();
      o.printf("PASCAL VOC (%s, %s AP): mAP %s  AP %s  AP50 %s  AP75 %s  (mean of %d classes with non-difficult"
          + " ground truth, of %d)%n", v.protocol().label(), v.protocol() == dev.overlap.core.voc.VocProtocol.VOC07
              ? "11-point" : "all-point", Text.metric(v.map()), Text.metric(v.apAll()), Text.metric(v.ap50()),
          Text.metric(v.ap75()), v.classesInMean(), v.numClasses());
      var iv = d.vocIntervals();
      if (iv != null) {
        o.println(DetectionReport.intervalsHeader(iv.confidence(), iv.replicates(), r.config().bootstrap().seed()));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < dev.overlap.core.voc.VocSummary.METRICS.length; i++) {
          line.append(i == 0 ? " " : "   ").append(dev.overlap.core.voc.VocSummary.METRICS[i]).append(' ')
              .append(Text.metric(v.metric(i))).append(' ').append(DetectionReport.interval(iv.intervals()[i]));
        }
        o.println(line);
      }
      if (!quiet) {
        o.println("VOC per class, worst AP first (- = no non-difficult ground truth, out of the means):");
        o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft("AP50", 7)
            + Text.padLeft("AP75", 7) + Text.padLeft("AP", 7) + Text.padLeft("npos", 8)
            + (iv != null ? "  AP50 interval" : ""));
        List<Integer> order = vocWorstFirst(d);
        int n = top == 0 ? order.size() : Math.min(top, order.size());
        int t75 = v.thresholdIndex(0.75);
        for (int i = 0; i < n; i++) {
          int k = order.get(i);
          boolean def = v.npos(k) > 0;
          o.println("  " + Text.padRight(Long.toString(d.classIds()[k]), 8)
              + Text.padRight(Text.safe(d.classNames()[k], 23), 24) + Text.padLeft(def ? Text.metric(v.ap(k, 0)) : "-", 7)
              + Text.padLeft(def ? Text.metric(v.ap(k, t75)) : "-", 7) + Text.padLeft(def ? Text.metric(v.apMean(k)) : "-", 7)
              + Text.padLeft(Long.toString(v.npos(k)), 8)
              + (iv != null ? "  " + DetectionReport.interval(iv.classIntervals()[k][0]) : ""));
        }
        if (n < order.size()) o.printf("  ... %d more classes in voc_per_class%n", order.size() - n);
        if (r.slices() != null) DetectionSlices.print(r.slices(), o);
      }
    }
    if (d.confusion() != null) {
      ConfusionCounts c = d.confusion();
      ErrorCounts e = d.errors();
      long matched = 0, same = 0, missed = 0, background = 0, crowd = 0;
      for (int gr : d.fileOrder()) {
        for (int pc : d.fileOrder()) {
          matched += c.cell(gr, pc);
          if (gr == pc) same += c.cell(gr, pc);
        }
        missed += c.missed(gr);
        background += c.background(gr);
        crowd += c.onCrowd(gr);
      }
      o.println();
      o.printf("Confusion matrix (class-agnostic, IoU >= %s, score >= %s): %d ground truths matched (%d to their own"
          + " class, %d to another), %d missed, %d background detections, %d absorbed by crowd regions%n",
          num(d.options().confusionIou()), num(d.options().confusionScore()), matched, same, matched - same, missed,
          background, crowd);
      List<Pair> pairs = mostConfused(d, PAIRS);
      if (!quiet && !pairs.isEmpty()) {
        o.println("Most confused (ground truth -> detected as):");
        for (Pair p : pairs) {
          o.println("  " + Text.padLeft(Long.toString(p.count()), 6) + "  " + Text.safe(d.classNames()[p.gt()], 30)
              + " -> " + Text.safe(d.classNames()[p.pred()], 30));
        }
      }
      long[] tot = new long[DiagnosticsOutputs.ERROR_COLUMNS.length];
      for (int k : d.fileOrder()) {
        long[] v = DiagnosticsOutputs.errorValues(e, k);
        for (int i = 0; i < v.length; i++) tot[i] += v[i];
      }
      o.printf("Errors (per class at IoU %s): %d true positives; %d false positives = %d duplicate + %d localization"
          + " + %d class confusion + %d background; %d false negatives = %d never detected + %d detected but not"
          + " matched; %d on crowd regions%n", num(d.options().confusionIou()), tot[0], tot[1], tot[2], tot[3], tot[4],
          tot[5], tot[6], tot[7], tot[8], tot[9]);
      if (!quiet) {
        List<Integer> order = new ArrayList<>();
        for (int k : d.fileOrder()) order.add(k);
        order.sort((a, b) -> Long.compare(e.falsePositives(b) + e.falseNegatives(b), e.falsePositives(a) + e.falseNegatives(a)));
        int n = top == 0 ? order.size() : Math.min(top, order.size());
        o.println("Errors per class, most first:");
        o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft("tp", 7) + Text.padLeft("fp", 7)
            + Text.padLeft("dup", 6) + Text.padLeft("loc", 6) + Text.padLeft("cls", 6) + Text.padLeft("bkg", 6)
            + Text.padLeft("fn", 7) + Text.padLeft("never", 7));
        for (int i = 0; i < n; i++) {
          int k = order.get(i);
          long[] v = DiagnosticsOutputs.errorValues(e, k);
          o.println("  " + Text.padRight(Long.toString(d.classIds()[k]), 8) + Text.padRight(Text.safe(d.classNames()[k], 23), 24)
              + Text.padLeft(Long.toString(v[0]), 7) + Text.padLeft(Long.toString(v[1]), 7) + Text.padLeft(Long.toString(v[2]), 6)
              + Text.padLeft(Long.toString(v[3]), 6) + Text.padLeft(Long.toString(v[4]), 6) + Text.padLeft(Long.toString(v[5]), 6)
              + Text.padLeft(Long.toString(v[6]), 7) + Text.padLeft(Long.toString(v[7]), 7));
        }
        if (n < order.size()) o.printf("  ... %d more classes in errors%n", order.size() - n);
      }
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format("%.1f", v) : Double.toString(v);
  }
}
