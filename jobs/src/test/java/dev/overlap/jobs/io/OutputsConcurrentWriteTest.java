package dev.overlap.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs finishing at the same moment both replace {@code summary.json} and {@code report.html}
 * under one --out: each write must land whole (one run's bytes, never a mix) and neither may fail
 * because the other renamed a shared temporary file away.
 */
class OutputsConcurrentWriteTest {
  @TempDir Path out;

  @Test
  void concurrentReplacementsEachLandWholeAndLeaveNoTemporaryFile() throws Exception {
    int writers = 6;
    int rounds = 40;
    Set<String> contents = new HashSet<>();
    for (int w = 0; w < writers; w++) contents.add(("writer " + w + " ").repeat(2000 + 500 * w));
    List<String> each = new ArrayList<>(contents);
    CyclicBarrier start = new CyclicBarrier(writers);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    Configuration conf = new Configuration();
    for (int w = 0; w < writers; w++) {
      byte[] bytes = each.get(w).getBytes(StandardCharsets.UTF_8);
      Thread t = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < rounds; i++) {
            Outputs.writeFile(conf, out.toString(), "summary.json", bytes);
            String now = Files.readString(out.resolve("summary.json"));
            if (!contents.contains(now)) throw new AssertionError("a mixed or partial summary.json of " + now.length() + " chars");
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    assertEquals(List.of(), new ArrayList<>(failures));
    assertTrue(contents.contains(Files.readString(out.resolve("summary.json"))));
    try (var files = Files.list(out)) {
      assertEquals(List.of("summary.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
