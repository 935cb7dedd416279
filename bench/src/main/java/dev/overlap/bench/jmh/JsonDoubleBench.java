package dev.overlap.bench.jmh;

import dev.overlap.core.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One JSON array of 100k numbers as Python's {@code json.dump} writes box coordinates and scores
 * (shortest round-trip reprs of random doubles in [0, 4096) and [0, 1): 16-17 significant
 * digits), read with {@code JsonReader.nextDouble}; nanoseconds per number.
 *
 * <p>Design choice: {@code nextDouble} converts without building a string: Clinger's fast path, then
 * Eisel-Lemire (a 64x128-bit product with a table of powers of five), and {@code Double.parseDouble}
 * only for what neither decides. Half of these numbers (17 digits, or 16 above 2^53) are beyond
 * Clinger's path, which alone sent them to the JDK's big-integer conversion; Eisel-Lemire decides
 * all of them. {@code tokenizeThenParseDouble} is the cost with no fast path at all, in the same run:
 * the reader scans each number ({@code skipValue}) and {@code Double.parseDouble} converts its text
 * (kept as strings, so without the string copy {@code nextDouble} would make);
 * {@code parseDoubleOnly} is {@code Double.parseDouble} alone. For the reader before Eisel-Lemire,
 * run {@code nextDouble} with that version's {@code JsonReader} classes first on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonDoubleBench {
  static final int COUNT = 100_000;

  private String[] texts;
  private byte[] json;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(42);
    texts = new String[COUNT];
    StringBuilder b = new StringBuilder(COUNT * 20).append('[');
    for (int i = 0; i < COUNT; i++) {
      // Four box coordinates to one score, as in a COCO results file.
      double d = i % 5 == 4 ? random.nextDouble() : random.nextDouble() * 4096;
      texts[i] = Double.toString(d);
      b.append(i == 0 ? "" : ",").append(texts[i]);
    }
    json = b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code nextDouble} on every number of the array. */
  @Benchmark
  @OperationsPerInvocation(COUNT)
  public double nextDouble() {
    JsonReader r = new JsonReader(json, 0, json.length);
    r.beginArray();
    double sum = 0;
    while (r.hasNext()) sum += r.nextDouble();
    r.endArray();
    return sum;
  }

  /** The reader's scan of every number, then {@code Double.parseDouble} on its text: the old path's cost. */
  @Benchmark
  @OperationsPerInvocation(COUNT)
  public double tokenizeThenParseDouble() {
    JsonReader r = new JsonReader(json, 0, json.length);
    r.beginArray();
    double sum = 0;
    for (int i = 0; r.hasNext(); i++) {
      r.skipValue();
      sum += Double.parseDouble(texts[i]);
    }
    r.endArray();
    return sum;
  }

  /** {@code Double.parseDouble} on the same numbers, no JSON. */
  @Benchmark
  @OperationsPerInvocation(COUNT)
  public double parseDoubleOnly() {
    double sum = 0;
    for (String t : texts) sum += Double.parseDouble(t);
    return sum;
  }
}
