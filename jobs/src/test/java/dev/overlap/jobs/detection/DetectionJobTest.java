package dev.overlap.jobs.detection;

import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.runs.RunContext;
import dev.overlap.jobs.spark.StepTimer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.CocoSummary;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import dev.overlap.core.io.CocoResultsReader;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Spark job against pycocotools' numbers, and its invariance to partitioning and input order. */
class DetectionJobTest {
  static final double TOL = 1e-12;
  static final String SMALL = "reference/coco-small/";

  @TempDir Path tmp;

  static DetectionConfig config(String gt, String pred, String out, int partitions, String... extra) {
    List<String> a = new ArrayList<>(List.of("--gt", gt, "--pred", pred, "--out", out, "--run-id", "test",
        "--partitions", Integer.toString(partitions)));
    a.addAll(List.of(extra));
    return DetectionConfig.parse(Args.parse(a.toArray(new String[0]), DetectionConfig.OPTIONS, DetectionConfig.FLAGS));
  }

  static DetectionResult run(DetectionConfig cfg) {
    DetectionResult r = DetectionJob.run(SparkTestSession.get(), cfg);
    r.release();
    return r;
  }

  static double[] expectedStats(String key) {
    List<Object> l = TestJson.list(TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected.json")).get(key)).get("stats"));
    double[] s = new double[l.size()];
    for (int i = 0; i < s.length; i++) s[i] = (Double) l.get(i);
    return s;
  }

  /** Stages Spark submitted while {@code body} ran (a listener, drained before it is counted). */
  static int stagesDuring(Runnable body) throws java.util.concurrent.TimeoutException {
    org.apache.spark.SparkContext sc = SparkTestSession.get().sparkContext();
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener l = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted e) {
        n.incrementAndGet();
      }
    };
    sc.addSparkListener(l);
    try {
      body.run();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(l);
    }
    return n.get();
  }

  @Test
  void cocoSmallBboxMatchesPycocotoolsBitForBitOnAnyPartitionCount() throws Exception {
    double[] want = expectedStats("bbox");
    double[] first = null;
    int[] stages = new int[1];
    for (int p : new int[] {1, 3, 17}) {
      DetectionResult[] run = new DetectionResult[1];
      int s = stagesDuring(() -> run[0] = run(config(TestData.path(SMALL + "instances_gt.json"),
          TestData.path(SMALL + "detections.json"), tmp.resolve("o" + p).toString(), p)));
      DetectionResult r = run[0];
      if (p == 3) stages[0] = s;
      double[] stats = r.summary().stats();
      for (int i = 0; i < 12; i++) assertEquals(want[i], stats[i], TOL, "partitions " + p + " " + CocoSummary.NAMES[i]);
      if (first == null) first = stats;
      else assertArrayEquals(first, stats, "identical bits for every partition count");
      assertEquals(200, r.images());
      assertEquals(9870, r.predRecords());
      assertEquals(1446, r.gtRecords());
      assertEquals(80, r.categoryIds().length);
    }
    // curve totals summed per (range, category) on the executors (what many categories x tasks switch to): the
    // threshold as a local property of this thread, which the job reads; the sum is one more shuffle stage
    SparkTestSession.get().sparkContext().setLocalProperty(DetectionJob.TOTALS_ON_DRIVER_BYTES, "0");
    try {
      DetectionResult[] reduced = new DetectionResult[1];
      int s = stagesDuring(() -> reduced[0] = run(config(TestData.path(SMALL + "instances_gt.json"),
          TestData.path(SMALL + "detections.json"), tmp.resolve("o-reduced").toString(), 3)));
      assertEquals(stages[0] + 1, s, "the totals' shuffle stage");
      assertArrayEquals(first, reduced[0].summary().stats(), "identical bits with the totals summed on the executors");
    } finally {
      SparkTestSession.get().sparkContext().setLocalProperty(DetectionJob.TOTALS_ON_DRIVER_BYTES, null);
    }
  }

  @Test
  void cocoSmallSegmMatchesPycocotoolsPerCategory() {
    DetectionConfig cfg = config(TestData.path(SMALL + "instances_gt.json"), TestData.path(SMALL + "detections.json"),
        tmp.resolve("segm").toString(), 3, "--iou-type", "segm");
    // as the command does, without the console: the tables are checked below
    RunContext run = RunContext.begin(cfg.run(), "detection", DetectionOutputs.partition(cfg), List.of(CocoSummary.NAMES));
    run.prepare(SparkTestSession.get());
    DetectionResult r = DetectionJob.run(SparkTestSession.get(), cfg);
    DetectionOutputs.write(run, SparkTestSession.get(), r, new StepTimer());
    r.release();
    double[] want = expectedStats("segm");
    for (int i = 0; i < 12; i++) assertEquals(want[i], r.summary().stat(i), TOL, CocoSummary.NAMES[i]);
    Map<String, Object> perCat = TestJson.map(TestJson.map(TestJson.map(TestJson.resource(SMALL + "expected.json")).get("segm"))
        .get("per_category"));
    for (int k = 0; k < r.categoryIds().length; k++) {
      Map<String, Object> c = TestJson.map(perCat.get(Long.toString(r.categoryIds()[k])));
      double[] got = r.summary().categoryStats(k);
      assertEquals((Double) c.get("AP"), got[0], TOL, "AP of " + r.categoryIds()[k]);
      assertEquals((Double) c.get("AP50"), got[1], TOL, "AP50 of " + r.categoryIds()[k]);
      assertEquals((Double) c.get("AR100"), got[8], TOL, "AR100 of " + r.categoryIds()[k]);
    }
    // the tables the job wrote, entry by entry against pycocotools' arrays and per-image counts
    ExpectedCurves.assertPrCurveTable(tmp.resolve("segm"), "test", "segm");
    ExpectedCurves.assertPerImageTable(tmp.resolve("segm"), "test", "segm");
  }

  @Test
  void segmAreaFromBoxReproducesLoadResWithBboxKey() {
    DetectionResult r = run(config(TestData.path(SMALL + "instances_gt.json"), TestData.path(SMALL + "detections.json"),
        tmp.resolve("segmbox").toString(), 2, "--iou-type", "segm", "--segm-area", "bbox"));
    double[] want = expectedStats("segm_raw_loadres");
    for (int i = 0; i < 12; i++) assertEquals(want[i], r.summary().stat(i), TOL, CocoSummary.NAMES[i]);
  }

  static Stream<String> edgeCases() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(TestData.path("reference/coco-edge")))) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeCases")
  void edgeCaseThroughTheJob(String name) {
    String dir = "reference/coco-edge/" + name + "/";
    Map<String, Object> expected = TestJson.map(TestJson.resource(dir + "expected.json"));
    List<String> extra = new ArrayList<>(List.of("--iou-type", (String) expected.get("iou_type")));
    Map<String, Object> params = TestJson.map(expected.get("params"));
    if (params.containsKey("useCats")) extra.addAll(List.of("--use-cats", ((Double) params.get("useCats")) == 0 ? "false" : "true"));
    if (params.containsKey("iouThrs")) {
      List<String> t = new ArrayList<>();
      for (Object o : TestJson.list(params.get("iouThrs"))) t.add(Double.toString((Double) o));
      extra.addAll(List.of("--iou-thrs", String.join(",", t)));
    }
    DetectionResult r = run(config(TestData.path(dir + "gt.json"), TestData.path(dir + "pred.json"),
        tmp.resolve(name).toString(), 2, extra.toArray(new String[0])));
    List<Object> stats = TestJson.list(expected.get("stats"));
    for (int i = 0; i < 12; i++) {
      assertEquals((Double) stats.get(i), r.summary().stat(i), TOL, name + " " + CocoSummary.NAMES[i]);
    }
    Map<String, Object> perCat = TestJson.map(expected.get("per_category"));
    assertEquals(perCat.size(), r.categoryIds().length);
    for (int k = 0; k < r.categoryIds().length; k++) {
      assertEquals((Double) perCat.get(Long.toString(r.categoryIds()[k])), r.summary().categoryStats(k)[0], TOL,
          name + " AP of category " + r.categoryIds()[k]);
    }
  }

  /**
   * Image order in the inputs does not matter (only the order within an image does, as in
   * pycocotools): ground truth with images and annotations shuffled across images, predictions as
   * JSON Lines shuffled across images and spread over three files read in 1 MB splits.
   */
  @Test
  void shuffledImageOrderAndSplitJsonLinesGiveIdenticalBits() throws IOException {
    DetectionResult base = run(config(TestData.path(SMALL + "instances_gt.json"),
        TestData.path(SMALL + "detections.json"), tmp.resolve("base").toString(), 2));

    Map<String, Object> gt = TestJson.map(TestJson.resource(SMALL + "instances_gt.json"));
    List<Object> images = new ArrayList<>(TestJson.list(gt.get("images")));
    SplittableRandom rnd = new SplittableRandom(7);
    shuffle(images, rnd);
    gt.put("images", images);
    gt.put("annotations", interleaveByImage(TestJson.list(gt.get("annotations")), rnd));
    Path gtFile = tmp.resolve("gt-shuffled.json");
    Files.writeString(gtFile, JsonOut.write(gt), StandardCharsets.UTF_8);

    List<Object> dets = interleaveByImage(TestJson.list(TestJson.resource(SMALL + "detections.json")), rnd);
    Path predDir = Files.createDirectories(tmp.resolve("preds"));
    int per = (dets.size() + 2) / 3;
    for (int f = 0; f < 3; f++) {
      StringBuilder b = new StringBuilder();
      for (int i = f * per; i < Math.min(dets.size(), (f + 1) * per); i++) b.append(JsonOut.write(dets.get(i))).append('\n');
      Files.writeString(predDir.resolve("part-" + f + ".jsonl"), b.toString(), StandardCharsets.UTF_8);
    }
    DetectionResult r = run(config(gtFile.toString(), predDir.toString(), tmp.resolve("shuffled").toString(), 3,
        "--split-mb", "1"));
    assertArrayEquals(base.summary().stats(), r.summary().stats());
    for (int k = 0; k < base.categoryIds().length; k++) {
      assertArrayEquals(base.summary().categoryStats(k), r.summary().categoryStats(k));
    }
    assertEquals(9870, r.predRecords());
  }

  /**
   * Big JSON arrays are cut into stretches read by several tasks (ground-truth images and annotations,
   * results): the same bits as one task per file, and bad records are found at the same places.
   */
  @Test
  void jsonArraysReadInStretchesGiveTheSameBits(@TempDir Path tmp) throws IOException {
    DetectionResult whole = run(config(TestData.path(SMALL + "instances_gt.json"),
        TestData.path(SMALL + "detections.json"), tmp.resolve("whole").toString(), 2));
    // 200 KB stretches: the ground truth's images and annotations in 3, the results in 14
    DetectionResult split = run(config(TestData.path(SMALL + "instances_gt.json"),
        TestData.path(SMALL + "detections.json"), tmp.resolve("split").toString(), 3, "--split-mb", "0.2"));
    assertArrayEquals(whole.summary().stats(), split.summary().stats());
    for (int k = 0; k < whole.categoryIds().length; k++) {
      assertArrayEquals(whole.summary().categoryStats(k), split.summary().categoryStats(k));
    }
    assertEquals(whole.counts(), split.counts());
    assertEquals(9870, split.predRecords());
    assertEquals(1446, split.gtRecords());
    whole.release();
    split.release();

    // the results' cuts come from chunks scanned by tasks: each one a result's first byte with the index,
    // line and line start the serial structure pass gives it (cutting at every result)
    String path = TestData.path(SMALL + "detections.json");
    HadoopConf conf = new HadoopConf(SparkTestSession.get().sparkContext().hadoopConfiguration());
    long length = Files.size(Path.of(path));
    List<PredSplit> stretches = DetectionInputs.arrayStretches(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()), conf,
        List.of(new HadoopFiles.InputFile(path, length)), List.of(3), List.of(200 * 1024L)).get(0);
    List<CocoResultsReader.Split> every;
    try (java.io.InputStream in = Files.newInputStream(Path.of(path))) {
      every = CocoResultsReader.splits(in, "r.json", 1);
    }
    assertEquals((length + 200 * 1024 - 1) / (200 * 1024), stretches.size());
    for (int k = 0; k < stretches.size(); k++) {
      PredSplit s = stretches.get(k);
      assertEquals(3, s.getFileIndex());
      assertEquals(k + 1 < stretches.size() ? stretches.get(k + 1).getStart() : Long.MAX_VALUE, s.getEnd());
      assertEquals(every.get((int) s.getFirstIndex()),
          new CocoResultsReader.Split(s.getStart(), s.getLine(), s.getLineStart(), s.getFirstIndex()));
    }

    // bad results in several stretches: rejected at their record indexes, the rest evaluated
    List<Object> dets = TestJson.list(TestJson.resource(SMALL + "detections.json"));
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dets.size(); i++) {
      if (i > 0) b.append(",\n");
      Map<String, Object> d = new LinkedHashMap<>(TestJson.map(dets.get(i)));
      if (i % 1000 == 7) d.put("score", -1.0);
      b.append(JsonOut.write(d));
    }
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, b.append("]\n").toString(), StandardCharsets.UTF_8);
    DetectionResult skipped = run(config(TestData.path(SMALL + "instances_gt.json"), bad.toString(),
        tmp.resolve("bad").toString(), 2, "--split-mb", "0.2", "--on-bad-input", "skip"));
    assertEquals(10, skipped.counts().predRejected());
    assertEquals(9870, skipped.predRecords());
    List<String> records = new ArrayList<>();
    for (org.apache.spark.sql.Row r : skipped.rejects().orderBy("image_id").collectAsList()) {
      records.add(r.getString(r.fieldIndex("record")));
    }
    Collections.sort(records);
    List<String> want = new ArrayList<>();
    for (int i = 7; i < dets.size(); i += 1000) want.add("record " + i);
    Collections.sort(want);
    assertEquals(want, records);
    skipped.release();
  }

  private static void shuffle(List<Object> l, SplittableRandom rnd) {
    for (int i = l.size() - 1; i > 0; i--) Collections.swap(l, i, rnd.nextInt(i + 1));
  }

  /** Shuffles records across images while keeping each image's records in their original order. */
  private static List<Object> interleaveByImage(List<Object> records, SplittableRandom rnd) {
    Map<Object, List<Object>> byImage = new LinkedHashMap<>();
    for (Object o : records) byImage.computeIfAbsent(TestJson.map(o).get("image_id"), x -> new ArrayList<>()).add(o);
    List<List<Object>> queues = new ArrayList<>(byImage.values());
    int[] next = new int[queues.size()];
    List<Object> out = new ArrayList<>(records.size());
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < queues.size(); i++) open.add(i);
    while (!open.isEmpty()) {
      int j = rnd.nextInt(open.size());
      int q = open.get(j);
      out.add(queues.get(q).get(next[q]++));
      if (next[q] == queues.get(q).size()) open.remove(j);
    }
    return out;
  }

  /** Minimal JSON writer for the test's rewritten inputs (full-precision doubles, escaped strings). */
  static final class JsonOut {
    static String write(Object o) {
      StringBuilder b = new StringBuilder();
      write(o, b);
      return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Object o, StringBuilder b) {
      if (o == null) b.append("null");
      else if (o instanceof Map) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
          if (!first) b.append(',');
          first = false;
          str(e.getKey(), b);
          b.append(':');
          write(e.getValue(), b);
        }
        b.append('}');
      } else if (o instanceof List) {
        b.append('[');
        boolean first = true;
        for (Object x : (List<Object>) o) {
          if (!first) b.append(',');
          first = false;
          write(x, b);
        }
        b.append(']');
      } else if (o instanceof Double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) b.append(d.longValue());
        else b.append(Double.toString(d));
      } else if (o instanceof Boolean) b.append(o);
      else str(o.toString(), b);
    }

    private static void str(String s, StringBuilder b) {
      b.append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      b.append('"');
    }
  }

  static String[] arr(String... s) {
    return Arrays.copyOf(s, s.length);
  }
}
