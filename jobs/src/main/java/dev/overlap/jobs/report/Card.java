package dev.overlap.jobs.report;

/**
 * A summary card: a label, a formatted value, and a line saying what the value averages or counts.
 *
 * @param label e.g. "AP"
 * @param value e.g. "0.300", or "-" when undefined
 * @param detail e.g. "mean of 68 classes with ground truth (of 80)"
 * @param headline drawn emphasised (the number people quote)
 */
public record Card(String label, String value, String detail, boolean headline) {}
