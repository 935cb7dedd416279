package dev.overlap.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per pipeline step, in the order the steps ran (reported with --verbose and in summary.json). */
public final class StepTimer {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long last = System.nanoTime();

  /** Closes the step that just finished under {@code name}. */
  public void lap(String name) {
    long now = System.nanoTime();
    seconds.merge(name, (now - last) / 1e9, Double::sum);
    last = now;
  }

  public Map<String, Double> seconds() {
    return new LinkedHashMap<>(seconds);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      if (b.length() > 0) b.append(", ");
      b.append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.2fs", e.getValue()));
    }
    return b.toString();
  }
}
