package dev.overlap.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.Detection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cuts found by chunks scanned apart and chained on the driver against a naive whole-file walk written
 * here: every cut is a result's first byte with that result's index, line and line start, and the
 * stretches read exactly what one reader of the whole file reads. Files the chunks cannot vouch for give
 * no cuts (the caller reads them whole).
 */
class ArrayCutterTest {
  private static final long[] CHUNKS = {1, 2, 3, 5, 7, 13, 64, 257, 4096, 1 << 20};

  /** The cuts of {@code file} scanned in chunks of {@code chunkBytes}, or null. */
  static List<CocoResultsReader.Split> cut(byte[] file, long chunkBytes) {
    long[] starts = ArrayCutter.chunkStarts(file.length, chunkBytes);
    ArrayCutter.ChunkSummary[] sums = new ArrayCutter.ChunkSummary[starts.length];
    for (int k = 0; k < starts.length; k++) {
      long end = k + 1 < starts.length ? starts[k + 1] : file.length;
      int from = (int) ArrayCutter.readFrom(starts[k]);
      try (InputStream in = new ByteArrayInputStream(file, from, file.length - from)) {
        sums[k] = ArrayCutter.scan(in, starts[k], end);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ArrayCutter.stitch(sums);
  }

  /**
   * The oracle: every element of the top-level array, walked byte by byte over the whole file. Lines end
   * at newlines outside strings; line 1 starts after a byte order mark.
   */
  static List<CocoResultsReader.Split> naive(byte[] f) {
    List<CocoResultsReader.Split> out = new ArrayList<>();
    int p = 0;
    long line = 1;
    long lineStart = 0;
    if (f.length >= 3 && (f[0] & 0xff) == 0xEF && (f[1] & 0xff) == 0xBB && (f[2] & 0xff) == 0xBF) {
      p = 3;
      lineStart = 3;
    }
    boolean inString = false;
    boolean escaped = false;
    boolean want = false;
    int depth = 0;
    long index = 0;
    for (; p < f.length; p++) {
      char c = (char) (f[p] & 0xff);
      if (inString) {
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') inString = false;
        continue;
      }
      if (c == '\n') {
        line++;
        lineStart = p + 1;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (want && !(c == ']' && depth == 1)) out.add(new CocoResultsReader.Split(p, line, lineStart, index++));
      want = false;
      if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth == 1) want = true;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 1) {
        want = true;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Generated results arrays: strings with quotes, backslashes, brackets, commas and raw newlines,
  // nested segmentations, whitespace and newlines anywhere between tokens.

  private static final String[] PIECES = {"a", "\\\"", "\\\\", "[", "]", "{", "}", ",", "\\n", "\u00e9", "\u65e5\u672c",
      " ", "\\u0041", "\\/", "\\\\\\\"", "x\\\\"};

  private static String ws(SplittableRandom r) {
    switch (r.nextInt(8)) {
      case 0: return " ";
      case 1: return "\n";
      case 2: return "\r\n";
      case 3: return "\t";
      case 4: return "  \n  ";
      default: return "";
    }
  }

  private static String str(SplittableRandom r, boolean rawNewline) {
    StringBuilder b = new StringBuilder("\"");
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
    // a raw newline is not JSON, but a reader skipping the string steps over it without counting a line
    if (rawNewline && r.nextInt(4) == 0) b.append('\n');
    return b.append('"').toString();
  }

  private static String num(SplittableRandom r) {
    return r.nextBoolean() ? Integer.toString(r.nextInt(100)) : String.format("%.3f", r.nextDouble() * 100);
  }

  private static String element(SplittableRandom r) {
    int kind = r.nextInt(20);
    if (kind == 0) return num(r); // not an object: "expected a result object"
    if (kind == 1) return str(r, false);
    if (kind == 2) return "[" + ws(r) + num(r) + "," + ws(r) + "[" + str(r, false) + "]]";
    List<String> fields = new ArrayList<>();
    fields.add("\"image_id\":" + ws(r) + (1 + r.nextInt(5)));
    fields.add("\"category_id\":" + ws(r) + (1 + r.nextInt(3)));
    fields.add("\"bbox\":" + ws(r) + "[" + num(r) + "," + ws(r) + num(r) + ", " + num(r) + "," + num(r) + ws(r) + "]");
    fields.add("\"score\":" + ws(r) + (r.nextInt(12) == 0 ? "-1" : String.format("%.4f", r.nextDouble())));
    if (r.nextBoolean()) fields.add("\"note\":" + ws(r) + str(r, true));
    if (r.nextInt(3) == 0) {
      fields.add("\"extra\": {" + ws(r) + "\"a\": [1, {\"b\": " + str(r, true) + "}]," + ws(r) + "\"c\": [],"
          + " \"d\": {}, " + str(r, false) + ": " + str(r, false) + ws(r) + "}");
    }
    if (r.nextInt(3) == 0) {
      fields.add(r.nextBoolean()
          ? "\"segmentation\": [[" + num(r) + ", " + num(r) + ", " + num(r) + ",\n" + num(r) + ", 5, 5]," + ws(r)
              + "[1, 1, 2, 2, 3, 1]]"
          : "\"segmentation\": {\"size\": [4, 6], \"counts\": " + str(r, false) + "}");
    }
    if (r.nextInt(10) == 0) fields.remove(r.nextInt(fields.size())); // a missing field: a content error
    for (int i = fields.size() - 1; i > 0; i--) { // key order is free
      int j = r.nextInt(i + 1);
      String t = fields.get(i);
      fields.set(i, fields.get(j));
      fields.set(j, t);
    }
    StringBuilder b = new StringBuilder("{").append(ws(r));
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) b.append(",").append(ws(r));
      b.append(fields.get(i));
    }
    return b.append(ws(r)).append("}").toString();
  }

  static byte[] generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder b = new StringBuilder();
    if (r.nextInt(4) == 0) b.append('\uFEFF');
    if (r.nextBoolean()) b.append(ws(r)).append(ws(r));
    b.append('[').append(ws(r));
    int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(60);
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(ws(r)).append(',').append(ws(r));
      b.append(element(r));
    }
    b.append(ws(r)).append(']');
    if (r.nextBoolean()) b.append(ws(r)).append("\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------

  private static List<String> drain(CocoResultsReader r) {
    List<String> out = new ArrayList<>();
    while (true) {
      try {
        Detection d = r.next();
        if (d == null) return out;
        out.add(d.imageId() + "/" + d.categoryId() + "/" + Arrays.toString(d.bbox()) + "/" + d.score() + "/" + d.seq()
            + "/" + d.segmentation());
      } catch (InvalidInputException e) {
        out.add("error: " + e.getMessage());
      }
    }
  }

  private static List<String> byStretches(byte[] file, List<CocoResultsReader.Split> cuts, boolean segm) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cuts.size(); i++) {
      CocoResultsReader.Split s = cuts.get(i);
      long end = i + 1 < cuts.size() ? cuts.get(i + 1).offset() : Long.MAX_VALUE;
      InputStream in = new ByteArrayInputStream(file, (int) s.offset(), file.length - (int) s.offset());
      out.addAll(drain(CocoResultsReader.forSplit(in, "r.json", segm, s, end)));
    }
    return out;
  }

  /** The oracle's idea of lines and indexes is the JSON reader's: the serial pass, cutting at every result, agrees. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void theOracleAgreesWithTheSerialPass(long seed) {
    byte[] file = generate(seed);
    assertEquals(naive(file), CocoResultsReader.splits(new ByteArrayInputStream(file), "r.json", 1));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void cutsAreResultStartsWithTheirIndexLineAndLineStart(long seed) {
    byte[] file = generate(seed);
    List<CocoResultsReader.Split> all = naive(file);
    Map<Long, CocoResultsReader.Split> byOffset = new HashMap<>();
    for (CocoResultsReader.Split s : all) byOffset.put(s.offset(), s);
    for (long chunk : CHUNKS) {
      List<CocoResultsReader.Split> cuts = cut(file, chunk);
      assertNotNull(cuts, "chunks of " + chunk);
      if (!all.isEmpty()) assertEquals(all.get(0), cuts.get(0), "chunks of " + chunk);
      else assertTrue(cuts.isEmpty());
      for (CocoResultsReader.Split c : cuts) assertEquals(byOffset.get(c.offset()), c, "chunks of " + chunk);
      // one cut per chunk with a top-level comma in it: with 1-byte chunks, every result
      if (chunk == 1) assertEquals(all, cuts);
      if (chunk >= file.length) assertTrue(cuts.size() <= 1);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void stretchesReadWhatTheWholeFileReads(long seed) {
    byte[] file = generate(seed);
    for (boolean segm : new boolean[] {false, true}) {
      List<String> whole = drain(new CocoResultsReader(new ByteArrayInputStream(file), "r.json", segm));
      for (long chunk : CHUNKS) {
        assertEquals(whole, byStretches(file, cut(file, chunk), segm), "chunks of " + chunk + ", segm " + segm);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {97, 4096, 100_000})
  void cocoSmallResultsReadAsTheWholeArray(long chunk) throws IOException {
    byte[] file;
    try (InputStream in = ArrayCutterTest.class.getResourceAsStream("/reference/coco-small/detections.json")) {
      file = in.readAllBytes();
    }
    List<String> whole = drain(new CocoResultsReader(new ByteArrayInputStream(file), "r.json", false));
    List<CocoResultsReader.Split> cuts = cut(file, chunk);
    // one cut per chunk holding a top-level comma: here every chunk, or every result (~300 bytes each)
    assertEquals(Math.min(9870, (file.length + chunk - 1) / chunk), cuts.size(), 1 + cuts.size() / 50);
    assertEquals(whole, byStretches(file, cuts, false));
    assertEquals(9870, whole.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": 1}", "[{\"image_id\": 1}", "[1, 2] x", "[{\"a\": [}]", "x[1]", "[,1]",
      "[1, 2]]", "[1] [2]", "[\"abc]", "[1, \\ 2]", "[1, 2", "", "  \n ", "[1,\n\n", "\"[1]\"", "[1, \"a\\\"]"})
  void whatIsNotOneWellFormedArrayIsNotCut(String json) {
    byte[] file = json.getBytes(StandardCharsets.UTF_8);
    for (long chunk : CHUNKS) assertNull(cut(file, chunk), "chunks of " + chunk);
  }

  /**
   * Malformed JSON inside the array that the structure does not show: cut or not, the stretches report the
   * whole file's error at the same record or line and column (a stretch after it still reads its own).
   */
  @ParameterizedTest
  @ValueSource(strings = {"[1,]", "[{\"image_id\": 1,}, 2]", "[1, 2,, 3]", "[1.2.3, 2]", "[{\"a\": [1, 2}], 3]",
      "[\n{\"image_id\": 1, \"category_id\": 2, \"bbox\": [1, 2, 3, 4], \"score\": 0.5},\n{\"a\": tru},\n{}]"})
  void malformedInsideTheArrayIsReportedAsByTheWholeFileReader(String json) {
    byte[] file = json.getBytes(StandardCharsets.UTF_8);
    List<String> whole = drain(new CocoResultsReader(new ByteArrayInputStream(file), "r.json", false));
    assertTrue(whole.get(whole.size() - 1).contains("column"), whole.toString());
    for (long chunk : CHUNKS) {
      List<CocoResultsReader.Split> cuts = cut(file, chunk);
      if (cuts == null) continue; // read whole
      List<String> bySplits = byStretches(file, cuts, false);
      assertEquals(whole, bySplits.subList(0, whole.size()), "chunks of " + chunk);
    }
  }

  @Test
  void nestingBeyondWhatOneChunkFollowsIsNotCut() {
    String deep = "[" + "[".repeat(ArrayCutter.MAX_LEVEL + 2) + "]".repeat(ArrayCutter.MAX_LEVEL + 2) + ", 1]";
    byte[] file = deep.getBytes(StandardCharsets.UTF_8);
    assertNull(cut(file, 1 << 20), "one chunk");
    assertNull(cut(file, 1), "chunk starts deeper than a chunk follows");
    for (long chunk : CHUNKS) { // in between, where chunks start shallow enough: cut right
      List<CocoResultsReader.Split> cuts = cut(file, chunk);
      if (cuts != null) assertTrue(naive(file).containsAll(cuts), "chunks of " + chunk);
    }
    String ok = "[" + "[".repeat(ArrayCutter.MAX_LEVEL - 1) + "]".repeat(ArrayCutter.MAX_LEVEL - 1) + ", 1]";
    file = ok.getBytes(StandardCharsets.UTF_8);
    assertEquals(naive(file), cut(file, 1));
    assertEquals(naive(file).subList(0, 1), cut(file, 1 << 20));
  }

  @Test
  void edgesAfterBackslashesAndInsideTheByteOrderMarkMove() {
    // runs of backslashes in a string, at every possible chunk edge
    String json = "\uFEFF[{\"note\": \"\\\\\\\\\\\\\\\"]\\\\\", \"a\": 1},\n {\"b\": \"\\\\\"}, 3]";
    byte[] file = json.getBytes(StandardCharsets.UTF_8);
    List<CocoResultsReader.Split> all = naive(file);
    assertEquals(3, all.size());
    assertEquals(new CocoResultsReader.Split(4, 1, 3, 0), all.get(0));
    for (long chunk : CHUNKS) {
      List<CocoResultsReader.Split> cuts = cut(file, chunk);
      assertNotNull(cuts, "chunks of " + chunk);
      for (CocoResultsReader.Split c : cuts) assertTrue(all.contains(c), c + " in chunks of " + chunk);
    }
    assertEquals(all, cut(file, 1));
  }
}
