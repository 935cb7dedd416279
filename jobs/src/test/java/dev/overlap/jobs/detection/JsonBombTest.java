package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.Main;
import dev.overlap.jobs.MainProcess;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory bomb as predictions: a small gzip of deeply nested JSON (256 MiB of '[' inflated). With a
 * small heap the run ends in one line naming the file and the position, not in an exhausted heap.
 */
class JsonBombTest {
  @TempDir Path tmp;

  @Test
  void deeplyNestedGzipEndsInOneLineNamingTheFile() throws IOException {
    Path bomb = tmp.resolve("preds.json.gz");
    byte[] brackets = new byte[1 << 20];
    java.util.Arrays.fill(brackets, (byte) '[');
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
      for (int i = 0; i < 256; i++) o.write(brackets);
    }
    assertTrue(Files.size(bomb) < 2_000_000, "a small file: " + Files.size(bomb));
    MainProcess p = MainProcess.start(tmp.resolve("run"), Map.of(), List.of("-Xmx512m"), List.of("detection", "--gt",
        TestData.path("reference/coco-edge/01_perfect_match/gt.json"), "--pred", bomb.toString(), "--out",
        tmp.resolve("out").toString(), "--master", "local[2]", "--quiet"));
    int code = p.await(4);
    String err = p.stderr().replaceAll("(?m)^(WARNING: Using incubator modules|\\d\\d:\\d\\d:\\d\\d WARN ).*\n", "");
    assertEquals(Main.BAD_INPUT, code, err);
    assertEquals("overlap: bad input: " + bomb + ": line 1 column 1001: nesting deeper than 1000 levels\n", err);
  }
}
