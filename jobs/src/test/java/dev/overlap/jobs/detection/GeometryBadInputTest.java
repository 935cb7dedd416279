package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad box3d input, 2D / 3D mix-ups and bad NMS options: one line naming record and field, or rejects. */
class GeometryBadInputTest {
  static final String GT3 = "{\"images\": [{\"id\": 1, \"file_name\": \"s\"}], \"categories\": [{\"id\": 1, \"name\": \"car\"}],"
      + " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"box3d\": [0, 0, 0, 4, 2, 1.5, 0.3]}]}";
  static final String OK3 = "{\"image_id\": 1, \"category_id\": 1, \"box3d\": [0.1, 0, 0, 4, 2, 1.5, 0.3], \"score\": 0.9}";

  @TempDir Path tmp;

  static Stream<Arguments> badPredictions() {
    return Stream.of(
        Arguments.of("six numbers", "3d", OK3.replace("[0.1, 0, 0, 4, 2, 1.5, 0.3]", "[0.1, 0, 0, 4, 2, 1.5]"),
            "pred.json: record 1: field \"box3d\": box3d must have 7 numbers"),
        Arguments.of("NaN length", "bev", OK3.replace("[0.1, 0, 0, 4,", "[0.1, 0, 0, NaN,"),
            "pred.json: record 1: field \"box3d\": l = NaN is not a valid box3d value"),
        Arguments.of("negative height", "3d", OK3.replace("1.5, 0.3]", "-1.5, 0.3]"),
            "pred.json: record 1: field \"box3d\": box3d size h is negative (-1.5)"),
        Arguments.of("2D box in a 3D run", "3d", "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}",
            "pred.json: record 1: field \"box3d\": missing required field"),
        Arguments.of("3D box in a bbox run", "bbox", OK3, "pred.json: record 0: field \"bbox\": missing required field (the"
            + " record has a 3D box3d: evaluate it with --iou-type bev or 3d)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPredictions")
  void badPredictionIsOneLocatedLine(String name, String type, String bad, String expected) throws IOException {
    Path gt = tmp.resolve("gt.json");
    Files.writeString(gt, type.equals("bbox") ? GT3.replace("\"file_name\": \"s\"", "\"width\": 10, \"height\": 10")
        .replace("\"box3d\": [0, 0, 0, 4, 2, 1.5, 0.3]", "\"bbox\": [0, 0, 4, 2], \"area\": 8") : GT3);
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, type.equals("bbox") ? "[" + bad + "]" : "[" + OK3 + ", " + bad + "]", StandardCharsets.UTF_8);
    CliRun r = CliRun.of("detection", "--gt", gt.toString(), "--pred", pred.toString(), "--iou-type", type, "--out",
        tmp.resolve("out").toString(), "--partitions", "2");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    assertTrue(line.contains(expected), "expected \"" + expected + "\" in " + line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
  }

  @Test
  void skipModeSendsBadBoxesToRejects() throws IOException {
    Path gt = tmp.resolve("gt.json");
    Files.writeString(gt, GT3);
    Path pred = tmp.resolve("pred.json");
    Files.writeString(pred, "[" + OK3 + ", " + OK3.replace("1.5, 0.3]", "-1.5, 0.3]") + ", "
        + OK3.replace("[0.1, 0, 0, 4, 2, 1.5, 0.3]", "[1, 2]") + "]");
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("detection", "--gt", gt.toString(), "--pred", pred.toString(), "--iou-type", "bev", "--out",
        out.toString(), "--partitions", "2", "--on-bad-input", "skip", "--run-id", "s");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    assertTrue(r.err.contains("2 input records were rejected"), r.toString());
    List<Row> rejects = SparkTestSession.get().read().parquet(out.resolve("rejects").toString()).orderBy("record")
        .collectAsList();
    assertEquals(2, rejects.size());
    assertEquals("record 1", rejects.get(0).getAs("record"));
    assertEquals("box3d", rejects.get(0).getAs("field"));
    assertEquals("record 2", rejects.get(1).getAs("record"));
    assertTrue(r.out.contains("Read 1 ground truths (1 evaluated, 0 excluded, 0 rejected) and 3 predictions (1 evaluated,"
        + " 0 excluded, 2 rejected)"), r.out);
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(List.of("--nms", "1.5"), "--nms: expected an IoU threshold in [0, 1], got \"1.5\""),
        Arguments.of(List.of("--nms", "-0.1"), "--nms: expected an IoU threshold in [0, 1]"),
        Arguments.of(List.of("--nms", "0.5", "--soft-nms", "linear"), "--nms and --soft-nms exclude each other"),
        Arguments.of(List.of("--soft-nms", "cubic"), "--soft-nms"),
        Arguments.of(List.of("--soft-nms", "gaussian", "--soft-nms-sigma", "0"), "--soft-nms-sigma: expected a number above 0"),
        Arguments.of(List.of("--soft-nms", "linear", "--soft-nms-nt", "2"), "--soft-nms-nt: expected an IoU threshold in [0, 1]"),
        Arguments.of(List.of("--soft-nms-sigma", "0.5"), "need --soft-nms"),
        Arguments.of(List.of("--iou-type", "4d"), "--iou-type: expected bbox, segm, boundary, keypoints, bev or 3d, got \"4d\""));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionIsAUsageError(List<String> opts, String expected) {
    String[] base = {"detection", "--gt", TestData.path("reference/box3d-small/gt.json"), "--pred",
        TestData.path("reference/box3d-small/results.json"), "--out", tmp.resolve("o").toString()};
    String[] args = Stream.concat(Stream.of(base), opts.stream()).toArray(String[]::new);
    CliRun r = CliRun.of(args);
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertTrue(r.err.contains(expected), "expected \"" + expected + "\" in " + r.err);
    assertFalse(r.err.contains("\tat "), "no stack trace");
  }
}
