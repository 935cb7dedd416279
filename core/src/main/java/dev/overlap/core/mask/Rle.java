package dev.overlap.core.mask;

import java.util.Arrays;

/**
 * An immutable run-length encoded binary mask of {@code h x w} pixels: pycocotools' {@code RLE}
 * struct ({@code h}, {@code w}, {@code m}, {@code cnts}).
 *
 * <p>Counts are column-major runs starting with zeros (see the package documentation). The counts
 * array is owned by this object: {@link #counts()} returns it without copying and callers must not
 * modify it. Equality is by size and counts, so two encodings of the same pixels that differ in
 * zero-length runs are not equal.
 */
public final class Rle {
  private final int h;
  private final int w;
  private final int[] counts;
  private final long area;
  private final boolean innerEmptyRun;

  private Rle(int h, int w, int[] counts, long area) {
    this.h = h;
    this.w = w;
    this.counts = counts;
    this.area = area;
    boolean empty = false;
    for (int i = 1; i < counts.length && !empty; i++) {
      empty = counts[i] == 0;
    }
    this.innerEmptyRun = empty;
  }

  /**
   * An RLE of an {@code h x w} mask from its counts, validated: sizes non-negative with
   * {@code h * w <= 2^31 - 1}, every count non-negative, counts summing to {@code h * w}.
   * Takes ownership of {@code counts} (no copy).
   *
   * @param h mask height in pixels
   * @param w mask width in pixels
   * @param counts column-major run lengths starting with a run of zeros, as {@code maskApi.c}'s {@code cnts}
   * @return the RLE
   * @throws IllegalArgumentException with a one-line reason when a condition above fails
   */
  public static Rle of(int h, int w, int[] counts) {
    long size = checkSize(h, w);
    if (counts == null) {
      throw new IllegalArgumentException("RLE counts are null");
    }
    long sum = 0;
    long ones = 0;
    for (int i = 0; i < counts.length; i++) {
      int c = counts[i];
      if (c < 0) {
        throw new IllegalArgumentException("RLE count " + i + " is negative: " + c);
      }
      sum += c;
      if ((i & 1) == 1) {
        ones += c;
      }
    }
    if (sum != size) {
      throw new IllegalArgumentException("RLE counts sum to " + sum + ", expected h*w = " + size);
    }
    return new Rle(h, w, counts, ones);
  }

  /**
   * An RLE from COCO's compressed counts string, as pycocotools' {@code frString}/{@code rleFrString}.
   *
   * @param h mask height in pixels ({@code size[0]})
   * @param w mask width in pixels ({@code size[1]})
   * @param counts the compressed counts string
   * @return the decoded, validated RLE
   * @throws IllegalArgumentException if the string is malformed or its counts do not sum to {@code h * w}
   * @see RleCodec#decodeCounts(CharSequence)
   */
  public static Rle fromCompressed(int h, int w, CharSequence counts) {
    checkSize(h, w);
    return of(h, w, RleCodec.decodeCounts(counts));
  }

  /** Counts already known valid by construction inside this package: checked only by assertions. */
  static Rle trusted(int h, int w, int[] counts) {
    long sum = 0;
    long ones = 0;
    for (int i = 0; i < counts.length; i++) {
      assert counts[i] >= 0 : "negative count " + counts[i] + " at " + i;
      sum += counts[i];
      if ((i & 1) == 1) {
        ones += counts[i];
      }
    }
    assert sum == (long) h * w : "counts sum to " + sum + ", expected " + (long) h * w;
    return new Rle(h, w, counts, ones);
  }

  static long checkSize(int h, int w) {
    if (h < 0 || w < 0) {
      throw new IllegalArgumentException("mask size " + h + "x" + w + " is negative");
    }
    long size = (long) h * w;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("mask size h*w = " + size + " exceeds 2^31-1 pixels");
    }
    return size;
  }

  /** Mask height {@code h} in pixels (COCO {@code size[0]}). */
  public int height() {
    return h;
  }

  /** Mask width {@code w} in pixels (COCO {@code size[1]}). */
  public int width() {
    return w;
  }

  /** The run lengths, owned by this RLE: do not modify. {@code maskApi.c}'s {@code cnts}. */
  public int[] counts() {
    return counts;
  }

  /** Number of runs, {@code maskApi.c}'s {@code m}. */
  public int length() {
    return counts.length;
  }

  /**
   * Number of foreground pixels: the sum of the odd-index runs, as {@code maskApi.c#rleArea}
   * (computed once, at construction).
   */
  public long area() {
    return area;
  }

  /**
   * Whether a run after the first has length 0. Only such masks can end {@code rleIou}'s walk
   * early (see {@link Masks#iou(Rle[], int, Rle[], int, boolean[], double[])}).
   */
  boolean hasInnerEmptyRun() {
    return innerEmptyRun;
  }

  /** The compressed counts string of this RLE, as {@code maskApi.c#rleToString}. */
  public String toCompressed() {
    return RleCodec.encode(counts, counts.length);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Rle)) {
      return false;
    }
    Rle r = (Rle) o;
    return h == r.h && w == r.w && Arrays.equals(counts, r.counts);
  }

  @Override
  public int hashCode() {
    return (31 * h + w) * 31 + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Rle[" + h + "x" + w + ", area " + area + ", " + counts.length + " runs]";
  }
}
