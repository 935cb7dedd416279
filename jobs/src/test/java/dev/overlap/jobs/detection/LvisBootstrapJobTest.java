package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoBootstrap;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.lvis.FrequencyGroups;
import dev.overlap.core.lvis.LvisEvaluator;
import dev.overlap.core.lvis.LvisParams;
import dev.overlap.core.lvis.LvisStats;
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
 * {@code --protocol lvis --bootstrap R}: intervals of LVIS's thirteen stats, the same bits on 1 and 3 partitions and
 * equal to core's one-machine bootstrap over the results lvis-api's rules keep (whose weight-1 replicates are
 * lvis-api's numbers, core's LvisBootstrapTest).
 */
class LvisBootstrapJobTest {
  static final String LVIS = "reference/lvis-small/";
  static final int R = 30;
  static final long SEED = 4;
  @TempDir static Path tmp;

  @Test
  void intervalsOfTheThirteenStatsOnAnyPartitioningEqualTheOneMachineBootstrap() throws Exception {
    String gtPath = TestData.path(LVIS + "lvis_gt.json");
    String dtPath = TestData.path(LVIS + "lvis_results.json");
    Map<String, Object>[] s = new Map[2];
    int[] partitions = {3, 1};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve("p" + partitions[i]);
      CliRun run = CliRun.of("detection", "--protocol", "lvis", "--gt", gtPath, "--pred", dtPath, "--out",
          out.toString(), "--partitions", Integer.toString(partitions[i]), "--bootstrap", Integer.toString(R), "--seed",
          Long.toString(SEED), "--quiet");
      assertEquals(Main.OK, run.exitCode, run.toString());
      s[i] = TestJson.map(TestJson.read(out.resolve("summary.json")));
    }
    assertEquals(s[0].get("ci").toString(), s[1].get("ci").toString());
    CocoGroundTruth gt = OneMachineInputs.groundTruth(gtPath, CocoGroundTruthReader::withLvis);
    List<Detection> dts = OneMachineInputs.results(dtPath, r -> r);
    CocoParams params = LvisParams.builder(IouType.BBOX).build();
    LvisEvaluator.Filtered f = LvisEvaluator.filter(gt, dts, params, "gt");
    long[] ids = gt.categories().stream().mapToLong(Category::id).sorted().toArray();
    FrequencyGroups groups = LvisEvaluator.groups(gt.categories(), ids, "gt");
    CocoIntervals core = CocoBootstrap.evaluate(f.gt(), f.dts(), params, LvisStats.layout(groups,
        params.maxDetsLast()), R, SEED, 0.95);
    Map<String, Object> ci = TestJson.map(s[0].get("ci"));
    assertEquals(List.of(LvisStats.NAMES), new ArrayList<>(ci.keySet()));
    for (int i = 0; i < LvisStats.NAMES.length; i++) {
      List<Object> pair = TestJson.list(ci.get(LvisStats.NAMES[i]));
      if (Double.isNaN(core.intervals()[i][0])) {
        assertEquals(null, pair.get(0), LvisStats.NAMES[i]);
        continue;
      }
      assertEquals(core.intervals()[i][0], (Double) pair.get(0), 1e-15, LvisStats.NAMES[i]);
      assertEquals(core.intervals()[i][1], (Double) pair.get(1), 1e-15, LvisStats.NAMES[i]);
    }
  }
}
