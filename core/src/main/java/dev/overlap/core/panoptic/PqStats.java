package dev.overlap.core.panoptic;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Mergeable per-category panoptic counts: true positives, false positives, false negatives and
 * the sum of matched IoUs (pq_compute's {@code PQStatCat}). The partial state of a distributed
 * evaluation: {@link #merge} adds, {@link #toBytes()} / {@link #fromBytes} ship it.
 *
 * <p>IoU sums are exact: a matched IoU lies in (0.5, 1], so {@code IoU * 2^53} is an integer; the
 * sum is kept as whole units plus a remainder of 53 fractional bits and rounded once in
 * {@link #iouSum}. Merging is therefore associative and commutative to the bit. Mutable, not
 * thread-safe.
 */
public final class PqStats implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Serial format version written by {@link #toBytes()} and required by {@link #fromBytes}. */
  public static final byte SERIAL_VERSION = 1;

  private static final int FRACTION_BITS = 53;
  private static final long FRACTION_MASK = (1L << FRACTION_BITS) - 1;

  private final int numCategories;
  private final long[] tp;
  private final long[] fp;
  private final long[] fn;
  private final long[] iouWhole;
  private final long[] iouFraction;

  /** Zero counts for {@code numCategories} categories. */
  public PqStats(int numCategories) {
    if (numCategories < 0) throw new IllegalArgumentException("negative category count " + numCategories);
    this.numCategories = numCategories;
    tp = new long[numCategories];
    fp = new long[numCategories];
    fn = new long[numCategories];
    iouWhole = new long[numCategories];
    iouFraction = new long[numCategories];
  }

  /** C. */
  public int numCategories() {
    return numCategories;
  }

  /** Sets every count to zero. */
  public void clear() {
    Arrays.fill(tp, 0);
    Arrays.fill(fp, 0);
    Arrays.fill(fn, 0);
    Arrays.fill(iouWhole, 0);
    Arrays.fill(iouFraction, 0);
  }

  /**
   * Records a match of category {@code c} with this IoU.
   *
   * @throws IllegalArgumentException unless {@code 0.5 < iou <= 1} (pq_compute's match rule)
   */
  public void addMatch(int c, double iou) {
    if (!(iou > 0.5 && iou <= 1)) throw new IllegalArgumentException("a matched IoU is in (0.5, 1], got " + iou);
    tp[c]++;
    // exact: iou has exponent -1 or 0, so its 53-bit significand ends at 2^-53
    addUnits(c, 0, (long) Math.scalb(iou, FRACTION_BITS));
  }

  private void addUnits(int c, long whole, long fraction) {
    long f = iouFraction[c] + fraction;
    iouWhole[c] += whole + (f >>> FRACTION_BITS);
    iouFraction[c] = f & FRACTION_MASK;
  }

  /** Adds one false positive to category {@code c}. */
  public void addFalsePositive(int c) {
    fp[c]++;
  }

  /** Adds one false negative to category {@code c}. */
  public void addFalseNegative(int c) {
    fn[c]++;
  }

  public long tp(int c) {
    return tp[c];
  }

  public long fp(int c) {
    return fp[c];
  }

  public long fn(int c) {
    return fn[c];
  }

  /** The sum of matched IoUs of category {@code c}, the exact sum rounded once to a double. */
  public double iouSum(int c) {
    // both terms are exact doubles (whole < 2^53); the addition rounds once
    return (double) iouWhole[c] + Math.scalb((double) iouFraction[c], -FRACTION_BITS);
  }

  /** Adds {@code other}'s counts to these, category by category. */
  public PqStats merge(PqStats other) {
    if (other.numCategories != numCategories) {
      throw new IllegalArgumentException("expected " + numCategories + " categories, actual " + other.numCategories);
    }
    for (int c = 0; c < numCategories; c++) {
      tp[c] += other.tp[c];
      fp[c] += other.fp[c];
      fn[c] += other.fn[c];
      addUnits(c, other.iouWhole[c], other.iouFraction[c]);
    }
    return this;
  }

  /**
   * Adds {@code w} times {@code other}'s counts (a bootstrap replicate weighing an image by an integer weight), as
   * exactly as {@link #merge}: w whole merges, without the loop.
   */
  public PqStats mergeWeighted(PqStats other, int w) {
    if (other.numCategories != numCategories) {
      throw new IllegalArgumentException("expected " + numCategories + " categories, actual " + other.numCategories);
    }
    if (w < 0 || w > 64) throw new IllegalArgumentException("weight " + w + " outside 0..64");
    for (int c = 0; c < numCategories; c++) {
      tp[c] += w * other.tp[c];
      fp[c] += w * other.fp[c];
      fn[c] += w * other.fn[c];
      // a fraction below 2^53 times w <= 64 stays below 2^59: no overflow before it is carried
      long f = other.iouFraction[c] * w;
      addUnits(c, w * other.iouWhole[c] + (f >>> FRACTION_BITS), f & FRACTION_MASK);
    }
    return this;
  }

  /** Version byte, C, then per category tp, fp, fn, whole and fractional IoU units. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 40 * numCategories);
    b.put(SERIAL_VERSION).putInt(numCategories);
    for (int c = 0; c < numCategories; c++) {
      b.putLong(tp[c]).putLong(fp[c]).putLong(fn[c]).putLong(iouWhole[c]).putLong(iouFraction[c]);
    }
    return b.array();
  }

  /** Reads {@link #toBytes()}. */
  public static PqStats fromBytes(byte[] bytes) {
    if (bytes.length < 5) throw new IllegalArgumentException("PQ stats bytes: expected at least 5 bytes, actual " + bytes.length);
    if (bytes[0] != SERIAL_VERSION) {
      throw new IllegalArgumentException("PQ stats bytes: expected version " + SERIAL_VERSION + ", actual " + bytes[0]);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    int n = b.getInt();
    if (n < 0 || bytes.length != 5 + 40L * n) {
      throw new IllegalArgumentException("PQ stats bytes: expected " + (5 + 40L * Math.max(n, 0)) + " bytes for " + n
          + " categories, actual " + bytes.length);
    }
    PqStats s = new PqStats(n);
    for (int c = 0; c < n; c++) {
      s.tp[c] = b.getLong();
      s.fp[c] = b.getLong();
      s.fn[c] = b.getLong();
      s.iouWhole[c] = b.getLong();
      s.iouFraction[c] = b.getLong();
      if (s.tp[c] < 0 || s.fp[c] < 0 || s.fn[c] < 0 || s.iouWhole[c] < 0 || s.iouFraction[c] < 0
          || s.iouFraction[c] > FRACTION_MASK) {
        throw new IllegalArgumentException("PQ stats bytes: invalid counts for category " + c);
      }
    }
    return s;
  }
}
