package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MasksTest {

  // ---- iou

  @Test
  void iouMatchesPixelCountsOnRandomMasks() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 1_500; trial++) {
      int h = random.nextInt(1, 41);
      int w = random.nextInt(1, 41);
      int m = random.nextInt(0, 5);
      int n = random.nextInt(0, 5);
      byte[][] dtPx = new byte[m][];
      byte[][] gtPx = new byte[n][];
      Rle[] dt = new Rle[m];
      Rle[] gt = new Rle[n];
      boolean[] crowd = new boolean[n];
      for (int d = 0; d < m; d++) {
        dtPx[d] = MaskFixtures.randomPixels(random, h, w);
        int[] c = MaskFixtures.countsOf(dtPx[d]);
        // Empty runs on the detection side only: the fast walk must skip them (see the quirk tests).
        // Not on 1-row masks, where a leading pair of empty runs wraps the box width to 0 (tested below).
        dt[d] = Rle.of(h, w, h > 1 && random.nextInt(4) == 0 ? MaskFixtures.withEmptyRuns(random, c) : c);
      }
      for (int g = 0; g < n; g++) {
        gtPx[g] = MaskFixtures.randomPixels(random, h, w);
        gt[g] = Rle.of(h, w, MaskFixtures.countsOf(gtPx[g]));
        crowd[g] = random.nextInt(3) == 0;
      }
      double[] out = new double[m * n];
      Masks.iou(dt, m, gt, n, crowd, out);
      double[] withBoxes = new double[m * n];
      double[] dtBoxes = new double[4 * m];
      double[] gtBoxes = new double[4 * n];
      Masks.toBbox(dt, m, dtBoxes);
      Masks.toBbox(gt, n, gtBoxes);
      Masks.iou(dt, dtBoxes, m, gt, gtBoxes, n, crowd, withBoxes);
      for (int g = 0; g < n; g++) {
        for (int d = 0; d < m; d++) {
          long inter = 0;
          long union = 0;
          long dArea = 0;
          for (int p = 0; p < h * w; p++) {
            inter += dtPx[d][p] & gtPx[g][p];
            union += dtPx[d][p] | gtPx[g][p];
            dArea += dtPx[d][p];
          }
          double expected = inter == 0 ? 0.0 : (double) inter / (double) (crowd[g] ? dArea : union);
          assertEquals(expected, out[g * m + d], 0.0, "trial " + trial + " d " + d + " g " + g);
          assertEquals(expected, withBoxes[g * m + d], 0.0, "trial " + trial + " d " + d + " g " + g);
        }
      }
    }
  }

  /**
   * rleIou's walk stops when both masks' current runs are empty: here both have a run ending at
   * pixel 5 followed by an empty run, so only pixels 0..4 are counted (true IoU 5/7; crowd 5/5).
   * Values from compiled maskApi.c.
   */
  @Test
  void iouKeepsRleIouEarlyStopOnSharedEmptyRuns() {
    Rle a = Rle.of(5, 2, new int[] {2, 3, 0, 2, 3});
    Rle b = Rle.of(5, 2, new int[] {1, 4, 0, 3, 2});
    double[] out = new double[2];
    Masks.iou(new Rle[] {a}, 1, new Rle[] {b, b}, 2, new boolean[] {false, true}, out);
    assertEquals(0.75, out[0], 0.0);
    assertEquals(0.6, out[1], 0.0);
    // The same pixels encoded canonically give the true values.
    Masks.iou(new Rle[] {Rle.of(5, 2, new int[] {2, 5, 3})}, 1, new Rle[] {b, b}, 2, new boolean[] {false, true}, out);
    assertEquals(5.0 / 7.0, out[0], 0.0);
    assertEquals(1.0, out[1], 0.0);
  }

  /** A second maskApi.c case: the walk stops at pixel 7 before any overlap, so IoU 0 (true 3/17). */
  @Test
  void iouEarlyStopCanHideTheWholeIntersection() {
    Rle dt = Rle.of(5, 7, new int[] {0, 2, 5, 0, 12, 1, 1, 1, 1, 11, 1, 0});
    Rle gt = Rle.of(5, 7, new int[] {0, 0, 2, 1, 4, 0, 24, 4, 0});
    double[] out = new double[1];
    Masks.iou(new Rle[] {dt}, 1, new Rle[] {gt}, 1, null, out);
    assertEquals(0.0, out[0], 0.0);
    assertEquals(3, Masks.intersection(dt, gt));
  }

  /**
   * Fuzz of the early stop against a model stated in positions: the walk ends at the first pixel
   * position P where, in both masks, the run that ends at P (or the start, for P = 0) is followed by
   * an empty run; i and u count pixels before P.
   */
  @Test
  void iouWithEmptyRunsInBothMasksFollowsThePositionalModel() {
    SplittableRandom random = new SplittableRandom(5);
    int stoppedEarly = 0;
    for (int trial = 0; trial < 3_000; trial++) {
      int h = random.nextInt(2, 9);
      int w = random.nextInt(1, 9);
      int size = h * w;
      byte[] aPx = MaskFixtures.randomPixels(random, h, w);
      byte[] bPx = MaskFixtures.randomPixels(random, h, w);
      int[] a = MaskFixtures.withEmptyRuns(random, MaskFixtures.countsOf(aPx));
      int[] b = MaskFixtures.withEmptyRuns(random, MaskFixtures.countsOf(bPx));
      boolean crowd = random.nextBoolean();
      int stop = Math.min(size, firstSharedStop(a, b, size));
      if (stop < size) {
        stoppedEarly++;
      }
      long inter = 0;
      long union = 0;
      long aArea = 0;
      for (int p = 0; p < size; p++) {
        aArea += aPx[p];
        if (p < stop) {
          inter += aPx[p] & bPx[p];
          union += aPx[p] | bPx[p];
        }
      }
      double expected = inter == 0 ? 0.0 : (double) inter / (double) (crowd ? aArea : union);
      double[] out = new double[1];
      Masks.iou(new Rle[] {Rle.of(h, w, a)}, 1, new Rle[] {Rle.of(h, w, b)}, 1, new boolean[] {crowd}, out);
      assertEquals(expected, out[0], 0.0, "trial " + trial);
    }
    assertTrue(stoppedEarly > 100, "the fuzz must exercise the early stop, did " + stoppedEarly);
  }

  private static int firstSharedStop(int[] a, int[] b, int size) {
    for (int p = 0; p < size; p++) {
      if (emptyRunAfterBoundary(a, p) && emptyRunAfterBoundary(b, p)) {
        return p;
      }
    }
    return size;
  }

  /** Whether the run arriving at position p (index 0 at the start) is followed by an empty run. */
  private static boolean emptyRunAfterBoundary(int[] c, int p) {
    int pos = 0;
    for (int j = 0; j + 1 < c.length; j++) {
      pos += c[j];
      boolean arrives = pos == p && (c[j] > 0 || j == 0);
      if (arrives) {
        return c[j + 1] == 0;
      }
      if (pos > p) {
        return false;
      }
    }
    return false;
  }

  /**
   * On a 1-row mask that starts with two empty runs, rleToBbox's unsigned position wraps and its
   * box has width 0, so rleIou skips the pair: IoU 0 for two full masks (compiled maskApi.c agrees).
   */
  @Test
  void iouIsZeroWhenRleToBboxWrapsToAnEmptyBox() {
    Rle wrapped = Rle.of(1, 5, new int[] {0, 0, 0, 5});
    Rle full = Rle.of(1, 5, new int[] {0, 5});
    double[] box = new double[4];
    Masks.toBbox(wrapped, box, 0);
    assertArrayEquals(new double[] {0, 0, 0, 1}, box, 0.0);
    double[] out = new double[1];
    Masks.iou(new Rle[] {wrapped}, 1, new Rle[] {full}, 1, null, out);
    assertEquals(0.0, out[0], 0.0);
    assertEquals(5, Masks.intersection(wrapped, full));
  }

  @Test
  void iouRejectsMasksOfDifferentSizes() {
    Rle a = Rle.of(2, 3, new int[] {6});
    Rle b = Rle.of(3, 2, new int[] {6});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Masks.iou(new Rle[] {a}, 1, new Rle[] {a, b}, 2, null, new double[2]));
    assertEquals("mask IoU of masks of different sizes: dt 0 is 2x3, gt 1 is 3x2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Masks.intersection(a, b));
  }

  @Test
  void iouWritesGroundTruthMajorLayout() {
    // 4x4: dt0 = column 0, dt1 = columns 0-1; gt0 = column 1, gt1 = column 0.
    Rle dt0 = Rle.of(4, 4, new int[] {0, 4, 12});
    Rle dt1 = Rle.of(4, 4, new int[] {0, 8, 8});
    Rle gt0 = Rle.of(4, 4, new int[] {4, 4, 8});
    Rle gt1 = dt0;
    double[] out = new double[4];
    Masks.iou(new Rle[] {dt0, dt1}, 2, new Rle[] {gt0, gt1}, 2, new boolean[] {false, true}, out);
    assertArrayEquals(new double[] {0.0, 0.5, 1.0, 0.5}, out, 0.0);
  }

  // ---- merge

  @Test
  void mergeMatchesPixelOrAndAnd() {
    SplittableRandom random = new SplittableRandom(9);
    for (int trial = 0; trial < 2_000; trial++) {
      int h = random.nextInt(1, 25);
      int w = random.nextInt(1, 25);
      int n = random.nextInt(1, 5);
      boolean canonical = random.nextBoolean();
      byte[][] px = new byte[n][];
      Rle[] parts = new Rle[n];
      for (int i = 0; i < n; i++) {
        px[i] = MaskFixtures.randomPixels(random, h, w);
        int[] c = MaskFixtures.countsOf(px[i]);
        parts[i] = Rle.of(h, w, canonical ? c : MaskFixtures.withEmptyRuns(random, c));
      }
      byte[] or = px[0].clone();
      byte[] and = px[0].clone();
      for (int i = 1; i < n; i++) {
        for (int p = 0; p < or.length; p++) {
          or[p] |= px[i][p];
          and[p] &= px[i][p];
        }
      }
      Rle union = Masks.merge(parts, n);
      Rle intersection = Masks.merge(parts, n, true);
      assertArrayEquals(or, Masks.decode(union), "trial " + trial);
      assertArrayEquals(and, Masks.decode(intersection), "trial " + trial);
      if (canonical) {
        // rleMerge of canonical masks is canonical.
        assertArrayEquals(MaskFixtures.countsOf(or), union.counts(), "trial " + trial);
        assertArrayEquals(MaskFixtures.countsOf(and), intersection.counts(), "trial " + trial);
      }
    }
  }

  /** Counts from compiled maskApi.c#rleMerge for inputs holding empty runs (kept in its output). */
  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource(delimiter = '|', value = {
      "3 0 2 1 6 | 5 2 5     | false | 3 0 2 2 5",
      "3 0 2 1 6 | 5 2 5     | true  | 5 1 6",
      "0 0 12    | 0 12      | false | 0 12",
  })
  void mergeKeepsRleMergeCountsForEmptyRuns(String a, String b, boolean intersect, String expected) {
    Rle merged = Masks.merge(new Rle[] {Rle.of(4, 3, parse(a)), Rle.of(4, 3, parse(b))}, 2, intersect);
    assertArrayEquals(parse(expected), merged.counts());
  }

  /** Where rleMerge stops early and returns counts short of h*w, merge returns the true union. */
  @Test
  void mergeWalksPastRleMergeEarlyStop() {
    Rle a = Rle.of(1, 1, new int[] {0, 0, 0, 1, 0});
    Rle merged = Masks.merge(new Rle[] {a, a}, 2);
    assertEquals(1, merged.area());
    assertArrayEquals(new byte[] {1}, Masks.decode(merged));
  }

  @Test
  void mergeOfOnePartIsThePartAndSizesMustMatch() {
    Rle a = Rle.of(2, 2, new int[] {1, 3});
    assertSame(a, Masks.merge(new Rle[] {a}, 1));
    assertThrows(IllegalArgumentException.class, () -> Masks.merge(new Rle[0], 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Masks.merge(new Rle[] {a, Rle.of(1, 4, new int[] {4})}, 2));
    assertEquals("merge of masks of different sizes: mask 0 is 2x2, mask 1 is 1x4", e.getMessage());
  }

  // ---- toBbox

  /** For canonical masks rleToBbox is the pixel bounding box (a run crossing columns spans all rows). */
  @Test
  void bboxMatchesPixelScanOnCanonicalMasks() {
    SplittableRandom random = new SplittableRandom(13);
    for (int trial = 0; trial < 3_000; trial++) {
      int h = random.nextInt(1, 30);
      int w = random.nextInt(1, 30);
      byte[] px = MaskFixtures.randomPixels(random, h, w);
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      for (int x = 0; x < w; x++) {
        for (int y = 0; y < h; y++) {
          if (px[x * h + y] != 0) {
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
          }
        }
      }
      double[] expected = x1 < 0 ? new double[4] : new double[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
      double[] out = new double[6];
      Masks.toBbox(Masks.encode(px, h, w), out, 2);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 2, 6), 0.0, "trial " + trial);
    }
  }

  /** rleToBbox's quirks on non-canonical runs; expected values from compiled maskApi.c. */
  @ParameterizedTest(name = "{0}x{1} {2}")
  @CsvSource(delimiter = '|', value = {
      // Run of ones spanning columns 0-1 of a 4-row mask: full height (also the true box).
      "4 | 3 | 3 2 7      | 0 0 2 4",
      // Only (m/2)*2 runs are read; a single run of zeros is an empty box.
      "4 | 3 | 12         | 0 0 0 0",
      // An empty mask written with a trailing empty run of ones is not an empty box.
      "4 | 3 | 12 0       | 2 0 2 4",
      // An empty run of ones still moves the box (true box of pixel (1,1) is 1 1 1 1).
      "4 | 3 | 2 0 3 1 6  | 0 1 2 2",
      // Two leading empty runs: position 0 - 1 wraps in 32-bit unsigned arithmetic.
      "4 | 3 | 0 0 12     | 0 0 1073741824 4",
      "1 | 5 | 0 0 5      | 0 0 0 1",
  })
  void bboxKeepsRleToBboxQuirks(int h, int w, String counts, String expected) {
    double[] out = new double[4];
    Masks.toBbox(Rle.of(h, w, parse(counts)), out, 0);
    int[] e = parse(expected);
    assertArrayEquals(new double[] {e[0], e[1], e[2], e[3]}, out, 0.0);
  }

  // ---- encode / decode

  @Test
  void encodeAndDecodeRoundTripRandomMasks() {
    SplittableRandom random = new SplittableRandom(17);
    for (int trial = 0; trial < 2_000; trial++) {
      int h = random.nextInt(1, 30);
      int w = random.nextInt(1, 30);
      byte[] px = MaskFixtures.randomPixels(random, h, w);
      Rle r = Masks.encode(px, h, w);
      assertArrayEquals(MaskFixtures.countsOf(px), r.counts());
      assertArrayEquals(px, Masks.decode(r));
      long area = 0;
      for (byte b : px) {
        area += b;
      }
      assertEquals(area, r.area());
    }
  }

  @Test
  void encodeTreatsNonZeroAsForegroundAndStartsWithZeros() {
    assertArrayEquals(new int[] {0, 2, 1, 1}, Masks.encode(new byte[] {1, 7, 0, -1}, 2, 2).counts());
    assertArrayEquals(new int[] {0}, Masks.encode(new byte[0], 0, 5).counts());
    assertThrows(IllegalArgumentException.class, () -> Masks.encode(new byte[3], 2, 2));
  }

  private static int[] parse(String s) {
    String[] parts = s.trim().split("\\s+");
    int[] c = new int[parts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Integer.parseInt(parts[i]);
    }
    return c;
  }
}
