package dev.overlap.jobs.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --slice-by} on panoptic-small with {@code weather} and {@code camera} added to its image records: each
 * weather slice's scores equal the job run on a ground truth holding only that slice's images; every slice's
 * category rows and headline scores equal a naive sum of the per_image table written here (1e-12, counts exact);
 * the same bits on 1 and 3 partitions; a side table's rows all accounted for, its values escaped in the report; an
 * unknown field is one line listing the fields there are.
 */
class PanopticSlicesTest {
  static final String DIR = "reference/panoptic-small/";
  static final double TOL = 1e-12;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] WEATHER = {"rain", "sun", "fog"};

  @TempDir static Path tmp;
  static ObjectNode gtJson;
  static Path gt;
  static CliRun p3;
  static CliRun p1;
  static Map<String, Object> summary3;

  /** The test's own rule: ids divisible by 7 have no weather (6 of 40 images: under the minimum of 8). */
  static String weather(long id) {
    return id % 7 == 0 ? null : WEATHER[(int) (id % 3)];
  }

  static String camera(long id) {
    return Long.toString(id % 2);
  }

  @BeforeAll
  static void evaluate() throws Exception {
    gtJson = (ObjectNode) JSON.readTree(Path.of(TestData.path(DIR + "panoptic_gt.json")).toFile());
    for (JsonNode im : gtJson.withArray("images")) {
      long id = im.get("id").asLong();
      if (weather(id) != null) ((ObjectNode) im).put("weather", weather(id));
      ((ObjectNode) im).put("camera", id % 2);
    }
    gt = tmp.resolve("gt.json");
    JSON.writeValue(gt.toFile(), gtJson);
    p3 = run(gt, "p3", "--partitions", "3", "--slice-by", "weather,camera", "--min-slice-images", "8", "--top", "2");
    p1 = run(gt, "p1", "--partitions", "1", "--slice-by", "weather,camera", "--min-slice-images", "8", "--quiet");
    assertEquals(Main.OK, p3.exitCode, p3.toString());
    assertEquals(Main.OK, p1.exitCode, p1.toString());
    summary3 = TestJson.map(TestJson.read(tmp.resolve("p3/summary.json")));
  }

  static CliRun run(Path gtFile, String out, String... more) {
    List<String> a = new ArrayList<>(List.of("panoptic", "--gt-json", gtFile.toString(), "--gt-dir",
        TestData.path(DIR + "gt"), "--pred-json", TestData.path(DIR + "panoptic_pred.json"), "--pred-dir",
        TestData.path(DIR + "pred"), "--out", tmp.resolve(out).toString(), "--run-id", "s1"));
    a.addAll(List.of(more));
    return CliRun.of(a.toArray(new String[0]));
  }

  static List<Object> field(Map<String, Object> summary, String name) {
    return TestJson.list(TestJson.map(TestJson.map(summary.get("slices")).get("fields")).get(name));
  }

  static Double number(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  @Test
  void eachWeatherSliceEqualsTheJobOnItsImagesAlone() throws Exception {
    int checked = 0;
    for (Object o : field(summary3, "weather")) {
      Map<String, Object> slice = TestJson.map(o);
      String value = (String) slice.get("value");
      ObjectNode only = gtJson.deepCopy();
      ArrayNode kept = only.putArray("annotations");
      for (JsonNode a : gtJson.withArray("annotations")) {
        if (java.util.Objects.equals(weather(a.get("image_id").asLong()), value)) kept.add(a);
      }
      Path file = tmp.resolve("only-" + value + ".json");
      JSON.writeValue(file.toFile(), only);
      CliRun alone = run(file, "only-" + value, "--quiet");
      assertEquals(Main.OK, alone.exitCode, alone.toString());
      Map<String, Object> want = TestJson.map(TestJson.read(tmp.resolve("only-" + value + "/summary.json")));
      assertEquals(kept.size(), ((Number) slice.get("images")).intValue(), "weather=" + value);
      assertEquals(kept.size(), ((Number) TestJson.map(want.get("counts")).get("evaluated")).intValue());
      for (String m : PanopticOutputs.METRICS) {
        Double w = number(want.get(m));
        if (w == null) assertNull(slice.get(m), "weather=" + value + " " + m);
        else assertEquals(w, number(slice.get(m)), TOL, "weather=" + value + " " + m);
      }
      assertEquals(TestJson.map(want.get("categories_averaged")).get("All"), slice.get("categories"));
      checked++;
    }
    assertEquals(4, checked, "rain, sun, fog and (missing)");
  }

  @Test
  void categoryRowsAndHeadlinesEqualANaiveSumOfPerImage() {
    var spark = SparkTestSession.get();
    List<Object> cats = TestJson.list(TestJson.parse(gtJson.get("categories").toString()));
    int k0 = cats.size();
    Map<Integer, Integer> index = new HashMap<>();
    boolean[] thing = new boolean[k0];
    for (int c = 0; c < k0; c++) {
      Map<String, Object> m = TestJson.map(cats.get(c));
      index.put(((Number) m.get("id")).intValue(), c);
      thing[c] = ((Number) m.get("isthing")).intValue() == 1;
    }
    // "field=value" -> [category][tp, fp, fn, iou_sum]
    Map<String, double[][]> sums = new HashMap<>();
    for (Row r : spark.read().parquet(tmp.resolve("p3/per_image").toString())
        .select("image_id", "category_id", "tp", "fp", "fn", "iou_sum").collectAsList()) {
      long id = Long.parseLong(r.getString(0));
      int c = index.get(r.getInt(1));
      for (String key : new String[] {"weather=" + weather(id), "camera=" + camera(id)}) {
        double[] s = sums.computeIfAbsent(key, x -> new double[k0][4])[c];
        s[0] += r.getLong(2);
        s[1] += r.getLong(3);
        s[2] += r.getLong(4);
        s[3] += r.getDouble(5);
      }
    }
    List<Row> rows = spark.read().parquet(tmp.resolve("p3/per_slice").toString()).collectAsList();
    int categoryRows = 0;
    int headlines = 0;
    for (Row r : rows) {
      String key = r.getString(r.fieldIndex("field")) + "=" + (r.isNullAt(1) ? null : r.getString(1));
      double[][] s = sums.get(key);
      if (r.isNullAt(r.fieldIndex("category_id"))) {
        double[] want = naiveHeadline(s, thing);
        for (int i = 0; i < 9; i++) {
          Object got = r.get(r.fieldIndex(PanopticOutputs.METRICS[i]));
          if (Double.isNaN(want[i])) assertNull(got, key + " " + PanopticOutputs.METRICS[i]);
          else assertEquals(want[i], (Double) got, TOL, key + " " + PanopticOutputs.METRICS[i]);
        }
        int counted = 0;
        for (double[] c : s) if (c[0] + c[1] + c[2] > 0) counted++;
        assertEquals(counted, r.getInt(r.fieldIndex("categories")), key);
        headlines++;
        continue;
      }
      double[] c = s[index.get(r.getInt(r.fieldIndex("category_id")))];
      String what = key + " category " + r.getInt(r.fieldIndex("category_id"));
      assertEquals((long) c[0], r.getLong(r.fieldIndex("tp")), what);
      assertEquals((long) c[1], r.getLong(r.fieldIndex("fp")), what);
      assertEquals((long) c[2], r.getLong(r.fieldIndex("fn")), what);
      assertEquals(c[3], r.getDouble(r.fieldIndex("iou_sum")), TOL, what);
      double d = c[0] + 0.5 * c[1] + 0.5 * c[2];
      if (d == 0) {
        assertNull(r.get(r.fieldIndex("PQ")), what);
      } else {
        assertEquals(c[3] / d, r.getDouble(r.fieldIndex("PQ")), TOL, what);
        assertEquals(c[0] == 0 ? 0 : c[3] / c[0], r.getDouble(r.fieldIndex("SQ")), TOL, what);
        assertEquals(c[0] / d, r.getDouble(r.fieldIndex("RQ")), TOL, what);
      }
      assertTrue(r.isNullAt(r.fieldIndex("PQ_th")) && r.isNullAt(r.fieldIndex("categories")), what);
      categoryRows++;
    }
    // weather: rain, sun, fog, (missing); camera: 0, 1
    assertEquals(6, headlines);
    assertEquals(6 * k0, categoryRows);
  }

  /** pq_average written out: plain means over the group's categories with tp + fp + fn > 0. */
  static double[] naiveHeadline(double[][] s, boolean[] thing) {
    double[] out = new double[9];
    for (int g = 0; g < 3; g++) {
      double pq = 0;
      double sq = 0;
      double rq = 0;
      int n = 0;
      for (int c = 0; c < s.length; c++) {
        if (g == 1 && !thing[c] || g == 2 && thing[c]) continue;
        double d = s[c][0] + 0.5 * s[c][1] + 0.5 * s[c][2];
        if (d == 0) continue;
        pq += s[c][3] / d;
        sq += s[c][0] == 0 ? 0 : s[c][3] / s[c][0];
        rq += s[c][0] / d;
        n++;
      }
      out[3 * g] = pq / n;
      out[3 * g + 1] = sq / n;
      out[3 * g + 2] = rq / n;
    }
    return out;
  }

  @Test
  void theManualsQueryOverPerSliceRunsAsWritten() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "panoptic.md"));
    int at = doc.indexOf("```sql", doc.indexOf("Where PQ is worst, per category, across weather values"));
    String sql = doc.substring(at + 6, doc.indexOf("```", at + 6)).strip().replace("run_id = 'r1'", "run_id = 's1'");
    var spark = SparkTestSession.get();
    spark.read().parquet(tmp.resolve("p3/per_slice").toString()).createOrReplaceTempView("per_slice");
    List<Row> rows;
    try {
      rows = spark.sql(sql).collectAsList();
    } finally {
      // the session is shared: leave no view behind for other classes' queries
      spark.catalog().dropTempView("per_slice");
    }
    assertEquals(10, rows.size(), sql);
    for (int i = 0; i < rows.size(); i++) {
      assertTrue(rows.get(i).get(0) != null, "the (missing) slice is too small: " + rows);
      if (i > 0) assertTrue(rows.get(i - 1).getDouble(2) <= rows.get(i).getDouble(2), rows.toString());
    }
  }

  @Test
  void oneAndThreePartitionsGiveTheSameBits() {
    var spark = SparkTestSession.get();
    List<Row> a = spark.read().parquet(tmp.resolve("p3/per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    List<Row> b = spark.read().parquet(tmp.resolve("p1/per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    assertEquals(a.toString(), b.toString());
    Map<String, Object> summary1 = TestJson.map(TestJson.read(tmp.resolve("p1/summary.json")));
    assertEquals(summary3.get("slices").toString(), summary1.get("slices").toString());
  }

  @Test
  void consoleAndReportShowEachFieldWorstFirstAndFlagTheSmallSlice() throws Exception {
    String out = p3.out;
    assertTrue(out.contains("By weather, worst PQ first (" + gt + " image records; fewer than 8 images: too few"
        + " to read):"), out);
    assertTrue(out.contains("By camera, worst PQ first"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("  (missing) ") && l.endsWith(" 6  too few images (6 < 8)")),
        out);
    // worst PQ first, by summary.json's own numbers
    List<Map<String, Object>> shown = new ArrayList<>();
    for (Object o : field(summary3, "weather")) {
      if (!(Boolean) TestJson.map(o).get("too_few_images")) shown.add(TestJson.map(o));
    }
    shown.sort(java.util.Comparator.comparingDouble(m -> number(m.get("PQ"))));
    int at = out.indexOf("By weather");
    for (Map<String, Object> m : shown) {
      int next = out.indexOf("\n  " + m.get("value") + " ", at);
      assertTrue(next > at, m.get("value") + " after the one before it: " + out);
      at = next;
    }
    Map<String, Object> missing = TestJson.map(field(summary3, "weather").get(0));
    assertNull(missing.get("value"));
    assertEquals(Boolean.TRUE, missing.get("too_few_images"));
    String html = Files.readString(tmp.resolve("p3/report.html"));
    assertTrue(html.contains("By weather, worst PQ first") && html.contains("By camera, worst PQ first"));
  }

  /** A side-table value with markup: the report must escape it. */
  static final String B = "b<i>&";

  @Test
  void sideTableRowsAreAccountedForAndItsValuesEscaped() throws Exception {
    StringBuilder csv = new StringBuilder("image_id,site,note\n");
    int b = 0;
    int listed = 0;
    for (JsonNode im : gtJson.withArray("images")) {
      long id = im.get("id").asLong();
      if (listed++ == 0) continue; // the first image has no row: the (missing) slice
      csv.append(id).append(',').append(id % 4 == 0 ? B : "a").append(",x\n");
      if (id % 4 == 0) b++;
    }
    csv.append("123456789,a,not an image of the ground truth\n");
    Path attrs = tmp.resolve("attrs.csv");
    Files.writeString(attrs, csv);
    CliRun r = run(Path.of(TestData.path(DIR + "panoptic_gt.json")), "side", "--slice-by", "site",
        "--image-attributes", attrs.toString(), "--min-slice-images", "1");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> slices = TestJson.map(TestJson.map(TestJson.read(tmp.resolve("side/summary.json")))
        .get("slices"));
    Map<String, Object> rows = TestJson.map(slices.get("attribute_rows"));
    assertEquals(40L, ((Number) rows.get("read")).longValue());
    assertEquals(39L, ((Number) rows.get("matched")).longValue());
    assertEquals(1L, ((Number) rows.get("not_in_ground_truth")).longValue());
    assertTrue(r.out.contains("1 of 40 rows name no image of the ground truth (not used)"), r.out);
    long images = 0;
    for (Object o : TestJson.list(TestJson.map(slices.get("fields")).get("site"))) {
      Map<String, Object> e = TestJson.map(o);
      images += ((Number) e.get("images")).longValue();
      if (B.equals(e.get("value"))) assertEquals(b, ((Number) e.get("images")).intValue());
      if (e.get("value") == null) assertEquals(1L, ((Number) e.get("images")).longValue());
    }
    assertEquals(40L, images, "every image in exactly one slice of the field");
    String html = Files.readString(tmp.resolve("side/report.html"));
    assertTrue(html.contains("By site, worst PQ first") && html.contains("b&lt;i&gt;&amp;"), "slice table, escaped");
    assertFalse(html.contains(B), "a user's value reaches the page unescaped");
  }

  @Test
  void badSliceInputIsOneLine() throws Exception {
    CliRun unknown = run(gt, "bad1", "--slice-by", "wether");
    assertEquals(Main.BAD_INPUT, unknown.exitCode, unknown.toString());
    assertEquals(1, unknown.err.strip().lines().count(), unknown.err);
    assertTrue(unknown.err.contains("images: field \"wether\": --slice-by: no image record has a value for it;"
        + " fields of the image records: camera, file_name, height, id, weather, width"), unknown.err);

    Files.writeString(tmp.resolve("nosite.csv"), "image_id,site\n4256,a\n");
    CliRun noColumn = run(gt, "bad2", "--slice-by", "weather", "--image-attributes",
        tmp.resolve("nosite.csv").toString());
    assertEquals(Main.BAD_INPUT, noColumn.exitCode, noColumn.toString());
    assertEquals(1, noColumn.err.strip().lines().count(), noColumn.err);
    assertTrue(noColumn.err.contains("--slice-by weather: no such column; columns: image_id, site"), noColumn.err);

    ObjectNode noImages = gtJson.deepCopy();
    noImages.remove("images");
    Path file = tmp.resolve("no-images.json");
    JSON.writeValue(file.toFile(), noImages);
    CliRun none = run(file, "bad3", "--slice-by", "weather");
    assertEquals(Main.BAD_INPUT, none.exitCode, none.toString());
    assertTrue(none.err.contains("the ground truth has no image records; give the fields with --image-attributes"),
        none.err);

    CliRun orphan = run(gt, "bad4", "--min-slice-images", "3");
    assertEquals(Main.BAD_INPUT, orphan.exitCode, orphan.toString());
    assertTrue(orphan.err.contains("--min-slice-images applies with --slice-by FIELD only"), orphan.err);
  }
}
