package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CurveBuilder;
import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.MatchBuffer;
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
 * Accumulation of the ranked detections of 1,000 generated images (~52k detections, 80 categories,
 * bbox flags from real per-image matching): {@code rankOrder} (the global sort by category, score,
 * image, rank) and the {@link CurveBuilder} pass that samples 10 x 4 x 3 precision-recall curves
 * per category at 101 recall thresholds.
 *
 * <p>Design choice: pycocotools' accumulate is replaced by one streaming pass in the global rank order
 * over integer tp/fp counts (the same pass the Spark job runs per slice, two-pass with offsets), instead
 * of per-category cumsum arrays. {@code sortOnly} vs {@code accumulate} splits the cost between the sort
 * (which Spark does with a range-partitioned shuffle) and the curve pass (which it runs twice).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccumulateBench {
  static final int IMAGES = 1000;

  private CocoParams params;
  private MatchBuffer buf;

  @Setup
  public void setup() {
    params = CocoParams.defaults(IouType.BBOX);
    long[] cats = CocoSetGenerator.categoryIds();
    ImageEvaluator ev = new ImageEvaluator(params, cats);
    buf = new MatchBuffer(params, cats.length);
    for (int i = 0; i < IMAGES; i++) {
      CocoSetGenerator.ImageSample s = Samples.COCO.sample(i);
      ev.evaluate(s.image(), s.groundTruth(), s.detections(), buf);
    }
  }

  /** The global rank order only. */
  @Benchmark
  public int[] sortOnly() {
    return buf.rankOrder();
  }

  /** Sort plus the curve pass: {@code CocoEvaluator.accumulate}. */
  @Benchmark
  public Accumulation accumulate() {
    return CocoEvaluator.accumulate(params, buf);
  }
}
