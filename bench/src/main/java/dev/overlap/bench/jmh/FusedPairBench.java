package dev.overlap.bench.jmh;

import dev.overlap.bench.SemsegSetGenerator;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.PngPairCounter;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
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
 * One generated 2048x1024 pair (ground truth + prediction PNGs in memory, 19 classes, ignore 255) from
 * PNG bytes to its confusion matrix: 2,097,152 pixel pairs per operation, so {@code 2.097 / (ms per op)}
 * is Gpixel/s of pairs.
 *
 * <p>Design choice: {@code PngPairCounter} inflates each map with core's {@code WholeInflater} (matches
 * copied with arraycopy/fill, Adler-32 summed per row) and then reconstructs and counts the two maps row by
 * row in lockstep while each row pair is in L1, instead of decoding both whole with java.util.zip into
 * 2 MiB label arrays and counting those ({@code decodeThenCount}). {@code inflateOnly} is java.util.zip
 * alone on both IDAT streams: the floor of any decoder built on it, which {@code fused} goes below.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FusedPairBench {
  static final int K = SemsegSetGenerator.NUM_CLASSES;

  private byte[] gtPng;
  private byte[] predPng;
  private LabelPngDecoder gtDecoder;
  private LabelPngDecoder predDecoder;
  private final LabelImage gt = new LabelImage();
  private final LabelImage pred = new LabelImage();
  private final long[] confusion = new long[K * K];
  private final Inflater inflater = new Inflater();
  private final byte[] raw = new byte[1025 * 2049];

  @Setup(Level.Trial)
  public void setup() {
    SemsegSetGenerator gen = new SemsegSetGenerator(2048, 1024, 1);
    gtPng = gen.pngBytes(3, false);
    predPng = gen.pngBytes(3, true);
    gtDecoder = new LabelPngDecoder();
    predDecoder = new LabelPngDecoder();
  }

  @TearDown(Level.Trial)
  public void close() {
    gtDecoder.close();
    predDecoder.close();
    inflater.end();
  }

  @Benchmark
  public long fused() {
    return PngPairCounter.count(gtDecoder, gtPng, 0, gtPng.length, "gt", predDecoder, predPng, 0, predPng.length,
        "pred", K, SemsegSetGenerator.IGNORE, confusion);
  }

  @Benchmark
  public long decodeThenCount() {
    gtDecoder.decode(gtPng, 0, gtPng.length, "gt", gt);
    gtDecoder.decode(predPng, 0, predPng.length, "pred", pred);
    return ConfusionCounter.count(gt.bytes(), pred.bytes(), gt.pixelCount(), K, SemsegSetGenerator.IGNORE,
        confusion);
  }

  @Benchmark
  public int inflateOnly() throws DataFormatException {
    return inflate(gtPng) + inflate(predPng);
  }

  /** Inflates the IDAT chunks of a PNG into {@code raw}, skipping every check. */
  private int inflate(byte[] png) throws DataFormatException {
    inflater.reset();
    int filled = 0;
    for (int pos = 8; pos + 8 <= png.length;) {
      int len = ((png[pos] & 0xFF) << 24) | ((png[pos + 1] & 0xFF) << 16) | ((png[pos + 2] & 0xFF) << 8)
          | (png[pos + 3] & 0xFF);
      if (png[pos + 4] == 'I' && png[pos + 5] == 'D' && png[pos + 6] == 'A' && png[pos + 7] == 'T') {
        inflater.setInput(png, pos + 8, len);
        while (!inflater.needsInput() && !inflater.finished()) {
          filled += inflater.inflate(raw, filled, raw.length - filled);
        }
      }
      pos += 12 + len;
    }
    return filled;
  }
}
