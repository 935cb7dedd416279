package dev.overlap.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: built on first use, never stopped by a test class (the next
 * class would find a stopped context); the JVM's exit ends it.
 */
public final class SparkTestSession {
  private SparkTestSession() {}

  private static final class Holder {
    // the classic builder, as Sessions.create: no Scala reflection to find the implementation
    static final SparkSession SPARK = org.apache.spark.sql.classic.SparkSession.builder()
        .master("local[2]")
        .appName("overlap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.referenceTracking", "false")
        .config("spark.kryo.classesToRegister", dev.overlap.jobs.spark.Sessions.KRYO_CLASSES)
        .config("spark.hadoop.fs.file.impl", dev.overlap.jobs.spark.Sessions.LOCAL_FS)
        .getOrCreate();
  }

  public static SparkSession get() {
    return Holder.SPARK;
  }
}
