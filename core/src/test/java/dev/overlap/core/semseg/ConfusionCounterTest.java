package dev.overlap.core.semseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfusionCounterTest {

  /** Which label arrays a kernel reads: b = byte[], s = short[], ground truth first. */
  @ParameterizedTest
  @ValueSource(strings = {"bb", "ss", "bs", "sb"})
  void countMatchesNaivePerPixelCount(String types) {
    SplittableRandom rnd = new SplittableRandom(types.hashCode());
    boolean wide = types.contains("s");
    for (int iter = 0; iter < 400; iter++) {
      int k = 1 + rnd.nextInt(wide && types.equals("ss") ? 400 : 40);
      int ignore = pickIgnore(rnd, k, gtMax(types));
      int n = rnd.nextInt(3000);
      int[] gt = labels(rnd, n, k, ignore, gtMax(types));
      int[] pred = labels(rnd, n, k, -1, predMax(types));
      long[] confusion = new long[k * k + rnd.nextInt(3)];
      for (int i = 0; i < confusion.length; i++) confusion[i] = rnd.nextInt(5);
      long[] expected = confusion.clone();
      long expectedIgnored = naive(gt, pred, n, k, ignore, expected);
      long ignored = count(types, gt, pred, n, k, ignore, confusion);
      assertEquals(expectedIgnored, ignored);
      assertArrayEquals(expected, confusion);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bb", "ss", "bs", "sb"})
  void aBadLabelIsReportedAtItsFirstPixelAndNothingIsCounted(String types) {
    SplittableRandom rnd = new SplittableRandom(types.hashCode() + 1);
    for (int iter = 0; iter < 400; iter++) {
      int k = 1 + rnd.nextInt(30);
      int ignore = pickIgnore(rnd, k, gtMax(types));
      int n = 1 + rnd.nextInt(2000);
      int[] gt = labels(rnd, n, k, ignore, gtMax(types));
      int[] pred = labels(rnd, n, k, -1, predMax(types));
      int bad = rnd.nextInt(n);
      int validTruth = ignore == 0 ? 1 : 0; // a class id that is not the ignore label
      boolean inTruth = rnd.nextBoolean() || validTruth >= k;
      if (inTruth) {
        int v = k + rnd.nextInt(5);
        gt[bad] = v == ignore ? v + 1 : v;
      } else {
        if (gt[bad] == ignore) gt[bad] = validTruth;
        // A prediction equal to the ignore label is refused too.
        pred[bad] = ignore >= k && rnd.nextBoolean() ? ignore : k + rnd.nextInt(5);
      }
      // Further bad pixels after the first one must not change the answer.
      if (bad + 1 < n) pred[bad + 1 + rnd.nextInt(n - bad - 1)] = predMax(types);
      long[] confusion = new long[k * k];
      for (int i = 0; i < confusion.length; i++) confusion[i] = rnd.nextInt(1000);
      long[] before = confusion.clone();
      long r = count(types, gt, pred, n, k, ignore, confusion);
      assertEquals(-(bad + 1L), r, "gt " + gt[bad] + " pred " + pred[bad] + " k " + k + " ignore " + ignore);
      assertArrayEquals(before, confusion);
    }
  }

  @Test
  void countRowReadsItsRangeOnlyAndMatchesNaive() {
    SplittableRandom rnd = new SplittableRandom(77);
    for (int iter = 0; iter < 600; iter++) {
      int k = 1 + rnd.nextInt(40);
      int ignore = pickIgnore(rnd, k, 255);
      int n = rnd.nextInt(400);
      int gtOff = rnd.nextInt(20);
      int predOff = rnd.nextInt(20);
      int[] gt = labels(rnd, n, k, ignore, 255);
      int[] pred = labels(rnd, n, k, -1, 255);
      // labels around the range that are not class ids: reading past it would be refused
      byte[] g = new byte[gtOff + n + rnd.nextInt(9)];
      byte[] p = new byte[predOff + n + rnd.nextInt(9)];
      Arrays.fill(g, (byte) 254);
      Arrays.fill(p, (byte) 254);
      for (int i = 0; i < n; i++) {
        g[gtOff + i] = (byte) gt[i];
        p[predOff + i] = (byte) pred[i];
      }
      long[] confusion = new long[k * k];
      long[] expected = new long[k * k];
      long expectedIgnored = naive(gt, pred, n, k, ignore, expected);
      if (n > 0 && rnd.nextInt(3) == 0) {
        int bad = rnd.nextInt(n);
        g[gtOff + bad] = (byte) (ignore == 254 ? 253 : 254);
        for (int i = 0; i < confusion.length; i++) confusion[i] = rnd.nextInt(9);
        long[] before = confusion.clone();
        assertEquals(-(bad + 1L), ConfusionCounter.countRow(g, gtOff, p, predOff, n, k, ignore, confusion));
        assertArrayEquals(before, confusion);
        continue;
      }
      assertEquals(expectedIgnored, ConfusionCounter.countRow(g, gtOff, p, predOff, n, k, ignore, confusion));
      assertArrayEquals(expected, confusion);
    }
  }

  /** Runs of every length from every start, so that run ends fall on every byte of a word and at the array end. */
  @Test
  void runEndsAreFoundOnEveryByteOfAWord() {
    for (int start = 0; start < 9; start++) {
      for (int len = 1; len <= 25; len++) {
        for (int total = start + len; total <= start + len + 9; total++) {
          byte[] gt = new byte[total];
          byte[] pred = new byte[total];
          Arrays.fill(gt, start, start + len, (byte) 1);
          // a prediction change inside the ground-truth run splits it too
          if (len > 2) pred[start + len - 2] = 1;
          long[] confusion = new long[4];
          assertEquals(0, ConfusionCounter.count(gt, pred, total, 2, -1, confusion));
          long[] expected = new long[4];
          naive(ints(gt), ints(pred), total, 2, -1, expected);
          assertArrayEquals(expected, confusion, start + " " + len + " " + total);
        }
      }
    }
  }

  private static int[] ints(byte[] b) {
    int[] v = new int[b.length];
    for (int i = 0; i < b.length; i++) v[i] = b[i] & 0xFF;
    return v;
  }

  @Test
  void ignoredPixelsAreNeverLookedAtInThePrediction() {
    byte[] gt = {(byte) 255, 1, (byte) 255, 0};
    byte[] pred = {(byte) 200, 1, (byte) 255, 1};
    long[] confusion = new long[4];
    assertEquals(2, ConfusionCounter.count(gt, pred, 4, 2, 255, confusion));
    assertArrayEquals(new long[] {0, 1, 0, 1}, confusion);
  }

  @Test
  void anIgnoreLabelInsideTheClassRangeRemovesThatRow() {
    short[] gt = {0, 0, 1, 2, 2};
    short[] pred = {0, 1, 1, 0, 2};
    long[] confusion = new long[9];
    assertEquals(2, ConfusionCounter.count(gt, pred, 5, 3, 0, confusion));
    assertArrayEquals(new long[] {0, 0, 0, 0, 1, 0, 1, 0, 1}, confusion);
  }

  @Test
  void onlyTheFirstNPixelsAreRead() {
    byte[] gt = {1, 1, 1, 9};
    byte[] pred = {1, 0, 1, 9};
    long[] confusion = new long[4];
    assertEquals(0, ConfusionCounter.count(gt, pred, 3, 2, -1, confusion));
    assertArrayEquals(new long[] {0, 0, 1, 2}, confusion);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "40 | 3 | 7 | 10 | 19 | 255 | ground-truth label 40 at pixel (x=7, y=0) is not a class id (0..18) nor the ignore label 255",
      "40 | 3 | 27 | 10 | 19 | -1 | ground-truth label 40 at pixel (x=7, y=2) is not a class id (0..18)",
      "2 | 23 | 15 | 4 | 19 | 255 | prediction label 23 at pixel (x=3, y=3) is not a class id (0..18)",
      "2 | 255 | 15 | 0 | 19 | 255 | prediction label 255 at pixel 15 is not a class id (0..18); the ignore label applies to ground truth only",
  })
  void describeNamesTheLabelAndThePixel(int gt, int pred, int pixel, int width, int k, int ignore,
      String expected) {
    assertEquals(expected, ConfusionCounter.describe(gt, pred, pixel, width, k, ignore));
  }

  @Test
  void marginalsAreDiagonalRowAndColumnSums() {
    long[] confusion = {5, 1, 0, 2, 7, 3, 0, 4, 9};
    long[] tp = new long[3];
    long[] gt = new long[3];
    long[] pred = new long[3];
    ConfusionCounter.marginals(confusion, 3, tp, gt, pred);
    assertArrayEquals(new long[] {5, 7, 9}, tp);
    assertArrayEquals(new long[] {6, 12, 13}, gt);
    assertArrayEquals(new long[] {7, 12, 12}, pred);
  }

  @Test
  void argumentsAreCheckedOnceAtTheEntry() {
    byte[] labels = new byte[4];
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionCounter.count(labels, labels, 5, 2, -1, new long[4]));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionCounter.count(labels, labels, 4, 3, -1, new long[8]));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionCounter.count(labels, labels, 4, 0, -1, new long[8]));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionCounter.count(labels, labels, 4, 2, 65536, new long[8]));
  }

  // ---------------------------------------------------------------- helpers

  static int gtMax(String types) {
    return types.charAt(0) == 'b' ? 255 : 65535;
  }

  static int predMax(String types) {
    return types.charAt(1) == 'b' ? 255 : 65535;
  }

  private static int pickIgnore(SplittableRandom rnd, int k, int max) {
    switch (rnd.nextInt(4)) {
      case 0: return -1;
      case 1: return Math.min(255, max);
      case 2: return rnd.nextInt(k); // an ignore label that is also a class id
      default: return Math.min(k + rnd.nextInt(3), max);
    }
  }

  /** Runs of labels in 0..k-1, sometimes the ignore label, capped to what the array holds. */
  static int[] labels(SplittableRandom rnd, int n, int k, int ignore, int max) {
    int[] out = new int[n];
    int i = 0;
    while (i < n) {
      int run = 1 + (rnd.nextBoolean() ? rnd.nextInt(3) : rnd.nextInt(60));
      int v = ignore >= 0 && ignore <= max && rnd.nextInt(6) == 0 ? ignore : rnd.nextInt(Math.min(k, max + 1));
      for (int j = 0; j < run && i < n; j++) out[i++] = v;
    }
    return out;
  }

  static long naive(int[] gt, int[] pred, int n, int k, int ignore, long[] confusion) {
    long ignored = 0;
    for (int i = 0; i < n; i++) {
      if (gt[i] == ignore) {
        ignored++;
      } else {
        confusion[gt[i] * k + pred[i]]++;
      }
    }
    return ignored;
  }

  static long count(String types, int[] gt, int[] pred, int n, int k, int ignore, long[] confusion) {
    switch (types) {
      case "bb": return ConfusionCounter.count(bytes(gt), bytes(pred), n, k, ignore, confusion);
      case "ss": return ConfusionCounter.count(shorts(gt), shorts(pred), n, k, ignore, confusion);
      case "bs": return ConfusionCounter.count(bytes(gt), shorts(pred), n, k, ignore, confusion);
      default: return ConfusionCounter.count(shorts(gt), bytes(pred), n, k, ignore, confusion);
    }
  }

  static byte[] bytes(int[] v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] > 255) throw new AssertionError("label " + v[i] + " does not fit a byte");
      b[i] = (byte) v[i];
    }
    return b;
  }

  static short[] shorts(int[] v) {
    short[] s = new short[v.length];
    for (int i = 0; i < v.length; i++) s[i] = (short) v[i];
    return s;
  }

  @Test
  void naiveHelperCountsWhatItShould() {
    long[] c = new long[4];
    assertEquals(1, naive(new int[] {0, 1, 7}, new int[] {1, 1, 0}, 3, 2, 7, c));
    assertEquals("[0, 1, 0, 1]", Arrays.toString(c));
  }
}
