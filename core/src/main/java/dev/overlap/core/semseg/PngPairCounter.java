package dev.overlap.core.semseg;

import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.png.PngHeader;

/**
 * Decodes a ground-truth and a predicted PNG label map in lockstep, one row of each at a time,
 * and counts each pair of rows into the confusion matrix while both are in cache: no image-sized
 * label array is written or read back, which saves two passes over 2 MiB per 2048x1024 map.
 * Counting follows {@link ConfusionCounter#countRow}; decoding follows
 * {@link LabelPngDecoder#beginRows}, with every check of a full decode.
 *
 * <p>Only the common layout is streamed: both maps 8-bit, single-channel, not interlaced and of
 * the same size. Anything else returns {@link #NOT_STREAMED} before a row is inflated, and the
 * caller decodes both maps whole ({@link LabelPngDecoder#decode}) and counts them with
 * {@link ConfusionCounter#count}, which also gives the exact reason for a mismatch or a bad file.
 */
public final class PngPairCounter {
  /** Returned when the pair is not streamed: decode both maps whole instead. */
  public static final long NOT_STREAMED = Long.MIN_VALUE;

  private PngPairCounter() {}

  /**
   * Counts one image pair into {@code confusion}.
   *
   * @param gtDecoder decodes the ground truth; {@code predDecoder} the prediction (two instances:
   *     each keeps its own inflater state across rows)
   * @param gtFile names the ground truth in error messages, as {@code predFile} the prediction
   * @return pixels skipped as ignored; {@code -(i + 1)} for the first pixel {@code i}
   *     ({@code y * width + x}) with a label that is not a class id; or {@link #NOT_STREAMED}.
   *     After a refusal {@code confusion} holds the rows counted before it: count into a zeroed
   *     per-image matrix and drop it.
   * @throws dev.overlap.core.io.InvalidInputException if either file is corrupt (possibly after
   *     some rows were counted, with the same caveat); which file is named first can differ from
   *     decoding the ground truth whole first, so callers wanting that order re-decode
   */
  public static long count(LabelPngDecoder gtDecoder, byte[] gtPng, int gtOff, int gtLen, String gtFile,
      LabelPngDecoder predDecoder, byte[] predPng, int predOff, int predLen, String predFile,
      int numClasses, int ignoreLabel, long[] confusion) {
    if (gtDecoder == predDecoder) throw new IllegalArgumentException("the two maps need two decoders");
    PngHeader g = gtDecoder.beginRows(gtPng, gtOff, gtLen, gtFile);
    if (g == null) return NOT_STREAMED;
    PngHeader p = predDecoder.beginRows(predPng, predOff, predLen, predFile);
    if (p == null || p.width() != g.width() || p.height() != g.height()) return NOT_STREAMED;
    int width = g.width();
    long ignored = 0;
    for (int y = 0; y < g.height(); y++) {
      int go = gtDecoder.nextRow();
      int po = predDecoder.nextRow();
      long r = ConfusionCounter.countRow(gtDecoder.rowBuffer(), go, predDecoder.rowBuffer(), po, width,
          numClasses, ignoreLabel, confusion);
      if (r < 0) return -((long) y * width + (-r - 1)) - 1;
      ignored += r;
    }
    gtDecoder.endRows();
    predDecoder.endRows();
    return ignored;
  }
}
