package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console view for 300 classes (no Spark): twelve lines, the table worst first, the pointer. */
class DetectionConsoleTest {
  static String print(SyntheticDetection d) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      DetectionReport.print(d.result, p);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void perClassTableIsWorstFirstAndTruncatedWithAPointer() {
    SyntheticDetection d = new SyntheticDetection("/data/eval");
    String text = print(d);
    String[] lines = text.split("\n");
    assertTrue(lines[0].startsWith("Overlap detection (bbox), run synthetic: 120 images"), lines[0]);
    assertEquals(d.result.summary().text(), String.join("\n", List.of(lines).subList(1, 13)) + "\n");
    assertEquals("", lines[13]);
    assertEquals("Per class, worst AP first (- = no ground truth, AP undefined):", lines[14]);
    assertEquals(List.of("id", "name", "AP", "AP50", "AP75", "AR100", "num_gt", "num_pred"),
        List.of(lines[15].trim().split("\\s+")));
    List<Double> aps = new ArrayList<>();
    for (int i = 16; i < 16 + 25; i++) aps.add(Double.parseDouble(lines[i].substring(2 + 8 + 24, 2 + 8 + 24 + 7).trim()));
    for (int i = 1; i < aps.size(); i++) assertTrue(aps.get(i - 1) <= aps.get(i), "worst first: " + aps);
    assertEquals("  ... 275 more classes in /data/eval/per_class (run_id=synthetic)", lines[41]);
    assertTrue(lines[42].startsWith("AP " + dev.overlap.jobs.cli.Text.metric(d.result.summary().stat(0))
        + " is the mean of 280 classes with ground truth (of 300): worst "), lines[42]);
    assertFalse(text.contains("\u001b"), "terminal escapes from names are shown escaped");
  }

  @Test
  void topZeroPrintsEveryClassUndefinedLast() {
    String text = print(new SyntheticDetection("/data/eval", "--top", "0"));
    String[] lines = text.split("\n");
    assertFalse(text.contains("more classes in"));
    assertEquals(16 + 300 + 1, lines.length);
    for (int i = 16 + 280; i < 16 + 300; i++) assertTrue(lines[i].contains("      -      -      -      -"), lines[i]);
    assertTrue(text.contains("red\\u001b[31m"), "the escape is visible");
  }

  @Test
  void quietPrintsTheHeadlineLines() {
    String text = print(new SyntheticDetection("/data/eval", "--quiet"));
    assertEquals(13, text.split("\n").length, text);
  }
}
