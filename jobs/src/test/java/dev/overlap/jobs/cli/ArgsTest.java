package dev.overlap.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.core.coco.IouType;
import dev.overlap.jobs.detection.DetectionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsTest {
  @TempDir Path tmp;

  static DetectionConfig parse(String... a) {
    return DetectionConfig.parse(Args.parse(a, DetectionConfig.OPTIONS, DetectionConfig.FLAGS));
  }

  @Test
  void configFileProvidesOptionsAndTheCommandLineWins() throws IOException {
    Path f = tmp.resolve("job.properties");
    Files.writeString(f, "gt = g.json\npred = p.json\nout = o\niou-type = segm\nmax-dets = 1,5,50\nrun-id = fromfile\n");
    DetectionConfig c = parse("--config", f.toString(), "--run-id", "cli", "--iou-thrs=0.5,0.75");
    assertEquals("g.json", c.gt());
    assertEquals(IouType.SEGM, c.params().iouType());
    assertArrayEquals(new int[] {1, 5, 50}, c.params().maxDets());
    assertArrayEquals(new double[] {0.5, 0.75}, c.params().iouThresholds());
    assertEquals("cli", c.run().runId());
  }

  @Test
  void theShippedExampleConfigParses() {
    DetectionConfig c = parse("--config", Path.of(System.getProperty("user.dir"), "..", "conf", "examples",
        "detection-coco-small.properties").toString());
    assertEquals(IouType.SEGM, c.params().iouType());
    assertEquals(4, c.params().numAreaRanges());
    assertEquals(1024.0, c.params().areaHi(1));
  }

  @Test
  void badValuesNameTheOption() {
    assertEquals("--max-dets: \"x\" is not an integer",
        assertThrows(UsageException.class, () -> parse("--gt", "g", "--pred", "p", "--out", "o", "--max-dets", "1,x"))
            .getMessage());
    assertEquals("unknown option --colour (see --help)",
        assertThrows(UsageException.class, () -> parse("--colour", "red")).getMessage());
    assertEquals("--gt is required", assertThrows(UsageException.class, () -> parse("--pred", "p", "--out", "o")).getMessage());
    assertEquals("--area-rng: \"tiny\" must look like label=lo:hi, e.g. small=0:1024",
        assertThrows(UsageException.class, () -> parse("--gt", "g", "--pred", "p", "--out", "o", "--area-rng", "tiny"))
            .getMessage());
    assertEquals("--run-id: \"../x\" must be 1-128 characters of letters, digits, '.', '_' or '-'",
        assertThrows(UsageException.class, () -> parse("--gt", "g", "--pred", "p", "--out", "o", "--run-id", "../x"))
            .getMessage());
    assertEquals("maxDets: the last value must be the largest, got [100, 10]",
        assertThrows(UsageException.class, () -> parse("--gt", "g", "--pred", "p", "--out", "o", "--max-dets", "100,10"))
            .getMessage());
  }
}
