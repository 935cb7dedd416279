package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.json.JsonReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CocoResultsReaderTest {

  static List<Detection> readAll(InputStream in, String name, boolean readSegmentation) {
    List<Detection> out = new ArrayList<>();
    try (CocoResultsReader r = new CocoResultsReader(in, name, readSegmentation)) {
      Detection d;
      while ((d = r.next()) != null) out.add(d);
      assertNull(r.next());
    }
    return out;
  }

  static List<Detection> readString(String json, boolean readSegmentation) {
    return readAll(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "results.json", readSegmentation);
  }

  @Test
  void cocoSmallDetectionsWithMasks() {
    List<Detection> all = readAll(CocoGroundTruthReaderTest.resource("/reference/coco-small/detections.json"),
        "detections.json", true);
    assertEquals(9870, all.size());
    Detection first = all.get(0);
    assertEquals(464694, first.imageId());
    assertEquals(87, first.categoryId());
    assertArrayEquals(new double[] {212.65, 201.71, 166.33, 97.12}, first.bbox());
    assertEquals(0.010798086136806566, first.score());
    assertEquals(0, first.seq());
    Segmentation s = first.segmentation();
    assertEquals(640, s.rleHeight());
    assertEquals(427, s.rleWidth());
    assertEquals(327, s.rleCounts().length);
    assertArrayEquals(new int[] {137860, 2, 638, 2, 638, 2}, java.util.Arrays.copyOf(s.rleCounts(), 6));

    Detection last = all.get(9869);
    assertEquals(551217, last.imageId());
    assertEquals(61, last.categoryId());
    assertArrayEquals(new double[] {374.75, 228.43, 70.8, 35.54}, last.bbox());
    assertEquals(0.27, last.score());
    assertEquals(9869, last.seq());
    assertEquals(427, last.segmentation().rleHeight());
    assertEquals(640, last.segmentation().rleWidth());
    assertArrayEquals(new int[] {160368, 1, 423, 6, 419, 11}, java.util.Arrays.copyOf(last.segmentation().rleCounts(), 6));

    long foreground = 0;
    long counts = 0;
    double scoreSum = 0;
    for (int i = 0; i < all.size(); i++) {
      Detection d = all.get(i);
      assertEquals(i, d.seq());
      scoreSum += d.score();
      int[] c = d.segmentation().rleCounts();
      long sum = 0;
      for (int k = 0; k < c.length; k++) {
        sum += c[k];
        if ((k & 1) == 1) foreground += c[k];
      }
      assertEquals((long) d.segmentation().rleHeight() * d.segmentation().rleWidth(), sum);
      counts += c.length;
    }
    // Totals from a Python port of maskApi.c rleFrString over the same file.
    assertEquals(61281219, foreground);
    assertEquals(1353902, counts);
    assertEquals(2537.635226936116, scoreSum);
  }

  @Test
  void cocoSmallDetectionsForBoxesSkipMasks() {
    List<Detection> all = readAll(CocoGroundTruthReaderTest.resource("/reference/coco-small/detections.json"),
        "detections.json", false);
    assertEquals(9870, all.size());
    for (Detection d : all) {
      assertNull(d.segmentation());
      assertNotNull(d.bbox());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "01_perfect_match, false, 4",
    "05_crowd_absorbs_detections, false, 6",
    "09_max_dets, false, 106",
    "11_empty_results, false, 0",
    "16_segm_polygon_two_parts, true, 1",
    "17_segm_crowd_uncompressed_rle, true, 3",
    "20_recall_threshold_float_values, false, 9",
  })
  void edgeCaseResults(String dir, boolean segm, int count) {
    List<Detection> all = readAll(CocoGroundTruthReaderTest.resource("/reference/coco-edge/" + dir + "/pred.json"),
        "pred.json", segm);
    assertEquals(count, all.size());
    for (Detection d : all) {
      if (segm) {
        // segm results carry no bbox key.
        assertNull(d.bbox());
        assertFalse(d.segmentation().isPolygons());
      }
    }
  }

  @Test
  void edgeCaseIouTypeMatchesWhatTheReaderNeeds() {
    for (int i = 1; i <= 20; i++) {
      String prefix = String.format("/reference/coco-edge/%02d_", i);
      String dir = null;
      for (String name : List.of("perfect_match", "iou_threshold_boundaries", "area_range_boundaries",
          "area_field_not_bbox", "crowd_absorbs_detections", "ignore_flag_overwritten", "score_ties_across_images",
          "score_ties_within_image", "max_dets", "empty_images_and_categories", "empty_results",
          "crowd_vs_regular_preference", "unmatched_det_outside_area_range", "use_cats_0", "custom_iou_thrs",
          "segm_polygon_two_parts", "segm_crowd_uncompressed_rle", "gt_id_zero", "zero_width_detection",
          "recall_threshold_float_values")) {
        if (CocoResultsReaderTest.class.getResource(prefix + name + "/pred.json") != null) dir = prefix + name;
      }
      assertNotNull(dir, prefix);
      JsonReader expected = new JsonReader(CocoGroundTruthReaderTest.resource(dir + "/expected.json"));
      expected.beginObject();
      assertEquals("iou_type", expected.nextName());
      boolean segm = expected.nextString().equals("segm");
      List<Detection> all = readAll(CocoGroundTruthReaderTest.resource(dir + "/pred.json"), "pred.json", segm);
      for (Detection d : all) assertEquals(segm, d.segmentation() != null, dir);
    }
  }

  @Test
  void decodedEdgeCaseMaskHasTheDocumentedArea() {
    Detection d = readAll(CocoGroundTruthReaderTest.resource("/reference/coco-edge/16_segm_polygon_two_parts/pred.json"),
        "pred.json", true).get(0);
    int[] c = d.segmentation().rleCounts();
    long foreground = 0;
    for (int k = 1; k < c.length; k += 2) foreground += c[k];
    assertEquals(130, foreground);
    assertEquals(0.9, d.score());
  }

  @Test
  void resultKeysPycocotoolsOverwritesAreIgnored() {
    List<Detection> all = readString("[{\"id\": 77, \"area\": -5, \"iscrowd\": 1, \"image_id\": 3, \"category_id\": 4,"
        + " \"bbox\": [1, 2, 0, 0], \"score\": 0, \"segmentation\": \"not read\"}]", false);
    assertEquals(1, all.size());
    Detection d = all.get(0);
    assertEquals(3, d.imageId());
    assertEquals(4, d.categoryId());
    assertArrayEquals(new double[] {1, 2, 0, 0}, d.bbox());
    assertEquals(0.0, d.score());
    assertNull(d.segmentation());
  }

  @Test
  void segmResultsKeepAGivenBboxAndAcceptEveryMaskForm() {
    List<Detection> all = readString("[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.5, \"bbox\": [0, 0, 2, 2],"
        + " \"segmentation\": {\"size\": [2, 3], \"counts\": [1, 4, 1]}},"
        + " {\"image_id\": 1, \"category_id\": 1, \"score\": 0.5, \"segmentation\": [[0, 0, 2, 0, 2, 2]]},"
        + " {\"image_id\": 1, \"category_id\": 1, \"score\": 0.5, \"segmentation\": {\"counts\": \"14\", \"size\": [1, 5]}}]",
        true);
    assertEquals(3, all.size());
    assertArrayEquals(new double[] {0, 0, 2, 2}, all.get(0).bbox());
    assertEquals(Segmentation.ofRle(2, 3, new int[] {1, 4, 1}), all.get(0).segmentation());
    assertNull(all.get(1).bbox());
    assertTrue(all.get(1).segmentation().isPolygons());
    assertEquals(Segmentation.ofRle(1, 5, new int[] {1, 4}), all.get(2).segmentation());
    assertEquals(2, all.get(2).seq());
  }

  @Test
  void emptyArrayHasNoResults() {
    assertEquals(List.of(), readString("[]", false));
    assertEquals(List.of(), readString(" \n[ \n ]\n", true));
  }

  @Test
  void aRejectedRecordIsSkippedAndReadingGoesOn() {
    String json = "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.1},"
        + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": NaN, \"x\": [{\"y\": 1}]},"
        + " \"stray\","
        + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.3}]";
    CocoResultsReader r = new CocoResultsReader(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "results.json", false);
    assertEquals(0, r.next().seq());
    InvalidInputException e = assertThrows(InvalidInputException.class, r::next);
    assertEquals("results.json: record 1: field \"score\": NaN is not a valid score", e.getMessage());
    e = assertThrows(InvalidInputException.class, r::next);
    assertEquals("results.json: record 2: expected a result object, found a string", e.getMessage());
    Detection d = r.next();
    assertEquals(3, d.seq());
    assertEquals(0.3, d.score());
    assertNull(r.next());
  }

  private static final String OK = "\"image_id\": 1, \"category_id\": 2";

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": NaN}]` | false"
        + " | `results.json: record 0: field \"score\": NaN is not a valid score`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": Infinity}]` | false"
        + " | `results.json: record 0: field \"score\": Infinity is not a valid score`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": -0.5}]` | false"
        + " | `results.json: record 0: field \"score\": score must be >= 0, got -0.5`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": \"0.5\"}]` | false"
        + " | `results.json: record 0: field \"score\": expected a number, found a string`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4]}]` | false"
        + " | `results.json: record 0: field \"score\": missing required field`",
    "`[{" + OK + ", \"bbox\": [1, 2, -3, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"bbox\": bbox width is negative (-3.0)`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, -4.5], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"bbox\": bbox height is negative (-4.5)`",
    "`[{" + OK + ", \"bbox\": [1, 2, NaN, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"bbox\": NaN is not a valid bbox value`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"bbox\": bbox must have 4 numbers, found 3`",
    "`[{" + OK + ", \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"bbox\": missing required field`",
    "`[{" + OK + ", \"score\": 1}]` | true"
        + " | `results.json: record 0: field \"segmentation\": missing required field`",
    "`[{" + OK + ", \"score\": 1, \"segmentation\": [[0, 0, 1, 1]]}]` | false"
        + " | `results.json: record 0: field \"segmentation\": polygon has 2 points, needs at least 3`",
    "`[{" + OK + ", \"score\": 1, \"segmentation\": {\"size\": [4, 4], \"counts\": \"14\"}}]` | true"
        + " | `results.json: record 0: field \"segmentation\": RLE counts sum to 5, expected h*w = 16`",
    "`[{" + OK + ", \"score\": 1, \"segmentation\": [[0, 0, 1, 1]]}]` | true"
        + " | `results.json: record 0: field \"segmentation\": polygon has 2 points, needs at least 3`",
    "`[{\"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"image_id\": missing required field`",
    "`[{\"image_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"category_id\": missing required field`",
    "`[{\"image_id\": 1, \"category_id\": 2.5, \"bbox\": [1, 2, 3, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"category_id\": expected an integer, found 2.5`",
    "`[{\"image_id\": \"a.jpg\", \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 1}]` | false"
        + " | `results.json: record 0: field \"image_id\": image id \"a.jpg\" is a string, but the ground truth's image ids are numbers`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1}, 5]` | false"
        + " | `results.json: record 1: expected a result object, found a number`",
    "`{\"annotations\": []}` | false | `results.json: expected a JSON array of results, found an object`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"sc` | false"
        + " | `results.json: line 1 column 61: unexpected end of input (truncated file?)`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1}` | false"
        + " | `results.json: line 1 column 69: unexpected end of input (truncated file?)`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1}\n,\n{" + OK + " \"score\": 1}]` | false"
        + " | `results.json: line 3 column 34: expected ',' or '}' but found '\"'`",
    "`<html>` | false | `results.json: line 1 column 1: expected a value but found '<'`",
  })
  void badResults(String json, boolean readSegmentation, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> readString(json, readSegmentation));
    assertEquals(message, e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // JSON Lines

  @Test
  void jsonLinesFromSlicesOfOneBuffer() {
    String text = "\uFEFF{\"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}\r\n"
        + "\n"
        + "  {\"image_id\": 7, \"category_id\": 8, \"bbox\": [0, 0, 1e1, 2.5e0], \"score\": 1}  \n";
    byte[] buf = text.getBytes(StandardCharsets.UTF_8);
    List<Detection> out = new ArrayList<>();
    long lineNumber = 0;
    int start = 0;
    for (int i = 0; i <= buf.length; i++) {
      if (i == buf.length || buf[i] == '\n') {
        lineNumber++;
        boolean blank = true;
        for (int k = start; k < i; k++) if (buf[k] != ' ' && buf[k] != '\r' && buf[k] != '\t') blank = false;
        if (!blank) out.add(CocoResultsReader.parseLine(buf, start, i - start, "r.jsonl", lineNumber, out.size(), false));
        start = i + 1;
      }
    }
    assertEquals(2, out.size());
    assertEquals(new Detection(1, 2, out.get(0).bbox(), 0.5, null, 0), out.get(0));
    assertArrayEquals(new double[] {1, 2, 3, 4}, out.get(0).bbox());
    assertEquals(7, out.get(1).imageId());
    assertArrayEquals(new double[] {0, 0, 10, 2.5}, out.get(1).bbox());
    assertEquals(1, out.get(1).seq());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": -1}` | `r.jsonl: line 12: field \"score\": score must be >= 0, got -1.0`",
    "`{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1} {` | `r.jsonl: line 12 column 69: expected end of input but found '{'`",
    "`{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1},` | `r.jsonl: line 12 column 68: expected end of input but found ','`",
    "`{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\"` | `r.jsonl: line 12 column 64: unexpected end of input (truncated file?)`",
    "`[{" + OK + ", \"bbox\": [1, 2, 3, 4], \"score\": 1}]` | `r.jsonl: line 12: expected a result object, found an array`",
  })
  void badJsonLines(String line, String message) {
    byte[] padded = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> CocoResultsReader.parseLine(padded, 2, padded.length - 4, "r.jsonl", 12, 11, false));
    assertEquals(message, e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Sniffing

  @ParameterizedTest
  @ValueSource(strings = {"[]", "  \n\t[{\"a\": 1}]", "\uFEFF[", "\r\n["})
  void arraysAreRecognised(String head) {
    byte[] b = head.getBytes(StandardCharsets.UTF_8);
    assertTrue(CocoResultsReader.looksLikeJsonArray(b, 0, b.length));
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(b));
    assertTrue(CocoResultsReader.looksLikeJsonArray(in));
    assertEquals(readAllBytes(in).length, b.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{\"image_id\": 1}\n[", "\uFEFF{", "x["})
  void everythingElseIsJsonLines(String head) {
    byte[] b = head.getBytes(StandardCharsets.UTF_8);
    assertFalse(CocoResultsReader.looksLikeJsonArray(b, 0, b.length));
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(b));
    assertFalse(CocoResultsReader.looksLikeJsonArray(in));
    assertEquals(readAllBytes(in).length, b.length);
  }

  @Test
  void sniffingNeedsMarkSupport() {
    InputStream plain = new InputStream() {
      @Override
      public int read() {
        return -1;
      }
    };
    assertThrows(IllegalArgumentException.class, () -> CocoResultsReader.looksLikeJsonArray(plain));
  }

  private static byte[] readAllBytes(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @org.junit.jupiter.api.Test
  void acceptsWhatLoadResAccepts() {
    String mask = "\"segmentation\": {\"size\": [4, 4], \"counts\": [2, 3, 11]}";
    // bbox evaluation: a mask alone is kept (its box is derived at evaluation); a box, before or after a mask, wins
    Detection maskOnly = one("[{" + OK + ", \"score\": 1, " + mask + "}]", false);
    org.junit.jupiter.api.Assertions.assertNull(maskOnly.bbox());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 3, 11}, maskOnly.segmentation().rleCounts());
    for (String order : new String[] {"\"bbox\": [1, 2, 3, 4], " + mask, mask + ", \"bbox\": [1, 2, 3, 4]"}) {
      Detection d = one("[{" + OK + ", \"score\": 1, " + order + "}]", false);
      org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3, 4}, d.bbox());
      org.junit.jupiter.api.Assertions.assertNull(d.segmentation(), order);
    }
    // segm evaluation: a box alone is kept without a mask (the evaluator draws its rectangle)
    Detection boxOnly = one("[{" + OK + ", \"score\": 1, \"bbox\": [1, 2, 3, 4]}]", true);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3, 4}, boxOnly.bbox());
    org.junit.jupiter.api.Assertions.assertNull(boxOnly.segmentation());
  }

  private static Detection one(String json, boolean segm) {
    java.util.List<Detection> l = CocoFiles.readResults(
        new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "results.json", segm);
    assertEquals(1, l.size());
    return l.get(0);
  }
}
