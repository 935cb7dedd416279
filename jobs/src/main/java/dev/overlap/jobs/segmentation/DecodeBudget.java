package dev.overlap.jobs.segmentation;

import dev.overlap.core.png.PngHeader;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * What one label map may cost a task before it is decoded: the heap of this JVM, less Spark's
 * reserved 300 MiB, shared by the tasks that can run in it at once, halved for the two maps of a
 * pair. A map over its share is refused in one line naming the file, instead of an
 * {@code OutOfMemoryError} that takes the whole executor down (exit 52, a page of stack traces).
 */
final class DecodeBudget {
  private DecodeBudget() {}

  /** Spark's reserved system memory, which no task gets. */
  static final long RESERVED = 300L << 20;

  /** Heap a whole decoded map holds: one byte per pixel, two at bit depth 16. */
  static long labelBytes(PngHeader h) {
    return h.pixelCount() * (h.bitDepth() == 16 ? 2 : 1);
  }

  /** The share of one map in a task of this JVM. */
  static long perMap() {
    return perMap(Runtime.getRuntime().maxMemory(), concurrentTasks());
  }

  static long perMap(long heap, int tasks) {
    return Math.max(0, heap - RESERVED) / Math.max(1, tasks) / 2;
  }

  /** Tasks that may run at once in this JVM: executor cores (local[N]: N) over CPUs per task. */
  static int concurrentTasks() {
    SparkEnv env = SparkEnv.get();
    int cores = Runtime.getRuntime().availableProcessors();
    if (env == null) return cores;
    SparkConf conf = env.conf();
    if (conf.contains("spark.executor.cores") && !"driver".equals(env.executorId())) {
      cores = conf.getInt("spark.executor.cores", cores);
    } else {
      String master = conf.get("spark.master", "");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)(,\\d+)?\\]").matcher(master);
      if (m.matches()) cores = Integer.parseInt(m.group(1));
      else if (master.equals("local")) cores = 1;
    }
    return Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
  }

  static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  static String describe(long budget) {
    return mib(budget) + " MiB: the heap of " + mib(Runtime.getRuntime().maxMemory()) + " MiB less 300 MiB reserved, over "
        + concurrentTasks() + " concurrent tasks, halved for the two maps of a pair";
  }
}
