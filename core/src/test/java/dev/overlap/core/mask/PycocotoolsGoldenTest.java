package dev.overlap.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact agreement with pycocotools' mask kernels on recorded outputs of compiled {@code maskApi.c}
 * (provenance in the fixtures' README.md): polygon rasterisation, string decoding, area, bbox, IoU.
 */
class PycocotoolsGoldenTest {

  /** Every non-crowd ground truth of coco-small rasterises to pycocotools' exact counts string. */
  @Test
  void cocoSmallPolygonsMatchAnnToRle() {
    List<String> lines = MaskFixtures.resourceLines("coco-small-polygons.tsv");
    assertEquals(1427, lines.size());
    double[] relative = new double[lines.size()];
    double worstLarge = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] t = lines.get(i).split("\t");
      int h = Integer.parseInt(t[1]);
      int w = Integer.parseInt(t[2]);
      double area = Double.parseDouble(t[3]);
      double[][] parts = MaskFixtures.parseParts(t[5]);
      Rle r = Polygons.toRle(parts, h, w);
      assertEquals(t[4], r.toCompressed(), "annotation " + t[0]);
      relative[i] = Math.abs(r.area() - area) / area;
      // Two-part objects here have overlapping parts, whose union is smaller than the summed area.
      if (area >= 1000 && parts.length == 1) {
        worstLarge = Math.max(worstLarge, relative[i]);
      }
    }
    // The COCO area field is the polygon's area; the rasterisation is close but not area-exact.
    Arrays.sort(relative);
    assertTrue(relative[relative.length / 2] < 0.01, "median relative error " + relative[relative.length / 2]);
    assertTrue(relative[relative.length * 9 / 10] < 0.1, "90th percentile " + relative[relative.length * 9 / 10]);
    assertTrue(worstLarge < 0.05, "worst relative error, one part, area >= 1000: " + worstLarge);
  }

  /** Seeded random polygon sets (outside the image, negative, repeated points, 1-3 overlapping parts). */
  @Test
  void randomPolygonsMatchAnnToRle() {
    List<String> lines = MaskFixtures.resourceLines("random-polygons.tsv");
    assertEquals(400, lines.size());
    for (String line : lines) {
      String[] t = line.split("\t");
      Rle r = Polygons.toRle(MaskFixtures.parseParts(t[4]), Integer.parseInt(t[1]), Integer.parseInt(t[2]));
      assertEquals(t[3], r.toCompressed(), "case " + t[0]);
    }
  }

  /** Real detection strings: decode, re-encode to the same string, rleArea and rleToBbox. */
  @Test
  void cocoSmallDetectionMasksMatchAreaAndBbox() {
    List<String> lines = MaskFixtures.resourceLines("coco-small-detection-masks.tsv");
    assertEquals(395, lines.size());
    for (String line : lines) {
      String[] t = line.split("\t");
      int h = Integer.parseInt(t[1]);
      int w = Integer.parseInt(t[2]);
      Rle r = Rle.fromCompressed(h, w, t[8]);
      assertEquals(t[8], r.toCompressed(), "detection " + t[0]);
      assertEquals(Long.parseLong(t[3]), r.area(), "detection " + t[0]);
      double[] box = new double[4];
      Masks.toBbox(r, box, 0);
      double[] expected = {Double.parseDouble(t[4]), Double.parseDouble(t[5]), Double.parseDouble(t[6]),
          Double.parseDouble(t[7])};
      assertArrayEquals(expected, box, 0.0, "detection " + t[0]);
    }
  }

  /** Per image, every detection against every ground truth (crowds included): rleIou's doubles. */
  @Test
  void cocoSmallSegmIouMatchesRleIou() {
    List<String> lines = MaskFixtures.resourceLines("coco-small-segm-iou.tsv");
    int images = 0;
    int positive = 0;
    int h = 0;
    int w = 0;
    List<Rle> gt = new ArrayList<>();
    List<Boolean> crowd = new ArrayList<>();
    List<Rle> dt = new ArrayList<>();
    for (String line : lines) {
      String[] t = line.split("\t");
      switch (t[0]) {
        case "img":
          h = Integer.parseInt(t[2]);
          w = Integer.parseInt(t[3]);
          gt.clear();
          crowd.clear();
          dt.clear();
          break;
        case "gt":
          gt.add(Rle.fromCompressed(h, w, t[3]));
          crowd.add(t[2].equals("1"));
          break;
        case "dt":
          dt.add(Rle.fromCompressed(h, w, t[2]));
          break;
        case "iou":
          int m = Integer.parseInt(t[1]);
          int n = Integer.parseInt(t[2]);
          assertEquals(dt.size(), m);
          assertEquals(gt.size(), n);
          boolean[] isCrowd = new boolean[n];
          for (int g = 0; g < n; g++) {
            isCrowd[g] = crowd.get(g);
          }
          double[] out = new double[m * n];
          Masks.iou(dt.toArray(new Rle[0]), m, gt.toArray(new Rle[0]), n, isCrowd, out);
          String[] values = t[3].split(" ");
          assertEquals(m * n, values.length);
          for (int i = 0; i < out.length; i++) {
            double expected = Double.parseDouble(values[i]);
            assertEquals(expected, out[i], 0.0, "image line " + images + " pair " + i);
            if (expected > 0) {
              positive++;
            }
          }
          images++;
          break;
        default:
          throw new IllegalStateException("unexpected line " + t[0]);
      }
    }
    assertEquals(11, images);
    assertEquals(505, positive);
  }
}
