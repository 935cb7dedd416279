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
 * @param significance {@code --significance A}: a drop beyond {@code --max-drop} fails only when the paired
 *     {@code 1 - A} bootstrap interval of the change against the baseline run lies below 0; NaN when not asked
 * @param replicates with significance, this run's {@code --bootstrap R} (the baseline must have the same)
 * @param seed with significance, this run's {@code --seed}
 */
public record Gate(Map<String, Threshold> failBelow, Map<String, Threshold> maxDrop, String baseline,
    double significance, int replicates, long seed) implements Serializable {

  public static final Set<String> OPTIONS = Set.of("fail-below", "max-drop", "baseline", "significance");

  /** A gate without --significance. */
  public Gate(Map<String, Threshold> failBelow, Map<String, Threshold> maxDrop, String baseline) {
    this(failBelow, maxDrop, baseline, Double.NaN, 0, 0);
  }

  /** Whether drops are judged against their paired interval ({@code --significance}). */
  public boolean paired() {
    return !Double.isNaN(significance);
  }
  public static final String PREVIOUS = "previous";
  /** The gate column of a run that passed. */
  public static final String PASSED = "passed";
  /** summary.json's gate status of a run with a violation (its runs row holds the violations). */
  public static final String FAILED = "failed";

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
    if (!a.has("significance")) return new Gate(below, drop, baseline);
    if (drop.isEmpty()) throw new UsageException("--significance needs --max-drop (it decides which drops fail)");
    String s = a.get("significance", "");
    double alpha;
    try {
      alpha = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--significance: expected a level in (0, 1) such as 0.05, got \"" + s + "\"");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new UsageException("--significance: expected a level in (0, 1) such as 0.05, got " + s.trim());
    }
    if (!a.has("bootstrap")) {
      throw new UsageException("--significance needs --bootstrap R (the paired interval is built from the replicates;"
          + " the baseline run needs the same --bootstrap and --seed)");
    }
    dev.overlap.jobs.cli.BootstrapOptions b = dev.overlap.jobs.cli.BootstrapOptions.parse(a);
    return new Gate(below, drop, baseline, alpha, b.replicates(), b.seed());
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

  /**
   * The run a {@code --max-drop} compares with: its id, headline metrics (null where undefined) and, for
   * {@code --significance}, its bootstrap replicates per metric (NaN where undefined; else null).
   */
  public record Baseline(String runId, Map<String, Double> metrics, Map<String, double[]> replicates) {
    public Baseline(String runId, Map<String, Double> metrics) {
      this(runId, metrics, null);
    }
  }

  /**
   * A drop judged against its paired interval: the change {@code this - baseline}, the percentile interval of the
   * replicate differences, and whether the interval lies below 0.
   */
  public record Paired(double delta, double lo, double hi, boolean significant) {}

  /** The gate's outcome: violations (empty: passed), and the paired judgement of each --max-drop metric. */
  public record Verdict(List<String> violations, Map<String, Paired> paired, List<String> notes) {}

  /**
   * The gate's outcome. With {@code --significance} and both runs' replicates, every --max-drop metric gets its
   * paired change and interval, and a drop beyond its limit is a violation only when that interval lies below 0
   * (else a note says it is within noise).
   *
   * @param replicates this run's replicates per metric (same seed and count as the baseline's), or null
   */
  public Verdict verdict(Map<String, Double> metrics, Baseline baseline, Map<String, double[]> replicates) {
    List<String> out = new ArrayList<>();
    Map<String, Paired> paired = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Threshold> e : failBelow.entrySet()) {
      Double v = defined(metrics.get(e.getKey()));
      Threshold t = e.getValue();
      if (v == null) out.add(e.getKey() + " is undefined in this run, so it cannot be at least " + t.text());
      else if (v < t.value()) out.add(e.getKey() + " " + fmt(v) + " is below " + t.text());
    }
    if (baseline == null) return new Verdict(out, paired, notes);
    boolean pairs = paired() && baseline.replicates() != null && replicates != null;
    for (Map.Entry<String, Threshold> e : maxDrop.entrySet()) {
      String m = e.getKey();
      Double v = defined(metrics.get(m));
      Double b = defined(baseline.metrics().get(m));
      Threshold t = e.getValue();
      if (b == null) {
        out.add(m + " is undefined in baseline run " + baseline.runId() + ", so its drop cannot be checked");
        continue;
      }
      if (v == null) {
        out.add(m + " is undefined in this run (it was " + fmt(b) + " in run " + baseline.runId() + ")");
        continue;
      }
      Paired p = pairs ? paired(v - b, baseline.replicates().get(m), replicates.get(m)) : null;
      if (p != null) paired.put(m, p);
      if (b - v <= t.value() + SLACK) continue;
      String drop = m + " dropped " + fmt(b - v) + " from " + fmt(b) + " (run " + baseline.runId() + ") to " + fmt(v)
          + ", more than " + t.text();
      if (p == null) {
        out.add(drop);
        continue;
      }
      String interval = "paired " + percent(1 - significance) + "% interval of the change [" + fmt(p.lo()) + ", "
          + fmt(p.hi()) + "]";
      if (p.significant()) out.add(drop + "; " + interval + " excludes 0");
      else notes.add(drop + ", but the " + interval + " includes 0: within noise, not failed");
    }
    return new Verdict(out, paired, notes);
  }

  /** The change and the percentile interval of its replicate differences; null without both runs' replicates. */
  private Paired paired(double delta, double[] base, double[] cur) {
    if (base == null || cur == null) return null;
    int n = Math.min(base.length, cur.length);
    double[] d = new double[n];
    for (int r = 0; r < n; r++) d[r] = Double.isNaN(base[r]) || Double.isNaN(cur[r]) ? Double.NaN : cur[r] - base[r];
    double[] iv = dev.overlap.core.stats.Percentiles.interval(d, n, 1 - significance);
    return new Paired(delta, iv[0], iv[1], !Double.isNaN(iv[1]) && iv[1] < 0);
  }

  static String percent(double confidence) {
    return new java.math.BigDecimal(Double.toString(confidence)).movePointRight(2).stripTrailingZeros()
        .toPlainString();
  }

  /**
   * The violations of this gate, one readable line each (empty when the run passes).
   *
   * @param metrics this run's metrics (null or a negative value where undefined, as pycocotools' -1)
   * @param baseline the baseline run, or null when there is none (then {@code --max-drop} is not checked)
   */
  public List<String> violations(Map<String, Double> metrics, Baseline baseline) {
    return verdict(metrics, baseline, null).violations();
  }

  static Double defined(Double v) {
    return v == null || Double.isNaN(v) || v <= -1 ? null : v;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
