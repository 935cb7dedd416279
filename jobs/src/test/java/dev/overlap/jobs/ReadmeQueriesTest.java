package dev.overlap.jobs;

import dev.overlap.core.testing.TestJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual's tables page ({@code docs/tables.md}), run as written: its column tables against the real schemas
 * of a detection and a segmentation run, its Spark SQL statements, and its DuckDB script, on one output folder
 * holding eleven detection runs; and the README's detection example against the console of a real run.
 *
 * <p>Two runs are real evaluations of coco-small: all predictions ("A", run 2026-11-20) and only those
 * scoring at least 0.5 plus one bad record, skipped into {@code rejects} ("B", run 2026-11-21). The
 * others are copies of those runs' partition folders (tables and runs row) under other run ids, which
 * is what a nightly job evaluating the same predictions again would leave: nightly runs 2026-11-13 to
 * 2026-11-21, an ad-hoc run, and a run of 2026-11-22 cut short (its runs row says {@code running}).
 * Expected answers are computed here from the A and B rows with the DataFrame API, independently of
 * the SQL under test.
 */
class ReadmeQueriesTest {
  static final Path README = Path.of("..", "README.md"), TABLES_DOC = Path.of("..", "docs", "tables.md"),
      DETECTION_DOC = Path.of("..", "docs", "detection.md");
  static final String SMALL = "reference/coco-small/";
  static final String[] TABLES = {"summary", "per_class", "pr_curve", "per_image", "rejects", "runs"};
  static final String INFER = "spark.sql.sources.partitionColumnTypeInference.enabled";
  /** Every run and whether its tables are A's or B's; the last seven complete nightly runs are 15..21. */
  static final Map<String, Character> RUNS = new LinkedHashMap<>();
  static final String CUT = "2026-11-22", ADHOC = "adhoc-1";

  static {
    String[] a = {"15", "16", "18", "20"};
    String[] b = {"13", "14", "17", "19", "21"};
    for (String d : a) RUNS.put("2026-11-" + d, 'A');
    for (String d : b) RUNS.put("2026-11-" + d, 'B');
    RUNS.put(CUT, 'A');
    RUNS.put(ADHOC, 'B');
  }

  static final String RUN_A = "2026-11-20", RUN_B = "2026-11-21";

  @TempDir static Path tmp;
  static Path out;
  static String doc;
  /** The console of run A, which evaluates exactly what the README's example evaluates. */
  static String consoleA;
  static Path segOut;
  static Map<Long, Double> apA, apB;
  static Map<Long, String> names;
  static double headlineA, headlineB;

  @BeforeAll
  static void evaluate() throws IOException {
    doc = Files.readString(TABLES_DOC, StandardCharsets.UTF_8);
    out = tmp.resolve("out");
    ObjectMapper om = new ObjectMapper();
    ArrayNode all = (ArrayNode) om.readTree(Path.of(TestData.path(SMALL + "detections.json")).toFile());
    ArrayNode confident = om.createArrayNode();
    for (JsonNode d : all) if (d.get("score").asDouble() >= 0.5) confident.add(d);
    confident.add(om.readTree("{\"image_id\": 6778, \"category_id\": 1, \"bbox\": [1, 1, 5, 5], \"score\": -1}"));
    Path predB = tmp.resolve("confident.json");
    om.writeValue(predB.toFile(), confident);
    for (String[] r : new String[][] {{RUN_A, TestData.path(SMALL + "detections.json")}, {RUN_B, predB.toString()}}) {
      // run A is the README's example (all of coco-small), so its console is the example's
      CliRun run = r[0].equals(RUN_A)
          ? CliRun.of("detection", "--gt", TestData.path(SMALL + "instances_gt.json"), "--pred", r[1], "--out",
              out.toString(), "--run-id", r[0])
          : CliRun.of("detection", "--gt", TestData.path(SMALL + "instances_gt.json"), "--pred", r[1], "--out",
              out.toString(), "--run-id", r[0], "--quiet", "--on-bad-input", "skip", "--allow-rejects");
      assertEquals(Main.OK, run.exitCode, run.toString());
      if (r[0].equals(RUN_A)) consoleA = run.out;
    }
    // a segmentation run with one ground-truth map that has no prediction (a reject), for its tables' columns
    Path seg = tmp.resolve("semseg");
    copyTree(Path.of(TestData.path("reference/semseg-small/gt")), seg.resolve("gt"));
    copyTree(Path.of(TestData.path("reference/semseg-small/pred")), seg.resolve("pred"));
    Files.copy(seg.resolve("gt/img_00000.png"), seg.resolve("gt/no_prediction.png"));
    segOut = tmp.resolve("seg-out");
    CliRun segRun = CliRun.of("segmentation", "--gt", seg.resolve("gt").toString(), "--pred",
        seg.resolve("pred").toString(), "--num-classes", "19", "--classes", Path.of("..", "conf", "classes",
        "cityscapes.csv").toString(), "--out", segOut.toString(), "--run-id", "s1", "--quiet", "--on-bad-input", "skip",
        "--allow-rejects");
    assertEquals(Main.OK, segRun.exitCode, segRun.toString());
    SparkSession spark = SparkTestSession.get();
    spark.conf().set(INFER, "false"); // as the README's SQL does: run ids stay strings
    for (Map.Entry<String, Character> e : RUNS.entrySet()) {
      String from = e.getValue() == 'A' ? RUN_A : RUN_B;
      if (e.getKey().equals(from)) continue;
      for (String t : TABLES) {
        Path source = out.resolve(t).resolve("run_id=" + from);
        if (Files.isDirectory(source)) copyTree(source, out.resolve(t).resolve("run_id=" + e.getKey()));
      }
    }
    // the cut run: its tables were written, its runs row never reached "succeeded"
    Path cutRow = out.resolve("runs/run_id=" + CUT + "/job=detection-bbox");
    Dataset<Row> row = spark.read().parquet(cutRow.toString()).withColumn("status", functions.lit("running"))
        .withColumn("finished_at", functions.lit(null).cast("timestamp"));
    List<Row> rows = row.collectAsList();
    deleteTree(cutRow);
    spark.createDataFrame(rows, row.schema()).coalesce(1).write().parquet(cutRow.toString());
    apA = new HashMap<>();
    apB = new HashMap<>();
    names = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve("per_class").toString()).filter("run_id in ('" + RUN_A + "', '"
        + RUN_B + "')").collectAsList()) {
      long id = r.getLong(r.fieldIndex("category_id"));
      names.put(id, r.getString(r.fieldIndex("name")));
      Double ap = r.isNullAt(r.fieldIndex("AP")) ? null : r.getDouble(r.fieldIndex("AP"));
      (r.getString(r.fieldIndex("run_id")).equals(RUN_A) ? apA : apB).put(id, ap);
    }
    for (Row r : spark.read().parquet(out.resolve("summary").toString()).filter("metric = 'AP'").collectAsList()) {
      String run = r.getString(r.fieldIndex("run_id"));
      if (run.equals(RUN_A)) headlineA = r.getDouble(r.fieldIndex("value"));
      if (run.equals(RUN_B)) headlineB = r.getDouble(r.fieldIndex("value"));
    }
    assertEquals(80, apA.size());
    assertTrue(headlineA != headlineB, "the two real runs differ");
  }

  @AfterAll
  static void restoreSession() {
    SparkTestSession.get().conf().unset(INFER);
  }

  static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(q);
        else Files.copy(p, q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text between two headings of docs/tables.md. */
  static String section(String fromHeading, String toHeading) {
    int from = doc.indexOf("\n" + fromHeading + "\n");
    int to = doc.indexOf("\n" + toHeading, from + 1);
    assertTrue(from >= 0 && to > from, "docs/tables.md has " + fromHeading + " then " + toHeading);
    return doc.substring(from, to);
  }

  /** The fenced blocks of a language between two headings of docs/tables.md. */
  static List<String> blocks(String lang, String fromHeading, String toHeading) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("```" + lang + "\n(.*?)```", Pattern.DOTALL).matcher(section(fromHeading, toHeading));
    while (m.find()) found.add(m.group(1));
    return found;
  }

  /** The README's text with its example folder {@code out/} pointed at this test's output. */
  static String here(String text) {
    return text.replace("'out/", "'" + out.toAbsolutePath() + "/");
  }

  /** Runs every documented Spark SQL statement; returns the result of each query by its first comment line. */
  static Map<String, List<Row>> runDocumentedSql() {
    SparkSession spark = SparkTestSession.get();
    Map<String, List<Row>> results = new LinkedHashMap<>();
    for (String block : blocks("sql", "## Spark SQL", "## DuckDB")) {
      for (String statement : here(block).split(";\\s*\n")) {
        if (statement.isBlank()) continue;
        String first = statement.strip().split("\n")[0];
        List<Row> rows = spark.sql(statement).collectAsList();
        if (first.startsWith("-- ")) results.put(first.substring(3), rows);
      }
    }
    return results;
  }

  static Map<String, List<Row>> sql;

  static synchronized Map<String, List<Row>> sql() {
    if (sql == null) sql = runDocumentedSql();
    return sql;
  }

  static double ap(char run, long id) {
    Double v = (run == 'A' ? apA : apB).get(id);
    return v == null ? Double.NaN : v;
  }

  /** The ten classes with the lowest mean AP over the last seven nightly runs, computed from the two real runs. */
  static List<Long> expectedWorstTen(Map<Long, Double> mean) {
    List<String> nightly = new ArrayList<>();
    for (String r : RUNS.keySet()) if (r.startsWith("2026-") && !r.equals(CUT)) nightly.add(r);
    nightly.sort(Comparator.reverseOrder());
    List<String> last7 = nightly.subList(0, 7);
    assertEquals(List.of("2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18", "2026-11-17", "2026-11-16",
        "2026-11-15"), last7);
    for (long id : apA.keySet()) {
      if (apA.get(id) == null) continue;
      double sum = 0;
      for (String r : last7) sum += ap(RUNS.get(r), id);
      mean.put(id, sum / 7);
    }
    List<Long> ids = new ArrayList<>(mean.keySet());
    ids.sort(Comparator.comparingDouble((Long id) -> mean.get(id)).thenComparingLong(id -> id));
    return ids.subList(0, 10);
  }

  /** The column tables of one section: table name to (column to type); "*" for the columns of every table. */
  static Map<String, Map<String, String>> documentedColumns(String section, String everyTable) {
    Map<String, Map<String, String>> documented = new LinkedHashMap<>();
    String table = null;
    Pattern heading = Pattern.compile("^`(\\w+)`( \\(segmentation\\))?: "),
        row = Pattern.compile("^\\| `(\\w+)` \\| ([\\w<>,]+) \\|");
    for (String line : section.split("\n")) {
      if (line.startsWith(everyTable)) table = "*";
      Matcher h = heading.matcher(line);
      if (h.find()) table = h.group(1);
      Matcher r = row.matcher(line);
      if (r.find() && table != null) documented.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(r.group(1), r.group(2));
    }
    return documented;
  }

  static void assertColumns(Map<String, Map<String, String>> documented, Path output, List<String> tables) {
    SparkSession spark = SparkTestSession.get();
    spark.conf().set(INFER, "false");
    for (String t : tables) {
      Map<String, String> want = new LinkedHashMap<>(documented.get(t));
      if (!t.equals("runs")) want.putAll(documented.get("*"));
      StructType schema = spark.read().parquet(output.resolve(t).toString()).schema();
      Map<String, String> actual = new LinkedHashMap<>();
      for (StructField f : schema.fields()) actual.put(f.name(), f.dataType().simpleString());
      assertEquals(want, actual, "docs/tables.md's columns of " + t + " in " + output);
    }
  }

  @Test
  void documentedColumnsAreTheDetectionTablesColumns() {
    Map<String, Map<String, String>> documented =
        documentedColumns(section("## Detection tables", "## Segmentation tables"), "Every table but `runs`:");
    assertEquals(List.of("*", "summary", "per_class", "pr_curve", "per_image", "rejects", "runs"),
        new ArrayList<>(documented.keySet()));
    assertColumns(documented, out, List.of(TABLES));
    Row reject = SparkTestSession.get().read().parquet(out.resolve("rejects").toString())
        .filter("run_id = '" + RUN_B + "'").first();
    assertEquals("pred", reject.getString(reject.fieldIndex("source")));
    assertEquals("score", reject.getString(reject.fieldIndex("field")));
    assertTrue(reject.getString(reject.fieldIndex("record")).startsWith("record "), reject.toString());
  }

  @Test
  void documentedColumnsAreTheSegmentationTablesColumns() {
    Map<String, Map<String, String>> documented =
        documentedColumns(section("## Segmentation tables", "## Spark SQL"), "Every segmentation table but `runs`:");
    List<String> tables = List.of("summary", "per_class", "confusion", "per_image", "per_image_class", "rejects");
    List<String> keys = new ArrayList<>(List.of("*"));
    keys.addAll(tables);
    assertEquals(keys, new ArrayList<>(documented.keySet()));
    // runs: the same columns as the detection section documents
    documented.put("runs", documentedColumns(section("## Detection tables", "## Segmentation tables"),
        "Every table but `runs`:").get("runs"));
    List<String> all = new ArrayList<>(tables);
    all.add("runs");
    assertColumns(documented, segOut, all);
    Row reject = SparkTestSession.get().read().parquet(segOut.resolve("rejects").toString()).first();
    assertEquals("no_prediction", reject.getString(reject.fieldIndex("image_id")));
    assertEquals("gt", reject.getString(reject.fieldIndex("source")));
  }

  /**
   * The README's detection example (and the full one in docs/detection.md) is what the command prints: every line
   * of the documented output, but for the elided ones, the time and the paths, is a line of a real run's console.
   */
  @Test
  void documentedExampleOutputIsTheRealOutput() throws IOException {
    List<String> console = List.of(consoleA.replace(out.toString(), "out/example").replace("run " + RUN_A, "run example")
        .replace("run_id=" + RUN_A, "run_id=example").replace("reports/" + RUN_A + "/", "reports/example/").split("\n"));
    for (Path page : List.of(README, DETECTION_DOC)) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      int at = text.indexOf("```\nOverlap detection (bbox), run example:");
      assertTrue(at >= 0, page + " shows the example's output");
      String block = text.substring(at + 4, text.indexOf("```", at + 4));
      int checked = 0;
      for (String line : block.split("\n")) {
        if (line.isBlank() || line.strip().startsWith("...")) continue;
        if (line.startsWith("Wrote ")) { // the time differs from run to run
          String head = line.substring(0, line.lastIndexOf(" in ") + 4);
          assertTrue(console.stream().anyMatch(c -> c.startsWith(head)), page + ": " + line + "\n" + consoleA);
        } else {
          assertTrue(console.contains(line), page + ": not printed by the command: " + line + "\n" + consoleA);
        }
        checked++;
      }
      assertTrue(checked >= 8, page + ": " + checked + " lines");
    }
  }

  @Test
  void tenWorstClassesAcrossTheLastSevenNightlyRuns() {
    List<Row> rows = sql().get("the ten worst classes across the last 7 nightly runs");
    assertNotNull(rows, "query in the README");
    Map<Long, Double> mean = new HashMap<>();
    List<Long> want = expectedWorstTen(mean);
    assertEquals(10, rows.size());
    for (int i = 0; i < 10; i++) {
      Row r = rows.get(i);
      long id = want.get(i);
      assertEquals(id, r.getLong(0), "rank " + i);
      assertEquals(names.get(id), r.getString(1));
      assertEquals(mean.get(id), r.getDouble(2), 1e-12);
      assertEquals(Math.min(ap('A', id), ap('B', id)), r.getDouble(3));
      assertEquals(Math.max(ap('A', id), ap('B', id)), r.getDouble(4));
      assertEquals(7, r.getLong(5));
    }
  }

  @Test
  void apTrendOfOneClassAcrossRuns() {
    List<Row> rows = sql().get("the AP trend of one class across runs, beside the headline AP");
    assertNotNull(rows, "query in the README");
    long id = 61;
    assertEquals("class_61", names.get(id));
    List<String> runs = new ArrayList<>(RUNS.keySet()); // every run with tables, the cut one too
    runs.sort(Comparator.naturalOrder());
    assertEquals(runs.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(runs.get(i), r.getString(0));
      char run = RUNS.get(runs.get(i));
      assertEquals(ap(run, id), r.getDouble(1), 0.0, runs.get(i));
      assertEquals(run == 'A' ? headlineA : headlineB, r.getDouble(5), 0.0);
    }
    assertTrue(ap('A', id) != ap('B', id), "the class's AP differs between the runs");
  }

  @Test
  void classesThatLostTheMostFromOneRunToTheNext() {
    List<Row> rows = sql().get("the classes that lost the most AP from one run to the next");
    assertNotNull(rows, "query in the README");
    // 2026-11-20 is an A run (all predictions), 2026-11-21 a B run (confident ones only)
    List<Long> ids = new ArrayList<>();
    for (long id : apA.keySet()) if (apA.get(id) != null) ids.add(id);
    ids.sort(Comparator.comparingDouble((Long id) -> ap('B', id) - ap('A', id)).thenComparingLong(id -> id));
    assertEquals(10, rows.size());
    for (int i = 0; i < 10; i++) {
      long id = ids.get(i);
      assertEquals(id, rows.get(i).getLong(0), "rank " + i);
      assertEquals(ap('A', id), rows.get(i).getDouble(2));
      assertEquals(ap('B', id), rows.get(i).getDouble(3));
      assertEquals(ap('B', id) - ap('A', id), rows.get(i).getDouble(4), 0.0);
    }
    assertTrue(rows.get(0).getDouble(4) < 0, "a real drop first: " + rows.get(0));
  }

  @Test
  void imagesWithTheMostMisses() {
    List<Row> rows = sql().get("the images with the most misses in one run");
    assertNotNull(rows, "query in the README");
    List<Row> images = SparkTestSession.get().read().parquet(out.resolve("per_image").toString())
        .filter("run_id = '2026-11-21'").collectAsList();
    List<Row> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparingInt((Row r) -> -r.getInt(r.fieldIndex("fn_50")))
        .thenComparingInt(r -> -r.getInt(r.fieldIndex("fp_50"))).thenComparingLong(r -> r.getLong(r.fieldIndex("image_id"))));
    assertEquals(20, rows.size());
    for (int i = 0; i < 20; i++) {
      Row want = sorted.get(i);
      assertEquals(want.getLong(want.fieldIndex("image_id")), rows.get(i).getLong(0));
      assertEquals(want.getString(want.fieldIndex("file_name")), rows.get(i).getString(1));
      assertEquals(want.getInt(want.fieldIndex("fn_50")), rows.get(i).getInt(3));
    }
    assertTrue(rows.get(0).getInt(3) > 0);
  }

  /** The DuckDB script of the README, run with Node.js and the package {@code .ci/run} installs. */
  @Test
  void duckDbScriptGivesTheSparkAnswer() throws IOException, InterruptedException {
    Path modules = Path.of("..", ".cache", "duckdb", "node_modules").toAbsolutePath().normalize();
    boolean node = canRun("node", "--version");
    if (!node || !Files.isDirectory(modules.resolve("@duckdb/node-api"))) {
      String why = "SKIPPED README DuckDB example: " + (node ? "no " + modules.resolve("@duckdb/node-api")
          : "no node on PATH") + " (.ci/run installs it: npm install --prefix .cache/duckdb @duckdb/node-api)";
      System.err.println(why);
      Assumptions.abort(why);
    }
    List<String> js = blocks("js", "## DuckDB", "## pandas");
    assertEquals(1, js.size());
    Path dir = Files.createDirectories(tmp.resolve("duckdb"));
    Files.createSymbolicLink(dir.resolve("node_modules"), modules);
    Path script = dir.resolve("worst.mjs");
    Files.writeString(script, here(js.get(0)), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("node", script.toString()).directory(dir.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    p.getOutputStream().close();
    byte[] stdout = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node finished");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
    String[] lines = new String(stdout, StandardCharsets.UTF_8).strip().split("\n");
    Map<Long, Double> mean = new HashMap<>();
    List<Long> want = expectedWorstTen(mean);
    assertEquals(10, lines.length, String.join("\n", lines));
    for (int i = 0; i < 10; i++) {
      Map<String, Object> row = TestJson.map(TestJson.parse(new ByteArrayInputStream(lines[i].getBytes(StandardCharsets.UTF_8))));
      long id = want.get(i);
      assertEquals(Long.toString(id), row.get("category_id").toString(), "rank " + i + ": " + lines[i]);
      assertEquals(names.get(id), row.get("name"));
      assertEquals(mean.get(id), ((Number) row.get("mean_AP")).doubleValue(), 1e-12);
      assertEquals("7", row.get("runs").toString().replace(".0", ""));
    }
  }

  static boolean canRun(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
