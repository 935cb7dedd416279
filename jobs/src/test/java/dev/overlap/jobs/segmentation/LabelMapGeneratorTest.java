package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark generator: seeded, Cityscapes' 19 classes + 255, thin structures, files that decode to its labels. */
class LabelMapGeneratorTest {
  static final int W = 512;
  static final int H = 256;

  @TempDir Path tmp;

  @Test
  void sameSeedSameMapsDifferentImagesDiffer() {
    byte[][] a = LabelMapGenerator.pair(7, 3, W, H);
    byte[][] b = LabelMapGenerator.pair(7, 3, W, H);
    assertArrayEquals(a[0], b[0]);
    assertArrayEquals(a[1], b[1]);
    assertTrue(!Arrays.equals(a[0], LabelMapGenerator.pair(7, 4, W, H)[0]));
    assertTrue(!Arrays.equals(a[0], LabelMapGenerator.pair(8, 3, W, H)[0]));
  }

  @Test
  void everyClassAppearsIgnoreOnlyInGroundTruthAndPolesAreThin() {
    long[] gt = new long[256];
    long[] pred = new long[256];
    int thinPoleRows = 0;
    for (int i = 0; i < 20; i++) {
      byte[][] p = LabelMapGenerator.pair(1, i, W, H);
      for (byte v : p[0]) gt[v & 0xFF]++;
      for (byte v : p[1]) pred[v & 0xFF]++;
      // a pole run is a few pixels wide, never a block
      for (int y = 0; y < H; y++) {
        int run = 0;
        for (int x = 0; x < W; x++) {
          run = p[0][y * W + x] == LabelMapGenerator.POLE ? run + 1 : 0;
          assertTrue(run <= 14, "pole run of " + run + " px in image " + i + " row " + y);
          if (run == 3) thinPoleRows++;
        }
      }
    }
    for (int c = 0; c < LabelMapGenerator.NUM_CLASSES; c++) assertTrue(gt[c] > 0, "class " + c + " in ground truth");
    assertTrue(gt[255] > 0, "ignore label in ground truth");
    assertEquals(0, pred[255], "a prediction never holds the ignore label");
    for (int v = LabelMapGenerator.NUM_CLASSES; v < 255; v++) assertEquals(0, gt[v] + pred[v], "label " + v);
    assertTrue(thinPoleRows > 100, "thin structures: " + thinPoleRows);
    long total = 20L * W * H;
    assertTrue(gt[0] > total / 20, "road is a large class");
    assertTrue(gt[LabelMapGenerator.LIGHT] < total / 100, "traffic lights are a small class");
  }

  @Test
  void writtenFilesDecodeToTheGeneratedLabels() throws IOException {
    LabelMapGenerator.write(tmp, 3, W, H, 5, 6, 2);
    LabelImage img = new LabelImage();
    try (LabelPngDecoder d = new LabelPngDecoder()) {
      for (int i = 0; i < 3; i++) {
        byte[][] want = LabelMapGenerator.pair(5, i, W, H);
        for (int s = 0; s < 2; s++) {
          byte[] png = Files.readAllBytes(tmp.resolve(s == 0 ? "gt" : "pred").resolve(String.format("img_%05d.png", i)));
          d.decode(png, 0, png.length, "img", img);
          assertEquals(W, img.width());
          assertEquals(H, img.height());
          assertArrayEquals(want[s], Arrays.copyOf(img.bytes(), W * H));
        }
      }
    }
  }
}
