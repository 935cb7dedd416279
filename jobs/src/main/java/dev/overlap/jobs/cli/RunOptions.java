package dev.overlap.jobs.cli;

import dev.overlap.jobs.runs.Gate;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Options every job shares: where results go, the run id, parallelism and console behaviour.
 *
 * @param out output folder (any Hadoop path)
 * @param runId the run id: every output row carries it; tables are partitioned by it
 * @param partitions tasks for the per-image evaluation (0: Spark's default parallelism)
 * @param verbose print stack traces and Spark's info logs
 * @param quiet print only the headline numbers
 * @param top per-class rows printed on the console
 * @param skipBadInput {@code --on-bad-input skip}: bad records go to the rejects table instead of failing the run
 * @param allowRejects {@code --allow-rejects}: exit 0 even when records were rejected
 * @param gate the regression gate checked when the run's outputs are written ({@code --fail-below},
 *     {@code --max-drop}, {@code --baseline}); empty when none is given
 * @param generatedRunId the run id was made here, not given: such an id must not be in use already
 */
public record RunOptions(String out, String runId, int partitions, boolean verbose, boolean quiet, int top,
    boolean skipBadInput, boolean allowRejects, Gate gate, boolean generatedRunId) implements Serializable {

  public static final Set<String> OPTIONS;

  static {
    java.util.Set<String> o = new java.util.HashSet<>(Set.of("out", "run-id", "partitions", "master", "config", "top",
        "on-bad-input"));
    o.addAll(Gate.OPTIONS);
    OPTIONS = Set.copyOf(o);
  }

  public static final Set<String> FLAGS = Set.of("verbose", "quiet", "help", "allow-rejects");

  /** Run ids become partition folder names: keep them to a safe alphabet. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public static RunOptions parse(Args a) {
    boolean generated = !a.has("run-id");
    String runId = generated ? generateRunId() : a.get("run-id", null);
    if (!RUN_ID.matcher(runId).matches()) {
      throw new UsageException("--run-id: \"" + runId + "\" must be 1-128 characters of letters, digits, '.', '_' or '-'");
    }
    boolean skip = a.choice("on-bad-input", "fail", "fail", "skip").equals("skip");
    if (a.flag("allow-rejects") && !skip) throw new UsageException("--allow-rejects needs --on-bad-input skip");
    Gate gate = Gate.parse(a);
    if (!gate.baseline().equals(Gate.PREVIOUS)) {
      if (!RUN_ID.matcher(gate.baseline()).matches()) {
        throw new UsageException("--baseline: expected \"previous\" or a run id, got \"" + gate.baseline() + "\"");
      }
      if (gate.baseline().equals(runId)) throw new UsageException("--baseline: " + runId + " is this run's own id");
    }
    return new RunOptions(a.required("out"), runId, a.intValue("partitions", 0, 0), a.flag("verbose"), a.flag("quiet"),
        a.intValue("top", 25, 0), skip, a.flag("allow-rejects"), gate, generated);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * A default run id: the UTC start second, which sorts runs in time, and 24 random bits, so that
   * runs started in the same second (a scheduler's fan-out) get different ids, e.g. {@code 20261121T165200Z-3fa2c1}.
   */
  public static String generateRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + "-"
        + String.format("%06x", RANDOM.nextInt(1 << 24));
  }
}
