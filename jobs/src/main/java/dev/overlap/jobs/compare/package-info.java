/**
 * {@code overlap compare}: a paired comparison of two models' predictions on the same ground truth.
 *
 * <p>Both prediction sets are evaluated with the same bootstrap weights (images are the sampling unit; each image
 * weighs the same in replicate r for both models), so the replicate differences {@code candidate - baseline}
 * carry the pairing: an image that is hard for both moves both numbers together and leaves the difference alone.
 * The interval of a difference is the percentile interval of its replicate differences; a difference is
 * significant when that interval excludes 0. {@code compare(A, A)} gives differences of exactly 0 with interval
 * [0, 0].
 */
package dev.overlap.jobs.compare;
