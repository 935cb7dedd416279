package dev.overlap.core.semseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.boundary.LabelMapBoundary;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * semseg-small's boundary metrics inside core against the reference
 * ({@code reference/semseg-small/expected-boundary.json}: boundary-iou-api's band rule, MONAI's
 * distances in float64): every image's per-class counts and distances, then the dataset totals.
 */
class SemsegBoundaryReferenceTest {
  private static final String DIR = "/reference/semseg-small/";
  private static final double IOU_TOL = 1e-12;
  private static final double DIST_TOL = 1e-9;

  private static Map<String, Object> expected;
  private static int numClasses;
  private static final List<BoundaryTotals> perImage = new ArrayList<>();
  private static final List<double[]> perImageValues = new ArrayList<>(); // per image: K x [I, U, hd95, hd, assd, d]

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void evaluate() {
    expected = (Map<String, Object>) dev.overlap.core.testing.TestJson.parse(new String(resource(DIR + "expected-boundary.json"), StandardCharsets.UTF_8));
    numClasses = ((Number) expected.get("num_classes")).intValue();
    int ignore = ((Number) expected.get("ignore_label")).intValue();
    double ratio = ((Number) expected.get("dilation_ratio")).doubleValue();
    LabelMapBoundary eval = new LabelMapBoundary(numClasses, ignore, ratio, 1, 1);
    LabelImage gt = new LabelImage();
    LabelImage pred = new LabelImage();
    int[] g = null;
    int[] p = null;
    try (LabelPngDecoder decoder = new LabelPngDecoder()) {
      for (Object o : (List<Object>) expected.get("per_image")) {
        String name = (String) ((Map<String, Object>) o).get("name");
        byte[] gtPng = resource(DIR + "gt/" + name);
        byte[] predPng = resource(DIR + "pred/" + name);
        decoder.decode(gtPng, 0, gtPng.length, "gt/" + name, gt);
        decoder.decode(predPng, 0, predPng.length, "pred/" + name, pred);
        g = LabelMapBoundary.labels(gt, g);
        p = LabelMapBoundary.labels(pred, p);
        eval.evaluate(g, p, gt.width(), gt.height());
        perImage.add(new BoundaryTotals(numClasses).add(eval));
        double[] v = new double[numClasses * 6];
        for (int c = 0; c < numClasses; c++) {
          v[6 * c] = eval.intersection(c);
          v[6 * c + 1] = eval.union(c);
          v[6 * c + 2] = eval.hd95(c);
          v[6 * c + 3] = eval.hd(c);
          v[6 * c + 4] = eval.assd(c);
          v[6 * c + 5] = eval.bandWidth();
        }
        perImageValues.add(v);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyImageMatches() {
    List<Object> images = (List<Object>) expected.get("per_image");
    assertEquals(30, images.size());
    int distances = 0;
    for (int i = 0; i < images.size(); i++) {
      Map<String, Object> e = (Map<String, Object>) images.get(i);
      String name = (String) e.get("name");
      double[] v = perImageValues.get(i);
      assertEquals(((Number) e.get("dilation_px")).intValue(), (int) v[5], name + " band width");
      List<Object> inter = (List<Object>) e.get("boundary_intersection");
      List<Object> union = (List<Object>) e.get("boundary_union");
      String[] keys = {"hd95", "hd", "assd"};
      for (int c = 0; c < numClasses; c++) {
        assertEquals(((Number) inter.get(c)).longValue(), (long) v[6 * c], name + " class " + c + " intersection");
        assertEquals(((Number) union.get(c)).longValue(), (long) v[6 * c + 1], name + " class " + c + " union");
        for (int k = 0; k < 3; k++) {
          Object want = ((List<Object>) e.get(keys[k])).get(c);
          double got = v[6 * c + 2 + k];
          if (want == null) {
            assertTrue(Double.isNaN(got), name + " class " + c + " " + keys[k] + " undefined, got " + got);
          } else {
            assertEquals(((Number) want).doubleValue(), got, DIST_TOL, name + " class " + c + " " + keys[k]);
            distances++;
          }
        }
      }
    }
    assertTrue(distances > 300, "distances checked: " + distances);
  }

  @Test
  @SuppressWarnings("unchecked")
  void datasetTotalsMatch() {
    BoundaryTotals t = new BoundaryTotals(numClasses);
    for (BoundaryTotals x : perImage) t.merge(x);
    Map<String, Object> pc = (Map<String, Object>) expected.get("per_class");
    for (int c = 0; c < numClasses; c++) {
      assertEquals(((Number) ((List<Object>) pc.get("boundary_intersection")).get(c)).longValue(), t.intersection(c));
      assertEquals(((Number) ((List<Object>) pc.get("boundary_union")).get(c)).longValue(), t.union(c));
      assertEquals(((Number) ((List<Object>) pc.get("distance_images")).get(c)).longValue(), t.distanceImages(c));
      check(((List<Object>) pc.get("boundary_iou")).get(c), t.boundaryIou(c), IOU_TOL, "boundary_iou " + c);
      check(((List<Object>) pc.get("hd95_mean")).get(c), t.hd95Mean(c), DIST_TOL, "hd95_mean " + c);
      check(((List<Object>) pc.get("hd_mean")).get(c), t.hdMean(c), DIST_TOL, "hd_mean " + c);
      check(((List<Object>) pc.get("assd_mean")).get(c), t.assdMean(c), DIST_TOL, "assd_mean " + c);
    }
    assertEquals(((Number) expected.get("mBoundaryIoU")).doubleValue(), t.meanBoundaryIou(), IOU_TOL);
  }

  /** Any grouping of the images into partials, merged in any order, gives the same bits. */
  @Test
  void totalsAreIdenticalForAnySplit() {
    BoundaryTotals forward = new BoundaryTotals(numClasses);
    for (BoundaryTotals x : perImage) forward.merge(x);
    BoundaryTotals a = new BoundaryTotals(numClasses);
    BoundaryTotals b = new BoundaryTotals(numClasses);
    for (int i = perImage.size() - 1; i >= 0; i--) (i % 3 == 0 ? a : b).merge(perImage.get(i));
    BoundaryTotals split = BoundaryTotals.fromLongs(b.merge(BoundaryTotals.fromLongs(a.toLongs())).toLongs());
    assertArrayEquals(forward.toLongs(), split.toLongs());
    for (int c = 0; c < numClasses; c++) {
      assertEquals(Double.doubleToRawLongBits(forward.hd95Mean(c)), Double.doubleToRawLongBits(split.hd95Mean(c)));
    }
    assertFalse(forward.equals(new BoundaryTotals(numClasses)));
  }

  private static void check(Object want, double got, double tol, String what) {
    if (want == null) assertTrue(Double.isNaN(got), what + " undefined, got " + got);
    else assertEquals(((Number) want).doubleValue(), got, tol, what);
  }

  private static byte[] resource(String path) {
    try (InputStream in = SemsegBoundaryReferenceTest.class.getResourceAsStream(path)) {
      if (in == null) throw new AssertionError("missing test resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
