package dev.overlap.jobs.detection;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.CliRun;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --on-bad-input skip}: bad records go to the rejects table with file, record, field and
 * reason; the run finishes with exactly the numbers of the clean input; totals reconcile; exit 3
 * unless --allow-rejects.
 */
class DetectionSkipModeTest {
  static final String GOOD = String.join("\n",
      "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"score\": 0.9}",
      "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [50, 50, 50, 50], \"score\": 0.8}",
      "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [0, 0, 120, 120], \"score\": 0.7}",
      "{\"image_id\": 2, \"category_id\": 2, \"bbox\": [200, 200, 10, 10], \"score\": 0.6}") + "\n";

  static final String[] BAD = {
      "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"score\": NaN}",
      "{\"image_id\": 77, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"score\": 0.5}",
      "{\"image_id\": 2, \"category_id\": 9, \"bbox\": [10, 10, 20, 20], \"score\": 0.5}",
      "image_id,category_id,score",
      "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [10, 10, -1, 20], \"score\": 0.5}"};

  @TempDir Path tmp;

  @Test
  void badRecordsGoToRejectsAndTheRunEqualsTheCleanOne() throws IOException {
    String gt = TestData.path("reference/coco-edge/01_perfect_match/gt.json");
    Path clean = tmp.resolve("clean.jsonl");
    Files.writeString(clean, GOOD, StandardCharsets.UTF_8);
    // bad lines interleaved with the good ones, plus a blank line
    String[] good = GOOD.split("\n");
    StringBuilder mixed = new StringBuilder();
    for (int i = 0; i < good.length; i++) {
      mixed.append(BAD[i]).append('\n').append(good[i]).append('\n');
    }
    mixed.append('\n').append(BAD[4]).append('\n');
    Path dirty = tmp.resolve("dirty.jsonl");
    Files.writeString(dirty, mixed.toString(), StandardCharsets.UTF_8);

    CliRun base = CliRun.of("detection", "--gt", gt, "--pred", clean.toString(), "--out", tmp.resolve("a").toString());
    assertEquals(Main.OK, base.exitCode, base.toString());

    Path out = tmp.resolve("b");
    CliRun skip = CliRun.of("detection", "--gt", gt, "--pred", dirty.toString(), "--out", out.toString(), "--run-id", "s",
        "--on-bad-input", "skip");
    assertEquals(Main.REJECTS, skip.exitCode, skip.toString());
    assertTrue(skip.err.contains("overlap: 5 input records were rejected; see " + out.resolve("rejects")), skip.err);

    Map<String, Object> a = TestJson.map(TestJson.read(tmp.resolve("a/summary.json")));
    Map<String, Object> b = TestJson.map(TestJson.read(out.resolve("summary.json")));
    for (String k : CocoSummary.NAMES) assertEquals(a.get(k), b.get(k), k);
    Map<String, Object> counts = TestJson.map(b.get("counts"));
    assertEquals(9.0, counts.get("predictions"));
    assertEquals(4.0, counts.get("predictions_evaluated"));
    assertEquals(5.0, counts.get("predictions_rejected"));
    assertEquals(0.0, counts.get("predictions_excluded"));
    assertEquals(5.0, counts.get("rejected"));

    List<Row> rejects = SparkTestSession.get().read().parquet(out.resolve("rejects").toString())
        .orderBy("record").collectAsList();
    assertEquals(5, rejects.size());
    String all = rejects.toString();
    assertTrue(all.contains("line 1") && all.contains("NaN is not a valid score"), all);
    assertTrue(all.contains("line 3") && all.contains("image 77 is not in the ground truth"), all);
    assertTrue(all.contains("line 5") && all.contains("category 9 is not in the ground truth categories"), all);
    assertTrue(all.contains("line 7"), all);
    assertTrue(all.contains("line 10") && all.contains("negative"), all);
    for (Row r : rejects) {
      assertEquals("pred", r.getString(r.fieldIndex("source")));
      assertTrue(r.getString(r.fieldIndex("file")).endsWith("dirty.jsonl"));
      assertEquals("s", r.getString(r.fieldIndex("run_id")));
    }

    CliRun allowed = CliRun.of("detection", "--gt", gt, "--pred", dirty.toString(), "--out", out.toString(), "--run-id",
        "s", "--on-bad-input", "skip", "--allow-rejects", "--quiet");
    assertEquals(Main.OK, allowed.exitCode, allowed.toString());

    // the same run id with clean input removes that run's rejects
    CliRun cleanAgain = CliRun.of("detection", "--gt", gt, "--pred", clean.toString(), "--out", out.toString(),
        "--run-id", "s", "--quiet");
    assertEquals(Main.OK, cleanAgain.exitCode, cleanAgain.toString());
    assertTrue(Files.notExists(out.resolve("rejects/run_id=s")), "stale rejects of the run removed");
  }

  @Test
  void badGroundTruthRecordsAreRejectedToo() throws IOException {
    Map<String, Object> gt = TestJson.map(TestJson.resource("reference/coco-edge/01_perfect_match/gt.json"));
    String text = Files.readString(Path.of(TestData.path("reference/coco-edge/01_perfect_match/gt.json")));
    // a duplicate image and an annotation with a NaN area
    text = text.replaceFirst("\"images\": \\[", "\"images\": [{\"id\": 2, \"width\": 10, \"height\": 10},");
    text = text.replaceFirst("\"area\": 400", "\"area\": NaN");
    Path g = tmp.resolve("gt.json");
    Files.writeString(g, text, StandardCharsets.UTF_8);
    Path out = tmp.resolve("g");
    CliRun r = CliRun.of("detection", "--gt", g.toString(), "--pred",
        TestData.path("reference/coco-edge/01_perfect_match/pred.json"), "--out", out.toString(), "--on-bad-input",
        "skip", "--quiet");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    Map<String, Object> counts = TestJson.map(TestJson.map(TestJson.read(out.resolve("summary.json"))).get("counts"));
    assertEquals(1.0, counts.get("gt_rejected"));
    assertEquals(1.0, counts.get("images_rejected"));
    long annotations = TestJson.list(gt.get("annotations")).size();
    assertEquals((double) annotations, counts.get("gt_annotations"));
    assertEquals((double) annotations - 1, counts.get("gt_evaluated"));
    String rejects = SparkTestSession.get().read().parquet(out.resolve("rejects").toString()).collectAsList().toString();
    assertTrue(rejects.contains("duplicate image id 2 (the first one is kept)"), rejects);
    assertTrue(rejects.contains("area"), rejects);
  }
}
