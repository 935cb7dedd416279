package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.CocoResultsReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing generated COCO files held in memory (200 images: ~10k results, ~1.5k annotations) with the
 * core streaming readers, reported as milliseconds per file; divide the record counts printed at
 * setup by it for records per second.
 *
 * <p>Design choice: our own byte-level pull parser ({@code JsonReader}) building immutable core records,
 * no DOM and no general-purpose JSON library. Records per second bound the read stage: the job reads a
 * results JSON array in one task, JSON Lines in parallel byte ranges ({@code parseLine}); at ~1M bbox
 * results a 9 s end-to-end target leaves the read a few seconds on two cores. {@code segm} adds the
 * compressed-RLE decode of each mask; {@code groundTruthBbox} parses polygons it then drops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonParseBench {
  static final int IMAGES = 200;

  private byte[] gtJson;
  private byte[] bboxJson;
  private byte[] bboxLines;
  private byte[] segmJson;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    CocoSetGenerator gen = new CocoSetGenerator(IMAGES, 1);
    Path dir = Files.createTempDirectory("overlap-jmh-json");
    try {
      gen.writeGroundTruth(dir.resolve("gt.json"));
      gen.writeResults(dir.resolve("bbox.json"), false, false);
      gen.writeResults(dir.resolve("bbox.jsonl"), false, true);
      gen.writeResults(dir.resolve("segm.json"), true, false);
      gtJson = Files.readAllBytes(dir.resolve("gt.json"));
      bboxJson = Files.readAllBytes(dir.resolve("bbox.json"));
      bboxLines = Files.readAllBytes(dir.resolve("bbox.jsonl"));
      segmJson = Files.readAllBytes(dir.resolve("segm.json"));
    } finally {
      for (String f : new String[] {"gt.json", "bbox.json", "bbox.jsonl", "segm.json"}) Files.deleteIfExists(dir.resolve(f));
      Files.deleteIfExists(dir);
    }
    System.out.printf("%n[JsonParseBench] %d results (bbox array %d bytes, lines %d bytes, segm %d bytes), gt %d bytes%n",
        count(bboxJson), bboxJson.length, bboxLines.length, segmJson.length, gtJson.length);
  }

  private static long count(byte[] json) {
    long n = 0;
    try (CocoResultsReader r = new CocoResultsReader(new ByteArrayInputStream(json), "bench", false)) {
      while (r.next() != null) n++;
    }
    return n;
  }

  /** A results JSON array, boxes only (how the job reads a {@code .json} results file, in one task). */
  @Benchmark
  public void resultsArrayBbox(Blackhole bh) {
    try (CocoResultsReader r = new CocoResultsReader(new ByteArrayInputStream(bboxJson), "bench", false)) {
      Detection d;
      while ((d = r.next()) != null) bh.consume(d);
    }
  }

  /** JSON Lines, one {@code parseLine} per line (how the job reads byte ranges of a {@code .jsonl} file). */
  @Benchmark
  public void resultsLinesBbox(Blackhole bh) {
    byte[] b = bboxLines;
    int start = 0;
    long line = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] != '\n') continue;
      line++;
      if (i > start) bh.consume(CocoResultsReader.parseLine(b, start, i - start, "bench", line, line, false));
      start = i + 1;
    }
  }

  /** A results JSON array with compressed-RLE masks, decoded to counts. */
  @Benchmark
  public void resultsArraySegm(Blackhole bh) {
    try (CocoResultsReader r = new CocoResultsReader(new ByteArrayInputStream(segmJson), "bench", true)) {
      Detection d;
      while ((d = r.next()) != null) bh.consume(d);
    }
  }

  /** The instances file for bbox evaluation: segmentations skipped. */
  @Benchmark
  public void groundTruthBbox(Blackhole bh) {
    try (CocoGroundTruthReader r = new CocoGroundTruthReader(new ByteArrayInputStream(gtJson), "bench", false)) {
      Object o;
      while ((o = r.next()) != null) bh.consume(o);
    }
  }

  /** The instances file for segm evaluation: polygons and crowd RLE read. */
  @Benchmark
  public void groundTruthSegm(Blackhole bh) {
    try (CocoGroundTruthReader r = new CocoGroundTruthReader(new ByteArrayInputStream(gtJson), "bench", true)) {
      Object o;
      while ((o = r.next()) != null) bh.consume(o);
    }
  }
}
