package dev.overlap.bench.jmh;

import dev.overlap.bench.SemsegSetGenerator;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
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
 * Confusion counting of one decoded 2048x1024 pair (19 classes, ignore 255): 2,097,152 pixels per
 * operation, so {@code 2.097 / (ms per op)} is Gpixel/s; and a naive per-pixel loop next to it.
 *
 * <p>Design choice: {@code ConfusionCounter.count} adds each run of equal (gt, pred) pairs once instead of
 * incrementing a {@code long[K*K]} cell per pixel, because label maps are long runs (~70 pixels on the
 * generated street scenes) and the per-pixel increment is a store-to-load chain on one cell; and it finds
 * a run's end eight pixels at a time (a word of each map compared with the run's label repeated), with the
 * range check once per run. {@code pixelRuns} is the run-length loop it replaced (one compare and branch
 * per pixel), {@code naive} the plain per-pixel increment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfusionBench {
  static final int K = SemsegSetGenerator.NUM_CLASSES;

  private byte[] gt;
  private byte[] pred;
  private int n;
  private final long[] confusion = new long[K * K];

  @Setup(Level.Trial)
  public void setup() {
    SemsegSetGenerator gen = new SemsegSetGenerator(2048, 1024, 1);
    try (LabelPngDecoder dec = new LabelPngDecoder()) {
      LabelImage g = new LabelImage();
      LabelImage p = new LabelImage();
      byte[] gp = gen.pngBytes(3, false);
      byte[] pp = gen.pngBytes(3, true);
      dec.decode(gp, 0, gp.length, "gt", g);
      dec.decode(pp, 0, pp.length, "pred", p);
      n = g.pixelCount();
      gt = java.util.Arrays.copyOf(g.bytes(), n);
      pred = java.util.Arrays.copyOf(p.bytes(), n);
    }
  }

  @Benchmark
  public long[] runs() {
    ConfusionCounter.count(gt, pred, n, K, SemsegSetGenerator.IGNORE, confusion);
    return confusion;
  }

  /** Runs found one pixel at a time (the previous kernel), for comparison. */
  @Benchmark
  public long[] pixelRuns() {
    int cell = 0;
    long run = 0;
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFF;
      if (g == SemsegSetGenerator.IGNORE) continue;
      int p = pred[i] & 0xFF;
      if (g >= K || p >= K) throw new IllegalStateException("label out of range at " + i);
      int c = g * K + p;
      if (c != cell) {
        confusion[cell] += run;
        cell = c;
        run = 0;
      }
      run++;
    }
    confusion[cell] += run;
    return confusion;
  }

  /** One increment per pixel (bounds checked as the real one does), for comparison. */
  @Benchmark
  public long[] naive() {
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFF;
      if (g == SemsegSetGenerator.IGNORE) continue;
      int p = pred[i] & 0xFF;
      if (g >= K || p >= K) throw new IllegalStateException("label out of range at " + i);
      confusion[g * K + p]++;
    }
    return confusion;
  }
}
