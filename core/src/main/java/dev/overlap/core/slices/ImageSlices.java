package dev.overlap.core.slices;

import dev.overlap.core.coco.BootstrapCurves;
import java.util.Arrays;

/**
 * Images grouped by the values of attribute fields (an image record's {@code weather}, a side table's
 * {@code camera}): each (field, value) is a slice, and every metric is computed again over each slice's images.
 * Immutable.
 *
 * <p>A slice is a replicate whose weights are 1 for its images and 0 for the others, so the bootstrap's machinery
 * computes it ({@link BootstrapCurves}): weight 0 drops an image from the accumulation exactly as evaluating the
 * other images alone would (pycocotools with {@code params.imgIds} set to the slice's images). Slices are numbered
 * field by field: field f's value v is slice {@code firstSlice(f) + v}. Value 0 of every field is "missing" (the
 * image has no such field, or null, or is absent from the side table); the others are the distinct values in
 * {@link String#compareTo} order.
 */
public final class ImageSlices implements BootstrapCurves.Weights {
  private static final long serialVersionUID = 1L;

  /** More distinct values than this in one field is an id, not a slice: refused. */
  public static final int MAX_VALUES = 1000;

  private final String[] fields;
  private final String[][] values; // [field][v]; values[f][0] == null (missing)
  private final int[] firstSlice;
  private final long[] ids; // ascending
  private final int[][] valueOf; // [field][i]: the value of image ids[i]

  private ImageSlices(String[] fields, String[][] values, long[] ids, int[][] valueOf) {
    this.fields = fields;
    this.values = values;
    this.ids = ids;
    this.valueOf = valueOf;
    this.firstSlice = new int[fields.length + 1];
    for (int f = 0; f < fields.length; f++) firstSlice[f + 1] = firstSlice[f] + values[f].length;
  }

  /**
   * The slices of images {@code ids[i]} with values {@code attributes[i][f]} (null: missing). An id given twice
   * must carry the same values both times.
   *
   * @throws IllegalArgumentException naming the image and field when an id repeats with other values, or a field
   *     has more than {@link #MAX_VALUES} distinct values
   */
  public static ImageSlices of(String[] fields, long[] ids, String[][] attributes) {
    int n = ids.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    long[] sortedIds = new long[n];
    int m = 0;
    int[] keep = new int[n];
    for (int q = 0; q < n; q++) {
      int i = order[q];
      if (m > 0 && sortedIds[m - 1] == ids[i]) {
        String[] first = attributes[keep[m - 1]];
        for (int f = 0; f < fields.length; f++) {
          if (!java.util.Objects.equals(first[f], attributes[i][f])) {
            throw new IllegalArgumentException("image " + ids[i] + " is given twice with different \"" + fields[f]
                + "\" values (" + show(first[f]) + " and " + show(attributes[i][f]) + ")");
          }
        }
        continue;
      }
      sortedIds[m] = ids[i];
      keep[m++] = i;
    }
    sortedIds = Arrays.copyOf(sortedIds, m);
    String[][] values = new String[fields.length][];
    int[][] valueOf = new int[fields.length][m];
    for (int f = 0; f < fields.length; f++) {
      java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
      for (int j = 0; j < m; j++) {
        String v = attributes[keep[j]][f];
        if (v != null) distinct.add(v);
      }
      if (distinct.size() > MAX_VALUES) {
        throw new IllegalArgumentException("\"" + fields[f] + "\" has " + distinct.size() + " distinct values (at most "
            + MAX_VALUES + " slices per field): it names images rather than groups of them");
      }
      values[f] = new String[distinct.size() + 1];
      int v = 1;
      for (String s : distinct) values[f][v++] = s;
      for (int j = 0; j < m; j++) {
        String s = attributes[keep[j]][f];
        valueOf[f][j] = s == null ? 0 : Arrays.binarySearch(values[f], 1, values[f].length, s);
      }
    }
    return new ImageSlices(fields.clone(), values, sortedIds, valueOf);
  }

  private static String show(String v) {
    return v == null ? "missing" : "\"" + v + "\"";
  }

  @Override
  public void fill(long imageId, int[] out) {
    Arrays.fill(out, 0);
    int i = Arrays.binarySearch(ids, imageId);
    for (int f = 0; f < fields.length; f++) out[firstSlice[f] + (i >= 0 ? valueOf[f][i] : 0)] = 1;
  }

  /** The number of slices over all fields (the replicates of {@link #fill}). */
  public int size() {
    return firstSlice[fields.length];
  }

  /** The fields, in the order given. */
  public int numFields() {
    return fields.length;
  }

  public String field(int f) {
    return fields[f];
  }

  /** Field f's values: index 0 is missing (null), then the distinct values in order. */
  public int numValues(int f) {
    return values[f].length;
  }

  /** Value v of field f, null for missing. */
  public String value(int f, int v) {
    return values[f][v];
  }

  /** The slice number of value v of field f. */
  public int slice(int f, int v) {
    return firstSlice[f] + v;
  }

  /** The images given a value (any field may still be missing for some of them). */
  public int numImages() {
    return ids.length;
  }
}
