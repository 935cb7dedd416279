package dev.overlap.jobs.report;

import java.util.List;

/**
 * A pass/fail outcome shown above the charts (the regression gate's verdict): the status word in its
 * colour, the lines that explain it, and the table of what was checked.
 *
 * @param passed drawn as passing, else as failing
 * @param status the word shown, e.g. "passed"
 * @param lines one line each, e.g. every violation (may be empty)
 * @param checks what was checked, or null for none
 */
public record Outcome(String title, String caption, boolean passed, String status, List<String> lines, Table checks)
    implements Block {
  public Outcome {
    lines = List.copyOf(lines);
  }
}
