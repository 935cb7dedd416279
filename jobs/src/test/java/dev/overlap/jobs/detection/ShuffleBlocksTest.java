package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

/** The detection job's shuffle units: record batches and sorted match blocks, against plain object sorts. */
class ShuffleBlocksTest {

  private static final double[] SCORES = {0.9, 0.5, 0.5, 0.25, 0.0, -0.0, 1.0, 0.7071067811865476};

  /** Detections as the evaluation emits them: images in id order, ranks rising per image and category. */
  private static MatchBlock evaluationOrder(SplittableRandom rnd, int images, int stride) {
    MatchBlock b = new MatchBlock(stride, 4);
    byte[] f = new byte[stride];
    long image = rnd.nextInt(5);
    for (int im = 0; im < images; im++) {
      image += 1 + rnd.nextInt(3);
      int cats = rnd.nextInt(4);
      int first = rnd.nextInt(6);
      for (int c = 0; c < cats; c++) {
        int k = (first + c) % 6; // distinct categories per image, each ranked once
        int d = rnd.nextInt(5);
        for (int r = 0; r < d; r++) {
          for (int j = 0; j < stride; j++) f[j] = (byte) rnd.nextInt(3);
          double s = rnd.nextInt(3) == 0 ? SCORES[rnd.nextInt(SCORES.length)] : rnd.nextDouble();
          b.add(k, image, r, s, f);
        }
      }
    }
    return b;
  }

  /** The block's rows as (category, score, image, rank, flags) sorted by the comparison order. */
  private static List<Object[]> rows(MatchBlock b) {
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) {
      byte[] f = new byte[b.stride()];
      b.flags(i, f);
      out.add(new Object[] {b.category(i), b.score(i), b.imageId(i), b.rank(i), f});
    }
    return out;
  }

  private static final Comparator<Object[]> ORDER = (x, y) -> {
    int c = Integer.compare((int) x[0], (int) y[0]);
    if (c != 0) return c;
    double a = (double) x[1];
    double b = (double) y[1];
    if (a != b) return a > b ? -1 : 1;
    c = Long.compare((long) x[2], (long) y[2]);
    return c != 0 ? c : Integer.compare((int) x[3], (int) y[3]);
  };

  private static void assertSameRows(List<Object[]> want, List<Object[]> got) {
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i)[0], got.get(i)[0], "row " + i);
      // -0.0 and 0.0 tie: both orders are right, the value kept is the row's own
      assertEquals((double) want.get(i)[1], (double) got.get(i)[1], 0.0, "row " + i);
      assertEquals(want.get(i)[2], got.get(i)[2], "row " + i);
      assertEquals(want.get(i)[3], got.get(i)[3], "row " + i);
      assertArrayEquals((byte[]) want.get(i)[4], (byte[]) got.get(i)[4], "row " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void radixSortOfEvaluationOrderEqualsTheComparisonSort(int seed) {
    MatchBlock b = evaluationOrder(new SplittableRandom(seed), 50 + seed * 40, 3);
    List<Object[]> want = rows(b);
    want.sort(ORDER); // stable: the insertion order breaks -0.0 / 0.0 ties, as the radix sort's stability does
    assertSameRows(want, rows(b.sorted()));
  }

  @Test
  void blocksInAnyOtherOrderTakeTheComparisonSort() {
    MatchBlock b = new MatchBlock(1, 2);
    byte[] f = {1};
    b.add(0, 9, 0, 0.5, f);
    b.add(0, 3, 0, 0.5, f); // image ids fall: not the evaluation's order
    b.add(1, 3, 1, 0.7, f);
    b.add(1, 3, 0, 0.7, f); // ranks fall within image 3, category 1
    MatchBlock s = b.sorted();
    assertEquals(List.of(3L, 9L, 3L, 3L), List.of(s.imageId(0), s.imageId(1), s.imageId(2), s.imageId(3)));
    assertEquals(List.of(0, 0, 0, 1), List.of(s.rank(0), s.rank(1), s.rank(2), s.rank(3)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 40})
  void slicesAtSampledBoundsMergeBackIntoTheGlobalOrder(int partitions) {
    SplittableRandom rnd = new SplittableRandom(partitions);
    List<MatchBlock> tasks = new ArrayList<>();
    List<Object[]> all = new ArrayList<>();
    List<MatchBlock> samples = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    long imageBase = 0;
    for (int t = 0; t < 5; t++) {
      MatchBlock b = evaluationOrder(rnd, 30 + t * 20, 2);
      // tasks hold disjoint images, as the image partitioner makes them
      MatchBlock shifted = new MatchBlock(2, b.size());
      byte[] f = new byte[2];
      for (int i = 0; i < b.size(); i++) {
        b.flags(i, f);
        shifted.add(b.category(i), b.imageId(i) + imageBase, b.rank(i), b.score(i), f);
      }
      imageBase += 1_000_000;
      MatchBlock sorted = shifted.sorted();
      tasks.add(sorted);
      all.addAll(rows(sorted));
      samples.add(sorted.sample(EvaluateImages.SAMPLES_PER_TASK));
      counts.add((long) sorted.size());
    }
    MatchBlock bounds = DetectionJob.rangeBounds(samples, counts, partitions);
    assertTrue(bounds.size() <= partitions - 1);
    Keys.SliceByRange slicer = new Keys.SliceByRange(bounds);
    List<List<MatchBlock>> byPartition = new ArrayList<>();
    for (int p = 0; p <= bounds.size(); p++) byPartition.add(new ArrayList<>());
    for (MatchBlock m : tasks) {
      EvalOutput o = new EvalOutput();
      o.setKind(EvalOutput.MATCHES);
      o.setMatches(m);
      for (Iterator<Tuple2<Integer, MatchBlock>> it = slicer.call(o); it.hasNext(); ) {
        Tuple2<Integer, MatchBlock> s = it.next();
        byPartition.get(s._1()).add(s._2());
      }
    }
    List<Object[]> got = new ArrayList<>();
    int biggest = 0;
    for (List<MatchBlock> parts : byPartition) {
      MatchBlock merged = MatchBlock.merge(parts, 2);
      biggest = Math.max(biggest, merged.size());
      got.addAll(rows(merged));
    }
    all.sort(ORDER);
    assertSameRows(all, got);
    // the sampled bounds balance the ranges: none holds more than twice its share (+ one sample's weight)
    assertTrue(biggest <= 2 * all.size() / (bounds.size() + 1) + 64, "biggest range " + biggest + " of " + all.size());
  }

  private static EvalRecord det(long image, long seq, double score, boolean rle) {
    EvalRecord r = new EvalRecord();
    r.setKind(EvalRecord.DET);
    r.setImageId(image);
    r.setSeq(seq);
    r.setCategoryId(image % 3);
    r.setBbox(new double[] {1.5, 2, 3.25, 4});
    r.setScore(score);
    if (rle) {
      r.setRleH(4);
      r.setRleW(2);
      r.setRleCounts(new int[] {3, 2, 3});
    } else {
      r.setPolyLens(new int[] {6});
      r.setPolyXy(new double[] {0, 0, 1, 0, 1, 1});
    }
    return r;
  }

  @Test
  void recordBatchesRoundTripEveryKindAndSortByImageKindSeq() {
    List<EvalRecord> in = new ArrayList<>();
    EvalRecord im = new EvalRecord();
    im.setKind(EvalRecord.IMAGE);
    im.setImageId(7);
    im.setWidth(640);
    im.setHeight(480);
    im.setName("ünïcode.jpg");
    EvalRecord gt = new EvalRecord();
    gt.setKind(EvalRecord.GT);
    gt.setImageId(7);
    gt.setSeq(2);
    gt.setAnnId(11);
    gt.setCategoryId(3);
    gt.setBbox(new double[] {0, 0, 10, 10});
    gt.setArea(100);
    gt.setCrowd(true);
    EvalRecord rej = EvalRecord.reject("pred",
        new dev.overlap.core.io.InvalidInputException("p.json", "record 4", "score", "is negative"), 5, 9);
    in.add(det(7, 40, 0.5, true));
    in.add(det(5, 41, 0.25, false));
    in.add(rej);
    in.add(gt);
    in.add(det(7, 3, 0.75, false));
    in.add(im);
    RecordBatch.Builder b = new RecordBatch.Builder(8); // grows while adding
    RecordBatch first = null;
    for (int i = 0; i < in.size(); i++) {
      b.add(in.get(i));
      if (i == 2) first = b.take();
    }
    RecordBatch second = b.take();
    assertNull(b.take());
    List<EvalRecord> out = new ArrayList<>();
    new SortedRecords(List.of(second, first).iterator()).forEachRemaining(out::add);
    List<String> order = new ArrayList<>();
    for (EvalRecord r : out) order.add(r.getImageId() + "/" + r.getKind() + "/" + r.getSeq());
    assertEquals(List.of("5/2/41", "5/4/9", "7/0/0", "7/1/2", "7/2/3", "7/2/40"), order);
    EvalRecord im2 = out.get(2);
    assertEquals("ünïcode.jpg", im2.getName());
    assertEquals(640, im2.getWidth());
    assertEquals(480, im2.getHeight());
    EvalRecord gt2 = out.get(3);
    assertEquals(11, gt2.getAnnId());
    assertEquals(3, gt2.getCategoryId());
    assertArrayEquals(new double[] {0, 0, 10, 10}, gt2.getBbox());
    assertEquals(100.0, gt2.getArea());
    assertTrue(gt2.isCrowd());
    assertNull(gt2.segmentation());
    EvalRecord rle = out.get(5);
    assertEquals(0.5, rle.getScore());
    assertEquals(dev.overlap.core.coco.Segmentation.ofRle(4, 2, new int[] {3, 2, 3}), rle.segmentation());
    EvalRecord poly = out.get(4);
    assertEquals(dev.overlap.core.coco.Segmentation.ofPolygons(new double[][] {{0, 0, 1, 0, 1, 1}}), poly.segmentation());
    EvalRecord rej2 = out.get(1);
    assertEquals(Arrays.asList("pred", "p.json", "record 4", "score", "is negative"), Arrays.asList(rej2.getRejectSource(),
        rej2.getRejectFile(), rej2.getRejectRecord(), rej2.getRejectField(), rej2.getRejectReason()));
  }

  @Test
  void defaultPartitionsFollowTheInputSizeInWholeWaves() {
    assertEquals(2, DetectionJob.partitions(2, 1_000));
    assertEquals(2, DetectionJob.partitions(2, DetectionJob.INPUT_BYTES_PER_PARTITION * 2));
    assertEquals(4, DetectionJob.partitions(2, DetectionJob.INPUT_BYTES_PER_PARTITION * 2 + 1));
    assertEquals(8, DetectionJob.partitions(2, 713_000_000L));
    assertEquals(16, DetectionJob.partitions(16, 713_000_000L));
  }
}
