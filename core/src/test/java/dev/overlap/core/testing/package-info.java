/**
 * Test helpers shared by the core and jobs tests (jobs gets them through core's test jar). One JSON reader,
 * {@link dev.overlap.core.testing.TestJson}, reads the reference files ({@code testdata/reference/}) and the
 * jobs' outputs: objects as maps in document order, numbers as doubles exactly as written.
 */
package dev.overlap.core.testing;
