package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.testing.TestJson;
import dev.overlap.jobs.CliRun;
import dev.overlap.jobs.Main;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --slice-by} in every protocol's own numbers (keypoints' ten, LVIS's thirteen, bev's four, VOC's four and
 * per-class AP): each slice's headline and per-class numbers equal the same job run on the slice's images alone
 * ({@code --img-ids}), within 1e-12; a VOC run gives the same bits on 1 and 3 partitions.
 */
class ProtocolSlicesTest {
  static final double TOL = 1e-12;
  static final String[] VALUES = {"a", "b"};

  @TempDir Path tmp;

  /** The slice field's value of an image: a third of the images in "a". */
  static String site(long id) {
    return id % 3 == 0 ? "a" : "b";
  }

  /**
   * A protocol's reference set, the options that select it, whether slices come from a CSV, its stats' count and
   * the stats its console table shows.
   */
  record Protocol(String gt, String pred, String[] options, boolean csv, int stats, String[] console) {}

  static Protocol protocol(String name) {
    return switch (name) {
      // keypoints and bev read the field from the ground truth's image records, LVIS and VOC from a side table
      case "keypoints" -> new Protocol("reference/keypoints-small/person_keypoints_gt.json",
          "reference/keypoints-small/keypoints_results.json", new String[] {"--iou-type", "keypoints"}, false, 10,
          new String[] {"AP", "AP50", "AP75", "AR"});
      case "lvis" -> new Protocol("reference/lvis-small/lvis_gt.json", "reference/lvis-small/lvis_results.json",
          new String[] {"--protocol", "lvis"}, true, 13, new String[] {"AP", "AP50", "AP75", "APr", "APc", "APf", "AR"});
      case "bev" -> new Protocol("reference/box3d-small/gt.json", "reference/box3d-small/results.json",
          new String[] {"--iou-type", "bev"}, false, 4, new String[] {"AP", "AP25", "AP50", "AR100"});
      default -> new Protocol("reference/voc-small/instances_gt.json", "reference/voc-small/detections.json",
          new String[] {"--protocol", name}, true, 4, new String[] {"mAP", "AP", "AP50", "AP75"});
    };
  }

  /** The ground truth (with {@code site} in its image records unless the protocol reads a CSV) and the CSV's path. */
  static Path[] inputs(Protocol p, Path dir) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode g = (ObjectNode) m.readTree(Path.of(TestData.path(p.gt())).toFile());
    StringBuilder csv = new StringBuilder("image_id,site\n");
    for (var im : (ArrayNode) g.get("images")) {
      long id = im.get("id").asLong();
      if (p.csv()) csv.append(id).append(',').append(site(id)).append('\n');
      else ((ObjectNode) im).put("site", site(id));
    }
    Path gt = dir.resolve("gt.json");
    Path attrs = dir.resolve("attrs.csv");
    if (p.csv()) {
      Files.copy(Path.of(TestData.path(p.gt())), gt);
      Files.writeString(attrs, csv);
    } else {
      m.writeValue(gt.toFile(), g);
    }
    return new Path[] {gt, p.csv() ? attrs : null};
  }

  static List<Long> imagesOf(Path gt, String value) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (var im : new ObjectMapper().readTree(gt.toFile()).get("images")) {
      if (site(im.get("id").asLong()).equals(value)) ids.add(im.get("id").asLong());
    }
    return ids;
  }

  static CliRun run(Protocol p, Path gt, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("detection", "--gt", gt.toString(), "--pred", TestData.path(p.pred()),
        "--out", out.toString(), "--run-id", "s"));
    a.addAll(List.of(p.options()));
    a.addAll(List.of(extra));
    CliRun r = CliRun.of(a.toArray(new String[0]));
    assertEquals(Main.OK, r.exitCode, r.toString());
    return r;
  }

  static CliRun sliced(Protocol p, Path[] in, Path out, int partitions) {
    List<String> a = new ArrayList<>(List.of("--slice-by", "site", "--min-slice-images", "1", "--partitions",
        Integer.toString(partitions)));
    if (in[1] != null) a.addAll(List.of("--image-attributes", in[1].toString()));
    return run(p, in[0], out, a.toArray(new String[0]));
  }

  static Map<String, Object> summary(Path out) {
    return TestJson.map(TestJson.read(out.resolve("summary.json")));
  }

  static List<Row> table(Path out, String name) {
    return SparkTestSession.get().read().parquet(out.resolve(name).toString()).orderBy("category_id")
        .collectAsList();
  }

  static Double column(Row r, String name) {
    int i = r.fieldIndex(name);
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  static void near(Double want, Double got, String what) {
    if (want == null) {
      assertNull(got, what);
    } else {
      assertNotNull(got, what);
      assertEquals(want, got, TOL, what);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"keypoints", "lvis", "bev", "voc07"})
  void everySliceEqualsTheJobOnItsImagesAlone(String name) throws Exception {
    Protocol p = protocol(name);
    Path[] in = inputs(p, tmp);
    Path out = tmp.resolve("sliced");
    CliRun r = sliced(p, in, out, 3);
    boolean voc = name.startsWith("voc");
    // the console shows the protocol's headline columns, worst first by its first
    String header = "  value                      images" + String.join("", java.util.Arrays.stream(p.console())
        .map(c -> " ".repeat(7 - c.length()) + c).toList()) + (voc ? "     npos" : "   num_gt");
    assertTrue(r.out.contains("By site, worst " + p.console()[0] + " first") && r.out.contains(header + "\n"), r.out);

    List<Object> entries = TestJson.list(TestJson.map(TestJson.map(summary(out).get("slices")).get("fields"))
        .get("site"));
    List<Row> perSlice = SparkTestSession.get().read().parquet(out.resolve("per_slice").toString())
        .orderBy("value", "category_id").collectAsList();
    int checked = 0;
    for (int v = 0; v < VALUES.length; v++) {
      String value = VALUES[v];
      Path ref = tmp.resolve("only-" + value);
      List<Long> ids = imagesOf(in[0], value);
      run(p, in[0], ref, "--img-ids", String.join(",", ids.stream().map(String::valueOf).toList()), "--partitions",
          "2");
      Map<String, Object> want = summary(ref);

      // headline: the slice's summary.json entry, key by key, against the run's own keys
      Map<String, Object> got = TestJson.map(entries.get(v));
      assertEquals(value, got.get("value"));
      assertEquals(TestJson.integer(TestJson.map(want.get("counts")).get("images")), TestJson.integer(got.get("images")));
      int keys = 0;
      for (Map.Entry<String, Object> e : got.entrySet()) {
        if (List.of("value", "images", "too_few_images").contains(e.getKey())) continue;
        Object w = want.get(e.getKey());
        double wv = w == null ? -1 : (Double) w; // VOC writes an undefined number as null, slices as -1
        assertEquals(wv, (Double) e.getValue(), TOL, name + " site=" + value + " " + e.getKey());
        keys++;
      }
      assertEquals(p.stats(), keys, got.toString());

      // per class: per_slice's class rows against the run's per_class (VOC: summary.json per_class)
      Map<Long, Row> slice = new HashMap<>();
      Row headline = null;
      for (Row row : perSlice) {
        if (!row.getString(row.fieldIndex("value")).equals(value)) continue;
        if (row.isNullAt(row.fieldIndex("category_id"))) headline = row;
        else slice.put(row.getLong(row.fieldIndex("category_id")), row);
      }
      assertNotNull(headline);
      near((Double) got.get(p.console()[0]) > -1 ? (Double) got.get(p.console()[0]) : null,
          column(headline, p.console()[0]), "per_slice headline row");
      if (voc) {
        for (Object o : TestJson.list(want.get("per_class"))) {
          Map<String, Object> c = TestJson.map(o);
          Row s = slice.get(TestJson.integer(c.get("category_id")));
          String what = name + " site=" + value + " class " + c.get("category_id");
          near((Double) c.get("ap"), column(s, "AP50"), what + " AP50");
          near((Double) c.get("ap75"), column(s, "AP75"), what + " AP75");
          near((Double) c.get("ap_50_95"), column(s, "AP"), what + " AP");
          assertNull(column(s, "mAP"), what);
          assertEquals(TestJson.integer(c.get("npos")), s.getLong(s.fieldIndex("num_gt")), what + " npos");
          if (c.get("ap") != null) checked++;
        }
      } else {
        List<String> columns = new ArrayList<>(List.of(dev.overlap.core.coco.CocoSummary.NAMES));
        columns.addAll(List.of("AP25", "AR", "AR50", "AR75"));
        for (Row c : table(ref, "per_class")) {
          Row s = slice.get(c.getLong(c.fieldIndex("category_id")));
          String what = name + " site=" + value + " class " + c.getLong(c.fieldIndex("category_id"));
          for (String col : columns) near(column(c, col), column(s, col), what + " " + col);
          if (name.equals("lvis")) {
            // a class's APr / APc / APf: its AP in its own frequency group, none in the others
            String freq = c.getString(c.fieldIndex("frequency"));
            for (String g : new String[] {"r", "c", "f"}) {
              near(g.equals(freq) ? column(c, "AP") : null, column(s, "AP" + g), what + " AP" + g);
            }
          }
          if (column(c, "AP") != null) checked++;
        }
      }
    }
    // classes with a defined AP compared over both slices (keypoints-small: 2 classes with ground truth)
    assertTrue(checked >= 4, "compared " + checked);
  }

  @Test
  void vocSlicesAreTheSameBitsOnOneAndThreePartitions() throws Exception {
    Protocol p = protocol("voc12");
    Path[] in = inputs(p, tmp);
    CliRun p1 = sliced(p, in, tmp.resolve("p1"), 1);
    CliRun p3 = sliced(p, in, tmp.resolve("p3"), 3);
    List<Row> one = SparkTestSession.get().read().parquet(tmp.resolve("p1").resolve("per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    List<Row> three = SparkTestSession.get().read().parquet(tmp.resolve("p3").resolve("per_slice").toString())
        .orderBy("field", "value", "category_id").collectAsList();
    assertEquals(2 * 21, one.size());
    assertEquals(one.toString(), three.toString());
    assertEquals(summary(tmp.resolve("p1")).get("slices").toString(), summary(tmp.resolve("p3")).get("slices").toString());
    // the report's slice table, worst mAP first, names the run's own per_slice partition
    String html = Files.readString(tmp.resolve("p3").resolve("report.html"));
    assertTrue(html.contains("By site, worst mAP first") && html.contains("iou_type=bbox-voc12, column field = &#39;site"),
        "VOC slices in the report");
    String console = p1.out.substring(p1.out.indexOf("By site"));
    assertEquals(console.substring(0, console.indexOf("Read ")), p3.out.substring(p3.out.indexOf("By site"),
        p3.out.indexOf("Read ", p3.out.indexOf("By site"))));
  }
}
