package dev.overlap.jobs;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.Command;
import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.detection.DetectionCommand;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.panoptic.PanopticCommand;
import dev.overlap.jobs.segmentation.SegmentationCommand;
import dev.overlap.jobs.spark.Progress;
import dev.overlap.jobs.spark.Sessions;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The command line: {@code overlap <command> [options]}. Exit codes: 0 done, 2 bad input or usage
 * (one line naming file, record and field), 3 done but records were rejected (skip mode without
 * --allow-rejects), 4 done but the regression gate failed, 1 an internal failure.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  /** The run finished, but with --on-bad-input skip some records went to the rejects table. */
  public static final int REJECTS = 3;
  /** The run completed and its outputs are written, but the regression gate ({@code --fail-below}, {@code --max-drop}) failed. */
  public static final int GATE_FAILED = 4;

  /** Every subcommand; a new one is one line here. */
  static final List<Command> COMMANDS = List.of(new DetectionCommand(),
      new SegmentationCommand(), new dev.overlap.jobs.compare.CompareCommand(),
      new PanopticCommand());

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, master -> Sessions.create(master, "overlap"), true);
    System.exit(code);
  }

  static String usage() {
    StringBuilder b = new StringBuilder("usage: overlap <command> [options]\ncommands:\n");
    for (Command c : COMMANDS) b.append("  ").append(String.format("%-14s", c.name())).append(c.summary()).append('\n');
    b.append("  help          this text; 'overlap <command> --help' for the options of a command\n");
    return b.toString();
  }

  /**
   * Runs one command.
   *
   * @param sessions makes the session from {@code --master} (null when absent)
   * @param stopSession stop the session at the end (the CLI does; tests sharing a session do not)
   */
  public static int run(String[] args, PrintStream rawOut, PrintStream rawErr, Function<String, SparkSession> sessions,
      boolean stopSession) {
    // file names, class names and messages are user data: escaped and redacted on the way out
    PrintStream out = dev.overlap.jobs.cli.ConsoleStream.wrap(rawOut);
    PrintStream err = dev.overlap.jobs.cli.ConsoleStream.wrap(rawErr);
    try {
      return runCommand(args, out, err, sessions, stopSession);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int runCommand(String[] args, PrintStream out, PrintStream err, Function<String, SparkSession> sessions,
      boolean stopSession) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(usage());
      return args.length == 0 ? BAD_INPUT : OK;
    }
    Command command = null;
    for (Command c : COMMANDS) if (c.name().equals(args[0])) command = c;
    if (command == null) {
      err.println("overlap: unknown command \"" + args[0] + "\"");
      err.print(usage());
      return BAD_INPUT;
    }
    SparkSession[] made = new SparkSession[1];
    Progress[] progress = new Progress[1];
    Args[] parsed = new Args[1];
    Function<String, SparkSession> tracked = master -> {
      made[0] = sessions.apply(master);
      if (!verbose) made[0].sparkContext().setLogLevel("WARN");
      if (!parsed[0].flag("quiet")) progress[0] = Progress.attach(made[0].sparkContext(), err);
      return made[0];
    };
    try {
      Args a = Args.parse(Arrays.copyOfRange(args, 1, args.length), command.options(), command.flags());
      parsed[0] = a;
      if (a.flag("help")) {
        out.println(command.usage());
        return OK;
      }
      return command.run(a, tracked, out, err);
    } catch (Throwable e) {
      int code = report(e, err, verbose);
      if (made[0] != null && stopSession) awaitRunningTasks(made[0], 10_000);
      return code;
    } finally {
      dev.overlap.jobs.runs.RunContext.closeOpen();
      if (progress[0] != null) progress[0].close();
      if (made[0] != null && stopSession) made[0].stop();
    }
  }

  /**
   * After a failed job Spark is still killing that job's other tasks; stopping the session under
   * them makes Spark log a stack trace after the one-line error. Waits, bounded, until none runs.
   */
  static void awaitRunningTasks(SparkSession spark, long timeoutMillis) {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    try {
      while (System.nanoTime() < end) {
        int running = 0;
        for (org.apache.spark.SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
          running += e.numRunningTasks();
        }
        if (running == 0) return;
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Prints one line for a user error, or the failure with its cause; the stack only with --verbose. */
  static int report(Throwable e, PrintStream err, boolean verbose) {
    UsageException usage = find(e, UsageException.class);
    if (usage != null) {
      err.println("overlap: " + usage.getMessage());
      if (verbose) e.printStackTrace(err);
      return BAD_INPUT;
    }
    InvalidInputException bad = find(e, InvalidInputException.class);
    if (bad != null) {
      err.println("overlap: bad input: " + bad.getMessage());
      if (verbose) e.printStackTrace(err);
      return BAD_INPUT;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String oom = outOfMemory(e);
    if (oom != null) {
      err.println("overlap: failed: out of memory in a task (" + oom + "): give each task less "
          + "(a higher --partitions) or more memory (OVERLAP_DRIVER_MEMORY locally, spark.executor.memory on a cluster)");
      if (verbose) e.printStackTrace(err);
      return FAILED;
    }
    err.println("overlap: failed: " + HadoopFiles.oneLine(root) + (verbose ? "" : " (run with --verbose for details)"));
    if (verbose) e.printStackTrace(err);
    return FAILED;
  }

  /** What ran out ("Java heap space"), or null: a task's error reaches the driver as text in a SparkException. */
  static String outOfMemory(Throwable e) {
    String tag = "java.lang.OutOfMemoryError: ";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) return t.getMessage() == null ? "OutOfMemoryError" : HadoopFiles.oneLine(t);
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf(tag);
      if (at >= 0) return HadoopFiles.oneLine(new Exception(m.substring(at + tag.length())));
    }
    return null;
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
      for (Throwable s : t.getSuppressed()) if (type.isInstance(s)) return type.cast(s);
    }
    return null;
  }
}
