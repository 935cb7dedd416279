package dev.overlap.core.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.io.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ground-truth reader keeps VOC's {@code difficult} flag with Python truthiness, and names a bad value. */
class DifficultFieldTest {

  private static CocoGroundTruth read(String annotations) {
    String json = "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"a\"}],"
        + "\"annotations\":[" + annotations + "]}";
    return CocoFiles.readGroundTruth(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", false);
  }

  private static String ann(int id, String extra) {
    return "{\"id\":" + id + ",\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,2,2],\"area\":4" + extra + "}";
  }

  @Test
  void truthyValuesAreDifficult() {
    CocoGroundTruth g = read(String.join(",", ann(1, ",\"difficult\":1"), ann(2, ",\"difficult\":true"),
        ann(3, ",\"difficult\":0"), ann(4, ",\"difficult\":false"), ann(5, ""), ann(6, ",\"difficult\":null"),
        ann(7, ",\"difficult\":2")));
    boolean[] want = {true, true, false, false, false, false, true};
    for (int i = 0; i < want.length; i++) assertEquals(want[i], g.annotations().get(i).difficult(), "annotation " + (i + 1));
  }

  @Test
  void aStringIsAnErrorNamingTheField() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(ann(1, ",\"difficult\":\"yes\"")));
    assertEquals("difficult", e.field());
    assertEquals("gt.json", e.file());
  }
}
