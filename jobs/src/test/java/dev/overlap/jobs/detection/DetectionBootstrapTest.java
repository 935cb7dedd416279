package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoBootstrap;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.jobs.CliRun;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --bootstrap} on coco-small (bbox): the distributed intervals are the same bits on 1, 3 and 17 partitions
 * and equal core's one-machine bootstrap (itself checked against a naive weighted accumulate in core's tests).
 */
class DetectionBootstrapTest {
  static final int R = 25;
  static final long SEED = 5;
  static final String GT = "reference/coco-small/instances_gt.json";
  static final String DT = "reference/coco-small/detections.json";

  @TempDir static Path tmp;
  static CliRun[] runs = new CliRun[3];
  static Map<String, Object>[] summaries;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void evaluate() {
    int[] partitions = {3, 1, 17};
    summaries = new Map[3];
    for (int i = 0; i < 3; i++) {
      Path out = tmp.resolve("p" + partitions[i]);
      runs[i] = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", TestData.path(DT), "--out", out.toString(),
          "--run-id", "b1", "--partitions", Integer.toString(partitions[i]), "--bootstrap", Integer.toString(R),
          "--seed", Long.toString(SEED), "--top", "3");
      assertEquals(Main.OK, runs[i].exitCode, runs[i].toString());
      summaries[i] = TestJson.map(TestJson.read(out.resolve("summary.json")));
    }
  }

  @Test
  void sameBitsOnAnyPartitioningAndEqualToTheOneMachineBootstrap() throws Exception {
    String ci = summaries[0].get("ci").toString();
    assertEquals(ci, summaries[1].get("ci").toString());
    assertEquals(ci, summaries[2].get("ci").toString());
    CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of(TestData.path(GT)), false);
    List<Detection> dts = CocoFiles.readResults(Path.of(TestData.path(DT)), false);
    CocoIntervals core = CocoBootstrap.evaluate(gt, dts, CocoParams.defaults(IouType.BBOX), R, SEED, 0.95);
    Map<String, Object> got = TestJson.map(summaries[0].get("ci"));
    for (int s = 0; s < CocoSummary.NAMES.length; s++) {
      List<Object> pair = TestJson.list(got.get(CocoSummary.NAMES[s]));
      assertEquals(core.intervals()[s][0], (Double) pair.get(0), 0.0, CocoSummary.NAMES[s]);
      assertEquals(core.intervals()[s][1], (Double) pair.get(1), 0.0, CocoSummary.NAMES[s]);
    }
    List<Row> rows = SparkTestSession.get().read().parquet(tmp.resolve("p17").resolve("per_class").toString())
        .orderBy("category_id").collectAsList();
    long[] ids = gt.categories().stream().mapToLong(c -> c.id()).sorted().toArray();
    for (int k = 0; k < ids.length; k++) {
      Row row = rows.get(k);
      assertEquals(ids[k], row.getLong(row.fieldIndex("category_id")));
      double[] want = core.categoryIntervals()[k][0];
      Object lo = row.get(row.fieldIndex("AP_lo"));
      if (Double.isNaN(want[0])) {
        assertNull(lo, "category " + ids[k] + " has no ground truth in any replicate");
      } else {
        assertEquals(want[0], (Double) lo, 0.0, "AP_lo of " + ids[k]);
        assertEquals(want[1], row.getDouble(row.fieldIndex("AP_hi")), 0.0, "AP_hi of " + ids[k]);
      }
    }
  }

  @Test
  void headlineInsideItsIntervalOnTheConsoleAndInTheTables() {
    double ap = (Double) summaries[0].get("AP");
    List<Object> ci = TestJson.list(TestJson.map(summaries[0].get("ci")).get("AP"));
    assertTrue((Double) ci.get(0) < ap && ap < (Double) ci.get(1), ap + " outside " + ci);
    assertEquals((double) R, TestJson.map(summaries[0].get("bootstrap")).get("replicates"));
    String out = runs[0].out;
    assertTrue(out.contains("Bootstrap 95% intervals (" + R + " replicates over images, seed " + SEED + "):"), out);
    assertTrue(out.matches("(?s).*\n AP 0\\.\\d{3} \\[0\\.\\d{3}, 0\\.\\d{3}\\]   AP50 .*"), out);
    Row summaryAp = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("summary").toString())
        .where("metric = 'AP'").first();
    assertEquals((Double) ci.get(0), summaryAp.getDouble(summaryAp.fieldIndex("lo")), 0.0);
    assertEquals((Double) ci.get(1), summaryAp.getDouble(summaryAp.fieldIndex("hi")), 0.0);
  }
}
