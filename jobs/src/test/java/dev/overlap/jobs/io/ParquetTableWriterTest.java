package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Driver-written tables against the same rows written by Spark: same rows, same file schema, same footer. */
class ParquetTableWriterTest {
  static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("count", DataTypes.IntegerType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("flag", DataTypes.BooleanType, false),
      DataTypes.createStructField("maybe", DataTypes.IntegerType, true)});

  @TempDir Path tmp;

  static ParquetTableWriter.Format format(String codec) {
    return new ParquetTableWriter.Format(codec, "INT96", SparkTestSession.get().version());
  }

  /** Seeded rows with nulls in every nullable column, repeated and distinct strings, edge doubles. */
  static List<Row> rows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] labels = {"all", "small", "medium", "large", "ünïcode ✓"};
    double[] edges = {0.0, -0.0, -1.0, 1.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-10};
    List<Row> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = rnd.nextInt(4) == 0 ? null : "class_" + rnd.nextInt(30);
      Double value = rnd.nextInt(5) == 0 ? null : rnd.nextInt(3) == 0 ? edges[rnd.nextInt(edges.length)] : rnd.nextDouble();
      Integer maybe = rnd.nextBoolean() ? null : rnd.nextInt();
      l.add(RowFactory.create(rnd.nextLong(), name, labels[rnd.nextInt(labels.length)], rnd.nextInt(), value,
          rnd.nextBoolean(), maybe));
    }
    return l;
  }

  static void write(List<Row> rows, ParquetTableWriter.Row out) {
    for (Row r : rows) {
      out.setLong(0, r.getLong(0)).setString(1, r.getString(1)).setString(2, r.getString(2)).setInt(3, r.getInt(3))
          .setDouble(4, (Double) r.get(4)).setBoolean(5, r.getBoolean(5));
      if (!r.isNullAt(6)) out.setInt(6, r.getInt(6));
      out.end();
    }
  }

  static Path parquetFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> l = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
      assertEquals(1, l.size(), l.toString());
      return l.get(0);
    }
  }

  static ParquetMetadata footer(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return r.getFooter();
    }
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).filter(f -> !f.endsWith(".crc")).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"snappy", "zstd", "none"})
  void sameRowsAndFileSchemaAsSparksWriter(String codec) throws IOException {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = rows(5000, 7);
    Path mine = tmp.resolve("mine");
    Path theirs = tmp.resolve("theirs");
    long n = ParquetTableWriter.replace(new Configuration(), mine.toString(), SCHEMA, format(codec),
        out -> write(rows, out));
    assertEquals(rows.size(), n);
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().option("compression", codec).parquet(theirs.toString());

    // the rows, bit for bit, in order (one file), nulls where they were
    assertEquals(rows, spark.read().parquet(mine.toString()).collectAsList());
    assertEquals(spark.read().parquet(theirs.toString()).schema(), spark.read().parquet(mine.toString()).schema());

    ParquetMetadata a = footer(parquetFile(mine));
    ParquetMetadata b = footer(parquetFile(theirs));
    assertEquals(b.getFileMetaData().getSchema(), a.getFileMetaData().getSchema());
    assertEquals(b.getFileMetaData().getKeyValueMetaData(), a.getFileMetaData().getKeyValueMetaData());
    CompressionCodecName want = codec.equals("none") ? CompressionCodecName.UNCOMPRESSED
        : CompressionCodecName.valueOf(codec.toUpperCase(java.util.Locale.ROOT));
    a.getBlocks().forEach(block -> block.getColumns().forEach(c -> assertEquals(want, c.getCodec(), c.getPath().toString())));
    String file = parquetFile(mine).getFileName().toString();
    assertTrue(file.matches("part-00000-[0-9a-f-]{36}-c000" + want.getExtension() + "\\.parquet"), file);
    assertTrue(Files.exists(mine.resolve("_SUCCESS")));
  }

  @Test
  void replacingLeavesOnlyTheNewFileAndOtherFoldersAlone() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path table = tmp.resolve("t");
    Path part = table.resolve("run_id=a");
    Path other = table.resolve("run_id=b");
    // an earlier Spark write of this partition (two files), a leftover of a killed write, and another run
    spark.createDataFrame(rows(100, 1), SCHEMA).repartition(2).write().parquet(part.toString());
    Files.writeString(part.resolve(".part-00000-dead-c000.snappy.parquet.inprogress"), "half");
    spark.createDataFrame(rows(10, 2), SCHEMA).coalesce(1).write().parquet(other.toString());
    List<String> otherBefore = names(other);

    List<Row> rows = rows(30, 3);
    ParquetTableWriter.replace(new Configuration(), part.toString(), SCHEMA, format("snappy"),
        out -> write(rows, out));
    List<String> after = names(part);
    assertEquals(2, after.size(), after.toString());
    assertEquals("_SUCCESS", after.get(0));
    assertTrue(after.get(1).endsWith(".snappy.parquet"), after.toString());
    assertEquals(otherBefore, names(other));
    List<Row> a = spark.read().parquet(table.toString()).filter("run_id = 'a'").drop("run_id").collectAsList();
    assertEquals(rows, a);
    assertEquals(10, spark.read().parquet(table.toString()).filter("run_id = 'b'").count());
  }

  @Test
  void partsAreWrittenInParallelAsOneTable() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("parts");
    List<Row> a = rows(3000, 11);
    List<Row> b = rows(10, 12);
    List<Row> c = rows(2000, 13);
    long n = ParquetTableWriter.replace(new Configuration(), part.toString(), SCHEMA, format("zstd"),
        List.of(out -> write(a, out), out -> write(b, out), out -> write(c, out)));
    assertEquals(5010, n);
    List<String> files = names(part);
    assertEquals(4, files.size(), files.toString());
    assertEquals("_SUCCESS", files.get(0));
    String job = files.get(1).substring("part-00000-".length(), "part-00000-".length() + 36);
    for (int i = 0; i < 3; i++) assertEquals("part-0000" + i + "-" + job + "-c000.zstd.parquet", files.get(1 + i));
    List<Row> want = new ArrayList<>(a);
    want.addAll(b);
    want.addAll(c);
    org.apache.spark.sql.Dataset<Row> got = spark.read().parquet(part.toString());
    assertEquals(dev.overlap.jobs.Tables.sorted(spark.createDataFrame(want, SCHEMA), List.of()),
        dev.overlap.jobs.Tables.sorted(got, List.of()));

    // one part failing: no part of the new table, the old one intact
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParquetTableWriter.replace(
        new Configuration(), part.toString(), SCHEMA, format("zstd"), List.of(out -> write(a, out), out -> {
          write(b, out);
          out.setLong(0, 1).end();
        })));
    assertTrue(e.getMessage().contains("is not nullable"), e.getMessage());
    assertEquals(files, names(part));
    try (Stream<Path> s = Files.list(part)) {
      assertFalse(s.anyMatch(f -> f.getFileName().toString().contains("inprogress")), "temporary files removed");
    }
  }

  /** A part that waits for the test to let it go: who wrote it, and when it began. */
  static ParquetTableWriter.Rows held(List<Row> rows, String[] by, int i, java.util.concurrent.CountDownLatch started,
      java.util.concurrent.CountDownLatch release) {
    return out -> {
      by[i] = Thread.currentThread().getName();
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      write(rows, out);
    };
  }

  static ParquetTableWriter.Rows noted(List<Row> rows, String[] by, int i) {
    return out -> {
      by[i] = Thread.currentThread().getName();
      write(rows, out);
    };
  }

  @Test
  void aThreadThatJoinsLateTakesThePartsNobodyStarted() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("shared");
    List<Row> a = rows(500, 21);
    List<Row> b = rows(300, 22);
    List<Row> c = rows(200, 23);
    String[] by = new String[3];
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ParquetTableWriter.Replacement r = ParquetTableWriter.begin(new Configuration(), part.toString(), SCHEMA,
        format("zstd"), List.of(held(a, by, 0, started, release), noted(b, by, 1), noted(c, by, 2)));
    Thread first = new Thread(r::help, "first-writer");
    first.start();
    started.await();
    r.help(); // while the first writer holds part 0, this thread takes parts 1 and 2
    String me = Thread.currentThread().getName();
    assertEquals(List.of("first-writer", me, me), List.of(by));
    release.countDown();
    assertEquals(1000, r.finish());
    first.join();
    List<String> files = names(part);
    assertEquals(4, files.size(), files.toString());
    assertEquals("_SUCCESS", files.get(0));
    // each file holds its part's rows in order, whichever thread wrote it
    List<List<Row>> want = List.of(a, b, c);
    for (int i = 0; i < 3; i++) {
      assertTrue(files.get(1 + i).startsWith("part-0000" + i + "-"), files.toString());
      assertEquals(want.get(i), spark.read().schema(SCHEMA).parquet(part.resolve(files.get(1 + i)).toString())
          .collectAsList());
    }
  }

  @Test
  void anAbortSkipsThePartsNotStartedWaitsForTheOthersAndLeavesTheFolderAsItWas() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("aborted");
    List<Row> before = rows(20, 24);
    ParquetTableWriter.replace(new Configuration(), part.toString(), SCHEMA, format("zstd"), out -> write(before, out));
    List<String> files = names(part);
    String[] by = new String[3];
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ParquetTableWriter.Replacement r = ParquetTableWriter.begin(new Configuration(), part.toString(), SCHEMA,
        format("zstd"), List.of(held(rows(50, 25), by, 0, started, release), noted(rows(5, 26), by, 1),
            noted(rows(5, 27), by, 2)));
    Thread first = new Thread(r::help, "first-writer");
    first.start();
    started.await();
    Thread aborting = new Thread(r::abort, "aborting");
    aborting.start();
    aborting.join(200);
    assertTrue(aborting.isAlive(), "the abort waits for the part being written");
    release.countDown();
    aborting.join();
    first.join();
    assertEquals(java.util.Arrays.asList("first-writer", null, null), java.util.Arrays.asList(by));
    assertEquals(files, names(part));
    try (Stream<Path> s = Files.list(part)) {
      assertFalse(s.anyMatch(f -> f.getFileName().toString().contains("inprogress")), "temporary files removed");
    }
    assertEquals(before, spark.read().parquet(part.toString()).collectAsList());
    assertThrows(IllegalStateException.class, r::finish, "an aborted replacement cannot be finished");
  }

  @Test
  void aFailedWriteLeavesThePreviousFilesAndNoPartialOne() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("p");
    List<Row> before = rows(20, 4);
    ParquetTableWriter.replace(new Configuration(), part.toString(), SCHEMA, format("snappy"),
        out -> write(before, out));
    List<String> files = names(part);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParquetTableWriter.replace(
        new Configuration(), part.toString(), SCHEMA, format("snappy"), out -> {
          write(rows(10, 5), out);
          out.setLong(0, 1).setString(1, "x").end(); // label is not nullable
        }));
    assertTrue(e.getMessage().contains("column label is not nullable, but was not set in row 10"), e.getMessage());
    assertEquals(files, names(part));
    try (Stream<Path> s = Files.list(part)) {
      assertFalse(s.anyMatch(f -> f.getFileName().toString().contains("inprogress")), "temporary file removed");
    }
    assertEquals(before, spark.read().parquet(part.toString()).collectAsList());
  }

  static final StructType NESTED = new StructType(new StructField[] {
      DataTypes.createStructField("at", DataTypes.TimestampType, false),
      DataTypes.createStructField("until", DataTypes.TimestampType, true),
      DataTypes.createStructField("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
      DataTypes.createStructField("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)});

  /** Timestamps (before and after the epoch, to the microsecond) and maps (empty, null values) as Spark writes them. */
  @ParameterizedTest
  @ValueSource(strings = {"INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"})
  @SuppressWarnings("unchecked")
  void timestampsAndMapsAsSparkWritesThem(String timestampType) throws IOException {
    SparkSession spark = SparkTestSession.get();
    boolean millis = timestampType.equals("TIMESTAMP_MILLIS");
    java.time.Instant[] at = {java.time.Instant.parse("2026-11-22T03:04:05.123456Z"),
        java.time.Instant.parse("1969-12-31T23:59:59.999999Z"), java.time.Instant.parse("1900-01-01T00:00:00Z"),
        java.time.Instant.ofEpochSecond(0)};
    java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
    counts.put("images", 20000L);
    counts.put("rejected", null);
    java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
    metrics.put("AP", 0.3432109876543211);
    metrics.put("APs", null);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < at.length; i++) {
      java.time.Instant t = millis ? java.time.Instant.ofEpochMilli(at[i].toEpochMilli()) : at[i];
      rows.add(RowFactory.create(java.sql.Timestamp.from(t), i % 2 == 0 ? null : java.sql.Timestamp.from(t),
          i == 2 ? null : i == 3 ? java.util.Map.of() : counts, i == 1 ? null : metrics));
    }
    Path mine = tmp.resolve("mine-" + timestampType);
    Path theirs = tmp.resolve("theirs-" + timestampType);
    ParquetTableWriter.replace(new Configuration(), mine.toString(), NESTED,
        new ParquetTableWriter.Format("zstd", timestampType, spark.version()), out -> {
          for (Row r : rows) {
            out.setTimestamp(0, ((java.sql.Timestamp) r.get(0)).toInstant());
            out.setTimestamp(1, r.isNullAt(1) ? null : ((java.sql.Timestamp) r.get(1)).toInstant());
            out.setMap(2, (java.util.Map<String, Long>) r.get(2)); // rows made here hold Java maps
            out.setMap(3, (java.util.Map<String, Double>) r.get(3));
            out.end();
          }
        });
    String before = spark.conf().get("spark.sql.parquet.outputTimestampType");
    spark.conf().set("spark.sql.parquet.outputTimestampType", timestampType);
    try {
      spark.createDataFrame(rows, NESTED).coalesce(1).write().option("compression", "zstd").parquet(theirs.toString());
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", before);
    }
    ParquetMetadata a = footer(parquetFile(mine));
    ParquetMetadata b = footer(parquetFile(theirs));
    assertEquals(b.getFileMetaData().getSchema(), a.getFileMetaData().getSchema());
    assertEquals(b.getFileMetaData().getKeyValueMetaData(), a.getFileMetaData().getKeyValueMetaData());
    List<Row> got = spark.read().parquet(mine.toString()).collectAsList();
    assertEquals(spark.read().parquet(theirs.toString()).collectAsList(), got);
    assertEquals(java.sql.Timestamp.from(millis ? java.time.Instant.ofEpochMilli(at[0].toEpochMilli()) : at[0]),
        got.get(0).get(0));
    assertTrue(got.get(1).isNullAt(3) && got.get(2).isNullAt(2), "null maps");
    assertEquals(0, got.get(3).getJavaMap(2).size(), "an empty map stays empty, not null");
    assertTrue(got.get(0).getJavaMap(2).containsKey("rejected") && got.get(0).getJavaMap(2).get("rejected") == null);
  }

  static final StructType ARRAYS = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("bbox", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
      DataTypes.createStructField("maybe", DataTypes.createArrayType(DataTypes.DoubleType, true), true)});

  /** Arrays of doubles (empty, null, a slice of a longer array, edge values) as Spark writes them. */
  @Test
  void arraysOfDoublesAsSparkWritesThem() throws IOException {
    SparkSession spark = SparkTestSession.get();
    SplittableRandom rnd = new SplittableRandom(11);
    double[] edges = {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-10, 640.25};
    List<Row> rows = new ArrayList<>();
    List<double[]> backing = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double[] b = new double[rnd.nextInt(7)];
      for (int k = 0; k < b.length; k++) b[k] = rnd.nextInt(4) == 0 ? edges[rnd.nextInt(edges.length)] : rnd.nextDouble();
      backing.add(b);
      int kind = rnd.nextInt(3); // 0: null, 1: empty, 2: the first half of b
      double[] half = java.util.Arrays.copyOf(b, b.length / 2);
      rows.add(RowFactory.create((long) i, box(b), kind == 0 ? null : box(kind == 1 ? new double[0] : half)));
    }
    Path mine = tmp.resolve("mine-arrays");
    Path theirs = tmp.resolve("theirs-arrays");
    ParquetTableWriter.replace(new Configuration(), mine.toString(), ARRAYS, format("zstd"), out -> {
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        double[] b = backing.get(i);
        out.setLong(0, r.getLong(0)).setDoubles(1, b);
        if (r.isNullAt(2)) out.setDoubles(2, null);
        else if (((List<?>) r.get(2)).isEmpty()) out.setDoubles(2, new double[0]);
        else out.setDoubles(2, b, 0, b.length / 2); // a slice, not a copy
        out.end();
      }
    });
    spark.createDataFrame(rows, ARRAYS).coalesce(1).write().option("compression", "zstd").parquet(theirs.toString());
    ParquetMetadata a = footer(parquetFile(mine));
    ParquetMetadata b = footer(parquetFile(theirs));
    assertEquals(b.getFileMetaData().getSchema(), a.getFileMetaData().getSchema());
    assertEquals(b.getFileMetaData().getKeyValueMetaData(), a.getFileMetaData().getKeyValueMetaData());
    List<Row> got = spark.read().parquet(mine.toString()).collectAsList();
    assertEquals(spark.read().parquet(theirs.toString()).collectAsList(), got);
    assertEquals(rows.size(), got.size());
    for (int i = 0; i < rows.size(); i++) { // rows made here hold Java lists, rows read hold Scala ones
      Row r = rows.get(i);
      Row g = got.get(i);
      assertEquals(r.getLong(0), g.getLong(0));
      assertEquals(r.get(1), g.getList(1), "row " + i);
      assertEquals(r.get(2), g.isNullAt(2) ? null : g.getList(2), "row " + i);
    }
    assertTrue(got.stream().anyMatch(r -> r.isNullAt(2)) && got.stream().anyMatch(r -> !r.isNullAt(2)
        && r.getList(2).isEmpty()), "null and empty arrays both present and kept apart");
  }

  private static List<Double> box(double[] v) {
    List<Double> l = new ArrayList<>(v.length);
    for (double x : v) l.add(x);
    return l;
  }

  @Test
  void emptyTableHasTheSchema() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("empty");
    assertEquals(0, ParquetTableWriter.replace(new Configuration(), part.toString(), SCHEMA, format("zstd"),
        out -> { }));
    assertEquals(0, spark.read().parquet(part.toString()).count());
    assertEquals(SCHEMA.asNullable(), spark.read().parquet(part.toString()).schema().asNullable());
  }

  @Test
  void formatComesFromTheSparkConfigurationWithSparksDefaults() {
    org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false);
    assertEquals(new ParquetTableWriter.Format("snappy", "INT96", "4.1.3"), ParquetTableWriter.Format.of(conf, "4.1.3"));
    conf.set("spark.sql.parquet.compression.codec", "zstd").set("spark.sql.parquet.outputTimestampType",
        "TIMESTAMP_MICROS");
    assertEquals(new ParquetTableWriter.Format("zstd", "TIMESTAMP_MICROS", "4.1.3"),
        ParquetTableWriter.Format.of(conf, "4.1.3"));
  }

  @Test
  void unknownCodecAndTypeAreNamed() {
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> ParquetTableWriter.codec("lzma"));
    assertTrue(c.getMessage().contains("spark.sql.parquet.compression.codec") && c.getMessage().contains("\"lzma\""),
        c.getMessage());
    StructType bad = new StructType().add("when", DataTypes.DateType, false);
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> ParquetTableWriter.messageType(bad));
    assertTrue(t.getMessage().contains("column when: type date is not supported"), t.getMessage());
    IllegalArgumentException ts = assertThrows(IllegalArgumentException.class, () -> ParquetTableWriter.timestamps("nanos"));
    assertTrue(ts.getMessage().contains("spark.sql.parquet.outputTimestampType") && ts.getMessage().contains("\"nanos\""),
        ts.getMessage());
  }
}
