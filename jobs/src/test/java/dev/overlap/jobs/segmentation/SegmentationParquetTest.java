package dev.overlap.jobs.segmentation;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label maps as Parquet (image_id, png): paired on the executors after a shuffle by image id. */
class SegmentationParquetTest {
  static final int K = SemsegSmall.K;
  static final StructType SCHEMA = new StructType()
      .add("image_id", DataTypes.StringType, true)
      .add("png", DataTypes.BinaryType, true);

  @TempDir Path tmp;

  static byte[] png(String side, String image) {
    try {
      return Files.readAllBytes(Path.of(side.equals("gt") ? SemsegSmall.gt() : SemsegSmall.pred(), image + ".png"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String image(int i) {
    return String.format("img_%05d", i);
  }

  static void writeTable(List<Row> rows, Path dir, int files) {
    SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(files).write().parquet(dir.toString());
  }

  @Test
  void parquetTablesGiveTheReferenceMatrix() {
    List<Row> gt = new ArrayList<>();
    List<Row> pred = new ArrayList<>();
    for (int i = 29; i >= 0; i--) {
      gt.add(RowFactory.create(image(i), png("gt", image(i))));
      pred.add(RowFactory.create(image(i), png("pred", image(i))));
    }
    writeTable(gt, tmp.resolve("gt"), 2);
    writeTable(pred, tmp.resolve("pred"), 3);
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("segmentation", "--gt", tmp.resolve("gt").toString(), "--pred", tmp.resolve("pred").toString(),
        "--num-classes", "19", "--out", out.toString(), "--partitions", "4", "--quiet");
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
    for (String m : SemsegSmall.METRICS) assertEquals(SemsegSmall.metric(m), (Double) s.get(m), SemsegSmall.TOL, m);
    assertEquals("parquet", TestJson.map(s.get("inputs")).get("gt_format"));
    assertEquals("parquet", TestJson.map(s.get("inputs")).get("pred_format"));
    assertEquals(30.0, TestJson.map(s.get("counts")).get("evaluated"));
    assertArrayEquals(SemsegSmall.confusion(), confusion(out));
  }

  /**
   * Ground truth as PNG files, predictions as Parquet with a duplicate, a missing image, a null PNG
   * and an image the ground truth lacks: in skip mode each is one rejects row and the other 26 images
   * give exactly their own counts.
   */
  @Test
  void mixedInputsInSkipModeRejectDuplicatesMissingAndNullRows() throws IOException {
    List<Row> pred = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      if (i == 1) continue;
      pred.add(RowFactory.create(image(i), i == 2 ? null : png("pred", image(i))));
    }
    pred.add(RowFactory.create(image(0), png("pred", image(5))));
    pred.add(RowFactory.create("extra", png("pred", image(3))));
    pred.add(RowFactory.create(null, png("pred", image(4))));
    writeTable(pred, tmp.resolve("pred"), 2);
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", tmp.resolve("pred").toString(),
        "--num-classes", "19", "--out", out.toString(), "--run-id", "m", "--on-bad-input", "skip", "--quiet");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    assertTrue(r.err.contains("5 of 32 image pairs were rejected"), r.err);
    Map<String, Object> counts = TestJson.map(TestJson.map(TestJson.read(out.resolve("summary.json"))).get("counts"));
    assertEquals(32.0, counts.get("pairs"));
    assertEquals(27.0, counts.get("evaluated"));
    assertEquals(5.0, counts.get("rejected"));
    assertEquals(30.0, counts.get("gt_maps"));
    assertEquals(32.0, counts.get("pred_maps"));

    Map<String, Row> rejects = new HashMap<>();
    for (Row row : SparkTestSession.get().read().parquet(out.resolve("rejects").toString()).collectAsList()) {
      rejects.put(String.valueOf(row.getString(row.fieldIndex("image_id"))), row);
    }
    assertEquals(5, rejects.size());
    assertReject(rejects.get("img_00000"), "pred", "appears 2 times in the predictions (first at ");
    assertReject(rejects.get("img_00001"), "gt", "ground truth has no prediction (no image id \"img_00001\" in --pred)");
    assertTrue(rejects.get("img_00001").getString(rejects.get("img_00001").fieldIndex("file"))
        .endsWith("semseg-small/gt/img_00001.png"));
    assertReject(rejects.get("img_00002"), "pred", "field \"png\" is missing (null)");
    assertReject(rejects.get("extra"), "pred", "prediction has no ground truth (no image id \"extra\" in --gt)");
    assertReject(rejects.get("null"), "pred", "field \"image_id\" is missing (null)");
    Row nullRow = rejects.get("null");
    assertTrue(nullRow.getString(nullRow.fieldIndex("record")).startsWith("row "), nullRow.toString());
    assertTrue(nullRow.getString(nullRow.fieldIndex("file")).endsWith(".parquet"), nullRow.toString());

    long[] want = new long[K * K];
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      LabelImage g = new LabelImage();
      LabelImage p = new LabelImage();
      for (int i = 3; i < 30; i++) {
        byte[] gb = png("gt", image(i));
        byte[] pb = png("pred", image(i));
        d.decode(gb, 0, gb.length, "gt", g);
        d.decode(pb, 0, pb.length, "pred", p);
        assertTrue(ConfusionCounter.count(g.bytes(), p.bytes(), g.pixelCount(), K, 255, want) >= 0);
      }
    }
    assertArrayEquals(want, confusion(out));
  }

  @Test
  void failModeNamesTheDuplicateRowAndAMissingColumn() {
    List<Row> pred = new ArrayList<>();
    for (int i = 0; i < 30; i++) pred.add(RowFactory.create(image(i), png("pred", image(i))));
    pred.add(RowFactory.create(image(7), png("pred", image(7))));
    writeTable(pred, tmp.resolve("pred"), 1);
    CliRun r = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", tmp.resolve("pred").toString(),
        "--num-classes", "19", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertTrue(line.matches("overlap: bad input: .*/pred/part-[^:]*\\.parquet: row (7|30): image id \"img_00007\" "
        + "appears 2 times in the predictions \\(first at .*\\.parquet: row (7|30)\\); the image is not evaluated"), line);

    SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a", "b")), new StructType()
        .add("image_id", DataTypes.StringType).add("label", DataTypes.StringType)).write()
        .parquet(tmp.resolve("nopng").toString());
    CliRun c = CliRun.of("segmentation", "--gt", SemsegSmall.gt(), "--pred", tmp.resolve("nopng").toString(),
        "--num-classes", "19", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, c.exitCode, c.toString());
    assertEquals("overlap: bad input: " + tmp.resolve("nopng") + ": field \"png\": no such column; a Parquet label-map"
        + " table needs image_id and png (binary) (--pred)", c.err.strip());
  }

  static long[] confusion(Path out) {
    long[] got = new long[K * K];
    for (Row c : SparkTestSession.get().read().parquet(out.resolve("confusion").toString()).collectAsList()) {
      got[c.getInt(0) * K + c.getInt(1)] = c.getLong(2);
    }
    return got;
  }

  static void assertReject(Row row, String source, String reason) {
    assertTrue(row != null, "missing rejects row for " + reason);
    assertEquals(source, row.getString(row.fieldIndex("source")), row.toString());
    assertTrue(row.getString(row.fieldIndex("reason")).contains(reason), row.toString());
  }
}
