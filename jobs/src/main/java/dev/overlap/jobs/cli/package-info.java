/** Command-line parsing, shared run options, and console text helpers. Values are data, never evaluated. */
package dev.overlap.jobs.cli;
