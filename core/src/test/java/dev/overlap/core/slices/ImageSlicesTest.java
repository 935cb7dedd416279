package dev.overlap.core.slices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageSlicesTest {
  static final String[] FIELDS = {"weather", "camera"};

  static ImageSlices sample() {
    // image 9 is listed twice with the same values (a retried task's copy); image 4 has no weather
    return ImageSlices.of(FIELDS, new long[] {9, 2, 4, 9, 7},
        new String[][] {{"sun", "1"}, {"rain", "0"}, {null, "1"}, {"sun", "1"}, {"fog", "0"}});
  }

  @Test
  void valuesInOrderAfterMissingAndSlicesNumberedFieldByField() {
    ImageSlices s = sample();
    assertEquals(4, s.numImages());
    assertEquals(4, s.numValues(0)); // missing, fog, rain, sun
    assertNull(s.value(0, 0));
    assertEquals("fog", s.value(0, 1));
    assertEquals("sun", s.value(0, 3));
    assertEquals(3, s.numValues(1)); // missing, 0, 1
    assertEquals(7, s.size());
    assertEquals(4 + 2, s.slice(1, 2));
  }

  @Test
  void weightsAreOneInTheImagesSliceOfEachFieldAndMissingForUnknownImages() {
    ImageSlices s = sample();
    int[] w = new int[s.size()];
    s.fill(9, w);
    assertArrayEquals(new int[] {0, 0, 0, 1, 0, 0, 1}, w);
    s.fill(4, w);
    assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 1}, w);
    s.fill(1000, w); // not listed: missing in every field
    assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0, 0}, w);
  }

  @Test
  void anImageGivenTwiceWithOtherValuesAndFieldsThatNameImagesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageSlices.of(FIELDS,
        new long[] {3, 3}, new String[][] {{"sun", "1"}, {"rain", "1"}}));
    assertEquals("image 3 is given twice with different \"weather\" values (\"sun\" and \"rain\")", e.getMessage());
    int n = ImageSlices.MAX_VALUES + 1;
    long[] ids = new long[n];
    String[][] v = new String[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      v[i] = new String[] {"f" + i, "x"};
    }
    e = assertThrows(IllegalArgumentException.class, () -> ImageSlices.of(FIELDS, ids, v));
    assertTrue(e.getMessage().startsWith("\"weather\" has 1001 distinct values"), e.getMessage());
  }
}
