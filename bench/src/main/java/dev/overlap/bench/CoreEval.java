package dev.overlap.bench;

import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.CocoFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Core-only COCO evaluation time, no Spark: parses the files with the core readers, then runs
 * {@link CocoEvaluator#evaluate} (per-image matching, accumulation, summary) {@code --repeat} times in
 * the same JVM. The first run includes JIT warm-up, as a one-shot process pays it; later runs show the
 * steady state. This is the issue's "core evaluation after parsing" figure (5k bbox in at most 0.2 s).
 * The evaluating thread's CPU time is printed next to wall time (JIT compiler threads not included), and
 * the whole process's CPU time (JIT and GC included), which also counts a second evaluation thread.
 * {@code --threads 1} keeps {@link CocoEvaluator} on one thread (default: its own choice, two on two cores).
 *
 * <pre>
 * java -cp overlap-bench.jar dev.overlap.bench.CoreEval --gt instances.json --pred results.json \
 *     [--iou-type bbox|segm] [--repeat 5] [--threads 1|2]
 * </pre>
 * prints {@code key=value} lines (seconds, counts and the twelve stats) for {@code scripts/bench}.
 */
public final class CoreEval {
  private CoreEval() {}

  public static void main(String[] args) {
    Cli cli = Cli.parse(args, "gt", "pred", "iou-type", "repeat", "threads");
    IouType type = IouType.valueOf(cli.value("iou-type", "bbox").toUpperCase(Locale.ROOT));
    int repeat = cli.intValue("repeat", 5);
    int threads = cli.intValue("threads", 0);
    boolean segm = type == IouType.SEGM;

    long t0 = System.nanoTime();
    CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of(cli.required("gt")), segm);
    long t1 = System.nanoTime();
    List<Detection> dts = CocoFiles.readResults(Path.of(cli.required("pred")), segm);
    long t2 = System.nanoTime();
    CocoParams params = CocoParams.defaults(type);

    // thread CPU time next to wall time: on a shared machine it moves less with other processes' load
    ThreadMXBean cpuClock = ManagementFactory.getThreadMXBean();
    double[] times = new double[repeat];
    double[] cpu = new double[repeat];
    double[] processCpu = new double[repeat];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    CocoEvaluation e = null;
    for (int i = 0; i < repeat; i++) {
      long pc = os.getProcessCpuTime();
      long c = cpuClock.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      e = threads > 0 ? CocoEvaluator.evaluate(gt, dts, params, "ground truth", seq -> "result #" + seq, threads)
          : CocoEvaluator.evaluate(gt, dts, params);
      times[i] = (System.nanoTime() - s) / 1e9;
      cpu[i] = (cpuClock.getCurrentThreadCpuTime() - c) / 1e9;
      processCpu[i] = (os.getProcessCpuTime() - pc) / 1e9;
    }
    double first = times[0];
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    double[] sortedCpu = cpu.clone();
    Arrays.sort(sortedCpu);
    double[] sortedProcessCpu = processCpu.clone();
    Arrays.sort(sortedProcessCpu);
    StringBuilder stats = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0) stats.append(',');
      stats.append(e.summary().stat(i));
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "iou_type=%s%nimages=%d%nground_truths=%d%ndetections=%d%n", type.name().toLowerCase(
        Locale.ROOT), gt.images().size(), gt.annotations().size(), dts.size());
    System.out.printf(Locale.ROOT, "parse_gt_s=%.3f%nparse_results_s=%.3f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    System.out.printf(Locale.ROOT, "evaluate_first_s=%.3f%nevaluate_best_s=%.3f%nevaluate_median_s=%.3f%nrepeat=%d%n",
        first, sorted[0], sorted[repeat / 2], repeat);
    System.out.printf(Locale.ROOT, "evaluate_first_cpu_s=%.3f%nevaluate_best_cpu_s=%.3f%n", cpu[0], sortedCpu[0]);
    System.out.printf(Locale.ROOT, "evaluate_first_process_cpu_s=%.3f%nevaluate_best_process_cpu_s=%.3f%nthreads=%s%n",
        processCpu[0], sortedProcessCpu[0], threads > 0 ? Integer.toString(threads) : "default");
    System.out.printf(Locale.ROOT, "heap_used_mb=%d%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    System.out.println("stats=" + stats);
  }
}
