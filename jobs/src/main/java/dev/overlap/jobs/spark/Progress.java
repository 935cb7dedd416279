package dev.overlap.jobs.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Progress of a run on stderr, for people watching a long local run: what is running (the job
 * description the pipeline sets), tasks done of total, stages finished, elapsed time. One line at
 * most every {@value #DEFAULT_SECONDS} seconds, and only while a stage is running, so a short run
 * prints nothing. Off with {@code --quiet}, or with the system property
 * {@code overlap.progress.seconds=0} (which also sets the interval).
 *
 * <p>Spark delivers listener events on its listener thread; a daemon timer prints. Both go through
 * this object's lock.
 */
public final class Progress extends SparkListener implements AutoCloseable {
  /** System property: seconds between lines; 0 turns progress off. */
  public static final String INTERVAL_PROPERTY = "overlap.progress.seconds";

  public static final double DEFAULT_SECONDS = 5;

  private static final String JOB_DESCRIPTION = "spark.job.description";

  private final PrintStream err;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long start;
  private final Map<Integer, Stage> active = new TreeMap<>();
  private int stagesDone;
  private long tasksDone;
  private long lastPrint;
  private SparkContext context;
  private ScheduledExecutorService timer;

  private static final class Stage {
    final String what;
    final int tasks;
    int done;

    Stage(String what, int tasks) {
      this.what = what;
      this.tasks = tasks;
    }
  }

  Progress(PrintStream err, double seconds, LongSupplier clock) {
    this.err = err;
    this.intervalNanos = (long) (seconds * 1e9);
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrint = start;
  }

  /**
   * Starts reporting the progress of {@code sc} to {@code err}; null when the interval property is 0.
   *
   * @throws IllegalArgumentException when the property is not a number
   */
  public static Progress attach(SparkContext sc, PrintStream err) {
    String v = System.getProperty(INTERVAL_PROPERTY);
    double seconds;
    try {
      seconds = v == null ? DEFAULT_SECONDS : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(INTERVAL_PROPERTY + ": expected seconds, got \"" + v + "\"");
    }
    if (!(seconds > 0)) return null;
    Progress p = new Progress(err, seconds, System::nanoTime);
    p.context = sc;
    sc.addSparkListener(p);
    p.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "overlap-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, (long) (seconds * 1000));
    p.timer.scheduleAtFixedRate(p::tick, ms, ms, TimeUnit.MILLISECONDS);
    return p;
  }

  /** Stops printing and detaches from the context. */
  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
    if (context != null) context.removeSparkListener(this);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    StageInfo s = e.stageInfo();
    String description = e.properties() == null ? null : e.properties().getProperty(JOB_DESCRIPTION);
    stageStarted(s.stageId(), description != null ? description : s.name(), s.numTasks());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    taskEnded(e.stageId(), e.taskInfo() != null && e.taskInfo().successful());
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    stageEnded(e.stageInfo().stageId());
  }

  synchronized void stageStarted(int stageId, String what, int tasks) {
    active.put(stageId, new Stage(what, tasks));
  }

  synchronized void taskEnded(int stageId, boolean ok) {
    Stage s = active.get(stageId);
    if (s != null && ok) s.done++;
    if (ok) tasksDone++;
  }

  synchronized void stageEnded(int stageId) {
    if (active.remove(stageId) != null) stagesDone++;
  }

  synchronized int stagesDone() {
    return stagesDone;
  }

  synchronized long tasksDone() {
    return tasksDone;
  }

  /** Prints the status line when one is due: an interval has passed since the last and a stage is running. */
  void tick() {
    long now = clock.getAsLong();
    String line;
    synchronized (this) {
      if (now - lastPrint < intervalNanos) return;
      line = line(now);
      if (line == null) return;
      lastPrint = now;
    }
    err.println(line);
  }

  /**
   * The status, e.g. {@code overlap: 12.3 s: evaluate images (...): stage 4, 37/64 tasks; 3 stages done};
   * null when no stage is running.
   */
  synchronized String line(long now) {
    if (active.isEmpty()) return null;
    StringBuilder ids = new StringBuilder();
    String what = null;
    long tasks = 0, done = 0;
    for (Map.Entry<Integer, Stage> e : active.entrySet()) {
      if (ids.length() > 0) ids.append(", ");
      ids.append(e.getKey());
      if (what == null) what = e.getValue().what;
      tasks += e.getValue().tasks;
      done += e.getValue().done;
    }
    return String.format(Locale.ROOT, "overlap: %.1f s: %s: stage%s %s, %d/%d tasks; %d stage%s done",
        (now - start) / 1e9, oneLine(what), active.size() > 1 ? "s" : "", ids, done, tasks, stagesDone,
        stagesDone == 1 ? "" : "s");
  }

  private static String oneLine(String s) {
    if (s == null) return "";
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 100 ? t.substring(0, 99) + "~" : t;
  }
}
