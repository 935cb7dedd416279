package dev.overlap.bench.jmh;

import dev.overlap.bench.SemsegSetGenerator;
import dev.overlap.core.png.ImageIoLabelDecoder;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
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

  @Setup(Level.Trial)
  public void setup() {
    png = new SemsegSetGenerator(2048, 1024, 1).pngBytes(3, false);
    withCrc = new LabelPngDecoder();
    noCrc = new LabelPngDecoder(LabelPngDecoder.DEFAULT_MAX_PIXELS, false);
    System.out.printf("%n[PngDecodeBench] ground-truth PNG of %d bytes%n", png.length);
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
}
