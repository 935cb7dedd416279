package dev.overlap.jobs.runs;

import dev.overlap.jobs.cli.UsageException;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Who else writes under an {@code --out}, read from the folder names of the {@code runs} table
 * ({@code runs/run_id=R/job=J}), a listing without a Spark job.
 *
 * <p>One {@code --out} holds the runs of one task. Tasks lay their tables out differently (detection
 * partitions by {@code run_id} and {@code iou_type}, segmentation by {@code run_id} alone), so two
 * tasks' files in one {@code per_class} folder could no longer be read as one table, and replacing
 * one run's partition of one task would delete the other's files below it. A run of another task
 * is refused before anything is written.
 */
final class SharedOut {
  private SharedOut() {}

  /** The job folders of the runs table: "run_id=R/job=J" entries as "R J". */
  private static TreeSet<String> jobs(Configuration conf, String out, String runId) {
    Path glob = new Path(Outputs.child(Outputs.child(out, RunsTable.NAME), "run_id=" + runId + "/job=*"));
    TreeSet<String> found = new TreeSet<>();
    try {
      FileSystem fs = glob.getFileSystem(conf);
      FileStatus[] st = fs.globStatus(glob);
      if (st == null) return found;
      for (FileStatus s : st) {
        String job = s.getPath().getName().substring("job=".length());
        String run = s.getPath().getParent().getName().substring("run_id=".length());
        found.add(job + " " + run);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(HadoopFiles.display(glob.toString()) + ": " + e.getMessage(), e);
    }
  }

  /** Whether a job label ("detection-bbox") belongs to a task ("detection"). */
  static boolean ofTask(String job, String task) {
    return job.equals(task) || job.startsWith(task + "-");
  }

  /** Refuses the run when {@code out} holds runs of another task than {@code task}. */
  static void checkSameTask(Configuration conf, String out, String task) {
    for (String e : jobs(conf, out, "*")) {
      String job = e.substring(0, e.indexOf(' '));
      if (ofTask(job, task)) continue;
      throw new UsageException("--out " + HadoopFiles.display(out) + " holds " + job + " runs (run " + e.substring(
          e.indexOf(' ') + 1) + "); the tables of " + task + " and " + job + " cannot share one folder: give this "
          + task + " run its own --out");
    }
  }

  /** Refuses a generated run id that is already in use under {@code out}: never replace a run silently. */
  static void checkUnused(Configuration conf, String out, String runId) {
    TreeSet<String> used = jobs(conf, out, runId);
    if (!used.isEmpty()) {
      String e = used.first();
      throw new UsageException("the generated run id " + runId + " is already used under " + HadoopFiles.display(out)
          + " (by " + e.substring(0, e.indexOf(' ')) + "); run again, or give --run-id");
    }
  }
}
