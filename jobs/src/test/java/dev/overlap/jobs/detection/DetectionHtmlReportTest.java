package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.Chromium;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection run's report.html: written where the README says, self-contained, input text
 * escaped, and drawn by a real browser (headless Chromium). One evaluation (coco-small, with a
 * hostile class name and file names) serves every test.
 *
 * <p>With {@code -Doverlap.docs.screenshot=PATH} the browser test also copies its screenshot there
 * ({@code scripts/docs-screenshot} refreshes {@code docs/report-detection.png} this way).
 */
class DetectionHtmlReportTest {
  static final String SMALL = "reference/coco-small/";
  /** Replaces class_41 (the worst class of coco-small: AP 0) so that it shows in cards, bars, curves and tables. */
  static final String HOSTILE_NAME = "<script>alert(1)</script> & \"q\" <b>41</b>";
  static final int CLASSES = 80, WITH_GT = 68, IMAGES = 200;

  @TempDir static Path tmp;
  static Path out;
  static CliRun run;
  static String html;

  @BeforeAll
  static void evaluate() throws IOException {
    String gtText = Files.readString(Path.of(TestData.path(SMALL + "instances_gt.json")), StandardCharsets.UTF_8);
    String hostile = gtText.replace("\"name\":\"class_41\"",
        "\"name\":\"" + HOSTILE_NAME.replace("\"", "\\\"") + "\"").replace("\"file_name\":\"", "\"file_name\":\"<i>x</i>&");
    assertTrue(hostile.contains("<b>41</b>") && hostile.contains("<i>x</i>&0000"), "fixture edited");
    Path gt = tmp.resolve("gt.json");
    Files.writeString(gt, hostile, StandardCharsets.UTF_8);
    out = tmp.resolve("eval");
    run = CliRun.of("detection", "--gt", gt.toString(), "--pred", TestData.path(SMALL + "detections.json"), "--out",
        out.toString(), "--run-id", "r1", "--partitions", "2");
    assertEquals(Main.OK, run.exitCode, run.toString());
    html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
  }

  @Test
  void latestReportAndTheRunsCopyAreWritten() throws IOException {
    Path runCopy = out.resolve("reports/r1/detection-bbox.html");
    assertEquals(html, Files.readString(runCopy, StandardCharsets.UTF_8));
    assertTrue(run.out.contains("Report: " + out.resolve("report.html") + " (this run: " + runCopy + ")"), run.out);
  }

  @Test
  void pageIsSelfContainedAndEscapesInputText() {
    assertFalse(Pattern.compile("<script|<link|<img|<iframe|\\bsrc=|https?://", Pattern.CASE_INSENSITIVE)
        .matcher(html).find(), "no script, no external resource");
    assertTrue(html.contains("default-src 'none'"), "CSP forbids scripts and fetches");
    assertFalse(html.contains("<b>41</b>"), "class name not interpreted as markup");
    assertFalse(html.contains("<i>x</i>"), "file name not interpreted as markup");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &lt;b&gt;41&lt;/b&gt;"));
    assertTrue(html.contains("&lt;i&gt;x&lt;/i&gt;&amp;0000"));
  }

  @Test
  void pageHasEveryPart() {
    assertEquals(7, count(html, "<div class=\"card\">"), "cards");
    assertEquals(1, count(html, "<div class=\"card headline\">"), "one headline card");
    assertTrue(html.contains("<div class=\"card headline\"><div class=\"label\">AP</div><div class=\"value\" "
        + "title=\"0.300\">0.300</div>"), "headline card");
    assertEquals(WITH_GT, count(html, "<rect class=\"bar"), "one bar per class with ground truth");
    assertEquals(2 * 2, count(html, "<line class=\"marker"), "mean and median, in the axis and across the bars");
    assertEquals(2 * WITH_GT, count(html, "<polyline class=\"curve"), "curves at IoU 0.50 and 0.75");
    assertEquals(2 * 3, count(html, "<polyline class=\"curve worst\""));
    assertEquals(2 * 3, count(html, "<polyline class=\"curve best\""));
    // tables: per class (80), localization of true positives per class (80), worst images (50), COCO summary (12)
    assertEquals(CLASSES + CLASSES + DetectionHtmlReport.WORST_IMAGES + 12, count(html, "<tr><td"));
    // the worst bar is class_41's, AP 0: first in the chart
    int bars = html.indexOf("<svg class=\"barchart\"");
    assertTrue(html.indexOf("&lt;script&gt;alert(1", bars) < html.indexOf("class_", bars), "worst class first");
  }

  @Test
  void rendersInHeadlessChromium() throws IOException {
    Chromium chromium = Chromium.find(tmp);
    if (chromium == null) {
      String why = "SKIPPED report rendering check: no headless Chromium at " + Chromium.expected()
          + " (install the Debian package: apt-get install -y chromium; .ci/run does this when it can)";
      System.err.println(why);
      Assumptions.abort(why);
    }
    Path page = out.resolve("report.html");
    Path png = Path.of("target", "report-detection.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    long t0 = System.nanoTime();
    chromium.screenshot(page, png, 1280, 1800);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "report.html (%d KB) rendered and captured by Chromium in %.2f s: %s%n",
        Files.size(page) / 1024, seconds, png);

    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1280, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    long notWhite = 0;
    boolean accentBar = false, lowBar = false;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) notWhite++;
        if (rgb == 0x3b73d9) accentBar = true;
        if (rgb == 0xe0662f) lowBar = true;
      }
    }
    double share = (double) notWhite / ((long) img.getWidth() * img.getHeight());
    assertTrue(colours.size() > 100, "distinct colours: " + colours.size());
    assertTrue(share > 0.05, "non-white share: " + share);
    assertTrue(accentBar, "a bar above the mean is drawn in the accent colour");
    assertTrue(lowBar, "a bar below the mean is drawn in the warning colour");

    String dom = chromium.dumpDom(page);
    assertEquals(WITH_GT, count(dom, "<rect class=\"bar"), "bars in the rendered DOM");
    assertEquals(2 * WITH_GT, count(dom, "<polyline class=\"curve"), "curves in the rendered DOM");
    // per-class table, localization table (one row per class), worst images, the twelve stats
    assertEquals(2 * CLASSES + DetectionHtmlReport.WORST_IMAGES + 12, count(dom, "<tr><td"), "table rows in the DOM");
    assertFalse(dom.contains("<b>41</b>"), "no element made from input text");
    assertFalse(Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(dom).find(), "no script element");

    String docs = System.getProperty("overlap.docs.screenshot");
    if (docs != null && !docs.isEmpty()) {
      Files.copy(png, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("copied the screenshot to " + Path.of(docs).toAbsolutePath());
    }
  }

  static int count(String s, String needle) {
    int n = 0;
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
    while (m.find()) n++;
    return n;
  }
}
