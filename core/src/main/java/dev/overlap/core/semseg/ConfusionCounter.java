package dev.overlap.core.semseg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Static kernels counting (ground truth, prediction) label pairs into a caller-owned
 * {@code long[K * K]} confusion matrix, rows = ground truth, as mmsegmentation's
 * {@code intersect_and_union} and the numpy reference's {@code bincount(K * gt + pred)} do.
 *
 * <p>Every kernel returns the number of pixels skipped because their ground truth is the ignore
 * label ({@code >= 0}), or {@code -(i + 1)} where {@code i} is the first pixel carrying a label
 * that is not a class id (see the package conventions); in that case the matrix is left exactly
 * as it was, so the caller can report the file and carry on. {@link #describe} turns the pixel
 * into a message.
 *
 * <p>Per-image scores: count one image into a zeroed matrix, read it (e.g. {@link #marginals}),
 * then add it to the running total.
 */
public final class ConfusionCounter {
  /** Largest supported K: the matrix is one array of K*K longs (128 MiB at this size). */
  public static final int MAX_CLASSES = 4096;

  /** Largest label a PNG can hold. */
  public static final int MAX_LABEL = 0xFFFF;

  private ConfusionCounter() {}

  /**
   * Counts {@code n} pixel pairs of 8-bit labels into {@code confusion[g * K + p]}.
   *
   * @param ignoreLabel ground-truth label whose pixels are skipped, or -1 for none
   * @return pixels skipped as ignored, or {@code -(i + 1)} for the first bad pixel {@code i}
   *     (then {@code confusion} is unchanged)
   */
  public static long count(byte[] gt, byte[] pred, int n, int numClasses, int ignoreLabel,
      long[] confusion) {
    checkArgs(gt.length, pred.length, n, numClasses, ignoreLabel, confusion);
    return countRuns(gt, 0, pred, 0, n, numClasses, ignoreLabel, confusion);
  }

  /**
   * {@link #count(byte[], byte[], int, int, int, long[])} over one row, or any range:
   * {@code n} pairs starting at {@code gt[gtOff]} and {@code pred[predOff]}. Pixel indices in
   * the result are relative to the range; on a refusal the matrix is as it was before this call.
   */
  public static long countRow(byte[] gt, int gtOff, byte[] pred, int predOff, int n, int numClasses,
      int ignoreLabel, long[] confusion) {
    Objects.checkFromIndexSize(gtOff, n, gt.length);
    Objects.checkFromIndexSize(predOff, n, pred.length);
    checkArgs(n, n, n, numClasses, ignoreLabel, confusion);
    return countRuns(gt, gtOff, pred, predOff, n, numClasses, ignoreLabel, confusion);
  }

  // Label maps are runs of equal pairs (~70 pixels on average on street scenes). Adding a run's
  // length once instead of incrementing a cell per pixel avoids a store-to-load chain on one
  // cell, and the range check is made once per run instead of per pixel; the run's end is found
  // eight pixels at a time by comparing both rows' words with the run's label repeated.
  private static long countRuns(byte[] gt, int go, byte[] pred, int po, int n, int k,
      int ignoreLabel, long[] confusion) {
    long ignored = 0;
    int i = 0;
    while (i < n) {
      int g = gt[go + i] & 0xFF;
      int p = pred[po + i] & 0xFF;
      int end = runEnd(gt, go, pred, po, i + 1, n, g, p);
      if (g == ignoreLabel) {
        ignored += end - i;
      } else if (g < k && p < k) {
        confusion[g * k + p] += end - i;
      } else {
        rollback(gt, go, pred, po, i, k, ignoreLabel, confusion);
        return -(i + 1L);
      }
      i = end;
    }
    return ignored;
  }

  /** The first index {@code >= from} (or {@code n}) where gt differs from {@code g} or pred from {@code p}. */
  static int runEnd(byte[] gt, int go, byte[] pred, int po, int from, int n, int g, int p) {
    long gw = g * REPEAT;
    long pw = p * REPEAT;
    int j = from;
    while (j <= n - 8) {
      long diff = ((long) WORDS.get(gt, go + j) ^ gw) | ((long) WORDS.get(pred, po + j) ^ pw);
      // Little-endian words: the lowest non-zero byte is the first pixel that differs.
      if (diff != 0) return j + (Long.numberOfTrailingZeros(diff) >>> 3);
      j += 8;
    }
    while (j < n && (gt[go + j] & 0xFF) == g && (pred[po + j] & 0xFF) == p) j++;
    return j;
  }

  private static final long REPEAT = 0x0101010101010101L;
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** {@link #count(byte[], byte[], int, int, int, long[])} for 16-bit labels. */
  public static long count(short[] gt, short[] pred, int n, int numClasses, int ignoreLabel,
      long[] confusion) {
    checkArgs(gt.length, pred.length, n, numClasses, ignoreLabel, confusion);
    final int k = numClasses;
    long ignored = 0;
    int cell = 0;
    long run = 0;
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFFFF;
      if (g == ignoreLabel) {
        ignored++;
        continue;
      }
      int p = pred[i] & 0xFFFF;
      if (g >= k || p >= k) {
        confusion[cell] += run;
        return rollback(gt, pred, i, k, ignoreLabel, confusion);
      }
      int c = g * k + p;
      if (c != cell) {
        confusion[cell] += run;
        cell = c;
        run = 0;
      }
      run++;
    }
    confusion[cell] += run;
    return ignored;
  }

  /** {@link #count(byte[], byte[], int, int, int, long[])} for 8-bit truth, 16-bit predictions. */
  public static long count(byte[] gt, short[] pred, int n, int numClasses, int ignoreLabel,
      long[] confusion) {
    checkArgs(gt.length, pred.length, n, numClasses, ignoreLabel, confusion);
    final int k = numClasses;
    long ignored = 0;
    int cell = 0;
    long run = 0;
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFF;
      if (g == ignoreLabel) {
        ignored++;
        continue;
      }
      int p = pred[i] & 0xFFFF;
      if (g >= k || p >= k) {
        confusion[cell] += run;
        return rollback(gt, pred, i, k, ignoreLabel, confusion);
      }
      int c = g * k + p;
      if (c != cell) {
        confusion[cell] += run;
        cell = c;
        run = 0;
      }
      run++;
    }
    confusion[cell] += run;
    return ignored;
  }

  /** {@link #count(byte[], byte[], int, int, int, long[])} for 16-bit truth, 8-bit predictions. */
  public static long count(short[] gt, byte[] pred, int n, int numClasses, int ignoreLabel,
      long[] confusion) {
    checkArgs(gt.length, pred.length, n, numClasses, ignoreLabel, confusion);
    final int k = numClasses;
    long ignored = 0;
    int cell = 0;
    long run = 0;
    for (int i = 0; i < n; i++) {
      int g = gt[i] & 0xFFFF;
      if (g == ignoreLabel) {
        ignored++;
        continue;
      }
      int p = pred[i] & 0xFF;
      if (g >= k || p >= k) {
        confusion[cell] += run;
        return rollback(gt, pred, i, k, ignoreLabel, confusion);
      }
      int c = g * k + p;
      if (c != cell) {
        confusion[cell] += run;
        cell = c;
        run = 0;
      }
      run++;
    }
    confusion[cell] += run;
    return ignored;
  }

  /**
   * Per-class marginals of a confusion matrix: {@code tp[c]} (diagonal), {@code gtPixels[c]}
   * (row sums) and {@code predPixels[c]} (column sums), as the reference's {@code diag},
   * {@code sum(1)} and {@code sum(0)}. Each output needs {@code numClasses} entries.
   */
  public static void marginals(long[] confusion, int numClasses, long[] tp, long[] gtPixels,
      long[] predPixels) {
    if (numClasses < 1 || numClasses > MAX_CLASSES) {
      throw new IllegalArgumentException("numClasses must be in 1.." + MAX_CLASSES + ", got " + numClasses);
    }
    int k = numClasses;
    if (confusion.length < k * k || tp.length < k || gtPixels.length < k || predPixels.length < k) {
      throw new IllegalArgumentException("arrays too short for " + k + " classes");
    }
    for (int c = 0; c < k; c++) {
      tp[c] = confusion[c * k + c];
      gtPixels[c] = 0;
      predPixels[c] = 0;
    }
    for (int g = 0; g < k; g++) {
      long row = 0;
      int base = g * k;
      for (int p = 0; p < k; p++) {
        long v = confusion[base + p];
        row += v;
        predPixels[p] += v;
      }
      gtPixels[g] = row;
    }
  }

  /**
   * The reason a pixel was refused by a {@code count} kernel, for an error message naming the
   * file, e.g. {@code prediction label 23 at pixel (x=5, y=7) is not a class id (0..18)}.
   *
   * @param pixel the index {@code i} decoded from a kernel's {@code -(i + 1)}
   * @param width image width, to turn the index into (x, y); 0 prints the index alone
   */
  public static String describe(int gtLabel, int predLabel, int pixel, int width, int numClasses,
      int ignoreLabel) {
    String where = width > 0
        ? "pixel (x=" + (pixel % width) + ", y=" + (pixel / width) + ")"
        : "pixel " + pixel;
    String classes = "(0.." + (numClasses - 1) + ")";
    if (gtLabel != ignoreLabel && gtLabel >= numClasses) {
      return "ground-truth label " + gtLabel + " at " + where + " is not a class id " + classes
          + (ignoreLabel >= 0 ? " nor the ignore label " + ignoreLabel : "");
    }
    return "prediction label " + predLabel + " at " + where + " is not a class id " + classes
        + (predLabel == ignoreLabel ? "; the ignore label applies to ground truth only" : "");
  }

  private static void checkArgs(int gtLength, int predLength, int n, int numClasses,
      int ignoreLabel, long[] confusion) {
    Objects.requireNonNull(confusion, "confusion");
    if (numClasses < 1 || numClasses > MAX_CLASSES) {
      throw new IllegalArgumentException("numClasses must be in 1.." + MAX_CLASSES + ", got " + numClasses);
    }
    if (ignoreLabel < -1 || ignoreLabel > MAX_LABEL) {
      throw new IllegalArgumentException("ignoreLabel must be -1 or 0.." + MAX_LABEL + ", got " + ignoreLabel);
    }
    if (n < 0 || n > gtLength || n > predLength) {
      throw new IllegalArgumentException("n = " + n + " pixels but the label arrays hold "
          + gtLength + " (ground truth) and " + predLength + " (prediction)");
    }
    if (confusion.length < numClasses * numClasses) {
      throw new IllegalArgumentException("confusion holds " + confusion.length + " counts, "
          + numClasses + " classes need " + numClasses * numClasses);
    }
  }

  /** Subtracts what {@link #countRuns} added for pixels {@code [0, bad)} of its range; the error path only. */
  private static void rollback(byte[] gt, int go, byte[] pred, int po, int bad, int k, int ignoreLabel,
      long[] confusion) {
    for (int i = 0; i < bad; i++) {
      int g = gt[go + i] & 0xFF;
      if (g == ignoreLabel) continue;
      confusion[g * k + (pred[po + i] & 0xFF)]--;
    }
  }

  /** Subtracts what a kernel added for pixels {@code [0, bad)}; the error path only. */
  private static long rollback(Object gt, Object pred, int bad, int k, int ignoreLabel,
      long[] confusion) {
    for (int i = 0; i < bad; i++) {
      int g = label(gt, i);
      if (g == ignoreLabel) continue;
      confusion[g * k + label(pred, i)]--;
    }
    return -(bad + 1L);
  }

  private static int label(Object labels, int i) {
    return labels instanceof byte[] ? ((byte[]) labels)[i] & 0xFF : ((short[]) labels)[i] & 0xFFFF;
  }
}
