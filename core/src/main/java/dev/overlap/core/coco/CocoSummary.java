package dev.overlap.core.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The twelve numbers of cocoeval.py#summarize, overall and per category, and the run's headline keys
 * ({@link #keys(CocoParams)}: the same twelve for default parameters, named after what was evaluated
 * otherwise). Immutable.
 *
 * <p>Each number is the mean of the selected precision (or recall) entries that are {@code > -1},
 * or -1 when none is; the mean sums in numpy's pairwise order over the entries in C order
 * ({@code np.mean(s[s > -1])}). As in pycocotools, AP looks up maxDets = 100 literally (-1 when the
 * parameters lack 100) while the others use {@code maxDets[0], [1], [2]}; AP50 / AP75 look up an IoU
 * threshold equal to 0.5 / 0.75 (-1 when absent).
 */
public final class CocoSummary {
  /** Keys of the twelve stats, in pycocotools' order; also the keys of {@code summary.json}. */
  public static final String[] NAMES = {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs",
      "ARm", "ARl"};

  /** The standard area labels and the letters pycocotools' stats name them by. */
  private static final String[][] STANDARD_AREAS = {{"small", "s"}, {"medium", "m"}, {"large", "l"}};

  private final Accumulation acc;
  private final double[] stats;
  private final double[][] perCategory;
  private final Stat[] layout; // null: pycocotools' twelve detection stats
  private final String[] names;
  private final String[] keys;
  private final double[] values;

  /**
   * One number of a summary other than COCO detection's twelve: the mean of precision ({@code ap}) or
   * recall entries above -1 at one IoU threshold (NaN: all), one area range and one maxDets, over the
   * categories at the given indexes in sorted-id order (null: all), as cocoeval.py#summarize's and
   * lvis-api eval.py#_summarize's {@code _summarize}.
   *
   * @param name the key in summary.json and the tables
   * @param categories category indexes of a group (LVIS frequency), ascending, or null for every category
   * @param label the text after "catIds=" in the printed line (LVIS), or null for none
   */
  public record Stat(String name, boolean ap, double iouThr, String area, int maxDets, int[] categories, String label)
      implements java.io.Serializable {}

  private CocoSummary(Accumulation acc, Stat[] layout) {
    this.acc = acc;
    this.layout = layout;
    this.names = layout == null ? NAMES.clone() : new String[layout.length];
    if (layout != null) for (int i = 0; i < layout.length; i++) names[i] = layout[i].name();
    this.stats = layout == null ? compute(acc, -1) : compute(acc, layout, -1);
    this.perCategory = new double[acc.numCategories()][];
    for (int k = 0; k < acc.numCategories(); k++) perCategory[k] = layout == null ? compute(acc, k) : compute(acc, layout, k);
    // COCO detection: the keys its parameters name (custom maxDets and area ranges); other layouts: their names
    this.keys = layout == null ? keys(acc.params()) : names.clone();
    this.values = new double[keys.length];
    for (int i = 0; i < keys.length; i++) values[i] = layout == null ? value(acc, keys[i], -1, stats) : stats[i];
  }

  /**
   * The headline keys of a run with these parameters, each naming only what was evaluated: the six AP
   * stats of {@link #NAMES} (pycocotools' own rules, -1 where it has -1); {@code AR<n>} for each
   * maxDets value n in order (pycocotools names its three recall stats by maxDets[0..2] but reads
   * {@code maxDets[2]} even when there are fewer, where it crashes); {@code ARs}, {@code ARm},
   * {@code ARl}; then {@code AP<label>} and {@code AR<label>} for every area range beyond
   * all/small/medium/large (e.g. {@code ARnano}), at the same maxDets as APs and ARs. A label whose keys
   * would shadow another key (s, m, l, or digits) gets none. For pycocotools' defaults the keys are
   * {@link #NAMES}.
   */
  public static String[] keys(CocoParams p) {
    java.util.List<String> k = new java.util.ArrayList<>(java.util.List.of("AP", "AP50", "AP75", "APs", "APm", "APl"));
    for (int m = 0; m < p.numMaxDets(); m++) {
      String key = "AR" + p.maxDets(m);
      if (!k.contains(key)) k.add(key);
    }
    k.addAll(java.util.List.of("ARs", "ARm", "ARl"));
    for (int a = 0; a < p.numAreaRanges(); a++) {
      String label = p.areaLabel(a);
      if (label.equals("all") || areaLetter(label) != null || !extraLabel(label)) continue;
      if (k.contains("AP" + label) || k.contains("AR" + label)) continue;
      k.add("AP" + label);
      k.add("AR" + label);
    }
    return k.toArray(new String[0]);
  }

  /** Whether an area label can name keys of its own: starts with a letter, not s, m or l. */
  static boolean extraLabel(String label) {
    return !label.isEmpty() && Character.isLetter(label.charAt(0)) && !label.equals("s") && !label.equals("m")
        && !label.equals("l");
  }

  private static String areaLetter(String label) {
    for (String[] a : STANDARD_AREAS) if (a[0].equals(label)) return a[1];
    return null;
  }

  /** The value of a key of {@link #keys(CocoParams)} over category k (-1: all), given that scope's twelve stats. */
  private static double value(Accumulation acc, String key, int k, double[] twelve) {
    CocoParams p = acc.params();
    int m0 = p.numMaxDets();
    int m2 = p.maxDets(Math.min(2, m0 - 1));
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(key) && (i < 6 || i > 8)) return twelve[i];
    }
    boolean ap = key.startsWith("AP");
    String rest = key.substring(2);
    if (!ap && !rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
      return mean(acc, false, Double.NaN, "all", Integer.parseInt(rest), k);
    }
    return mean(acc, ap, Double.NaN, rest, m2, k);
  }

  /**
   * The twelve stats of category k (k = -1: all) in {@link #NAMES} order, with AR1, AR10 and AR100 taken
   * at exactly maxDets 1, 10 and 100, and -1 where the parameters lack that value (pycocotools' stats
   * take maxDets[0..2] whatever they are). For the default maxDets the same as {@link #categoryStats}.
   */
  public double[] namedStats(int k) {
    double[] s = k < 0 ? stats.clone() : perCategory[k].clone();
    if (layout != null) return s;
    int[] named = {1, 10, 100};
    for (int i = 0; i < 3; i++) {
      boolean same = acc.params().numMaxDets() > i && acc.params().maxDets(i) == named[i];
      if (!same) s[6 + i] = mean(acc, false, Double.NaN, "all", named[i], k);
    }
    return s;
  }

  /** The headline keys of this summary ({@link #keys(CocoParams)}), in order. */
  public String[] keys() { return keys.clone(); }

  /** The values of {@link #keys()}, in the same order (-1: undefined). */
  public double[] values() { return values.clone(); }

  /** The values of {@link #keys()} restricted to category index k. */
  public double[] categoryValues(int k) {
    if (layout != null) return perCategory[k].clone();
    double[] v = new double[keys.length];
    for (int i = 0; i < keys.length; i++) v[i] = value(acc, keys[i], k, perCategory[k]);
    return v;
  }

  /** Summarizes an accumulation with pycocotools' twelve detection stats. */
  public static CocoSummary of(Accumulation acc) {
    return new CocoSummary(acc, null);
  }

  /** Summarizes an accumulation with the given stats (keypoints' ten, LVIS's thirteen). */
  public static CocoSummary of(Accumulation acc, Stat[] layout) {
    return new CocoSummary(acc, layout.clone());
  }

  /** The keys of the stats, in order ({@link #NAMES} for COCO detection). */
  public String[] names() { return names.clone(); }

  /** Index of the stat named {@code name}, or -1. */
  public int index(String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
    return -1;
  }

  private static double[] compute(Accumulation acc, Stat[] layout, int k) {
    double[] out = new double[layout.length];
    for (int i = 0; i < layout.length; i++) {
      Stat s = layout[i];
      if (s.categories() == null) {
        out[i] = mean(acc, s.ap(), s.iouThr(), s.area(), s.maxDets(), k);
      } else if (k < 0) {
        out[i] = mean(acc, s.ap(), s.iouThr(), s.area(), s.maxDets(), s.categories());
      } else {
        // one category counts in a group's stat only when it belongs to the group
        out[i] = java.util.Arrays.binarySearch(s.categories(), k) >= 0
            ? mean(acc, s.ap(), s.iouThr(), s.area(), s.maxDets(), k) : -1;
      }
    }
    return out;
  }

  /**
   * As {@link #mean(Accumulation, boolean, double, String, int, int)} over the categories at the given
   * indexes (lvis-api's {@code s[:, :, freq_group, aidx]}: thresholds, recall points, then the group in
   * its order).
   */
  public static double mean(Accumulation acc, boolean ap, double iouThr, String areaLabel, int maxDets, int[] categories) {
    CocoParams p = acc.params();
    int a = p.areaIndex(areaLabel);
    int m = p.maxDetsIndex(maxDets);
    if (a < 0 || m < 0 || categories.length == 0) return -1;
    int t0 = p.numIouThresholds();
    int r0 = ap ? p.numRecallThresholds() : 1;
    double[] buf = new double[t0 * r0 * categories.length];
    int n = 0;
    for (int t = 0; t < t0; t++) {
      if (!Double.isNaN(iouThr) && p.iouThreshold(t) != iouThr) continue;
      for (int r = 0; r < r0; r++) {
        for (int kk : categories) {
          double v = ap ? acc.precision(t, r, kk, a, m) : acc.recall(t, kk, a, m);
          if (v > -1) buf[n++] = v;
        }
      }
    }
    if (n == 0) return -1;
    return pairwiseSum(buf, 0, n) / n;
  }

  /** The twelve stats (copy), in {@link #NAMES} order. */
  public double[] stats() { return stats.clone(); }

  /** Stat i of {@link #NAMES}. */
  public double stat(int i) { return stats[i]; }

  /** The twelve stats restricted to category index k (copy). */
  public double[] categoryStats(int k) { return perCategory[k].clone(); }

  /** The accumulation summarized. */
  public Accumulation accumulation() { return acc; }

  private static double[] compute(Accumulation acc, int k) {
    CocoParams p = acc.params();
    int m0 = p.numMaxDets();
    int m1 = p.maxDets(Math.min(1, m0 - 1));
    int m2 = p.maxDets(Math.min(2, m0 - 1));
    int mFirst = p.maxDets(0);
    return new double[] {
        mean(acc, true, Double.NaN, "all", 100, k),
        mean(acc, true, 0.5, "all", m2, k),
        mean(acc, true, 0.75, "all", m2, k),
        mean(acc, true, Double.NaN, "small", m2, k),
        mean(acc, true, Double.NaN, "medium", m2, k),
        mean(acc, true, Double.NaN, "large", m2, k),
        mean(acc, false, Double.NaN, "all", mFirst, k),
        mean(acc, false, Double.NaN, "all", m1, k),
        mean(acc, false, Double.NaN, "all", m2, k),
        mean(acc, false, Double.NaN, "small", m2, k),
        mean(acc, false, Double.NaN, "medium", m2, k),
        mean(acc, false, Double.NaN, "large", m2, k)};
  }

  /**
   * cocoeval.py#summarize's {@code _summarize}: mean over entries > -1 of precision (ap) or recall at
   * the given IoU threshold (NaN: all), area label and maxDets; category k or all (k = -1).
   */
  public static double mean(Accumulation acc, boolean ap, double iouThr, String areaLabel, int maxDets, int k) {
    CocoParams p = acc.params();
    int a = p.areaIndex(areaLabel);
    int m = p.maxDetsIndex(maxDets);
    if (a < 0 || m < 0) return -1;
    int t0 = p.numIouThresholds();
    int r0 = ap ? p.numRecallThresholds() : 1;
    int kLo = k < 0 ? 0 : k;
    int kHi = k < 0 ? acc.numCategories() : k + 1;
    double[] buf = new double[t0 * r0 * (kHi - kLo)];
    int n = 0;
    for (int t = 0; t < t0; t++) {
      if (!Double.isNaN(iouThr) && p.iouThreshold(t) != iouThr) continue;
      for (int r = 0; r < r0; r++) {
        for (int kk = kLo; kk < kHi; kk++) {
          double v = ap ? acc.precision(t, r, kk, a, m) : acc.recall(t, kk, a, m);
          if (v > -1) buf[n++] = v;
        }
      }
    }
    if (n == 0) return -1;
    return pairwiseSum(buf, 0, n) / n;
  }

  /**
   * numpy's pairwise summation ({@code loops_utils.h}: blocks of 128, eight partial sums) of
   * {@code a[off, off + n)}: the order {@code np.sum} / {@code np.mean} add a contiguous float64 array in.
   */
  public static double pairwiseSum(double[] a, int off, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) res += a[off + i];
      return res;
    } else if (n <= 128) {
      double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
      double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        r0 += a[off + i];
        r1 += a[off + i + 1];
        r2 += a[off + i + 2];
        r3 += a[off + i + 3];
        r4 += a[off + i + 4];
        r5 += a[off + i + 5];
        r6 += a[off + i + 6];
        r7 += a[off + i + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) res += a[off + i];
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
    }
  }

  /**
   * pycocotools' printed lines, one per key of {@link #keys()}, e.g.
   * {@code " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.300"}: with the
   * default parameters exactly its twelve lines; otherwise each line names the area range and maxDets its
   * number was taken at.
   */
  public String text() {
    if (layout != null) return layoutText();
    CocoParams p = acc.params();
    int m2 = p.maxDets(Math.min(2, p.numMaxDets() - 1));
    String range = fixed(p.iouThreshold(0), 2) + ":" + fixed(p.iouThreshold(p.numIouThresholds() - 1), 2);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      boolean ap = key.startsWith("AP");
      String rest = key.substring(2);
      String iou = range;
      String area;
      int md = m2;
      if (key.equals("AP")) {
        area = "all";
        md = 100;
      } else if (key.equals("AP50") || key.equals("AP75")) {
        iou = key.equals("AP50") ? "0.50" : "0.75";
        area = "all";
      } else if (!ap && !rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
        area = "all";
        md = Integer.parseInt(rest);
      } else {
        area = rest;
        for (String[] a : STANDARD_AREAS) if (a[1].equals(rest)) area = a[0];
      }
      b.append(' ').append(pad(ap ? "Average Precision" : "Average Recall", 18, false)).append(' ')
          .append(ap ? "(AP)" : "(AR)").append(" @[ IoU=").append(pad(iou, 9, false))
          .append(" | area=").append(pad(area, 6, true)).append(" | maxDets=").append(pad(Integer.toString(md), 3, true))
          .append(" ] = ").append(fixed(values[i], 3)).append('\n');
    }
    return b.toString();
  }

  /**
   * The printed lines of a custom layout in pycocotools' format ({@code cocoeval.py#_summarize}), with
   * lvis-api's {@code catIds=} column when a stat carries a label.
   */
  private String layoutText() {
    CocoParams p = acc.params();
    String range = fixed(p.iouThreshold(0), 2) + ":" + fixed(p.iouThreshold(p.numIouThresholds() - 1), 2);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < layout.length; i++) {
      Stat s = layout[i];
      String iou = Double.isNaN(s.iouThr()) ? range : fixed(s.iouThr(), 2);
      b.append(' ').append(pad(s.ap() ? "Average Precision" : "Average Recall", 18, false)).append(' ')
          .append(s.ap() ? "(AP)" : "(AR)").append(" @[ IoU=").append(pad(iou, 9, false))
          .append(" | area=").append(pad(s.area(), 6, true)).append(" | maxDets=")
          .append(pad(Integer.toString(s.maxDets()), 3, true));
      if (s.label() != null) b.append(" catIds=").append(pad(s.label(), 3, true)).append("] = ");
      else b.append(" ] = ");
      b.append(fixed(stats[i], 3)).append('\n');
    }
    return b.toString();
  }

  /** Python's {@code '{:0.Nf}'.format(v)}: the exact binary value rounded half-even. */
  public static String fixed(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String pad(String s, int width, boolean right) {
    if (s.length() >= width) return s;
    String sp = " ".repeat(width - s.length());
    return right ? sp + s : s + sp;
  }
}
