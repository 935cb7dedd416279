package dev.overlap.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession: the cluster's when run by spark-submit, else an embedded local one. */
public final class Sessions {
  private Sessions() {}

  /** The classes the jobs shuffle, cache and collect, registered with Kryo. */
  public static final String KRYO_CLASSES = String.join(",",
      "dev.overlap.jobs.detection.EvalRecord", "dev.overlap.jobs.detection.EvalOutput",
      "dev.overlap.jobs.detection.RecordBatch", "dev.overlap.jobs.detection.MatchBlock",
      "dev.overlap.jobs.detection.PredSplit", "dev.overlap.jobs.detection.DetectionInputs$GtSplit",
      "dev.overlap.jobs.detection.BootstrapPass$CategorySums",
      "dev.overlap.jobs.detection.VocCurves$ClassAps", "dev.overlap.core.coco.CurveTotals",
      "dev.overlap.core.io.ArrayCutter$ChunkSummary", "dev.overlap.jobs.segmentation.PairTask",
      "dev.overlap.jobs.segmentation.SegOutput", "dev.overlap.jobs.segmentation.SegmentationJob$Totals",
      "dev.overlap.jobs.panoptic.PanopticTask", "dev.overlap.jobs.panoptic.PanopticOutput",
      "dev.overlap.jobs.panoptic.PanopticJob$Totals");

  /** Hadoop's {@code fs.file.impl}: the local file system that sets permissions without a process each. */
  public static final String LOCAL_FS = dev.overlap.jobs.io.NioLocalFileSystem.class.getName();

  /**
   * @param master the master from {@code --master}, or null: keep spark-submit's, else {@code local[*]}
   */
  public static SparkSession create(String master, String appName) {
    SparkConf conf = new SparkConf();
    // the user's Spark properties files (OVERLAP_SPARK_CONF in scripts/overlap, e.g. conf/s3a-example.conf) win over
    // the defaults; -Dspark.* JVM options, already in conf, win over both
    String extra = System.getProperty("overlap.spark.conf");
    if (extra != null) for (String f : extra.split(",")) if (!f.isBlank()) loadDefaults(conf, f.trim());
    String defaults = System.getProperty("overlap.spark.defaults");
    if (defaults != null) loadDefaults(conf, defaults);
    if (master != null) conf.setMaster(master);
    else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
    conf.setAppName(appName);
    conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "dynamic");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // the job shuffles and caches plain objects: Kryo is several times faster than Java serialization
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    // our records are trees without shared references: reference tracking only costs (docs/benchmarks.md);
    // registered classes are written as ids instead of class names
    conf.setIfMissing("spark.kryo.referenceTracking", "false");
    conf.setIfMissing("spark.kryo.classesToRegister", KRYO_CLASSES);
    // what the shuffles move is primitive arrays (record batches, match blocks): unsafe I/O copies them in bulk
    conf.setIfMissing("spark.kryo.unsafe", "true");
    // local folders and files get their permissions from java.nio, not from a chmod process each (NioLocalFileSystem)
    conf.setIfMissing("spark.hadoop.fs.file.impl", LOCAL_FS);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    // the classic builder, not SparkSession.builder(): that one finds which SparkSession implementation to build
    // (classic or Connect) through Scala runtime reflection, whose universe takes ~0.5 s of one core to set up
    // before the Spark context starts (20k set side by side: 7.85 -> 7.33 s wall, 12.41 -> 11.63 CPU s)
    return org.apache.spark.sql.classic.SparkSession.builder().config(conf).getOrCreate();
  }

  /** Reads a spark-defaults.conf file ("key value" lines); keys already set win. */
  public static void loadDefaults(SparkConf conf, String file) {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file))) {
        String l = line.trim();
        if (l.isEmpty() || l.startsWith("#")) continue;
        String[] kv = l.split("\\s+", 2);
        if (kv.length == 2) conf.setIfMissing(kv[0], kv[1].trim());
      }
    } catch (java.io.IOException e) {
      throw new dev.overlap.jobs.cli.UsageException("cannot read Spark defaults " + file + ": " + e.getMessage());
    }
  }
}
