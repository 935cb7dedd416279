package dev.overlap.jobs.cli;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Slices: {@code --slice-by FIELD[,FIELD] [--image-attributes FILE] [--min-slice-images N]}. Every metric again
 * over the images that share a value of each field, one field at a time.
 *
 * @param fields the fields, in the order given (empty: no slices)
 * @param attributes a CSV or Parquet side table keyed by image id ({@code image_id} or {@code id} column), or null:
 *     the fields are read from the ground truth's image records
 * @param minImages slices with fewer evaluated images are flagged too small (their numbers stay in the tables,
 *     the console and report say so instead of printing them)
 */
public record SliceOptions(String[] fields, String attributes, int minImages) implements Serializable {

  public static final Set<String> OPTIONS = Set.of("slice-by", "image-attributes", "min-slice-images");

  /** Slices under this many images are flagged: a handful of images makes an AP that says little. */
  public static final int DEFAULT_MIN_IMAGES = 30;

  public static final SliceOptions NONE = new SliceOptions(new String[0], null, DEFAULT_MIN_IMAGES);

  public static final String USAGE = String.join("\n",
      "  --slice-by F[,F]     every metric again per value of each image field F (e.g. weather,camera): from the",
      "                       ground truth's image records, or from --image-attributes; table per_slice",
      "  --image-attributes FILE  CSV (with a header) or Parquet of image attributes, keyed by an image_id (or id)",
      "                       column; images it does not list are in each field's 'missing' slice",
      "  --min-slice-images N slices with fewer images are marked too small to read (default 30)");

  public boolean enabled() {
    return fields.length > 0;
  }

  public static SliceOptions parse(Args a) {
    if (!a.has("slice-by")) {
      for (String o : new String[] {"image-attributes", "min-slice-images"}) {
        if (a.has(o)) throw new UsageException("--" + o + " applies with --slice-by FIELD only");
      }
      return NONE;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (String f : a.get("slice-by", "").split(",", -1)) {
      String t = f.trim();
      if (t.isEmpty()) throw new UsageException("--slice-by: expected field names separated by commas, got \""
          + a.get("slice-by", "") + "\"");
      if (!fields.add(t)) throw new UsageException("--slice-by: field \"" + t + "\" is named twice");
    }
    for (String f : fields) {
      if (f.equals("id") || f.equals("image_id")) {
        throw new UsageException("--slice-by " + f + ": one slice per image is no slice; name an attribute shared by"
            + " groups of images");
      }
    }
    int min = a.intValue("min-slice-images", DEFAULT_MIN_IMAGES, 1);
    return new SliceOptions(fields.toArray(new String[0]), a.has("image-attributes") ? a.get("image-attributes", null)
        : null, min);
  }
}
