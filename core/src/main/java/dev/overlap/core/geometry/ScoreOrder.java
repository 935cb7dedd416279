package dev.overlap.core.geometry;

/** Stable score-descending order of indices (torch's {@code sort(stable=True, descending=True)}). */
final class ScoreOrder {
  private ScoreOrder() {}

  /** Indices {@code 0..n-1} by score descending; equal scores keep index order. */
  static int[] descending(double[] score, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    if (n < 2) return a;
    sort(a, new int[n], 0, n, score);
    return a;
  }

  private static void sort(int[] a, int[] aux, int lo, int hi, double[] score) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        double sv = score[v];
        int j = i - 1;
        while (j >= lo && score[a[j]] < sv) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sort(a, aux, lo, mid, score);
    sort(a, aux, mid, hi, score);
    if (!(score[a[mid - 1]] < score[a[mid]])) return;
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo, j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else if (score[aux[j]] > score[aux[i]]) a[k] = aux[j++];
      else a[k] = aux[i++];
    }
  }
}
