package dev.overlap.jobs.segmentation;

import dev.overlap.core.testing.TestJson;

import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overlap segmentation} on the reference set semseg-small, through the command line: every
 * number against the numpy reference (confusion matrix exact, metrics within 1e-12, nulls where the
 * reference has null), the tables read back with Spark, and the console view.
 */
class SegmentationCliTest {
  static final int K = SemsegSmall.K;

  @TempDir static Path tmp;
  static Path out;
  static CliRun run;

  @BeforeAll
  static void evaluate() throws IOException {
    // Cityscapes names, one with a terminal escape sequence: names are data and must be escaped.
    List<String> names = Files.readAllLines(Path.of("../conf/classes/cityscapes.csv"), StandardCharsets.UTF_8);
    StringBuilder json = new StringBuilder("{");
    for (String line : names) {
      if (line.startsWith("#") || line.startsWith("id,")) continue;
      String[] f = line.split(",", 2);
      String name = f[0].equals("3") ? "wall\\u001b[31m" : f[1];
      json.append(json.length() > 1 ? ", " : "").append('"').append(f[0]).append("\": \"").append(name).append('"');
    }
    Path classes = tmp.resolve("classes.json");
    Files.writeString(classes, json.append('}').toString(), StandardCharsets.UTF_8);
    out = tmp.resolve("eval");
    run = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--classes", classes.toString(), "--ignore-label", "255", "--exclude-from-headline", "0", "--out",
        out.toString(), "--run-id", "r1", "--partitions", "3", "--top", "18");
    assertEquals(Main.OK, run.exitCode, run.toString());
  }

  /** Mean of the reference's defined IoUs over classes 1..18: the signal-class mIoU without background. */
  static double signalMiou() {
    Double[] iou = SemsegSmall.perClass("iou");
    double s = 0;
    int n = 0;
    for (int c = 1; c < K; c++) {
      if (iou[c] == null) continue;
      s += iou[c];
      n++;
    }
    return s / n;
  }

  /** Precision is not in the reference file: tp / pred from its counts, null where nothing was predicted. */
  static Double precision(int c) {
    double pred = SemsegSmall.perClass("pred_pixels")[c];
    return pred == 0 ? null : SemsegSmall.perClass("tp")[c] / pred;
  }

  static void assertNullable(Double want, Object got, String what) {
    if (want == null) assertNull(got, what + " must be null");
    else assertEquals(want, (Double) got, SemsegSmall.TOL, what);
  }

  /** The HTML report: both means on the IoU chart, the confusion heat map, names escaped. */
  @Test
  void reportShowsTheHeadlineBesideWhatItAveragesAndTheConfusionMatrix() throws IOException {
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertEquals(html, Files.readString(out.resolve("reports/r1/segmentation.html"), StandardCharsets.UTF_8));
    assertTrue(html.contains("IoU per class, worst first"), "bar chart");
    assertTrue(html.contains("Confusion matrix"), "heat map");
    assertTrue(html.contains("signal mIoU"), "signal-class mean");
    assertTrue(html.contains("Worst images"), "worst images");
    assertTrue(html.contains("sidewalk"), "class names");
    assertFalse(html.contains("\u001b"), "the escape character of a class name never reaches the page");
    assertFalse(html.contains("<script"), "no scripts");
  }

  /** With a gate, its verdict heads the report, above the charts. */
  @Test
  void gateVerdictHeadsTheReport() throws IOException {
    Path gated = tmp.resolve("gated");
    CliRun r = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--ignore-label", "255", "--out", gated.toString(), "--run-id", "g1", "--quiet", "--fail-below", "mIoU=0.01");
    assertEquals(Main.OK, r.exitCode, r.toString());
    String html = Files.readString(gated.resolve("report.html"), StandardCharsets.UTF_8);
    int gate = html.indexOf("<h2>Regression gate</h2>\n<div class=\"outcome passed\">");
    assertTrue(gate > 0 && gate < html.indexOf("IoU per class, worst first"), html);
    assertTrue(html.contains("<td class=\"text\">mIoU</td><td class=\"text\">--fail-below</td><td class=\"num\">0.01</td>"),
        html);
  }

  /** The segmentation report in a real browser: drawn (not blank), bars and heat map present, no script. */
  @Test
  void reportRendersInHeadlessChromium() throws IOException {
    dev.overlap.jobs.Chromium chromium = dev.overlap.jobs.Chromium.find(tmp);
    if (chromium == null) {
      String why = "SKIPPED segmentation report rendering check: no headless Chromium at "
          + dev.overlap.jobs.Chromium.expected() + " (apt-get install -y chromium; .ci/run does this when it can)";
      System.err.println(why);
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    Path page = out.resolve("report.html");
    Path png = tmp.resolve("report-segmentation.png");
    chromium.screenshot(page, png, 1280, 1800);
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    long notWhite = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) notWhite++;
      }
    }
    assertTrue(colours.size() > 50, "distinct colours: " + colours.size());
    assertTrue(notWhite > 0.05 * img.getWidth() * img.getHeight(), "non-white pixels: " + notWhite);
    String dom = chromium.dumpDom(page);
    int bars = dom.split("<rect class=\"bar", -1).length - 1;
    assertTrue(bars >= 18 && bars <= 19, "one bar per class with an IoU: " + bars);
    assertTrue(dom.contains("Confusion matrix"), "heat map section");
    assertFalse(java.util.regex.Pattern.compile("<script", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(dom).find());
  }

  @Test
  void summaryJsonMatchesTheReference() {
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    for (String m : SemsegSmall.METRICS) assertEquals(SemsegSmall.metric(m), (Double) s.get(m), SemsegSmall.TOL, m);
    assertEquals(signalMiou(), (Double) s.get("signal_mIoU"), SemsegSmall.TOL);
    assertEquals("segmentation", s.get("task"));
    assertEquals("r1", s.get("run_id"));
    List<Object> perClass = TestJson.list(s.get("per_class"));
    assertEquals(K, perClass.size());
    for (int c = 0; c < K; c++) {
      Map<String, Object> pc = TestJson.map(perClass.get(c));
      assertEquals((double) c, pc.get("class_id"));
      assertNullable(SemsegSmall.perClass("iou")[c], pc.get("iou"), "iou of " + c);
      assertNullable(SemsegSmall.perClass("dice")[c], pc.get("dice"), "dice of " + c);
      assertNullable(SemsegSmall.perClass("accuracy")[c], pc.get("recall"), "recall of " + c);
      assertNullable(precision(c), pc.get("precision"), "precision of " + c);
      assertEquals(SemsegSmall.perClass("gt_pixels")[c], pc.get("gt_pixels"), "gt_pixels of " + c);
      assertEquals(SemsegSmall.perClass("tp")[c], pc.get("tp_pixels"), "tp_pixels of " + c);
    }
    assertEquals("road", TestJson.map(perClass.get(0)).get("name"));
    assertNull(TestJson.map(perClass.get(17)).get("iou"), "class 17 is in neither ground truth nor prediction");
    Map<String, Object> counts = TestJson.map(s.get("counts"));
    assertEquals(30.0, counts.get("pairs"));
    assertEquals(30.0, counts.get("evaluated"));
    assertEquals(0.0, counts.get("rejected"));
    assertEquals(30.0, counts.get("gt_maps"));
    assertEquals(30.0, counts.get("pred_maps"));
    assertEquals(3830211.0, counts.get("valid_pixels"));
    assertEquals(101949.0, counts.get("ignored_pixels"));
    Map<String, Object> params = TestJson.map(s.get("parameters"));
    assertEquals(19.0, params.get("num_classes"));
    assertEquals(255.0, params.get("ignore_label"));
    assertEquals(List.of(0.0), params.get("exclude_from_headline"));
    assertEquals(18, TestJson.list(s.get("signal_classes")).size());
    assertEquals("png", TestJson.map(s.get("inputs")).get("gt_format"));
  }

  @Test
  void confusionTableIsTheReferenceMatrixExactly() {
    long[] want = SemsegSmall.confusion();
    List<Row> cells = SparkTestSession.get().read().parquet(out.resolve("confusion").toString()).collectAsList();
    long nonZero = 0;
    for (long v : want) if (v != 0) nonZero++;
    assertEquals(nonZero, cells.size(), "only non-zero cells");
    long[] got = new long[K * K];
    for (Row r : cells) {
      int g = r.getInt(r.fieldIndex("gt_class"));
      int p = r.getInt(r.fieldIndex("pred_class"));
      got[g * K + p] = r.getLong(r.fieldIndex("pixels"));
      assertEquals("r1", r.getString(r.fieldIndex("run_id")));
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
  }

  @Test
  void perClassAndSummaryTablesHoldNullsWhereUndefined() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> perClass = spark.read().parquet(out.resolve("per_class").toString());
    assertEquals(K, perClass.count());
    for (Row r : perClass.collectAsList()) {
      int c = r.getInt(r.fieldIndex("class_id"));
      String[] cols = {"iou", "dice", "recall"};
      String[] keys = {"iou", "dice", "accuracy"};
      for (int i = 0; i < cols.length; i++) {
        int at = r.fieldIndex(cols[i]);
        assertNullable(SemsegSmall.perClass(keys[i])[c], r.isNullAt(at) ? null : r.getDouble(at), cols[i] + " of " + c);
      }
      int pi = r.fieldIndex("precision");
      assertNullable(precision(c), r.isNullAt(pi) ? null : r.getDouble(pi), "precision of " + c);
      assertEquals(SemsegSmall.perClass("pred_pixels")[c].longValue(), r.getLong(r.fieldIndex("pred_pixels")));
      assertEquals(c != 0, r.getBoolean(r.fieldIndex("signal")));
      assertEquals(SemsegSmall.perClass("gt_pixels")[c] / 3830211.0, r.getDouble(r.fieldIndex("frequency")), 1e-15);
    }
    Row c17 = perClass.filter("class_id = 17").first();
    assertTrue(c17.isNullAt(c17.fieldIndex("iou")) && c17.isNullAt(c17.fieldIndex("precision")));
    assertEquals("motorcycle", c17.getString(c17.fieldIndex("name")));

    Dataset<Row> summary = spark.read().parquet(out.resolve("summary").toString());
    assertEquals(6, summary.count());
    Row miou = summary.filter("metric = 'mIoU'").first();
    assertEquals(SemsegSmall.metric("mIoU"), miou.getDouble(miou.fieldIndex("value")), SemsegSmall.TOL);
    Row signal = summary.filter("metric = 'signal_mIoU'").first();
    assertEquals(signalMiou(), signal.getDouble(signal.fieldIndex("value")), SemsegSmall.TOL);
  }

  @Test
  void perImageTablesAddUpToTheTotals() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> perImage = spark.read().parquet(out.resolve("per_image").toString());
    assertEquals(30, perImage.count());
    Row totals = perImage.agg(sum("valid_pixels"), sum("ignored_pixels"), sum("correct_pixels")).first();
    long[] m = SemsegSmall.confusion();
    long trace = 0;
    for (int c = 0; c < K; c++) trace += m[c * K + c];
    assertEquals(3830211L, totals.getLong(0));
    assertEquals(101949L, totals.getLong(1));
    assertEquals(trace, totals.getLong(2));
    Row img = perImage.filter("image_id = 'img_00007'").first();
    assertEquals(512, img.getInt(img.fieldIndex("width")));
    assertEquals(256, img.getInt(img.fieldIndex("height")));
    assertTrue(img.getString(img.fieldIndex("gt_file")).endsWith("semseg-small/gt/img_00007.png"));
    double acc = img.getDouble(img.fieldIndex("pixel_accuracy"));
    assertEquals((double) img.getLong(img.fieldIndex("correct_pixels")) / img.getLong(img.fieldIndex("valid_pixels")),
        acc, 0);

    Dataset<Row> perImageClass = spark.read().parquet(out.resolve("per_image_class").toString());
    List<Row> byClass = perImageClass.groupBy("class_id").agg(sum("gt_pixels"), sum("pred_pixels"), sum("tp_pixels"))
        .collectAsList();
    assertEquals(18, byClass.size(), "every class but 17 appears in some image");
    for (Row r : byClass) {
      int c = r.getInt(0);
      assertEquals(SemsegSmall.perClass("gt_pixels")[c].longValue(), r.getLong(1), "gt_pixels of " + c);
      assertEquals(SemsegSmall.perClass("pred_pixels")[c].longValue(), r.getLong(2), "pred_pixels of " + c);
      assertEquals(SemsegSmall.perClass("tp")[c].longValue(), r.getLong(3), "tp_pixels of " + c);
    }
    assertEquals(0, perImageClass.filter("iou is null").count(), "only classes present in the image");
    assertFalse(Files.exists(out.resolve("rejects")), "no rejects table without rejects");
  }

  @Test
  void consoleShowsHeadlinesSideBySideAndClassesWorstFirst() {
    String o = run.out;
    assertTrue(o.contains("Overlap segmentation, run r1: 30 image pairs (30 evaluated, 0 rejected), 19 classes, "
        + "ignore label 255"), o);
    assertTrue(o.contains("  mIoU 0.346   fwIoU 0.868   pixel accuracy 0.910   signal mIoU 0.313 (17 of 18 classes, "
        + "without 0 road)"), o);
    String[] lines = o.split("\n");
    int header = -1;
    for (int i = 0; i < lines.length; i++) if (lines[i].startsWith("Per class, worst IoU first")) header = i;
    assertTrue(header > 0, o);
    // IoU 0 ties break by class id; class 17 (undefined) would come last but --top 18 cuts it
    assertTrue(lines[header + 2].startsWith("  16     train                     0.000"), lines[header + 2]);
    assertTrue(lines[header + 3].startsWith("  18     bicycle                   0.000  0.000  0.000      -"),
        lines[header + 3]);
    assertTrue(lines[header + 4].startsWith("  2      building                  0.190"), lines[header + 4]);
    assertTrue(o.contains("  0*     road                      0.920"), o);
    assertTrue(o.contains("  ... 1 more classes in " + out.resolve("per_class") + " (run_id=r1)"), o);
    assertTrue(o.contains("wall\\u001b[31m"), "names are escaped: " + o);
    assertFalse(o.contains("\u001b"), "no raw escape character");
    assertTrue(o.contains("mIoU 0.346 is the mean of 18 classes with a defined IoU (of 19): worst 0.000 train, best "
        + "0.920 road"), o);
    assertTrue(o.contains("road alone is 89.91% of the ground truth"), o);
    assertTrue(o.contains("\nReport: " + out.resolve("report.html") + " (this run: " + out.resolve("reports/r1/segmentation.html")
        + ")\n"), "says where its report is, as detection does: " + o);
    assertEquals("", run.err);
  }
}
