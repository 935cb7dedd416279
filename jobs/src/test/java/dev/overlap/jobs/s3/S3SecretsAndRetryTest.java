package dev.overlap.jobs.s3;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.MainProcess;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.spark.Faults;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One production-like run in its own JVM: inputs and outputs on s3a, the secret key given as Spark
 * conf, Spark's INFO logs and --verbose on, master local[2,2] (two threads, a task may fail twice)
 * and a test fault that fails the first attempt of an evaluation task. The result must equal the
 * in-process local-disk run bit for bit, and the secret must appear nowhere the run wrote.
 */
class S3SecretsAndRetryTest {
  static final String EDGE = "reference/coco-edge/02_iou_threshold_boundaries/";
  static final String BUCKET = "overlap-secrets";

  @TempDir static Path tmp;
  static Configuration conf;
  static MainProcess run;
  static int exitCode;
  static Path local;

  @BeforeAll
  static void runInItsOwnJvm() throws IOException {
    S3Server s3 = S3Server.get();
    conf = SparkTestSession.get().sparkContext().hadoopConfiguration();
    s3.createBucket(BUCKET);
    s3.bucketConf(BUCKET, S3Server.SECRET).forEach(conf::set);
    S3Server.upload(conf, Path.of(TestData.path(EDGE + "gt.json")), "s3a://" + BUCKET + "/gt/instances.json");
    S3Server.upload(conf, Path.of(TestData.path(EDGE + "pred.json")), "s3a://" + BUCKET + "/preds/part-0.json");

    Path log4j = tmp.resolve("log4j2-info.properties");
    Files.writeString(log4j, String.join("\n", "rootLogger.level = info", "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d %p %c: %m%n%ex", ""));
    List<String> jvm = new ArrayList<>();
    jvm.add("-Dlog4j2.configurationFile=" + log4j);
    s3.bucketConf(BUCKET, S3Server.SECRET).forEach((k, v) -> jvm.add("-Dspark.hadoop." + k + "=" + v));
    jvm.addAll(List.of("-D" + Faults.STAGE + "=evaluate", "-D" + Faults.ACTION + "=fail",
        "-D" + Faults.MARKER + "=" + tmp.resolve("fault-fired")));
    run = MainProcess.start(tmp.resolve("proc"), Map.of(), jvm, List.of("detection", "--master", "local[2,2]", "--gt",
        "s3a://" + BUCKET + "/gt/instances.json", "--pred", "s3a://" + BUCKET + "/preds/", "--out",
        "s3a://" + BUCKET + "/eval", "--run-id", "nightly", "--partitions", "2", "--verbose"));
    local = tmp.resolve("local");
    CliRun disk = CliRun.of("detection", "--gt", TestData.path(EDGE + "gt.json"), "--pred",
        TestData.path(EDGE + "pred.json"), "--out", local.toString(), "--run-id", "nightly", "--partitions", "2",
        "--quiet");
    assertEquals(Main.OK, disk.exitCode, disk.toString());
    exitCode = run.await(8);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheResultIsIdentical() {
    assertEquals(Main.OK, exitCode, run.stdout() + run.stderr());
    assertTrue(Files.exists(tmp.resolve("fault-fired")), "the fault fired");
    assertTrue(run.stderr().contains("overlap: injected fault (test hook): fail in stage evaluate, partition 0, attempt 0"),
        run.stderr());
    Map<String, Object> s3 = TestJson.map(TestJson.parse(new ByteArrayInputStream(S3Server.read(conf, "s3a://" + BUCKET + "/eval/summary.json"))));
    Map<String, Object> disk = TestJson.map(TestJson.read(local.resolve("summary.json")));
    for (Map<String, Object> m : List.of(s3, disk)) {
      m.remove("inputs");
      m.remove("run");
    }
    assertEquals(disk, s3);
    SparkSession spark = SparkTestSession.get();
    for (String table : List.of("summary", "per_class", "pr_curve", "per_image", "runs")) {
      List<String> drop = table.equals("runs") ? Tables.RUN_TIMES : List.of();
      assertEquals(Tables.sorted(spark.read().parquet(local.resolve(table).toString()), drop),
          Tables.sorted(spark.read().parquet("s3a://" + BUCKET + "/eval/" + table), drop), table);
    }
  }

  @Test
  void theSecretAppearsNowhereTheRunWrote() {
    byte[] secret = S3Server.SECRET.getBytes(StandardCharsets.UTF_8);
    assertTrue(run.stderr().contains("INFO"), "Spark's INFO logs were on: " + run.stderr().length() + " chars");
    assertFalse(run.stdout().contains(S3Server.SECRET), "stdout");
    assertFalse(run.stderr().contains(S3Server.SECRET), "stderr");
    List<String> files = S3Server.listAll(conf, "s3a://" + BUCKET + "/eval/");
    assertTrue(files.stream().anyMatch(f -> f.endsWith("/summary.json")), files.toString());
    assertTrue(files.stream().anyMatch(f -> f.endsWith("/_SUCCESS")), files.toString());
    assertTrue(files.stream().filter(f -> f.endsWith(".parquet")).count() >= 5, files.toString());
    for (String f : files) {
      byte[] b = S3Server.read(conf, f);
      assertFalse(indexOf(b, secret) >= 0, "secret in " + f);
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
