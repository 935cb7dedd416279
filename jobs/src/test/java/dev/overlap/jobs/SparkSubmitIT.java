package dev.overlap.jobs;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar through the real spark-submit entry point ({@code org.apache.spark.deploy.SparkSubmit},
 * master local[2]) as {@code scripts/spark-submit-local} runs it: a separate JVM whose classpath is the jars Maven
 * downloaded, with Spark but none of our classes, so they can only come from the jar, as on a stock Spark
 * distribution.
 */
class SparkSubmitIT {
  @TempDir Path tmp;

  static List<String> sparkFlags() {
    List<String> f = new ArrayList<>();
    for (String s : System.getProperty("overlap.spark.flags", "").split("\\s+")) if (!s.isBlank()) f.add(s);
    return f;
  }

  @Test
  void clusterJarRunsUnderSparkSubmit() throws Exception {
    String jar = System.getProperty("overlap.jobs.jar");
    assertTrue(jar != null && Files.exists(Path.of(jar)), "the cluster jar is built by 'package': " + jar);
    // the documented local route: scripts/spark-submit-local runs Spark's SparkSubmit on jobs/target/lib (Spark,
    // Hadoop and the S3 jars Maven downloaded, none of our classes), so Overlap can only come from the jar
    Path script = Path.of("..", "scripts", "spark-submit-local").toAbsolutePath().normalize();
    Path out = tmp.resolve("out");
    List<String> cmd = new ArrayList<>(List.of(script.toString(),
        "--master", "local[2]", "--class", "dev.overlap.jobs.Main", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1", jar,
        "detection", "--gt", TestData.path("reference/coco-small/instances_gt.json"),
        "--pred", TestData.path("reference/coco-small/detections.json"), "--out", out.toString(),
        "--run-id", "submitted", "--quiet"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("OVERLAP_DRIVER_MEMORY", "1g");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit finished");
    String log = Files.readString(tmp.resolve("log"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    assertFalse(log.contains("ClassNotFoundException"), log);
    assertFalse(log.contains("WARNING: Using incubator modules"), "no JVM incubator warning: " + log);
    Map<String, Object> summary = TestJson.map(TestJson.read(out.resolve("summary.json")));
    assertEquals(0.3001826090017513, (Double) summary.get("AP"), 1e-12);
    assertEquals("submitted", summary.get("run_id"));
    assertTrue(log.contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.300"), log);
  }
}
