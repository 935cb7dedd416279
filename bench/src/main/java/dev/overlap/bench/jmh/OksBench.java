package dev.overlap.bench.jmh;

import dev.overlap.core.keypoints.KeypointSigmas;
import dev.overlap.core.keypoints.Oks;
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
 * OKS matrix of {@code m} keypoint results against {@code n} ground truths of one (image, category), 17 COCO
 * keypoints.
 *
 * <p>Design choice: keypoints flat at stride 51 and the terms of one pair summed in numpy's pairwise order from
 * a caller-owned scratch array ({@code Oks.oks}): nothing allocated per pair, one {@code exp} per keypoint. The
 * number (ns per pair, about 17 exps) says whether OKS or the matching dominates keypoint evaluation; at
 * COCO's 20 results x 4 persons it should stay far below the cost of parsing 51 numbers per result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OksBench {
  /** results x ground truths: a typical person image (maxDets 20), and a crowded one. */
  @Param({"20x4", "20x20"})
  public String shape;

  private double[] dt;
  private double[] gt;
  private double[] boxes;
  private double[] area;
  private double[] sigmas;
  private double[] scratch;
  private double[] out;
  private int m;
  private int n;

  @Setup
  public void setup() {
    String[] mn = shape.split("x");
    m = Integer.parseInt(mn[0]);
    n = Integer.parseInt(mn[1]);
    sigmas = KeypointSigmas.cocoSigmas();
    int k = sigmas.length;
    SplittableRandom r = new SplittableRandom(1);
    gt = new double[3 * k * n];
    boxes = new double[4 * n];
    area = new double[n];
    for (int g = 0; g < n; g++) {
      double bx = r.nextDouble(0, 500), by = r.nextDouble(0, 400), bw = r.nextDouble(20, 200), bh = r.nextDouble(40, 300);
      boxes[4 * g] = bx;
      boxes[4 * g + 1] = by;
      boxes[4 * g + 2] = bw;
      boxes[4 * g + 3] = bh;
      area[g] = 0.6 * bw * bh;
      boolean unlabelled = g % 5 == 4; // some GTs take the enlarged-box branch
      for (int i = 0; i < k; i++) {
        int v = unlabelled ? 0 : r.nextInt(4) == 0 ? 0 : 2;
        gt[3 * k * g + 3 * i] = v == 0 ? 0 : bx + r.nextDouble() * bw;
        gt[3 * k * g + 3 * i + 1] = v == 0 ? 0 : by + r.nextDouble() * bh;
        gt[3 * k * g + 3 * i + 2] = v;
      }
    }
    dt = new double[3 * k * m];
    for (int d = 0; d < m; d++) {
      int g = r.nextInt(n);
      for (int i = 0; i < k; i++) {
        // near a GT's keypoints (or box), as a detector's results are
        dt[3 * k * d + 3 * i] = boxes[4 * g] + r.nextDouble() * boxes[4 * g + 2] + r.nextGaussian() * 5;
        dt[3 * k * d + 3 * i + 1] = boxes[4 * g + 1] + r.nextDouble() * boxes[4 * g + 3] + r.nextGaussian() * 5;
        dt[3 * k * d + 3 * i + 2] = r.nextDouble();
      }
    }
    scratch = new double[2 * k];
    out = new double[m * n];
  }

  @Benchmark
  public double[] oks() {
    Oks.oks(dt, m, gt, boxes, area, n, sigmas, sigmas.length, scratch, out);
    return out;
  }
}
