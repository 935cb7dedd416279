package dev.overlap.jobs.detection;

import dev.overlap.core.confusion.ConfusionCounts;
import dev.overlap.core.confusion.ErrorCounts;
import dev.overlap.core.voc.VocSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.Group;
import dev.overlap.jobs.report.HeatMap;
import dev.overlap.jobs.report.StackedBars;
import dev.overlap.jobs.report.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnostics' part of the detection report: VOC cards and per-class bars; the confusion matrix as
 * a heat map with the most confused pairs beside it (readable at 80+ classes where the grid is not);
 * the error breakdown as stacked bars per class. Names are escaped by the renderer.
 */
final class DiagnosticsHtml {
  private DiagnosticsHtml() {}

  /** Pairs listed beside the heat map. */
  static final int PAIRS = 20;

  static List<Card> cards(DetectionResult r) {
    List<Card> cards = new ArrayList<>();
    VocSummary v = r.diagnostics().voc();
    if (v == null) return cards;
    String p = v.protocol().label();
    cards.add(new Card("VOC mAP (" + p + ")", Text.metric(v.map()), (v.protocol() == dev.overlap.core.voc.VocProtocol.VOC07
        ? "11-point" : "all-point") + " AP at IoU > 0.5, mean of " + v.classesInMean() + " classes with non-difficult"
        + " ground truth (of " + v.numClasses() + ")", true));
    cards.add(new Card("VOC AP " + p, Text.metric(v.apAll()), "mean over IoU 0.50:0.95 (k/100), as Detectron2", false));
    cards.add(new Card("VOC AP75", Text.metric(v.ap75()), "IoU > 0.75, same classes", false));
    return cards;
  }

  static List<Block> blocks(DetectionResult r) {
    List<Block> blocks = new ArrayList<>();
    DiagnosticsResult d = r.diagnostics();
    if (d.voc() != null) blocks.add(vocBars(d));
    if (d.confusion() != null) {
      blocks.add(confusion(d));
      blocks.add(errors(d));
    }
    return blocks;
  }

  private static String name(DiagnosticsResult d, int k) {
    String n = d.classNames()[k];
    return n == null || n.isEmpty() ? "category " + d.classIds()[k] : n;
  }

  private static BarChart vocBars(DiagnosticsResult d) {
    VocSummary v = d.voc();
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int k : DiagnosticsReport.vocWorstFirst(d)) {
      boolean def = v.npos(k) > 0;
      double[] ci = d.vocIntervals() == null ? new double[] {Double.NaN, Double.NaN} : d.vocIntervals().classIntervals()[k][0];
      bars.add(new BarChart.Bar(name(d, k), def ? v.ap(k, 0) : Double.NaN, name(d, k) + " (id " + d.classIds()[k] + "): "
          + (def ? "AP50 " + Text.metric(v.ap(k, 0)) + (Double.isNaN(ci[0]) ? "" : " " + DetectionReport.interval(ci))
              + ", AP " + Text.metric(v.apMean(k)) : "no non-difficult ground truth")
          + ", " + v.npos(k) + " non-difficult ground truths", ci[0], ci[1]));
    }
    List<BarChart.Marker> markers = List.of(new BarChart.Marker("mAP " + Text.metric(v.map()), v.map(), true));
    return new BarChart("VOC AP50 per class (" + v.protocol().label() + "), worst first",
        "PASCAL VOC AP at IoU > 0.5 per class; classes without non-difficult ground truth are undefined and out of the"
            + " mean. Table voc_per_class has every threshold." + (d.vocIntervals() == null ? "" : " Whiskers: "
            + "the bootstrap interval (images resampled)."), "AP50", 1.0, bars, markers);
  }

  private static Block confusion(DiagnosticsResult d) {
    ConfusionCounts c = d.confusion();
    int[] order = d.fileOrder();
    int k = order.length;
    List<String> labels = new ArrayList<>();
    for (int i : order) labels.add(name(d, i));
    long[] cells = new long[k * k];
    for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) cells[i * k + j] = c.cell(order[i], order[j]);
    String setting = "IoU >= " + d.options().confusionIou() + ", score >= " + d.options().confusionScore();
    HeatMap map = new HeatMap("Confusion matrix", "Class-agnostic COCO matching (" + setting + "): row = ground-truth "
        + "class, column = the class of the detection that took it. Missed objects and background detections are in "
        + "the table beside and in table confusion (null class).", labels, cells, "ground truth", "detected as");
    List<List<String>> rows = new ArrayList<>();
    for (DiagnosticsReport.Pair p : DiagnosticsReport.mostConfused(d, PAIRS)) {
      rows.add(List.of(name(d, p.gt()), name(d, p.pred()), Long.toString(p.count())));
    }
    Table pairs = new Table("Most confused pairs", "Off-diagonal cells, largest first.", List.of(
        new Table.Column("ground truth", false, "the object's class"),
        new Table.Column("detected as", false, "the class of the detection that took it"),
        new Table.Column("count", true, "objects")), rows, rows.isEmpty() ? "no object was taken by another class" : null);
    List<List<String>> mb = new ArrayList<>();
    for (int i : order) {
      if (c.missed(i) == 0 && c.background(i) == 0) continue;
      mb.add(List.of(name(d, i), Long.toString(c.missed(i)), Long.toString(c.background(i))));
    }
    Table missed = new Table("Missed and background", "Per class: objects no detection took; detections that took no "
        + "object.", List.of(new Table.Column("class", false, "category"),
        new Table.Column("missed", true, "ground truths of this class no detection took"),
        new Table.Column("background", true, "detections of this class that took no ground truth")), mb, null);
    return new Group("Confusion", null, List.of(map, pairs, missed));
  }

  private static Block errors(DiagnosticsResult d) {
    ErrorCounts e = d.errors();
    List<Integer> order = new ArrayList<>();
    for (int k : d.fileOrder()) order.add(k);
    order.sort((a, b) -> Long.compare(e.falsePositives(b), e.falsePositives(a)));
    List<StackedBars.Bar> fp = new ArrayList<>();
    for (int k : order) {
      long[] v = {e.get(k, ErrorCounts.FP_DUPLICATE), e.get(k, ErrorCounts.FP_LOCALIZATION),
          e.get(k, ErrorCounts.FP_CONFUSION), e.get(k, ErrorCounts.FP_BACKGROUND)};
      fp.add(new StackedBars.Bar(name(d, k), v, name(d, k) + ": " + e.falsePositives(k) + " false positives = " + v[0]
          + " duplicate + " + v[1] + " localization + " + v[2] + " class confusion + " + v[3] + " background; "
          + e.get(k, ErrorCounts.TP) + " true positives"));
    }
    order.sort((a, b) -> Long.compare(e.falseNegatives(b), e.falseNegatives(a)));
    List<StackedBars.Bar> fn = new ArrayList<>();
    for (int k : order) {
      long[] v = {e.get(k, ErrorCounts.FN_NEVER_DETECTED), e.get(k, ErrorCounts.FN_DETECTED)};
      fn.add(new StackedBars.Bar(name(d, k), v, name(d, k) + ": " + e.falseNegatives(k) + " false negatives = " + v[0]
          + " never detected + " + v[1] + " detected but not matched"));
    }
    String t = Double.toString(d.options().confusionIou());
    StackedBars fpBars = new StackedBars("False positives by kind", "Per class at IoU " + t + " (docs/voc-confusion.md): "
        + "duplicate (its object was taken by a better detection), localization (own class, 0.1 <= IoU < " + t + "), "
        + "class confusion (IoU >= 0.1 only with another class), background (IoU < 0.1 with every object).",
        List.of("duplicate", "localization", "class confusion", "background"),
        List.of("#8e6bbf", "#e0a03a", "#d9534f", "#7a8a99"), fp);
    StackedBars fnBars = new StackedBars("False negatives by kind", "Never detected: no detection of any class overlaps"
        + " the object with IoU >= 0.1.", List.of("never detected", "detected, not matched"),
        List.of("#d9534f", "#e0a03a"), fn);
    return new Group("Error breakdown", "The kinds add up to all false positives and negatives; table errors has the "
        + "counts.", List.of(fpBars, fnBars));
  }
}
