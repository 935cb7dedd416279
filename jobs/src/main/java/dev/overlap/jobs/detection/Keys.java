package dev.overlap.jobs.detection;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Where records go in the detection job's two shuffles: input records to the evaluation partition of
 * their image, in batches; ranked detections to the curve partition of their key range, in blocks.
 * Both shuffles are keyed by the target partition's number ({@link Direct}).
 */
final class Keys {
  private Keys() {}

  /** The evaluation partition of an image: a 64-bit finaliser (splitmix), so sequential ids land on all partitions. */
  static int imagePartition(long imageId, int partitions) {
    long x = imageId;
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    x = x ^ (x >>> 31);
    return (int) Long.remainderUnsigned(x, partitions);
  }

  /** A shuffle whose keys are already partition numbers. */
  static final class Direct extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    Direct(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Direct p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /**
   * Packs a reader task's records into one {@link RecordBatch} per evaluation partition, cut when it
   * reaches {@code batchBytes}: the task holds at most partitions x batchBytes of encoded records.
   */
  static final class BatchByImage implements PairFlatMapFunction<Iterator<EvalRecord>, Integer, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int batchBytes;

    BatchByImage(int partitions, int batchBytes) {
      this.partitions = partitions;
      this.batchBytes = batchBytes;
    }

    @Override
    public Iterator<Tuple2<Integer, RecordBatch>> call(Iterator<EvalRecord> records) {
      RecordBatch.Builder[] builders = new RecordBatch.Builder[partitions];
      return new Iterator<>() {
        final List<Tuple2<Integer, RecordBatch>> ready = new ArrayList<>();
        int drained = -1; // after the input ends: the next builder to flush

        @Override
        public boolean hasNext() {
          while (ready.isEmpty()) {
            if (records.hasNext()) {
              EvalRecord r = records.next();
              int p = imagePartition(r.getImageId(), partitions);
              RecordBatch.Builder b = builders[p];
              if (b == null) b = builders[p] = new RecordBatch.Builder(Math.min(batchBytes, 1 << 16));
              b.add(r);
              if (b.size() >= batchBytes) ready.add(new Tuple2<>(p, b.take()));
            } else {
              if (drained < 0) drained = 0;
              while (drained < partitions && ready.isEmpty()) {
                RecordBatch.Builder b = builders[drained];
                RecordBatch rb = b == null ? null : b.take();
                builders[drained] = null;
                if (rb != null) ready.add(new Tuple2<>(drained, rb));
                drained++;
              }
              if (ready.isEmpty()) return false;
            }
          }
          return true;
        }

        @Override
        public Tuple2<Integer, RecordBatch> next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          return ready.remove(ready.size() - 1);
        }
      };
    }
  }

  /** Cuts each task's sorted block of ranked detections at the range bounds, one slice per curve partition. */
  static final class SliceByRange implements PairFlatMapFunction<EvalOutput, Integer, MatchBlock> {
    private static final long serialVersionUID = 1L;
    private final MatchBlock bounds;
    private final int kind;

    SliceByRange(MatchBlock bounds) {
      this(bounds, EvalOutput.MATCHES);
    }

    /** Slices the blocks of outputs of {@code kind} ({@link EvalOutput#MATCHES} or {@link EvalOutput#VOC_MATCHES}). */
    SliceByRange(MatchBlock bounds, int kind) {
      this.bounds = bounds;
      this.kind = kind;
    }

    @Override
    public Iterator<Tuple2<Integer, MatchBlock>> call(EvalOutput o) {
      List<Tuple2<Integer, MatchBlock>> out = new ArrayList<>();
      if (o.getKind() != kind) return out.iterator();
      MatchBlock m = o.getMatches();
      int from = 0;
      for (int p = 0; p <= bounds.size() && from < m.size(); p++) {
        int to = p < bounds.size() ? m.upperBound(bounds, p) : m.size();
        if (to > from) out.add(new Tuple2<>(p, m.slice(from, to)));
        from = to;
      }
      return out.iterator();
    }
  }
}
