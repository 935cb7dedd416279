package dev.overlap.core.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-pass label-map band counts against per-class pixel erosion ({@link RleBandsTest#naiveBand}). */
class LabelBandsTest {

  @Test
  void countsEqualPerClassErosion() {
    SplittableRandom r = new SplittableRandom(3);
    LabelBands bands = new LabelBands();
    int k = 4;
    int ignore = 255;
    for (int iter = 0; iter < 600; iter++) {
      int w = r.nextInt(1, 36);
      int h = r.nextInt(1, 36);
      int d = r.nextInt(1, 6);
      int[] gt = blobs(r, w, h, k, ignore);
      int[] pred = blobs(r, w, h, k, -1);
      long[] inter = new long[k];
      long[] gb = new long[k];
      long[] pb = new long[k];
      bands.count(gt, pred, w, h, d, k, ignore, inter, gb, pb);
      for (int c = 0; c < k; c++) {
        byte[] bg = RleBandsTest.naiveBand(columnMajor(gt, w, h, c), h, w, d);
        byte[] bp = RleBandsTest.naiveBand(columnMajor(pred, w, h, c), h, w, d);
        long ei = 0, eg = 0, ep = 0;
        for (int x = 0; x < w; x++) {
          for (int y = 0; y < h; y++) {
            if (gt[y * w + x] == ignore) continue; // removed after banding
            int j = x * h + y;
            eg += bg[j];
            ep += bp[j];
            ei += bg[j] & bp[j];
          }
        }
        String where = "iter " + iter + " " + w + "x" + h + " d=" + d + " class " + c;
        assertEquals(ei, inter[c], where + " intersection");
        assertEquals(eg, gb[c], where + " gt band");
        assertEquals(ep, pb[c], where + " pred band");
      }
    }
  }

  static byte[] columnMajor(int[] labels, int w, int h, int c) {
    byte[] m = new byte[w * h];
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[x * h + y] = (byte) (labels[y * w + x] == c ? 1 : 0);
    return m;
  }

  /** Rectangles of random classes over a random background, some thin, plus ignore strips when given. */
  static int[] blobs(SplittableRandom r, int w, int h, int k, int ignore) {
    int[] m = new int[w * h];
    java.util.Arrays.fill(m, r.nextInt(k));
    int n = r.nextInt(0, 6);
    for (int s = 0; s < n; s++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h);
      int x1 = Math.min(w, x0 + 1 + r.nextInt(w)), y1 = Math.min(h, y0 + 1 + r.nextInt(h));
      int label = ignore >= 0 && r.nextInt(5) == 0 ? ignore : r.nextInt(k);
      for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m[y * w + x] = label;
    }
    if (r.nextInt(4) == 0) for (int i = 0; i < w * h / 10; i++) m[r.nextInt(w * h)] = r.nextInt(k);
    return m;
  }
}
