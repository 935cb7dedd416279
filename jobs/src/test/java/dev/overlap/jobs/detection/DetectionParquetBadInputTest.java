package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad Parquet prediction row gives the one located line a bad JSON record gives (file, row, field), or a
 * reject with {@code --on-bad-input skip}; the columns' storage types (int, long, float, double) all read.
 */
class DetectionParquetBadInputTest {
  static final String GT = "reference/coco-edge/01_perfect_match/gt.json";

  @TempDir Path tmp;

  /** Predictions with columns of the given types: row 0 good (but for its column types), row 1 the case's. */
  private Path predictions(DataType idType, DataType scoreType, DataType boxElement, Object[] bad) {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("image_id", idType, true),
        DataTypes.createStructField("category_id", idType, true),
        DataTypes.createStructField("bbox", DataTypes.createArrayType(boxElement, true), true),
        DataTypes.createStructField("score", scoreType, true)});
    Object id = idType == DataTypes.StringType ? "1" : idType == DataTypes.IntegerType ? (Object) 1
        : idType == DataTypes.DoubleType ? (Object) 1.0 : (Object) 1L;
    List<Object> box = boxElement == DataTypes.FloatType ? Arrays.asList(10f, 10f, 20f, 20f)
        : Arrays.asList(10.0, 10.0, 20.0, 20.0);
    Object score = scoreType == DataTypes.FloatType ? (Object) 0.9f : (Object) 0.9;
    List<Row> rows = List.of(RowFactory.create(id, id, box, score), RowFactory.create(bad));
    Path p = tmp.resolve("pred");
    SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
    return p;
  }

  static Stream<Arguments> badRows() {
    DataType l = DataTypes.LongType;
    DataType d = DataTypes.DoubleType;
    List<Double> box = Arrays.asList(10.0, 10.0, 20.0, 20.0);
    return Stream.of(
        // the column's type is wrong, so the first row is the one named
        Arguments.of("string image ids", DataTypes.StringType, d, d, new Object[] {"1", "1", box, 0.5},
            "row 0: field \"image_id\"", "string ids are read from JSON inputs only"),
        Arguments.of("fractional category id", d, d, d, new Object[] {1.0, 1.5, box, 0.5},
            "row 1: field \"category_id\"", "expected an integer, got 1.5"),
        Arguments.of("null score", l, d, d, new Object[] {1L, 1L, box, null}, "row 1: field \"score\"", "is missing"),
        Arguments.of("negative score", l, d, d, new Object[] {1L, 1L, box, -0.5}, "row 1: field \"score\"", ">= 0"),
        Arguments.of("NaN score", l, DataTypes.FloatType, d, new Object[] {1L, 1L, box, Float.NaN}, "row 1: field \"score\"",
            "NaN is not a valid score"),
        Arguments.of("three numbers in bbox", l, d, d, new Object[] {1L, 1L, Arrays.asList(1.0, 2.0, 3.0), 0.5},
            "row 1: field \"bbox\"", "expected 4 numbers"),
        Arguments.of("negative width", DataTypes.IntegerType, d, DataTypes.FloatType,
            new Object[] {1, 1, Arrays.asList(10f, 10f, -3f, 20f), 0.5}, "row 1: field \"bbox\"", "width is negative"),
        Arguments.of("null in bbox", l, d, d, new Object[] {1L, 1L, Arrays.asList(10.0, null, 20.0, 20.0), 0.5},
            "row 1: field \"bbox\"", "value null is not a finite number"),
        Arguments.of("no bbox", l, d, d, new Object[] {1L, 1L, null, 0.5}, "row 1: field \"bbox\"", "is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRows")
  void badRowIsOneLocatedLine(String name, DataType idType, DataType scoreType, DataType boxElement, Object[] bad,
      String expected, String alsoExpected) throws Exception {
    Path pred = predictions(idType, scoreType, boxElement, bad);
    CliRun r = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", pred.toString(), "--out",
        tmp.resolve("out").toString(), "--partitions", "2");
    assertEquals(Main.BAD_INPUT, r.exitCode, r.toString());
    String line = r.err.strip();
    assertFalse(line.contains("\n"), "one line: " + r);
    assertTrue(line.startsWith("overlap: bad input: "), r.toString());
    assertTrue(line.contains(".parquet: " + expected), "expected the file and " + expected + " in " + line);
    assertTrue(line.contains(alsoExpected), "expected \"" + alsoExpected + "\" in " + line);
    assertFalse(r.err.contains("\tat "), "no stack trace");
    assertFalse(Files.exists(tmp.resolve("out/summary.json")), "nothing written");
  }

  /** Skip mode: the bad row is a reject, the good one is evaluated, and the totals reconcile. */
  @Test
  void skippedRowIsCountedAsRejected() throws Exception {
    Path pred = predictions(DataTypes.LongType, DataTypes.DoubleType, DataTypes.DoubleType,
        new Object[] {1L, 1L, Arrays.asList(10.0, 10.0, -3.0, 20.0), 0.5});
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("detection", "--gt", TestData.path(GT), "--pred", pred.toString(), "--out", out.toString(),
        "--partitions", "2", "--on-bad-input", "skip", "--quiet");
    assertEquals(Main.REJECTS, r.exitCode, r.toString());
    Map<String, Object> counts = TestJson.map(TestJson.map(TestJson.read(out.resolve("summary.json"))).get("counts"));
    assertEquals(2, TestJson.integer(counts.get("predictions")));
    assertEquals(1, TestJson.integer(counts.get("predictions_evaluated")));
    assertEquals(1, TestJson.integer(counts.get("predictions_rejected")));
  }
}
