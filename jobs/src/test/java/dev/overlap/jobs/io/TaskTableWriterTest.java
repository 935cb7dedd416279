package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.spark.RowDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables written by their tasks against the same rows written by Spark's writer. */
class TaskTableWriterTest {
  static final StructType SCHEMA = ParquetTableWriterTest.SCHEMA;

  @TempDir Path tmp;

  static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
  }

  static List<String> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".parquet")).sorted().toList();
    }
  }

  static List<String> hiddenFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).filter(f -> f.contains("inprogress")).toList();
    }
  }

  @Test
  void sameRowsFilesAndSchemaAsSparksWriter() throws IOException {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = ParquetTableWriterTest.rows(500, 11);
    // 5 partitions, the third one empty: Spark writes no file for it
    List<Row> withGap = new ArrayList<>(rows);
    JavaRDD<Row> rdd = jsc().parallelize(withGap, 4).mapPartitionsWithIndex((i, it) -> {
      List<Row> l = new ArrayList<>();
      if (i != 2) it.forEachRemaining(l::add);
      return l.iterator();
    }, true);
    List<Row> kept = rdd.collect();
    Path theirs = tmp.resolve("theirs");
    Path mine = tmp.resolve("mine");
    spark.createDataFrame(rdd, SCHEMA).write().parquet(theirs.toString());
    long n = TaskTableWriter.replace(jsc(), rdd, SCHEMA, mine.toString(), ParquetTableWriterTest.format("zstd"), null);
    assertEquals(kept.size(), n);
    assertEquals(parquetFiles(theirs).size(), parquetFiles(mine).size(), parquetFiles(mine).toString());
    assertEquals(3, parquetFiles(mine).size());
    for (String f : parquetFiles(mine)) assertTrue(f.matches("part-0000[013]-[0-9a-f-]{36}-c000\\.zstd\\.parquet"), f);
    assertTrue(Files.exists(mine.resolve("_SUCCESS")));
    assertEquals(List.of(), hiddenFiles(mine));
    Dataset<Row> a = spark.read().parquet(mine.toString());
    Dataset<Row> b = spark.read().parquet(theirs.toString());
    assertEquals(b.schema(), a.schema());
    assertEquals(dev.overlap.jobs.Tables.sorted(b, List.of()), dev.overlap.jobs.Tables.sorted(a, List.of()));
    // each file's footer as Spark's (schema and row metadata)
    String one = parquetFiles(mine).get(0);
    String other = parquetFiles(theirs).get(0);
    assertEquals(ParquetTableWriterTest.footer(theirs.resolve(other)).getFileMetaData().getSchema(),
        ParquetTableWriterTest.footer(mine.resolve(one)).getFileMetaData().getSchema());
  }

  @Test
  void replacesOldFilesAndAnEmptyTableKeepsItsSchema() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("p");
    JavaRDD<Row> first = jsc().parallelize(ParquetTableWriterTest.rows(40, 1), 2);
    TaskTableWriter.replace(jsc(), first, SCHEMA, part.toString(), ParquetTableWriterTest.format("snappy"), null);
    List<String> before = parquetFiles(part);
    assertEquals(2, before.size());
    // what a zombie attempt of an earlier job leaves (its own hidden name): removed by the next replace
    Files.write(part.resolve(".part-00001-0b0e0c0a-0000-4000-8000-000000000000-c000.snappy.parquet.7.inprogress"),
        new byte[] {1, 2, 3});
    JavaRDD<Row> none = jsc().parallelize(List.<Row>of(), 3);
    assertEquals(0, TaskTableWriter.replace(jsc(), none, SCHEMA, part.toString(), ParquetTableWriterTest.format("snappy"),
        null));
    List<String> after = parquetFiles(part);
    assertEquals(1, after.size(), "one empty file, as Spark writes for an empty table");
    assertFalse(before.contains(after.get(0)));
    assertEquals(List.of(), hiddenFiles(part));
    assertEquals(0, spark.read().parquet(part.toString()).count());
    assertEquals(SCHEMA.asNullable(), spark.read().parquet(part.toString()).schema().asNullable());
  }

  @Test
  void aFailedTaskLeavesThePreviousFilesAndNothingOfItsOwn() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path part = tmp.resolve("p");
    List<Row> before = ParquetTableWriterTest.rows(30, 2);
    TaskTableWriter.replace(jsc(), jsc().parallelize(before, 2), SCHEMA, part.toString(),
        ParquetTableWriterTest.format("zstd"), null);
    List<String> files = parquetFiles(part);
    List<Row> bad = new ArrayList<>(ParquetTableWriterTest.rows(30, 3));
    bad.add(RowFactory.create(1L, "x", null, 1, 0.5, true, null)); // label is not nullable
    org.apache.spark.SparkException e = assertThrows(org.apache.spark.SparkException.class, () -> TaskTableWriter.replace(jsc(),
        jsc().parallelize(bad, 3), SCHEMA, part.toString(), ParquetTableWriterTest.format("zstd"), null));
    assertTrue(String.valueOf(e.getMessage()).contains("column label is not nullable"), e.getMessage());
    assertEquals(files, parquetFiles(part));
    assertEquals(List.of(), hiddenFiles(part), "the other tasks' files are removed too");
    assertEquals(dev.overlap.jobs.Tables.sorted(spark.createDataFrame(before, SCHEMA), List.of()),
        dev.overlap.jobs.Tables.sorted(spark.read().parquet(part.toString()), List.of()));
  }

  /** The digest sees every written row once, by column name, as when tapped on Spark's write. */
  @Test
  void digestSeesEachRowOnce() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = ParquetTableWriterTest.rows(300, 5);
    RowDigest d = RowDigest.register(spark, "test digest", 5, new String[] {"maybe"}, r -> !r.isNullAt(r.fieldIndex("name")),
        (RowDigest.Order) (x, y) -> Long.compare(x.getLong(x.fieldIndex("id")), y.getLong(y.fieldIndex("id"))));
    TaskTableWriter.replace(jsc(), jsc().parallelize(rows, 3), SCHEMA, tmp.resolve("d").toString(),
        ParquetTableWriterTest.format("zstd"), d);
    long sum = 0;
    for (Row r : rows) if (!r.isNullAt(6)) sum += r.getInt(6);
    List<Long> want = rows.stream().filter(r -> !r.isNullAt(1)).map(r -> r.getLong(0)).sorted().limit(5).toList();
    assertEquals(300, d.value().rows());
    assertEquals(sum, d.value().sums()[0]);
    assertEquals(want, d.value().top().stream().map(r -> r.getLong(r.fieldIndex("id"))).toList());
  }

  @Test
  void nestedColumnsStayWithSparksWriter() throws IOException {
    FileSystem local = FileSystem.getLocal(SparkTestSession.get().sparkContext().hadoopConfiguration());
    assertTrue(TaskTableWriter.applies(SCHEMA, local));
    assertFalse(TaskTableWriter.applies(ParquetTableWriterTest.NESTED, local));
    StructType arrays = new StructType(new StructField[] {
        DataTypes.createStructField("v", DataTypes.createArrayType(DataTypes.DoubleType), true)});
    assertFalse(TaskTableWriter.applies(arrays, local));
  }
}
