package dev.overlap.jobs.report;

import java.util.List;

/**
 * One report page: a title, a line saying what was evaluated, summary cards, then blocks in reading
 * order, and a footer (where the tables are).
 *
 * @param title page title, e.g. "Overlap detection (bbox), run 2026-11-21"
 * @param subtitle what was evaluated (inputs, counts)
 * @param cards the headline numbers, each beside what it averages
 * @param blocks charts and tables, in order
 * @param footer where the full tables are
 */
public record Report(String title, String subtitle, List<Card> cards, List<Block> blocks, String footer) {
  public Report {
    cards = List.copyOf(cards);
    blocks = List.copyOf(blocks);
  }

  /** This page with {@code first} above its other blocks, right below the cards. */
  public Report withFirst(Block first) {
    List<Block> b = new java.util.ArrayList<>(blocks.size() + 1);
    b.add(first);
    b.addAll(blocks);
    return new Report(title, subtitle, cards, b, footer);
  }
}
