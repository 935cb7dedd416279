package dev.overlap.core.semseg;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelImage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Mergeable accumulator of pixel confusion counts (rows = ground truth, columns = prediction) plus
 * the number of pixels skipped as ignored; the partial state of a distributed semantic
 * segmentation evaluation. {@link SemsegMetrics#of(ConfusionMatrix)} turns it into results.
 *
 * <p>Like a DataSketches sketch: {@link #add} images, {@link #merge} partials by addition, ship
 * them with {@link #toBytes()} / {@link #fromBytes(byte[])}. Mutable and not thread-safe.
 */
public final class ConfusionMatrix {
  /** Serial format version written by {@link #toBytes()} and required by {@link #fromBytes}. */
  public static final byte SERIAL_VERSION = 1;

  /** version, numClasses, ignoreLabel, ignoredPixels. */
  private static final int SERIAL_HEADER_BYTES = 1 + 4 + 4 + 8;

  private final int numClasses;
  private final int ignoreLabel;
  private final long[] counts;
  private long ignoredPixels;

  /**
   * An empty matrix.
   *
   * @param numClasses K, 1 .. {@link ConfusionCounter#MAX_CLASSES}
   * @param ignoreLabel ground-truth label whose pixels are skipped, -1 for none, else 0..65535
   */
  public ConfusionMatrix(int numClasses, int ignoreLabel) {
    if (numClasses < 1 || numClasses > ConfusionCounter.MAX_CLASSES) {
      throw new IllegalArgumentException(
          "numClasses must be in 1.." + ConfusionCounter.MAX_CLASSES + ", got " + numClasses);
    }
    if (ignoreLabel < -1 || ignoreLabel > ConfusionCounter.MAX_LABEL) {
      throw new IllegalArgumentException(
          "ignoreLabel must be -1 or 0.." + ConfusionCounter.MAX_LABEL + ", got " + ignoreLabel);
    }
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
    this.counts = new long[numClasses * numClasses];
  }

  /** K. */
  public int numClasses() {
    return numClasses;
  }

  /** The ground-truth label whose pixels are skipped, or -1. */
  public int ignoreLabel() {
    return ignoreLabel;
  }

  /** Pixels whose ground truth was {@code g} and prediction {@code p}. */
  public long count(int g, int p) {
    if (g < 0 || g >= numClasses || p < 0 || p >= numClasses) {
      throw new IndexOutOfBoundsException("(" + g + ", " + p + ") outside " + numClasses + " classes");
    }
    return counts[g * numClasses + p];
  }

  /** A copy of the K*K counts, row-major, rows = ground truth. */
  public long[] counts() {
    return counts.clone();
  }

  /** Counted pixels: the sum of all cells ({@code N} in the metrics). */
  public long totalPixels() {
    long n = 0;
    for (long c : counts) n += c;
    return n;
  }

  /** Pixels skipped because their ground truth is the ignore label. */
  public long ignoredPixels() {
    return ignoredPixels;
  }

  /**
   * Counts one image pair of 8-bit labels, row-major with {@code width} pixels per row.
   *
   * @param source names the pair in error messages (e.g. the ground-truth file)
   * @throws InvalidInputException naming {@code source} and the first pixel whose label is not a
   *     class id; this matrix is then unchanged
   */
  public void add(byte[] gt, byte[] pred, int n, int width, String source) {
    long r = ConfusionCounter.count(gt, pred, n, numClasses, ignoreLabel, counts);
    if (r < 0) {
      int i = (int) (-r - 1);
      throw refused(source, gt[i] & 0xFF, pred[i] & 0xFF, i, width);
    }
    ignoredPixels += r;
  }

  /** {@link #add(byte[], byte[], int, int, String)} for 16-bit labels. */
  public void add(short[] gt, short[] pred, int n, int width, String source) {
    long r = ConfusionCounter.count(gt, pred, n, numClasses, ignoreLabel, counts);
    if (r < 0) {
      int i = (int) (-r - 1);
      throw refused(source, gt[i] & 0xFFFF, pred[i] & 0xFFFF, i, width);
    }
    ignoredPixels += r;
  }

  /**
   * Counts a decoded image pair of any label depths.
   *
   * @throws InvalidInputException naming {@code source} if the sizes differ or a label is not a
   *     class id; this matrix is then unchanged
   */
  public void add(LabelImage gt, LabelImage pred, String source) {
    if (gt.width() != pred.width() || gt.height() != pred.height()) {
      throw new InvalidInputException(source, null, null, "prediction is " + pred.width() + "x"
          + pred.height() + " but ground truth is " + gt.width() + "x" + gt.height());
    }
    int n = gt.pixelCount();
    int width = gt.width();
    long r;
    if (gt.labelBits() == 8 && pred.labelBits() == 8) {
      r = ConfusionCounter.count(gt.bytes(), pred.bytes(), n, numClasses, ignoreLabel, counts);
    } else if (gt.labelBits() == 16 && pred.labelBits() == 16) {
      r = ConfusionCounter.count(gt.shorts(), pred.shorts(), n, numClasses, ignoreLabel, counts);
    } else if (gt.labelBits() == 8) {
      r = ConfusionCounter.count(gt.bytes(), pred.shorts(), n, numClasses, ignoreLabel, counts);
    } else {
      r = ConfusionCounter.count(gt.shorts(), pred.bytes(), n, numClasses, ignoreLabel, counts);
    }
    if (r < 0) {
      int i = (int) (-r - 1);
      throw refused(source, gt.label(i % width, i / width), pred.label(i % width, i / width), i, width);
    }
    ignoredPixels += r;
  }

  /**
   * Adds another partial's counts to this one (cell by cell, plus ignored pixels).
   *
   * @throws IllegalArgumentException if the class count or ignore label differ
   */
  public void merge(ConfusionMatrix other) {
    if (other.numClasses != numClasses || other.ignoreLabel != ignoreLabel) {
      throw new IllegalArgumentException("cannot merge a matrix of " + other.numClasses
          + " classes, ignore label " + other.ignoreLabel + " into one of " + numClasses
          + " classes, ignore label " + ignoreLabel);
    }
    long[] theirs = other.counts;
    for (int i = 0; i < counts.length; i++) counts[i] += theirs[i];
    ignoredPixels += other.ignoredPixels;
  }

  /** Sets every count to zero, e.g. to reuse one matrix for per-image scores. */
  public void clear() {
    Arrays.fill(counts, 0);
    ignoredPixels = 0;
  }

  /**
   * Serial form, big-endian: version byte {@link #SERIAL_VERSION}, int numClasses, int
   * ignoreLabel, long ignoredPixels, then K*K long counts row-major.
   */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(SERIAL_HEADER_BYTES + 8 * counts.length);
    b.put(SERIAL_VERSION).putInt(numClasses).putInt(ignoreLabel).putLong(ignoredPixels);
    for (long c : counts) b.putLong(c);
    return b.array();
  }

  /**
   * Reads {@link #toBytes()} output.
   *
   * @throws IllegalArgumentException if the version is not {@link #SERIAL_VERSION} ("expected
   *     version 1, actual 7"), the length does not match, or a count is negative
   */
  public static ConfusionMatrix fromBytes(byte[] bytes) {
    if (bytes.length < 1) throw new IllegalArgumentException("empty confusion matrix bytes");
    if (bytes[0] != SERIAL_VERSION) {
      throw new IllegalArgumentException("confusion matrix bytes: expected version " + SERIAL_VERSION
          + ", actual " + bytes[0]);
    }
    if (bytes.length < SERIAL_HEADER_BYTES) {
      throw new IllegalArgumentException("confusion matrix bytes: expected at least "
          + SERIAL_HEADER_BYTES + " bytes, actual " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    int k = b.getInt();
    int ignore = b.getInt();
    long ignored = b.getLong();
    if (k < 1 || k > ConfusionCounter.MAX_CLASSES) {
      throw new IllegalArgumentException("confusion matrix bytes: numClasses " + k + " out of range");
    }
    long expected = SERIAL_HEADER_BYTES + 8L * k * k;
    if (bytes.length != expected) {
      throw new IllegalArgumentException("confusion matrix bytes: expected " + expected
          + " bytes for " + k + " classes, actual " + bytes.length);
    }
    if (ignored < 0) {
      throw new IllegalArgumentException("confusion matrix bytes: negative ignored pixels " + ignored);
    }
    ConfusionMatrix m = new ConfusionMatrix(k, ignore);
    for (int i = 0; i < m.counts.length; i++) {
      long c = b.getLong();
      if (c < 0) {
        throw new IllegalArgumentException("confusion matrix bytes: negative count " + c
            + " at (" + i / k + ", " + i % k + ")");
      }
      m.counts[i] = c;
    }
    m.ignoredPixels = ignored;
    return m;
  }

  private InvalidInputException refused(String source, int g, int p, int pixel, int width) {
    return new InvalidInputException(source, null, null,
        ConfusionCounter.describe(g, p, pixel, width, numClasses, ignoreLabel));
  }
}
