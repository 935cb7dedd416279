/**
 * Binary masks as run-length encodings, with the kernels of pycocotools' {@code common/maskApi.c}.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>An {@code h x w} mask is read in <em>column-major</em> order (pixel {@code (x, y)} is at
 *       {@code x * h + y}), as COCO stores masks (Fortran order in pycocotools).</li>
 *   <li>An RLE is the run lengths of that pixel sequence, alternating zeros and ones and starting
 *       with a run of zeros (possibly of length 0). Counts are non-negative {@code int}s summing to
 *       {@code h * w}; {@code h * w} is at most {@code 2^31 - 1}, so every position fits an {@code int}.
 *       Runs of length 0 are legal anywhere (other encoders emit them); every kernel handles them.</li>
 *   <li>The compressed form is COCO's counts string ({@code rleToString}/{@code rleFrString}).</li>
 *   <li>Boxes are {@code [x, y, w, h]} doubles at stride 4 and pairwise results are flat
 *       {@code double[m * n]} at {@code g * m + d}, as in {@link dev.overlap.core.box}.</li>
 *   <li>Every kernel reproduces the named {@code maskApi.c} function's output exactly, including its
 *       quirks, which the method documentation names. Where pycocotools signals an error by a value
 *       (IoU -1 for masks of different sizes) these kernels reject the input at entry instead.</li>
 *   <li>Hot kernels (IoU, merge) walk run arrays and never materialise pixels; they allocate nothing
 *       per pair. {@link dev.overlap.core.mask.Masks#decode} and {@link dev.overlap.core.mask.Masks#encode}
 *       convert to and from pixels for tests and small uses.</li>
 * </ul>
 */
package dev.overlap.core.mask;
