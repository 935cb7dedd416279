package dev.overlap.core.lvis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-image load rules of lvis-api: the top-N cut against a naive stable sort, and the filters' order. */
class LvisImageRulesTest {
  @Test
  void topCutKeepsTheBestWithTiesInFileOrder() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < 300; round++) {
      int n = rnd.nextInt(1, 80);
      int max = rnd.nextInt(1, 60);
      double[] score = new double[n];
      for (int i = 0; i < n; i++) score[i] = rnd.nextInt(6) / 5.0; // many ties
      boolean[] keep = new boolean[n];
      int kept = LvisImageRules.topPerImage(score, n, max, new int[n], new int[n], keep);
      // naive: Python's sorted(key=score, reverse=True) is stable; keep the first max
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) idx[i] = i;
      Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a])); // Arrays.sort of objects is stable
      boolean[] want = new boolean[n];
      for (int i = 0; i < Math.min(n, max); i++) want[idx[i]] = true;
      assertArrayEquals(want, keep, "round " + round);
      assertEquals(Math.min(n, max), kept);
    }
  }

  @Test
  void cutComesBeforeTheAreaAndFederatedFilters() {
    Image im = new Image(1, null, 100, 100, new long[] {7}, new long[0]);
    List<GtAnnotation> gts = new ArrayList<>(List.of(
        new GtAnnotation(1, 1, 5, new double[] {0, 0, 10, 10}, 100, false, null, 0),
        new GtAnnotation(2, 1, 6, new double[] {0, 0, 0, 10}, 0, false, null, 1))); // area 0: dropped
    List<Detection> dts = new ArrayList<>(List.of(
        new Detection(1, 9, new double[] {0, 0, 5, 5}, 0.9, null, 0), // unknown category: takes a slot, then dropped
        new Detection(1, 5, new double[] {0, 0, 0, 5}, 0.8, null, 1), // area 0: takes a slot, then dropped
        new Detection(1, 7, new double[] {0, 0, 5, 5}, 0.7, null, 2), // negative category: kept
        new Detection(1, 5, new double[] {0, 0, 5, 5}, 0.6, null, 3), // cut (5th best, over a cap of 4)
        new Detection(1, 6, new double[] {0, 0, 5, 5}, 0.95, null, 4))); // category 6 only has an area-0 GT: dropped
    LvisImageRules.Dropped d = new LvisImageRules(4, IouType.BBOX, false).apply(im, gts, dts, "gt.json");
    assertEquals(1, gts.size());
    assertEquals(List.of(2L), dts.stream().map(Detection::seq).toList());
    assertEquals(new LvisImageRules.Dropped(1, 1, 1, 2), d);
  }

  @Test
  void imageWithoutTheListsIsNamed() {
    Image im = new Image(42, null, 10, 10);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new LvisImageRules(300, IouType.BBOX, false).apply(im, new ArrayList<>(), new ArrayList<>(), "gt.json"));
    assertEquals("gt.json: image id 42: field \"neg_category_ids\": missing; the LVIS protocol needs it on every image",
        e.getMessage());
  }
}
