package dev.overlap.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderer on its own: escaping, every block kind, and the heat map's arithmetic. */
class HtmlReportTest {
  static final String EVIL = "<img src=x onerror=alert(1)> & \"a\" 'b'";
  static final String EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;";

  static int count(String s, String needle) {
    int n = 0;
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
    while (m.find()) n++;
    return n;
  }

  static Report page(Block... blocks) {
    return new Report(EVIL, EVIL, List.of(new Card(EVIL, EVIL, EVIL, true)), List.of(blocks), EVIL);
  }

  @Test
  void escapesEveryModelString() {
    BarChart bars = new BarChart(EVIL, EVIL, EVIL, 1, List.of(new BarChart.Bar(EVIL, 0.5, EVIL)),
        List.of(new BarChart.Marker(EVIL, 0.5, true)));
    CurveChart curves = new CurveChart(EVIL, EVIL, EVIL, EVIL, List.of(new CurveChart.Curve(EVIL, EVIL,
        new double[] {0, 1}, new double[] {1, 0}, CurveChart.Emphasis.WORST)));
    HeatMap heat = new HeatMap(EVIL, EVIL, List.of(EVIL, "b"), new long[] {1, 2, 3, 4}, EVIL, EVIL);
    Table table = new Table(EVIL, EVIL, List.of(new Table.Column(EVIL, false, EVIL)), List.of(List.of(EVIL)), EVIL);
    String html = HtmlReport.render(page(bars, new Group(EVIL, EVIL, List.of(curves, heat)), table));
    assertFalse(html.contains("<img"), "no markup from the model");
    assertFalse(html.contains("'b'"), "quotes escaped");
    assertTrue(count(html, EVIL_ESCAPED) >= 20, "every string rendered escaped: " + count(html, EVIL_ESCAPED));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        + "style-src 'unsafe-inline'\">"));
    assertFalse(Pattern.compile("<script|https?://|\\bsrc=\"", Pattern.CASE_INSENSITIVE).matcher(html).find());
  }

  @Test
  void escHandlesControlCharactersAndNull() {
    assertEquals("", HtmlReport.esc(null));
    assertEquals("plain", HtmlReport.esc("plain"));
    assertEquals("a\\u001bb\\u0000c\\u0085", HtmlReport.esc("a\u001bb\u0000c\u0085"));
    assertEquals("tab\tnew\nline", HtmlReport.esc("tab\tnew\nline"));
  }

  @Test
  void clipCountsCodePoints() {
    assertEquals("short", HtmlReport.clip("short", 10));
    assertEquals("abcdefghi…", HtmlReport.clip("abcdefghijklmnop", 10));
    String faces = "😀😀😀😀😀😀";
    assertEquals("😀😀😀😀…", HtmlReport.clip(faces, 5), "no half surrogate pair");
  }

  @Test
  void numbersToOneDecimal() {
    assertEquals("12.3", HtmlReport.num(12.34));
    assertEquals("12.4", HtmlReport.num(12.35));
    assertEquals("5", HtmlReport.num(5.0));
    assertEquals("-1.2", HtmlReport.num(-1.25));
    assertEquals("0", HtmlReport.num(0.04));
  }

  @Test
  void barChartDrawsUndefinedAsADashAndColoursBarsBelowTheHeadline() {
    BarChart c = new BarChart("t", "c", "AP", 1, List.of(new BarChart.Bar("low", 0.1, null),
        new BarChart.Bar("high", 0.9, null), new BarChart.Bar("none", Double.NaN, null)),
        List.of(new BarChart.Marker("mean 0.5", 0.5, true), new BarChart.Marker("median 0.4", 0.4, false)));
    String html = HtmlReport.render(page(c));
    assertEquals(1, count(html, "<rect class=\"bar low\""));
    assertEquals(2, count(html, "<rect class=\"bar"));
    assertEquals(1, count(html, "- undefined"));
    // width of a bar = value / max * plot width
    assertTrue(html.contains("<rect class=\"bar\" x=\"" + HtmlReport.LABEL_W + "\" y=\"23\" width=\""
        + HtmlReport.num(0.9 * HtmlReport.PLOT_W) + "\""), html);
    assertEquals(2, count(html, "<line class=\"marker secondary\""));
    assertEquals(2, count(html, "<line class=\"marker\""));
    assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "c", "AP", 0, List.of(), List.of()));
  }

  @Test
  void curvesDrawFaintThenBestThenWorstWithALegendWorstFirst() {
    double[] x = {0, 0.5, 1};
    List<CurveChart.Curve> cs = new ArrayList<>();
    cs.add(new CurveChart.Curve("w", "AP 0.1", x, new double[] {0.2, 0.1, 0}, CurveChart.Emphasis.WORST));
    cs.add(new CurveChart.Curve("f", "", x, new double[] {0.5, 0.5, 0}, CurveChart.Emphasis.FAINT));
    cs.add(new CurveChart.Curve("b", "AP 0.9", x, new double[] {1, 1, 0.8}, CurveChart.Emphasis.BEST));
    String html = HtmlReport.render(page(new CurveChart("t", "c", "recall", "precision", cs)));
    int faint = html.indexOf("<polyline class=\"curve faint\"");
    int best = html.indexOf("<polyline class=\"curve best\" stroke=\"" + HtmlReport.BEST_COLOURS[0] + "\"");
    int worst = html.indexOf("<polyline class=\"curve worst\" stroke=\"" + HtmlReport.WORST_COLOURS[0] + "\"");
    assertTrue(faint > 0 && faint < best && best < worst, "drawing order");
    // (0, 0.2) -> left edge, 80 % down the plot; y grows downwards
    int plotH = HtmlReport.CH - HtmlReport.CT - HtmlReport.CB;
    assertTrue(html.contains("points=\"" + HtmlReport.CL + "," + HtmlReport.num(HtmlReport.CT + plotH * 0.8) + " "), html);
    assertTrue(html.indexOf("worst: w (AP 0.1)") < html.indexOf("best: b (AP 0.9)"));
    assertThrows(IllegalArgumentException.class,
        () -> new CurveChart.Curve("x", "", new double[2], new double[3], CurveChart.Emphasis.FAINT));
  }

  @Test
  void heatMapIsRowNormalisedWithLinearAndLogScales() {
    // row 0: 1 of 10000 off the diagonal; row 1: empty; row 2: half and half
    long[] counts = {9999, 0, 1, 0, 0, 0, 5, 0, 5};
    HeatMap h = new HeatMap("confusion", "c", List.of("road", "<empty>", "car"), counts, "ground truth", "prediction");
    String html = HtmlReport.render(page(h));
    assertEquals(2, count(html, "<svg class=\"heatmap"), "linear and log variants");
    assertEquals(2 * 4, count(html, "<rect class=\"cell\""), "zero cells and empty rows are blank");
    assertTrue(html.contains("<title>road → car: 1 (0.01% of row)</title>"));
    assertTrue(html.contains("<title>car → road: 5 (50.00% of row)</title>"));
    assertTrue(html.contains("&lt;empty&gt;"));
    // linear: share 0.9999 is nearly the darkest; log: share 1e-4 is the floor (lightest)
    assertTrue(html.contains("fill=\"" + HtmlReport.blues(0.9999) + "\"><title>road → road"));
    assertTrue(html.contains("fill=\"" + HtmlReport.blues(0) + "\"><title>road → car"));
    assertTrue(html.contains("input type=\"radio\" class=\"log\""), "a CSS switch, no script");
    assertEquals("#f7fbff", HtmlReport.blues(0));
    assertEquals("#6baed6", HtmlReport.blues(0.5));
    assertEquals("#08306b", HtmlReport.blues(1));
    assertThrows(IllegalArgumentException.class, () -> new HeatMap("t", "c", List.of("a"), new long[2], "r", "c"));
  }

  @Test
  void largeHeatMapsDropLabelsAndShrinkCells() {
    int n = 150;
    List<String> labels = new ArrayList<>();
    long[] counts = new long[n * n];
    for (int i = 0; i < n; i++) {
      labels.add("class_" + i);
      counts[i * n + i] = 10;
    }
    String html = HtmlReport.render(page(new HeatMap("t", "c", labels, counts, "gt", "pred")));
    assertFalse(html.contains(">class_3<"), "no axis labels at 4 px cells");
    assertTrue(html.contains("<rect class=\"cell\" x=\"24\" y=\"24\" width=\"4\" height=\"4\""), "4 px cells");
    assertTrue(html.contains("<title>class_149 → class_149: 10 (100.00% of row)</title>"));
  }

  @Test
  void tablesAndGroups() {
    Table t = new Table("t", "c", List.of(new Table.Column("n", true, "help"), new Table.Column("s", false, null)),
        List.of(List.of("1", "x".repeat(50)), List.of("2", "y")), "note");
    String html = HtmlReport.render(page(new Group("g", "gc", List.of(t))));
    assertEquals(2, count(html, "<tr><td class=\"num\">"));
    assertTrue(html.contains("<th class=\"num\" title=\"help\">n</th><th>s</th>"));
    assertTrue(html.contains("<td class=\"text\" title=\"" + "x".repeat(50) + "\">"), "long cells keep a tooltip");
    assertTrue(html.contains("<div class=\"group\">\n<div>\n<h3>t</h3>"), "grouped blocks get h3 titles");
    assertThrows(IllegalArgumentException.class,
        () -> new Table("t", "c", List.of(new Table.Column("a", false, null)), List.of(List.of("1", "2")), null));
  }

  @Test
  void outcomeShowsItsStatusLinesAndChecksFirst() {
    Table checks = new Table("", "", List.of(new Table.Column(EVIL, false, EVIL)), List.of(List.of(EVIL)), null);
    Outcome failed = new Outcome(EVIL, EVIL, false, EVIL, List.of(EVIL, "second"), checks);
    BarChart bars = new BarChart("bars", "", "AP", 1, List.of(), List.of());
    String html = HtmlReport.render(page(bars).withFirst(failed));
    assertTrue(html.indexOf("<div class=\"outcome failed\">") < html.indexOf("<svg class=\"barchart\""),
        "above the job's own blocks");
    assertTrue(html.contains("<p class=\"status\">" + EVIL_ESCAPED + "</p>\n<ul>\n<li>" + EVIL_ESCAPED
        + "</li>\n<li>second</li>\n</ul>"), html);
    assertEquals(7, count(html, EVIL_ESCAPED) - count(HtmlReport.render(page(bars)), EVIL_ESCAPED),
        "title, caption, status, line, column and its help, cell: all escaped");
    assertFalse(html.contains("<img"));
    String passed = HtmlReport.render(page(new Outcome("t", "", true, "passed", List.of(), null)));
    assertTrue(passed.contains("<div class=\"outcome passed\">\n<p class=\"status\">passed</p>\n</div>\n</section>"),
        "no lines, no table");
  }
}
