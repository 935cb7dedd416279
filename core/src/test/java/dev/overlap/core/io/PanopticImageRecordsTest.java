package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A panoptic ground truth's image records read for slices: ids as the annotations' text, values as slice text. */
class PanopticImageRecordsTest {
  static PanopticJsonReader.Document read(String json, String[] fields) {
    return PanopticJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", true,
        fields);
  }

  static final String CATS = "\"categories\": [{\"id\": 1, \"isthing\": 1}], \"annotations\": []";

  @Test
  void keepsTheAskedFieldsAsTextAndSkipsTheRecordsOtherwise() {
    String json = "{\"images\": [{\"id\": 7, \"weather\": \"rain\", \"width\": 640, \"night\": true, \"x\": [1]},"
        + " {\"id\": \"a/b\", \"weather\": null, \"width\": 2.0}, {\"id\": 9}], " + CATS + "}";
    var doc = read(json, new String[] {"weather", "width", "night"});
    assertEquals(3, doc.images().size());
    assertEquals("7", doc.images().get(0).id());
    assertArrayEquals(new String[] {"rain", "640", "true"}, doc.images().get(0).values());
    assertEquals("a/b", doc.images().get(1).id());
    assertArrayEquals(new String[] {null, "2", null}, doc.images().get(1).values());
    assertArrayEquals(new String[] {null, null, null}, doc.images().get(2).values());
    assertNull(read(json, null).images());
    assertNull(read("{" + CATS + "}", new String[] {"weather"}).images(), "no images array");
  }

  @Test
  void aRecordWithoutIdOrWithAnObjectValueIsOneLocatedError() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("{\"images\": [{\"id\": 1},"
        + " {\"weather\": \"sun\"}], " + CATS + "}", new String[] {"weather"}));
    assertEquals("images[1]", e.record());
    assertEquals("id", e.field());
    e = assertThrows(InvalidInputException.class, () -> read("{\"images\": [{\"id\": 1, \"weather\": {\"sky\": 1}}], "
        + CATS + "}", new String[] {"weather"}));
    assertEquals("images[0]", e.record());
    assertTrue(e.reason().contains("a slice field must be a string, a number or a boolean"), e.reason());
  }
}
