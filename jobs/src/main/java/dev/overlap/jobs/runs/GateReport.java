package dev.overlap.jobs.runs;

import dev.overlap.jobs.report.Outcome;
import dev.overlap.jobs.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's verdict as the first block of a run's report: passed or failed, the baseline run, every
 * violation (and every drop passed as noise), and the thresholds checked beside this run's value, the
 * baseline's and the change, with {@code --significance} its paired interval and whether it lies below
 * 0. It renders the verdict {@link RunContext#gate} computed, the one summary.json and the runs table
 * record; it judges nothing itself.
 */
final class GateReport {
  private GateReport() {}

  static final String TITLE = "Regression gate";

  /**
   * @param baseline the baseline run, or null (none found, or no --max-drop)
   * @param metrics this run's headline metrics, as judged
   */
  static Outcome block(Gate gate, Gate.Baseline baseline, Map<String, Double> metrics, Gate.Verdict verdict) {
    boolean passed = verdict.violations().isEmpty();
    List<String> lines = new ArrayList<>(verdict.violations());
    lines.addAll(verdict.notes());
    return new Outcome(TITLE, caption(gate, baseline), passed, passed ? Gate.PASSED : Gate.FAILED, lines,
        checks(gate, baseline, metrics, verdict));
  }

  private static String caption(Gate gate, Gate.Baseline baseline) {
    List<String> c = new ArrayList<>();
    if (!gate.maxDrop().isEmpty() && baseline == null) {
      c.add("Baseline: none, no earlier run that passed its gate; --max-drop not checked.");
    } else if (!gate.maxDrop().isEmpty()) {
      c.add("Baseline: run " + baseline.runId() + (Gate.PREVIOUS.equals(gate.baseline())
          ? " (the latest earlier run that passed its gate)." : " (--baseline)."));
    }
    if (gate.paired()) {
      c.add("--significance: a drop beyond its limit fails only when the paired " + confidence(gate)
          + "% bootstrap interval of the change lies below 0.");
    }
    return String.join(" ", c);
  }

  private static Table checks(Gate gate, Gate.Baseline baseline, Map<String, Double> metrics, Gate.Verdict verdict) {
    List<Table.Column> columns = new ArrayList<>(List.of(
        new Table.Column("metric", false, null),
        new Table.Column("check", false, "--fail-below: at least the limit; --max-drop: at most the limit below the"
            + " baseline run"),
        new Table.Column("limit", true, "as given"),
        new Table.Column("this run", true, "- where undefined"),
        new Table.Column("baseline", true, "the baseline run's value (--max-drop)"),
        new Table.Column("change", true, "this run minus the baseline run")));
    if (gate.paired()) {
      columns.add(new Table.Column("interval", true, "paired " + confidence(gate) + "% bootstrap interval of the"
          + " change"));
      columns.add(new Table.Column("significant", false, "the interval lies below 0"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Gate.Threshold> e : gate.failBelow().entrySet()) {
      List<String> row = new ArrayList<>(List.of(e.getKey(), "--fail-below", e.getValue().text(),
          value(metrics.get(e.getKey())), "", ""));
      if (gate.paired()) row.addAll(List.of("", ""));
      rows.add(row);
    }
    for (Map.Entry<String, Gate.Threshold> e : gate.maxDrop().entrySet()) {
      String m = e.getKey();
      Double now = Gate.defined(metrics.get(m));
      Double base = baseline == null ? null : Gate.defined(baseline.metrics().get(m));
      List<String> row = new ArrayList<>(List.of(m, "--max-drop", e.getValue().text(), value(now),
          baseline == null ? "" : value(base), now == null || base == null ? "" : signed(now - base)));
      if (gate.paired()) {
        Gate.Paired p = verdict.paired().get(m);
        row.add(p == null ? "" : "[" + signed(p.lo()) + ", " + signed(p.hi()) + "]");
        row.add(p == null ? "" : p.significant() ? "yes" : "no");
      }
      rows.add(row);
    }
    return new Table("", "", columns, rows, null);
  }

  private static String confidence(Gate gate) {
    return Gate.percent(1 - gate.significance());
  }

  private static String value(Double v) {
    Double d = Gate.defined(v);
    return d == null ? "-" : Gate.fmt(d);
  }

  /** A change or an interval end with its sign, as the paired interval reads ("-0.0312"); "-" when undefined. */
  static String signed(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.4f", v);
  }
}
