package dev.overlap.core.panoptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.io.PanopticJsonReader;
import dev.overlap.core.io.PanopticJsonReader.Annotation;
import dev.overlap.core.io.PanopticJsonReader.Category;
import dev.overlap.core.io.PanopticJsonReader.Document;
import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonToken;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * panoptic-small end to end inside core: read both JSON files, decode the 40 PNG pairs, count
 * segment pairs, match, accumulate and score; compare with panopticapi's pq_compute
 * ({@code reference/panoptic-small/expected.json}) within 1e-12, tp/fp/fn exactly.
 */
class PanopticSmallReferenceTest {
  static final String DIR = "/reference/panoptic-small/";
  private static final double TOLERANCE = 1e-12;

  private static Map<String, Double> summary;
  private static Map<Integer, Map<String, Object>> expectedPerClass;
  private static List<Category> categories;
  private static PqStats forward;
  private static PqStats backward;
  private static PqResult result;

  @BeforeAll
  static void evaluate() {
    readExpected();
    Document gt = PanopticJsonReader.read(stream(DIR + "panoptic_gt.json"), "panoptic_gt.json", true);
    Document pred = PanopticJsonReader.read(stream(DIR + "panoptic_pred.json"), "panoptic_pred.json", false);
    categories = gt.categories();
    Map<Integer, Integer> dense = new HashMap<>();
    boolean[] isThing = new boolean[categories.size()];
    for (int c = 0; c < categories.size(); c++) {
      dense.put(categories.get(c).id(), c);
      isThing[c] = categories.get(c).isThing();
    }
    Map<String, Annotation> predByImage = new HashMap<>();
    for (Annotation a : pred.annotations()) predByImage.put(a.imageId(), a);
    List<PqStats> perImage = new ArrayList<>();
    LabelImage gtIds = new LabelImage();
    LabelImage predIds = new LabelImage();
    SegmentPairTable pairs = new SegmentPairTable();
    PanopticMatcher matcher = new PanopticMatcher(categories.size());
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      for (Annotation g : gt.annotations()) {
        Annotation p = predByImage.get(g.imageId());
        byte[] gtPng = bytes(DIR + "gt/" + g.fileName());
        byte[] predPng = bytes(DIR + "pred/" + p.fileName());
        decoder.decodeSegmentIds(gtPng, 0, gtPng.length, g.fileName(), gtIds);
        decoder.decodeSegmentIds(predPng, 0, predPng.length, p.fileName(), predIds);
        assertEquals(gtIds.width(), predIds.width());
        assertEquals(gtIds.height(), predIds.height());
        pairs.clear();
        pairs.count(gtIds.ints(), 0, predIds.ints(), 0, gtIds.pixelCount());
        Segments gs = Segments.of(g.ids(), map(g.categoryIds(), dense), g.crowd(), g.areas(), "gt", g.record());
        Segments ps = Segments.of(p.ids(), map(p.categoryIds(), dense), null, null, "pred", p.record());
        PqStats image = new PqStats(categories.size());
        matcher.evaluate(pairs, gs, ps, g.fileName(), p.fileName(), image);
        perImage.add(PqStats.fromBytes(image.toBytes()));
      }
    }
    forward = new PqStats(categories.size());
    for (PqStats s : perImage) forward.merge(s);
    backward = new PqStats(categories.size());
    for (int i = perImage.size() - 1; i >= 0; i--) backward.merge(perImage.get(i));
    result = PqResult.of(forward, isThing);
  }

  static int[] map(int[] categoryIds, Map<Integer, Integer> dense) {
    int[] out = new int[categoryIds.length];
    for (int i = 0; i < out.length; i++) out[i] = dense.get(categoryIds[i]);
    return out;
  }

  @Test
  void headlineNumbersEqualPqCompute() {
    assertEquals(summary.get("PQ"), result.pq(PqResult.Group.ALL), TOLERANCE);
    assertEquals(summary.get("SQ"), result.sq(PqResult.Group.ALL), TOLERANCE);
    assertEquals(summary.get("RQ"), result.rq(PqResult.Group.ALL), TOLERANCE);
    assertEquals(summary.get("PQ_th"), result.pq(PqResult.Group.THINGS), TOLERANCE);
    assertEquals(summary.get("SQ_th"), result.sq(PqResult.Group.THINGS), TOLERANCE);
    assertEquals(summary.get("RQ_th"), result.rq(PqResult.Group.THINGS), TOLERANCE);
    assertEquals(summary.get("PQ_st"), result.pq(PqResult.Group.STUFF), TOLERANCE);
    assertEquals(summary.get("SQ_st"), result.sq(PqResult.Group.STUFF), TOLERANCE);
    assertEquals(summary.get("RQ_st"), result.rq(PqResult.Group.STUFF), TOLERANCE);
    assertEquals(17, result.counted(PqResult.Group.ALL));
  }

  @Test
  void perClassCountsAndScoresEqualPqCompute() {
    assertEquals(expectedPerClass.size(), categories.size());
    for (int c = 0; c < categories.size(); c++) {
      Map<String, Object> e = expectedPerClass.get(categories.get(c).id());
      String what = "category " + categories.get(c).id();
      assertEquals(((Number) e.get("tp")).longValue(), result.tp(c), what);
      assertEquals(((Number) e.get("fp")).longValue(), result.fp(c), what);
      assertEquals(((Number) e.get("fn")).longValue(), result.fn(c), what);
      assertEquals(((Number) e.get("iou_sum")).doubleValue(), result.iouSum(c), TOLERANCE, what);
      assertEquals(Boolean.TRUE.equals(e.get("counted")), result.counted(c), what);
      assertEquals(((Number) e.get("isthing")).intValue() == 1, result.isThing(c), what);
      if (result.counted(c)) {
        assertEquals(((Number) e.get("pq")).doubleValue(), result.pq(c), TOLERANCE, what);
        assertEquals(((Number) e.get("sq")).doubleValue(), result.sq(c), TOLERANCE, what);
        assertEquals(((Number) e.get("rq")).doubleValue(), result.rq(c), TOLERANCE, what);
      } else {
        assertTrue(Double.isNaN(result.pq(c)), what);
      }
    }
  }

  @Test
  void mergeOrderGivesIdenticalBits() {
    for (int c = 0; c < categories.size(); c++) {
      assertEquals(Double.doubleToRawLongBits(forward.iouSum(c)), Double.doubleToRawLongBits(backward.iouSum(c)));
      assertEquals(forward.tp(c), backward.tp(c));
    }
  }

  // --- reading expected.json with core's pull parser ---

  private static void readExpected() {
    summary = new LinkedHashMap<>();
    expectedPerClass = new LinkedHashMap<>();
    JsonReader r = new JsonReader(stream(DIR + "expected.json"));
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      if (key.equals("summary")) {
        r.beginObject();
        while (r.hasNext()) summary.put(r.nextName(), r.nextDouble());
        r.endObject();
      } else if (key.equals("per_class")) {
        r.beginArray();
        while (r.hasNext()) {
          Map<String, Object> o = new HashMap<>();
          r.beginObject();
          while (r.hasNext()) {
            String k = r.nextName();
            JsonToken t = r.peek();
            if (t == JsonToken.NUMBER) o.put(k, r.nextDouble());
            else if (t == JsonToken.TRUE || t == JsonToken.FALSE) o.put(k, r.nextBoolean());
            else if (t == JsonToken.STRING) o.put(k, r.nextString());
            else r.skipValue();
          }
          r.endObject();
          expectedPerClass.put(((Number) o.get("category_id")).intValue(), o);
        }
        r.endArray();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
  }

  static InputStream stream(String path) {
    InputStream in = PanopticSmallReferenceTest.class.getResourceAsStream(path);
    if (in == null) throw new IllegalStateException("test resource " + path + " not found");
    return in;
  }

  static byte[] bytes(String path) {
    try (InputStream in = stream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
