package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.jobs.Main;
import dev.overlap.jobs.MainProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory bomb among the label maps: a 16-bit PNG at the default pixel limit (16384 x 16384, half a
 * megabyte of zlib) would need 512 MiB of heap per map; with a small heap the run ends in one line
 * naming the file, not in an executor's OutOfMemoryError.
 */
class DecodeBudgetTest {
  @TempDir Path tmp;

  /** A 16-bit grayscale PNG of zeros, deflated as it is produced (the raw scanlines are never held). */
  static byte[] zeros16(int width, int height) throws IOException {
    java.io.ByteArrayOutputStream zlib = new java.io.ByteArrayOutputStream();
    byte[] row = new byte[1 + 2 * width];
    try (OutputStream z = new DeflaterOutputStream(zlib, new java.util.zip.Deflater(9), 1 << 16)) {
      for (int y = 0; y < height; y++) z.write(row);
    }
    return PngWriter.png(width, height, 16, 0, null, zlib.toByteArray());
  }

  @Test
  void sharesFollowTheHeapAndTheTasks() {
    assertEquals((1024L - 300) / 2 / 2 << 20, DecodeBudget.perMap(1L << 30, 2));
    assertEquals(0, DecodeBudget.perMap(200L << 20, 2));
  }

  @Test
  void aSixteenBitMapAtThePixelLimitEndsInOneLineWithASmallHeap() throws IOException {
    byte[] bomb = zeros16(16384, 16384);
    Path gt = Files.createDirectories(tmp.resolve("gt"));
    Path pred = Files.createDirectories(tmp.resolve("pred"));
    Files.write(gt.resolve("big.png"), bomb);
    Files.write(pred.resolve("big.png"), bomb);
    MainProcess p = MainProcess.start(tmp.resolve("run"), Map.of(), List.of("-Xmx768m"), List.of("segmentation", "--gt",
        gt.toString(), "--pred", pred.toString(), "--num-classes", "4", "--out", tmp.resolve("out").toString(),
        "--master", "local[2]", "--quiet"));
    int code = p.await(4);
    assertEquals(Main.BAD_INPUT, code, p.stderr());
    String err = p.stderr().replaceAll("(?m)^(WARNING: Using incubator modules|\\d\\d:\\d\\d:\\d\\d WARN ).*\n", "");
    assertEquals("overlap: bad input: " + gt.resolve("big.png") + ": a 16384x16384 16-bit label map needs 512 MiB of heap"
        + " to decode, more than a map's share here (" + (DecodeBudget.perMap(768L << 20, 2) >> 20) + " MiB: the heap of"
        + " 768 MiB less 300 MiB reserved, over 2 concurrent tasks, halved for the two maps of a pair); not decoded: give"
        + " executors more memory (spark.executor.memory, or the driver's heap when local) or lower --max-pixels\n", err);
  }
}
