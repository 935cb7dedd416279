package dev.overlap.core.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The open-addressing pair table against a boxed HashMap counting pixel by pixel, on seeded random maps. */
class SegmentPairTableTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void countsEqualANaiveMapAndComeOutSorted(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 1 + rnd.nextInt(20_000);
    int segments = 1 + rnd.nextInt(seed * 200);
    int[] gt = new int[n + 5];
    int[] pred = new int[n + 5];
    // runs of random length, some far longer than a row, ids anywhere in 24 bits, 0 (VOID) included; the
    // prediction changes inside a ground-truth run now and then, and on odd seeds rarely
    int noise = seed % 2 == 0 ? 10 : 2000;
    for (int i = 0; i < n;) {
      int len = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 6000 : 60);
      int g = rnd.nextInt(4) == 0 ? 0 : id(rnd, segments);
      int p = rnd.nextInt(5) == 0 ? 0 : id(rnd, segments);
      for (int j = 0; j < len && i < n; j++, i++) {
        gt[i + 3] = g;
        if (rnd.nextInt(noise) == 0) p = rnd.nextInt(3) == 0 ? id(rnd, segments) : p;
        pred[i + 2] = rnd.nextInt(noise) == 0 ? id(rnd, segments) : p;
      }
    }
    Map<Long, Long> naive = new HashMap<>();
    for (int i = 0; i < n; i++) naive.merge(((long) gt[i + 3] << 24) | pred[i + 2], 1L, Long::sum);
    SegmentPairTable t = new SegmentPairTable();
    t.count(gt, 3, pred, 0, 0);
    // two calls over halves count the same as one
    int half = n / 2;
    t.count(gt, 3, pred, 2, half);
    t.count(gt, 3 + half, pred, 2 + half, n - half);
    assertEquals(naive.size(), t.size());
    assertEquals(n, t.pixels());
    t.sort();
    long previous = -1;
    for (int i = 0; i < t.size(); i++) {
      long key = ((long) t.gtId(i) << 24) | t.predId(i);
      assertTrue(key > previous);
      previous = key;
      assertEquals(naive.get(key), t.pairPixels(i));
      assertEquals(naive.get(key), t.get(t.gtId(i), t.predId(i)));
    }
    assertEquals(naive.getOrDefault((16777215L << 24) | 16777214, 0L), t.get(16777215, 16777214));
    t.clear();
    assertEquals(0, t.size());
    assertEquals(0, t.get(gt[3], pred[2]));
  }

  private static int id(SplittableRandom rnd, int segments) {
    // a few distinct ids per image, spread over the 24-bit range (blue channel used)
    return 1 + (int) ((rnd.nextInt(segments) * 2654435761L) & 0xFFFFFE);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1 << 24})
  void refusesIdsBeyond24Bits(int bad) {
    SegmentPairTable t = new SegmentPairTable();
    assertThrows(IllegalArgumentException.class, () -> t.count(new int[] {1, bad}, 0, new int[] {2, 2}, 0, 2));
  }
}
