package dev.overlap.core.io;

import java.io.Serializable;
import java.util.Arrays;

/**
 * String image ids (faster-coco-eval and many dataset exporters write {@code "image_id": "000123"})
 * mapped to dense numeric keys: the key of an id is its position among the ground truth's image ids
 * sorted as Python sorts strings (by code point), which is the order pycocotools evaluates and ranks
 * images in ({@code p.imgIds = sorted(cocoGt.getImgIds())}, cocoeval.py#accumulate). So ties between
 * images break as in pycocotools, and the rest of the evaluation works on longs.
 *
 * <p>Readers take an {@code ImageIds}: null when the ground truth's ids are numbers (a string id is
 * then an error), {@link #COLLECT} for a first pass that only gathers the strings (every string gets key
 * 0), {@link #NUMBERS} for numbers known from the first image's id (a string is then a mix of kinds), or the
 * ground truth's strings (a number is then an error, an unknown string is not in the ground truth). Immutable.
 */
public final class ImageIds implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A first pass over the ground truth: any string is accepted, with key 0. */
  public static final ImageIds COLLECT = new ImageIds(null, false);

  /**
   * Numbers, as the first image's id is one (a run that skips the first pass): a string id is refused as a mix of
   * string and numeric ids.
   */
  public static final ImageIds NUMBERS = new ImageIds(null, true);

  private final String[] sorted;
  private final boolean numbers; // a field, not identity: the constants travel to executors serialized

  private ImageIds(String[] sorted, boolean numbers) {
    this.sorted = sorted;
    this.numbers = numbers;
  }

  /**
   * The keys of the ground truth's image ids.
   *
   * @param ids the ids, any order; duplicates are kept once
   */
  public static ImageIds of(String[] ids) {
    String[] s = ids.clone();
    Arrays.sort(s, ImageIds::compareCodePoints);
    int n = 0;
    for (int i = 0; i < s.length; i++) if (n == 0 || !s[i].equals(s[n - 1])) s[n++] = s[i];
    return new ImageIds(Arrays.copyOf(s, n), false);
  }

  /** Whether this only collects ({@link #COLLECT}). */
  public boolean collecting() {
    return sorted == null && !numbers;
  }

  /** Whether the ids are numbers ({@link #NUMBERS}). */
  public boolean numbers() {
    return numbers;
  }

  /** Number of distinct ids. */
  public int size() {
    return sorted == null ? 0 : sorted.length;
  }

  /** The key of {@code id}: its position in code-point order, or -1 when it is not a ground-truth id. */
  public long key(String id) {
    if (sorted == null) return 0;
    int lo = 0;
    int hi = sorted.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareCodePoints(sorted[mid], id);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** The id of a key, or null when the key is out of range. */
  public String id(long key) {
    return sorted == null || key < 0 || key >= sorted.length ? null : sorted[(int) key];
  }

  /**
   * Python's string order: by code point. Java's {@link String#compareTo} compares UTF-16 units, which
   * differs for characters above U+FFFF against U+E000..U+FFFF.
   */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) return Integer.compare(x, y);
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Reads an image id field: a number (when the ground truth's ids are numbers, {@code ids} null) or a
   * string, mapped to its key.
   *
   * @throws InvalidInputException naming the field when the kind of id differs from the ground truth's,
   *     or when a string id is not a ground-truth image id
   */
  static long read(dev.overlap.core.json.JsonReader r, ImageIds ids, String file, String record, String field) {
    if (r.peek() != dev.overlap.core.json.JsonToken.STRING) {
      if (ids != null && !ids.collecting() && !ids.numbers) {
        throw new InvalidInputException(file, record, field, "expected a string id, found " + Fields.found(r.peek())
            + " (the ground truth's image ids are strings)");
      }
      return Fields.integer(r, file, record, field);
    }
    String s = r.nextString();
    if (ids == null) {
      throw new InvalidInputException(file, record, field, "image id \"" + shorten(s)
          + "\" is a string, but the ground truth's image ids are numbers");
    }
    if (ids.numbers) {
      throw new InvalidInputException(file, record, field, "image id \"" + shorten(s)
          + "\" is a string, but the first image's id is a number: mixes string and numeric image ids; use one kind");
    }
    long k = ids.key(s);
    if (k < 0) throw new InvalidInputException(file, record, field, "image \"" + shorten(s) + "\" is not among the ground truth's images");
    return k;
  }

  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 79) + "~";
  }
}
