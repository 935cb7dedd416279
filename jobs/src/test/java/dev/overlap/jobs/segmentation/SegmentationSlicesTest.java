package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --slice-by} with {@code --image-attributes} on semseg-small: each slice's IoU per class and mIoU equal a
 * naive sum of its images' per_image_class counts; the same rows on 1 and 3 partitions; every side-table row
 * accounted for.
 */
class SegmentationSlicesTest {
  static final int K = SemsegSmall.K;
  @TempDir static Path tmp;
  static CliRun p3;
  static CliRun p1;
  static Map<String, String> weather = new HashMap<>();

  @BeforeAll
  static void evaluate() throws Exception {
    String[] files = new File(SemsegSmall.gt()).list();
    Arrays.sort(files);
    StringBuilder csv = new StringBuilder("image_id,weather\n");
    for (int i = 0; i < files.length; i++) {
      String id = files[i].substring(0, files[i].length() - ".png".length());
      if (i % 5 == 0) continue; // no row: the "missing" slice
      weather.put(id, i % 2 == 1 ? "rain" : "sun");
      csv.append(id).append(',').append(weather.get(id)).append('\n');
    }
    csv.append("not_an_image,sun\n");
    Files.writeString(tmp.resolve("attrs.csv"), csv);
    p3 = run("p3", "3");
    p1 = run("p1", "1");
    assertEquals(Main.OK, p3.exitCode, p3.toString());
    assertEquals(Main.OK, p1.exitCode, p1.toString());
  }

  static CliRun run(String out, String partitions) {
    return CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--ignore-label", "255", "--out", tmp.resolve(out).toString(), "--run-id", "s1", "--partitions", partitions,
        "--slice-by", "weather", "--image-attributes", tmp.resolve("attrs.csv").toString(), "--min-slice-images", "5",
        "--top", "2");
  }

  @Test
  void eachSliceEqualsTheSumOfItsImagesCountsOnAnyPartitioning() {
    var spark = SparkTestSession.get();
    List<Row> counts = spark.read().parquet(tmp.resolve("p3").resolve("per_image_class").toString())
        .select("image_id", "class_id", "gt_pixels", "pred_pixels", "tp_pixels").collectAsList();
    Map<String, long[][]> sums = new HashMap<>(); // value -> {tp, gt, pred} per class
    for (Row r : counts) {
      String v = weather.getOrDefault(r.getString(0), "(missing)");
      long[][] s = sums.computeIfAbsent(v, x -> new long[3][K]);
      int c = r.getInt(1);
      s[0][c] += r.getLong(4);
      s[1][c] += r.getLong(2);
      s[2][c] += r.getLong(3);
    }
    List<Row> rows = spark.read().parquet(tmp.resolve("p3").resolve("per_slice").toString())
        .orderBy("field", "value", "class_id").collectAsList();
    assertEquals(rows.toString(), spark.read().parquet(tmp.resolve("p1").resolve("per_slice").toString())
        .orderBy("field", "value", "class_id").collectAsList().toString());
    Map<String, Object> fields = TestJson.map(TestJson.map(TestJson.map(TestJson.read(tmp.resolve("p3")
        .resolve("summary.json"))).get("slices")).get("fields"));
    int checked = 0;
    for (Object o : TestJson.list(fields.get("weather"))) {
      Map<String, Object> e = TestJson.map(o);
      String v = e.get("value") == null ? "(missing)" : (String) e.get("value");
      long[][] s = sums.get(v);
      double sum = 0;
      int n = 0;
      for (int c = 0; c < K; c++) {
        long union = s[1][c] + s[2][c] - s[0][c];
        if (union == 0) continue;
        sum += (double) s[0][c] / union;
        n++;
      }
      assertEquals(sum / n, (Double) e.get("mIoU"), 1e-12, v);
      for (Row r : rows) {
        if (r.isNullAt(r.fieldIndex("class_id")) || !v.equals(r.isNullAt(1) ? "(missing)" : r.getString(1))) continue;
        int c = r.getInt(r.fieldIndex("class_id"));
        long union = s[1][c] + s[2][c] - s[0][c];
        Object iou = r.get(r.fieldIndex("iou"));
        if (union == 0) assertNull(iou, v + " class " + c);
        else assertEquals((double) s[0][c] / union, (Double) iou, 1e-12, v + " class " + c);
        checked++;
      }
    }
    assertEquals(3 * K, checked);
  }

  @Test
  void everySideTableRowIsAccountedForAndTheConsoleSaysSo() {
    Map<String, Object> slices = TestJson.map(TestJson.map(TestJson.read(tmp.resolve("p3").resolve("summary.json")))
        .get("slices"));
    Map<String, Object> rows = TestJson.map(slices.get("attribute_rows"));
    assertEquals(25.0, ((Number) rows.get("read")).doubleValue());
    assertEquals(1.0, ((Number) rows.get("not_in_ground_truth")).doubleValue());
    assertTrue(p3.out.contains("By weather, worst mIoU first"), p3.out);
    assertTrue(p3.out.contains("1 of 25 rows name no image pair (not used)"), p3.out);
  }

  @Test
  void slicesNeedASideTable() {
    CliRun r = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", SemsegSmall.pred(), "--num-classes", "19",
        "--out", tmp.resolve("bad").toString(), "--slice-by", "weather");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.contains("label maps carry no image records; give the fields with --image-attributes"), r.err);
  }
}
