package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CurveBuilder;
import dev.overlap.core.coco.CurveSegment;
import dev.overlap.core.coco.CurveTotals;
import dev.overlap.core.coco.SliceOffsets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The two passes over the globally sorted detections (MLlib's distributed PR-curve pattern):
 * pass one counts each range partition's tp / fp per category and curve (summed from the slices
 * the evaluation tasks will send it, before anything moves); the driver prefix-sums them into
 * offsets; pass two merges each range partition's slices and rebuilds its stretch of the curves from
 * its offsets, returning only the points where recall thresholds fall, O(categories x curves x
 * thresholds) in all. The merged ranges are never cached: each exists inside one pass-two task.
 */
final class CurvePasses {
  private CurvePasses() {}

  /**
   * A value tagged with the position of its partition in the global sort. A plain class, not a
   * record: Kryo (a common cluster serializer) cannot write records.
   */
  static final class Slice<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private long order;
    private T value;

    Slice() {}

    Slice(long order, T value) {
      this.order = order;
      this.value = value;
    }

    long order() { return order; }
    T value() { return value; }
  }

  /**
   * Pass one, on the evaluation side: each task cuts its sorted block at the range bounds and counts
   * each slice per category. Counts are sums, so the slices bound for one curve partition add up to
   * that partition's totals without the partition being assembled.
   */
  static final class Totals implements FlatMapFunction<Iterator<EvalOutput>, Slice<CurveTotals>> {
    private static final long serialVersionUID = 1L;
    private final CocoParams params;
    private final MatchBlock bounds;

    Totals(CocoParams params, MatchBlock bounds) {
      this.params = params;
      this.bounds = bounds;
    }

    @Override
    public Iterator<Slice<CurveTotals>> call(Iterator<EvalOutput> outputs) {
      dev.overlap.jobs.spark.Faults.inject("curve-totals");
      List<Slice<CurveTotals>> out = new ArrayList<>();
      byte[] flags = null;
      while (outputs.hasNext()) {
        EvalOutput o = outputs.next();
        if (o.getKind() != EvalOutput.MATCHES) continue;
        MatchBlock m = o.getMatches();
        if (flags == null) flags = new byte[m.stride()];
        int from = 0;
        for (int p = 0; p <= bounds.size() && from < m.size(); p++) {
          int to = p < bounds.size() ? m.upperBound(bounds, p) : m.size();
          CurveTotals t = null;
          for (int i = from; i < to; i++) {
            int k = m.category(i);
            if (t == null || t.category() != k) {
              if (t != null) out.add(new Slice<>(p, t));
              t = new CurveTotals(params, k);
            }
            m.flags(i, flags);
            t.add(m.rank(i), flags);
          }
          if (t != null) out.add(new Slice<>(p, t));
          from = to;
        }
      }
      return out.iterator();
    }
  }

  /** Pass two: per partition and category, the curve segment, starting from the offsets. */
  static final class Segments implements Function2<Integer, Iterator<MatchBlock>, Iterator<Slice<CurveSegment>>> {
    private static final long serialVersionUID = 1L;
    private final CocoParams params;
    private final Broadcast<long[]> npig;
    private final Broadcast<SliceOffsets> offsets;

    Segments(CocoParams params, Broadcast<long[]> npig, Broadcast<SliceOffsets> offsets) {
      this.params = params;
      this.npig = npig;
      this.offsets = offsets;
    }

    @Override
    public Iterator<Slice<CurveSegment>> call(Integer partition, Iterator<MatchBlock> blocks) {
      dev.overlap.jobs.spark.Faults.inject("curve-segments");
      List<Slice<CurveSegment>> out = new ArrayList<>();
      int a0 = params.numAreaRanges();
      long[] n = npig.value();
      SliceOffsets off = offsets.value();
      CurveBuilder b = null;
      int k = -1;
      while (blocks.hasNext()) {
        MatchBlock m = blocks.next();
        byte[] flags = m.flagsArray();
        int stride = m.stride();
        for (int i = 0; i < m.size(); i++) {
          if (b == null || k != m.category(i)) {
            if (b != null) out.add(new Slice<>(partition, b.finish()));
            k = m.category(i);
            b = new CurveBuilder(params, k, Arrays.copyOfRange(n, k * a0, (k + 1) * a0), off.before(partition, k));
          }
          b.add(m.rank(i), m.score(i), flags, i * stride);
        }
      }
      if (b != null) out.add(new Slice<>(partition, b.finish()));
      return out.iterator();
    }
  }
}
