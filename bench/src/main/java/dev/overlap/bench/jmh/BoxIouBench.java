package dev.overlap.bench.jmh;

import dev.overlap.core.box.BoxIou;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Box IoU matrix of {@code m} detections against {@code n} ground truths of one (image, category).
 *
 * <p>Design choice: boxes as flat {@code [x, y, w, h]} doubles at stride 4 and a caller-owned output
 * {@code out[g * m + d]}, nothing allocated per pair ({@code BoxIou.iou}). The number (ns per pair) shows
 * whether the IoU matrix matters next to matching and I/O; at COCO's typical 20 x 3 per category it
 * should be noise, so bbox evaluation cost is elsewhere (sorting, matching, parsing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BoxIouBench {
  /** detections x ground truths: a typical category of an image, and a crowded one. */
  @Param({"20x3", "100x20"})
  public String shape;

  private double[] dt;
  private double[] gt;
  private boolean[] crowd;
  private double[] out;
  private int m;
  private int n;

  @Setup
  public void setup() {
    String[] mn = shape.split("x");
    m = Integer.parseInt(mn[0]);
    n = Integer.parseInt(mn[1]);
    SplittableRandom r = new SplittableRandom(1);
    gt = boxes(r, n);
    dt = new double[4 * m];
    for (int d = 0; d < m; d++) {
      // half the detections near a ground truth, half anywhere: both IoU branches are taken
      if (d % 2 == 0) {
        int g = r.nextInt(n);
        for (int k = 0; k < 4; k++) dt[4 * d + k] = gt[4 * g + k] * (0.9 + 0.2 * r.nextDouble());
      } else {
        System.arraycopy(boxes(r, 1), 0, dt, 4 * d, 4);
      }
    }
    crowd = new boolean[n];
    crowd[0] = true;
    out = new double[m * n];
  }

  static double[] boxes(SplittableRandom r, int count) {
    double[] b = new double[4 * count];
    for (int i = 0; i < count; i++) {
      b[4 * i] = r.nextDouble() * 500;
      b[4 * i + 1] = r.nextDouble() * 350;
      b[4 * i + 2] = 5 + r.nextDouble() * 135;
      b[4 * i + 3] = 5 + r.nextDouble() * 125;
    }
    return b;
  }

  @Benchmark
  public double[] iouMatrix() {
    BoxIou.iou(dt, m, gt, n, crowd, out);
    return out;
  }
}
