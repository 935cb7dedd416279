package dev.overlap.bench.jmh;

import dev.overlap.bench.SemsegSetGenerator;
import dev.overlap.core.png.ImageIoLabelDecoder;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one generated 2048x1024 8-bit grayscale label-map PNG (zlib level 6, as Pillow writes)
 * held in memory, into a reused {@link LabelImage}: 2,097,152 pixels per operation, so
 * {@code 2.097 / (ms per op)} is Gpixel/s.
 *
 * <p>Design choice: core's own PNG decoder ({@code LabelPngDecoder}: java.util.zip inflate, scanline
 * unfiltering into a reused buffer, every chunk checked, decompression-bomb limit before inflating) instead
 * of javax.imageio, which allocates a BufferedImage per image. {@code coreCrc} vs {@code coreNoCrc} prices
 * the CRC check; {@code imageIo} is the JDK baseline; {@code rowStream} is the row-by-row path the
 * segmentation job uses (see {@code FusedPairBench}). The target, 300 Mpixel/s per core for
 * decode + count of a pair, allows ~3.3 ms per image for decode and counting together.
 *
 * <p>{@code segmentIds} decodes a 2048x1024 RGB panoptic map (about 120 segments: stuff bands and
 * rectangles over them, a VOID border; written by javax.imageio, whose PNG writer picks a filter per
 * row as Pillow's does) into 24-bit segment ids, as the panoptic job does; {@code segmentIdsImageIo}
 * is javax.imageio reading the same file plus the {@code R + 256 G + 256^2 B} conversion. The jobs
 * run on C1: {@code -jvmArgsAppend -XX:TieredStopAtLevel=1} measures what they get.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PngDecodeBench {
  private byte[] png;
  private final LabelImage out = new LabelImage();
  private LabelPngDecoder withCrc;
  private LabelPngDecoder noCrc;
  private byte[] rgbPng;
  private int[] rgbIds;

  @Setup(Level.Trial)
  public void setup() {
    png = new SemsegSetGenerator(2048, 1024, 1).pngBytes(3, false);
    withCrc = new LabelPngDecoder();
    noCrc = new LabelPngDecoder(LabelPngDecoder.DEFAULT_MAX_PIXELS, false);
    rgbPng = panopticPng();
    rgbIds = new int[2048 * 1024];
    System.out.printf("%n[PngDecodeBench] ground-truth PNG of %d bytes, RGB panoptic PNG of %d bytes%n", png.length,
        rgbPng.length);
  }

  /** Stuff bands, then rectangular things painted over them, a 3-pixel VOID border on the left. */
  private static byte[] panopticPng() {
    int w = 2048;
    int h = 1024;
    SplittableRandom rnd = new SplittableRandom(1);
    int[] rgb = new int[w * h];
    for (int band = 0; band < 6; band++) {
      int id = 1 + rnd.nextInt(0xFFFFFE);
      Arrays.fill(rgb, band * h / 6 * w, (band + 1) * h / 6 * w, id);
    }
    for (int s = 0; s < 114; s++) {
      int id = 1 + rnd.nextInt(0xFFFFFE);
      int rw = 20 + rnd.nextInt(300);
      int rh = 20 + rnd.nextInt(200);
      int x0 = rnd.nextInt(w - rw);
      int y0 = rnd.nextInt(h - rh);
      for (int y = y0; y < y0 + rh; y++) Arrays.fill(rgb, y * w + x0, y * w + x0 + rw, id);
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < rgb.length; i++) {
      int id = i % w < 3 ? 0 : rgb[i];
      // R = id & 255, G = id >> 8 & 255, B = id >> 16 (panopticapi's id2rgb)
      rgb[i] = (id & 0xFF) << 16 | (id & 0xFF00) | (id >>> 16 & 0xFF);
    }
    image.setRGB(0, 0, w, h, rgb, 0, w);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @TearDown(Level.Trial)
  public void close() {
    withCrc.close();
    noCrc.close();
  }

  @Benchmark
  public LabelImage coreCrc() {
    withCrc.decode(png, 0, png.length, "bench", out);
    return out;
  }

  @Benchmark
  public LabelImage coreNoCrc() {
    noCrc.decode(png, 0, png.length, "bench", out);
    return out;
  }

  /**
   * The same map as a row stream ({@code beginRows}/{@code nextRow}): inflated by core's WholeInflater
   * instead of java.util.zip, rows reconstructed one at a time and not copied out.
   */
  @Benchmark
  public int rowStream() {
    withCrc.beginRows(png, 0, png.length, "bench");
    int height = 1024;
    int last = 0;
    for (int y = 0; y < height; y++) last = withCrc.nextRow();
    withCrc.endRows();
    return last;
  }

  @Benchmark
  public LabelImage imageIo() {
    ImageIoLabelDecoder.decode(png, 0, png.length, "bench", out);
    return out;
  }

  @Benchmark
  public LabelImage segmentIds() {
    withCrc.decodeSegmentIds(rgbPng, 0, rgbPng.length, "bench", out);
    return out;
  }

  @Benchmark
  public int[] segmentIdsImageIo() throws IOException {
    BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(rgbPng));
    image.getRGB(0, 0, 2048, 1024, rgbIds, 0, 2048);
    for (int i = 0; i < rgbIds.length; i++) {
      int v = rgbIds[i];
      rgbIds[i] = (v >>> 16 & 0xFF) | (v & 0xFF00) | (v & 0xFF) << 16;
    }
    return rgbIds;
  }
}
