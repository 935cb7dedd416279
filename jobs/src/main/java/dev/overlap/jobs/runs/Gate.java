package dev.overlap.jobs.runs;

import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The regression gate of a run: {@code --fail-below AP=0.40,AP50=0.6} (an absolute floor per metric)
 * and {@code --max-drop AP=0.01} (the largest drop allowed against {@code --baseline}: a run id, or
 * {@code previous}, the latest earlier run of the same job that succeeded and did not fail its gate). Thresholds keep the text
 * the user wrote, so that messages quote them as given.
 *
 * @param failBelow metric to floor
 * @param maxDrop metric to largest allowed drop
 * @param baseline "previous" or a run id
 */
public record Gate(Map<String, Threshold> failBelow, Map<String, Threshold> maxDrop, String baseline)
    implements Serializable {

  public static final Set<String> OPTIONS = Set.of("fail-below", "max-drop", "baseline");
  public static final String PREVIOUS = "previous";
  /** The gate column of a run that passed. */
  public static final String PASSED = "passed";

  /** Drops within this of the limit pass: thresholds are decimal text, drops are differences of doubles. */
  static final double SLACK = 1e-12;

  /** A threshold as parsed and as written. */
  public record Threshold(double value, String text) implements Serializable {}

  /** A gate that checks nothing. */
  public static Gate none() {
    return new Gate(Map.of(), Map.of(), PREVIOUS);
  }

  public boolean isEmpty() {
    return failBelow.isEmpty() && maxDrop.isEmpty();
  }

  public static Gate parse(Args a) {
    Map<String, Threshold> below = thresholds(a, "fail-below");
    Map<String, Threshold> drop = thresholds(a, "max-drop");
    String baseline = a.get("baseline", PREVIOUS);
    if (a.has("baseline") && drop.isEmpty()) throw new UsageException("--baseline needs --max-drop");
    for (Map.Entry<String, Threshold> e : drop.entrySet()) {
      if (e.getValue().value() < 0) {
        throw new UsageException("--max-drop: " + e.getKey() + " must be >= 0, got " + e.getValue().text());
      }
    }
    return new Gate(below, drop, baseline);
  }

  private static Map<String, Threshold> thresholds(Args a, String option) {
    Map<String, Threshold> m = new LinkedHashMap<>();
    if (!a.has(option)) return m;
    for (String part : a.get(option, "").split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new UsageException("--" + option + ": \"" + p + "\" must look like METRIC=VALUE, e.g. AP=0.40");
      }
      String metric = p.substring(0, eq).trim();
      String text = p.substring(eq + 1).trim();
      double v;
      try {
        v = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new UsageException("--" + option + ": \"" + text + "\" is not a number (in \"" + p + "\")");
      }
      if (!Double.isFinite(v)) throw new UsageException("--" + option + ": \"" + text + "\" is not a finite number");
      if (m.put(metric, new Threshold(v, text)) != null) {
        throw new UsageException("--" + option + ": " + metric + " is given twice");
      }
    }
    return m;
  }

  /** Fails up front when a gate names a metric the job does not produce. */
  public void validate(Collection<String> metrics) {
    check("fail-below", failBelow, metrics);
    check("max-drop", maxDrop, metrics);
  }

  private static void check(String option, Map<String, Threshold> m, Collection<String> metrics) {
    for (String k : m.keySet()) {
      if (!metrics.contains(k)) {
        throw new UsageException("--" + option + ": unknown metric \"" + k + "\" (one of " + String.join(", ", metrics) + ")");
      }
    }
  }

  /** The run a {@code --max-drop} compares with: its id and headline metrics (null where undefined). */
  public record Baseline(String runId, Map<String, Double> metrics) {}

  /**
   * The violations of this gate, one readable line each (empty when the run passes).
   *
   * @param metrics this run's metrics (null or a negative value where undefined, as pycocotools' -1)
   * @param baseline the baseline run, or null when there is none (then {@code --max-drop} is not checked)
   */
  public List<String> violations(Map<String, Double> metrics, Baseline baseline) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Threshold> e : failBelow.entrySet()) {
      Double v = defined(metrics.get(e.getKey()));
      Threshold t = e.getValue();
      if (v == null) out.add(e.getKey() + " is undefined in this run, so it cannot be at least " + t.text());
      else if (v < t.value()) out.add(e.getKey() + " " + fmt(v) + " is below " + t.text());
    }
    if (baseline == null) return out;
    for (Map.Entry<String, Threshold> e : maxDrop.entrySet()) {
      String m = e.getKey();
      Double v = defined(metrics.get(m));
      Double b = defined(baseline.metrics().get(m));
      Threshold t = e.getValue();
      if (b == null) {
        out.add(m + " is undefined in baseline run " + baseline.runId() + ", so its drop cannot be checked");
      } else if (v == null) {
        out.add(m + " is undefined in this run (it was " + fmt(b) + " in run " + baseline.runId() + ")");
      } else if (b - v > t.value() + SLACK) {
        out.add(m + " dropped " + fmt(b - v) + " from " + fmt(b) + " (run " + baseline.runId() + ") to " + fmt(v)
            + ", more than " + t.text());
      }
    }
    return out;
  }

  private static Double defined(Double v) {
    return v == null || Double.isNaN(v) || v <= -1 ? null : v;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
