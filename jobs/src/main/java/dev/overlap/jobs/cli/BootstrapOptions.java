package dev.overlap.jobs.cli;

import java.io.Serializable;
import java.util.Set;

/**
 * Bootstrap confidence intervals, an option of every job: {@code --bootstrap R [--seed S] [--confidence C]}.
 * Images are the sampling unit; weights come from {@link dev.overlap.core.stats.PoissonWeights}.
 *
 * @param replicates R, or 0 when no intervals are asked for
 * @param seed the generator's seed (default 0): the same seed gives the same intervals on any cluster
 * @param confidence the central share of the replicate distribution an interval holds (default 0.95)
 */
public record BootstrapOptions(int replicates, long seed, double confidence) implements Serializable {

  public static final Set<String> OPTIONS = Set.of("bootstrap", "seed", "confidence");

  /** No intervals. */
  public static final BootstrapOptions NONE = new BootstrapOptions(0, 0, 0.95);

  public static final String USAGE = String.join("\n",
      "  --bootstrap R             R Poisson-bootstrap replicates over images: percentile intervals for every",
      "                            headline and per-class number (e.g. 200)",
      "  --seed S                  bootstrap seed (default 0): the same seed gives the same intervals anywhere",
      "  --confidence C            interval coverage, in (0, 1) (default 0.95)");

  public boolean enabled() {
    return replicates > 0;
  }

  public static BootstrapOptions parse(Args a) {
    if (!a.has("bootstrap")) {
      for (String o : new String[] {"seed", "confidence"}) {
        if (a.has(o)) throw new UsageException("--" + o + " applies with --bootstrap R only");
      }
      return NONE;
    }
    String r = a.get("bootstrap", "");
    int replicates;
    try {
      replicates = Integer.parseInt(r.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--bootstrap: expected a whole number of replicates of at least 1, got \"" + r + "\"");
    }
    if (replicates < 1 || replicates > 100_000) {
      throw new UsageException("--bootstrap: expected 1..100000 replicates, got " + replicates);
    }
    long seed = 0;
    if (a.has("seed")) {
      String s = a.get("seed", "");
      try {
        seed = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--seed: expected an integer, got \"" + s + "\"");
      }
    }
    double confidence = 0.95;
    if (a.has("confidence")) {
      String c = a.get("confidence", "");
      try {
        confidence = Double.parseDouble(c.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--confidence: expected a number in (0, 1), got \"" + c + "\"");
      }
      if (!(confidence > 0 && confidence < 1)) {
        throw new UsageException("--confidence: expected a number in (0, 1), got " + c.trim());
      }
    }
    return new BootstrapOptions(replicates, seed, confidence);
  }
}
