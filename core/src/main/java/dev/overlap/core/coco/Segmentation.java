package dev.overlap.core.coco;

import java.util.Arrays;

/**
 * A COCO {@code segmentation} value as it was given: polygons, or a run-length encoding.
 *
 * <p>Polygons are kept as coordinates (they can only be rasterised once the image size is known).
 * An RLE keeps its own size {@code [h, w]} and its counts, decoded from the compressed string when
 * the input held one: column-major runs that start with a run of zeros, as pycocotools' maskApi.
 * Immutable; the arrays are owned by this object and must not be modified.
 */
public final class Segmentation {
  private final double[][] polygons;
  private final int rleHeight;
  private final int rleWidth;
  private final int[] rleCounts;

  private Segmentation(double[][] polygons, int rleHeight, int rleWidth, int[] rleCounts) {
    this.polygons = polygons;
    this.rleHeight = rleHeight;
    this.rleWidth = rleWidth;
    this.rleCounts = rleCounts;
  }

  /** Polygons, each {@code [x1, y1, x2, y2, ...]} with at least three points. */
  public static Segmentation ofPolygons(double[][] polygons) {
    return new Segmentation(polygons, 0, 0, null);
  }

  /** A run-length encoding of an {@code h x w} mask; counts sum to {@code h * w}. */
  public static Segmentation ofRle(int h, int w, int[] counts) {
    return new Segmentation(null, h, w, counts);
  }

  public boolean isPolygons() { return polygons != null; }
  public double[][] polygons() { return polygons; }
  public int rleHeight() { return rleHeight; }
  public int rleWidth() { return rleWidth; }
  public int[] rleCounts() { return rleCounts; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Segmentation)) return false;
    Segmentation s = (Segmentation) o;
    return Arrays.deepEquals(polygons, s.polygons) && rleHeight == s.rleHeight && rleWidth == s.rleWidth
        && Arrays.equals(rleCounts, s.rleCounts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(polygons) + Arrays.hashCode(rleCounts);
  }
}
