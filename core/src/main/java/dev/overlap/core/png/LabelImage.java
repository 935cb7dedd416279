package dev.overlap.core.png;

/**
 * A reusable buffer holding one decoded label map, row-major ({@code y * width + x}).
 *
 * <p>Labels of 8 bits or fewer live in {@link #bytes()} (unsigned: {@code b & 0xFF}); 16-bit
 * labels live in {@link #shorts()} (unsigned: {@code s & 0xFFFF}); 24-bit segment ids decoded from
 * an RGB map ({@code R + 256 G + 256^2 B}) live in {@link #ints()}. Only the first
 * {@link #pixelCount()} entries of the active array are meaningful; the arrays only grow, so a
 * task can decode thousands of images into one instance without reallocating.
 *
 * <p>Mutable and not thread-safe: one per task, refilled by each decode.
 */
public final class LabelImage {
  private static final byte[] NO_BYTES = new byte[0];
  private static final short[] NO_SHORTS = new short[0];
  private static final int[] NO_INTS = new int[0];

  private int width;
  private int height;
  private int labelBits = 8;
  private byte[] bytes = NO_BYTES;
  private short[] shorts = NO_SHORTS;
  private int[] ints = NO_INTS;

  /** An empty image (0 x 0, 8-bit) that allocates on first use. */
  public LabelImage() {}

  /** Pixels per row. */
  public int width() {
    return width;
  }

  /** Rows. */
  public int height() {
    return height;
  }

  /** {@code width * height}; always fits an int because the buffer is one Java array. */
  public int pixelCount() {
    return width * height;
  }

  /** 8 when labels are in {@link #bytes()}, 16 when in {@link #shorts()}, 24 when in {@link #ints()}. */
  public int labelBits() {
    return labelBits;
  }

  /** The backing array for 8-bit labels; valid for the first {@link #pixelCount()} entries. */
  public byte[] bytes() {
    return bytes;
  }

  /** The backing array for 16-bit labels; valid for the first {@link #pixelCount()} entries. */
  public short[] shorts() {
    return shorts;
  }

  /** The backing array for 24-bit segment ids; valid for the first {@link #pixelCount()} entries. */
  public int[] ints() {
    return ints;
  }

  /** The label at column {@code x}, row {@code y}, as a non-negative int. Not for hot loops. */
  public int label(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
    }
    int i = y * width + x;
    return labelBits == 8 ? bytes[i] & 0xFF : labelBits == 16 ? shorts[i] & 0xFFFF : ints[i];
  }

  /**
   * Makes this a {@code width x height} 8-bit image and returns its buffer for the caller to fill.
   * The previous content is not cleared.
   */
  public byte[] bytesFor(int width, int height) {
    int n = checkedCount(width, height);
    if (bytes.length < n) bytes = new byte[n];
    this.width = width;
    this.height = height;
    this.labelBits = 8;
    return bytes;
  }

  /**
   * Makes this a {@code width x height} 16-bit image and returns its buffer for the caller to
   * fill. The previous content is not cleared.
   */
  public short[] shortsFor(int width, int height) {
    int n = checkedCount(width, height);
    if (shorts.length < n) shorts = new short[n];
    this.width = width;
    this.height = height;
    this.labelBits = 16;
    return shorts;
  }

  /**
   * Makes this a {@code width x height} image of 24-bit segment ids and returns its buffer for the
   * caller to fill. The previous content is not cleared.
   */
  public int[] intsFor(int width, int height) {
    int n = checkedCount(width, height);
    if (ints.length < n) ints = new int[n];
    this.width = width;
    this.height = height;
    this.labelBits = 24;
    return ints;
  }

  private static int checkedCount(int width, int height) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size " + width + "x" + height);
    }
    long n = (long) width * height;
    // Leaves the headroom the JVM needs for array headers.
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(width + "x" + height + " pixels do not fit one Java array");
    }
    return (int) n;
  }
}
