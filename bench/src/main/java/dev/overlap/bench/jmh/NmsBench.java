package dev.overlap.bench.jmh;

import dev.overlap.core.geometry.Nms;
import dev.overlap.core.geometry.RotatedBoxes;
import dev.overlap.core.geometry.SoftNms;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NMS and Soft-NMS of 1,000 boxes of one image and category, in microseconds per call.
 *
 * <p>Design choice: torchvision's CPU algorithm (stable score order, then an O(n^2) sweep that skips
 * suppressed boxes) over flat {@code [x1, y1, x2, y2]} arrays, overlaps computed on the fly with no matrix;
 * rotated boxes precompute their BEV IoU matrix once ({@code Nms.nmsMatrix}). Boxes cluster around 100
 * objects, as raw detector output does, so about nine in ten are suppressed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NmsBench {
  static final int N = 1000;

  private double[] boxes;
  private double[] boxes3d;
  private double[] scores;
  private int[] keep;
  private double[] kept;
  private double[] overlap;

  @Setup
  public void setup() {
    double[][] d = clustered(N, 1);
    boxes = d[0];
    boxes3d = d[1];
    scores = d[2];
    keep = new int[N];
    kept = new double[N];
    overlap = new double[N * N];
  }

  /**
   * {@code n} boxes around 100 objects (jittered copies, as raw detector output), scores with two decimals
   * (many ties): {@code [x1, y1, x2, y2]} boxes, the same as rotated boxes {@code [cx, cy, cz, l, w, h, yaw]}
   * scaled by 1/10, and the scores.
   */
  public static double[][] clustered(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] boxes = new double[4 * n];
    double[] boxes3d = new double[7 * n];
    double[] scores = new double[n];
    double[] centres = new double[4 * 100];
    for (int c = 0; c < 100; c++) {
      centres[4 * c] = r.nextDouble(0, 600);
      centres[4 * c + 1] = r.nextDouble(0, 400);
      centres[4 * c + 2] = r.nextDouble(10, 200);
      centres[4 * c + 3] = r.nextDouble(10, 200);
    }
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(100);
      double x = centres[4 * c] + r.nextDouble(-5, 5);
      double y = centres[4 * c + 1] + r.nextDouble(-5, 5);
      double w = centres[4 * c + 2] * r.nextDouble(0.9, 1.1);
      double h = centres[4 * c + 3] * r.nextDouble(0.9, 1.1);
      boxes[4 * i] = x;
      boxes[4 * i + 1] = y;
      boxes[4 * i + 2] = x + w;
      boxes[4 * i + 3] = y + h;
      double[] b = {(x + w / 2) / 10, (y + h / 2) / 10, 0, w / 10, h / 10, 1.5, r.nextDouble(-0.2, 0.2)};
      System.arraycopy(b, 0, boxes3d, 7 * i, 7);
      scores[i] = Math.round(r.nextDouble() * 100) / 100.0;
    }
    return new double[][] {boxes, boxes3d, scores};
  }

  /** torchvision.ops.nms semantics at 0.5. */
  @Benchmark
  public int nms() {
    return Nms.nms(boxes, scores, N, 0.5, keep);
  }

  /** Soft-NMS, gaussian decay (sigma 0.5, score_thr 0.001): every selection rescans the remaining boxes. */
  @Benchmark
  public int softNmsGaussian() {
    return SoftNms.softNms(boxes, scores, N, SoftNms.Method.GAUSSIAN, 0.3, 0.5, 0.001, keep, kept);
  }

  /** NMS of rotated boxes by BEV IoU: the 1,000 x 1,000 IoU matrix, then the sweep. */
  @Benchmark
  public int nmsBev() {
    RotatedBoxes.bevIou(boxes3d, N, boxes3d, N, overlap);
    return Nms.nmsMatrix(overlap, scores, N, 0.5, keep);
  }
}
