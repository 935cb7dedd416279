package dev.overlap.core.lvis;

import java.util.Arrays;

/**
 * LVIS's frequency groups (eval.py#_prepare_freq_group): the indexes, in sorted category-id order, of the
 * rare ({@code "r"}), common ({@code "c"}) and frequent ({@code "f"}) categories. Immutable.
 */
public final class FrequencyGroups implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The frequency labels, in lvis-api's order ({@code img_count_lbl}). */
  public static final String[] LABELS = {"r", "c", "f"};
  /** Names for reports, in the same order. */
  public static final String[] NAMES = {"rare", "common", "frequent"};

  private final int[][] groups;
  private final byte[] groupOf;

  private FrequencyGroups(int[][] groups, byte[] groupOf) {
    this.groups = groups;
    this.groupOf = groupOf;
  }

  /**
   * Groups categories by frequency.
   *
   * @param frequencies the {@code frequency} of each category, aligned with the sorted category ids
   * @throws IllegalArgumentException for a frequency other than r, c or f, naming the index
   */
  public static FrequencyGroups of(String[] frequencies) {
    int[][] g = new int[3][frequencies.length];
    int[] n = new int[3];
    byte[] of = new byte[frequencies.length];
    for (int k = 0; k < frequencies.length; k++) {
      int x = group(frequencies[k]);
      if (x < 0) throw new IllegalArgumentException("category index " + k + ": frequency \"" + frequencies[k]
          + "\" is not r, c or f");
      g[x][n[x]++] = k;
      of[k] = (byte) x;
    }
    for (int x = 0; x < 3; x++) g[x] = Arrays.copyOf(g[x], n[x]);
    return new FrequencyGroups(g, of);
  }

  /** The group of a frequency label (0 r, 1 c, 2 f), or -1 when it is none of them. */
  public static int group(String frequency) {
    if (frequency == null) return -1;
    for (int x = 0; x < 3; x++) if (LABELS[x].equals(frequency)) return x;
    return -1;
  }

  /** Category indexes of group x (0 rare, 1 common, 2 frequent), ascending (copy). */
  public int[] members(int x) { return groups[x].clone(); }

  /** The group of category index k. */
  public int groupOf(int k) { return groupOf[k]; }

  /** The frequency label of category index k. */
  public String label(int k) { return LABELS[groupOf[k]]; }

  /** Number of categories. */
  public int size() { return groupOf.length; }
}
