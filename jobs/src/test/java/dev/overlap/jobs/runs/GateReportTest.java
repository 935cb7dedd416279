package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.report.HtmlReport;
import dev.overlap.jobs.report.Outcome;
import dev.overlap.jobs.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's block of the report, without Spark: what it shows for a floor, a drop with and without a baseline,
 * and a paired drop, and that run ids and metric names reach the page escaped. The jobs' pages are checked where
 * their gates run (RunsAndGateTest, SignificanceGateTest, the segmentation and panoptic job tests).
 */
class GateReportTest {
  static final String HEADING = "<h2>" + GateReport.TITLE + "</h2>";

  /** The gate's section of a page, or null when it has none. */
  static String section(String html) {
    int at = html.indexOf(HEADING);
    return at < 0 ? null : html.substring(at, html.indexOf("</section>", at));
  }

  /** The gate's section of {@code out/report.html}, after checking that the run's own copy is the same page. */
  static String section(Path out, String runId) {
    String html = read(out.resolve("report.html"));
    assertEquals(html, read(out.resolve("reports/" + runId + "/detection-bbox.html")));
    return section(html);
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String render(Outcome o) {
    return HtmlReport.render(new Report("t", "s", List.of(), List.of(o), "f"));
  }

  static Map<String, Double> metrics(String name, double v) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(name, v);
    return m;
  }

  static Outcome block(Gate g, Gate.Baseline b, Map<String, Double> m, Map<String, double[]> replicates) {
    return GateReport.block(g, b, m, g.verdict(m, b, replicates));
  }

  @Test
  void runIdsAndMetricNamesAreEscaped() {
    String metric = "<b>AP</b>&";
    String runId = "<script>alert(1)</script>&r";
    Map<String, Gate.Threshold> t = Map.of(metric, new Gate.Threshold(0.5, "0.5"));
    Gate g = new Gate(t, t, Gate.PREVIOUS);
    String s = section(render(block(g, new Gate.Baseline(runId, metrics(metric, 0.9)), metrics(metric, 0.3), null)));
    assertFalse(s.contains("<script") || s.contains("<b>") || s.contains("&r") || s.contains("&<"), s);
    String id = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;r";
    String name = "&lt;b&gt;AP&lt;/b&gt;&amp;";
    assertTrue(s.contains("Baseline: run " + id + " (the latest earlier run that passed its gate)."), s);
    assertTrue(s.contains("<li>" + name + " 0.3000 is below 0.5</li>"), s);
    assertTrue(s.contains("<li>" + name + " dropped 0.6000 from 0.9000 (run " + id + ") to 0.3000, more than 0.5</li>"), s);
    assertTrue(s.contains("<td class=\"text\">" + name + "</td><td class=\"text\">--max-drop</td>"), s);
  }

  @Test
  void floorAndDropShowStatusThresholdsAndValues() {
    Gate g = GateTest.gate("--out", "o", "--fail-below", "AP=0.40", "--max-drop", "AP=0.01", "--baseline", "r0");
    String s = section(render(block(g, new Gate.Baseline("r0", GateTest.m(0.3965)), GateTest.m(0.38123), null)));
    assertTrue(s.contains("<div class=\"outcome failed\">\n<p class=\"status\">failed</p>"), s);
    assertTrue(s.contains("Baseline: run r0 (--baseline)."), s);
    assertTrue(s.contains("<li>AP 0.3812 is below 0.40</li>\n<li>AP dropped 0.0153 from 0.3965 (run r0) to 0.3812,"
        + " more than 0.01</li>"), s);
    assertTrue(s.contains("<tr><td class=\"text\">AP</td><td class=\"text\">--fail-below</td><td class=\"num\">0.40</td>"
        + "<td class=\"num\">0.3812</td><td class=\"num\"></td><td class=\"num\"></td></tr>"), s);
    assertTrue(s.contains("<tr><td class=\"text\">AP</td><td class=\"text\">--max-drop</td><td class=\"num\">0.01</td>"
        + "<td class=\"num\">0.3812</td><td class=\"num\">0.3965</td><td class=\"num\">-0.0153</td></tr>"), s);

    Gate drop = GateTest.gate("--out", "o", "--max-drop", "APl=0.01");
    String none = section(render(block(drop, null, GateTest.m(0.5), null)));
    assertTrue(none.contains("<p class=\"status\">passed</p>\n</div>"), "passed, nothing to list: " + none);
    assertTrue(none.contains("Baseline: none, no earlier run that passed its gate; --max-drop not checked."), none);
    assertTrue(none.contains("<td class=\"num\">-</td><td class=\"num\"></td><td class=\"num\"></td></tr>"),
        "APl undefined in this run, no baseline: " + none);
  }

  @Test
  void pairedDropsShowTheirChangeIntervalAndSignificance() {
    Gate g = new Gate(Map.of(), Map.of("AP", new Gate.Threshold(0.001, "0.001")), "a", 0.05, 4, 0);
    Gate.Baseline b = new Gate.Baseline("a", metrics("AP", 0.30), Map.of("AP", new double[] {0.30, 0.31, 0.29, 0.30}));
    Gate.Verdict v = g.verdict(metrics("AP", 0.20), b, Map.of("AP", new double[] {0.20, 0.22, 0.18, 0.19}));
    Gate.Paired p = v.paired().get("AP");
    String s = section(render(GateReport.block(g, b, metrics("AP", 0.20), v)));
    assertTrue(s.contains("paired 95% bootstrap interval of the change lies below 0."), s);
    assertTrue(s.contains("<th class=\"num\" title=\"paired 95% bootstrap interval of the change\">interval</th>"), s);
    assertTrue(s.contains("<td class=\"num\">" + GateReport.signed(p.delta()) + "</td><td class=\"num\">["
        + GateReport.signed(p.lo()) + ", " + GateReport.signed(p.hi()) + "]</td><td class=\"text\">yes</td></tr>"), s);
    assertEquals("-0.1000", GateReport.signed(p.delta()));
    assertTrue(p.significant());
  }

  @Test
  void aPageWithoutGateHasNoGateSection() {
    assertNull(section(HtmlReport.render(new Report("t", "s", List.of(), List.of(), "f"))));
  }
}
