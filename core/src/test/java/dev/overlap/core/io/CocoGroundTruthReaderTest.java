package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.Segmentation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CocoGroundTruthReaderTest {

  static InputStream resource(String path) {
    InputStream in = CocoGroundTruthReaderTest.class.getResourceAsStream(path);
    assertNotNull(in, path);
    return in;
  }

  static List<CocoRecord> readAll(InputStream in, String name, boolean readSegmentation) {
    List<CocoRecord> out = new ArrayList<>();
    try (CocoGroundTruthReader r = new CocoGroundTruthReader(in, name, readSegmentation)) {
      CocoRecord rec;
      while ((rec = r.next()) != null) out.add(rec);
      assertNull(r.next());
    }
    return out;
  }

  static List<CocoRecord> readString(String json, boolean readSegmentation) {
    return readAll(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", readSegmentation);
  }

  @Test
  void cocoSmallWithSegmentation() {
    List<CocoRecord> records = readAll(resource("/reference/coco-small/instances_gt.json"), "instances_gt.json", true);
    List<Image> images = new ArrayList<>();
    List<Category> categories = new ArrayList<>();
    List<GtAnnotation> annotations = new ArrayList<>();
    int section = 0;
    for (CocoRecord rec : records) {
      // File order: images, then annotations, then categories.
      if (rec instanceof Image im) {
        assertEquals(0, section);
        images.add(im);
      } else if (rec instanceof GtAnnotation a) {
        assertTrue(section <= 1);
        section = 1;
        annotations.add(a);
      } else {
        section = 2;
        categories.add((Category) rec);
      }
    }
    assertEquals(200, images.size());
    assertEquals(80, categories.size());
    assertEquals(1446, annotations.size());

    assertEquals(new Image(6778, "000000006778.jpg", 640, 427), images.get(0));
    assertEquals(599387, images.get(199).id());
    assertEquals(new Category(1, "class_01", "super_0"), categories.get(0));
    assertEquals(new Category(90, "class_90", "super_7"), categories.get(79));

    GtAnnotation first = annotations.get(0);
    assertEquals(1, first.id());
    assertEquals(6778, first.imageId());
    assertEquals(81, first.categoryId());
    assertArrayEquals(new double[] {84.13, 183.14, 15.99, 47.84}, first.bbox());
    assertEquals(422.7166, first.area());
    assertFalse(first.iscrowd());
    assertEquals(0, first.index());
    assertTrue(first.segmentation().isPolygons());
    assertEquals(1, first.segmentation().polygons().length);
    assertEquals(28, first.segmentation().polygons()[0].length);
    assertArrayEquals(new double[] {90.38, 230.98, 84.13, 217.63},
        java.util.Arrays.copyOf(first.segmentation().polygons()[0], 4));

    GtAnnotation last = annotations.get(1445);
    assertEquals(1446, last.id());
    assertEquals(599387, last.imageId());
    assertEquals(77, last.categoryId());
    assertArrayEquals(new double[] {43.45, 216.11, 68.27, 17.14}, last.bbox());
    assertEquals(856.4712, last.area());
    assertEquals(1445, last.index());
    double[] lastPart = last.segmentation().polygons()[0];
    assertEquals(26, lastPart.length);
    assertEquals(111.72, lastPart[24]);
    assertEquals(216.35, lastPart[25]);

    Map<Long, Image> imageById = new HashMap<>();
    for (Image im : images) imageById.put(im.id(), im);
    int crowd = 0;
    long crowdForeground = 0;
    int polygonParts = 0;
    long polygonCoordinates = 0;
    double areaSum = 0;
    for (GtAnnotation a : annotations) {
      areaSum += a.area();
      Segmentation s = a.segmentation();
      if (a.iscrowd()) {
        crowd++;
        assertFalse(s.isPolygons());
        Image im = imageById.get(a.imageId());
        assertEquals(im.height(), s.rleHeight());
        assertEquals(im.width(), s.rleWidth());
        long sum = 0;
        int[] counts = s.rleCounts();
        for (int i = 0; i < counts.length; i++) {
          sum += counts[i];
          if ((i & 1) == 1) crowdForeground += counts[i];
        }
        assertEquals((long) im.height() * im.width(), sum);
      } else {
        assertTrue(s.isPolygons());
        polygonParts += s.polygons().length;
        for (double[] p : s.polygons()) polygonCoordinates += p.length;
      }
    }
    assertEquals(19, crowd);
    assertEquals(272433, crowdForeground);
    assertEquals(1521, polygonParts);
    assertEquals(32572, polygonCoordinates);
    // Summed in file order, as Python's sum() does.
    assertEquals(9564507.217400005, areaSum);
    GtAnnotation firstCrowd = annotations.stream().filter(GtAnnotation::iscrowd).findFirst().orElseThrow();
    assertEquals(181, firstCrowd.id());
    assertEquals(77807, firstCrowd.imageId());
    assertEquals(251, firstCrowd.segmentation().rleCounts().length);
    assertEquals(10267.0, firstCrowd.area());
  }

  @Test
  void cocoSmallWithoutSegmentationSkipsIt() {
    List<CocoRecord> records = readAll(resource("/reference/coco-small/instances_gt.json"), "instances_gt.json", false);
    int annotations = 0;
    int crowd = 0;
    for (CocoRecord rec : records) {
      if (rec instanceof GtAnnotation a) {
        assertNull(a.segmentation());
        annotations++;
        if (a.iscrowd()) crowd++;
      }
    }
    assertEquals(200 + 80 + 1446, records.size());
    assertEquals(1446, annotations);
    assertEquals(19, crowd);
  }

  @ParameterizedTest
  @CsvSource({
    "01_perfect_match, 2, 2, 4, 0",
    "02_iou_threshold_boundaries, 5, 5, 5, 0",
    "03_area_range_boundaries, 2, 1, 3, 0",
    "04_area_field_not_bbox, 1, 1, 2, 0",
    "05_crowd_absorbs_detections, 2, 2, 4, 2",
    "06_ignore_flag_overwritten, 1, 1, 2, 0",
    "07_score_ties_across_images, 2, 1, 1, 0",
    "08_score_ties_within_image, 1, 3, 3, 0",
    "09_max_dets, 1, 2, 5, 0",
    "10_empty_images_and_categories, 4, 4, 3, 0",
    "11_empty_results, 2, 2, 2, 0",
    "12_crowd_vs_regular_preference, 1, 1, 2, 1",
    "13_unmatched_det_outside_area_range, 1, 2, 2, 0",
    "14_use_cats_0, 1, 2, 2, 0",
    "15_custom_iou_thrs, 1, 1, 2, 0",
    "16_segm_polygon_two_parts, 1, 1, 1, 0",
    "17_segm_crowd_uncompressed_rle, 1, 1, 2, 1",
    "18_gt_id_zero, 1, 2, 2, 0",
    "19_zero_width_detection, 1, 1, 2, 0",
    "20_recall_threshold_float_values, 2, 1, 10, 0",
  })
  void everyEdgeCaseGroundTruthReads(String dir, int images, int categories, int annotations, int crowd) {
    List<CocoRecord> records = readAll(resource("/reference/coco-edge/" + dir + "/gt.json"), "gt.json", true);
    int[] seen = new int[4];
    for (CocoRecord rec : records) {
      if (rec instanceof Image) seen[0]++;
      if (rec instanceof Category) seen[1]++;
      if (rec instanceof GtAnnotation a) {
        seen[2]++;
        if (a.iscrowd()) seen[3]++;
        assertNotNull(a.segmentation());
      }
    }
    assertArrayEquals(new int[] {images, categories, annotations, crowd}, seen);
  }

  @Test
  void edgeCaseDetails() {
    List<CocoRecord> zero = readAll(resource("/reference/coco-edge/18_gt_id_zero/gt.json"), "gt.json", false);
    assertEquals(0, ((GtAnnotation) zero.get(1)).id());

    List<CocoRecord> crowd = readAll(resource("/reference/coco-edge/17_segm_crowd_uncompressed_rle/gt.json"), "gt.json", true);
    GtAnnotation rle = (GtAnnotation) crowd.get(2);
    assertTrue(rle.iscrowd());
    assertEquals(40, rle.segmentation().rleHeight());
    assertEquals(60, rle.segmentation().rleWidth());
    int[] counts = rle.segmentation().rleCounts();
    assertEquals(41, counts.length);
    assertEquals(1205, counts[0]);
    assertEquals(415, counts[40]);

    List<CocoRecord> twoParts = readAll(resource("/reference/coco-edge/16_segm_polygon_two_parts/gt.json"), "gt.json", true);
    double[][] polygons = ((GtAnnotation) twoParts.get(1)).segmentation().polygons();
    assertArrayEquals(new double[] {2, 2, 12, 2, 12, 12, 2, 12}, polygons[0]);
    assertArrayEquals(new double[] {20, 2, 28, 2, 28, 12, 20, 12}, polygons[1]);
  }

  @Test
  void sectionsInAnyOrderAndOptionalFields() {
    String json = "{\"categories\": [{\"id\": 3}], \"licenses\": [{\"id\": 1, \"x\": [1, {\"y\": null}]}],"
        + " \"annotations\": [{\"id\": 9, \"image_id\": 1.0, \"category_id\": 3e0, \"bbox\": [0, 0, 0, 0],"
        + " \"area\": 0, \"iscrowd\": true, \"ignore\": 1, \"segmentation\": {\"size\": [0, 5], \"counts\": \"\"}},"
        + " {\"id\": 10, \"image_id\": 1, \"category_id\": 3, \"bbox\": [1, 2, 3, 4], \"area\": 12.5, \"iscrowd\": 2,"
        + " \"segmentation\": [[0, 0, 1, 0, 1, 1]]}],"
        + " \"images\": [{\"id\": 1, \"width\": 5, \"height\": 4, \"file_name\": null}], \"info\": {}}";
    List<CocoRecord> records = readString(json, true);
    assertEquals(4, records.size());
    assertEquals(new Category(3, "", null), records.get(0));
    GtAnnotation a = (GtAnnotation) records.get(1);
    assertEquals(9, a.id());
    assertEquals(1, a.imageId());
    assertEquals(3, a.categoryId());
    assertTrue(a.iscrowd());
    assertEquals(Segmentation.ofRle(0, 5, new int[0]), a.segmentation());
    GtAnnotation b = (GtAnnotation) records.get(2);
    assertTrue(b.iscrowd());
    assertEquals(1, b.index());
    assertEquals(12.5, b.area());
    assertEquals(new Image(1, null, 5, 4), records.get(3));
  }

  @Test
  void missingSectionsYieldNothing() {
    assertEquals(List.of(), readString("{}", true));
    assertEquals(List.of(new Image(1, "a.jpg", 1, 1)),
        readString("\uFEFF {\"images\": [{\"id\": 1, \"width\": 1, \"height\": 1, \"file_name\": \"a.jpg\"}]}", true));
  }

  @Test
  void aRejectedRecordIsSkippedAndReadingGoesOn() {
    String json = "{\"images\": [{\"id\": 1, \"width\": 1, \"height\": 1},"
        + " {\"id\": 2, \"width\": [\"x\", {\"a\": [1]}], \"height\": 1, \"more\": {\"b\": 2}},"
        + " 7,"
        + " {\"id\": 3, \"width\": 1}, {\"id\": 4, \"width\": 1, \"height\": 1}]}";
    CocoGroundTruthReader r = new CocoGroundTruthReader(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", false);
    assertEquals(1, ((Image) r.next()).id());
    InvalidInputException e = assertThrows(InvalidInputException.class, r::next);
    assertEquals("gt.json: images[1]: field \"width\": expected an integer, found an array", e.getMessage());
    e = assertThrows(InvalidInputException.class, r::next);
    assertEquals("gt.json: images[2]: expected an object, found a number", e.getMessage());
    e = assertThrows(InvalidInputException.class, r::next);
    assertEquals("gt.json: images[3]: field \"height\": missing required field", e.getMessage());
    assertEquals("images[3]", e.record());
    assertEquals("height", e.field());
    assertEquals(4, ((Image) r.next()).id());
    assertNull(r.next());
  }

  private static final String IMAGE = "{\"id\": 1, \"width\": 10, \"height\": 8}";
  private static final String ANN = "{\"id\": 5, \"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"area\": 12, ";

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`{\"images\": [{\"id\": 1, \"width\": 2`"
        + "| true | `gt.json: line 1 column 33: unexpected end of input (truncated file?)`",
    "`hello` | true | `gt.json: line 1 column 1: expected a value but found 'h'`",
    "`` | true | `gt.json: line 1 column 1: no JSON value in the input (empty file?)`",
    "`{\"images\": []} x` | true | `gt.json: line 1 column 16: expected end of input but found 'x'`",
    "`{\"images\": [],\n \"annotations\": [}` | true | `gt.json: line 2 column 18: expected a value or ']' but found '}'`",
    "`[]` | true | `gt.json: expected a COCO object with \"images\", \"annotations\" and \"categories\", found an array`",
    "`{\"images\": {}}` | true | `gt.json: field \"images\": expected an array, found an object`",
    "`{\"images\": [], \"images\": []}` | true | `gt.json: field \"images\": appears twice in the top-level object`",
    "`{\"images\": [{\"width\": 2, \"height\": 3}]}` | true | `gt.json: images[0]: field \"id\": missing required field`",
    "`{\"images\": [{\"id\": 1, \"width\": 0, \"height\": 3}]}` | true"
        + " | `gt.json: images[0]: field \"width\": must be a positive integer below 2^31, got 0`",
    "`{\"images\": [{\"id\": \"7\", \"width\": 1, \"height\": 3}]}` | true"
        + " | `gt.json: images[0]: field \"id\": image id \"7\" is a string, but the ground truth's image ids are numbers`",
    "`{\"images\": [{\"id\": 1.5, \"width\": 1, \"height\": 3}]}` | true"
        + " | `gt.json: images[0]: field \"id\": expected an integer, found 1.5`",
    "`{\"images\": [{\"id\": 1, \"width\": 1, \"height\": 3, \"file_name\": 5}]}` | true"
        + " | `gt.json: images[0]: field \"file_name\": expected a string, found a number`",
    "`{\"categories\": [{\"name\": \"a\"}]}` | true | `gt.json: categories[0]: field \"id\": missing required field`",
    "`{\"categories\": [{\"id\": 1}, {\"id\": 2, \"name\": 3}]}` | true"
        + " | `gt.json: categories[1]: field \"name\": expected a string, found a number`",
  })
  void badFiles(String json, boolean readSegmentation, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> readString(json, readSegmentation));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`\"segmentation\": [[0, 0, 1, 1]]}` | true | `field \"segmentation\": polygon has 2 points, needs at least 3`",
    "`\"segmentation\": []}` | true | `field \"segmentation\": polygon list is empty`",
    "`\"segmentation\": [[0, 0, 1, 1, 2, 2, 3]]}` | true | `field \"segmentation\": polygon has an odd number of coordinates (7)`",
    "`\"segmentation\": [0, 0, 1, 1, 2, 2]}` | true"
        + " | `field \"segmentation\": expected a polygon [x1, y1, x2, y2, ...], found a number`",
    "`\"segmentation\": [[0, 0, 1, \"1\", 2, 2]]}` | true | `field \"segmentation\": expected a number, found a string`",
    "`\"segmentation\": [[0, 0, 1, NaN, 2, 2]]}` | true | `field \"segmentation\": NaN is not a valid polygon coordinate`",
    "`\"segmentation\": \"abc\"}` | true"
        + " | `field \"segmentation\": expected a list of polygons or an RLE object, found a string`",
    "`\"segmentation\": {\"size\": [2, 3], \"counts\": [1, 2]}}` | true"
        + " | `field \"segmentation\": RLE counts sum to 3, expected h*w = 6`",
    "`\"segmentation\": {\"counts\": [1, 2]}}` | true | `field \"segmentation\": RLE has no \"size\"`",
    "`\"segmentation\": {\"size\": [2, 3]}}` | true | `field \"segmentation\": RLE has no \"counts\"`",
    "`\"segmentation\": {\"size\": [2, 3, 1], \"counts\": [6]}}` | true"
        + " | `field \"segmentation\": RLE size must be [height, width], found 3 numbers`",
    "`\"segmentation\": {\"size\": [2, -3], \"counts\": [6]}}` | true"
        + " | `field \"segmentation\": RLE size must be two integers in [0, 2^31), got [2, -3]`",
    "`\"segmentation\": {\"size\": [2, 3], \"counts\": [7, -1]}}` | true"
        + " | `field \"segmentation\": RLE count must be in [0, 2^31), got -1`",
    "`\"segmentation\": {\"size\": [2, 3], \"counts\": \"6 \"}}` | true"
        + " | `field \"segmentation\": RLE counts string has an invalid character ' ' at offset 1 (expected '0'..'o')`",
    "`\"segmentation\": {\"size\": [2, 3], \"counts\": 6}}` | true"
        + " | `field \"segmentation\": RLE counts must be a list of integers or a string, found a number`",
    "`\"iscrowd\": 0}` | true | `field \"segmentation\": missing required field`",
    "`\"iscrowd\": \"no\"}` | false | `field \"iscrowd\": expected 0, 1 or a boolean, found a string`",
    "`\"iscrowd\": NaN}` | false | `field \"iscrowd\": NaN is not a valid iscrowd`",
    "`\"area\": NaN}` | false | `field \"area\": NaN is not a valid area`",
    "`\"area\": -1}` | false | `field \"area\": area must be >= 0, got -1.0`",
    "`\"area\": \"12\"}` | false | `field \"area\": expected a number, found a string`",
    "`\"bbox\": [1, 2, 3]}` | false | `field \"bbox\": bbox must have 4 numbers, found 3`",
    "`\"bbox\": [1, 2, 3, 4, 5]}` | false | `field \"bbox\": bbox must have 4 numbers, found 5`",
    "`\"bbox\": [1, \"2\", 3, 4]}` | false | `field \"bbox\": expected a number, found a string`",
    "`\"bbox\": [1, 2, 3, -1]}` | false | `field \"bbox\": bbox height is negative (-1.0)`",
    "`\"bbox\": [1, 2, -3, 1]}` | false | `field \"bbox\": bbox width is negative (-3.0)`",
    "`\"bbox\": [1, 2, NaN, 1]}` | false | `field \"bbox\": NaN is not a valid bbox value`",
    "`\"bbox\": [Infinity, 2, 1, 1]}` | false | `field \"bbox\": Infinity is not a valid bbox value`",
    "`\"bbox\": null}` | false | `field \"bbox\": expected an array of 4 numbers, found null`",
  })
  void badAnnotations(String tail, boolean readSegmentation, String message) {
    String json = "{\"images\": [" + IMAGE + "], \"annotations\": [" + ANN + "\"iscrowd\": 0, \"segmentation\": [[0, 0, 1, 0, 1, 1]]}, "
        + ANN + tail + "]}";
    List<CocoRecord> records = new ArrayList<>();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
      try (CocoGroundTruthReader r = new CocoGroundTruthReader(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", readSegmentation)) {
        CocoRecord rec;
        while ((rec = r.next()) != null) records.add(rec);
      }
    });
    assertEquals("gt.json: annotations[1]: " + message, e.getMessage());
    assertEquals(2, records.size());
    assertInstanceOf(GtAnnotation.class, records.get(1));
  }

  @Test
  void missingRequiredAnnotationFields() {
    String[][] cases = {
      {"{\"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"area\": 1}", "id"},
      {"{\"id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"area\": 1}", "image_id"},
      {"{\"id\": 1, \"image_id\": 2, \"bbox\": [1, 2, 3, 4], \"area\": 1}", "category_id"},
      {"{\"id\": 1, \"image_id\": 1, \"category_id\": 2, \"area\": 1}", "bbox"},
      {"{\"id\": 1, \"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4]}", "area"},
    };
    for (String[] c : cases) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> readString("{\"annotations\": [" + c[0] + "]}", false));
      assertEquals("gt.json: annotations[0]: field \"" + c[1] + "\": missing required field", e.getMessage());
    }
  }

  private static boolean firstIdIsNumber(String json) {
    return CocoGroundTruthReader.firstImageIdIsNumber(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void firstImageIdKindIsReadFromTheStartOfTheFile() {
    assertTrue(firstIdIsNumber("{\"info\": {\"a\": [1, \"x\"]}, \"images\": [{\"width\": 3, \"id\": 7}, {\"id\": \"s\"}]}"));
    // images after the other sections (skipped unparsed), the id not the first field
    assertTrue(firstIdIsNumber("{\"annotations\": [{\"id\": \"a\", \"image_id\": \"b\"}], \"categories\": [],"
        + " \"images\": [{\"file_name\": \"id\", \"id\": 1e3}]}"));
    assertFalse(firstIdIsNumber("{\"images\": [{\"id\": \"7\"}, {\"id\": 8}]}"));
    // nothing to tell by: the full read decides (or reports what is wrong)
    assertFalse(firstIdIsNumber("{\"images\": []}"));
    assertFalse(firstIdIsNumber("{\"images\": [{\"width\": 3}]}"));
    assertFalse(firstIdIsNumber("{\"images\": [7]}"));
    assertFalse(firstIdIsNumber("{\"images\": {\"id\": 7}}"));
    assertFalse(firstIdIsNumber("{\"annotations\": []}"));
    assertFalse(firstIdIsNumber("[{\"id\": 7}]"));
    assertFalse(firstIdIsNumber("{\"images\": [{\"id\" 7}]}"));
    assertFalse(firstIdIsNumber(""));
  }

  @Test
  void numbersKnownFromTheFirstImageRefuseAStringIdAsAMix() {
    String json = "{\"images\": [" + IMAGE + ", {\"id\": \"b\", \"width\": 1, \"height\": 1}], \"annotations\": ["
        + "{\"id\": 5, \"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"area\": 12}], \"categories\": []}";
    try (CocoGroundTruthReader r = new CocoGroundTruthReader(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "gt.json", false).withImageIds(ImageIds.NUMBERS)) {
      Image first = assertInstanceOf(Image.class, r.next());
      assertEquals(1L, first.id());
      InvalidInputException e = assertThrows(InvalidInputException.class, r::next);
      assertEquals("gt.json: images[1]: field \"id\": image id \"b\" is a string, but the first image's id is a number:"
          + " mixes string and numeric image ids; use one kind", e.getMessage());
      GtAnnotation a = assertInstanceOf(GtAnnotation.class, r.next());
      assertEquals(1L, a.imageId());
    }
    assertFalse(ImageIds.NUMBERS.collecting());
    assertTrue(ImageIds.NUMBERS.numbers());
    assertTrue(ImageIds.COLLECT.collecting());
    assertFalse(ImageIds.of(new String[] {"a"}).numbers());
    // the constants reach executors serialized: what they are must survive without their identity
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
      o.writeObject(ImageIds.NUMBERS);
      o.writeObject(ImageIds.COLLECT);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ImageIds numbers = (ImageIds) in.readObject();
      ImageIds collect = (ImageIds) in.readObject();
      assertTrue(numbers.numbers() && !numbers.collecting());
      assertTrue(collect.collecting() && !collect.numbers());
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
