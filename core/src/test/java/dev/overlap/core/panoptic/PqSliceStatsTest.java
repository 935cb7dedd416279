package dev.overlap.core.panoptic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random images in random slices: each slice equals a plain merge of its images' stats, and the images split
 * over three accumulators, shipped as bytes and merged in another order give the same bytes.
 */
class PqSliceStatsTest {
  static final int C = 4;
  static final int S = 5;

  static PqStats randomImage(SplittableRandom rnd) {
    PqStats s = new PqStats(C);
    for (int i = rnd.nextInt(12); i > 0; i--) {
      int c = rnd.nextInt(C);
      switch (rnd.nextInt(3)) {
        case 0 -> s.addMatch(c, 0.5 + 0.5 * (1 - rnd.nextDouble()));
        case 1 -> s.addFalsePositive(c);
        default -> s.addFalseNegative(c);
      }
    }
    return s;
  }

  @Test
  void eachSliceIsTheMergeOfItsImagesOnAnySplit() {
    SplittableRandom rnd = new SplittableRandom(17);
    PqSliceStats one = new PqSliceStats(C, S);
    PqSliceStats[] parts = {new PqSliceStats(C, S), new PqSliceStats(C, S), new PqSliceStats(C, S)};
    PqStats[] naive = new PqStats[S];
    long[] images = new long[S];
    for (int s = 0; s < S; s++) naive[s] = new PqStats(C);
    for (int i = 0; i < 60; i++) {
      PqStats image = randomImage(rnd);
      int[] member = new int[S];
      for (int s = 0; s < S; s++) member[s] = rnd.nextInt(2);
      one.add(member, image);
      parts[rnd.nextInt(3)].add(member, image);
      for (int s = 0; s < S; s++) {
        if (member[s] == 0) continue;
        naive[s].merge(image);
        images[s]++;
      }
    }
    PqSliceStats merged = PqSliceStats.fromBytes(parts[2].toBytes()).merge(PqSliceStats.fromBytes(parts[0].toBytes()))
        .merge(parts[1]);
    assertArrayEquals(one.toBytes(), merged.toBytes());
    assertArrayEquals(images, one.images());
    boolean[] isThing = {true, false, true, false};
    for (int s = 0; s < S; s++) {
      PqResult want = PqResult.of(naive[s], isThing);
      PqResult got = one.result(s, isThing);
      assertEquals(Double.doubleToRawLongBits(want.pq(PqResult.Group.ALL)),
          Double.doubleToRawLongBits(got.pq(PqResult.Group.ALL)), "slice " + s);
      for (int c = 0; c < C; c++) assertEquals(want.iouSum(c), got.iouSum(c), 0.0);
    }
  }

  @Test
  void badBytesAreRefusedWithExpectedAndActual() {
    byte[] b = new PqSliceStats(C, S).toBytes();
    b[0] = 9;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PqSliceStats.fromBytes(b));
    assertTrue(e.getMessage().contains("expected version 1, actual 9"), e.getMessage());
    byte[] shortened = java.util.Arrays.copyOf(new PqSliceStats(C, S).toBytes(), 30);
    e = assertThrows(IllegalArgumentException.class, () -> PqSliceStats.fromBytes(shortened));
    assertTrue(e.getMessage().contains("slices of 4 categories, actual 30"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PqSliceStats(C, S).merge(new PqSliceStats(C, S + 1)));
  }
}
