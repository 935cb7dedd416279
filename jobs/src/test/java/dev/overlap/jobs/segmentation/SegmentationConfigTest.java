package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Options and class-name files, validated up front with messages naming the option and the value. */
class SegmentationConfigTest {
  @TempDir Path tmp;

  static SegmentationConfig parse(String... extra) {
    List<String> a = new ArrayList<>(List.of("--gt", "g", "--pred", "p", "--out", "o"));
    a.addAll(List.of(extra));
    return SegmentationConfig.parse(Args.parse(a.toArray(new String[0]), SegmentationConfig.OPTIONS,
        SegmentationConfig.FLAGS));
  }

  @Test
  void cityscapesClassesGiveNineteenNamedClassesAndDefaults() {
    SegmentationConfig c = parse("--classes", "../conf/classes/cityscapes.csv", "--exclude-from-headline", "0");
    assertEquals(19, c.numClasses());
    assertEquals("road", c.classNames()[0]);
    assertEquals("traffic light", c.classNames()[6]);
    assertEquals("bicycle", c.classNames()[18]);
    assertEquals(255, c.ignoreLabel());
    assertArrayEquals(new int[] {0}, c.excludedFromHeadline());
    assertEquals(LabelPngDecoder.DEFAULT_MAX_PIXELS, c.maxPixels());
    assertEquals(".png", c.gtSuffix());
    assertEquals("auto", c.gtFormat());
    assertTrue(!c.isSignal(0) && c.isSignal(1));
  }

  @Test
  void numClassesWithoutNamesShowsIds() {
    SegmentationConfig c = parse("--num-classes", "4", "--ignore-label", "none", "--max-pixels", "1000",
        "--exclude-from-headline", "3,0,3", "--gt-suffix", "_gtFine_labelTrainIds.png");
    assertEquals(4, c.numClasses());
    assertNull(c.classNames()[2]);
    assertEquals("2", c.displayName(2));
    assertEquals(-1, c.ignoreLabel());
    assertEquals(1000, c.maxPixels());
    assertArrayEquals(new int[] {0, 3}, c.excludedFromHeadline());
    assertEquals("_gtFine_labelTrainIds.png", c.gtSuffix());
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new String[] {}, "--num-classes is required"),
        Arguments.of(new String[] {"--num-classes", "0"}, "--num-classes: must be at least 1, got 0"),
        Arguments.of(new String[] {"--num-classes", "5000"}, "--num-classes: at most 4096, got 5000"),
        Arguments.of(new String[] {"--num-classes", "19", "--ignore-label", "5"},
            "--ignore-label 5 is a class id (0..18); use a label >= 19 or none"),
        Arguments.of(new String[] {"--num-classes", "300"},
            "--ignore-label 255 (the default) is a class id (0..299); use a label >= 300 or none"),
        Arguments.of(new String[] {"--num-classes", "19", "--ignore-label", "-3"}, "--ignore-label: expected a label"),
        Arguments.of(new String[] {"--num-classes", "19", "--ignore-label", "x"}, "--ignore-label: expected a label"),
        Arguments.of(new String[] {"--num-classes", "19", "--exclude-from-headline", "19"},
            "--exclude-from-headline: 19 is not a class id (0..18)"),
        Arguments.of(new String[] {"--num-classes", "2", "--exclude-from-headline", "0,1"},
            "--exclude-from-headline: excludes every class"),
        Arguments.of(new String[] {"--num-classes", "19", "--max-pixels", "0"}, "--max-pixels: must be in 1.."),
        Arguments.of(new String[] {"--num-classes", "19", "--max-pixels", "lots"},
            "--max-pixels: expected an integer, got \"lots\""),
        Arguments.of(new String[] {"--num-classes", "19", "--gt-format", "tiff"},
            "--gt-format: expected one of auto, png, parquet, got \"tiff\""),
        Arguments.of(new String[] {"--num-classes", "19", "--pred-suffix", "a/b.png"}, "--pred-suffix: expected"),
        Arguments.of(new String[] {"--num-classes", "3", "--classes", "../conf/classes/cityscapes.csv"},
            "class id 3 is not below --num-classes 3"),
        Arguments.of(new String[] {"--classes", "no-such-file.csv"}, "--classes: cannot read no-such-file.csv"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionsNameTheOptionAndValue(String[] args, String message) {
    UsageException e = assertThrows(UsageException.class, () -> parse(args));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void csvWithQuotesCommentsAndExtraColumns() throws IOException {
    Path f = write("c.csv", "\uFEFF# comment\nid,name,color\n0,\"road, paved\",1\n\n2,\"say \"\"hi\"\"\"\n1, sky \n");
    TreeMap<Integer, String> n = ClassNames.read(f);
    assertEquals("road, paved", n.get(0));
    assertEquals("sky", n.get(1));
    assertEquals("say \"hi\"", n.get(2));
    SegmentationConfig c = parse("--classes", f.toString());
    assertEquals(3, c.numClasses());
  }

  @Test
  void jsonInThreeShapes() throws IOException {
    assertEquals("b", ClassNames.read(write("a.json", "[\"a\", \"b\"]")).get(1));
    TreeMap<Integer, String> objects = ClassNames.read(write("b.json", "[{\"id\": 4, \"name\": \"car\"}, {\"id\": 0, "
        + "\"name\": \"road\"}]"));
    assertEquals("car", objects.get(4));
    assertEquals(2, objects.size());
    assertEquals("sky", ClassNames.read(write("c.json", "{\"0\": \"road\", \"10\": \"sky\"}")).get(10));
    SegmentationConfig c = parse("--classes", tmp.resolve("b.json").toString(), "--num-classes", "6");
    assertEquals("car", c.classNames()[4]);
    assertNull(c.classNames()[5]);
  }

  static Stream<Arguments> badClassFiles() {
    return Stream.of(
        Arguments.of("dup.csv", "0,a\n0,b\n", "line 2: class id 0 is named twice"),
        Arguments.of("neg.csv", "-1,a\n", "line 1: \"-1\" is not a class id"),
        Arguments.of("word.csv", "id,name\nroad,0\n", "line 2: \"road\" is not a class id"),
        Arguments.of("one.csv", "7\n", "line 1: expected \"id,name\""),
        Arguments.of("quote.csv", "0,\"road\n", "line 1: unterminated quote"),
        Arguments.of("empty.csv", "# nothing\n", "no classes"),
        Arguments.of("bad.json", "[\"a\", ", "not valid JSON"),
        Arguments.of("num.json", "[1, 2]", "entry 0: expected a name"),
        Arguments.of("frac.json", "[{\"id\": 1.5, \"name\": \"x\"}]", "entry 0: \"id\" must be an integer"),
        Arguments.of("key.json", "{\"a\": \"x\"}", "key \"a\": \"a\" is not a class id"),
        Arguments.of("scalar.json", "3", "expected a JSON array or object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClassFiles")
  void badClassFilesNameFileAndLine(String name, String content, String message) throws IOException {
    Path f = write(name, content);
    UsageException e = assertThrows(UsageException.class, () -> ClassNames.read(f));
    assertTrue(e.getMessage().startsWith("--classes " + f + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  private Path write(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}
