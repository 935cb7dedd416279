package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --slice-by} on coco-small with fields added to its image records by the rule of
 * {@code reference/coco-small/gen_expected_slices.py}: each slice's twelve stats and per-class AP equal
 * pycocotools evaluating the slice's images alone ({@code expected-slices.json}), the same bits on 1 and 3
 * partitions; a CSV side table's rows are all accounted for; bad slice input is one line.
 */
class DetectionSlicesTest {
  static final String GT = "reference/coco-small/instances_gt.json";
  static final String DT = "reference/coco-small/detections.json";
  static final double TOL = 1e-12;

  @TempDir static Path tmp;
  static Path gt;
  static CliRun p3;
  static CliRun p1;
  static Map<String, Object> expected;

  static String weather(long id) {
    return id % 7 == 0 ? null : new String[] {"rain", "sun", "fog"}[(int) (id % 3)];
  }

  @BeforeAll
  static void evaluate() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode g = (ObjectNode) m.readTree(Path.of(TestData.path(GT)).toFile());
    for (var im : (ArrayNode) g.get("images")) {
      long id = im.get("id").asLong();
      if (weather(id) != null) ((ObjectNode) im).put("weather", weather(id));
      ((ObjectNode) im).put("camera", id % 2);
    }
    gt = tmp.resolve("gt.json");
    m.writeValue(gt.toFile(), g);
    expected = TestJson.map(TestJson.read(Path.of(TestData.path("reference/coco-small/expected-slices.json"))));
    p3 = run("p3", "--slice-by", "weather,camera", "--partitions", "3");
    p1 = run("p1", "--slice-by", "weather,camera", "--partitions", "1");
    assertEquals(Main.OK, p3.exitCode, p3.toString());
    assertEquals(Main.OK, p1.exitCode, p1.toString());
  }

  static CliRun run(String out, String... extra) {
    String[] base = {"detection", "--gt", gt.toString(), "--pred", TestData.path(DT), "--out",
        tmp.resolve(out).toString(), "--run-id", "s1", "--top", "2"};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void everySliceEqualsPycocotoolsOnItsImagesAlone() throws Exception {
    Map<String, Object> fields = TestJson.map(TestJson.map(
        TestJson.map(TestJson.read(tmp.resolve("p3").resolve("summary.json"))).get("slices")).get("fields"));
    Map<String, Object> want = TestJson.map(expected.get("slices"));
    int checked = 0;
    for (String field : List.of("weather", "camera")) {
      List<Object> got = TestJson.list(fields.get(field));
      Map<String, Object> wantField = TestJson.map(want.get(field));
      assertEquals(wantField.size(), got.size(), field + ": " + got);
      for (Object o : got) {
        Map<String, Object> e = TestJson.map(o);
        String key = e.get("value") == null ? "null" : (String) e.get("value");
        Map<String, Object> w = TestJson.map(wantField.get(key));
        assertEquals(((Number) w.get("images")).longValue(), ((Number) e.get("images")).longValue(), field + "=" + key);
        List<Object> stats = TestJson.list(w.get("stats"));
        for (int s = 0; s < CocoSummary.NAMES.length; s++) {
          assertEquals((Double) stats.get(s), (Double) e.get(CocoSummary.NAMES[s]), TOL,
              field + "=" + key + " " + CocoSummary.NAMES[s]);
        }
        checked++;
      }
    }
    assertEquals(6, checked);
  }

  @Test
  void perClassRowsEqualPycocotoolsAndAnyPartitioningGivesTheSameBits() {
    var spark = SparkTestSession.get();
    List<Row> rows = spark.read().parquet(tmp.resolve("p3").resolve("per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    List<Row> one = spark.read().parquet(tmp.resolve("p1").resolve("per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    assertEquals(rows.toString(), one.toString());
    Map<String, Object> perClass = TestJson.map(expected.get("per_class_ap"));
    int checked = 0;
    for (Row r : rows) {
      if (r.isNullAt(r.fieldIndex("category_id"))) continue;
      String value = r.isNullAt(1) ? "null" : r.getString(1);
      double want = (Double) TestJson.map(perClass.get(r.getString(0) + "=" + value))
          .get(Long.toString(r.getLong(r.fieldIndex("category_id"))));
      Object got = r.get(r.fieldIndex("AP"));
      if (want == -1) {
        assertNull(got, r.toString());
      } else {
        assertEquals(want, (Double) got, TOL, r.toString());
      }
      checked++;
    }
    // 6 slices x 80 categories
    assertEquals(480, checked);
  }

  @Test
  void theManualsQueryOverPerSliceRunsAsWritten() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "statistics.md"));
    int at = doc.indexOf("```sql", doc.indexOf("Where AP is worst, per class, across weather values"));
    String sql = doc.substring(at + 6, doc.indexOf("```", at + 6)).trim().replaceAll(";$", "")
        .replaceAll("run_id = '[^']*'", "run_id = 's1'");
    var spark = SparkTestSession.get();
    spark.read().parquet(tmp.resolve("p3").resolve("per_slice").toString()).createOrReplaceTempView("per_slice");
    List<Row> rows = spark.sql(sql).collectAsList();
    assertEquals(20, rows.size(), sql);
    for (int i = 1; i < rows.size(); i++) {
      double prev = rows.get(i - 1).isNullAt(2) ? Double.MAX_VALUE : rows.get(i - 1).getDouble(2);
      assertTrue(rows.get(i).isNullAt(2) || prev <= rows.get(i).getDouble(2), rows.toString());
    }
    // the missing slice (28 images) is too small to be listed
    for (Row r : rows) assertTrue(r.get(0) != null, r.toString());
  }

  @Test
  void consoleShowsEachFieldWorstFirstAndFlagsSmallSlices() {
    String out = p3.out;
    assertTrue(out.contains("By weather, worst AP first"), out);
    // 28 images have no weather (ids divisible by 7): under the default minimum of 30
    assertTrue(out.contains("(missing)                      28  too few images (28 < 30)"), out);
    int sun = out.indexOf("\n  sun "), fog = out.indexOf("\n  fog ");
    assertTrue(sun > 0 && fog > sun, "sun (AP 0.251) before fog (AP 0.354): " + out);
    assertTrue(out.contains("per_slice"), out);
  }

  /** A side-table value with markup: the report must escape it. */
  static final String B = "b<i>&";

  @Test
  void sideTableSlicesAndItsRowsAccounted() throws Exception {
    Path csv = tmp.resolve("attrs.csv");
    StringBuilder b = new StringBuilder("image_id,site,note\n");
    CocoGroundTruth truth = CocoFiles.readGroundTruth(Path.of(TestData.path(GT)), false);
    for (Image im : truth.images()) b.append(im.id()).append(',').append(im.id() % 4 == 0 ? B : "a").append(",x\n");
    b.append("123456789,a,not an image of the ground truth\n");
    Files.writeString(csv, b);
    CliRun r = run("side", "--slice-by", "site", "--image-attributes", csv.toString(), "--min-slice-images", "10");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> slices = TestJson.map(TestJson.map(TestJson.read(tmp.resolve("side").resolve("summary.json")))
        .get("slices"));
    Map<String, Object> rows = TestJson.map(slices.get("attribute_rows"));
    assertEquals(201.0, ((Number) rows.get("read")).doubleValue());
    assertEquals(200.0, ((Number) rows.get("matched")).doubleValue());
    assertEquals(1.0, ((Number) rows.get("not_in_ground_truth")).doubleValue());
    assertTrue(r.out.contains("1 of 201 rows name no image of the ground truth"), r.out);
    String html = Files.readString(tmp.resolve("side").resolve("report.html"));
    assertTrue(html.contains("By site, worst AP first") && html.contains("b&lt;i&gt;&amp;"), "slice table, escaped");
    assertFalse(html.contains(B), "a user's value reaches the page unescaped");
    // slice B: core's evaluator (pycocotools-exact) on those images alone
    long[] ids = truth.images().stream().mapToLong(Image::id).filter(id -> id % 4 == 0).toArray();
    double[] want = CocoEvaluator.evaluate(truth, CocoFiles.readResults(Path.of(TestData.path(DT)), false),
        CocoParams.defaults(IouType.BBOX).toBuilder().imageIds(ids).build()).summary().stats();
    Map<String, Object> got = null;
    for (Object o : TestJson.list(TestJson.map(slices.get("fields")).get("site"))) {
      if (B.equals(TestJson.map(o).get("value"))) got = TestJson.map(o);
    }
    assertEquals((double) ids.length, ((Number) got.get("images")).doubleValue());
    assertFalse((Boolean) got.get("too_few_images"));
    for (int s = 0; s < want.length; s++) {
      assertEquals(want[s], (Double) got.get(CocoSummary.NAMES[s]), TOL, CocoSummary.NAMES[s]);
    }
  }

  @Test
  void badSliceInputIsOneLine() throws Exception {
    CliRun unknown = run("bad1", "--slice-by", "wether");
    assertEquals(Main.BAD_INPUT, unknown.exitCode, unknown.toString());
    assertEquals(1, unknown.err.strip().lines().count(), unknown.err);
    assertTrue(unknown.err.contains("images: field \"wether\": --slice-by: no image record has a value for it; fields"
        + " of the image records: camera, file_name, height, id, license, weather, width"), unknown.err);

    CliRun id = run("bad2", "--slice-by", "id");
    assertEquals(Main.BAD_INPUT, id.exitCode, id.toString());
    assertTrue(id.err.contains("--slice-by id: one slice per image is no slice"), id.err);

    Path csv = tmp.resolve("nokey.csv");
    Files.writeString(csv, "image,site\n1,a\n");
    CliRun noKey = run("bad3", "--slice-by", "site", "--image-attributes", csv.toString());
    assertEquals(Main.BAD_INPUT, noKey.exitCode, noKey.toString());
    assertTrue(noKey.err.contains("no image_id (or id) column; columns: image, site"), noKey.err);
    CliRun noField = run("bad4", "--slice-by", "weather", "--image-attributes", tmp.resolve("attrs.csv").toString());
    assertEquals(Main.BAD_INPUT, noField.exitCode, noField.toString());

    ObjectMapper m = new ObjectMapper();
    ObjectNode g = (ObjectNode) m.readTree(gt.toFile());
    ((ObjectNode) g.get("images").get(3)).putObject("weather").put("sky", "grey");
    Path objGt = tmp.resolve("gt-object.json");
    m.writeValue(objGt.toFile(), g);
    CliRun obj = CliRun.of("detection", "--gt", objGt.toString(), "--pred", TestData.path(DT), "--out",
        tmp.resolve("bad5").toString(), "--slice-by", "weather");
    assertEquals(Main.BAD_INPUT, obj.exitCode, obj.toString());
    assertTrue(obj.err.contains("images[3]") && obj.err.contains("weather")
        && obj.err.contains("a slice field must be a string, a number or a boolean"), obj.err);
  }
}
