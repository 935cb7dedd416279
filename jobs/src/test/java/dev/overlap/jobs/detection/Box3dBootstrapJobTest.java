package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoBootstrap;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.geometry.Box3dSummary;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --iou-type bev / 3d --bootstrap R}: intervals of the four bev / 3d stats (AP, AP25, AP50, AR100), the same
 * bits on 1 and 3 partitions and equal to core's one-machine bootstrap over the same layout (whose unit-weight
 * replicates are accumulate's numbers, core's CocoBootstrapTest).
 */
class Box3dBootstrapJobTest {
  static final String B3 = "reference/box3d-small/";
  static final int R = 30;
  static final long SEED = 4;
  @TempDir static Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bev", "3d"})
  void intervalsOfTheFourStatsOnAnyPartitioningEqualTheOneMachineBootstrap(String type) throws Exception {
    String gtPath = TestData.path(B3 + "gt.json");
    String dtPath = TestData.path(B3 + "results.json");
    Map<String, Object>[] s = new Map[2];
    CliRun[] runs = new CliRun[2];
    int[] partitions = {3, 1};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve(type + partitions[i]);
      runs[i] = CliRun.of("detection", "--iou-type", type, "--gt", gtPath, "--pred", dtPath, "--out", out.toString(),
          "--partitions", Integer.toString(partitions[i]), "--bootstrap", Integer.toString(R), "--seed",
          Long.toString(SEED), "--top", "2");
      assertEquals(Main.OK, runs[i].exitCode, runs[i].toString());
      s[i] = TestJson.map(TestJson.read(out.resolve("summary.json")));
    }
    assertEquals(s[0].get("ci").toString() + s[0].get("per_class"), s[1].get("ci").toString() + s[1].get("per_class"));
    IouType iou = IouType.parse(type);
    CocoGroundTruth gt;
    List<Detection> dts;
    try (InputStream in = new FileInputStream(gtPath)) {
      gt = CocoFiles.readGroundTruth(in, gtPath, iou);
    }
    try (InputStream in = new FileInputStream(dtPath)) {
      dts = CocoFiles.readResults(in, dtPath, iou);
    }
    CocoIntervals core = CocoBootstrap.evaluate(gt, dts, CocoParams.builder(iou).build(), Box3dSummary.layout(), R,
        SEED, 0.95);
    Map<String, Object> ci = TestJson.map(s[0].get("ci"));
    assertEquals(List.of(Box3dSummary.NAMES), new ArrayList<>(ci.keySet()));
    for (int i = 0; i < Box3dSummary.NAMES.length; i++) {
      List<Object> pair = TestJson.list(ci.get(Box3dSummary.NAMES[i]));
      assertEquals(core.intervals()[i][0], (Double) pair.get(0), 1e-15, type + " " + Box3dSummary.NAMES[i]);
      assertEquals(core.intervals()[i][1], (Double) pair.get(1), 1e-15, type + " " + Box3dSummary.NAMES[i]);
    }
    // per class: summary.json's ap25 interval, the table's AP / AP50 / AR100 columns
    long[] ids = gt.categories().stream().mapToLong(c -> c.id()).sorted().toArray();
    List<Object> perClass = TestJson.list(s[0].get("per_class"));
    List<Row> rows = SparkTestSession.get().read().parquet(tmp.resolve(type + "3").resolve("per_class").toString())
        .orderBy("category_id").collectAsList();
    String[] columns = {"AP", null, "AP50", "AR100"};
    for (int k = 0; k < ids.length; k++) {
      Map<String, Object> c = TestJson.map(perClass.get(k));
      assertEquals((double) ids[k], c.get("category_id"));
      double[] ap25 = core.categoryIntervals()[k][1];
      if (Double.isNaN(ap25[0])) {
        assertNull(c.get("ap25_lo"));
      } else {
        assertEquals(ap25[0], (Double) c.get("ap25_lo"), 1e-15, "ap25_lo of " + ids[k]);
        assertEquals(ap25[1], (Double) c.get("ap25_hi"), 1e-15, "ap25_hi of " + ids[k]);
      }
      Row row = rows.get(k);
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] == null) continue;
        double[] want = core.categoryIntervals()[k][i];
        Object lo = row.get(row.fieldIndex(columns[i] + "_lo"));
        if (Double.isNaN(want[0])) {
          assertNull(lo, columns[i] + "_lo of " + ids[k]);
        } else {
          assertEquals(want[0], (Double) lo, 1e-15, columns[i] + "_lo of " + ids[k]);
          assertEquals(want[1], row.getDouble(row.fieldIndex(columns[i] + "_hi")), 1e-15, columns[i] + "_hi of " + ids[k]);
        }
      }
    }
    assertTrue(runs[0].out.matches("(?s).*\n AP 0\\.\\d{3} \\[0\\.\\d{3}, 0\\.\\d{3}\\]   AP25 .*"), runs[0].out);
  }
}
