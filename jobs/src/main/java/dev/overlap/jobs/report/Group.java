package dev.overlap.jobs.report;

import java.util.List;

/** Blocks shown side by side where the page is wide enough (e.g. PR curves at two IoU thresholds). */
public record Group(String title, String caption, List<Block> blocks) implements Block {
  public Group {
    blocks = List.copyOf(blocks);
  }
}
