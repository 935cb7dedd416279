package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How JSON inputs are cut into pieces for the cores. */
class PieceBytesTest {
  static final long MB = 1L << 20;

  @Test
  void smallFilesStayWholeAndLargeOnesAreCutEvenlyForTheCores() {
    // under 16 MB on 2 cores: one piece (the file itself), unless --split-mb is smaller
    assertEquals(10 * MB, DetectionInputs.pieceBytes(10 * MB, 64 * MB, 2));
    assertEquals((10 * MB + 3) / 4, DetectionInputs.pieceBytes(10 * MB, 3 * MB, 2), "--split-mb still cuts a small file, evenly");
    // a 44 MB ground truth on 2 cores: two halves, not one task
    assertEquals(22 * MB, DetectionInputs.pieceBytes(44 * MB, 64 * MB, 2));
    // 97 MB results with 64 MB splits: two halves, not 64 + 33
    assertEquals((97 * MB + 1) / 2, DetectionInputs.pieceBytes(97 * MB, 64 * MB, 2));
    // 130 MB: three 64 MB pieces rounded up to four for two cores
    assertEquals((130 * MB + 3) / 4, DetectionInputs.pieceBytes(130 * MB, 64 * MB, 2));
    // 5 GB on 2 cores: 80 pieces of 64 MB
    assertEquals(64 * MB, DetectionInputs.pieceBytes(80 * 64 * MB, 64 * MB, 2));
    // one core: no rounding
    assertEquals((130 * MB + 2) / 3, DetectionInputs.pieceBytes(130 * MB, 64 * MB, 1));
    assertEquals(1, DetectionInputs.pieceBytes(0, 64 * MB, 2));
  }
}
