package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Polygon rasterisation ({@code rleFrPoly}) of the ground-truth polygons of 200 generated images
 * (~1,500 annotations, 7% in two parts), reported per annotation.
 *
 * <p>Design choice: ground-truth polygons are kept as coordinates and rasterised on the executor, per
 * image, every time a segm evaluation runs (they can only be rasterised once the image size is known),
 * rather than converted to RLE once at read time and shuffled as runs. Microseconds per annotation times
 * ~7 per image tells whether that rasterisation matters next to mask IoU and parsing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolygonBench {
  static final int ANNOTATIONS = 1000;

  private final List<double[][]> polygons = new ArrayList<>();
  private final List<int[]> sizes = new ArrayList<>();

  @Setup
  public void setup() {
    for (int i = 0; polygons.size() < ANNOTATIONS; i++) {
      CocoSetGenerator.ImageSample s = Samples.COCO.sample(i);
      for (GtAnnotation a : s.groundTruth()) {
        if (polygons.size() == ANNOTATIONS || !a.segmentation().isPolygons()) continue;
        polygons.add(a.segmentation().polygons());
        sizes.add(new int[] {s.image().height(), s.image().width()});
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ANNOTATIONS)
  public void rasterise(Blackhole bh) {
    for (int i = 0; i < ANNOTATIONS; i++) {
      int[] hw = sizes.get(i);
      Rle r = Polygons.toRle(polygons.get(i), hw[0], hw[1]);
      bh.consume(r);
    }
  }
}
