/**
 * Readers for the files users hand in: COCO ground truth and results, as JSON arrays or JSON Lines.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>Fields and defaults follow what pycocotools (cocodataset/cocoapi, {@code coco.py},
 *       {@code cocoeval.py}, {@code common/maskApi.c}) reads; keys it overwrites or ignores are
 *       skipped. Boxes are {@code [x, y, w, h]} in pixels; RLE counts are column-major runs that
 *       start with a run of zeros, compressed strings decoded as maskApi.c {@code rleFrString}.
 *   <li>Readers stream: a pull reader returns one record per call and never holds the whole file.
 *   <li>Every rejection is an {@link dev.overlap.core.io.InvalidInputException} whose one-line
 *       message names the file, the record ({@code images[12]}, {@code annotations[345]},
 *       {@code record 17}, {@code line 18}, or {@code line L column C} for malformed JSON) and the
 *       field, e.g. {@code results.json: record 17: field "score": NaN is not a valid score}.
 *   <li>Record indexes are 0-based positions in their array; JSON Lines line numbers are 1-based.
 *   <li>A stream that fails to read surfaces as {@link java.io.UncheckedIOException}.
 *   <li>Image ids are numbers, or strings mapped to dense keys in Python's string order by
 *       {@link dev.overlap.core.io.ImageIds} (one kind per ground truth).
 * </ul>
 */
package dev.overlap.core.io;
