package dev.overlap.bench.jmh;

import dev.overlap.core.geometry.RotatedBoxes;
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
 * BEV and 3D IoU matrices of yaw-rotated boxes: {@code m} detections against {@code n} ground truths of one
 * scene and category, in ns per pair (pairs per second = 1e9 / score).
 *
 * <p>Design choice: exact convex clipping in double over flat stride-7 arrays, corners computed once per box
 * and a bounding-box reject before clipping ({@code RotatedBoxes}). The number shows that exactness (no float32,
 * no epsilons) costs little: disjoint pairs are rejected in a few ns, overlapping ones clip 4 edges.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RotatedIouBench {
  /** detections x ground truths of one scene: a typical category, and a crowded one. */
  @Param({"20x10", "100x50"})
  public String shape;

  private double[] dt;
  private double[] gt;
  private double[] out;
  private int m;
  private int n;

  @Setup
  public void setup() {
    String[] mn = shape.split("x");
    m = Integer.parseInt(mn[0]);
    n = Integer.parseInt(mn[1]);
    SplittableRandom r = new SplittableRandom(1);
    gt = new double[7 * n];
    for (int g = 0; g < n; g++) box(r, gt, g);
    dt = new double[7 * m];
    for (int d = 0; d < m; d++) {
      // half the detections jitter a ground truth (overlap: clipping runs), half anywhere in the scene
      if (d % 2 == 0) {
        int g = r.nextInt(n);
        for (int k = 0; k < 7; k++) dt[7 * d + k] = gt[7 * g + k] + (k < 6 ? 0.2 * (r.nextDouble() - 0.5) : r.nextDouble() - 0.5);
      } else {
        box(r, dt, d);
      }
    }
    out = new double[m * n];
  }

  private static void box(SplittableRandom r, double[] a, int i) {
    a[7 * i] = r.nextDouble(-30, 30);
    a[7 * i + 1] = r.nextDouble(-30, 30);
    a[7 * i + 2] = r.nextDouble(-1, 1);
    a[7 * i + 3] = r.nextDouble(0.5, 5);
    a[7 * i + 4] = r.nextDouble(0.5, 2.5);
    a[7 * i + 5] = r.nextDouble(0.5, 2);
    a[7 * i + 6] = r.nextDouble(-Math.PI, Math.PI);
  }

  /** BEV IoU of every pair; score / (m * n) is ns per pair. */
  @Benchmark
  public double[] bev() {
    RotatedBoxes.bevIou(dt, m, gt, n, out);
    return out;
  }

  /** 3D IoU of every pair. */
  @Benchmark
  public double[] iou3d() {
    RotatedBoxes.iou3d(dt, m, gt, n, out);
    return out;
  }
}
