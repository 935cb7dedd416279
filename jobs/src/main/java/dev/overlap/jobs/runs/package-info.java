/**
 * Runs under {@code --out}, for every job: each table written one run partition at a time
 * ({@code table/run_id=ID/...}, replaced as a whole through the committer in force, S3A's included),
 * the {@code runs} table (one row per run and job: times, inputs, parameters, version, record totals
 * that reconcile, headline metrics, status, gate outcome), the regression gate against an earlier run,
 * and {@code summary.json}, written last and atomically. A job uses it through {@link
 * dev.overlap.jobs.runs.RunContext}: {@code begin}, {@code writeTable} per table, {@code finish}.
 */
package dev.overlap.jobs.runs;
