package dev.overlap.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.io.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** COCOeval with BEV / 3D IoU on box3d-small against its expected.json (pycocotools + shapely). */
class Box3dEvaluationTest {
  static final String DIR = "/reference/box3d-small/";

  @ParameterizedTest
  @ValueSource(strings = {"bev", "3d"})
  @SuppressWarnings("unchecked")
  void box3dSmall(String type) throws Exception {
    IouType t = IouType.parse(type);
    CocoGroundTruth gt;
    List<Detection> dts;
    try (InputStream in = getClass().getResourceAsStream(DIR + "gt.json")) {
      gt = CocoFiles.readGroundTruth(in, "gt.json", t);
    }
    try (InputStream in = getClass().getResourceAsStream(DIR + "results.json")) {
      dts = CocoFiles.readResults(in, "results.json", t);
    }
    assertEquals(550, gt.annotations().size());
    assertEquals(853, dts.size());
    CocoParams params = CocoParams.defaults(t);
    assertEquals(2, params.numIouThresholds());
    assertEquals(0.25, params.iouThreshold(0));
    assertEquals(1, params.numAreaRanges());
    assertEquals(100, params.maxDetsLast());
    CocoEvaluation e = CocoEvaluator.evaluate(gt, dts, params);
    Box3dSummary s = Box3dSummary.of(e.accumulation());
    Map<String, Object> exp = (Map<String, Object>) RefJson.resource(DIR + "expected.json").get(type);
    for (int i = 0; i < Box3dSummary.NAMES.length; i++) {
      assertEquals((Double) exp.get(Box3dSummary.NAMES[i]), s.stat(i), 1e-12, type + " " + Box3dSummary.NAMES[i]);
    }
    List<Object> perClass = (List<Object>) exp.get("per_class");
    assertEquals(10, e.categoryIds().length);
    for (int k = 0; k < 10; k++) {
      Map<String, Object> c = (Map<String, Object>) perClass.get(k);
      assertEquals((long) (double) (Double) c.get("category_id"), e.categoryIds()[k]);
      double[] got = s.categoryStats(k);
      assertEquals((Double) c.get("ap"), got[0], 1e-12, type + " class " + k + " ap");
      assertEquals((Double) c.get("ap25"), got[1], 1e-12, type + " class " + k + " ap25");
      assertEquals((Double) c.get("ap50"), got[2], 1e-12, type + " class " + k + " ap50");
      assertEquals((Double) c.get("ar100"), got[3], 1e-12, type + " class " + k + " ar100");
    }
  }

  private static InputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void badBox3dIsOneLineNamingRecordAndField() {
    String[][] cases = {
        {"[{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"box3d\":[0,0,0,1,1,1]}]", "box3d must have 7 numbers"},
        {"[{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"box3d\":[0,0,0,1,NaN,1,0]}]", "w = NaN"},
        {"[{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"box3d\":[0,0,0,1,1,-2,0]}]", "h is negative"},
        {"[{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"bbox\":[0,0,1,1]}]", "has a 2D bbox"}};
    for (String[] c : cases) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> CocoFiles.readResults(json(c[0]), "r.json", IouType.BOX3D));
      assertEquals("box3d", e.field());
      assertEquals("record 0", e.record());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertTrue(e.getMessage().startsWith("r.json: record 0: "), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"));
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CocoFiles.readResults(
        json("[{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"box3d\":[0,0,0,1,1,1,0]}]"), "r.json", IouType.BBOX));
    assertEquals("bbox", e.field());
    assertTrue(e.getMessage().contains("--iou-type bev or 3d"), e.getMessage());
  }

  @Test
  void groundTruthInBox3dMode() {
    String gt = "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"car\"}],\"annotations\":["
        + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"box3d\":[0,0,0,4,2,1.5,0.3]}]}";
    CocoGroundTruth g = CocoFiles.readGroundTruth(json(gt), "gt.json", IouType.BEV);
    assertEquals(8.0, g.annotations().get(0).area());
    assertNull(g.annotations().get(0).bbox());
    String crowd = gt.replace("0.3]}", "0.3],\"iscrowd\":1}");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> CocoFiles.readGroundTruth(json(crowd), "gt.json", IouType.BEV));
    assertEquals("iscrowd", e.field());
    InvalidInputException missing = assertThrows(InvalidInputException.class,
        () -> CocoFiles.readGroundTruth(json(gt), "gt.json", IouType.BBOX));
    assertEquals("bbox", missing.field());
  }
}
