package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.report.BarChart;
import dev.overlap.jobs.report.CurveChart;
import dev.overlap.jobs.report.Group;
import dev.overlap.jobs.report.HtmlReport;
import dev.overlap.jobs.report.Report;
import dev.overlap.jobs.report.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detection report model and page for 300 classes, built without Spark from core's evaluator. */
class DetectionHtmlModelTest {
  static SyntheticDetection data;
  static Report report;
  static String html;
  static int withGt;

  @BeforeAll
  static void build() throws IOException {
    data = new SyntheticDetection("/data/eval");
    report = DetectionHtmlReport.build(data.result, data.images);
    html = HtmlReport.render(report);
    for (int k = 0; k < SyntheticDetection.CLASSES; k++) {
      if (data.result.summary().categoryStats(k)[0] > -1) withGt++;
    }
    Path page = Path.of("target", "synthetic-300-classes-report.html");
    Files.createDirectories(page.getParent());
    Files.writeString(page, html, StandardCharsets.UTF_8);
  }

  @Test
  void barsAreEveryClassWithGroundTruthWorstFirstWithMeanAndMedian() {
    BarChart bars = (BarChart) report.blocks().get(0);
    assertEquals(SyntheticDetection.CLASSES - SyntheticDetection.WITHOUT_GT, withGt);
    assertEquals(withGt, bars.bars().size());
    for (int i = 1; i < bars.bars().size(); i++) {
      assertTrue(bars.bars().get(i - 1).value() <= bars.bars().get(i).value(), "sorted worst first at " + i);
    }
    double mean = data.result.summary().stat(0);
    assertEquals(mean, bars.markers().get(0).value());
    assertTrue(bars.markers().get(0).headline());
    double[] v = bars.bars().stream().mapToDouble(BarChart.Bar::value).toArray();
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    assertEquals(median, bars.markers().get(1).value());
    assertTrue(bars.caption().contains(SyntheticDetection.WITHOUT_GT + " classes without ground truth"), bars.caption());
  }

  @Test
  void prCurvesHighlightTheWorstAndBestThreeAtEachThreshold() {
    Group g = (Group) report.blocks().get(1);
    assertEquals(2, g.blocks().size());
    assertEquals("IoU 0.50", g.blocks().get(0).title());
    assertEquals("IoU 0.75", g.blocks().get(1).title());
    for (var b : g.blocks()) {
      CurveChart c = (CurveChart) b;
      assertEquals(withGt, c.curves().size());
      assertEquals(3, c.curves().stream().filter(x -> x.emphasis() == CurveChart.Emphasis.WORST).count());
      assertEquals(3, c.curves().stream().filter(x -> x.emphasis() == CurveChart.Emphasis.BEST).count());
      assertEquals(101, c.curves().get(0).x().length);
    }
  }

  @Test
  void tablesHoldEveryClassAndTheWorstImages() {
    Table perClass = (Table) report.blocks().get(2);
    assertEquals(SyntheticDetection.CLASSES, perClass.rows().size());
    assertEquals("-", perClass.rows().get(SyntheticDetection.CLASSES - 1).get(2), "no GT: AP undefined, listed last");
    assertTrue(perClass.note().contains("/data/eval/per_class (run_id=synthetic, iou_type=bbox)"), perClass.note());
    Table worst = (Table) report.blocks().get(3);
    assertEquals(DetectionHtmlReport.WORST_IMAGES, worst.rows().size());
    List<String> first = worst.rows().get(0);
    int errors = Integer.parseInt(first.get(6)) + Integer.parseInt(first.get(7));
    List<String> last = worst.rows().get(worst.rows().size() - 1);
    assertTrue(errors >= Integer.parseInt(last.get(6)) + Integer.parseInt(last.get(7)));
  }

  @Test
  void aRunWithoutAnyGroundTruthStillRenders() {
    var gt = new dev.overlap.core.coco.CocoGroundTruth(List.of(new dev.overlap.core.coco.Image(1, "a.jpg", 10, 10)),
        List.of(new dev.overlap.core.coco.Category(1, "cat", null), new dev.overlap.core.coco.Category(2, "dog", null)),
        List.of());
    var dts = List.of(new dev.overlap.core.coco.Detection(1, 1, new double[] {0, 0, 5, 5}, 0.9, null, 0));
    var cfg = DetectionConfig.parse(dev.overlap.jobs.cli.Args.parse(new String[] {"--gt", "g", "--pred", "p", "--out",
        "o", "--run-id", "empty"}, DetectionConfig.OPTIONS, DetectionConfig.FLAGS));
    var ev = dev.overlap.core.coco.CocoEvaluator.evaluate(gt, dts, cfg.params());
    var r = new DetectionJob.DetectionResult(cfg, ev.categoryIds(), new String[] {"cat", "dog"}, ev.summary(),
        ev.numGt(), ev.numPred(), new DetectionJob.Counts(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1), null, null, null, 1, 1, null);
    Report rep = DetectionHtmlReport.build(r, new DetectionHtmlReport.ImageErrors(1, 0, 1, 0, List.of()));
    BarChart bars = (BarChart) rep.blocks().get(0);
    assertTrue(bars.bars().isEmpty() && bars.markers().isEmpty());
    assertTrue(bars.caption().contains("2 classes without ground truth"), bars.caption());
    assertEquals("-", rep.cards().get(0).value(), "AP undefined, not 0");
    String page = HtmlReport.render(rep);
    assertEquals(0, page.split("<polyline", -1).length - 1);
    assertTrue(page.contains("<td class=\"text\">dog</td><td class=\"num\">-</td>"), "undefined shown as -");
  }

  @Test
  void hundredsOfClassesStayReadable() {
    assertTrue(html.contains("<div class=\"scroll\" style=\"max-width:"), "bars scroll in a fixed-height box");
    assertTrue(html.contains(".scroll{max-height:560px;overflow:auto"), "tables and bars scroll");
    String longName = SyntheticDetection.LONG_NAME + 37;
    assertTrue(html.contains(">" + longName.substring(0, 29) + "…</text>"), "long names cut in the chart");
    assertTrue(html.contains("<title>" + longName + " (id 37): AP"), "full name in the tooltip");
    assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
    assertFalse(html.contains("<b>bold</b>"));
    assertTrue(html.contains("red\\u001b[31m"), "control characters shown, not emitted");
    assertFalse(html.contains("\u001b"));
  }
}
