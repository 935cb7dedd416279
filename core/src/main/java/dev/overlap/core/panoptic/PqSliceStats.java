package dev.overlap.core.panoptic;

import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * Panoptic counts per slice ({@code --slice-by}): slice s holds the sum of its images' {@link PqStats} and how many
 * images that is, so its {@link PqResult} is pq_compute's on those images alone. An image's slices come as 0 / 1
 * memberships ({@link dev.overlap.core.slices.ImageSlices#fill}). The sums are exact ({@link PqStats#merge}), so any
 * partitioning gives the same bits. Mutable accumulator, merged by addition; not thread-safe.
 */
public final class PqSliceStats implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Serial format version written by {@link #toBytes()} and required by {@link #fromBytes}. */
  public static final byte SERIAL_VERSION = 1;

  private final int numCategories;
  private final PqStats[] stats;
  private final long[] images;

  /** Zero counts for {@code slices} slices of {@code numCategories} categories. */
  public PqSliceStats(int numCategories, int slices) {
    if (slices < 0) throw new IllegalArgumentException("negative slice count " + slices);
    this.numCategories = numCategories;
    stats = new PqStats[slices];
    for (int s = 0; s < slices; s++) stats[s] = new PqStats(numCategories);
    images = new long[slices];
  }

  public int numSlices() {
    return stats.length;
  }

  public int numCategories() {
    return numCategories;
  }

  /** Adds one evaluated image's counts to every slice it belongs to ({@code member[s] != 0}). */
  public void add(int[] member, PqStats image) {
    assert member.length == stats.length : member.length + " memberships for " + stats.length + " slices";
    for (int s = 0; s < stats.length; s++) {
      if (member[s] == 0) continue;
      stats[s].merge(image);
      images[s]++;
    }
  }

  /** Adds another accumulator's counts, slice by slice. */
  public PqSliceStats merge(PqSliceStats other) {
    if (other.numCategories != numCategories || other.stats.length != stats.length) {
      throw new IllegalArgumentException("expected " + stats.length + " slices of " + numCategories + " categories,"
          + " actual " + other.stats.length + " of " + other.numCategories);
    }
    for (int s = 0; s < stats.length; s++) {
      stats[s].merge(other.stats[s]);
      images[s] += other.images[s];
    }
    return this;
  }

  /** Images added to slice s. */
  public long images(int s) {
    return images[s];
  }

  /** Every slice's image count, a copy. */
  public long[] images() {
    return images.clone();
  }

  /** Slice s scored as pq_compute would score its images alone. */
  public PqResult result(int s, boolean[] isThing) {
    return PqResult.of(stats[s], isThing);
  }

  /** Version byte, S, C, the S image counts, then each slice's {@link PqStats#toBytes()}. */
  public byte[] toBytes() {
    int each = 5 + 40 * numCategories;
    ByteBuffer b = ByteBuffer.allocate(9 + stats.length * (8 + each));
    b.put(SERIAL_VERSION).putInt(stats.length).putInt(numCategories);
    for (long n : images) b.putLong(n);
    for (PqStats s : stats) b.put(s.toBytes());
    return b.array();
  }

  /** Reads {@link #toBytes()}. */
  public static PqSliceStats fromBytes(byte[] bytes) {
    if (bytes.length < 9) {
      throw new IllegalArgumentException("PQ slice bytes: expected at least 9 bytes, actual " + bytes.length);
    }
    if (bytes[0] != SERIAL_VERSION) {
      throw new IllegalArgumentException("PQ slice bytes: expected version " + SERIAL_VERSION + ", actual " + bytes[0]);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    int slices = b.getInt();
    int categories = b.getInt();
    long each = 5 + 40L * Math.max(categories, 0);
    long want = 9 + Math.max(slices, 0) * (8 + each);
    if (slices < 0 || categories < 0 || bytes.length != want) {
      throw new IllegalArgumentException("PQ slice bytes: expected " + want + " bytes for " + slices + " slices of "
          + categories + " categories, actual " + bytes.length);
    }
    PqSliceStats out = new PqSliceStats(categories, slices);
    for (int s = 0; s < slices; s++) {
      out.images[s] = b.getLong();
      if (out.images[s] < 0) throw new IllegalArgumentException("PQ slice bytes: negative image count in slice " + s);
    }
    byte[] one = new byte[(int) each];
    for (int s = 0; s < slices; s++) {
      b.get(one);
      out.stats[s].merge(PqStats.fromBytes(one));
    }
    return out;
  }
}
