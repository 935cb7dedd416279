package dev.overlap.core.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.io.ImageIds;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Rle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** loadRes' reshaping rules, string image id keys and the summary's keys, with expectations worked by hand. */
class LoadResRulesTest {

  /** An h x w mask with pixels x in [x0, x1), y in [y0, y1). */
  private static Rle rect(int h, int w, int x0, int y0, int x1, int y1) {
    byte[] m = new byte[h * w];
    for (int x = x0; x < x1; x++) for (int y = y0; y < y1; y++) m[x * h + y] = 1;
    return Masks.encode(m, h, w);
  }

  @Test
  void maskOfAnotherSizeScoresMinusOneWhereBoxesOverlapAndZeroElsewhere() {
    Rle gt = rect(10, 10, 2, 2, 6, 6); // 16 px
    Rle[] dts = {rect(10, 10, 2, 2, 6, 4), rect(5, 5, 1, 1, 4, 4), rect(5, 5, 0, 0, 1, 1), rect(10, 10, 7, 7, 9, 9)};
    double[] dtBoxes = new double[16];
    for (int d = 0; d < 4; d++) Masks.toBbox(dts[d], dtBoxes, 4 * d);
    double[] gtBoxes = new double[4];
    Masks.toBbox(gt, gtBoxes, 0);
    double[] out = new double[4];
    LoadResRules.iouWithMisfits(dts, dtBoxes, 4, new Rle[] {gt}, gtBoxes, 1, new boolean[] {false}, 10, 10, out);
    // 8 of 16 px; a 5x5 mask whose box [1,1,3,3] overlaps [2,2,4,4]: -1; a 5x5 mask at [0,0,1,1], no overlap: 0;
    // a fitting mask outside the GT: 0
    assertArrayEquals(new double[] {0.5, -1, 0, 0}, out);
  }

  @Test
  void boxAloneIsTheRectanglePolygonOfItsCorners() {
    // rleFrPoly draws the polygon (2,2)-(12,12) as pixels x 2..11, y 2..11
    Rle m = LoadResRules.boxMask(new double[] {2, 2, 10, 10}, 20, 40);
    assertArrayEquals(rect(20, 40, 2, 2, 12, 12).counts(), m.counts());
    assertEquals(100, m.area());
  }

  @Test
  void stringImageIdsSortByCodePointAsPythonDoes() {
    // Python: 'a' < 'b' < '\uffff' < '\U0001f600'; Java's compareTo puts the surrogate pair before U+FFFF
    ImageIds ids = ImageIds.of(new String[] {"\uD83D\uDE00", "b", "\uFFFF", "a", "b"});
    assertEquals(4, ids.size());
    assertEquals(0, ids.key("a"));
    assertEquals(1, ids.key("b"));
    assertEquals(2, ids.key("\uFFFF"));
    assertEquals(3, ids.key("\uD83D\uDE00"));
    assertEquals(-1, ids.key("c"));
    assertEquals("\uFFFF", ids.id(2));
  }

  @Test
  void summaryKeysNameWhatWasEvaluated() {
    assertArrayEquals(CocoSummary.NAMES, CocoSummary.keys(CocoParams.defaults(IouType.BBOX)));
    CocoParams p = CocoParams.builder(IouType.BBOX).maxDets(1, 10)
        .areaRanges(new double[][] {{0, 1e10}, {0, 16}, {0, 1024}, {1024, 9216}, {9216, 1e10}},
            new String[] {"all", "nano", "small", "medium", "large"})
        .build();
    assertEquals(List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "ARs", "ARm", "ARl", "APnano", "ARnano"),
        List.of(CocoSummary.keys(p)));
    CocoParams more = CocoParams.builder(IouType.BBOX).maxDets(1, 10, 100, 300).build();
    assertEquals(List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "AR300", "ARs", "ARm", "ARl"),
        List.of(CocoSummary.keys(more)));
  }
}
