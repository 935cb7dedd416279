package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoRecord;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The categories-only first pass skips images and annotations without parsing them. */
class CategoriesOnlyReaderTest {
  static List<Category> read(InputStream in) {
    List<Category> out = new ArrayList<>();
    try (CocoGroundTruthReader r = CocoGroundTruthReader.categoriesOnly(in, "gt.json")) {
      CocoRecord c;
      while ((c = r.next()) != null) out.add((Category) c);
    }
    return out;
  }

  @Test
  void cocoSmallHasEightyCategoriesInFileOrder() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/reference/coco-small/instances_gt.json")) {
      List<Category> cats = read(in);
      assertEquals(80, cats.size());
      assertEquals(1, cats.get(0).id());
      assertEquals(90, cats.get(79).id());
    }
  }

  @Test
  void malformedAnnotationsAreSkippedButSyntaxErrorsAreNot() {
    // an annotation with a string bbox is not parsed, so not an error in this pass
    String doc = "{\"annotations\": [{\"bbox\": \"x\"}], \"categories\": [{\"id\": 3, \"name\": \"cat\"}], \"images\": []}";
    List<Category> cats = read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, cats.size());
    assertEquals("cat", cats.get(0).name());
    String truncated = "{\"images\": [{\"id\": 1, ";
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> read(new ByteArrayInputStream(truncated.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().startsWith("gt.json: line 1 column"), e.getMessage());
    assertNull(e.field());
  }
}
