package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that never end: a symbolic link back up the tree under a prediction folder (the listing
 * would go on until the heap is gone) and a FIFO among the inputs (its reader would block forever).
 * Both are refused in one line naming the path, quickly.
 */
class EndlessInputsTest {
  static final String EDGE = "reference/coco-edge/01_perfect_match/";
  @TempDir Path tmp;

  static void mkfifo(Path p) throws IOException, InterruptedException {
    Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, proc.waitFor());
  }

  static InvalidInputException refused(String path, String option) {
    return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(InvalidInputException.class,
        () -> HadoopFiles.list(new Configuration(), path, option)));
  }

  @Test
  void aSymbolicLinkLoopUnderAFolderIsRefused() throws IOException {
    Path preds = tmp.resolve("preds");
    Files.createDirectories(preds.resolve("a/b"));
    Files.copy(Path.of(TestData.path(EDGE + "pred.json")), preds.resolve("a/p.json"));
    Files.createSymbolicLink(preds.resolve("a/b/up"), preds.resolve("a"));
    InvalidInputException e = refused(preds.toString(), "--pred");
    assertEquals(preds + "/a/b/up: is a symbolic link loop: it leads back to " + preds.resolve("a").toRealPath()
        + ", a folder above it (--pred)", e.getMessage());
  }

  @Test
  void aLinkToAFolderBesideIsFollowedOnce() throws IOException {
    Path root = tmp.resolve("shared");
    Files.createDirectories(root.resolve("x"));
    Files.writeString(root.resolve("x/1.json"), "[]");
    Files.createSymbolicLink(root.resolve("y"), root.resolve("x"));
    List<HadoopFiles.InputFile> files = HadoopFiles.list(new Configuration(), root.toString(), "--pred");
    assertEquals(List.of("file:" + root + "/x/1.json", "file:" + root + "/y/1.json"),
        files.stream().map(HadoopFiles.InputFile::path).toList());
  }

  @Test
  void aFifoAmongThePredictionsIsRefused() throws Exception {
    Path preds = tmp.resolve("fifo-preds");
    Files.createDirectories(preds);
    Files.copy(Path.of(TestData.path(EDGE + "pred.json")), preds.resolve("a.json"));
    mkfifo(preds.resolve("b.json"));
    InvalidInputException e = refused(preds.toString(), "--pred");
    assertEquals(preds + "/b.json: is not a regular file (a FIFO, socket or device would never end or block the read)"
        + " (--pred)", e.getMessage());
  }

  @Test
  void aFifoGivenAsTheGroundTruthIsRefusedByTheJobInOneLine() throws Exception {
    Path gt = tmp.resolve("gt.json");
    mkfifo(gt);
    CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("detection", "--gt", gt.toString(),
        "--pred", TestData.path(EDGE + "pred.json"), "--out", tmp.resolve("out").toString(), "--quiet"));
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: bad input: " + gt + ": is not a regular file (a FIFO, socket or device would never end or"
        + " block the read) (--gt)\n", r.err);
  }
}
