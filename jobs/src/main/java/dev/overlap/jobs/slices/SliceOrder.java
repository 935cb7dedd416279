package dev.overlap.jobs.slices;

import dev.overlap.core.slices.ImageSlices;
import java.util.ArrayList;
import java.util.List;

/** The order every task shows its slices in: tables field by field, the console and report worst first. */
public final class SliceOrder {
  private SliceOrder() {}

  /**
   * The slices with at least one evaluated image, as {field, value} pairs: field by field, values in order (missing
   * first). A field's "missing" slice with no image (every image has the field) is left out.
   */
  public static List<int[]> shown(ImageSlices s, long[] images) {
    List<int[]> out = new ArrayList<>();
    for (int f = 0; f < s.numFields(); f++) {
      for (int v = 0; v < s.numValues(f); v++) if (images[s.slice(f, v)] > 0) out.add(new int[] {f, v});
    }
    return out;
  }

  /**
   * Field f's shown slices, worst headline first (undefined, NaN or -1, first: a slice without ground truth), those
   * under {@code minImages} last; ties keep the values' order.
   *
   * @param headline per slice number, the headline metric
   */
  public static List<int[]> worstFirst(ImageSlices s, long[] images, double[] headline, int f, int minImages) {
    List<int[]> vs = new ArrayList<>();
    for (int[] fv : shown(s, images)) if (fv[0] == f) vs.add(fv);
    vs.sort((a, b) -> {
      int qa = s.slice(a[0], a[1]), qb = s.slice(b[0], b[1]);
      boolean fa = images[qa] < minImages, fb = images[qb] < minImages;
      if (fa != fb) return fa ? 1 : -1;
      return Double.compare(defined(headline[qa]), defined(headline[qb]));
    });
    return vs;
  }

  private static double defined(double v) {
    return v > -1 ? v : Double.NEGATIVE_INFINITY;
  }

  /** The console's and report's name of a value: missing shown as "(missing)". */
  public static String label(String value) {
    return value == null ? "(missing)" : value;
  }
}
