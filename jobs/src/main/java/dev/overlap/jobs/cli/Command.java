package dev.overlap.jobs.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** A subcommand of {@code overlap}: its options, its usage text, and what it runs. */
public interface Command {
  /** The word on the command line, e.g. "detection". */
  String name();

  /** One line for the command list. */
  String summary();

  /** Options that take a value. */
  Set<String> options();

  /** Options that take none. */
  Set<String> flags();

  /** Full usage text for {@code --help}. */
  String usage();

  /**
   * Runs the command.
   *
   * @param args parsed options
   * @param sessions makes the SparkSession from {@code --master} (null when absent); called at most once
   * @return the exit code
   */
  int run(Args args, Function<String, SparkSession> sessions, PrintStream out, PrintStream err);
}
