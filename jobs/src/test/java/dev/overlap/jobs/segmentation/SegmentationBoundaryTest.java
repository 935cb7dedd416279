package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code overlap segmentation --boundary} on semseg-small against the reference
 * ({@code expected-boundary.json}): summary.json, the per_class and per_image_class tables, the
 * console, the report, partition invariance, {@code --spacing}, and the option errors.
 */
class SegmentationBoundaryTest {
  static final int K = SemsegSmall.K;
  static final double IOU_TOL = 1e-12;
  static final double DIST_TOL = 1e-9;

  @TempDir static Path tmp;
  static CliRun run;
  static Map<String, Object> expected;

  @BeforeAll
  static void evaluate() {
    expected = TestJson.map(TestJson.resource(SemsegSmall.DIR + "expected-boundary.json"));
    run = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--ignore-label", "255", "--boundary", "--out", tmp.resolve("out").toString(), "--run-id", "b1",
        "--partitions", "3", "--top", "0");
  }

  static List<Object> perClass(String key) {
    return TestJson.list(TestJson.map(expected.get("per_class")).get(key));
  }

  static void nullable(Object want, Object got, double tol, String what) {
    if (want == null) assertNull(got, what);
    else assertEquals((Double) want, ((Number) got).doubleValue(), tol, what);
  }

  @Test
  void summaryJsonMatchesTheReference() {
    assertEquals(Main.OK, run.exitCode, run.toString());
    Map<String, Object> s = TestJson.map(TestJson.read(tmp.resolve("out/summary.json")));
    assertEquals((Double) expected.get("mBoundaryIoU"), (Double) s.get("mBoundaryIoU"), IOU_TOL);
    List<Object> rows = TestJson.list(s.get("per_class"));
    for (int c = 0; c < K; c++) {
      Map<String, Object> o = TestJson.map(rows.get(c));
      nullable(perClass("boundary_iou").get(c), o.get("boundary_iou"), IOU_TOL, "boundary_iou " + c);
      nullable(perClass("hd95_mean").get(c), o.get("hd95_mean"), DIST_TOL, "hd95_mean " + c);
      nullable(perClass("hd_mean").get(c), o.get("hd_mean"), DIST_TOL, "hd_mean " + c);
      nullable(perClass("assd_mean").get(c), o.get("assd_mean"), DIST_TOL, "assd_mean " + c);
      assertEquals(((Double) perClass("boundary_union").get(c)).longValue(), ((Number) o.get("boundary_union")).longValue());
      assertEquals(((Double) perClass("distance_images").get(c)).longValue(), ((Number) o.get("distance_images")).longValue());
    }
    Map<String, Object> b = TestJson.map(TestJson.map(s.get("parameters")).get("boundary"));
    assertEquals(0.02, (Double) b.get("dilation_ratio"));
  }

  @Test
  void tablesCarryTheValuesAndAQueryFindsTheWorstContours() {
    var spark = SparkTestSession.get();
    String out = tmp.resolve("out").toString();
    List<Row> pc = spark.read().parquet(out + "/per_class").orderBy("class_id").collectAsList();
    assertEquals(K, pc.size());
    for (Row r : pc) {
      int c = r.getInt(r.fieldIndex("class_id"));
      int i = r.fieldIndex("hd95_mean");
      nullable(perClass("hd95_mean").get(c), r.isNullAt(i) ? null : r.getDouble(i), DIST_TOL, "hd95_mean " + c);
      assertEquals(((Double) perClass("boundary_intersection").get(c)).longValue(), r.getLong(r.fieldIndex("boundary_intersection")));
    }
    assertEquals((Double) expected.get("mBoundaryIoU"), spark.read().parquet(out + "/summary")
        .filter("metric = 'mBoundaryIoU'").first().getDouble(1), IOU_TOL);
    // per_image_class: every image's distances, as the reference's per_image lists
    spark.read().parquet(out + "/per_image_class").createOrReplaceTempView("pic");
    int checked = 0;
    for (Object o : TestJson.list(expected.get("per_image"))) {
      Map<String, Object> img = TestJson.map(o);
      String id = ((String) img.get("name")).replace(".png", "");
      List<Object> hd95 = TestJson.list(img.get("hd95"));
      for (Row r : spark.sql("select class_id, hd95, boundary_intersection, boundary_union from pic where image_id = '"
          + id + "'").collectAsList()) {
        int c = r.getInt(0);
        nullable(hd95.get(c), r.isNullAt(1) ? null : r.getDouble(1), DIST_TOL, id + " hd95 " + c);
        assertEquals(((Double) TestJson.list(img.get("boundary_union")).get(c)).longValue(), r.getLong(3), id + " union " + c);
        checked++;
      }
    }
    assertTrue(checked > 200, "rows checked " + checked);
    // the docs' query: the images where a class's contour fails most
    List<Row> worst = spark.sql("select image_id, class_id, hd95 from pic where hd95 is not null "
        + "order by hd95 desc, image_id, class_id limit 3").collectAsList();
    assertEquals(3, worst.size());
    assertTrue(worst.get(0).getDouble(2) >= worst.get(2).getDouble(2));
  }

  @Test
  void consoleAndReportShowTheBoundaryColumns() throws IOException {
    assertTrue(run.out.contains("mBoundaryIoU " + String.format(java.util.Locale.ROOT, "%.3f",
        (Double) expected.get("mBoundaryIoU"))), run.out);
    assertTrue(run.out.contains("bIoU") && run.out.contains("HD95") && run.out.contains("ASSD"), run.out);
    String html;
    try (var files = Files.walk(tmp.resolve("out"))) {
      Path report = files.filter(p -> p.getFileName().toString().equals("report.html")).findFirst().orElseThrow();
      html = Files.readString(report, StandardCharsets.UTF_8);
    }
    assertTrue(html.contains("Boundary vs region per class"), "report has the boundary table");
    assertTrue(html.contains("HD95 per class, worst first"), "report has the HD95 bars");
  }

  /** One partition or many, the same bits; isotropic spacing 2 doubles every distance exactly. */
  @Test
  void partitionInvariantAndSpacingScales() {
    CliRun one = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--boundary", "--spacing", "2,2", "--out", tmp.resolve("s2").toString(), "--run-id", "s2", "--partitions", "1",
        "--quiet");
    assertEquals(Main.OK, one.exitCode, one.toString());
    Map<String, Object> s = TestJson.map(TestJson.read(tmp.resolve("s2/summary.json")));
    Map<String, Object> base = TestJson.map(TestJson.read(tmp.resolve("out/summary.json")));
    assertEquals(base.get("mBoundaryIoU"), s.get("mBoundaryIoU"), "identical bits for 1 and 3 partitions");
    List<Object> rows = TestJson.list(s.get("per_class"));
    for (int c = 0; c < K; c++) {
      Object want = perClass("hd95_mean").get(c);
      Object got = TestJson.map(rows.get(c)).get("hd95_mean");
      if (want == null) assertNull(got);
      else assertEquals(2 * (Double) want, (Double) got, 2 * DIST_TOL, "hd95_mean at spacing 2, class " + c);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--boundary --dilation-ratio 0|--dilation-ratio: expected a number in (0, 1], got \"0\"",
      "--boundary --dilation-ratio 2|--dilation-ratio: expected a number in (0, 1], got \"2\"",
      "--boundary --spacing 1|--spacing: expected two positive numbers sx,sy (pixel width, height), got \"1\"",
      "--boundary --spacing 0,1|--spacing: expected two positive numbers sx,sy (pixel width, height), got \"0,1\"",
      "--boundary --spacing a,b|--spacing: expected two positive numbers sx,sy (pixel width, height), got \"a,b\"",
      "--dilation-ratio 0.02|--dilation-ratio applies with --boundary only",
      "--spacing 1,1|--spacing applies with --boundary only"})
  void badOptionsAreOneLine(String options, String message) {
    List<String> a = new java.util.ArrayList<>(List.of("segmentation", "--gt", SemsegSmall.gt(), "--pred",
        SemsegSmall.pred(), "--num-classes", "19", "--out", tmp.resolve("bad").toString()));
    a.addAll(List.of(options.split(" ")));
    CliRun r = CliRun.of(a.toArray(new String[0]));
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: " + message, r.err.strip());
    assertFalse(Files.exists(tmp.resolve("bad/summary.json")));
  }
}
