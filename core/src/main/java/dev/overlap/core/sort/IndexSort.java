package dev.overlap.core.sort;

/** A stable bottom-up merge sort of {@code int} indexes; allocates nothing (the caller owns the buffer). */
public final class IndexSort {
  private IndexSort() {}

  /** The order: whether record {@code a} goes strictly before record {@code b}. */
  @FunctionalInterface
  public interface Before {
    boolean before(int a, int b);
  }

  /**
   * Sorts {@code idx[0, n)} stably by {@code order}.
   *
   * @param aux scratch of at least {@code n} entries
   */
  public static void sort(int[] idx, int n, int[] aux, Before order) {
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        if (!order.before(idx[mid], idx[mid - 1])) continue; // the two runs are already in order
        System.arraycopy(idx, lo, aux, lo, hi - lo);
        int i = lo, j = mid, o = lo;
        while (i < mid && j < hi) idx[o++] = order.before(aux[j], aux[i]) ? aux[j++] : aux[i++];
        while (i < mid) idx[o++] = aux[i++];
        while (j < hi) idx[o++] = aux[j++];
      }
    }
  }
}
