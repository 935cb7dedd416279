package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoBootstrap;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.CocoResultsReader;
import dev.overlap.core.keypoints.KeypointStats;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --iou-type keypoints --bootstrap R}: intervals of keypoints' ten stats, the same bits on 1 and 3 partitions
 * and equal to core's one-machine bootstrap (whose replicates with weight 1 are pycocotools' numbers, core's
 * KeypointsBootstrapTest).
 */
class KeypointsBootstrapJobTest {
  static final String KPT = "reference/keypoints-small/";
  static final int R = 30;
  static final long SEED = 2;
  @TempDir static Path tmp;

  @Test
  void intervalsOfTheTenStatsOnAnyPartitioningEqualTheOneMachineBootstrap() throws Exception {
    String gtPath = TestData.path(KPT + "person_keypoints_gt.json");
    String dtPath = TestData.path(KPT + "keypoints_results.json");
    Map<String, Object>[] s = new Map[2];
    CliRun[] runs = new CliRun[2];
    int[] partitions = {3, 1};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve("p" + partitions[i]);
      runs[i] = CliRun.of("detection", "--iou-type", "keypoints", "--gt", gtPath, "--pred", dtPath, "--out",
          out.toString(), "--partitions", Integer.toString(partitions[i]), "--bootstrap", Integer.toString(R), "--seed",
          Long.toString(SEED), "--top", "2");
      assertEquals(Main.OK, runs[i].exitCode, runs[i].toString());
      s[i] = TestJson.map(TestJson.read(out.resolve("summary.json")));
    }
    assertEquals(s[0].get("ci").toString(), s[1].get("ci").toString());
    CocoGroundTruth gt = OneMachineInputs.groundTruth(gtPath, CocoGroundTruthReader::withKeypoints);
    List<Detection> dts = OneMachineInputs.results(dtPath, CocoResultsReader::withKeypoints);
    CocoIntervals core = CocoBootstrap.evaluate(gt, dts,
        CocoParams.builder(IouType.KEYPOINTS).build(), KeypointStats.layout(), R, SEED, 0.95);
    Map<String, Object> ci = TestJson.map(s[0].get("ci"));
    assertEquals(List.of(KeypointStats.NAMES), new ArrayList<>(ci.keySet()));
    for (int i = 0; i < KeypointStats.NAMES.length; i++) {
      List<Object> pair = TestJson.list(ci.get(KeypointStats.NAMES[i]));
      assertEquals(core.intervals()[i][0], (Double) pair.get(0), 1e-15, KeypointStats.NAMES[i]);
      assertEquals(core.intervals()[i][1], (Double) pair.get(1), 1e-15, KeypointStats.NAMES[i]);
    }
    assertTrue(runs[0].out.contains("   AR "), runs[0].out);
  }
}
