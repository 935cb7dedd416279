package dev.overlap.core.png;

import dev.overlap.core.semseg.ConfusionCounter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Prints decode and decode+count throughput on generated 2048x1024 8-bit label maps: this
 * package's decoder against javax.imageio, and the run-length confusion kernel against a plain
 * per-pixel increment. Not a test (surefire runs only *Test classes) and asserts nothing; run with
 * {@code java -cp core/target/classes:core/target/test-classes dev.overlap.core.png.DecodeCountBenchmark}.
 * Mpx/s counts pixels of one label map (a GT + prediction pair is two decodes).
 */
public final class DecodeCountBenchmark {
  private static final int WIDTH = 2048;
  private static final int HEIGHT = 1024;
  private static final int K = 19;

  private DecodeCountBenchmark() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    SplittableRandom rnd = new SplittableRandom(2026);
    int[] gt = scene(rnd);
    int[] pred = perturb(rnd, gt);
    int n = WIDTH * HEIGHT;

    byte[] gtImageIo = writeImageIo(gt);
    byte[] predImageIo = writeImageIo(pred);
    byte[] gtFast = TestPngEncoder.png(WIDTH, HEIGHT, 8, 0, false,
        zlib(TestPngEncoder.scanlines(WIDTH, HEIGHT, 8, false, gt, row -> 0), 1), 1 << 16, List.of());
    byte[] predFast = TestPngEncoder.png(WIDTH, HEIGHT, 8, 0, false,
        zlib(TestPngEncoder.scanlines(WIDTH, HEIGHT, 8, false, pred, row -> 0), 1), 1 << 16, List.of());
    byte[] gtPaeth = TestPngEncoder.png(WIDTH, HEIGHT, 8, 0, false,
        zlib(TestPngEncoder.scanlines(WIDTH, HEIGHT, 8, false, gt, row -> 4), 9), 1 << 16, List.of());
    byte[] predPaeth = TestPngEncoder.png(WIDTH, HEIGHT, 8, 0, false,
        zlib(TestPngEncoder.scanlines(WIDTH, HEIGHT, 8, false, pred, row -> 4), 9), 1 << 16, List.of());

    System.out.printf("%dx%d label maps, %d classes; PNG sizes: imageio %d/%d B, "
        + "level-1 None %d/%d B, level-9 Paeth %d/%d B%n", WIDTH, HEIGHT, K,
        gtImageIo.length, predImageIo.length, gtFast.length, predFast.length,
        gtPaeth.length, predPaeth.length);

    LabelPngDecoder crcOn = new LabelPngDecoder();
    LabelPngDecoder crcOff = new LabelPngDecoder(LabelPngDecoder.DEFAULT_MAX_PIXELS, false);
    LabelImage a = new LabelImage();
    LabelImage b = new LabelImage();
    long[] confusion = new long[K * K];

    // Warms every path up once so that the first row printed is not paying for the JIT.
    for (int i = 0; i < 30; i++) {
      crcOn.decode(gtPaeth, 0, gtPaeth.length, "gt", a);
      crcOff.decode(gtImageIo, 0, gtImageIo.length, "gt", a);
      ImageIoLabelDecoder.decode(gtImageIo, 0, gtImageIo.length, "gt", b);
      ConfusionCounter.count(a.bytes(), b.bytes(), n, K, 255, confusion);
    }
    String[] names = {"imageio-written", "level-1 None", "level-9 Paeth"};
    byte[][][] files = {{gtImageIo, predImageIo}, {gtFast, predFast}, {gtPaeth, predPaeth}};
    for (int f = 0; f < files.length; f++) {
      byte[] g = files[f][0];
      byte[] p = files[f][1];
      System.out.printf("-- %s%n", names[f]);
      report("decode, ours (CRC on)", n, seconds, () -> crcOn.decode(g, 0, g.length, "gt", a));
      report("decode, ours (CRC off)", n, seconds, () -> crcOff.decode(g, 0, g.length, "gt", a));
      report("decode, javax.imageio", n, seconds, () -> ImageIoLabelDecoder.decode(g, 0, g.length, "gt", a));
      report("pair decode+count, ours", 2L * n, seconds, () -> {
        crcOn.decode(g, 0, g.length, "gt", a);
        crcOn.decode(p, 0, p.length, "pred", b);
        ConfusionCounter.count(a.bytes(), b.bytes(), n, K, 255, confusion);
      });
      report("pair decode+count, javax.imageio", 2L * n, seconds, () -> {
        ImageIoLabelDecoder.decode(g, 0, g.length, "gt", a);
        ImageIoLabelDecoder.decode(p, 0, p.length, "pred", b);
        ConfusionCounter.count(a.bytes(), b.bytes(), n, K, 255, confusion);
      });
    }
    System.out.println("-- one filter type on every row, zlib level 6 (decode only)");
    String[] filters = {"None", "Sub", "Up", "Average", "Paeth"};
    for (int type = 0; type < 5; type++) {
      int t = type;
      byte[] g = TestPngEncoder.png(WIDTH, HEIGHT, 8, 0, false,
          zlib(TestPngEncoder.scanlines(WIDTH, HEIGHT, 8, false, gt, row -> t), 6), 1 << 16, List.of());
      report("decode, ours, " + filters[type] + " (" + g.length + " B)", n, seconds,
          () -> crcOn.decode(g, 0, g.length, "gt", a));
      report("decode, javax.imageio, " + filters[type], n, seconds,
          () -> ImageIoLabelDecoder.decode(g, 0, g.length, "gt", a));
    }
    crcOn.decode(gtImageIo, 0, gtImageIo.length, "gt", a);
    crcOn.decode(predImageIo, 0, predImageIo.length, "pred", b);
    System.out.println("-- counting only");
    report("count, run-length kernel", n, seconds,
        () -> ConfusionCounter.count(a.bytes(), b.bytes(), n, K, 255, confusion));
    report("count, plain increment", n, seconds, () -> plainCount(a.bytes(), b.bytes(), n, K, 255, confusion));
    byte[] noiseGt = new byte[n];
    byte[] noisePred = new byte[n];
    for (int i = 0; i < n; i++) {
      noiseGt[i] = (byte) rnd.nextInt(K);
      noisePred[i] = (byte) rnd.nextInt(K);
    }
    report("count, run-length kernel, white noise", n, seconds,
        () -> ConfusionCounter.count(noiseGt, noisePred, n, K, 255, confusion));
    report("count, plain increment, white noise", n, seconds,
        () -> plainCount(noiseGt, noisePred, n, K, 255, confusion));
    crcOn.close();
    crcOff.close();
  }

  private static long plainCount(byte[] gt, byte[] pred, int n, int k, int ignore, long[] confusion) {
    long ignored = 0;
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFF;
      if (g == ignore) {
        ignored++;
        continue;
      }
      int p = pred[i] & 0xFF;
      if (g >= k || p >= k) return -(i + 1L);
      confusion[g * k + p]++;
    }
    return ignored;
  }

  /**
   * Times single runs for about {@code seconds} and prints the median and the best run: on a
   * shared machine the best run is the one least disturbed by other processes.
   */
  private static void report(String what, long pixels, double seconds, Runnable work) {
    long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
    while (System.nanoTime() < warmEnd) work.run();
    long[] times = new long[100000];
    int runs = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (runs < times.length) {
      long t0 = System.nanoTime();
      work.run();
      long t1 = System.nanoTime();
      times[runs++] = t1 - t0;
      if (t1 >= end) break;
    }
    java.util.Arrays.sort(times, 0, runs);
    double median = pixels / (times[runs / 2] / 1e3);
    double best = pixels / (times[0] / 1e3);
    System.out.printf("  %-42s median %6.0f  best %6.0f Mpx/s  (%d runs)%n", what, median, best, runs);
  }

  /** A street-scene-like map: horizontal bands, boxes, ellipses, thin curves, an ignore border. */
  private static int[] scene(SplittableRandom rnd) {
    int[] m = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      int band = y < HEIGHT / 3 ? 10 : y < HEIGHT / 2 ? 8 : 0;
      for (int x = 0; x < WIDTH; x++) m[y * WIDTH + x] = band;
    }
    for (int i = 0; i < 120; i++) {
      int cls = 7 + rnd.nextInt(9);
      int x0 = rnd.nextInt(WIDTH);
      int y0 = rnd.nextInt(HEIGHT);
      int w = 10 + rnd.nextInt(300);
      int h = 10 + rnd.nextInt(200);
      boolean ellipse = rnd.nextBoolean();
      for (int y = Math.max(0, y0 - h); y < Math.min(HEIGHT, y0 + h); y++) {
        for (int x = Math.max(0, x0 - w); x < Math.min(WIDTH, x0 + w); x++) {
          double dx = (x - x0) / (double) w;
          double dy = (y - y0) / (double) h;
          if (!ellipse || dx * dx + dy * dy <= 1) m[y * WIDTH + x] = cls;
        }
      }
    }
    for (int i = 0; i < 40; i++) {
      int cls = 1 + rnd.nextInt(6);
      double x = rnd.nextInt(WIDTH);
      double y = rnd.nextInt(HEIGHT);
      double angle = rnd.nextDouble() * 2 * Math.PI;
      for (int s = 0; s < 600; s++) {
        angle += (rnd.nextDouble() - 0.5) * 0.2;
        x += Math.cos(angle);
        y += Math.sin(angle);
        int xi = (int) x;
        int yi = (int) y;
        if (xi >= 0 && xi < WIDTH - 1 && yi >= 0 && yi < HEIGHT) {
          m[yi * WIDTH + xi] = cls;
          m[yi * WIDTH + xi + 1] = cls;
        }
      }
    }
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        if (y < 8 || y >= HEIGHT - 8 || x < 8 || x >= WIDTH - 8) m[y * WIDTH + x] = 255;
      }
    }
    return m;
  }

  /** The ground truth shifted by a few pixels per row band, with blobs of wrong classes. */
  private static int[] perturb(SplittableRandom rnd, int[] gt) {
    int[] p = new int[gt.length];
    for (int y = 0; y < HEIGHT; y++) {
      int shift = (y / 16) % 5 - 2;
      for (int x = 0; x < WIDTH; x++) {
        int sx = Math.min(WIDTH - 1, Math.max(0, x + shift));
        int v = gt[y * WIDTH + sx];
        p[y * WIDTH + x] = v == 255 ? 0 : v;
      }
    }
    for (int i = 0; i < 60; i++) {
      int cls = rnd.nextInt(K);
      int x0 = rnd.nextInt(WIDTH - 60);
      int y0 = rnd.nextInt(HEIGHT - 40);
      for (int y = y0; y < y0 + 40; y++) {
        for (int x = x0; x < x0 + 60; x++) p[y * WIDTH + x] = cls;
      }
    }
    return p;
  }

  private static byte[] writeImageIo(int[] labels) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < labels.length; i++) data[i] = (byte) labels[i];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] zlib(byte[] raw, int level) {
    java.util.zip.Deflater d = new java.util.zip.Deflater(level);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    while (!d.finished()) out.write(buf, 0, d.deflate(buf));
    d.end();
    return out.toByteArray();
  }
}
