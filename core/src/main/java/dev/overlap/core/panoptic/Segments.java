package dev.overlap.core.panoptic;

import dev.overlap.core.io.InvalidInputException;
import java.util.Arrays;

/**
 * One image's {@code segments_info} on one side, as parallel arrays in file order: segment id,
 * dense category index, crowd flag and (ground truth) the {@code area} field. Immutable; ids are
 * looked up by binary search over a sorted copy.
 */
public final class Segments {
  private final int[] ids;
  private final int[] categories;
  private final boolean[] crowd;
  private final long[] areas;
  private final int[] sortedIds;
  private final int[] sortedIndex;

  private Segments(int[] ids, int[] categories, boolean[] crowd, long[] areas) {
    this.ids = ids;
    this.categories = categories;
    this.crowd = crowd;
    this.areas = areas;
    int n = ids.length;
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) packed[i] = ((long) ids[i] << 32) | i;
    Arrays.sort(packed);
    sortedIds = new int[n];
    sortedIndex = new int[n];
    for (int i = 0; i < n; i++) {
      sortedIds[i] = (int) (packed[i] >>> 32);
      sortedIndex[i] = (int) packed[i];
    }
  }

  /**
   * Validated segments of one side of one image.
   *
   * @param ids segment ids, 1 .. {@link SegmentPairTable#MAX_ID}, distinct
   * @param categories dense category indices, 0 .. numCategories-1
   * @param crowd iscrowd flags (all false for predictions); may be null for none
   * @param areas the {@code area} fields (ground truth); may be null for predictions
   * @param file names the JSON file in errors; {@code record} the annotation (e.g. "image_id 42")
   * @throws InvalidInputException naming the file, record and segment for an id out of range or
   *     repeated, or an area that is not positive
   */
  public static Segments of(int[] ids, int[] categories, boolean[] crowd, long[] areas, String file, String record) {
    int n = ids.length;
    if (categories.length != n || (crowd != null && crowd.length != n) || (areas != null && areas.length != n)) {
      throw new IllegalArgumentException("segment arrays differ in length");
    }
    for (int i = 0; i < n; i++) {
      if (ids[i] < 1 || ids[i] > SegmentPairTable.MAX_ID) {
        throw new InvalidInputException(file, record, "segments_info[" + i + "].id", "segment id " + ids[i]
            + " is not in 1.." + SegmentPairTable.MAX_ID + " (0 is VOID; ids are R + 256 G + 256^2 B)");
      }
      if (areas != null && areas[i] < 0) {
        throw new InvalidInputException(file, record, "segments_info[" + i + "].area", "negative area " + areas[i]);
      }
    }
    Segments s = new Segments(ids.clone(), categories.clone(), crowd == null ? new boolean[n] : crowd.clone(),
        areas == null ? new long[n] : areas.clone());
    for (int i = 1; i < n; i++) {
      if (s.sortedIds[i] == s.sortedIds[i - 1]) {
        int first = Math.min(s.sortedIndex[i], s.sortedIndex[i - 1]);
        int second = Math.max(s.sortedIndex[i], s.sortedIndex[i - 1]);
        throw new InvalidInputException(file, record, "segments_info[" + second + "].id", "duplicate segment id "
            + s.sortedIds[i] + " (also segments_info[" + first + "])");
      }
    }
    return s;
  }

  /** Segments listed. */
  public int size() {
    return ids.length;
  }

  /** The id of segment {@code i} (file order). */
  public int id(int i) {
    return ids[i];
  }

  /** The dense category index of segment {@code i}. */
  public int category(int i) {
    return categories[i];
  }

  /** Whether segment {@code i} is a crowd region ({@code iscrowd = 1}). */
  public boolean crowd(int i) {
    return crowd[i];
  }

  /** The {@code area} field of segment {@code i} (0 when absent). */
  public long area(int i) {
    return areas[i];
  }

  /** The index (file order) of the segment with this id, or -1. */
  public int indexOf(int id) {
    int k = Arrays.binarySearch(sortedIds, id);
    return k < 0 ? -1 : sortedIndex[k];
  }
}
