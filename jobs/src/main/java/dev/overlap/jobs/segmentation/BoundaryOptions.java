package dev.overlap.jobs.segmentation;

import dev.overlap.core.boundary.BandWidth;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;

/**
 * {@code --boundary [--dilation-ratio R] [--spacing sx,sy]}: the segmentation job's boundary metrics
 * (boundary IoU per class, HD95 / HD / ASSD per class), see {@code docs/boundary.md}.
 *
 * @param dilationRatio band width as a fraction of the image diagonal, in (0, 1]
 * @param spacingX physical size of a pixel along x (columns)
 * @param spacingY physical size of a pixel along y (rows)
 */
public record BoundaryOptions(double dilationRatio, double spacingX, double spacingY) implements Serializable {

  /** The options when {@code --boundary} is given, else null; one-line errors for bad values. */
  static BoundaryOptions parse(Args a) {
    boolean on = a.flag("boundary");
    if (!on) {
      for (String o : new String[] {"dilation-ratio", "spacing"}) {
        if (a.has(o)) throw new UsageException("--" + o + " applies with --boundary only");
      }
      return null;
    }
    double ratio = BandWidth.DEFAULT_RATIO;
    if (a.has("dilation-ratio")) {
      String v = a.get("dilation-ratio", "");
      ratio = number(v);
      if (!(ratio > 0 && ratio <= 1)) throw new UsageException("--dilation-ratio: expected a number in (0, 1], got \"" + v + "\"");
    }
    double sx = 1;
    double sy = 1;
    if (a.has("spacing")) {
      String v = a.get("spacing", "");
      String[] p = v.split(",", -1);
      if (p.length == 2) {
        sx = number(p[0]);
        sy = number(p[1]);
      }
      if (p.length != 2 || !(sx > 0 && sy > 0) || Double.isInfinite(sx) || Double.isInfinite(sy)) {
        throw new UsageException("--spacing: expected two positive numbers sx,sy (pixel width, height), got \"" + v + "\"");
      }
    }
    return new BoundaryOptions(ratio, sx, sy);
  }

  private static double number(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
