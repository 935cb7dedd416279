package dev.overlap.core.surface;

/** numpy's default percentile ({@code method="linear"}) of sorted values. */
public final class Percentile {
  private Percentile() {}

  /**
   * The {@code q}-th percentile of {@code sorted[0, n)} (ascending), as {@code numpy.percentile(a, q)}:
   * position {@code q/100 * (n - 1)}, linear interpolation between the two closest ranks with numpy's
   * {@code _lerp} ({@code b - (b - a) * (1 - t)} when {@code t >= 0.5}, for monotonicity).
   *
   * @param sorted values in ascending order
   * @param n number of values, at least 1
   * @param q percentile in [0, 100]
   * @return the percentile
   */
  public static double linear(double[] sorted, int n, double q) {
    if (n < 1) throw new IllegalArgumentException("percentile of no values");
    double pos = q / 100 * (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, n - 1);
    double t = pos - lo;
    double a = sorted[lo];
    double b = sorted[hi];
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}
