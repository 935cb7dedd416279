package dev.overlap.jobs.report;

import dev.overlap.jobs.io.Outputs;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/**
 * Where reports go under {@code --out}: {@code reports/<run_id>/<name>.html} for every run (kept, like
 * the runs' table partitions), and {@code report.html} for the run that finished last (replaced, like
 * {@code summary.json}). Both are written to a temporary name and renamed into place.
 */
public final class ReportFiles {
  private ReportFiles() {}

  /** The latest run's report, directly under {@code --out}. */
  public static final String LATEST = "report.html";

  /** The folder of per-run reports under {@code --out}. */
  public static final String RUNS = "reports";

  /** The path of a run's own copy: {@code out/reports/<runId>/<name>.html}. */
  public static String runPath(String out, String runId, String name) {
    return Outputs.child(Outputs.child(Outputs.child(out, RUNS), runId), name + ".html");
  }

  /**
   * Writes the run's copy, then {@code out/report.html}.
   *
   * @param name the report's file name within the run, e.g. "detection-bbox"
   * @return the path of {@code report.html}
   */
  public static String write(Configuration conf, String out, String runId, String name, Report report) {
    byte[] html = HtmlReport.render(report).getBytes(StandardCharsets.UTF_8);
    Outputs.writeFile(conf, Outputs.child(Outputs.child(out, RUNS), runId), name + ".html", html);
    Outputs.writeFile(conf, out, LATEST, html);
    return Outputs.child(out, LATEST);
  }
}
