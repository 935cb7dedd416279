package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.core.coco.ImageStats;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.MatchSink;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-image evaluation of one realistic generated image (7 ground truths, ~52 detections, several
 * categories, default parameters: 10 IoU thresholds x 4 area ranges): sort by score, IoU matrix,
 * greedy matching, flags to a sink.
 *
 * <p>Design choice: one {@code ImageEvaluator} per task with reused scratch buffers, records as lists of
 * immutable core records, and matching per (area range, threshold) as pycocotools' {@code evaluateImg}.
 * Microseconds per image x images = the evaluation floor of the job (the 5k set's 0.2 s target allows
 * 40 us per image on one core); bbox vs segm shows the mask share (segm includes polygon rasterisation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImageEvaluatorBench {
  @Param({"bbox", "segm"})
  public String iouType;

  private Image image;
  private List<GtAnnotation> gts;
  private List<Detection> dts;
  private ImageEvaluator evaluator;
  private final CountingSink sink = new CountingSink();

  /** Counts what per-image evaluation emits, so that nothing is optimised away. */
  static final class CountingSink implements MatchSink {
    long detections;
    long flagSum;
    long groundTruths;

    @Override
    public void detection(int category, long imageId, int rank, double score, byte[] flags) {
      detections++;
      flagSum += flags[0];
    }

    @Override
    public void groundTruth(int category, int area, int notIgnored) {
      groundTruths += notIgnored;
    }
  }

  @Setup
  public void setup() {
    CocoSetGenerator.ImageSample s = Samples.typicalImage();
    image = s.image();
    gts = s.groundTruth();
    dts = s.detections();
    CocoParams params = CocoParams.defaults(iouType.equals("segm") ? IouType.SEGM : IouType.BBOX);
    evaluator = new ImageEvaluator(params, CocoSetGenerator.categoryIds());
  }

  @Benchmark
  public ImageStats evaluate() {
    return evaluator.evaluate(image, gts, dts, sink);
  }
}
