/**
 * Stable sorts of index arrays under a caller's order, for per-image kernels that order a few hundred
 * records by several keys (score descending, category id, file position) without boxing.
 */
package dev.overlap.core.sort;
