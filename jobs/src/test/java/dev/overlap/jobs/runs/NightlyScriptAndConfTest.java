package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overlap.jobs.spark.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** scripts/overlap-nightly's run id, and the s3a example configuration (no Spark, no build needed). */
class NightlyScriptAndConfTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static String nightly(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/overlap-nightly").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("OVERLAP_RUN_DATE");
    pb.environment().put("OVERLAP_NIGHTLY_EXEC", "echo");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(1, TimeUnit.MINUTES);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void runIdIsTheUtcDateUnlessGiven() throws Exception {
    String before = LocalDate.now(ZoneOffset.UTC).toString();
    String got = nightly(Map.of(), "detection", "--out", "o", "--max-drop", "AP=0.01");
    String after = LocalDate.now(ZoneOffset.UTC).toString();
    String prefix = "detection --out o --max-drop AP=0.01 --run-id ";
    assertEquals(true, got.equals(prefix + before) || got.equals(prefix + after), got);
    assertEquals("detection --run-id 2026-11-20 --out o", nightly(Map.of(), "detection", "--run-id", "2026-11-20", "--out", "o"));
    assertEquals("detection --run-id=x", nightly(Map.of(), "detection", "--run-id=x"));
    assertEquals("detection --run-id 2026-11-19", nightly(Map.of("OVERLAP_RUN_DATE", "2026-11-19"), "detection"));
  }

  @Test
  void s3aExampleConfigurationParsesAndHoldsNoCredentials() {
    SparkConf conf = new SparkConf(false);
    Sessions.loadDefaults(conf, ROOT.resolve("conf/s3a-example.conf").toString());
    assertEquals("magic", conf.get("spark.hadoop.fs.s3a.committer.name"));
    assertEquals("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
        conf.get("spark.hadoop.fs.s3a.aws.credentials.provider"));
    for (Tuple2<String, String> kv : conf.getAll()) {
      String k = kv._1().toLowerCase(java.util.Locale.ROOT);
      assertFalse(k.contains("secret") || k.contains("access.key") || k.contains("session.token") || k.contains("password"),
          "a credential key in conf/s3a-example.conf: " + kv._1());
    }
  }
}
