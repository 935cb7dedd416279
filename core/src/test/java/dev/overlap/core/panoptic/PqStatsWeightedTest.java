package dev.overlap.core.panoptic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PqStatsWeightedTest {
  @Test
  void aWeightedMergeIsThatManyMergesToTheBit() {
    Random rnd = new Random(5);
    PqStats image = new PqStats(3);
    for (int i = 0; i < 40; i++) {
      int c = rnd.nextInt(3);
      switch (rnd.nextInt(3)) {
        case 0 -> image.addMatch(c, 0.5 + 0.5 * (1 - rnd.nextDouble()));
        case 1 -> image.addFalsePositive(c);
        default -> image.addFalseNegative(c);
      }
    }
    for (int w : new int[] {0, 1, 2, 7, 24}) {
      PqStats once = new PqStats(3).mergeWeighted(image, w);
      PqStats many = new PqStats(3);
      for (int i = 0; i < w; i++) many.merge(image);
      assertArrayEquals(many.toBytes(), once.toBytes(), "weight " + w);
    }
  }
}
