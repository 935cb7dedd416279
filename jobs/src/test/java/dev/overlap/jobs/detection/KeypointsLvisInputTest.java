package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keypoint and LVIS inputs: --kpt-sigmas for a skeleton that is not COCO's, and bad input (wrong keypoint
 * counts, visibility flags, sigmas that miss a category, LVIS fields missing) as one located line, or rejects.
 */
class KeypointsLvisInputTest {
  @TempDir Path tmp;

  /** One "hand" category of 3 keypoints; one ground truth of area 100 with all three labelled. */
  static String handGt(String gtKeypoints, String extraImageFields, String categoryExtra) {
    return "{\"images\": [{\"id\": 1, \"width\": 100, \"height\": 100" + extraImageFields + "}],"
        + " \"categories\": [{\"id\": 1, \"name\": \"hand\", \"keypoints\": [\"a\", \"b\", \"c\"]" + categoryExtra + "}],"
        + " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"area\": 100,"
        + " \"iscrowd\": 0, \"num_keypoints\": 3, \"keypoints\": " + gtKeypoints + "}]}";
  }

  static final String GT_KPTS = "[10, 10, 2, 20, 20, 2, 30, 30, 2]";
  /** Each keypoint 1 px to the right of the ground truth's. */
  static final String DET = "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"keypoints\": [11, 10, 1, 21, 20, 1, 31, 30, 1]}]";

  CliRun run(String gt, String pred, String... extra) throws IOException {
    Path g = tmp.resolve("gt.json");
    Path p = tmp.resolve("pred.json");
    Files.writeString(g, gt);
    Files.writeString(p, pred);
    String[] base = {"detection", "--gt", g.toString(), "--pred", p.toString(), "--out", tmp.resolve("out").toString(),
        "--partitions", "2"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.of(all);
  }

  /**
   * By hand: dx = 1 on each keypoint, area 100, so e = 1 / (2 sigma)^2 / 100 / 2 and OKS = exp(-e). With sigma 0.1,
   * e = 0.125 and OKS = 0.8825: a match at the 8 thresholds .50 to .85, so AP = 8 / 10 = 0.8. With sigma 0.05,
   * e = 0.5 and OKS = 0.6065: a match at .50, .55, .60 only, AP = 0.3.
   */
  @Test
  void kptSigmasFileSetsTheConstantsOfEachCategory() throws IOException {
    Path sigmas = tmp.resolve("sigmas.json");
    Files.writeString(sigmas, "{\"1\": [0.1, 0.1, 0.1]}");
    CliRun r = run(handGt(GT_KPTS, "", ""), DET, "--iou-type", "keypoints", "--kpt-sigmas", sigmas.toString());
    assertEquals(Main.OK, r.exitCode, r.toString());
    Map<String, Object> s = TestJson.map(TestJson.read(tmp.resolve("out/summary.json")));
    assertEquals(0.8, (Double) s.get("AP"), 1e-12);
    assertEquals(1.0, (Double) s.get("AP50"), 1e-12);
    Files.writeString(sigmas, "{\"default\": [0.05, 0.05, 0.05]}");
    r = run(handGt(GT_KPTS, "", ""), DET, "--iou-type", "keypoints", "--kpt-sigmas", sigmas.toString());
    assertEquals(Main.OK, r.exitCode, r.toString());
    s = TestJson.map(TestJson.read(tmp.resolve("out/summary.json")));
    assertEquals(0.3, (Double) s.get("AP"), 1e-12);
    assertEquals(0.0, (Double) s.get("AP75"), 1e-12);
    assertEquals(java.util.List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"),
        s.keySet().stream().filter(k -> k.startsWith("AP") || k.startsWith("AR")).toList());
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("result keypoints of the wrong length", handGt(GT_KPTS, "", ""),
            DET.replace("[11, 10, 1, 21, 20, 1, 31, 30, 1]", "[11, 10, 1, 21, 20, 1]"), "sigmas3",
            "pred.json: record 0: field \"keypoints\": has 6 values; the category has 3 keypoints, so 3 x 3 = 9 are expected"),
        Arguments.of("ground-truth visibility flag 3", handGt("[10, 10, 2, 20, 20, 3, 30, 30, 2]", "", ""), DET, "sigmas3",
            "gt.json: annotations[0]: field \"keypoints\": visibility flag 3.0 of keypoint 2 is not 0, 1 or 2"),
        Arguments.of("sigmas that miss a category", handGt(GT_KPTS, "", ""), DET, "sigmas-other",
            "sigmas.json: category id 1: no sigmas for category 1 (\"hand\") of the ground truth"),
        Arguments.of("COCO's 17 sigmas for a 3-keypoint category", handGt(GT_KPTS, "", ""), DET, null,
            "gt.json: category id 1: field \"keypoints\": the category names 3 keypoints but has 17 sigmas"),
        Arguments.of("LVIS image without neg_category_ids", handGt(GT_KPTS, ", \"not_exhaustive_category_ids\": []",
            ", \"frequency\": \"r\""), "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"bbox\": [10, 10, 20, 20]}]",
            "lvis", "gt.json: images[0]: field \"neg_category_ids\": missing"),
        Arguments.of("LVIS category without frequency", handGt(GT_KPTS, ", \"neg_category_ids\": [],"
            + " \"not_exhaustive_category_ids\": []", ""),
            "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.9, \"bbox\": [10, 10, 20, 20]}]",
            "lvis", "gt.json: categories[0]: field \"frequency\": missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneLocatedLine(String name, String gt, String pred, String mode, String expected) throws IOException {
    Path sigmas = tmp.resolve("sigmas.json");
    Files.writeString(sigmas, mode != null && mode.equals("sigmas-other") ? "{\"2\": [0.1, 0.1, 0.1]}" : "[0.1, 0.1, 0.1]");
    CliRun r = mode == null ? run(gt, pred, "--iou-type", "keypoints")
        : mode.equals("lvis") ? run(gt, pred, "--protocol", "lvis")
        : run(gt, pred, "--iou-type", "keypoints", "--kpt-sigmas", sigmas.toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    assertTrue(line.contains(expected), "expected \"" + expected + "\" in " + line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
  }

  @Test
  void skipModeSendsABadKeypointResultToRejects() throws IOException {
    Path sigmas = tmp.resolve("sigmas.json");
    Files.writeString(sigmas, "[0.1, 0.1, 0.1]");
    String pred = "[" + DET.substring(1, DET.length() - 1) + ", {\"image_id\": 1, \"category_id\": 1, \"score\": 0.8,"
        + " \"keypoints\": [1, 2, 3, 4]}, {\"image_id\": 1, \"category_id\": 1, \"score\": 0.7, \"keypoints\": [1, 2, 3]}]";
    CliRun r = run(handGt(GT_KPTS, "", ""), pred, "--iou-type", "keypoints", "--kpt-sigmas", sigmas.toString(),
        "--on-bad-input", "skip", "--run-id", "skip-run");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    Map<String, Object> counts = TestJson.map(TestJson.map(TestJson.read(tmp.resolve("out/summary.json"))).get("counts"));
    assertEquals(3.0, counts.get("predictions"));
    assertEquals(1.0, counts.get("predictions_evaluated"));
    assertEquals(2.0, counts.get("predictions_rejected"));
    var rejects = SparkTestSession.get().read().parquet(tmp.resolve("out/rejects").toString()).where("run_id = 'skip-run'")
        .orderBy("record").collectAsList();
    assertEquals(2, rejects.size());
    assertEquals("record 1", rejects.get(0).getAs("record"));
    assertTrue(((String) rejects.get(0).getAs("reason")).contains("not a multiple of 3"), rejects.toString());
    assertEquals("record 2", rejects.get(1).getAs("record"));
    assertTrue(((String) rejects.get(1).getAs("reason")).contains("has 3 values; the category has 3 keypoints"), rejects.toString());
  }
}
