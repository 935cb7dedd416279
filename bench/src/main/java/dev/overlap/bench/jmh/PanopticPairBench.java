package dev.overlap.bench.jmh;

import dev.overlap.core.panoptic.PanopticMatcher;
import dev.overlap.core.panoptic.PqStats;
import dev.overlap.core.panoptic.SegmentPairTable;
import dev.overlap.core.panoptic.Segments;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segment-pair counting of one decoded 2048x1024 panoptic pair (about 120 ground-truth segments:
 * stuff bands and rectangular things over them; the prediction shifts and re-labels them, with
 * VOID): 2,097,152 pixels per operation, so {@code 2.097 / (ms per op)} is Gpixel/s on one core.
 *
 * <p>Design choice: {@link SegmentPairTable} walks both id rows once and updates an open-addressing
 * table of packed {@code gt << 24 | pred} keys once per run of equal pairs. {@code sortUnique} is
 * pq_compute's way ({@code np.unique} over the packed per-pixel keys: a sort of every pixel), written
 * in Java for comparison; {@code countAndMatch} adds pq_compute's matching rules for the image.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PanopticPairBench {
  static final int W = 2048;
  static final int H = 1024;

  private int[] gt;
  private int[] pred;
  private final SegmentPairTable table = new SegmentPairTable();
  private final PanopticMatcher matcher = new PanopticMatcher(4);
  private final PqStats stats = new PqStats(4);
  private Segments gtSegments;
  private Segments predSegments;
  private long[] keys;

  @Setup(Level.Trial)
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(1);
    gt = new int[W * H];
    pred = new int[W * H];
    int[] gtIds = new int[130];
    int[] predIds = new int[130];
    int segments = 0;
    // stuff: horizontal bands; things: rectangles painted over them; VOID borders
    for (int band = 0; band < 6; band++, segments++) {
      gtIds[segments] = 1 + rnd.nextInt(0xFFFFFE);
      predIds[segments] = 1 + rnd.nextInt(0xFFFFFE);
      int y0 = band * H / 6;
      int shift = rnd.nextInt(-12, 13);
      for (int y = y0; y < (band + 1) * H / 6; y++) {
        Arrays.fill(gt, y * W, (y + 1) * W, gtIds[segments]);
        int py = Math.min(H - 1, Math.max(0, y + shift));
        Arrays.fill(pred, py * W, (py + 1) * W, predIds[segments]);
      }
    }
    for (; segments < 120; segments++) {
      gtIds[segments] = 1 + rnd.nextInt(0xFFFFFE);
      predIds[segments] = 1 + rnd.nextInt(0xFFFFFE);
      int w = 20 + rnd.nextInt(300);
      int h = 20 + rnd.nextInt(200);
      int x0 = rnd.nextInt(W - w);
      int y0 = rnd.nextInt(H - h);
      int dx = rnd.nextInt(-8, 9);
      int dy = rnd.nextInt(-8, 9);
      for (int y = y0; y < y0 + h; y++) {
        Arrays.fill(gt, y * W + x0, y * W + x0 + w, gtIds[segments]);
        int py = Math.min(H - 1, Math.max(0, y + dy));
        int px = Math.min(W - w, Math.max(0, x0 + dx));
        Arrays.fill(pred, py * W + px, py * W + px + w, predIds[segments]);
      }
    }
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < 3; x++) gt[y * W + x] = 0;
    }
    // keep the ids that are still visible, with categories, so that the matcher accepts the pair
    table.clear();
    table.count(gt, 0, pred, 0, W * H);
    table.sort();
    gtSegments = visible(gtIds, segments, true);
    predSegments = visible(predIds, segments, false);
    keys = new long[W * H];
  }

  private Segments visible(int[] ids, int n, boolean isGt) {
    long[] area = new long[n];
    for (int i = 0; i < table.size(); i++) {
      int id = isGt ? table.gtId(i) : table.predId(i);
      for (int s = 0; s < n; s++) if (ids[s] == id) area[s] += table.pairPixels(i);
    }
    int m = 0;
    for (int s = 0; s < n; s++) if (area[s] > 0) m++;
    int[] kept = new int[m];
    int[] cats = new int[m];
    long[] areas = new long[m];
    m = 0;
    for (int s = 0; s < n; s++) {
      if (area[s] == 0) continue;
      kept[m] = ids[s];
      cats[m] = s < 6 ? s % 2 : 2 + s % 2;
      areas[m++] = area[s];
    }
    return Segments.of(kept, cats, null, isGt ? areas : null, "bench", null);
  }

  @Benchmark
  public SegmentPairTable count() {
    table.clear();
    table.count(gt, 0, pred, 0, W * H);
    return table;
  }

  @Benchmark
  public PqStats countAndMatch() {
    table.clear();
    table.count(gt, 0, pred, 0, W * H);
    stats.clear();
    matcher.evaluate(table, gtSegments, predSegments, "gt", "pred", stats);
    return stats;
  }

  /** pq_compute's np.unique(gt * 2^24 + pred): pack every pixel, sort, count equal neighbours. */
  @Benchmark
  public int sortUnique() {
    int n = W * H;
    for (int i = 0; i < n; i++) keys[i] = ((long) gt[i] << 24) | pred[i];
    Arrays.sort(keys, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) if (i == 0 || keys[i] != keys[i - 1]) distinct++;
    return distinct;
  }
}
