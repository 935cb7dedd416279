package dev.overlap.jobs.detection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.geometry.Box3dSummary;
import dev.overlap.jobs.cli.Text;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.Outputs;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bev / 3d detection run shows instead of COCO's twelve numbers: {@code AP} (mean over the IoU
 * thresholds, 0.25 and 0.5 by default), {@code AP25}, {@code AP50}, {@code AR100}, overall and per class,
 * on the console, in summary.json, in the summary and per_class tables and in the report.
 */
final class Box3dViews {
  private Box3dViews() {}

  /** Whether the run is a bev / 3d run. */
  static boolean applies(DetectionResult r) {
    return r.summary().accumulation().params().iouType().isBox3d();
  }

  static Box3dSummary summary(DetectionResult r) {
    return Box3dSummary.of(r.summary().accumulation());
  }

  /**
   * The twelve COCO per_class columns of category index {@code k} for a bev / 3d run: AP, AP50 and AR100 are
   * defined (pycocotools' lookups at maxDets 100); the others have no meaning here and are -1 (null).
   */
  static double[] cocoColumns(DetectionResult r, int k) {
    double[] c = r.summary().categoryStats(k);
    double[] out = new double[CocoSummary.NAMES.length];
    java.util.Arrays.fill(out, -1);
    out[0] = c[0];
    out[1] = c[1];
    out[8] = c[8];
    return out;
  }

  /** AP25 of category index {@code k}: the per_class column only bev / 3d runs fill. */
  static double ap25(DetectionResult r, int k) {
    return summary(r).categoryStats(k)[1];
  }

  /** summary.json's headline keys and {@code per_class [{category_id, ap, ap25, ap50, ar100}]} (-1 = undefined). */
  static void summaryJson(DetectionResult r, ObjectNode root) {
    Box3dSummary s = summary(r);
    for (int i = 0; i < Box3dSummary.NAMES.length; i++) root.put(Box3dSummary.NAMES[i], s.stat(i));
    ArrayNode pc = root.putArray("per_class");
    for (int k = 0; k < r.categoryIds().length; k++) {
      double[] c = s.categoryStats(k);
      ObjectNode o = pc.addObject();
      o.put("category_id", r.categoryIds()[k]);
      o.put("ap25", c[1]);
      o.put("ap50", c[2]);
      o.put("ap", c[0]);
      o.put("ar100", c[3]);
      if (r.intervals() != null) {
        // --bootstrap: each number's interval (null where no replicate defines it)
        String[] keys = {"ap", "ap25", "ap50", "ar100"};
        for (int i = 0; i < keys.length; i++) {
          double[] ci = r.intervals().categoryIntervals()[k][i];
          for (int e = 0; e < 2; e++) {
            String key = keys[i] + (e == 0 ? "_lo" : "_hi");
            if (Double.isNaN(ci[e])) o.putNull(key);
            else o.put(key, ci[e]);
          }
        }
      }
    }
  }

  /** The console view: the four lines, then classes worst AP first. */
  static void print(DetectionResult r, PrintStream o) {
    DetectionConfig cfg = r.config();
    Box3dSummary s = summary(r);
    o.print(s.text());
    if (r.intervals() != null) {
      o.println(DetectionReport.intervalsHeader(r.intervals().confidence(), r.intervals().replicates(),
          cfg.bootstrap().seed()));
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < Box3dSummary.NAMES.length; i++) {
        line.append(i == 0 ? " " : "   ").append(Box3dSummary.NAMES[i]).append(' ').append(Text.metric(s.stat(i)))
            .append(' ').append(DetectionReport.interval(r.intervals().intervals()[i]));
      }
      o.println(line);
    }
    if (cfg.run().quiet()) return;
    int k0 = r.categoryIds().length;
    List<Integer> order = DetectionReport.worstFirst(r);
    o.println();
    o.printf("Per class, worst AP first (- = no ground truth, AP undefined):%n");
    o.println("  " + Text.padRight("id", 8) + Text.padRight("name", 24) + Text.padLeft("AP", 7) + Text.padLeft("AP25", 7)
        + Text.padLeft("AP50", 7) + Text.padLeft("AR100", 7) + Text.padLeft("num_gt", 9) + Text.padLeft("num_pred", 10)
        + (r.intervals() != null ? "  AP interval" : ""));
    int top = cfg.run().top() == 0 ? k0 : Math.min(cfg.run().top(), k0);
    for (int i = 0; i < top; i++) {
      int k = order.get(i);
      double[] c = s.categoryStats(k);
      o.println("  " + Text.padRight(Long.toString(r.categoryIds()[k]), 8)
          + Text.padRight(Text.safe(r.categoryNames()[k], 23), 24) + Text.padLeft(Text.metric(c[0]), 7)
          + Text.padLeft(Text.metric(c[1]), 7) + Text.padLeft(Text.metric(c[2]), 7) + Text.padLeft(Text.metric(c[3]), 7)
          + Text.padLeft(Long.toString(r.numGt()[k]), 9) + Text.padLeft(Long.toString(r.numPred()[k]), 10)
          + (r.intervals() != null ? "  " + DetectionReport.interval(r.intervals().categoryIntervals()[k][0]) : ""));
    }
    if (top < k0) {
      o.printf("  ... %d more classes in %s (run_id=%s)%n", k0 - top, Outputs.child(cfg.run().out(), "per_class"),
          cfg.run().runId());
    }
  }

  /** Bar charts of AP25 and AP50 per class, in the worst-AP-first order of the AP chart. */
  static List<Block> bars(DetectionResult r, List<Integer> order) {
    Box3dSummary s = summary(r);
    List<Block> out = new ArrayList<>();
    String[] names = {"AP25", "AP50"};
    for (int col = 1; col <= 2; col++) {
      List<BarChart.Bar> bars = new ArrayList<>();
      for (int k : order) {
        double[] c = s.categoryStats(k);
        if (!(c[col] > -1)) continue;
        String name = r.categoryNames()[k] == null ? "category " + r.categoryIds()[k] : r.categoryNames()[k];
        // --bootstrap: whiskers from the interval of the same number (stat col of the four)
        double[] ci = r.intervals() == null ? new double[] {Double.NaN, Double.NaN} : r.intervals().categoryIntervals()[k][col];
        bars.add(new BarChart.Bar(name, c[col], name + " (id " + r.categoryIds()[k] + "): AP25 " + Text.metric(c[1])
            + ", AP50 " + Text.metric(c[2]) + ", AR100 " + Text.metric(c[3]) + ", " + r.numGt()[k] + " ground truths, "
            + r.numPred()[k] + " predictions" + (Double.isNaN(ci[0]) ? "" : "; " + names[col - 1] + " interval "
            + DetectionReport.interval(ci)), ci[0], ci[1]));
      }
      List<BarChart.Marker> markers = new ArrayList<>();
      if (!bars.isEmpty()) {
        markers.add(new BarChart.Marker(names[col - 1] + " " + Text.metric(s.stat(col)), s.stat(col), true));
      }
      out.add(new BarChart(names[col - 1] + " per class", "One bar per class with ground truth, in the order of the AP "
          + "chart: AP at " + (col == 1 ? "IoU 0.25" : "IoU 0.50") + " (" + iouName(r) + "). The line is "
          + names[col - 1] + ", the mean of these bars.", names[col - 1], 1.0, bars, markers));
    }
    return out;
  }

  private static String iouName(DetectionResult r) {
    return r.summary().accumulation().params().iouType() == dev.overlap.core.coco.IouType.BEV
        ? "bird's-eye-view IoU of the rotated footprints" : "3D IoU of the yaw-rotated boxes";
  }

  static final List<Table.Column> PER_CLASS_COLUMNS = List.of(
      new Table.Column("id", true, "category_id"),
      new Table.Column("name", false, "category name from the ground truth"),
      new Table.Column("AP", true, "mean of AP25 and AP50 (every IoU threshold)"),
      new Table.Column("AP25", true, "AP at IoU 0.25"),
      new Table.Column("AP50", true, "AP at IoU 0.50"),
      new Table.Column("AR100", true, "recall with up to 100 detections per scene, mean over the thresholds"),
      new Table.Column("num_gt", true, "ground-truth boxes"),
      new Table.Column("num_pred", true, "predictions"));

  /** The per-class table of a bev / 3d run. */
  static Table perClassTable(DetectionResult r, List<Integer> order, String out, String runId, String iouType) {
    Box3dSummary s = summary(r);
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      double[] c = s.categoryStats(k);
      rows.add(List.of(Long.toString(r.categoryIds()[k]), r.categoryNames()[k] == null ? "" : r.categoryNames()[k],
          Text.metric(c[0]), Text.metric(c[1]), Text.metric(c[2]), Text.metric(c[3]), Long.toString(r.numGt()[k]),
          Long.toString(r.numPred()[k])));
    }
    return new Table("Per class, worst AP first", "- where a class has no ground truth: AP is undefined there, not "
        + "zero.", PER_CLASS_COLUMNS, rows, "The same rows: " + Outputs.child(out, "per_class") + " (run_id=" + runId
        + ", iou_type=" + iouType + "; columns AP, AP25, AP50, AR100).");
  }

  /** The summary table of a bev / 3d run: the four numbers with the lines they print as. */
  static Table summaryTable(DetectionResult r) {
    Box3dSummary s = summary(r);
    String[] lines = s.text().split("\n");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < Box3dSummary.NAMES.length; i++) {
      String line = lines[i].trim();
      int eq = line.lastIndexOf(" = ");
      rows.add(List.of(Box3dSummary.NAMES[i], Text.metric(s.stat(i)), eq > 0 ? line.substring(0, eq) : line));
    }
    return new Table("Summary (" + r.summary().accumulation().params().iouType().label() + ")", "COCOeval's matching "
        + "and accumulation with " + iouName(r) + "; AP is the mean over every IoU threshold.",
        List.of(new Table.Column("metric", false, "column name in summary and summary.json"),
            new Table.Column("value", true, "- where undefined"),
            new Table.Column("as summarize() would print it", false, "")), rows, null);
  }
}
