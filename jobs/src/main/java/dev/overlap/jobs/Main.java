package dev.overlap.jobs;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.detection.DetectionConfig;
import dev.overlap.jobs.detection.DetectionJob;
import dev.overlap.jobs.detection.DetectionOutputs;
import dev.overlap.jobs.detection.DetectionReport;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.spark.Sessions;
import dev.overlap.jobs.spark.StepTimer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The command line: {@code overlap detection ...} (and the other subcommands). Exit codes: 0 done,
 * 2 bad input or usage (one line naming file, record and field), 1 an internal failure.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;

  static final String USAGE = String.join("\n",
      "usage: overlap <command> [options]",
      "commands:",
      "  detection      COCO detection / instance segmentation evaluation (bbox, segm)",
      "  help           this text; 'overlap detection --help' for the options of a command",
      "");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, master -> Sessions.create(master, "overlap"), true);
    System.exit(code);
  }

  /**
   * Runs one command.
   *
   * @param sessions makes the session from {@code --master} (null when absent)
   * @param stopSession stop the session at the end (the CLI does; tests sharing a session do not)
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Function<String, SparkSession> sessions,
      boolean stopSession) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(USAGE);
      return args.length == 0 ? BAD_INPUT : OK;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    SparkSession spark = null;
    try {
      switch (command) {
        case "detection": {
          Args a = Args.parse(rest, DetectionConfig.OPTIONS, DetectionConfig.FLAGS);
          if (a.flag("help")) {
            out.println(DetectionConfig.USAGE);
            return OK;
          }
          DetectionConfig cfg = DetectionConfig.parse(a);
          spark = sessions.apply(a.get("master", null));
          if (!verbose) spark.sparkContext().setLogLevel("WARN");
          long t0 = System.nanoTime();
          StepTimer timer = new StepTimer();
          DetectionJob.DetectionResult r = DetectionJob.run(spark, cfg, timer);
          DetectionOutputs.write(spark, r, timer);
          r.release();
          DetectionReport.print(r, out);
          out.printf("Wrote %s (summary.json, summary, per_class, pr_curve, per_image) in %.1f s%n", cfg.run().out(),
              (System.nanoTime() - t0) / 1e9);
          if (verbose) out.println("Timings: " + timer);
          return OK;
        }
        default:
          err.println("overlap: unknown command \"" + command + "\"");
          err.print(USAGE);
          return BAD_INPUT;
      }
    } catch (Throwable e) {
      return report(e, err, verbose);
    } finally {
      if (spark != null && stopSession) spark.stop();
    }
  }

  /** Prints one line for a user error, or the failure with its cause; the stack only with --verbose. */
  static int report(Throwable e, PrintStream err, boolean verbose) {
    InvalidInputException bad = find(e, InvalidInputException.class);
    UsageException usage = find(e, UsageException.class);
    if (usage != null) {
      err.println("overlap: " + usage.getMessage());
      if (verbose) e.printStackTrace(err);
      return BAD_INPUT;
    }
    if (bad != null) {
      err.println("overlap: bad input: " + bad.getMessage());
      if (verbose) e.printStackTrace(err);
      return BAD_INPUT;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    err.println("overlap: failed: " + HadoopFiles.oneLine(root) + (verbose ? "" : " (run with --verbose for details)"));
    if (verbose) e.printStackTrace(err);
    return FAILED;
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
      for (Throwable s : t.getSuppressed()) if (type.isInstance(s)) return type.cast(s);
    }
    return null;
  }
}
