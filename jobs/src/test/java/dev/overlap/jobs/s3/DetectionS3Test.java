package dev.overlap.jobs.s3;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.TestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Detection through s3a against a real S3 API server (s3proxy on 127.0.0.1): ground truth and
 * predictions read from a bucket, results written to a bucket with S3A's magic committer, equal to
 * the local-disk run bit for bit; unreadable s3a inputs give one line and exit 2.
 */
class DetectionS3Test {
  static final String SMALL = "reference/coco-small/";
  static final String BUCKET = "overlap-det";

  @TempDir static Path tmp;
  static Configuration conf;

  @BeforeAll
  static void bucketWithInputs() {
    S3Server s3 = S3Server.get();
    SparkSession spark = SparkTestSession.get();
    conf = spark.sparkContext().hadoopConfiguration();
    s3.createBucket(BUCKET);
    s3.createBucket("overlap-wrong-secret");
    s3.bucketConf(BUCKET, S3Server.SECRET).forEach(conf::set);
    s3.bucketConf("overlap-missing", S3Server.SECRET).forEach(conf::set);
    s3.bucketConf("overlap-wrong-secret", "not-the-secret").forEach(conf::set);
    s3.bucketConf("overlap-no-credentials", S3Server.SECRET).forEach(conf::set);
    s3.bucketConf("overlap-unreachable", S3Server.SECRET).forEach(conf::set);
    conf.set("fs.s3a.bucket.overlap-unreachable.endpoint", "http://127.0.0.1:" + closedPort());
    conf.unset("fs.s3a.bucket.overlap-no-credentials.access.key");
    conf.unset("fs.s3a.bucket.overlap-no-credentials.secret.key");
    S3Server.upload(conf, Path.of(TestData.path(SMALL + "instances_gt.json")), "s3a://" + BUCKET + "/gt/instances_gt.json");
    S3Server.upload(conf, Path.of(TestData.path(SMALL + "detections.json")), "s3a://" + BUCKET + "/preds/detections.json");
  }

  static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static CliRun detection(String gt, String pred, String out) {
    return CliRun.of("detection", "--gt", gt, "--pred", pred, "--out", out, "--run-id", "s3", "--partitions", "3",
        "--quiet");
  }

  @Test
  void bucketToBucketEqualsTheLocalRunBitForBit() {
    String out = "s3a://" + BUCKET + "/eval";
    Path local = tmp.resolve("local");
    long t0 = System.nanoTime();
    CliRun disk = detection(TestData.path(SMALL + "instances_gt.json"), TestData.path(SMALL + "detections.json"),
        local.toString());
    long t1 = System.nanoTime();
    assertEquals(Main.OK, disk.exitCode, disk.toString());
    CliRun s3 = detection("s3a://" + BUCKET + "/gt/instances_gt.json", "s3a://" + BUCKET + "/preds/", out);
    long t2 = System.nanoTime();
    assertEquals(Main.OK, s3.exitCode, s3.toString());
    System.out.printf("coco-small bbox: local disk %.1f s, s3a in and out %.1f s%n", (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);

    Map<String, Object> fromS3 = TestJson.map(TestJson.parse(new ByteArrayInputStream(S3Server.read(conf, out + "/summary.json"))));
    Map<String, Object> fromDisk = TestJson.map(TestJson.read(local.resolve("summary.json")));
    assertEquals(0.3001826090017513, (Double) fromS3.get("AP"), 1e-12);
    for (Map<String, Object> m : List.of(fromS3, fromDisk)) {
      m.remove("inputs");
      m.remove("run");
    }
    assertEquals(fromDisk, fromS3, "summary.json numbers, counts and parameters");
    assertTrue(s3.out.contains("and 9870 predictions (9870 evaluated, 0 excluded, 0 rejected)"), s3.out);

    SparkSession spark = SparkTestSession.get();
    for (String table : List.of("summary", "per_class", "pr_curve", "per_image", "runs")) {
      List<String> drop = table.equals("runs") ? Tables.RUN_TIMES : List.of();
      List<Row> ra = Tables.sorted(spark.read().parquet(out + "/" + table), drop);
      List<Row> rb = Tables.sorted(spark.read().parquet(local.resolve(table).toString()), drop);
      assertFalse(ra.isEmpty(), table);
      assertEquals(rb, ra, table + ": same rows, same bits");
    }
    // written through S3A's magic committer: its _SUCCESS is a JSON manifest
    String success = new String(S3Server.read(conf, out + "/per_image/run_id=s3/iou_type=bbox/_SUCCESS"),
        StandardCharsets.UTF_8);
    assertTrue(success.startsWith("{") && success.contains("\"committer\":\"magic\""), success);
  }

  /**
   * S3A builds its transfer manager (rename = server-side copy, copyFromLocalFile) on the SDK's async
   * client, which needs netty-nio-client: the classpath must hold it, or these fail with
   * NoClassDefFoundError (the classic rename committer, for one, renames).
   */
  @Test
  void renameAndCopyFromLocalWorkThroughS3aTransferManager() throws java.io.IOException {
    org.apache.hadoop.fs.Path local = new org.apache.hadoop.fs.Path("file://" + TestData.path(SMALL + "instances_gt.json"));
    org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/copy/a.json");
    org.apache.hadoop.fs.Path b = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/copy/b.json");
    org.apache.hadoop.fs.FileSystem fs = a.getFileSystem(conf);
    fs.copyFromLocalFile(local, a);
    assertTrue(fs.rename(a, b));
    assertFalse(fs.exists(a));
    assertEquals(java.nio.file.Files.size(Path.of(TestData.path(SMALL + "instances_gt.json"))), fs.getFileStatus(b).getLen());
  }

  @Test
  void unwritableOutputFailsBeforeAnyWork() {
    CliRun r = detection("s3a://" + BUCKET + "/gt/instances_gt.json", "s3a://" + BUCKET + "/preds/",
        "s3a://overlap-missing/eval");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    assertEquals("overlap: bad input: s3a://overlap-missing/eval: cannot be written (--out): the bucket does not exist",
        r.err.strip());
  }

  static Stream<Arguments> unreadable() {
    return Stream.of(
        Arguments.of("wrong bucket", "s3a://overlap-missing/gt.json", "the bucket does not exist"),
        Arguments.of("wrong secret", "s3a://overlap-wrong-secret/gt.json",
            "access denied (HTTP 403): check the credentials and the bucket's policy"),
        Arguments.of("no credentials", "s3a://overlap-no-credentials/gt.json", "no AWS credentials found (give them "
            + "through the AWS provider chain: environment, profile or instance role, or the Spark conf spark.hadoop.fs.s3a.*)"),
        Arguments.of("unreachable endpoint", "s3a://overlap-unreachable/gt.json", "cannot reach the storage endpoint: Connect to 127.0.0.1:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void unreadableS3aInputIsOneLineAndExit2(String name, String gt, String expected) {
    CliRun r = detection(gt, "s3a://" + BUCKET + "/preds/", tmp.resolve("never").toString());
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    assertTrue(line.startsWith("overlap: bad input: " + gt + ": cannot be read (--gt): " + expected), line);
    assertFalse(r.err.contains(S3Server.SECRET), "no secret in the message");
    System.out.println(name + ": " + line);
  }
}
