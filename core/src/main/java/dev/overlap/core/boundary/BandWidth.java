package dev.overlap.core.boundary;

/** The band width in pixels of an image, as boundary-iou-api's {@code mask_to_boundary}. */
public final class BandWidth {
  /** boundary-iou-api's default {@code dilation_ratio}. */
  public static final double DEFAULT_RATIO = 0.02;

  private BandWidth() {}

  /**
   * {@code max(1, round(ratio * sqrt(h*h + w*w)))} with Python's round-half-to-even on the double
   * product ({@code Math.rint}): 375x500 gives 12 (12.5), 405x540 gives 14 (13.5).
   *
   * @param h image height
   * @param w image width
   * @param ratio dilation ratio, in (0, 1]
   * @return the band width {@code d}, at least 1
   */
  public static int pixels(int h, int w, double ratio) {
    // h*h + w*w is an exact integer below 2^53; numpy takes its sqrt in double as here
    double diagonal = Math.sqrt((double) ((long) h * h + (long) w * w));
    double d = Math.rint(ratio * diagonal);
    return d < 1 ? 1 : (int) Math.min(d, Integer.MAX_VALUE);
  }

  /**
   * Checks a user-supplied ratio.
   *
   * @throws IllegalArgumentException naming the value when it is not in (0, 1]
   */
  public static double checkRatio(double ratio) {
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException("dilation ratio must be in (0, 1], got " + ratio);
    }
    return ratio;
  }
}
