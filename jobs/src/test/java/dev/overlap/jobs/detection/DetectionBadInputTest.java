package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gives one line naming file, record and field, exit code 2, and no stack trace; an
 * empty prediction set is valid.
 */
class DetectionBadInputTest {
  static final String GT = "reference/coco-edge/01_perfect_match/gt.json";
  static final String SEGM_GT = "reference/coco-edge/16_segm_polygon_two_parts/gt.json";
  static final String OK_BOX = "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"score\": 0.9}";

  @TempDir Path tmp;

  static Stream<Arguments> badPredictions() {
    return Stream.of(
        Arguments.of("truncated array", "bbox", "[" + OK_BOX + ", {\"image_id\": 1, \"categ", "pred.json",
            "unexpected end of input"),
        Arguments.of("not JSON", "bbox", "image_id,category_id\n1,1\n", "pred.json", "is not JSON"),
        Arguments.of("unknown image id", "bbox", "[" + OK_BOX.replace("\"image_id\": 1", "\"image_id\": 99") + "]",
            "pred.json: record 0: field \"image_id\": image 99 is not in the ground truth", null),
        Arguments.of("unknown category id", "bbox", "[" + OK_BOX + ", " + OK_BOX.replace("\"category_id\": 1",
            "\"category_id\": 7") + "]", "pred.json: record 1: field \"category_id\": category 7", null),
        Arguments.of("NaN score", "bbox", "[" + OK_BOX.replace("0.9", "NaN") + "]",
            "pred.json: record 0: field \"score\": NaN is not a valid score", null),
        Arguments.of("string score", "bbox", "[" + OK_BOX.replace("0.9", "\"high\"") + "]",
            "pred.json: record 0: field \"score\"", "expected a number"),
        Arguments.of("negative width", "bbox", "[" + OK_BOX.replace("[10, 10, 20, 20]", "[10, 10, -3, 20]") + "]",
            "pred.json: record 0: field \"bbox\"", "negative"),
        Arguments.of("NaN height", "bbox", "[" + OK_BOX.replace("[10, 10, 20, 20]", "[10, 10, 20, NaN]") + "]",
            "pred.json: record 0: field \"bbox\"", "NaN"),
        Arguments.of("JSON Lines, bad line 3", "bbox", OK_BOX + "\n" + OK_BOX + "\n" + OK_BOX.replace("0.9", "-0.5") + "\n",
            "pred.json: line 3: field \"score\"", ">= 0"),
        Arguments.of("RLE counts do not sum to h*w", "segm",
            "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"segmentation\": {\"size\": [40, 60], \"counts\": [5, 10]}}]",
            "pred.json: record 0: field \"segmentation\"", "2400"),
        Arguments.of("polygon of two points", "segm",
            "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"segmentation\": [[1, 1, 5, 5]]}]",
            "pred.json: record 0: field \"segmentation\"", "3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPredictions")
  void badPredictionIsOneLocatedLine(String name, String iouType, String content, String expected, String alsoExpected)
      throws IOException {
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, content, StandardCharsets.UTF_8);
    String gt = TestData.path(iouType.equals("segm") ? SEGM_GT : GT);
    CliRun r = CliRun.of("detection", "--gt", gt, "--pred", pred.toString(), "--iou-type", iouType, "--out",
        tmp.resolve("out").toString(), "--partitions", "2");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    assertTrue(line.startsWith("overlap: bad input: "), r.toString());
    assertTrue(line.contains(expected), "expected \"" + expected + "\" in " + line);
    if (alsoExpected != null) assertTrue(line.contains(alsoExpected), "expected \"" + alsoExpected + "\" in " + line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
    assertFalse(Files.exists(tmp.resolve("out/summary.json")), "nothing written");
  }

  /**
   * A big results array that is not well formed is read whole, by one task, whatever --split-mb cuts it
   * into: the same one-line located error as without cutting.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"truncated", "bytes after the array", "backslash"})
  void malformedBigArrayGivesTheSameLocatedLineWhenCut(String kind) throws IOException {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 40; i++) b.append(i > 0 ? ",\n" : "").append(OK_BOX);
    String json = switch (kind) {
      case "truncated" -> b + ",\n{\"image_id\": 1, \"categ";
      case "bytes after the array" -> b + "]\n]";
      default -> b + ",\n\\" + OK_BOX + "]";
    };
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, json, StandardCharsets.UTF_8);
    String whole = null;
    for (String splitMb : new String[] {"64", "0.0005"}) { // 0.0005 MB: 524-byte chunks
      CliRun r = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", pred.toString(), "--out",
          tmp.resolve("out" + splitMb).toString(), "--partitions", "2", "--split-mb", splitMb);
      assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
      String line = r.err.strip();
      assertFalse(line.contains("\n"), "one line: " + r);
      assertTrue(line.contains("pred.json: line "), line);
      if (whole == null) whole = line;
      else assertEquals(whole, line);
    }
  }

  @Test
  void truncatedGroundTruthNamesTheFileAndPosition() throws IOException {
    String full = Files.readString(Path.of(TestData.path(GT)));
    Path gt = tmp.resolve("gt.json");
    Files.writeString(gt, full.substring(0, full.length() / 2), StandardCharsets.UTF_8);
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, "[]", StandardCharsets.UTF_8);
    CliRun r = CliRun.of("detection", "--gt", gt.toString(), "--pred", pred.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.contains("gt.json: line "), r.toString());
    assertTrue(r.err.contains("unexpected end of input"), r.toString());
  }

  @Test
  void missingPredictionPathIsNamed() {
    CliRun r = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", tmp.resolve("nope.json").toString(), "--out",
        tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.contains("nope.json: does not exist (--pred)"), r.toString());
  }

  @Test
  void emptyPredictionFolderIsNamed() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("preds"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    CliRun r = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", dir.toString(), "--out",
        tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.contains("preds: holds no prediction files (--pred)"), r.toString());
  }

  @Test
  void duplicateImageIdInGroundTruthIsNamed() throws IOException {
    String text = Files.readString(Path.of(TestData.path(GT)));
    Path gt = tmp.resolve("dup.json");
    Files.writeString(gt, text.replaceFirst("\"images\": \\[", "\"images\": [{\"id\": 2, \"width\": 10, \"height\": 10},"));
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, "[" + OK_BOX + "]", StandardCharsets.UTF_8);
    CliRun r = CliRun.of("detection", "--gt", gt.toString(), "--pred", pred.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.strip().endsWith("dup.json: images: field \"id\": duplicate image id 2"), r.toString());
  }

  @Test
  void badOptionValueNamesTheOption() {
    CliRun r = CliRun.of("detection", "--gt", "g", "--pred", "p", "--out", "o", "--iou-type", "boxes");
    assertEquals(Main.BAD_INPUT, r.exitCode);
    assertEquals("overlap: --iou-type: expected bbox, segm, boundary, keypoints, bev or 3d, got \"boxes\"", r.err.strip());
  }

  @Test
  void emptyPredictionSetIsValidWithApZeroWhereThereIsGroundTruth() throws IOException {
    Path pred = tmp.resolve("empty.json");
    Files.writeString(pred, "[]", StandardCharsets.UTF_8);
    Path out = tmp.resolve("o");
    CliRun r = CliRun.of("detection", "--gt", TestData.path("reference/coco-edge/11_empty_results/gt.json"), "--pred",
        pred.toString(), "--out", out.toString(), "--run-id", "empty");
    assertEquals(Main.OK, r.exitCode, r.toString());
    assertTrue(r.out.contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.000"), r.out);
    assertTrue(r.out.contains("area= large | maxDets=100 ] = -1.000"), r.out);
    assertTrue(Files.exists(out.resolve("summary.json")));
  }
}
