package dev.overlap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a run ({@code scripts/bench --jfr}, or any
 * {@code -XX:StartFlightRecording=...,settings=profile}) into what bounds it: CPU samples per
 * activity (JSON parsing, per-image matching, Spark rows and encoders, shuffle and sort, Parquet,
 * compression, class loading...), per thread kind, the hottest methods (self and inclusive), GC pauses,
 * JIT compiler time and loaded classes, and the machine's CPU load next to the JVM's (other processes
 * on a shared machine show up there).
 *
 * <pre>
 * java -cp overlap-bench.jar dev.overlap.bench.JfrSummary bench-out/profiles/detection-20k-bbox.jfr [top]
 * </pre>
 *
 * <p>An activity is the first frame, from the leaf up, whose class matches a rule of {@link #RULES}; a
 * sample in {@code HashMap.get} called by {@code ImageEvaluator} counts as matching.
 */
public final class JfrSummary {
  private JfrSummary() {}

  /** (class name prefix, activity), tried in order on each frame from the leaf to the root. */
  static final String[][] RULES = {
      {"dev.overlap.core.json.", "JSON parse (core JsonReader)"},
      {"dev.overlap.core.io.", "JSON parse (core COCO readers)"},
      {"dev.overlap.core.mask.", "mask kernels (RLE IoU, polygons)"},
      {"dev.overlap.core.box.", "per-image matching (ImageEvaluator, box IoU)"},
      {"dev.overlap.core.coco.ImageEvaluator", "per-image matching (ImageEvaluator, box IoU)"},
      {"dev.overlap.core.coco.", "accumulation (curves, summary)"},
      {"dev.overlap.jobs.io.", "job I/O (line splits, Hadoop streams)"},
      {"dev.overlap.jobs.", "job code (records, beans)"},
      {"java.lang.ClassLoader", "class loading"},
      {"jdk.internal.loader.", "class loading"},
      {"java.net.URLClassLoader", "class loading"},
      {"java.lang.invoke.", "class loading (lambda / method handles)"},
      {"com.github.luben.zstd", "compression (zstd, lz4, snappy)"},
      {"net.jpountz.", "compression (zstd, lz4, snappy)"},
      {"org.xerial.snappy", "compression (zstd, lz4, snappy)"},
      {"io.airlift.compress", "compression (zstd, lz4, snappy)"},
      {"org.apache.parquet.", "Parquet"},
      {"org.apache.spark.sql.execution.datasources.", "Parquet"},
      {"com.esotericsoftware.", "serialization (Kryo, Java)"},
      {"org.apache.spark.serializer.", "serialization (Kryo, Java)"},
      {"java.io.ObjectOutputStream", "serialization (Kryo, Java)"},
      {"java.io.ObjectInputStream", "serialization (Kryo, Java)"},
      {"org.apache.spark.sql.catalyst.expressions.GeneratedClass", "Spark rows: generated code (encoders, projections)"},
      {"org.apache.spark.sql.catalyst.expressions.codegen.", "Spark planning: code generation (janino)"},
      {"org.codehaus.janino.", "Spark planning: code generation (janino)"},
      {"org.codehaus.commons.", "Spark planning: code generation (janino)"},
      {"org.apache.spark.sql.catalyst.expressions.", "Spark rows: interpreted expressions, UnsafeRow"},
      {"org.apache.spark.sql.catalyst.encoders.", "Spark rows: interpreted expressions, UnsafeRow"},
      {"org.apache.spark.sql.catalyst.", "Spark planning (catalyst)"},
      {"org.apache.spark.sql.execution.", "Spark SQL execution (sort, exchange, scan)"},
      {"org.apache.spark.unsafe.", "shuffle / sort / cache (Spark core)"},
      {"org.apache.spark.shuffle.", "shuffle / sort / cache (Spark core)"},
      {"org.apache.spark.util.collection.", "shuffle / sort / cache (Spark core)"},
      {"org.apache.spark.storage.", "shuffle / sort / cache (Spark core)"},
      {"org.apache.spark.io.", "compression (zstd, lz4, snappy)"},
      {"org.apache.hadoop.", "Hadoop file system"},
      {"org.apache.spark.", "Spark core (scheduler, RPC, other)"},
      {"scala.", "Scala library"},
      {"io.netty.", "Spark core (scheduler, RPC, other)"},
      {"org.apache.logging.", "logging"},
  };

  public static void main(String[] args) throws IOException {
    if (args.length < 1) throw new IllegalArgumentException("usage: JfrSummary FILE.jfr [top]");
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Long> activity = new HashMap<>();
    Map<String, Long> threadKind = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Map<String, Long>> activityByThread = new HashMap<>();
    long samples = 0;
    long gcCount = 0;
    Duration gcPause = Duration.ZERO;
    Duration gcTotal = Duration.ZERO;
    long maxAfterGc = -1; // live set: the most heap still used right after a collection
    long maxBeforeGc = -1;
    long compileMs = -1;
    long compiles = -1;
    long loadedClasses = -1;
    double jvmCpu = 0, machineCpu = 0;
    long cpuEvents = 0;
    Instant first = null, last = null;
    try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        String type = e.getEventType().getName();
        Instant t = e.getStartTime();
        if (first == null || t.isBefore(first)) first = t;
        if (last == null || e.getEndTime().isAfter(last)) last = e.getEndTime();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            samples++;
            RecordedThread th = e.getThread("sampledThread");
            String kind = threadKind(th == null ? "?" : th.getJavaName());
            threadKind.merge(kind, 1L, Long::sum);
            RecordedStackTrace st = e.getStackTrace();
            String act = "other (JDK, unmatched)";
            if (st != null && !st.getFrames().isEmpty()) {
              List<RecordedFrame> frames = st.getFrames();
              self.merge(name(frames.get(0)), 1L, Long::sum);
              Set<String> seen = new HashSet<>();
              boolean matched = false;
              for (RecordedFrame fr : frames) {
                String cls = fr.getMethod() == null ? "" : fr.getMethod().getType().getName();
                if (!matched) {
                  for (String[] rule : RULES) {
                    if (cls.startsWith(rule[0])) {
                      act = rule[1];
                      matched = true;
                      break;
                    }
                  }
                }
                String n = name(fr);
                if ((cls.startsWith("dev.overlap.") || cls.startsWith("org.apache.spark.sql.execution.")
                    || cls.startsWith("org.apache.spark.rdd.") || cls.startsWith("org.apache.spark.shuffle.")
                    || cls.startsWith("org.apache.parquet.")) && seen.add(n)) {
                  inclusive.merge(n, 1L, Long::sum);
                }
              }
            }
            activity.merge(act, 1L, Long::sum);
            activityByThread.computeIfAbsent(kind, k -> new HashMap<>()).merge(act, 1L, Long::sum);
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            gcTotal = gcTotal.plus(e.getDuration());
            gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
          }
          case "jdk.GCHeapSummary" -> {
            long used = e.getLong("heapUsed");
            if ("After GC".equals(e.getString("when"))) maxAfterGc = Math.max(maxAfterGc, used);
            else maxBeforeGc = Math.max(maxBeforeGc, used);
          }
          case "jdk.CompilerStatistics" -> {
            compileMs = Math.max(compileMs, e.getLong("totalTimeSpent"));
            compiles = Math.max(compiles, e.getInt("compileCount"));
          }
          case "jdk.ClassLoadingStatistics" -> loadedClasses = Math.max(loadedClasses, e.getLong("loadedClassCount"));
          case "jdk.CPULoad" -> {
            jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
            machineCpu += e.getFloat("machineTotal");
            cpuEvents++;
          }
          default -> { }
        }
      }
    }
    double secs = first == null ? 0 : Duration.between(first, last).toMillis() / 1e3;
    System.out.printf(Locale.ROOT, "recording: %.1f s, %d CPU samples (Java code on CPU; ~20 ms apart per thread)%n",
        secs, samples);
    if (cpuEvents > 0) {
      System.out.printf(Locale.ROOT, "CPU load (share of all cores, mean of 1 s samples): this JVM %.0f%%, whole machine %.0f%%%n",
          100 * jvmCpu / cpuEvents, 100 * machineCpu / cpuEvents);
    }
    System.out.printf(Locale.ROOT, "GC: %d collections, pauses %.2f s, total GC time %.2f s%n", gcCount,
        gcPause.toMillis() / 1e3, gcTotal.toMillis() / 1e3);
    if (maxAfterGc >= 0) {
      System.out.printf(Locale.ROOT, "heap: live set (most used right after a collection) %d MiB, most used before one %d MiB%n",
          maxAfterGc >> 20, maxBeforeGc >> 20);
    }
    if (compileMs >= 0) {
      System.out.printf(Locale.ROOT, "JIT: %d compilations, %.1f s of compiler-thread time%n", compiles, compileMs / 1e3);
    }
    if (loadedClasses >= 0) System.out.printf(Locale.ROOT, "classes loaded: %d%n", loadedClasses);
    print("CPU samples by activity (first matching frame from the leaf)", activity, samples, 40);
    print("CPU samples by thread", threadKind, samples, 10);
    for (Map.Entry<String, Map<String, Long>> e : activityByThread.entrySet()) {
      long n = 0;
      for (long v : e.getValue().values()) n += v;
      if (n * 20 < samples) continue;
      print("  activity on " + e.getKey() + " threads", e.getValue(), n, 8);
    }
    print("hottest methods, self (leaf frame)", self, samples, top);
    print("hottest methods, inclusive (Overlap, Spark SQL execution, shuffle, Parquet frames)", inclusive, samples, top);
  }

  private static String threadKind(String name) {
    if (name.startsWith("Executor task launch worker")) return "executor task";
    if (name.equals("main")) return "driver main";
    return name.replaceAll("[0-9]+", "N");
  }

  private static String name(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    if (m == null) return "?";
    String cls = m.getType().getName();
    if (cls.startsWith("org.apache.spark.sql.catalyst.expressions.GeneratedClass")) {
      cls = "GeneratedClass$...";
    }
    return cls + "." + m.getName();
  }

  private static void print(String title, Map<String, Long> counts, long total, int top) {
    System.out.println();
    System.out.println(title + ":");
    List<Map.Entry<String, Long>> l = new ArrayList<>(counts.entrySet());
    l.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    for (int i = 0; i < Math.min(top, l.size()); i++) {
      Map.Entry<String, Long> e = l.get(i);
      System.out.printf(Locale.ROOT, "  %5.1f%%  %7d  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getValue(),
          e.getKey());
    }
  }
}
