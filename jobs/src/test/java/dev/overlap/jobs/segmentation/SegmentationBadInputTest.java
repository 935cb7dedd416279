package dev.overlap.jobs.segmentation;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad label maps: by default one line naming the file and what is wrong, exit 2, nothing written;
 * with {@code --on-bad-input skip} every bad pair is a row of the rejects table with its reason, the
 * good pairs give exactly the numbers they give alone, pairs found = evaluated + rejected, and the
 * exit code is 3 unless {@code --allow-rejects}.
 */
class SegmentationBadInputTest {
  static final int W = 16;
  static final int H = 8;
  static final int K = 19;

  @TempDir Path tmp;

  /**
   * A bad pair: the ground-truth and predicted PNG (null: missing), which side the error names, and
   * what it says.
   */
  record Case(String name, byte[] gt, byte[] pred, String source, String reason) {}

  static int[] labels(long seed, boolean withIgnore) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] l = new int[W * H];
    for (int i = 0; i < l.length; i++) l[i] = withIgnore && rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(K);
    return l;
  }

  static byte[] gray8(int[] labels, int w, int h) {
    return PngWriter.encode(w, h, 8, 0, labels, null);
  }

  static byte[] good(long seed, boolean gt) {
    return gray8(labels(seed, gt), W, H);
  }

  static List<Case> cases() {
    int[] gtBadLabel = labels(11, true);
    gtBadLabel[1 * W + 3] = 40;
    int[] predBadLabel = labels(12, false);
    predBadLabel[2 * W + 5] = 19;
    int[] gtNoIgnore = labels(13, false);
    int[] predIgnore = labels(14, false);
    predIgnore[7] = 255;
    byte[] corrupt = good(15, false);
    corrupt[41 + 2] ^= 0x5A; // inside the IDAT data, after signature (8) + IHDR (25) + IDAT length and type (8)
    byte[] truncated = good(16, true);
    truncated = Arrays.copyOf(truncated, truncated.length / 2);
    int[] rgb = new int[3 * W * H];
    int[] grayAlpha = new int[2 * W * H];
    byte[] bomb = PngWriter.png(100_000, 100_000, 8, 0, null, PngWriter.deflate(new byte[64], 9));
    return List.of(
        new Case("b_gt_without_pred", good(1, true), null, "gt", "ground truth has no prediction: no "
            + "b_gt_without_pred.png under --pred "),
        new Case("c_pred_without_gt", null, good(2, false), "pred", "prediction has no ground truth: no "
            + "c_pred_without_gt.png under --gt "),
        new Case("d_size_mismatch", good(3, true), gray8(labels(4, false), 12, 8), "pred",
            "prediction is 12x8 but ground truth is 16x8"),
        new Case("e_gt_label_too_large", gray8(gtBadLabel, W, H), good(5, false), "gt",
            "ground-truth label 40 at pixel (x=3, y=1) is not a class id (0..18) nor the ignore label 255"),
        new Case("f_pred_label_too_large", gray8(gtNoIgnore, W, H), gray8(predBadLabel, W, H), "pred",
            "prediction label 19 at pixel (x=5, y=2) is not a class id (0..18)"),
        new Case("g_corrupt", good(6, true), corrupt, "pred", "corrupt chunk IDAT at byte 33: CRC mismatch"),
        new Case("h_truncated", truncated, good(7, false), "gt", "truncated"),
        new Case("i_rgb", good(8, true), PngWriter.encode(W, H, 8, 2, rgb, null), "pred",
            "RGB PNG (colour type 2): label maps must be single-channel (grayscale or palette)"),
        new Case("j_two_channel", PngWriter.encode(W, H, 8, 4, grayAlpha, null), good(9, false), "gt",
            "gray+alpha PNG (colour type 4): label maps must be single-channel"),
        new Case("k_bomb", bomb, good(10, false), "gt", "image declares 100000x100000 = 10000000000 pixels, over the "
            + "limit of 268435456 (--max-pixels); not decoded"),
        new Case("l_pred_ignore_label", gray8(gtNoIgnore, W, H), gray8(predIgnore, W, H), "pred",
            "prediction label 255 at pixel (x=7, y=0) is not a class id (0..18); the ignore label applies to ground "
                + "truth only"),
        new Case("m_not_png", good(17, true), "P5 16 8 255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "pred", "not a PNG file (bad signature)"),
        new Case("n_too_large", tooLarge(), good(18, false), "gt", "more than a 1x1 8-bit PNG can need"),
        // Two problems: the one a whole decode of the ground truth, then of the prediction, then counting, finds
        // first is reported, although both maps are decoded together row by row.
        new Case("o_gt_bad_label_pred_corrupt", gray8(gtBadLabel, W, H), corrupt, "pred",
            "corrupt chunk IDAT at byte 33: CRC mismatch"),
        new Case("p_gt_truncated_pred_not_png", truncated, "P5 16 8 255\n".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII), "gt", "truncated"));
  }

  /** A 1x1 PNG header followed by 17 MB: refused after the header, before the rest is read. */
  static byte[] tooLarge() {
    byte[] head = PngWriter.png(1, 1, 8, 0, null, PngWriter.deflate(new byte[2], 6));
    return Arrays.copyOf(head, 17 << 20);
  }

  /** Writes {@code gt/<name>.png} and {@code pred/<name>.png} (a null side is not written). */
  static void write(Path dir, String name, byte[] gt, byte[] pred) throws IOException {
    Files.createDirectories(dir.resolve("gt"));
    Files.createDirectories(dir.resolve("pred"));
    if (gt != null) Files.write(dir.resolve("gt").resolve(name + ".png"), gt);
    if (pred != null) Files.write(dir.resolve("pred").resolve(name + ".png"), pred);
  }

  static Stream<Arguments> failModeCases() {
    // the list; every case is also checked in skip mode below
    return cases().stream().filter(c -> !c.name().startsWith("l_") && !c.name().startsWith("m_")
        && !c.name().startsWith("n_")).map(c -> Arguments.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failModeCases")
  void badPairIsOneLineNamingTheFile(String name, Case c) throws IOException {
    Path dir = tmp.resolve(name);
    write(dir, "a_good", good(100, true), good(101, false));
    write(dir, c.name(), c.gt(), c.pred());
    Path out = tmp.resolve("out-" + name);
    CliRun r = CliRun.of("segmentation", "--gt", dir.resolve("gt").toString(), "--pred", dir.resolve("pred").toString(),
        "--num-classes", "19", "--out", out.toString(), "--partitions", "1");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    String file = dir.resolve(c.source()).resolve(c.name() + ".png").toString();
    assertTrue(line.startsWith("overlap: bad input: " + file + ": "), "names " + file + ": " + line);
    assertTrue(line.contains(c.reason()), "expected \"" + c.reason() + "\" in " + line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
    assertFalse(Files.exists(out.resolve("summary.json")), "nothing written");
  }

  @Test
  void skipModeRejectsEveryBadPairAndTheGoodOnesGiveTheirOwnNumbers() throws IOException {
    Path dir = tmp.resolve("mixed");
    List<Case> bad = cases();
    for (Case c : bad) write(dir, c.name(), c.gt(), c.pred());
    // good pairs: 8-bit, and a 16-bit ground truth with a palette prediction
    byte[][] goodGt = {good(100, true), good(102, true), PngWriter.encode(W, H, 16, 0, labels(104, true), null)};
    int[] palette = new int[K];
    for (int i = 0; i < K; i++) palette[i] = i * 0x0D0B07;
    byte[][] goodPred = {good(101, false), good(103, false), PngWriter.encode(W, H, 8, 3, labels(105, false), palette)};
    for (int i = 0; i < goodGt.length; i++) write(dir, "a_good_" + i, goodGt[i], goodPred[i]);
    Files.writeString(dir.resolve("gt/README.txt"), "not a label map");
    Path out = tmp.resolve("out-skip");
    CliRun r = CliRun.of("segmentation", "--gt", dir.resolve("gt").toString(), "--pred", dir.resolve("pred").toString(),
        "--num-classes", "19", "--out", out.toString(), "--run-id", "s", "--partitions", "3", "--on-bad-input", "skip");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    int pairs = bad.size() + goodGt.length;
    assertEquals("overlap: " + bad.size() + " of " + pairs + " image pairs were rejected; see " + out.resolve("rejects")
        + " (run_id=s)", r.err.strip());
    assertTrue(r.out.contains("Not read: 1 files under --gt not ending in \".png\", 0 under --pred"), r.out);

    Map<String, Object> summary = TestJson.map(TestJson.read(out.resolve("summary.json")));
    Map<String, Object> counts = TestJson.map(summary.get("counts"));
    assertEquals((double) pairs, counts.get("pairs"));
    assertEquals((double) goodGt.length, counts.get("evaluated"));
    assertEquals((double) bad.size(), counts.get("rejected"));
    assertEquals((double) pairs - 1, counts.get("gt_maps"), "one pair has no ground truth");
    assertEquals((double) pairs - 1, counts.get("pred_maps"), "one pair has no prediction");
    assertEquals(1.0, counts.get("gt_files_not_read"));

    // the good pairs alone, counted with core directly
    long[] want = new long[K * K];
    long ignored = 0;
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      LabelImage g = new LabelImage();
      LabelImage p = new LabelImage();
      long[] image = new long[K * K];
      for (int i = 0; i < goodGt.length; i++) {
        d.decode(goodGt[i], 0, goodGt[i].length, "gt", g);
        d.decode(goodPred[i], 0, goodPred[i].length, "pred", p);
        Arrays.fill(image, 0);
        long n = g.labelBits() == 8 ? ConfusionCounter.count(g.bytes(), p.bytes(), W * H, K, 255, image)
            : ConfusionCounter.count(g.shorts(), p.bytes(), W * H, K, 255, image);
        assertTrue(n >= 0);
        ignored += n;
        for (int j = 0; j < want.length; j++) want[j] += image[j];
      }
    }
    SemsegMetrics m = SemsegMetrics.of(want, K);
    assertEquals(m.meanIou(), (Double) summary.get("mIoU"), 0.0);
    assertEquals(m.frequencyWeightedIou(), (Double) summary.get("fwIoU"), 0.0);
    assertEquals((double) ignored, counts.get("ignored_pixels"));
    long[] got = new long[K * K];
    for (Row c : SparkTestSession.get().read().parquet(out.resolve("confusion").toString()).collectAsList()) {
      got[c.getInt(0) * K + c.getInt(1)] = c.getLong(2);
    }
    assertArrayEquals(want, got);

    List<Row> rejects = SparkTestSession.get().read().parquet(out.resolve("rejects").toString())
        .orderBy("image_id").collectAsList();
    assertEquals(bad.size(), rejects.size());
    Map<String, Row> byImage = new HashMap<>();
    for (Row row : rejects) byImage.put(row.getString(row.fieldIndex("image_id")), row);
    for (Case c : bad) {
      Row row = byImage.get(c.name());
      assertTrue(row != null, "a rejects row for " + c.name());
      assertEquals(c.source(), row.getString(row.fieldIndex("source")), c.name());
      assertEquals(dir.resolve(c.source()).resolve(c.name() + ".png").toString(), row.getString(row.fieldIndex("file")),
          c.name());
      assertTrue(row.getString(row.fieldIndex("reason")).contains(c.reason()), c.name() + ": "
          + row.getString(row.fieldIndex("reason")));
      assertEquals("s", row.getString(row.fieldIndex("run_id")));
    }
    assertEquals(goodGt.length, SparkTestSession.get().read().parquet(out.resolve("per_image").toString()).count());

    CliRun allowed = CliRun.of("segmentation", "--gt", dir.resolve("gt").toString(), "--pred",
        dir.resolve("pred").toString(), "--num-classes", "19", "--out", out.toString(), "--run-id", "s",
        "--on-bad-input", "skip", "--allow-rejects", "--quiet");
    assertEquals(Main.OK, allowed.exitCode, allowed.toString());
    assertTrue(allowed.err.contains(bad.size() + " of " + pairs + " image pairs were rejected"), allowed.err);
  }

  @Test
  void missingFolderIsNamedInEitherMode() throws IOException {
    write(tmp.resolve("d"), "a", good(1, true), good(2, false));
    for (String mode : new String[] {"fail", "skip"}) {
      CliRun r = CliRun.of("segmentation", "--gt", tmp.resolve("d/gt").toString(), "--pred",
          tmp.resolve("nope").toString(), "--num-classes", "19", "--out", tmp.resolve("o").toString(), "--on-bad-input",
          mode);
      assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
      assertEquals("overlap: bad input: " + tmp.resolve("nope") + ": does not exist (--pred)", r.err.strip());
    }
  }

  @Test
  void emptyPredictionFolderIsNamedInEitherMode() throws IOException {
    write(tmp.resolve("d"), "a", good(1, true), null);
    Files.writeString(tmp.resolve("d/pred/notes.txt"), "predictions go here");
    for (String mode : new String[] {"fail", "skip"}) {
      CliRun r = CliRun.of("segmentation", "--gt", tmp.resolve("d/gt").toString(), "--pred",
          tmp.resolve("d/pred").toString(), "--num-classes", "19", "--out", tmp.resolve("o").toString(),
          "--on-bad-input", mode);
      assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
      assertEquals("overlap: bad input: " + tmp.resolve("d/pred") + ": holds no label maps (no file name ends in "
          + "\".png\") (--pred)", r.err.strip());
    }
  }
}
