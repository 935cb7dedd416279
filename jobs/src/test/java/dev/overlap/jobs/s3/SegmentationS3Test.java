package dev.overlap.jobs.s3;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.Tables;
import dev.overlap.jobs.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segmentation through s3a (label maps in a bucket, results to a bucket) equals the local-disk run bit for bit. */
class SegmentationS3Test {
  static final String DIR = "reference/semseg-small/";
  static final String BUCKET = "overlap-seg";

  @TempDir Path tmp;

  static CliRun segmentation(String gt, String pred, String out) {
    return CliRun.of("segmentation", "--gt", gt, "--pred", pred, "--num-classes", "19", "--ignore-label", "255",
        "--out", out, "--run-id", "s3", "--partitions", "3", "--quiet", "--fail-below", "mIoU=0.01");
  }

  @Test
  void bucketToBucketEqualsTheLocalRunBitForBit() throws IOException {
    S3Server s3 = S3Server.get();
    SparkSession spark = SparkTestSession.get();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    s3.createBucket(BUCKET);
    s3.bucketConf(BUCKET, S3Server.SECRET).forEach(conf::set);
    for (String side : List.of("gt", "pred")) {
      try (Stream<Path> files = Files.list(Path.of(TestData.path(DIR + side)))) {
        for (Path f : files.toList()) S3Server.upload(conf, f, "s3a://" + BUCKET + "/" + side + "/" + f.getFileName());
      }
    }
    Path local = tmp.resolve("local");
    CliRun disk = segmentation(TestData.path(DIR + "gt"), TestData.path(DIR + "pred"), local.toString());
    assertEquals(Main.OK, disk.exitCode, disk.toString());
    String out = "s3a://" + BUCKET + "/eval";
    CliRun remote = segmentation("s3a://" + BUCKET + "/gt/", "s3a://" + BUCKET + "/pred/", out);
    assertEquals(Main.OK, remote.exitCode, remote.toString());

    Map<String, Object> a = TestJson.map(TestJson.parse(new ByteArrayInputStream(S3Server.read(conf, out + "/summary.json"))));
    Map<String, Object> b = TestJson.map(TestJson.read(local.resolve("summary.json")));
    assertEquals("passed", TestJson.map(a.get("gate")).get("status"));
    for (Map<String, Object> m : List.of(a, b)) {
      m.remove("inputs");
      m.remove("run");
      m.remove("task_seconds");
      TestJson.map(m.get("counts")).remove("bytes_read");
    }
    assertEquals(b, a, "summary.json");
    for (String table : List.of("summary", "per_class", "confusion", "per_image", "per_image_class", "runs")) {
      // where the maps were read from differs (the paths), nothing else
      List<String> drop = table.equals("runs") ? List.of("started_at", "finished_at", "inputs", "counts")
          : table.equals("per_image") ? List.of("gt_file", "pred_file") : List.of();
      List<org.apache.spark.sql.Row> ra = Tables.sorted(spark.read().parquet(out + "/" + table), drop);
      assertFalse(ra.isEmpty(), table);
      assertEquals(Tables.sorted(spark.read().parquet(local.resolve(table).toString()), drop), ra, table);
    }
  }
}
