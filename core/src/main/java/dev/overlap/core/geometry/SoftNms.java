package dev.overlap.core.geometry;

/**
 * Soft-NMS (Bodla et al. 2017) as {@code GEOMETRY-SEMANTICS.md} defines it, on float64 boxes
 * {@code [x1, y1, x2, y2]} (stride 4).
 *
 * <p>Boxes scoring below {@code scoreThreshold} are dropped first. Then, repeatedly, the remaining box with
 * the highest current score (ties: lowest input index) is selected with its current score, and every other
 * remaining box's score is multiplied by a decay of its overlap {@code o} with the selected box
 * ({@code inter / (area_i + area_j - inter)}, 0 when that denominator is 0): linear {@code 1 - o} when
 * {@code o > nt} (else 1), gaussian {@code exp(-(o * o) / sigma)}; boxes whose score falls below
 * {@code scoreThreshold} are dropped (equal stays). Unlike the original Cython code there is no {@code +1}
 * pixel convention, no float32, and a low-scoring box that overlaps nothing is dropped as well.
 */
public final class SoftNms {
  private SoftNms() {}

  /** The decay function. */
  public enum Method {
    LINEAR("linear"),
    GAUSSIAN("gaussian");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** "linear" or "gaussian". */
    public String label() {
      return label;
    }

    /** Parses "linear" or "gaussian" (case-insensitive). */
    public static Method parse(String s) {
      for (Method m : values()) if (m.label.equalsIgnoreCase(s)) return m;
      throw new IllegalArgumentException("soft-NMS method must be linear or gaussian, got \"" + s + "\"");
    }
  }

  /** Default linear overlap threshold. */
  public static final double DEFAULT_NT = 0.3;
  /** Default gaussian sigma. */
  public static final double DEFAULT_SIGMA = 0.5;
  /** Default score threshold. */
  public static final double DEFAULT_SCORE_THRESHOLD = 0.001;

  /**
   * Runs Soft-NMS over {@code n} boxes.
   *
   * @param boxes {@code [x1, y1, x2, y2]} at stride 4
   * @param scores input scores (not modified)
   * @param n number of boxes
   * @param method linear or gaussian
   * @param nt linear: overlap above which a score decays
   * @param sigma gaussian: spread, above 0
   * @param scoreThreshold boxes scoring below it are dropped
   * @param keep receives the selected indices in selection order; at least {@code n} values
   * @param keptScores receives their final (decayed) scores; at least {@code n} values
   * @return the number of selected boxes
   */
  public static int softNms(double[] boxes, double[] scores, int n, Method method, double nt, double sigma,
      double scoreThreshold, int[] keep, double[] keptScores) {
    if (n < 0 || boxes.length < 4L * n) throw new IllegalArgumentException("boxes too short for n = " + n);
    return run(boxes, null, scores, n, method, nt, sigma, scoreThreshold, keep, keptScores);
  }

  /**
   * Soft-NMS as {@link #softNms} over overlaps computed beforehand (e.g. BEV or 3D IoU of rotated boxes):
   * {@code overlap[j * n + i]} is the overlap of boxes {@code i} and {@code j}; NaN counts as 0.
   */
  public static int softNmsMatrix(double[] overlap, double[] scores, int n, Method method, double nt, double sigma,
      double scoreThreshold, int[] keep, double[] keptScores) {
    if (n < 0 || overlap.length < (long) n * n) throw new IllegalArgumentException("overlap too short for n = " + n);
    return run(null, overlap, scores, n, method, nt, sigma, scoreThreshold, keep, keptScores);
  }

  private static int run(double[] boxes, double[] overlap, double[] scores, int n, Method method, double nt,
      double sigma, double scoreThreshold, int[] keep, double[] keptScores) {
    if (scores.length < n || keep.length < n || keptScores.length < n) {
      throw new IllegalArgumentException("arrays too short for n = " + n);
    }
    double[] cur = new double[n];
    int[] alive = new int[n];
    int live = 0;
    for (int i = 0; i < n; i++) {
      cur[i] = scores[i];
      if (!(scores[i] < scoreThreshold)) alive[live++] = i;
    }
    int kept = 0;
    while (live > 0) {
      // alive stays in index order, so the first maximum is the lowest index among ties
      int best = 0;
      for (int p = 1; p < live; p++) if (cur[alive[p]] > cur[alive[best]]) best = p;
      int s = alive[best];
      keep[kept] = s;
      keptScores[kept] = cur[s];
      kept++;
      int w = 0;
      for (int p = 0; p < live; p++) {
        int j = alive[p];
        if (j == s) continue;
        double o = overlap != null ? overlap[j * n + s] : Nms.overlap(boxes, s, j);
        if (o != o) o = 0; // zero denominator (two zero-area boxes): no overlap
        double decay = method == Method.LINEAR ? (o > nt ? 1 - o : 1) : Math.exp(-(o * o) / sigma);
        cur[j] *= decay;
        if (!(cur[j] < scoreThreshold)) alive[w++] = j;
      }
      live = w;
    }
    return kept;
  }
}
