package dev.overlap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Whether two runs wrote the same rows to a driver-written table ({@code per_class}, {@code pr_curve}): every
 * value of every row, in order, compared as text (doubles print as their shortest round-trip form, so equal
 * text is equal bits). The scale suite's partitions check uses it on runs of one set with different
 * {@code --partitions}.
 *
 * <pre>
 *   java -cp overlap-bench.jar:jobs jar:jobs/target/lib/* dev.overlap.bench.TablesEqual RUN_A RUN_B per_class pr_curve
 * </pre>
 *
 * Prints one line per table ("per_class: 80 rows identical" or the first differing row) and exits 1 on a
 * difference.
 */
public final class TablesEqual {
  private TablesEqual() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: TablesEqual RUN_A RUN_B TABLE...");
      System.exit(2);
    }
    boolean same = true;
    for (int t = 2; t < args.length; t++) {
      List<String> a = rows(Path.of(args[0], args[t]));
      List<String> b = rows(Path.of(args[1], args[t]));
      String diff = null;
      if (a.isEmpty()) diff = "no rows in " + args[0];
      for (int i = 0; diff == null && i < Math.min(a.size(), b.size()); i++) {
        if (!a.get(i).equals(b.get(i))) diff = "row " + i + " differs: " + a.get(i) + " | " + b.get(i);
      }
      if (diff == null && a.size() != b.size()) diff = a.size() + " rows against " + b.size();
      System.out.println(args[t] + ": " + (diff == null ? a.size() + " rows identical" : "MISMATCH: " + diff));
      same &= diff == null;
    }
    System.exit(same ? 0 : 1);
  }

  /** The rows of every Parquet file under the folder, files in path order, values as one line each. */
  static List<String> rows(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    List<String> out = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Path f : files) {
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(f.toUri())).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) out.add(g.toString().replace('\n', ' '));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return out;
  }
}
