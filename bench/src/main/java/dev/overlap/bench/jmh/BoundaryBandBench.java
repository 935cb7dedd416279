package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
import dev.overlap.core.boundary.BandWidth;
import dev.overlap.core.boundary.RleBands;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
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
 * The boundary band of every mask of a typical generated COCO image (the Boundary AP IoU's extra work).
 *
 * <p>Design choice: the band is computed from the runs ({@code RleBands}: vertical erosion inside each
 * column's runs, then van Herk / Gil-Werman intersections of interval lists over 2d+1 columns), never from
 * pixels. {@code pixelErosion} is what the reference does (decode, pad, erode d times with a 3x3 square
 * as OpenCV, encode), written as a separable min-filter over a decoded byte mask: the per-pixel baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BoundaryBandBench {
  private Rle[] masks;
  private int d;
  private final RleBands bands = new RleBands();

  @Setup
  public void setup() {
    CocoSetGenerator.ImageSample s = Samples.typicalImage();
    int h = s.image().height();
    int w = s.image().width();
    d = BandWidth.pixels(h, w, BandWidth.DEFAULT_RATIO);
    masks = new Rle[s.groundTruth().size() + s.detections().size()];
    int i = 0;
    for (GtAnnotation a : s.groundTruth()) {
      masks[i++] = a.segmentation().isPolygons() ? Polygons.toRle(a.segmentation().polygons(), h, w)
          : Rle.of(h, w, a.segmentation().rleCounts());
    }
    for (Detection x : s.detections()) masks[i++] = Rle.of(h, w, x.segmentation().rleCounts());
  }

  /** Bands of all masks from their runs. */
  @Benchmark
  public long runBased() {
    long area = 0;
    for (Rle m : masks) area += bands.bandOf(m, d).area();
    return area;
  }

  /** Bands of all masks through decoded pixels: decode, separable square erosion, subtract, encode. */
  @Benchmark
  public long pixelErosion() {
    long area = 0;
    for (Rle m : masks) area += pixelBand(m, d).area();
    return area;
  }

  static Rle pixelBand(Rle m, int d) {
    int h = m.height();
    int w = m.width();
    byte[] px = Masks.decode(m);
    byte[] v = new byte[px.length];
    // vertical: inside each column, runs of ones shrunk by d at both ends (border = background)
    for (int x = 0; x < w; x++) {
      int base = x * h;
      int run = 0;
      for (int y = 0; y <= h; y++) {
        if (y < h && px[base + y] != 0) {
          run++;
          continue;
        }
        for (int k = y - run + d; k < y - d; k++) v[base + k] = 1;
        run = 0;
      }
    }
    byte[] band = new byte[px.length];
    for (int y = 0; y < h; y++) {
      int run = 0;
      for (int x = 0; x <= w; x++) {
        if (x < w && v[x * h + y] != 0) {
          run++;
          continue;
        }
        int s = x - run;
        for (int k = s; k < x; k++) band[k * h + y] = (byte) (k >= s + d && k < x - d ? 0 : 1);
        run = 0;
      }
    }
    for (int i = 0; i < px.length; i++) band[i] = (byte) (px[i] & (v[i] == 0 ? 1 : band[i]));
    return Masks.encode(band, h, w);
  }
}
