package dev.overlap.jobs.detection;

import java.io.Serializable;
import org.apache.spark.Partitioner;

/** Shuffle keys of the detection job and the partitioner that co-locates an image's records. */
final class Keys {
  private Keys() {}

  /** An input record's place: its image, then images before annotations before detections, then file order. */
  static final class RecordKey implements Serializable, Comparable<RecordKey> {
    private static final long serialVersionUID = 1L;
    long imageId;
    int kind;
    long seq;

    RecordKey() {}

    RecordKey(long imageId, int kind, long seq) {
      this.imageId = imageId;
      this.kind = kind;
      this.seq = seq;
    }

    @Override
    public int compareTo(RecordKey o) {
      int c = Long.compare(imageId, o.imageId);
      if (c != 0) return c;
      c = Integer.compare(kind, o.kind);
      if (c != 0) return c;
      return Long.compare(seq, o.seq);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RecordKey k && k.imageId == imageId && k.kind == kind && k.seq == seq;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(imageId * 31 + seq) * 31 + kind;
    }
  }

  /**
   * A ranked detection's place in cocoeval.py#accumulate's order: category, score descending (plain
   * comparisons, so -0.0 and 0.0 tie as in numpy), image id (images are concatenated in sorted id
   * order), rank within the image. No two detections share a key.
   */
  static final class MatchKey implements Serializable, Comparable<MatchKey> {
    private static final long serialVersionUID = 1L;
    int category;
    double score;
    long imageId;
    int rank;

    MatchKey() {}

    MatchKey(int category, double score, long imageId, int rank) {
      this.category = category;
      this.score = score;
      this.imageId = imageId;
      this.rank = rank;
    }

    @Override
    public int compareTo(MatchKey o) {
      if (category != o.category) return category < o.category ? -1 : 1;
      if (score != o.score) return score > o.score ? -1 : 1;
      if (imageId != o.imageId) return imageId < o.imageId ? -1 : 1;
      return Integer.compare(rank, o.rank);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MatchKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
      return (category * 31 + Long.hashCode(imageId)) * 31 + rank;
    }
  }

  /** Spreads image ids (often consecutive) evenly over partitions. */
  static final class ImagePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    ImagePartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      long x = ((RecordKey) key).imageId;
      // a 64-bit finaliser (splitmix): sequential ids land on all partitions
      x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
      x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
      x = x ^ (x >>> 31);
      return (int) Long.remainderUnsigned(x, partitions);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ImagePartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
