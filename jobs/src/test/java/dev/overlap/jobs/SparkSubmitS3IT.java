package dev.overlap.jobs;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.s3.S3Server;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The -with-s3 cluster jar under spark-submit on a classpath of Spark alone (no hadoop-aws, no AWS SDK,
 * no committer bindings: what a stock Spark download has), reading from and writing to the local S3
 * server: everything s3a needs must come from the jar.
 */
class SparkSubmitS3IT {
  static final String EDGE = "reference/coco-edge/02_iou_threshold_boundaries/";
  static final String BUCKET = "overlap-submit";

  @TempDir Path tmp;

  static boolean s3Part(String entry) {
    for (String s : List.of("/software/amazon/", "/hadoop-aws/", "/spark-hadoop-cloud_", "/org/reactivestreams/",
        "/org/apache/httpcomponents/", "/commons-logging/")) {
      if (entry.contains(s)) return true;
    }
    return false;
  }

  @Test
  void withS3JarReadsAndWritesABucketOnStockSpark() throws Exception {
    String jar = System.getProperty("overlap.jobs.jar").replace(".jar", "-with-s3.jar");
    assertTrue(Files.exists(Path.of(jar)), "the -with-s3 jar is built by 'package': " + jar);
    S3Server s3 = S3Server.get();
    s3.createBucket(BUCKET);
    Configuration conf = new Configuration();
    s3.bucketConf(BUCKET, S3Server.SECRET).forEach(conf::set);
    S3Server.upload(conf, Path.of(TestData.path(EDGE + "gt.json")), "s3a://" + BUCKET + "/gt.json");
    S3Server.upload(conf, Path.of(TestData.path(EDGE + "pred.json")), "s3a://" + BUCKET + "/preds/p.json");

    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.contains("overlap-core") || e.endsWith("classes") || e.endsWith("test-classes") || e.contains("/core/target")
          || s3Part(e)) {
        continue;
      }
      cp.add(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(SparkSubmitIT.sparkFlags());
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--class", "dev.overlap.jobs.Main", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1"));
    for (Map.Entry<String, String> e : s3.bucketConf(BUCKET, S3Server.SECRET).entrySet()) {
      cmd.addAll(List.of("--conf", "spark.hadoop." + e.getKey() + "=" + e.getValue()));
    }
    cmd.addAll(List.of(jar, "detection", "--gt", "s3a://" + BUCKET + "/gt.json", "--pred", "s3a://" + BUCKET + "/preds/",
        "--out", "s3a://" + BUCKET + "/eval", "--run-id", "submitted", "--quiet"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit finished");
    String log = Files.readString(tmp.resolve("log"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    Map<String, Object> summary = TestJson.map(TestJson.parse(new ByteArrayInputStream(S3Server.read(conf, "s3a://" + BUCKET
        + "/eval/summary.json"))));
    List<Object> want = TestJson.list(TestJson.map(TestJson.resource(EDGE + "expected.json")).get("stats"));
    assertEquals((Double) want.get(0), (Double) summary.get("AP"), 1e-12);
    // per_image goes through Spark's committer (the small tables are written from the driver)
    String success = new String(S3Server.read(conf, "s3a://" + BUCKET + "/eval/per_image/run_id=submitted/iou_type=bbox/_SUCCESS"),
        StandardCharsets.UTF_8);
    assertTrue(success.contains("\"committer\":\"magic\""), success);
  }
}
