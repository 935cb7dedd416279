/**
 * The HTML report every job writes under {@code --out}: a small model ({@link dev.overlap.jobs.report.Report}
 * of {@link dev.overlap.jobs.report.Card}s and {@link dev.overlap.jobs.report.Block}s: bar chart, curves,
 * heat map, table, group, pass/fail outcome) that a job's adapter fills from its result, and one renderer
 * ({@link dev.overlap.jobs.report.HtmlReport}) that turns it into a single self-contained page: inline SVG
 * and CSS, no script, no font, no network. Every string of the model is data and is HTML-escaped by
 * the renderer; adapters never write markup. Numbers in charts are plain doubles; NaN means undefined
 * (no ground truth) and is drawn as a dash, never as zero.
 *
 * <p>A job plugs in with an adapter beside it (as {@code detection.DetectionHtmlReport}): build a
 * {@code Report} from the job's result on the driver, using only bounded queries over its datasets
 * (a top-N, never a collect), then {@code RunContext.writeReport} (which puts the run's gate verdict on
 * top and writes through {@link dev.overlap.jobs.report.ReportFiles#write} under the run's job label, such as
 * {@code detection-bbox}); write it before {@code summary.json}, which stays the last file of a run.
 */
package dev.overlap.jobs.report;
