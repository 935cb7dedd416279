package dev.overlap.jobs.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * panoptic-small through the command line on Spark: summary.json, the per_class and per_image
 * tables and the console agree with panopticapi's pq_compute ({@code expected.json}) within 1e-12
 * (tp, fp, fn exactly), and one, two or seven partitions give identical bits.
 */
class PanopticJobTest {
  static final String DIR = "reference/panoptic-small/";
  static final double TOLERANCE = 1e-12;

  @TempDir static Path tmp;
  static Map<String, Object> expected;
  static CliRun one;
  static Map<String, Object> summaryOne;

  static String[] args(Path out, String runId, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("panoptic", "--gt-json", TestData.path(DIR + "panoptic_gt.json"),
        "--gt-dir", TestData.path(DIR + "gt"), "--pred-json", TestData.path(DIR + "panoptic_pred.json"),
        "--pred-dir", TestData.path(DIR + "pred"), "--out", out.toString(), "--run-id", runId));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @BeforeAll
  static void run() {
    expected = TestJson.map(TestJson.resource(DIR + "expected.json"));
    one = CliRun.of(args(tmp.resolve("one"), "p1", "--partitions", "1", "--also-semantic", "--top", "0"));
    summaryOne = TestJson.map(TestJson.read(tmp.resolve("one/summary.json")));
  }

  @Test
  void summaryJsonEqualsPqCompute() {
    assertEquals(Main.OK, one.exitCode, one.toString());
    Map<String, Object> s = TestJson.map(expected.get("summary"));
    for (String k : PanopticOutputs.METRICS) {
      assertEquals(((Number) s.get(k)).doubleValue(), ((Number) summaryOne.get(k)).doubleValue(), TOLERANCE, k);
    }
    Map<String, Object> n = TestJson.map(summaryOne.get("categories_averaged"));
    assertEquals(((Number) TestJson.map(expected.get("All")).get("n")).intValue(), ((Number) n.get("All")).intValue());
    assertEquals(((Number) TestJson.map(expected.get("Things")).get("n")).intValue(), ((Number) n.get("Things")).intValue());
    Map<String, Object> counts = TestJson.map(summaryOne.get("counts"));
    assertEquals(40L, ((Number) counts.get("images")).longValue());
    assertEquals(40L, ((Number) counts.get("evaluated")).longValue());
    assertEquals(1L, ((Number) counts.get("pred_entries_ignored")).longValue());
  }

  @Test
  void perClassEqualsPqCompute() {
    Map<Integer, Map<String, Object>> mine = new HashMap<>();
    for (Object o : TestJson.list(summaryOne.get("per_class"))) {
      Map<String, Object> m = TestJson.map(o);
      mine.put(((Number) m.get("category_id")).intValue(), m);
    }
    List<Object> exp = TestJson.list(expected.get("per_class"));
    assertEquals(exp.size(), mine.size());
    for (Object o : exp) {
      Map<String, Object> e = TestJson.map(o);
      Map<String, Object> m = mine.get(((Number) e.get("category_id")).intValue());
      String what = "category " + e.get("category_id");
      for (String k : List.of("tp", "fp", "fn", "isthing")) {
        assertEquals(((Number) e.get(k)).longValue(), ((Number) m.get(k)).longValue(), what + " " + k);
      }
      assertEquals(e.get("name"), m.get("name"));
      assertEquals(((Number) e.get("iou_sum")).doubleValue(), ((Number) m.get("iou_sum")).doubleValue(), TOLERANCE);
      if (Boolean.TRUE.equals(e.get("counted"))) {
        for (String k : List.of("pq", "sq", "rq")) {
          assertEquals(((Number) e.get(k)).doubleValue(), ((Number) m.get(k)).doubleValue(), TOLERANCE, what + k);
        }
      } else {
        assertNull(m.get("pq"), what);
      }
    }
  }

  @Test
  void tablesAgreeWithSummaryAndPerImageSumsToPerClass() {
    var spark = SparkTestSession.get();
    List<Row> perClass = spark.read().parquet(tmp.resolve("one/per_class").toString()).collectAsList();
    assertEquals(20, perClass.size());
    List<Row> sums = spark.read().parquet(tmp.resolve("one/per_image").toString())
        .groupBy("category_id").sum("tp", "fp", "fn").collectAsList();
    Map<Integer, long[]> byCat = new HashMap<>();
    for (Row r : sums) byCat.put(r.getInt(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    for (Row r : perClass) {
      long tp = r.getLong(r.fieldIndex("tp"));
      long fp = r.getLong(r.fieldIndex("fp"));
      long fn = r.getLong(r.fieldIndex("fn"));
      long[] s = byCat.getOrDefault(r.getInt(r.fieldIndex("category_id")), new long[3]);
      assertEquals(tp, s[0]);
      assertEquals(fp, s[1]);
      assertEquals(fn, s[2]);
    }
    Row pq = spark.read().parquet(tmp.resolve("one/summary").toString()).filter("metric = 'PQ'").first();
    assertEquals(((Number) summaryOne.get("PQ")).doubleValue(), pq.getDouble(pq.fieldIndex("value")), 0.0);
    assertEquals(17, pq.getInt(pq.fieldIndex("categories")));
    Row run = spark.read().parquet(tmp.resolve("one/runs").toString()).first();
    assertEquals("succeeded", run.getString(run.fieldIndex("status")));
  }

  @Test
  void identicalBitsForAnyPartitioning() {
    for (int partitions : new int[] {2, 7}) {
      Path out = tmp.resolve("p" + partitions);
      CliRun r = CliRun.of(args(out, "p" + partitions, "--partitions", Integer.toString(partitions), "--quiet"));
      assertEquals(Main.OK, r.exitCode, r.toString());
      Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
      for (String k : PanopticOutputs.METRICS) {
        assertEquals(Double.doubleToRawLongBits(((Number) summaryOne.get(k)).doubleValue()),
            Double.doubleToRawLongBits(((Number) s.get(k)).doubleValue()), k + " on " + partitions + " partitions");
      }
      List<Object> a = TestJson.list(summaryOne.get("per_class"));
      List<Object> b = TestJson.list(s.get("per_class"));
      for (int i = 0; i < a.size(); i++) {
        assertEquals(TestJson.map(a.get(i)).get("iou_sum"), TestJson.map(b.get(i)).get("iou_sum"));
      }
    }
  }

  @Test
  void consolePrintsEveryCategoryWorstFirst() {
    String out = one.out;
    assertTrue(out.contains("Overlap panoptic, run p1: 40 images (40 evaluated, 0 rejected), 20 categories"), out);
    assertTrue(out.contains("  All     0.311   0.577   0.411      17"), out);
    // worst PQ first: a 0.000 row comes before the best category (wall 0.489), uncounted ones last
    int snow = out.indexOf("snow");
    int wall = out.indexOf("wall");
    int sand = out.indexOf("sand");
    assertTrue(snow > 0 && snow < wall && wall < sand, out);
    assertTrue(out.contains("semantic (--also-semantic): mIoU"), out);
  }

  @Test
  void gateVerdictHeadsTheReport() throws Exception {
    Path out = tmp.resolve("gate");
    CliRun r = CliRun.of(args(out, "g1", "--quiet", "--fail-below", "PQ=0.99"));
    assertEquals(Main.GATE_FAILED, r.exitCode, r.toString());
    String html = java.nio.file.Files.readString(out.resolve("report.html"));
    int gate = html.indexOf("<h2>Regression gate</h2>");
    assertTrue(gate > 0 && gate < html.indexOf("PQ per thing category"), html);
    assertTrue(html.contains("<p class=\"status\">failed</p>\n<ul>\n<li>PQ "
        + String.format(java.util.Locale.ROOT, "%.4f", ((Number) summaryOne.get("PQ")).doubleValue()) + " is below 0.99</li>"),
        html);
  }

  @Test
  void reportHtmlHasBothChartsAndTheTable() throws Exception {
    String html = java.nio.file.Files.readString(tmp.resolve("one/report.html"));
    assertTrue(html.contains("PQ per thing category, worst first"));
    assertTrue(html.contains("PQ per stuff category, worst first"));
    assertTrue(html.contains("SQ against RQ per category"));
    assertEquals(20, html.split("<tr", -1).length - 2, "20 category rows and one header row");
  }

  @Test
  void theDocsQueryRunsAsWritten() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("..", "docs", "panoptic.md"));
    int start = doc.indexOf("```sql\n", doc.indexOf("## A query over the tables")) + "```sql\n".length();
    String sql = doc.substring(start, doc.indexOf("```", start)).strip();
    var spark = SparkTestSession.get();
    spark.read().parquet(tmp.resolve("one/per_class").toString()).createOrReplaceTempView("per_class");
    spark.read().parquet(tmp.resolve("one/runs").toString()).createOrReplaceTempView("runs");
    List<Row> rows;
    try {
      rows = spark.sql(sql).collectAsList();
    } finally {
      // the session is shared: leave no view behind for other classes' queries
      spark.catalog().dropTempView("per_class");
      spark.catalog().dropTempView("runs");
    }
    // independently: the counted categories of expected.json by (pq, category_id)
    List<Map<String, Object>> exp = new java.util.ArrayList<>();
    for (Object o : TestJson.list(expected.get("per_class"))) {
      if (Boolean.TRUE.equals(TestJson.map(o).get("counted"))) exp.add(TestJson.map(o));
    }
    exp.sort(java.util.Comparator.<Map<String, Object>>comparingDouble(m -> ((Number) m.get("pq")).doubleValue())
        .thenComparingInt(m -> ((Number) m.get("category_id")).intValue()));
    assertEquals(5, rows.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(((Number) exp.get(i).get("category_id")).intValue(), rows.get(i).getInt(0));
      assertEquals(((Number) exp.get(i).get("fp")).longValue(), rows.get(i).getLong(7));
    }
  }

  /** --also-semantic against a naive count written here: javax.imageio pixels, ids mapped through the JSON by HashMap. */
  @Test
  void alsoSemanticEqualsANaivePixelCount() throws Exception {
    Map<String, Object> gtJson = TestJson.map(TestJson.resource(DIR + "panoptic_gt.json"));
    Map<String, Object> predJson = TestJson.map(TestJson.resource(DIR + "panoptic_pred.json"));
    List<Object> cats = TestJson.list(gtJson.get("categories"));
    Map<Integer, Integer> index = new HashMap<>();
    for (int c = 0; c < cats.size(); c++) index.put(((Number) TestJson.map(cats.get(c)).get("id")).intValue(), c);
    int k = cats.size();
    long[] tp = new long[k];
    long[] gtPx = new long[k];
    long[] predPx = new long[k];
    Map<String, Map<String, Object>> predByImage = new HashMap<>();
    for (Object o : TestJson.list(predJson.get("annotations"))) predByImage.put(String.valueOf(TestJson.map(o).get("image_id")), TestJson.map(o));
    for (Object o : TestJson.list(gtJson.get("annotations"))) {
      Map<String, Object> g = TestJson.map(o);
      Map<String, Object> p = predByImage.get(String.valueOf(g.get("image_id")));
      Map<Integer, Integer> gtCat = categoriesOf(g, index);
      Map<Integer, Integer> predCat = categoriesOf(p, index);
      int[] gi = ids(TestData.path(DIR + "gt/" + g.get("file_name")));
      int[] pi = ids(TestData.path(DIR + "pred/" + p.get("file_name")));
      for (int i = 0; i < gi.length; i++) {
        if (gi[i] == 0) continue;
        int gc = gtCat.get(gi[i]);
        gtPx[gc]++;
        if (pi[i] == 0) continue;
        int pc = predCat.get(pi[i]);
        predPx[pc]++;
        if (pc == gc) tp[gc]++;
      }
    }
    Map<Integer, Map<String, Object>> mine = new HashMap<>();
    for (Object o : TestJson.list(TestJson.map(summaryOne.get("semantic")).get("per_class"))) {
      mine.put(((Number) TestJson.map(o).get("category_id")).intValue(), TestJson.map(o));
    }
    double sum = 0;
    int defined = 0;
    for (int c = 0; c < k; c++) {
      Map<String, Object> m = mine.get(((Number) TestJson.map(cats.get(c)).get("id")).intValue());
      assertEquals(gtPx[c], ((Number) m.get("gt_pixels")).longValue());
      assertEquals(predPx[c], ((Number) m.get("pred_pixels")).longValue());
      assertEquals(tp[c], ((Number) m.get("tp_pixels")).longValue());
      long union = gtPx[c] + predPx[c] - tp[c];
      if (union == 0) {
        assertNull(m.get("iou"));
        continue;
      }
      double iou = (double) tp[c] / union;
      assertEquals(iou, ((Number) m.get("iou")).doubleValue(), 1e-15);
      sum += iou;
      defined++;
    }
    assertEquals(sum / defined, ((Number) TestJson.map(summaryOne.get("semantic")).get("mIoU")).doubleValue(), 1e-12);
  }

  private static Map<Integer, Integer> categoriesOf(Map<String, Object> annotation, Map<Integer, Integer> index) {
    Map<Integer, Integer> out = new HashMap<>();
    for (Object s : TestJson.list(annotation.get("segments_info"))) {
      Map<String, Object> m = TestJson.map(s);
      out.put(((Number) m.get("id")).intValue(), index.get(((Number) m.get("category_id")).intValue()));
    }
    return out;
  }

  private static int[] ids(String png) throws java.io.IOException {
    java.awt.image.Raster r = javax.imageio.ImageIO.read(new java.io.File(png)).getRaster();
    int[] px = r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
    int bands = r.getNumBands();
    int[] out = new int[r.getWidth() * r.getHeight()];
    for (int i = 0; i < out.length; i++) out[i] = px[i * bands] + 256 * px[i * bands + 1] + 65536 * px[i * bands + 2];
    return out;
  }
}
