package dev.overlap.bench;

import dev.overlap.core.geometry.Nms;
import dev.overlap.core.geometry.RotatedBoxes;
import dev.overlap.core.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rotated-box IoU throughput on the reference pairs, timed the way {@code scripts/bench-geometry-reference.py}
 * times shapely on the same pairs (same file, same repeat count), so that the two lines compare side by side:
 * wall seconds and CPU seconds of the timed loop, pairs per second.
 *
 * <pre>java -cp bench/target/overlap-bench.jar dev.overlap.bench.GeometryTiming --pairs PATH --repeat 2000</pre>
 */
public final class GeometryTiming {
  private GeometryTiming() {}

  public static void main(String[] args) throws IOException {
    Cli cli = Cli.parse(args, "pairs", "repeat");
    Path file = Path.of(cli.value("pairs", "testdata/reference/box3d-small/iou-pairs.json"));
    int repeat = cli.intValue("repeat", 2000);
    List<double[]> pairs = read(file);
    int n = pairs.size();
    double[] a = new double[7 * n];
    double[] b = new double[7 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(pairs.get(i), 0, a, 7 * i, 7);
      System.arraycopy(pairs.get(i), 7, b, 7 * i, 7);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] out = new double[n];
    double sink = 0;
    for (String kind : new String[] {"bev", "3d"}) {
      boolean bev = kind.equals("bev");
      // warm-up: the JIT compiles the kernel before the timed loop (JMH gives the steady-state numbers too)
      for (int r = 0; r < Math.max(500, repeat / 4); r++) sink += loop(a, b, n, bev, out);
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int r = 0; r < repeat; r++) sink += loop(a, b, n, bev, out);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      long total = (long) n * repeat;
      System.out.printf(Locale.ROOT, "overlap %-3s pairs=%d wall_s=%.3f cpu_s=%.3f pairs_per_s=%.0f%n", kind, total, wall,
          cpu, total / wall);
    }
    // NMS on 1,000 boxes of one image and category (torchvision semantics), the data of NmsBench
    double[][] d = dev.overlap.bench.jmh.NmsBench.clustered(1000, 1);
    int[] keep = new int[1000];
    int reps = Math.max(20, repeat / 10);
    for (int r = 0; r < reps; r++) sink += Nms.nms(d[0], d[2], 1000, 0.5, keep);
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    int kept = 0;
    for (int r = 0; r < reps; r++) kept = Nms.nms(d[0], d[2], 1000, 0.5, keep);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    System.out.printf(Locale.ROOT, "overlap nms boxes=1000 kept=%d calls=%d wall_s=%.3f cpu_s=%.3f ms_per_call=%.3f"
        + " cpu_ms_per_call=%.3f%n", kept, reps, wall, cpu, 1e3 * wall / reps, 1e3 * cpu / reps);
    if (sink == 42) System.out.println(); // keep the loop alive
  }

  private static double loop(double[] a, double[] b, int n, boolean bev, double[] out) {
    if (bev) RotatedBoxes.bevIouPairs(a, b, n, out);
    else RotatedBoxes.iou3dPairs(a, b, n, out);
    return out[n - 1];
  }

  /** Each pair as 14 doubles: box1 then box2. */
  static List<double[]> read(Path file) throws IOException {
    List<double[]> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file); JsonReader r = new JsonReader(in)) {
      r.beginObject();
      while (r.hasNext()) {
        if (!r.nextName().equals("pairs")) {
          r.skipValue();
          continue;
        }
        r.beginArray();
        while (r.hasNext()) {
          double[] p = new double[14];
          r.beginObject();
          while (r.hasNext()) {
            String k = r.nextName();
            if (k.equals("box1") || k.equals("box2")) {
              int o = k.equals("box1") ? 0 : 7;
              r.beginArray();
              for (int i = 0; r.hasNext(); i++) p[o + i] = r.nextDouble();
              r.endArray();
            } else {
              r.skipValue();
            }
          }
          r.endObject();
          out.add(p);
        }
        r.endArray();
      }
      r.endObject();
    }
    return out;
  }
}
