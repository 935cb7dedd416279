package dev.overlap.bench.jmh;

import dev.overlap.bench.SemsegSetGenerator;
import dev.overlap.core.boundary.BandWidth;
import dev.overlap.core.boundary.LabelBands;
import dev.overlap.core.boundary.LabelMapBoundary;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.surface.DistanceTransform;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The semantic boundary metrics of one decoded 2048x1024 pair (19 classes, ignore 255), next to the
 * confusion counting the plain run does on the same pair.
 *
 * <p>Design choices: {@code bands} decides every class's band in one pass from runs of equal labels (no
 * per-class erosion), counting pieces of rows rather than pixels; {@code surfaces} is HD95 / HD / ASSD of
 * all classes by sweeping each class's surface pixels through {@code NearestSurface} (cost follows the
 * surfaces' lengths); {@code surfacesByCropTransform} is the alternative it was chosen over, two exact
 * Felzenszwalb-Huttenlocher transforms per class on the bounding box of the class's union (cost follows
 * the crops' areas, and the prediction's stray patches make most crops the whole frame);
 * {@code distanceTransform} is one such transform of a full frame; {@code wholePair} is everything
 * {@code --boundary} adds per image ({@code LabelMapBoundary}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class SurfaceDistanceBench {
  static final int K = SemsegSetGenerator.NUM_CLASSES;
  private int w;
  private int h;
  private int[] gt;
  private int[] pred;
  private byte[] gtBytes;
  private byte[] predBytes;
  private double[] frame;
  private double[] features;
  private final long[] confusion = new long[K * K];
  private final long[] inter = new long[K];
  private final long[] gtBand = new long[K];
  private final long[] predBand = new long[K];
  private final LabelBands bands = new LabelBands();
  private final DistanceTransform edt = new DistanceTransform();
  private LabelMapBoundary boundary;
  private final dev.overlap.core.surface.SurfaceDistances surfaces = new dev.overlap.core.surface.SurfaceDistances();
  private final double[] triple = new double[3];
  private final double[] all = new double[3 * K];

  private int[] cropOf; // per class present in both maps: x0, y0, x1, y1; x0 = -1 otherwise

  @Setup(Level.Trial)
  public void setup() {
    SemsegSetGenerator gen = new SemsegSetGenerator(2048, 1024, 1);
    try (LabelPngDecoder dec = new LabelPngDecoder()) {
      LabelImage g = new LabelImage();
      LabelImage p = new LabelImage();
      byte[] gp = gen.pngBytes(3, false);
      byte[] pp = gen.pngBytes(3, true);
      dec.decode(gp, 0, gp.length, "gt", g);
      dec.decode(pp, 0, pp.length, "pred", p);
      w = g.width();
      h = g.height();
      gt = LabelMapBoundary.labels(g, null);
      pred = LabelMapBoundary.labels(p, null);
      gtBytes = java.util.Arrays.copyOf(g.bytes(), w * h);
      predBytes = java.util.Arrays.copyOf(p.bytes(), w * h);
    }
    boundary = new LabelMapBoundary(K, SemsegSetGenerator.IGNORE, BandWidth.DEFAULT_RATIO, 1, 1);
    // features: the 4-connected edges of class 0 (road) in the ground truth
    features = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        boolean edge = gt[i] == 0 && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || gt[i - 1] != 0 || gt[i + 1] != 0
            || gt[i - w] != 0 || gt[i + w] != 0);
        features[i] = edge ? 0 : DistanceTransform.FAR;
      }
    }
    frame = new double[w * h];
    cropOf = new int[4 * K];
    for (int c = 0; c < K; c++) {
      int x0 = w, y0 = h, x1 = -1, y1 = -1;
      boolean inG = false, inP = false;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          boolean g = gt[y * w + x] == c, p = pred[y * w + x] == c;
          inG |= g;
          inP |= p;
          if (g || p) {
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
          }
        }
      }
      cropOf[4 * c] = inG && inP ? x0 : -1;
      cropOf[4 * c + 1] = y0;
      cropOf[4 * c + 2] = x1;
      cropOf[4 * c + 3] = y1;
    }
  }

  /** The plain run's per-pair work on the same decoded pair: confusion counting. */
  @Benchmark
  public long confusionBaseline() {
    java.util.Arrays.fill(confusion, 0);
    return ConfusionCounter.count(gtBytes, predBytes, w * h, K, SemsegSetGenerator.IGNORE, confusion);
  }

  /** Band counts of all 19 classes at once. */
  @Benchmark
  public long bands() {
    java.util.Arrays.fill(inter, 0);
    java.util.Arrays.fill(gtBand, 0);
    java.util.Arrays.fill(predBand, 0);
    bands.count(gt, pred, w, h, BandWidth.pixels(h, w, BandWidth.DEFAULT_RATIO), K, SemsegSetGenerator.IGNORE, inter,
        gtBand, predBand);
    return inter[0];
  }

  /** One exact squared EDT of a full 2048x1024 frame. */
  @Benchmark
  public double distanceTransform() {
    System.arraycopy(features, 0, frame, 0, frame.length);
    edt.squared(frame, w, h, 1, 1);
    return frame[frame.length / 2];
  }

  /** HD95 / HD / ASSD of class 0 (road, the largest class) on the whole frame by the sweep through NearestSurface. */
  @Benchmark
  public double roadBySearch() {
    surfaces.compute(gt, pred, w, h, 0, 0, 0, w - 1, h - 1, 1, 1, triple);
    return triple[0];
  }

  /** The same numbers by two full-frame exact distance transforms. */
  @Benchmark
  public double roadByTransform() {
    surfaces.computeWithTransform(gt, pred, w, h, 0, 0, 0, w - 1, h - 1, 1, 1, triple);
    return triple[0];
  }

  /** HD95 / HD / ASSD of every class: one listing of all surfaces per map, then a row-major sweep per class and direction (the default). */
  @Benchmark
  public double surfaces() {
    surfaces.computeAll(gt, pred, w, h, K, 1, 1, all);
    return all[0];
  }

  /** The same numbers by two exact transforms per class on the bounding box of the class's union. */
  @Benchmark
  public double surfacesByCropTransform() {
    double s = 0;
    for (int c = 0; c < K; c++) {
      if (cropOf[4 * c] < 0) continue;
      surfaces.computeWithTransform(gt, pred, w, h, c, cropOf[4 * c], cropOf[4 * c + 1], cropOf[4 * c + 2],
          cropOf[4 * c + 3], 1, 1, triple);
      s += triple[0];
    }
    return s;
  }

  /** Everything --boundary adds per pair: bands, per-class crops, edges, two EDTs per class, percentiles. */
  @Benchmark
  public double wholePair() {
    boundary.evaluate(gt, pred, w, h);
    return boundary.hd95(0);
  }
}
