package dev.overlap.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids scripts and every network fetch, so the file reads the same
 * from a laptop, an artifact store or an e-mail. All text from the model is escaped here.
 *
 * <p>Elements carry stable class names that tests look for: {@code svg.barchart rect.bar},
 * {@code line.marker}, {@code svg.curves polyline.curve}, {@code svg.heatmap rect.cell},
 * {@code table.data tbody tr}, {@code div.card}, {@code div.outcome.passed} / {@code div.outcome.failed}.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Class names longer than this are cut in charts (the full name stays in the tooltip). */
  static final int LABEL_CHARS = 30;

  static final String[] WORST_COLOURS = {"#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};
  static final String[] BEST_COLOURS = {"#1f77b4", "#2ca02c", "#17becf", "#393b79", "#637939"};

  private static final String CSS = String.join("\n",
      ":root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--card:#f6f8fb;--accent:#3b73d9;--low:#e0662f}",
      "*{box-sizing:border-box}",
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:var(--fg);"
          + "background:#fff;margin:0}",
      "main{max-width:1200px;margin:0 auto;padding:20px 24px 36px}",
      "h1{font-size:22px;margin:0 0 2px}h2{font-size:17px;margin:0 0 2px}h3{font-size:15px;margin:0 0 2px}",
      ".sub{color:var(--muted);margin:0 0 16px;overflow-wrap:anywhere}",
      ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:0 0 8px}",
      ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:9px 12px;min-width:0}",
      ".card.headline{border-color:var(--accent);box-shadow:inset 4px 0 0 var(--accent)}",
      ".card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}",
      ".card .value{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums;overflow:hidden;"
          + "text-overflow:ellipsis;white-space:nowrap}",
      ".card .value.long{font-size:18px;line-height:36px}",
      ".card .detail{font-size:12px;color:var(--muted);overflow-wrap:anywhere}",
      "section{margin:26px 0 0}",
      ".caption{color:var(--muted);margin:0 0 8px;max-width:960px}",
      ".scroll{max-height:560px;overflow:auto;border:1px solid var(--line);border-radius:6px;max-width:100%}",
      ".group{display:flex;flex-wrap:wrap;gap:20px 28px}.group>div{min-width:0}",
      "table.data{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px;width:100%}",
      "table.data th,table.data td{padding:3px 9px;border-bottom:1px solid #edf0f4;text-align:left;white-space:nowrap}",
      "table.data th{position:sticky;top:0;background:#eef2f8;font-weight:600;cursor:help}",
      "table.data .num{text-align:right}",
      "table.data td.text{max-width:320px;overflow:hidden;text-overflow:ellipsis}",
      "table.data tbody tr:hover{background:#f5f8fd}",
      ".note{color:var(--muted);font-size:12px;margin:6px 0 0}",
      "svg text{font-family:inherit}",
      ".lbl{font-size:12px;fill:var(--fg)}.val{font-size:11px;fill:var(--muted)}.undef{font-size:11px;fill:#9aa3b2}",
      ".tick{font-size:11px;fill:var(--muted)}.axislabel{font-size:12px;fill:var(--muted)}",
      ".bar{fill:var(--accent)}.bar.low{fill:var(--low)}.err{stroke:var(--fg);stroke-width:1.2;fill:none}",
      ".grid{stroke:#e8ebf0;stroke-width:1}.axis{stroke:#8a93a3;stroke-width:1}",
      ".marker{stroke:#1d2330;stroke-width:1.6}.marker.secondary{stroke:#6b7280;stroke-dasharray:5 3}",
      ".markerlabel{font-size:12px;fill:var(--fg);font-weight:600}.markerlabel.secondary{fill:#4b5563;font-weight:400}",
      ".curve{fill:none;stroke-linejoin:round}.curve.faint{stroke:#8d97a8;stroke-opacity:.28;stroke-width:1}",
      ".curve.worst,.curve.best{stroke-width:2.2}",
      "ul.legend{list-style:none;padding:0;margin:4px 0 0;font-size:12px;max-width:420px}",
      "ul.legend li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
      ".sw{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:6px}",
      ".heat input{margin:0 2px 0 10px}.heat label{font-size:12px;color:var(--muted)}",
      ".heat .hm-log{display:none}.heat input.log:checked~.hm-log{display:block}"
          + ".heat input.log:checked~.hm-lin{display:none}",
      ".cell{stroke:none}",
      ".outcome{border:1px solid var(--line);border-left:5px solid;border-radius:6px;padding:8px 12px;margin:0 0 10px;"
          + "max-width:960px;overflow-wrap:anywhere}",
      ".outcome.passed{border-left-color:#2ca02c;background:#f3faf3}.outcome.failed{border-left-color:#d62728;"
          + "background:#fdf3f2}",
      ".outcome .status{font-size:16px;font-weight:600;margin:0}.outcome ul{margin:4px 0 0;padding-left:20px}",
      "footer{color:var(--muted);font-size:12px;margin-top:30px;border-top:1px solid var(--line);padding-top:8px;"
          + "overflow-wrap:anywhere}");

  /** The page for {@code r}. */
  public static String render(Report r) {
    StringBuilder b = new StringBuilder(1 << 16);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(r.title())).append("</title>\n<style>\n").append(CSS).append("\n</style>\n")
        .append("</head>\n<body>\n<main>\n<header>\n<h1>").append(esc(r.title())).append("</h1>\n<p class=\"sub\">")
        .append(esc(r.subtitle())).append("</p>\n</header>\n");
    if (!r.cards().isEmpty()) {
      b.append("<div class=\"cards\">\n");
      for (Card c : r.cards()) {
        b.append("<div class=\"card").append(c.headline() ? " headline" : "").append("\"><div class=\"label\">")
            .append(esc(c.label())).append("</div><div class=\"value").append(c.value().length() > 11 ? " long" : "")
            .append("\" title=\"").append(esc(c.value())).append("\">")
            .append(esc(c.value())).append("</div><div class=\"detail\">").append(esc(c.detail()))
            .append("</div></div>\n");
      }
      b.append("</div>\n");
    }
    int[] ids = {0};
    for (Block block : r.blocks()) {
      b.append("<section>\n");
      heading(b, block, "h2");
      body(b, block, ids);
      b.append("</section>\n");
    }
    b.append("<footer>").append(esc(r.footer())).append("</footer>\n</main>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void heading(StringBuilder b, Block block, String tag) {
    if (!empty(block.title())) b.append('<').append(tag).append('>').append(esc(block.title())).append("</").append(tag).append(">\n");
    if (!empty(block.caption())) b.append("<p class=\"caption\">").append(esc(block.caption())).append("</p>\n");
  }

  private static void body(StringBuilder b, Block block, int[] ids) {
    if (block instanceof BarChart c) bars(b, c);
    else if (block instanceof CurveChart c) curves(b, c);
    else if (block instanceof HeatMap h) heatMap(b, h, ++ids[0]);
    else if (block instanceof Table t) table(b, t);
    else if (block instanceof StackedBars s) stacked(b, s);
    else if (block instanceof Outcome o) outcome(b, o);
    else if (block instanceof Group g) {
      b.append("<div class=\"group\">\n");
      for (Block inner : g.blocks()) {
        b.append("<div>\n");
        heading(b, inner, "h3");
        body(b, inner, ids);
        b.append("</div>\n");
      }
      b.append("</div>\n");
    }
  }

  // ---- bar chart: axis and marker labels in a fixed header, the bars in a scrolling box below it

  static final int LABEL_W = 230, PLOT_W = 600, VALUE_W = 52, BAR_W = LABEL_W + PLOT_W + VALUE_W, ROW = 18;

  private static void bars(StringBuilder b, BarChart c) {
    double max = c.max();
    int m = c.markers().size();
    int headH = 8 + 16 * m + 22;
    b.append("<svg class=\"barchart-axis\" width=\"").append(BAR_W).append("\" height=\"").append(headH)
        .append("\" role=\"img\" aria-label=\"").append(esc(c.valueLabel())).append(" axis\">\n");
    b.append("<text class=\"axislabel\" x=\"").append(LABEL_W - 24).append("\" y=\"").append(headH - 8)
        .append("\" text-anchor=\"end\">").append(esc(c.valueLabel())).append("</text>\n");
    for (int i = 0; i <= 4; i++) {
      double x = LABEL_W + PLOT_W * i / 4.0;
      b.append("<text class=\"tick\" x=\"").append(num(x)).append("\" y=\"").append(headH - 8)
          .append("\" text-anchor=\"middle\">").append(tick(max * i / 4)).append("</text>\n");
    }
    for (int j = 0; j < m; j++) {
      BarChart.Marker mk = c.markers().get(j);
      double x = xOf(mk.value(), max);
      int y = 8 + 16 * j + 11;
      // the headline's label to the right; others away from it, unless that runs off the plot
      boolean right = j == 0 ? x < LABEL_W + PLOT_W * 0.62 : mk.value() >= c.markers().get(0).value();
      if (j > 0 && !right && x < LABEL_W + 120) right = true;
      if (j > 0 && right && x > LABEL_W + PLOT_W * 0.75) right = false;
      String cls = mk.headline() ? "" : " secondary";
      b.append("<line class=\"marker").append(cls).append("\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x))
          .append("\" y1=\"").append(y - 10).append("\" y2=\"").append(headH).append("\"/>\n");
      b.append("<text class=\"markerlabel").append(cls).append("\" x=\"").append(num(right ? x + 5 : x - 5))
          .append("\" y=\"").append(y).append("\" text-anchor=\"").append(right ? "start" : "end").append("\">")
          .append(esc(mk.label())).append("</text>\n");
    }
    b.append("</svg>\n");

    int n = c.bars().size();
    int h = n * ROW + 6;
    b.append("<div class=\"scroll\" style=\"max-width:").append(BAR_W + 20).append("px\">\n");
    b.append("<svg class=\"barchart\" width=\"").append(BAR_W).append("\" height=\"").append(h).append("\" role=\"img\" ")
        .append("aria-label=\"").append(esc(c.title())).append("\">\n");
    for (int i = 0; i <= 4; i++) {
      String x = num(LABEL_W + PLOT_W * i / 4.0);
      b.append("<line class=\"").append(i == 0 ? "axis" : "grid").append("\" x1=\"").append(x).append("\" x2=\"")
          .append(x).append("\" y1=\"0\" y2=\"").append(h).append("\"/>\n");
    }
    double low = m > 0 ? c.markers().get(0).value() : Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      BarChart.Bar bar = c.bars().get(i);
      int top = 3 + i * ROW;
      b.append("<g><title>").append(esc(bar.detail() == null ? bar.label() : bar.detail())).append("</title>");
      b.append("<text class=\"lbl\" x=\"").append(LABEL_W - 8).append("\" y=\"").append(top + 13)
          .append("\" text-anchor=\"end\">").append(esc(clip(bar.label(), LABEL_CHARS))).append("</text>");
      if (Double.isNaN(bar.value())) {
        b.append("<text class=\"undef\" x=\"").append(LABEL_W + 4).append("\" y=\"").append(top + 13)
            .append("\">- undefined</text>");
      } else {
        double w = Math.max(0, xOf(bar.value(), max) - LABEL_W);
        b.append("<rect class=\"bar").append(bar.value() < low ? " low" : "").append("\" x=\"").append(LABEL_W)
            .append("\" y=\"").append(top + 2).append("\" width=\"").append(num(w)).append("\" height=\"13\"/>");
        double textX = LABEL_W + w + 4;
        if (!Double.isNaN(bar.lo()) && !Double.isNaN(bar.hi())) {
          // the interval as an error bar across the bar's middle, with end ticks; the value text moves past it
          String x1 = num(xOf(bar.lo(), max));
          String x2 = num(xOf(bar.hi(), max));
          int mid = top + 8;
          b.append("<path class=\"err\" d=\"M").append(x1).append(' ').append(mid).append('H').append(x2)
              .append("M").append(x1).append(' ').append(mid - 4).append('v').append(8)
              .append("M").append(x2).append(' ').append(mid - 4).append('v').append(8).append("\"/>");
          textX = Math.max(textX, xOf(bar.hi(), max) + 4);
        }
        b.append("<text class=\"val\" x=\"").append(num(textX)).append("\" y=\"").append(top + 13).append("\">")
            .append(fixed3(bar.value())).append("</text>");
      }
      b.append("</g>\n");
    }
    for (BarChart.Marker mk : c.markers()) {
      String x = num(xOf(mk.value(), max));
      b.append("<line class=\"marker").append(mk.headline() ? "" : " secondary").append("\" x1=\"").append(x)
          .append("\" x2=\"").append(x).append("\" y1=\"0\" y2=\"").append(h).append("\"/>\n");
    }
    b.append("</svg>\n</div>\n");
  }

  // ---- stacked bars: a legend, then one row per bar on a shared count axis

  private static void stacked(StringBuilder b, StackedBars s) {
    long max = 1;
    for (StackedBars.Bar bar : s.bars()) {
      long t = 0;
      for (long v : bar.values()) t += v;
      max = Math.max(max, t);
    }
    b.append("<p class=\"caption\">");
    for (int j = 0; j < s.parts().size(); j++) {
      b.append("<span style=\"display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;background:")
          .append(esc(s.colors().get(j))).append("\"></span>").append(esc(s.parts().get(j)));
    }
    b.append("</p>\n");
    int n = s.bars().size();
    int h = n * ROW + 6;
    b.append("<div class=\"scroll\" style=\"max-width:").append(BAR_W + 20).append("px\">\n");
    b.append("<svg class=\"barchart\" width=\"").append(BAR_W).append("\" height=\"").append(h).append("\" role=\"img\" ")
        .append("aria-label=\"").append(esc(s.title())).append("\">\n");
    for (int i = 0; i < n; i++) {
      StackedBars.Bar bar = s.bars().get(i);
      int top = 3 + i * ROW;
      b.append("<g><title>").append(esc(bar.detail() == null ? bar.label() : bar.detail())).append("</title>");
      b.append("<text class=\"lbl\" x=\"").append(LABEL_W - 8).append("\" y=\"").append(top + 13)
          .append("\" text-anchor=\"end\">").append(esc(clip(bar.label(), LABEL_CHARS))).append("</text>");
      double x = LABEL_W;
      long total = 0;
      for (int j = 0; j < bar.values().length; j++) {
        long v = bar.values()[j];
        total += v;
        if (v == 0) continue;
        double w = PLOT_W * (double) v / max;
        b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(top + 2).append("\" width=\"").append(num(w))
            .append("\" height=\"13\" style=\"fill:").append(esc(s.colors().get(j))).append("\"/>");
        x += w;
      }
      b.append("<text class=\"val\" x=\"").append(num(x + 4)).append("\" y=\"").append(top + 13).append("\">")
          .append(total).append("</text>");
      b.append("</g>\n");
    }
    b.append("</svg>\n</div>\n");
  }

  private static double xOf(double v, double max) {
    double f = Math.max(0, Math.min(1, v / max));
    return LABEL_W + PLOT_W * f;
  }

  // ---- curves on the unit square

  static final int CW = 430, CH = 330, CL = 48, CR = 14, CT = 12, CB = 44;

  private static void curves(StringBuilder b, CurveChart c) {
    int pw = CW - CL - CR, ph = CH - CT - CB;
    b.append("<svg class=\"curves\" width=\"").append(CW).append("\" height=\"").append(CH).append("\" role=\"img\" ")
        .append("aria-label=\"").append(esc(c.title())).append("\">\n");
    for (int i = 0; i <= 5; i++) {
      double gx = CL + pw * i / 5.0, gy = CT + ph * (1 - i / 5.0);
      b.append("<line class=\"grid\" x1=\"").append(num(gx)).append("\" x2=\"").append(num(gx)).append("\" y1=\"")
          .append(CT).append("\" y2=\"").append(CT + ph).append("\"/>");
      b.append("<line class=\"grid\" x1=\"").append(CL).append("\" x2=\"").append(CL + pw).append("\" y1=\"")
          .append(num(gy)).append("\" y2=\"").append(num(gy)).append("\"/>\n");
      b.append("<text class=\"tick\" x=\"").append(num(gx)).append("\" y=\"").append(CT + ph + 15)
          .append("\" text-anchor=\"middle\">").append(tick(i / 5.0)).append("</text>");
      b.append("<text class=\"tick\" x=\"").append(CL - 6).append("\" y=\"").append(num(gy + 4))
          .append("\" text-anchor=\"end\">").append(tick(i / 5.0)).append("</text>\n");
    }
    b.append("<line class=\"axis\" x1=\"").append(CL).append("\" x2=\"").append(CL).append("\" y1=\"").append(CT)
        .append("\" y2=\"").append(CT + ph).append("\"/><line class=\"axis\" x1=\"").append(CL).append("\" x2=\"")
        .append(CL + pw).append("\" y1=\"").append(CT + ph).append("\" y2=\"").append(CT + ph).append("\"/>\n");
    b.append("<text class=\"axislabel\" x=\"").append(CL + pw / 2).append("\" y=\"").append(CH - 8)
        .append("\" text-anchor=\"middle\">").append(esc(c.xLabel())).append("</text>\n");
    b.append("<text class=\"axislabel\" transform=\"translate(13,").append(CT + ph / 2).append(") rotate(-90)\" ")
        .append("text-anchor=\"middle\">").append(esc(c.yLabel())).append("</text>\n");

    List<String> legend = new ArrayList<>();
    int worst = 0, best = 0;
    // faint first, then best, then worst on top
    for (CurveChart.Emphasis pass : new CurveChart.Emphasis[] {CurveChart.Emphasis.FAINT, CurveChart.Emphasis.BEST,
        CurveChart.Emphasis.WORST}) {
      for (CurveChart.Curve cv : c.curves()) {
        if (cv.emphasis() != pass) continue;
        String colour = null;
        if (pass == CurveChart.Emphasis.WORST) colour = WORST_COLOURS[worst++ % WORST_COLOURS.length];
        if (pass == CurveChart.Emphasis.BEST) colour = BEST_COLOURS[best++ % BEST_COLOURS.length];
        b.append("<polyline class=\"curve ").append(pass.name().toLowerCase(Locale.ROOT)).append('"');
        if (colour != null) b.append(" stroke=\"").append(colour).append('"');
        b.append(" points=\"");
        for (int i = 0; i < cv.x().length; i++) {
          if (i > 0) b.append(' ');
          b.append(num(CL + pw * clamp01(cv.x()[i]))).append(',').append(num(CT + ph * (1 - clamp01(cv.y()[i]))));
        }
        b.append("\"><title>").append(esc(cv.label())).append(empty(cv.detail()) ? "" : " " + esc(cv.detail()))
            .append("</title></polyline>\n");
        if (colour != null) {
          legend.add("<li><span class=\"sw\" style=\"background:" + colour + "\"></span>"
              + (pass == CurveChart.Emphasis.WORST ? "worst: " : "best: ") + esc(clip(cv.label(), 40))
              + (empty(cv.detail()) ? "" : " (" + esc(cv.detail()) + ")") + "</li>");
        }
      }
    }
    b.append("</svg>\n");
    if (!legend.isEmpty()) {
      // worst first in the legend, as on the page everywhere else
      List<String> ordered = new ArrayList<>();
      for (String l : legend) if (l.contains("worst: ")) ordered.add(l);
      for (String l : legend) if (!l.contains("worst: ")) ordered.add(l);
      b.append("<ul class=\"legend\">").append(String.join("", ordered)).append("</ul>\n");
    }
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  // ---- heat map, row-normalised, linear and log colour scales behind a CSS switch

  private static void heatMap(StringBuilder b, HeatMap h, int id) {
    int n = h.labels().size();
    long[] rowSum = new long[n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rowSum[i] += h.counts()[i * n + j];
    int cell = Math.max(3, Math.min(24, 640 / Math.max(1, n)));
    boolean labels = cell >= 10;
    int left = labels ? 170 : 24, top = labels ? 120 : 24;
    int w = left + n * cell + 10, ht = top + n * cell + 10;
    String name = "hm" + id;
    b.append("<div class=\"heat\">\n<input type=\"radio\" class=\"lin\" name=\"").append(name).append("\" id=\"")
        .append(name).append("-lin\" checked><label for=\"").append(name).append("-lin\">linear</label>")
        .append("<input type=\"radio\" class=\"log\" name=\"").append(name).append("\" id=\"").append(name)
        .append("-log\"><label for=\"").append(name).append("-log\">log scale (shares from 0.01% to 100%)</label>\n");
    for (boolean log : new boolean[] {false, true}) {
      b.append("<div class=\"scroll ").append(log ? "hm-log" : "hm-lin").append("\">\n<svg class=\"heatmap")
          .append(log ? " log" : "").append("\" width=\"").append(w).append("\" height=\"").append(ht)
          .append("\" role=\"img\" aria-label=\"").append(esc(h.title())).append("\">\n");
      b.append("<text class=\"axislabel\" x=\"").append(left).append("\" y=\"14\">").append(esc(h.colAxis()))
          .append(" →</text>\n");
      b.append("<text class=\"axislabel\" transform=\"translate(13,").append(top + 4).append(") rotate(90)\">")
          .append(esc(h.rowAxis())).append(" →</text>\n");
      if (labels) {
        for (int i = 0; i < n; i++) {
          String l = esc(clip(h.labels().get(i), 22));
          b.append("<text class=\"tick\" x=\"").append(left - 4).append("\" y=\"").append(top + i * cell + cell / 2 + 4)
              .append("\" text-anchor=\"end\">").append(l).append("</text>");
          int cx = left + i * cell + cell / 2;
          b.append("<text class=\"tick\" transform=\"translate(").append(cx + 3).append(',').append(top - 4)
              .append(") rotate(-60)\">").append(l).append("</text>\n");
        }
      }
      b.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(n * cell)
          .append("\" height=\"").append(n * cell).append("\" fill=\"none\" stroke=\"#d9dee7\"/>\n");
      for (int i = 0; i < n; i++) {
        if (rowSum[i] == 0) continue;
        for (int j = 0; j < n; j++) {
          long v = h.counts()[i * n + j];
          if (v == 0) continue;
          double f = (double) v / rowSum[i];
          double t = log ? Math.max(0, (Math.log10(f) + 4) / 4) : f;
          b.append("<rect class=\"cell\" x=\"").append(left + j * cell).append("\" y=\"").append(top + i * cell)
              .append("\" width=\"").append(cell).append("\" height=\"").append(cell).append("\" fill=\"")
              .append(blues(t)).append("\"><title>").append(esc(h.labels().get(i))).append(" → ")
              .append(esc(h.labels().get(j))).append(": ").append(v).append(" (")
              .append(String.format(Locale.ROOT, "%.2f", 100 * f)).append("% of row)</title></rect>\n");
        }
      }
      b.append("</svg>\n</div>\n");
    }
    b.append("</div>\n");
  }

  /** A sequential white-to-navy scale for t in [0, 1]. */
  static String blues(double t) {
    double[][] stops = {{247, 251, 255}, {107, 174, 214}, {8, 48, 107}};
    t = clamp01(t);
    int s = t < 0.5 ? 0 : 1;
    double u = t < 0.5 ? t / 0.5 : (t - 0.5) / 0.5;
    int r = (int) Math.round(stops[s][0] + (stops[s + 1][0] - stops[s][0]) * u);
    int g = (int) Math.round(stops[s][1] + (stops[s + 1][1] - stops[s][1]) * u);
    int bl = (int) Math.round(stops[s][2] + (stops[s + 1][2] - stops[s][2]) * u);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
  }

  // ---- pass/fail outcome

  private static void outcome(StringBuilder b, Outcome o) {
    b.append("<div class=\"outcome ").append(o.passed() ? "passed" : "failed").append("\">\n<p class=\"status\">")
        .append(esc(o.status())).append("</p>\n");
    if (!o.lines().isEmpty()) {
      b.append("<ul>\n");
      for (String l : o.lines()) b.append("<li>").append(esc(l)).append("</li>\n");
      b.append("</ul>\n");
    }
    b.append("</div>\n");
    if (o.checks() != null) table(b, o.checks());
  }

  // ---- tables

  private static void table(StringBuilder b, Table t) {
    b.append("<div class=\"scroll\">\n<table class=\"data\">\n<thead><tr>");
    for (Table.Column c : t.columns()) {
      b.append("<th").append(c.numeric() ? " class=\"num\"" : "");
      if (!empty(c.help())) b.append(" title=\"").append(esc(c.help())).append('"');
      b.append('>').append(esc(c.name())).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      b.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String v = row.get(i) == null ? "" : row.get(i);
        if (t.columns().get(i).numeric()) {
          b.append("<td class=\"num\">").append(esc(v)).append("</td>");
        } else {
          b.append("<td class=\"text\"").append(v.length() > 40 ? " title=\"" + esc(v) + "\"" : "").append('>')
              .append(esc(v)).append("</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n</div>\n");
    if (!empty(t.note())) b.append("<p class=\"note\">").append(esc(t.note())).append("</p>\n");
  }

  // ---- text and numbers

  /**
   * Escapes text for HTML element content and quoted attribute values. Control characters, which
   * HTML cannot carry, are shown as {@code \\uXXXX}.
   */
  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
            ? String.format("\\u%04x", (int) c) : null;
      };
      if (rep != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
      if (b != null) {
        if (rep != null) b.append(rep);
        else b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** Cuts {@code s} to {@code max} code points, marking the cut with an ellipsis. */
  static String clip(String s, int max) {
    if (s == null) return "";
    if (s.codePointCount(0, s.length()) <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** SVG coordinates to one decimal, without String.format (charts have 10^5 points). */
  static String num(double v) {
    long t = Math.round(v * 10);
    StringBuilder b = new StringBuilder(8);
    if (t < 0) {
      b.append('-');
      t = -t;
    }
    b.append(t / 10);
    if (t % 10 != 0) b.append('.').append(t % 10);
    return b.toString();
  }

  private static String tick(double v) {
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }

  private static String fixed3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
