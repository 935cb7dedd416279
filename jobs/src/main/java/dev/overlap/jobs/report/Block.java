package dev.overlap.jobs.report;

/** A part of the report below the cards. Every block has a title and a caption (either may be empty). */
public sealed interface Block permits BarChart, CurveChart, HeatMap, Table, Group, StackedBars,
    Outcome {
  String title();

  String caption();
}
