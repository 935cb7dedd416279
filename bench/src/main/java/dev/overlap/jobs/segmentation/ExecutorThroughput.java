package dev.overlap.jobs.segmentation;

import dev.overlap.jobs.io.HadoopConf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * One core running the segmentation job's executor function ({@link EvaluatePairs}) over a folder
 * pair, without Spark: listing and pairing as the driver does, then, per pair, Hadoop file system
 * reads, decode, count and the per-image rows, as one task would. Separates what a task costs from
 * Spark's fixed costs (session, planning, Parquet writes), which dominate small runs. Prints the
 * task's own read / decode / count split. In the bench module (in the job's package, whose function it calls); not a test.
 *
 * <pre>
 * mvn -B -ntp -Pbench -pl bench -am -DskipTests package
 * java -cp "bench/target/overlap-bench.jar:jobs/target/classes:jobs/target/lib/*" \
 *     dev.overlap.jobs.segmentation.ExecutorThroughput bench-out/data/semseg-500-s1-v2 [--passes 3]
 * </pre>
 */
public final class ExecutorThroughput {
  /** The generated sets' classes and ignore label ({@code SemsegSetGenerator}). */
  private static final int NUM_CLASSES = 19, IGNORE = 255;

  private ExecutorThroughput() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ExecutorThroughput DIR [--passes 3]");
      System.exit(2);
    }
    String dir = args[0].endsWith("/") ? args[0] : args[0] + "/";
    int passes = args.length >= 3 && args[1].equals("--passes") ? Integer.parseInt(args[2]) : 3;
    HadoopConf conf = new HadoopConf(new Configuration());
    SegmentationInputs.Listing gt = SegmentationInputs.list(conf, dir + "gt", "--gt", "png", ".png");
    SegmentationInputs.Listing pred = SegmentationInputs.list(conf, dir + "pred", "--pred", "png", ".png");
    List<PairTask> pairs = SegmentationInputs.pair(conf, gt, pred, false);
    EvaluatePairs f = new EvaluatePairs(conf, NUM_CLASSES, IGNORE,
        dev.overlap.core.png.LabelPngDecoder.DEFAULT_MAX_PIXELS, false);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int pass = 0; pass <= passes; pass++) {
      long w0 = System.nanoTime();
      long c0 = cpu.getCurrentThreadCpuTime();
      SegOutput partial = null;
      long pixels = 0;
      for (Iterator<SegOutput> it = f.call(pairs.iterator()); it.hasNext();) {
        SegOutput o = it.next();
        if (o.getKind() == SegOutput.IMAGE) pixels += (long) o.getWidth() * o.getHeight();
        if (o.getKind() == SegOutput.PARTIAL) partial = o;
      }
      double wall = (System.nanoTime() - w0) / 1e9;
      double cpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      if (pass == 0) continue; // warms the JIT and the file system cache
      System.out.printf(Locale.ROOT, "pass %d: %d pairs, %.0f Mpx/s wall, %.0f Mpx/s CPU (pair pixels); in the task: "
          + "read %.2f s, decode %.2f s, count %.2f s%n", pass, partial.getEvaluated(), pixels / wall / 1e6,
          pixels / cpuSeconds / 1e6, partial.getReadNanos() / 1e9, partial.getDecodeNanos() / 1e9,
          partial.getCountNanos() / 1e9);
    }
  }
}
