package dev.overlap.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile strings on the command line: a secret inside an s3a URI never reaches the console, and
 * terminal escape bytes from file names, run ids or command names are printed escaped.
 */
class ConsoleSafetyTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String ESC = "\u001b[2J\u001b]0;pwned\u0007";

  @TempDir Path tmp;

  /** Main without Spark: these must fail before a session is asked for. */
  static String[] run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, po, pe, master -> {
        throw new AssertionError("no Spark session for a usage error");
      }, false);
    }
    return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void aSecretInAnS3aUriIsRefusedInOneLineWithoutEchoingIt() {
    String[] r = run("detection", "--gt", "s3a://AKIAIOSFODNN7EXAMPLE:" + SECRET + "@eval-bucket/val/gt.json", "--pred",
        "p.json", "--out", "o");
    assertEquals(String.valueOf(Main.BAD_INPUT), r[0]);
    assertEquals("overlap: --gt: credentials in a URI are not supported (s3a://***@eval-bucket/val/gt.json): give them"
        + " as spark.hadoop.fs.s3a.access.key and .secret.key (see conf/s3a-example.conf) or through the AWS provider"
        + " chain\n", r[2]);
    assertFalse((r[1] + r[2]).contains("AKIAIOSFODNN7EXAMPLE") || (r[1] + r[2]).contains("bPxRfiCYEXAMPLEKEY"));
  }

  @Test
  void aSecretInAUriOfAnotherOptionIsRefusedToo() {
    String[] r = run("segmentation", "--gt", "g", "--pred", "p", "--out=s3a://K:" + SECRET + "@b/out");
    assertEquals(String.valueOf(Main.BAD_INPUT), r[0]);
    assertFalse(r[2].contains(SECRET) || r[2].contains("bPxRfiCYEXAMPLEKEY"), r[2]);
    assertEquals("overlap: --out: credentials in a URI are not supported (s3a://***@b/out): give them as"
        + " spark.hadoop.fs.s3a.access.key and .secret.key (see conf/s3a-example.conf) or through the AWS provider"
        + " chain\n", r[2]);
  }

  @Test
  void escapeBytesInARunIdAndACommandNameArePrintedEscaped() {
    String[] r = run("detection", "--gt", "g", "--pred", "p", "--out", "o", "--run-id", "a" + ESC);
    assertEquals(String.valueOf(Main.BAD_INPUT), r[0]);
    assertEquals("overlap: --run-id: \"a\\u001b[2J\\u001b]0;pwned\\u0007\" must be 1-128 characters of letters, digits,"
        + " '.', '_' or '-'\n", r[2]);
    r = run("detect" + ESC);
    assertEquals("overlap: unknown command \"detect\\u001b[2J\\u001b]0;pwned\\u0007\"", r[2].lines().findFirst().get());
  }

  @Test
  void escapeBytesInAFileNameArePrintedEscaped() {
    Path gt = tmp.resolve("gt" + ESC + ".json");
    CliRun r = CliRun.of("detection", "--gt", gt.toString(), "--pred",
        TestData.path("reference/coco-edge/01_perfect_match/pred.json"), "--out", tmp.resolve("out").toString(), "--quiet");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: bad input: " + tmp + "/gt\\u001b[2J\\u001b]0;pwned\\u0007.json: does not exist (--gt)\n", r.err);
  }
}
