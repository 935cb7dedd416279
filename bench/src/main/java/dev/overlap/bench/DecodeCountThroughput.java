package dev.overlap.bench;

import dev.overlap.core.png.ImageIoLabelDecoder;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decode + count throughput on one core over a folder pair written by {@code SemsegSetGenerator}: the
 * part of {@code overlap segmentation} that scales with pixels, without Spark, file listing or
 * output. Compares core's {@link LabelPngDecoder} with javax.imageio ({@link ImageIoLabelDecoder}) on
 * the same bytes and checks that both give the same confusion matrix. Files are read into memory
 * first (timed apart). Prints wall-clock and thread-CPU rates: on a shared machine the CPU rate is
 * the one other processes disturb least. Not a test; asserts nothing but the equality of the counts.
 *
 * <pre>
 * java -cp bench/target/overlap-bench.jar dev.overlap.bench.DecodeCountThroughput bench-out/data/semseg-500-s1-v2 \
 *     [--passes 3] [--classes 19] [--ignore 255]
 * </pre>
 */
public final class DecodeCountThroughput {
  private DecodeCountThroughput() {}

  interface Decoder {
    void decode(byte[] png, String name, LabelImage out);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: DecodeCountThroughput DIR [--passes 3] [--classes 19] [--ignore 255]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int passes = 3;
    int k = 19;
    int ignore = 255;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--passes" -> passes = Integer.parseInt(args[i + 1]);
        case "--classes" -> k = Integer.parseInt(args[i + 1]);
        case "--ignore" -> ignore = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Path> names;
    try (Stream<Path> s = Files.list(dir.resolve("gt"))) {
      names = s.filter(p -> p.toString().endsWith(".png")).map(Path::getFileName).sorted().toList();
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    List<byte[][]> pairs = new ArrayList<>();
    long bytes = 0;
    for (Path n : names) {
      byte[] g = Files.readAllBytes(dir.resolve("gt").resolve(n));
      byte[] p = Files.readAllBytes(dir.resolve("pred").resolve(n));
      pairs.add(new byte[][] {g, p});
      bytes += g.length + p.length;
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    LabelImage probe = new LabelImage();
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      d.decode(pairs.get(0)[0], 0, pairs.get(0)[0].length, "probe", probe);
    }
    long pairPixels = (long) pairs.size() * probe.pixelCount();
    System.out.printf(Locale.ROOT, "%d pairs of %dx%d label maps, %.1f MB of PNG, read into memory in %.2f s%n",
        pairs.size(), probe.width(), probe.height(), bytes / 1e6, readSeconds);
    System.out.println("Mpx/s per core: pair pixels (one ground-truth + one predicted pixel) per second;"
        + " label-map pixels decoded are twice that");

    LabelPngDecoder ours = new LabelPngDecoder();
    Decoder[] decoders = {(png, name, out) -> ours.decode(png, 0, png.length, name, out),
        (png, name, out) -> ImageIoLabelDecoder.decode(png, 0, png.length, name, out)};
    String[] names2 = {"LabelPngDecoder", "javax.imageio"};
    long[][] results = new long[2][];
    for (int d = 0; d < decoders.length; d++) {
      // one untimed pass warms the JIT
      run(pairs, decoders[d], k, ignore, true);
      double[] wallDecode = new double[passes];
      double[] cpuDecode = new double[passes];
      double[] wallBoth = new double[passes];
      double[] cpuBoth = new double[passes];
      for (int pass = 0; pass < passes; pass++) {
        long w0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        run(pairs, decoders[d], k, ignore, false);
        wallDecode[pass] = (System.nanoTime() - w0) / 1e9;
        cpuDecode[pass] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
        w0 = System.nanoTime();
        c0 = cpu.getCurrentThreadCpuTime();
        results[d] = run(pairs, decoders[d], k, ignore, true);
        wallBoth[pass] = (System.nanoTime() - w0) / 1e9;
        cpuBoth[pass] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      }
      System.out.printf(Locale.ROOT, "  %-16s decode only:  %6.0f Mpx/s wall (best %6.0f), %6.0f Mpx/s CPU%n", names2[d],
          pairPixels / median(wallDecode) / 1e6, pairPixels / min(wallDecode) / 1e6, pairPixels / min(cpuDecode) / 1e6);
      System.out.printf(Locale.ROOT, "  %-16s decode+count: %6.0f Mpx/s wall (best %6.0f), %6.0f Mpx/s CPU%n", names2[d],
          pairPixels / median(wallBoth) / 1e6, pairPixels / min(wallBoth) / 1e6, pairPixels / min(cpuBoth) / 1e6);
    }
    ours.close();
    if (!Arrays.equals(results[0], results[1])) throw new AssertionError("the decoders' confusion matrices differ");
    System.out.println("  both decoders give the same confusion matrix");
  }

  /** Decodes every pair (and counts it when {@code count}); returns the confusion matrix. */
  private static long[] run(List<byte[][]> pairs, Decoder d, int k, int ignore, boolean count) {
    LabelImage g = new LabelImage();
    LabelImage p = new LabelImage();
    long[] confusion = new long[k * k];
    for (byte[][] pair : pairs) {
      d.decode(pair[0], "gt", g);
      d.decode(pair[1], "pred", p);
      if (count && ConfusionCounter.count(g.bytes(), p.bytes(), g.pixelCount(), k, ignore, confusion) < 0) {
        throw new IllegalStateException("a label is not a class id");
      }
    }
    return confusion;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }
}
