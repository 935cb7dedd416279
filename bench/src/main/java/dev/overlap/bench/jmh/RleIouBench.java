package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
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
 * Mask IoU of all detections against all ground truths of generated images (640x480-class COCO
 * sizes, ~11-point polygons rasterised, detections' compressed-RLE masks decoded), pooled across
 * categories so that most pairs do not overlap, as in a crowded image.
 *
 * <p>Design choice: "count, don't build": RLE IoU walks both run arrays once and never materialises the
 * intersection, and pairs whose boxes do not overlap are skipped before any run is read
 * ({@code Masks.iou} with boxes). {@code withBoxes} vs {@code computeBoxes} shows what precomputing the
 * boxes once per image saves; ns per pair against {@link BoxIouBench} shows the price of segm over bbox.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RleIouBench {
  private Rle[] dt;
  private Rle[] gt;
  private double[] dtBoxes;
  private double[] gtBoxes;
  private boolean[] crowd;
  private double[] out;

  @Setup
  public void setup() {
    CocoSetGenerator.ImageSample s = Samples.typicalImage();
    int h = s.image().height();
    int w = s.image().width();
    gt = new Rle[s.groundTruth().size()];
    crowd = new boolean[gt.length];
    for (int g = 0; g < gt.length; g++) {
      GtAnnotation a = s.groundTruth().get(g);
      crowd[g] = a.iscrowd();
      gt[g] = a.segmentation().isPolygons() ? Polygons.toRle(a.segmentation().polygons(), h, w)
          : Rle.of(h, w, a.segmentation().rleCounts());
    }
    dt = new Rle[s.detections().size()];
    for (int d = 0; d < dt.length; d++) {
      Detection x = s.detections().get(d);
      dt[d] = Rle.of(h, w, x.segmentation().rleCounts());
    }
    dtBoxes = new double[4 * dt.length];
    gtBoxes = new double[4 * gt.length];
    Masks.toBbox(dt, dt.length, dtBoxes);
    Masks.toBbox(gt, gt.length, gtBoxes);
    out = new double[dt.length * gt.length];
  }

  /** IoU matrix with the boxes already known (as ImageEvaluator could keep them). */
  @Benchmark
  public double[] withBoxes() {
    Masks.iou(dt, dtBoxes, dt.length, gt, gtBoxes, gt.length, crowd, out);
    return out;
  }

  /** IoU matrix computing the boxes from the runs first ({@code Masks.iou} without boxes). */
  @Benchmark
  public double[] computeBoxes() {
    Masks.iou(dt, dt.length, gt, gt.length, crowd, out);
    return out;
  }
}
