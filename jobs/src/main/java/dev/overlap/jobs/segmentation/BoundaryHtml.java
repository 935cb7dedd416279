package dev.overlap.jobs.segmentation;

import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.Block;
import dev.overlap.jobs.report.Card;
import dev.overlap.jobs.report.Table;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's boundary section ({@code --boundary}): boundary IoU beside region IoU per class, so a
 * class whose contours fail while its area looks fine stands out, and HD95 bars, worst first.
 */
final class BoundaryHtml {
  private BoundaryHtml() {}

  static Card card(SegmentationResult r) {
    return new Card("mBoundaryIoU", SegmentationHtmlReport.num(r.boundary().meanBoundaryIou()),
        "mean boundary IoU over the classes with a band (dilation ratio " + r.config().boundary().dilationRatio() + ")",
        false);
  }

  static List<Block> blocks(SegmentationResult r) {
    SegmentationConfig cfg = r.config();
    SemsegMetrics m = r.metrics();
    BoundaryTotals b = r.boundary();
    int k = cfg.numClasses();
    Integer[] byGap = new Integer[k];
    for (int c = 0; c < k; c++) byGap[c] = c;
    // largest region-minus-boundary gap first: the classes whose contours fail while their area looks fine
    Arrays.sort(byGap, (x, y) -> {
      double gx = gap(m, b, x);
      double gy = gap(m, b, y);
      boolean dx = !Double.isNaN(gx), dy = !Double.isNaN(gy);
      if (dx != dy) return dx ? -1 : 1;
      int cmp = dx ? Double.compare(gy, gx) : 0;
      return cmp != 0 ? cmp : Integer.compare(x, y);
    });
    List<List<String>> rows = new ArrayList<>();
    for (int c : byGap) {
      rows.add(List.of(Integer.toString(c), SegmentationHtmlReport.name(cfg, c), SegmentationHtmlReport.num(m.iou(c)),
          SegmentationHtmlReport.num(b.boundaryIou(c)), SegmentationReport.distance(b.hd95Mean(c)),
          SegmentationReport.distance(b.hdMean(c)), SegmentationReport.distance(b.assdMean(c)),
          Long.toString(b.distanceImages(c))));
    }
    Integer[] byHd95 = new Integer[k];
    for (int c = 0; c < k; c++) byHd95[c] = c;
    Arrays.sort(byHd95, (x, y) -> {
      double hx = b.hd95Mean(x), hy = b.hd95Mean(y);
      boolean dx = !Double.isNaN(hx), dy = !Double.isNaN(hy);
      if (dx != dy) return dx ? -1 : 1;
      int cmp = dx ? Double.compare(hy, hx) : 0;
      return cmp != 0 ? cmp : Integer.compare(x, y);
    });
    double max = 0;
    double sum = 0;
    int n = 0;
    for (int c = 0; c < k; c++) {
      double h = b.hd95Mean(c);
      if (Double.isNaN(h)) continue;
      max = Math.max(max, h);
      sum += h;
      n++;
    }
    List<BarChart.Bar> bars = new ArrayList<>();
    for (int c : byHd95) {
      bars.add(new BarChart.Bar(SegmentationHtmlReport.name(cfg, c), b.hd95Mean(c), String.format(Locale.ROOT,
          "class %d: mean HD95 %s, HD %s, ASSD %s over %d images", c, SegmentationReport.distance(b.hd95Mean(c)),
          SegmentationReport.distance(b.hdMean(c)), SegmentationReport.distance(b.assdMean(c)), b.distanceImages(c))));
    }
    List<BarChart.Marker> markers = new ArrayList<>();
    if (n > 0) markers.add(new BarChart.Marker("mean of classes", sum / n, true));
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Table("Boundary vs region per class", "Boundary IoU counts only a band of each class mask (pixels"
        + " within " + cfg.boundary().dilationRatio() + " x the image diagonal of its contour); largest gap to the"
        + " region IoU first. HD95 / HD / ASSD are means over the images where the class is in both maps.",
        List.of(new Table.Column("class", true, "class id"), new Table.Column("name", false, "class name"),
            new Table.Column("IoU", true, "region IoU"), new Table.Column("boundary IoU", true,
                "summed band intersections / summed band unions"),
            new Table.Column("HD95", true, "mean 95th-percentile Hausdorff distance"),
            new Table.Column("HD", true, "mean Hausdorff distance"),
            new Table.Column("ASSD", true, "mean average symmetric surface distance"),
            new Table.Column("images", true, "images with the class in ground truth and prediction")), rows, null));
    blocks.add(new BarChart("HD95 per class, worst first", "Mean 95th-percentile Hausdorff distance (lower is"
        + " better); classes never in both maps of an image are drawn as a dash.", "HD95", max > 0 ? max : 1, bars,
        markers));
    return blocks;
  }

  private static double gap(SemsegMetrics m, BoundaryTotals b, int c) {
    return m.iou(c) - b.boundaryIou(c);
  }
}
