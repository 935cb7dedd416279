package dev.overlap.jobs.slices;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.slices.ImageSlices;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Builds the slices of a run on the driver, from the ground truth's image records or from a side table, and
 * accounts for every row of that table: each matches an image of the ground truth or is counted as not matching.
 */
public final class SliceSetup {
  private SliceSetup() {}

  /**
   * The slices and where they came from.
   *
   * @param source what the values were read from (the ground truth's image records, or the side table)
   * @param rows side table rows read (0 for image records)
   * @param unmatched side table rows whose image id is not an image of the ground truth
   */
  public record Built(ImageSlices slices, String source, long rows, long unmatched) {
    /** The same slices with the rows found to name no image counted (known only after the evaluation). */
    public Built withUnmatched(long n) {
      return new Built(slices, source, rows, n);
    }
  }

  /** What {@code keyOf} returns for an id that is not an image of the ground truth. */
  public static final long NOT_AN_IMAGE = Long.MIN_VALUE;

  /**
   * Slices from the ground truth's own image records.
   *
   * @param keys the images' evaluation keys
   * @param attributes per image, the fields' values (null: missing)
   * @param available the fields the records have, for the message when a field is in none of them
   */
  public static Built fromImages(String gtName, String[] fields, long[] keys, String[][] attributes,
      Supplier<List<String>> available) {
    for (int f = 0; f < fields.length; f++) {
      boolean any = false;
      for (int i = 0; i < attributes.length && !any; i++) any = attributes[i] != null && attributes[i][f] != null;
      if (!any) {
        throw new InvalidInputException(gtName, "images", fields[f], "--slice-by: no image record has"
            + " a value for it; fields of the image records: " + String.join(", ", available.get())
            + " (or give the attributes with --image-attributes)");
      }
    }
    return new Built(build(gtName, fields, keys, attributes), gtName + " image records", 0, 0);
  }

  /**
   * Slices from a side table, keyed by image id as text.
   *
   * @param keyOf an id's evaluation key, or {@link #NOT_AN_IMAGE}
   */
  public static Built fromTable(ImageAttributes.Table table, String[] fields, ToLongFunction<String> keyOf) {
    long[] keys = new long[table.ids().length];
    String[][] values = new String[keys.length][];
    int n = 0;
    long unmatched = 0;
    for (int i = 0; i < keys.length; i++) {
      long k = keyOf.applyAsLong(table.ids()[i]);
      if (k == NOT_AN_IMAGE) {
        unmatched++;
        continue;
      }
      keys[n] = k;
      values[n++] = table.values()[i];
    }
    return new Built(build(table.source(), fields, Arrays.copyOf(keys, n), Arrays.copyOf(values, n)), table.source(),
        keys.length, unmatched);
  }

  private static ImageSlices build(String source, String[] fields, long[] keys, String[][] values) {
    try {
      return ImageSlices.of(fields, keys, values);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(source, null, null, "--slice-by: " + e.getMessage());
    }
  }
}
