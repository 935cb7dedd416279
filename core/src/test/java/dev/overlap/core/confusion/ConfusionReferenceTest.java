package dev.overlap.core.confusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.testing.TestJson;
import dev.overlap.core.io.CocoFiles;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The confusion matrix against the reference matrices (VOC-CONFUSION-SEMANTICS.md Part B, computed by
 * the reference tool and checked against faster_coco_eval 1.7.1): confusion-edge at two settings,
 * coco-small bbox at two settings and segm; cell by cell and the totals. Images are also split in two
 * halves whose merged counts must equal the one-pass counts.
 */
class ConfusionReferenceTest {

  static Stream<Arguments> settings() {
    return Stream.of(
        Arguments.of("/reference/confusion-edge/", "expected-confusion.json", "bbox", 0),
        Arguments.of("/reference/confusion-edge/", "expected-confusion.json", "bbox", 1),
        Arguments.of("/reference/coco-small/", "expected-confusion.json", "bbox", 0),
        Arguments.of("/reference/coco-small/", "expected-confusion.json", "bbox", 1),
        Arguments.of("/reference/coco-small/", "expected-confusion.json", "segm", 0));
  }

  static CocoGroundTruth gt(String dir, boolean segm) throws Exception {
    try (InputStream in = ConfusionReferenceTest.class.getResourceAsStream(dir + "instances_gt.json")) {
      return CocoFiles.readGroundTruth(in, "instances_gt.json", segm);
    }
  }

  static List<Detection> dets(String dir, boolean segm) throws Exception {
    try (InputStream in = ConfusionReferenceTest.class.getResourceAsStream(dir + "detections.json")) {
      return CocoFiles.readResults(in, "detections.json", segm);
    }
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0} {2} #{3}")
  @MethodSource("settings")
  void matrixEqualsReference(String dir, String file, String type, int setting) throws Exception {
    Map<String, Object> root = (Map<String, Object>) TestJson.resource(dir + file);
    Map<String, Object> exp = ((List<Map<String, Object>>) root.get(type)).get(setting);
    double iou = (Double) exp.get("iou");
    double score = (Double) exp.get("score");
    boolean segm = type.equals("segm");
    CocoGroundTruth g = gt(dir, segm);
    List<Detection> d = dets(dir, segm);
    long[] ids = new long[g.categories().size()];
    for (int i = 0; i < ids.length; i++) ids[i] = g.categories().get(i).id();
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    int k = sorted.length;

    ConfusionCounts all = new ConfusionCounts(k);
    ErrorCounts errAll = new ErrorCounts(k);
    ConfusionCounts half1 = new ConfusionCounts(k);
    ConfusionCounts half2 = new ConfusionCounts(k);
    ErrorCounts err1 = new ErrorCounts(k);
    ErrorCounts err2 = new ErrorCounts(k);
    ImageConfusion one = new ImageConfusion(sorted, iou, score, segm);
    ImageConfusion other = new ImageConfusion(sorted, iou, score, segm);
    Map<Long, List<GtAnnotation>> gtBy = new HashMap<>();
    for (GtAnnotation a : g.annotations()) gtBy.computeIfAbsent(a.imageId(), x -> new ArrayList<>()).add(a);
    Map<Long, List<Detection>> dtBy = new HashMap<>();
    for (Detection x : d) dtBy.computeIfAbsent(x.imageId(), y -> new ArrayList<>()).add(x);
    int n = 0;
    for (Image im : g.images()) {
      List<GtAnnotation> ga = gtBy.getOrDefault(im.id(), List.of());
      List<Detection> da = new ArrayList<>(dtBy.getOrDefault(im.id(), List.of()));
      one.add(im, ga, da, all, errAll);
      java.util.Collections.reverse(da); // input order must not matter: seq fixes it
      other.add(im, ga, da, n++ % 2 == 0 ? half1 : half2, n % 2 == 0 ? err1 : err2);
    }
    half1.merge(half2);
    err1.merge(err2);
    assertEquals(all, half1);
    assertEquals(errAll, err1);

    List<Object> cats = (List<Object>) exp.get("categories");
    List<Object> rows = (List<Object>) exp.get("matrix");
    long matched = 0, same = 0, missed = 0, background = 0, onCrowd = 0;
    for (int r = 0; r < cats.size(); r++) {
      int gr = Arrays.binarySearch(sorted, ((Double) cats.get(r)).longValue());
      List<Object> row = (List<Object>) rows.get(r);
      long[] want = new long[k + 2];
      long[] got = new long[k + 2];
      for (int c = 0; c < k + 2; c++) want[c] = ((Double) row.get(c)).longValue();
      for (int c = 0; c < k; c++) {
        int pc = Arrays.binarySearch(sorted, ((Double) cats.get(c)).longValue());
        got[c] = all.cell(gr, pc);
        matched += got[c];
        if (pc == gr) same += got[c];
      }
      got[k] = all.missed(gr);
      got[k + 1] = all.background(gr);
      missed += got[k];
      background += got[k + 1];
      onCrowd += all.onCrowd(gr);
      assertArrayEquals(want, got, "row of category " + cats.get(r));
    }
    Map<String, Object> totals = (Map<String, Object>) exp.get("totals");
    assertEquals(((Double) totals.get("matched")).longValue(), matched);
    assertEquals(((Double) totals.get("matched_same_class")).longValue(), same);
    assertEquals(((Double) totals.get("missed")).longValue(), missed);
    assertEquals(((Double) totals.get("background")).longValue(), background);
    assertEquals(((Double) totals.get("detections_on_crowd_not_counted")).longValue(), onCrowd);

    // the error breakdown reconciles with what was read: kept detections and non-crowd GTs per class
    long[] keptPerClass = new long[k];
    for (Detection x : d) if (x.score() >= score) keptPerClass[Arrays.binarySearch(sorted, x.categoryId())]++;
    long[] gtPerClass = new long[k];
    for (GtAnnotation a : g.annotations()) if (!a.iscrowd()) gtPerClass[Arrays.binarySearch(sorted, a.categoryId())]++;
    for (int c = 0; c < k; c++) {
      assertEquals(keptPerClass[c], errAll.get(c, ErrorCounts.TP) + errAll.falsePositives(c)
          + errAll.get(c, ErrorCounts.ON_CROWD), "detections of class index " + c);
      assertEquals(gtPerClass[c], errAll.get(c, ErrorCounts.TP) + errAll.falseNegatives(c), "GTs of class index " + c);
      long colSum = all.background(c) + all.onCrowd(c);
      for (int r = 0; r < k; r++) colSum += all.cell(r, c);
      assertEquals(keptPerClass[c], colSum, "column check sum of class index " + c);
    }
  }
}
