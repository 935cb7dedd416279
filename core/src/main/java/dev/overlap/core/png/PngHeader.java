package dev.overlap.core.png;

/**
 * The IHDR fields of a PNG that matter for a label map (PNG specification §11.2.2).
 *
 * @param width pixels per row, 1 .. 2^31-1
 * @param height rows, 1 .. 2^31-1
 * @param bitDepth bits per sample: 1, 2, 4, 8 or 16
 * @param colourType 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
 * @param interlaced true for Adam7, false for sequential rows
 */
public record PngHeader(int width, int height, int bitDepth, int colourType, boolean interlaced) {
  /** Colour type 0. */
  public static final int GRAY = 0;
  /** Colour type 2. */
  public static final int RGB = 2;
  /** Colour type 3. */
  public static final int PALETTE = 3;
  /** Colour type 4. */
  public static final int GRAY_ALPHA = 4;
  /** Colour type 6. */
  public static final int RGBA = 6;

  /** {@code width * height}, which can exceed {@code int} for a hostile header. */
  public long pixelCount() {
    return (long) width * height;
  }

  /** True for grayscale and palette images, the only colour types that are label maps. */
  public boolean isSingleChannel() {
    return colourType == GRAY || colourType == PALETTE;
  }

  /** Samples per pixel: 1 gray or palette, 2 gray+alpha, 3 RGB, 4 RGBA (§6.1). */
  public int channels() {
    switch (colourType) {
      case RGB:
        return 3;
      case GRAY_ALPHA:
        return 2;
      case RGBA:
        return 4;
      default:
        return 1;
    }
  }

  /** True for 8-bit RGB and RGBA, the layouts of COCO panoptic segment-id maps. */
  public boolean isRgb8() {
    return bitDepth == 8 && (colourType == RGB || colourType == RGBA);
  }

  /** Bits per label in a {@link LabelImage}: 8 for bit depths 1..8, 16 for bit depth 16. */
  public int labelBits() {
    return bitDepth == 16 ? 16 : 8;
  }
}
