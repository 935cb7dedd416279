package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stretches of big arrays read in parallel give what one reader of the whole file gives: the same
 * records with the same indexes and seqs, and the same errors at the same records, lines and columns.
 */
class SplitReadersTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SplitReadersTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream at(byte[] file, long offset) {
    return new ByteArrayInputStream(file, (int) offset, file.length - (int) offset);
  }

  private static String show(Detection d) {
    return d.imageId() + "/" + d.categoryId() + "/" + Arrays.toString(d.bbox()) + "/" + d.score() + "/" + d.seq() + "/"
        + d.segmentation();
  }

  private static String show(CocoRecord r) {
    if (r instanceof GtAnnotation a) {
      return "ann " + a.id() + "/" + a.imageId() + "/" + a.categoryId() + "/" + Arrays.toString(a.bbox()) + "/" + a.area()
          + "/" + a.iscrowd() + "/" + a.index() + "/" + a.segmentation();
    }
    return r.toString();
  }

  /** Every result, or "error: ..." where the reader reported one, until it ends. */
  private static List<String> drain(CocoResultsReader r) {
    List<String> out = new ArrayList<>();
    while (true) {
      try {
        Detection d = r.next();
        if (d == null) return out;
        out.add(show(d));
      } catch (InvalidInputException e) {
        out.add("error: " + e.getMessage());
      }
    }
  }

  private static List<String> drain(CocoGroundTruthReader r) {
    List<String> out = new ArrayList<>();
    while (true) {
      try {
        CocoRecord c = r.next();
        if (c == null) return out;
        if (!(c instanceof Category)) out.add(show(c));
      } catch (InvalidInputException e) {
        out.add("error: " + e.getMessage());
      }
    }
  }

  private static List<String> resultsBySplits(byte[] file, long splitBytes, boolean segm) {
    List<CocoResultsReader.Split> splits =
        CocoResultsReader.splits(new ByteArrayInputStream(file), "r.json", splitBytes);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      long end = i + 1 < splits.size() ? splits.get(i + 1).offset() : Long.MAX_VALUE;
      CocoResultsReader.Split s = splits.get(i);
      out.addAll(drain(CocoResultsReader.forSplit(at(file, s.offset()), "r.json", segm, s, end)));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 97, 4096, 100_000, Long.MAX_VALUE / 4})
  void resultStretchesReadAsTheWholeArray(long splitBytes) throws IOException {
    byte[] file = resource("/reference/coco-small/detections.json");
    List<String> whole = drain(new CocoResultsReader(new ByteArrayInputStream(file), "r.json", false));
    assertEquals(9870, whole.size());
    List<String> bySplits = resultsBySplits(file, splitBytes, false);
    assertEquals(whole, bySplits);
    if (splitBytes == 1) {
      assertEquals(whole.size(), CocoResultsReader.splits(new ByteArrayInputStream(file), "r.json", 1).size());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 30, 64, 1000})
  void badResultsAreReportedAtTheSameRecordsLinesAndColumns(long splitBytes) {
    String json = "[\n{\"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 0.5},\n"
        + "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": -1},\n"
        + "{\"image_id\": 1, \"category_id\": 2, \"score\": 0.25},  {\"image_id\": 2, \"category_id\": 3,"
        + " \"bbox\": [0, 0, 1, 1], \"score\": 1, \"extra\": {\"a\": [\"]\", \"\\\"\"]}},\n"
        + "{\"image_id\": 3, \"category_id\": 2, \"bbox\": [1, 2, 3, 4.5.6], \"score\": 0.5},\n"
        + "{\"image_id\": 4, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}\n]\n";
    byte[] file = json.getBytes(StandardCharsets.UTF_8);
    List<String> whole = drain(new CocoResultsReader(new ByteArrayInputStream(file), "r.json", false));
    List<String> bySplits = resultsBySplits(file, splitBytes, false);
    assertTrue(whole.get(1).contains("r.json: record 1: field \"score\": score must be >= 0"), whole.get(1));
    assertTrue(whole.get(2).contains("record 2: field \"bbox\""), whole.get(2));
    assertTrue(whole.get(4).startsWith("error: r.json: line 5 column"), whole.get(4));
    assertEquals(whole.subList(0, 5), bySplits.subList(0, 5));
    // the whole-file reader stops at malformed JSON; a stretch after it still reads its own records
    assertEquals(5, whole.size());
    assertTrue(bySplits.size() == 5 || bySplits.get(5).startsWith("4/2/"), bySplits.toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 512, 20_000, Long.MAX_VALUE / 4})
  void groundTruthStretchesReadAsTheWholeFile(long splitBytes) throws IOException {
    byte[] file = resource("/reference/coco-small/instances_gt.json");
    List<String> whole = drain(new CocoGroundTruthReader(new ByteArrayInputStream(file), "gt.json", true));
    CocoGroundTruthReader index = CocoGroundTruthReader.indexing(new ByteArrayInputStream(file), "gt.json", splitBytes);
    List<String> cats = new ArrayList<>();
    for (CocoRecord c; (c = index.next()) != null; ) cats.add(c.toString());
    List<String> categoriesOnly = new ArrayList<>();
    CocoGroundTruthReader co = CocoGroundTruthReader.categoriesOnly(new ByteArrayInputStream(file), "gt.json");
    for (CocoRecord c; (c = co.next()) != null; ) categoriesOnly.add(c.toString());
    assertEquals(categoriesOnly, cats);
    List<CocoGroundTruthReader.Split> splits = index.splits();
    List<String> bySplits = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      CocoGroundTruthReader.Split s = splits.get(i);
      boolean sameSection = i + 1 < splits.size() && splits.get(i + 1).section().equals(s.section());
      long end = sameSection ? splits.get(i + 1).offset() : Long.MAX_VALUE;
      bySplits.addAll(drain(CocoGroundTruthReader.forSplit(at(file, s.offset()), "gt.json", s, end, true)));
    }
    assertEquals(whole, bySplits);
    // the records after the categories pass: coco-small's 200 images and 1446 annotations
    assertEquals(200 + 1446, whole.size(), "images and annotations");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 40})
  void badGroundTruthIsReportedAtTheSameRecords(long splitBytes) {
    String json = "{\"categories\": [{\"id\": 1, \"name\": \"a\"}], \"images\": [{\"id\": 1, \"width\": 4, \"height\": 4},\n"
        + "{\"id\": 2, \"width\": -4, \"height\": 4}, {\"id\": 3, \"width\": 4, \"height\": 4}],\n\"annotations\": [\n"
        + "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"area\": 1},\n"
        + "{\"id\": 2, \"image_id\": 1, \"category_id\": 1, \"area\": 1},\n"
        + "{\"id\": 3, \"image_id\": 3, \"category_id\": 1, \"bbox\": [0, 0, 2, 2], \"area\": 4, \"iscrowd\": 1}]}";
    byte[] file = json.getBytes(StandardCharsets.UTF_8);
    List<String> whole = drain(new CocoGroundTruthReader(new ByteArrayInputStream(file), "gt.json", false));
    CocoGroundTruthReader index = CocoGroundTruthReader.indexing(new ByteArrayInputStream(file), "gt.json", splitBytes);
    while (index.next() != null) {
      // categories
    }
    List<String> bySplits = new ArrayList<>();
    List<CocoGroundTruthReader.Split> splits = index.splits();
    for (int i = 0; i < splits.size(); i++) {
      CocoGroundTruthReader.Split s = splits.get(i);
      boolean sameSection = i + 1 < splits.size() && splits.get(i + 1).section().equals(s.section());
      bySplits.addAll(drain(CocoGroundTruthReader.forSplit(at(file, s.offset()), "gt.json", s,
          sameSection ? splits.get(i + 1).offset() : Long.MAX_VALUE, false)));
    }
    assertEquals(whole, bySplits);
    assertTrue(whole.toString().contains("gt.json: images[1]: field \"width\""), whole.toString());
    assertTrue(whole.toString().contains("gt.json: annotations[1]: field \"bbox\""), whole.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": 1}", "[{\"image_id\": 1}", "[1, 2] x", "[{\"a\": [}]"})
  void aFileThatIsNotOneWellFormedArrayCannotBeCut(String json) {
    assertThrows(InvalidInputException.class, () -> CocoResultsReader.splits(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "r.json", 4));
  }
}
