package dev.overlap.jobs.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input the issue lists, one per image of a copy of panoptic-small: by default the run
 * stops with one line naming the file and segment (exit 2); with {@code --on-bad-input skip} each
 * bad image is one row of the rejects table with its reason, the others are evaluated,
 * images = evaluated + rejected, and the exit code is 3 (0 with {@code --allow-rejects}).
 */
class PanopticBadInputTest {
  static final String DIR = "reference/panoptic-small/";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path gtDir;
  Path predDir;
  ObjectNode gt;
  ObjectNode pred;
  Map<String, ObjectNode> predByImage = new HashMap<>();
  Map<String, ObjectNode> gtByImage = new HashMap<>();

  @BeforeEach
  void copy() throws IOException {
    gtDir = tmp.resolve("gt");
    predDir = tmp.resolve("pred");
    copyDir(Path.of(TestData.path(DIR + "gt")), gtDir);
    copyDir(Path.of(TestData.path(DIR + "pred")), predDir);
    gt = (ObjectNode) JSON.readTree(Path.of(TestData.path(DIR + "panoptic_gt.json")).toFile());
    pred = (ObjectNode) JSON.readTree(Path.of(TestData.path(DIR + "panoptic_pred.json")).toFile());
    for (var a : gt.withArray("annotations")) gtByImage.put(a.get("image_id").asText(), (ObjectNode) a);
    for (var a : pred.withArray("annotations")) predByImage.put(a.get("image_id").asText(), (ObjectNode) a);
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, to.resolve(p.getFileName()));
    }
  }

  /** Applies the bad cases; returns image id -> the words its rejection must contain. */
  Map<String, String> breakImages(boolean all) throws IOException {
    Map<String, String> reasons = new HashMap<>();
    // a ground-truth image without a prediction entry
    ArrayNode preds = pred.withArray("annotations");
    for (int i = 0; i < preds.size(); i++) {
      if (preds.get(i).get("image_id").asText().equals("4256")) preds.remove(i--);
    }
    reasons.put("4256", "no prediction entry for ground-truth image_id 4256");
    if (!all) return reasons;
    // a PNG segment missing from segments_info
    ((ArrayNode) predByImage.get("32477").get("segments_info")).remove(0);
    reasons.put("32477", "is in the PNG but not in segments_info");
    // a segments_info id absent from the PNG
    ObjectNode extra = ((ArrayNode) predByImage.get("41408").get("segments_info")).addObject();
    extra.put("id", 16777213);
    extra.put("category_id", 1);
    reasons.put("41408", "segment id 16777213 (RGB 253,255,255, segments_info[");
    // duplicate segment ids
    ArrayNode dup = (ArrayNode) gtByImage.get("48930").get("segments_info");
    dup.add(dup.get(0).deepCopy());
    reasons.put("48930", "duplicate segment id");
    // an unknown category
    ((ObjectNode) predByImage.get("88748").get("segments_info").get(0)).put("category_id", 999);
    reasons.put("88748", "unknown category_id 999");
    // a prediction PNG of the wrong size
    Files.copy(predDir.resolve("pred_4256.png"), predDir.resolve("pred_114790.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    reasons.put("114790", "prediction is 298x223 but ground truth is 313x240");
    // a grayscale PNG
    ImageIO.write(new BufferedImage(288, 247, BufferedImage.TYPE_BYTE_GRAY), "png",
        predDir.resolve("pred_114965.png").toFile());
    reasons.put("114965", "segment-id maps must be 8-bit RGB or RGBA");
    // a missing PNG
    Files.delete(gtDir.resolve("000000129131.png"));
    reasons.put("129131", "PNG not found under --gt-dir");
    // a corrupt (truncated) PNG
    byte[] png = Files.readAllBytes(predDir.resolve("pred_131995.png"));
    Files.write(predDir.resolve("pred_131995.png"), java.util.Arrays.copyOf(png, png.length / 2));
    reasons.put("131995", "truncated");
    return reasons;
  }

  String[] args(String runId, String... more) throws IOException {
    Path gtJson = tmp.resolve("gt.json");
    Path predJson = tmp.resolve("pred.json");
    JSON.writeValue(gtJson.toFile(), gt);
    JSON.writeValue(predJson.toFile(), pred);
    List<String> a = new java.util.ArrayList<>(List.of("panoptic", "--gt-json", gtJson.toString(), "--gt-dir",
        gtDir.toString(), "--pred-json", predJson.toString(), "--pred-dir", predDir.toString(), "--out",
        tmp.resolve("out").toString(), "--run-id", runId, "--quiet"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void failModeStopsWithOneLine() throws IOException {
    breakImages(false);
    CliRun r = CliRun.of(args("f1"));
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.startsWith("overlap: bad input: "), r.err);
    assertTrue(r.err.contains("pred.json: no prediction entry for ground-truth image_id 4256"), r.err);
    assertFalse(Files.exists(tmp.resolve("out/summary.json")));
  }

  @Test
  void failModeNamesThePngAndTheSegment() throws IOException {
    ((ArrayNode) predByImage.get("32477").get("segments_info")).remove(0);
    CliRun r = CliRun.of(args("f2"));
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals(1, r.err.strip().lines().count(), r.err);
    assertTrue(r.err.matches("(?s)overlap: bad input: \\S*pred_32477\\.png: segment id \\d+ \\(RGB \\d+,\\d+,\\d+, \\d+"
        + " pixels\\) is in the PNG but not in segments_info\\s*"), r.err);
  }

  @Test
  void skipModeRejectsEachBadImageAndEvaluatesTheRest() throws IOException {
    Map<String, String> reasons = breakImages(true);
    CliRun r = CliRun.of(args("s1", "--on-bad-input", "skip"));
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    assertTrue(r.err.contains("overlap: 9 of 40 images were rejected"), r.err);
    Map<String, Object> counts = TestJson.map(TestJson.map(TestJson.read(tmp.resolve("out/summary.json"))).get("counts"));
    assertEquals(40L, ((Number) counts.get("images")).longValue());
    assertEquals(31L, ((Number) counts.get("evaluated")).longValue());
    assertEquals(9L, ((Number) counts.get("rejected")).longValue());
    List<Row> rejects = SparkTestSession.get().read().parquet(tmp.resolve("out/rejects").toString()).collectAsList();
    assertEquals(9, rejects.size());
    for (Row row : rejects) {
      String image = row.getString(row.fieldIndex("image_id"));
      String text = row.getString(row.fieldIndex("file")) + ": " + row.getString(row.fieldIndex("reason"));
      assertTrue(text.contains(reasons.get(image)), image + ": " + text);
    }
    CliRun allowed = CliRun.of(args("s2", "--on-bad-input", "skip", "--allow-rejects"));
    assertEquals(Main.OK, allowed.exitCode, allowed.toString());
  }
}
