package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly gate does not ratchet: after a night that failed the gate, the next night with the
 * same regressed model still compares with the last night that passed, and fails again.
 */
class GateRatchetTest {
  static final String EDGE = "reference/coco-edge/01_perfect_match/";
  @TempDir Path tmp;

  CliRun night(Path out, String runId, String pred) {
    return CliRun.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred", pred, "--out", out.toString(),
        "--run-id", runId, "--partitions", "2", "--quiet", "--max-drop", "AP=0.01");
  }

  @Test
  void aFailedNightIsNeverTheNextNightsBaseline() throws IOException {
    List<Object> preds = new ArrayList<>(TestJson.list(TestJson.resource(EDGE + "pred.json")));
    preds.remove(0);
    Path worse = tmp.resolve("worse.json");
    StringBuilder b = new StringBuilder("[");
    for (Object o : preds) {
      Map<String, Object> p = TestJson.map(o);
      List<Object> box = TestJson.list(p.get("bbox"));
      b.append(b.length() > 1 ? "," : "").append(String.format(Locale.ROOT, "{\"image_id\": %d, \"category_id\": %d,"
          + " \"bbox\": [%s, %s, %s, %s], \"score\": %s}", ((Double) p.get("image_id")).longValue(),
          ((Double) p.get("category_id")).longValue(), box.get(0), box.get(1), box.get(2), box.get(3), p.get("score")));
    }
    Files.writeString(worse, b.append("]").toString(), StandardCharsets.UTF_8);
    Path out = tmp.resolve("nightly");

    CliRun good = night(out, "2026-11-20", TestData.path(EDGE + "pred.json"));
    assertEquals(Main.OK, good.exitCode, good.toString());
    CliRun regressed = night(out, "2026-11-21", worse.toString());
    assertEquals(Main.GATE_FAILED, regressed.exitCode, regressed.toString());
    assertTrue(regressed.err.contains("(run 2026-11-20)"), regressed.err);

    CliRun again = night(out, "2026-11-22", worse.toString());
    assertEquals(Main.GATE_FAILED, again.exitCode, again.toString());
    assertTrue(again.err.startsWith("overlap: gate: AP dropped ") && again.err.contains(" from 1.0000 (run 2026-11-20) to "),
        again.err);
    assertEquals("2026-11-20", TestJson.map(TestJson.map(TestJson.read(out.resolve("summary.json"))).get("gate")).get("baseline"));
    // an explicit baseline is taken as given, even a failed night
    CliRun named = CliRun.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred", worse.toString(), "--out",
        out.toString(), "--run-id", "2026-11-23", "--partitions", "2", "--quiet", "--max-drop", "AP=0.01", "--baseline",
        "2026-11-21");
    assertEquals(Main.OK, named.exitCode, named.toString());
  }
}
