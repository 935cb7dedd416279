package dev.overlap.core.semseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfusionMatrixTest {

  @Test
  void mergeEqualsOnePassOverAllImages() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int iter = 0; iter < 100; iter++) {
      int k = 1 + rnd.nextInt(25);
      int ignore = rnd.nextBoolean() ? 255 : -1;
      int images = 1 + rnd.nextInt(8);
      ConfusionMatrix onePass = new ConfusionMatrix(k, ignore);
      ConfusionMatrix left = new ConfusionMatrix(k, ignore);
      ConfusionMatrix right = new ConfusionMatrix(k, ignore);
      int total = 0;
      int[][] gts = new int[images][];
      int[][] preds = new int[images][];
      for (int i = 0; i < images; i++) {
        int n = rnd.nextInt(500);
        gts[i] = ConfusionCounterTest.labels(rnd, n, k, ignore, 255);
        preds[i] = ConfusionCounterTest.labels(rnd, n, k, -1, 255);
        total += n;
        ConfusionMatrix half = rnd.nextBoolean() ? left : right;
        half.add(ConfusionCounterTest.bytes(gts[i]), ConfusionCounterTest.bytes(preds[i]), n, 10, "img" + i);
      }
      // One pass over the concatenation of every image.
      int[] allGt = new int[total];
      int[] allPred = new int[total];
      int at = 0;
      for (int i = 0; i < images; i++) {
        System.arraycopy(gts[i], 0, allGt, at, gts[i].length);
        System.arraycopy(preds[i], 0, allPred, at, preds[i].length);
        at += gts[i].length;
      }
      onePass.add(ConfusionCounterTest.bytes(allGt), ConfusionCounterTest.bytes(allPred), total, 0, "all");
      long[] naive = new long[k * k];
      long naiveIgnored = ConfusionCounterTest.naive(allGt, allPred, total, k, ignore, naive);

      left.merge(right);
      assertArrayEquals(naive, onePass.counts());
      assertArrayEquals(naive, left.counts());
      assertEquals(naiveIgnored, onePass.ignoredPixels());
      assertEquals(naiveIgnored, left.ignoredPixels());
      assertEquals(total - naiveIgnored, left.totalPixels());
    }
  }

  @Test
  void bytesRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int k : new int[] {1, 2, 19, 150}) {
      ConfusionMatrix m = new ConfusionMatrix(k, k == 2 ? -1 : 255);
      int n = 5000;
      int[] gt = ConfusionCounterTest.labels(rnd, n, k, m.ignoreLabel(), 255);
      int[] pred = ConfusionCounterTest.labels(rnd, n, k, -1, 255);
      m.add(ConfusionCounterTest.bytes(gt), ConfusionCounterTest.bytes(pred), n, 100, "x");
      byte[] bytes = m.toBytes();
      assertEquals(1 + 4 + 4 + 8 + 8 * k * k, bytes.length);
      assertEquals(1, bytes[0]);
      ConfusionMatrix back = ConfusionMatrix.fromBytes(bytes);
      assertEquals(k, back.numClasses());
      assertEquals(m.ignoreLabel(), back.ignoreLabel());
      assertEquals(m.ignoredPixels(), back.ignoredPixels());
      assertArrayEquals(m.counts(), back.counts());
      assertArrayEquals(bytes, back.toBytes());
    }
  }

  @Test
  void fromBytesChecksTheVersionFirst() {
    byte[] bytes = new ConfusionMatrix(3, 255).toBytes();
    bytes[0] = 7;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.fromBytes(bytes));
    assertEquals("confusion matrix bytes: expected version 1, actual 7", e.getMessage());
  }

  @Test
  void fromBytesChecksLengthAndSigns() {
    byte[] good = new ConfusionMatrix(3, 255).toBytes();
    byte[] shortened = java.util.Arrays.copyOf(good, good.length - 1);
    assertEquals("confusion matrix bytes: expected 89 bytes for 3 classes, actual 88",
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromBytes(shortened)).getMessage());
    byte[] negative = good.clone();
    negative[17] = (byte) 0x80; // sign bit of the first count
    assertEquals("confusion matrix bytes: negative count -9223372036854775808 at (0, 0)",
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromBytes(negative)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromBytes(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromBytes(new byte[] {1, 0, 0}));
  }

  @Test
  void mergeRefusesADifferentLayout() {
    ConfusionMatrix a = new ConfusionMatrix(3, 255);
    assertThrows(IllegalArgumentException.class, () -> a.merge(new ConfusionMatrix(4, 255)));
    assertThrows(IllegalArgumentException.class, () -> a.merge(new ConfusionMatrix(3, -1)));
  }

  @Test
  void aBadLabelNamesTheFileAndPixelAndLeavesTheMatrixUnchanged() {
    ConfusionMatrix m = new ConfusionMatrix(19, 255);
    byte[] gt = new byte[12];
    byte[] pred = new byte[12];
    m.add(gt, pred, 12, 4, "a.png");
    pred[9] = 23;
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.add(gt, pred, 12, 4, "b.png"));
    assertEquals("b.png: prediction label 23 at pixel (x=1, y=2) is not a class id (0..18)", e.getMessage());
    assertEquals(12, m.count(0, 0));
    assertEquals(12, m.totalPixels());
    short[] wideGt = new short[6];
    wideGt[4] = 300;
    e = assertThrows(InvalidInputException.class, () -> m.add(wideGt, new short[6], 6, 3, "c.png"));
    assertEquals("c.png: ground-truth label 300 at pixel (x=1, y=1) is not a class id (0..18) nor the "
        + "ignore label 255", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"8, 8", "8, 16", "16, 8", "16, 16"})
  void labelImagesOfAnyDepthsCountAlike(int gtBits, int predBits) {
    SplittableRandom rnd = new SplittableRandom(gtBits * 100 + predBits);
    int w = 37;
    int h = 21;
    int k = 19;
    int[] gt = ConfusionCounterTest.labels(rnd, w * h, k, 255, 255);
    int[] pred = ConfusionCounterTest.labels(rnd, w * h, k, -1, 255);
    ConfusionMatrix m = new ConfusionMatrix(k, 255);
    m.add(image(gt, w, h, gtBits), image(pred, w, h, predBits), "pair");
    long[] naive = new long[k * k];
    assertEquals(ConfusionCounterTest.naive(gt, pred, w * h, k, 255, naive), m.ignoredPixels());
    assertArrayEquals(naive, m.counts());

    gt[w * 3 + 5] = 3;
    pred[w * 3 + 5] = 19;
    ConfusionMatrix fresh = new ConfusionMatrix(k, 255);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> fresh.add(image(gt, w, h, gtBits), image(pred, w, h, predBits), "pair"));
    assertEquals("pair: prediction label 19 at pixel (x=5, y=3) is not a class id (0..18)", e.getMessage());
    assertArrayEquals(new long[k * k], fresh.counts());
  }

  @Test
  void imagesOfDifferentSizesAreRefused() {
    LabelImage gt = new LabelImage();
    gt.bytesFor(4, 3);
    LabelImage pred = new LabelImage();
    pred.bytesFor(3, 4);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new ConfusionMatrix(2, 255).add(gt, pred, "gt/a.png"));
    assertEquals("gt/a.png: prediction is 3x4 but ground truth is 4x3", e.getMessage());
  }

  @Test
  void clearResetsEverything() {
    ConfusionMatrix m = new ConfusionMatrix(2, 255);
    m.add(new byte[] {0, 1, (byte) 255}, new byte[] {1, 1, 0}, 3, 3, "x");
    assertEquals(1, m.ignoredPixels());
    assertEquals(1, m.count(0, 1));
    m.clear();
    assertArrayEquals(new long[4], m.counts());
    assertEquals(0, m.ignoredPixels());
  }

  @Test
  void constructorChecksItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0, 255));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(4097, 255));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(3, -2));
  }

  static LabelImage image(int[] labels, int w, int h, int bits) {
    LabelImage img = new LabelImage();
    if (bits == 8) {
      byte[] b = img.bytesFor(w, h);
      for (int i = 0; i < labels.length; i++) b[i] = (byte) labels[i];
    } else {
      short[] s = img.shortsFor(w, h);
      for (int i = 0; i < labels.length; i++) s[i] = (short) labels[i];
    }
    return img;
  }
}
