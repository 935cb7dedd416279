package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.core.testing.TestJson;
import dev.overlap.core.voc.VocCurve;
import dev.overlap.core.voc.VocMatcher;
import dev.overlap.core.voc.VocProtocol;
import dev.overlap.core.voc.VocSummary;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.NumpyPercentile;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --protocol voc07 / voc12 --bootstrap} on voc-small: the intervals are the same bits on 1 and 3 partitions and
 * equal a naive bootstrap written here: every image taken w times (its detections repeated w times in place in the
 * ranked list, its ground truths counted w times), voc_eval's AP on each replicate's curves, numpy's percentiles.
 */
class VocBootstrapJobTest {
  static final int R = 20;
  static final long SEED = 3;
  static final String GT = "reference/voc-small/instances_gt.json";
  static final String DT = "reference/voc-small/detections.json";

  @TempDir Path tmp;

  record Ranked(int k, double score, long imageId, int rank, byte[] flags) {}

  /** The naive replicates' summaries of voc-small. */
  static VocSummary[] naive(VocProtocol protocol) throws Exception {
    CocoGroundTruth g = CocoFiles.readGroundTruth(Path.of(TestData.path(GT)), false);
    List<Detection> d = CocoFiles.readResults(Path.of(TestData.path(DT)), false);
    long[] ids = g.categories().stream().mapToLong(c -> c.id()).sorted().toArray();
    int k0 = ids.length;
    Map<Long, List<GtAnnotation>> gtBy = new HashMap<>();
    for (GtAnnotation a : g.annotations()) gtBy.computeIfAbsent(a.imageId(), x -> new ArrayList<>()).add(a);
    Map<Long, List<Detection>> dtBy = new HashMap<>();
    for (Detection x : d) dtBy.computeIfAbsent(x.imageId(), y -> new ArrayList<>()).add(x);
    List<Ranked> ranked = new ArrayList<>();
    Map<Long, long[]> nposOf = new HashMap<>();
    VocMatcher m = new VocMatcher();
    for (Image im : g.images()) {
      List<GtAnnotation> ga = gtBy.getOrDefault(im.id(), List.of());
      List<Detection> da = dtBy.getOrDefault(im.id(), List.of());
      int ng = ga.size(), nd = da.size();
      int[] gc = new int[ng];
      long[] gs = new long[ng];
      boolean[] diff = new boolean[ng];
      double[] gb = new double[4 * ng];
      for (int i = 0; i < ng; i++) {
        GtAnnotation a = ga.get(i);
        gc[i] = Arrays.binarySearch(ids, a.categoryId());
        gs[i] = a.index();
        diff[i] = a.difficult() || a.iscrowd();
        System.arraycopy(a.bbox(), 0, gb, 4 * i, 4);
      }
      int[] dc = new int[nd];
      long[] ds = new long[nd];
      double[] sc = new double[nd];
      double[] db = new double[4 * nd];
      for (int i = 0; i < nd; i++) {
        Detection x = da.get(i);
        dc[i] = Arrays.binarySearch(ids, x.categoryId());
        ds[i] = x.seq();
        sc[i] = x.score();
        System.arraycopy(x.bbox(), 0, db, 4 * i, 4);
      }
      long[] npos = new long[k0];
      nposOf.put(im.id(), npos);
      m.match(im.id(), ng, gc, gs, diff, gb, nd, dc, ds, sc, db, new MatchSink() {
        @Override
        public void detection(int category, long imageId, int rank, double score, byte[] flags) {
          ranked.add(new Ranked(category, score, imageId, rank, flags.clone()));
        }

        @Override
        public void groundTruth(int category, int area, int notIgnored) {
          npos[category] += notIgnored;
        }
      });
    }
    ranked.sort(Comparator.comparingInt(Ranked::k).thenComparing((a, b) -> Double.compare(b.score(), a.score()))
        .thenComparingLong(Ranked::imageId).thenComparingInt(Ranked::rank));
    double[] thr = VocProtocol.thresholds();
    VocSummary[] out = new VocSummary[R];
    for (int r = 0; r < R; r++) {
      Map<Long, Integer> w = new HashMap<>();
      long[] npos = new long[k0];
      for (Image im : g.images()) {
        int wi = PoissonWeights.weight(SEED, PoissonWeights.keyOf(im.id()), r);
        w.put(im.id(), wi);
        for (int k = 0; k < k0; k++) npos[k] += (long) wi * nposOf.get(im.id())[k];
      }
      VocCurve[][] curves = new VocCurve[k0][thr.length];
      for (VocCurve[] row : curves) for (int t = 0; t < thr.length; t++) row[t] = new VocCurve();
      for (Ranked x : ranked) {
        for (int copy = 0; copy < w.get(x.imageId()); copy++) {
          for (int t = 0; t < thr.length; t++) curves[x.k()][t].add(x.flags()[t]);
        }
      }
      out[r] = VocSummary.of(protocol, thr, curves, npos);
    }
    return out;
  }

  static double[] interval(double[] values) {
    return Arrays.stream(values).allMatch(Double::isNaN) ? new double[] {Double.NaN, Double.NaN}
        : new double[] {NumpyPercentile.of(values, 0.025), NumpyPercentile.of(values, 0.975)};
  }

  @Test
  void intervalsEqualTheNaiveBootstrapOnAnyPartitioning() throws Exception {
    for (String protocol : new String[] {"voc07", "voc12"}) {
      VocSummary[] reps = naive(VocProtocol.parse(protocol));
      String first = null;
      for (int p : new int[] {3, 1}) {
        Path out = tmp.resolve(protocol + p);
        CliRun run = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", TestData.path(DT), "--out",
            out.toString(), "--protocol", protocol, "--partitions", Integer.toString(p), "--bootstrap",
            Integer.toString(R), "--seed", Long.toString(SEED), "--top", "3");
        assertEquals(Main.OK, run.exitCode, run.toString());
        Map<String, Object> s = TestJson.map(TestJson.read(out.resolve("summary.json")));
        Map<String, Object> ci = TestJson.map(s.get("ci"));
        if (first == null) {
          first = ci.toString() + s.get("per_class");
        } else {
          assertEquals(first, ci.toString() + s.get("per_class"), protocol + ": same bits on " + p + " partitions");
          continue;
        }
        for (int i = 0; i < VocSummary.METRICS.length; i++) {
          double[] col = new double[R];
          for (int r = 0; r < R; r++) col[r] = reps[r].metric(i);
          double[] want = interval(col);
          List<Object> got = TestJson.list(ci.get(VocSummary.METRICS[i]));
          assertEquals(want[0], (Double) got.get(0), 1e-12, protocol + " " + VocSummary.METRICS[i]);
          assertEquals(want[1], (Double) got.get(1), 1e-12, protocol + " " + VocSummary.METRICS[i]);
        }
        // per class in summary.json (ap = AP50, ap_50_95 = the mean over thresholds) and per threshold in the table
        Map<Long, Map<String, Object>> byId = new HashMap<>();
        for (Object o : TestJson.list(s.get("per_class"))) {
          Map<String, Object> c = TestJson.map(o);
          byId.put(((Double) c.get("category_id")).longValue(), c);
        }
        List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("voc_per_class").toString())
            .where("iou_threshold = 0.75").orderBy("category_id").collectAsList();
        for (int k = 0; k < 20; k++) {
          double[] ap50 = new double[R];
          double[] mean = new double[R];
          double[] ap75 = new double[R];
          for (int r = 0; r < R; r++) {
            ap50[r] = reps[r].ap(k, 0);
            ap75[r] = reps[r].ap(k, 5);
            mean[r] = reps[r].apMean(k);
          }
          Map<String, Object> c = byId.get((long) k + 1);
          assertBounds(interval(ap50), c.get("ap_lo"), c.get("ap_hi"), protocol + " class " + (k + 1));
          assertBounds(interval(mean), c.get("ap_50_95_lo"), c.get("ap_50_95_hi"), protocol + " class " + (k + 1));
          Row row = rows.get(k);
          assertBounds(interval(ap75), row.get(row.fieldIndex("ap_lo")), row.get(row.fieldIndex("ap_hi")),
              protocol + " class " + (k + 1) + " at 0.75");
        }
        assertTrue(run.out.contains("Bootstrap 95% intervals (" + R + " replicates over images, seed " + SEED + "):"),
            run.out);
        assertTrue(run.out.matches("(?s).*\n mAP 0\\.\\d{3} \\[0\\.\\d{3}, 0\\.\\d{3}\\]   AP 0\\.\\d{3} .*"), run.out);
      }
    }
  }

  static void assertBounds(double[] want, Object lo, Object hi, String what) {
    if (Double.isNaN(want[0])) {
      assertNull(lo, what);
      assertNull(hi, what);
      return;
    }
    assertEquals(want[0], ((Number) lo).doubleValue(), 1e-12, what + " lo");
    assertEquals(want[1], ((Number) hi).doubleValue(), 1e-12, what + " hi");
  }
}
