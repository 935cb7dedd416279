/**
 * Semantic-segmentation evaluation: pixel confusion counts and the per-class metrics derived
 * from them.
 *
 * <p>Conventions, stated once for the package:
 * <ul>
 *   <li>{@code K = numClasses}; class ids are {@code 0 .. K-1}. Labels are unsigned: 8-bit labels
 *       in {@code byte[]} ({@code b & 0xFF}), 16-bit in {@code short[]} ({@code s & 0xFFFF}), as
 *       {@link dev.overlap.core.png.LabelImage} holds them.
 *   <li>The confusion matrix is a {@code long[K * K]}, row-major, rows = ground truth, columns =
 *       prediction: {@code confusion[g * K + p]}. It is a sufficient statistic: partial matrices
 *       merge by addition, so 1 or 1000 partitions give the same counts.
 *   <li>Ignore label: a pixel whose <em>ground truth</em> equals it is skipped entirely (its
 *       prediction is not looked at). Any other ground-truth label {@code >= K}, and any
 *       prediction label {@code >= K} on a counted pixel, is an input error reported with the
 *       label and the pixel's position; a prediction equal to the ignore label is such an error
 *       too, because a prediction must name a class. {@code -1} means "no ignore label".
 *   <li>Metrics follow mmsegmentation / the numpy reference in
 *       {@code reference/semseg-small/expected.json}: {@code IoU_c = tp/(gt+pred-tp)},
 *       {@code Dice_c = 2tp/(gt+pred)}, precision {@code tp/pred}, recall (class accuracy)
 *       {@code tp/gt}, frequency {@code gt/N}, with {@code N} the sum of all counts. A ratio with a
 *       zero denominator is undefined ({@code Double.NaN} internally, null in outputs) and means
 *       are over defined values only (numpy {@code nanmean}).
 *   <li>{@link dev.overlap.core.semseg.PngPairCounter} decodes and counts a pair of 8-bit PNG maps
 *       row by row without materialising either image; other layouts, and any pair it refuses,
 *       are decoded whole and counted with {@link dev.overlap.core.semseg.ConfusionCounter}, which
 *       gives the same counts and the exact error.
 *   <li>Sums of doubles run in class order, so results are bit-for-bit reproducible; they may
 *       differ from numpy's pairwise summation in the last bits (well below 1e-12).
 * </ul>
 */
package dev.overlap.core.semseg;
