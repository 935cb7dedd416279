package dev.overlap.core.panoptic;

import dev.overlap.core.io.InvalidInputException;
import java.util.Arrays;

/**
 * Matches the segments of one image and counts its per-category tp, fp, fn and IoU sum, with the
 * rules of panopticapi's {@code pq_compute_single_core} (see the package conventions), after
 * checking that each side's PNG and {@code segments_info} describe the same segments.
 *
 * <p>Reusable scratch arrays, one instance per task; not thread-safe.
 */
public final class PanopticMatcher {
  private final int numCategories;
  private long[] gtPixels = new long[0];
  private long[] predPixels = new long[0];
  private long[] predVoid = new long[0];
  private boolean[] gtMatched = new boolean[0];
  private boolean[] predMatched = new boolean[0];
  private final int[] crowdOf;

  /** A matcher for images whose category indices are below {@code numCategories}. */
  public PanopticMatcher(int numCategories) {
    this.numCategories = numCategories;
    this.crowdOf = new int[numCategories];
  }

  /**
   * Evaluates one image: validates both sides against the pair counts, then adds the image's
   * matches, false negatives and false positives to {@code out} (not cleared here).
   *
   * @param pairs the image's pixel counts per (ground-truth id, predicted id)
   * @param gtFile names the ground-truth PNG in errors; {@code predFile} the predicted PNG
   * @throws InvalidInputException naming the PNG and segment when a PNG id is missing from
   *     {@code segments_info} or a {@code segments_info} id has no pixel (then {@code out} is
   *     unchanged), or a ground-truth area too small for its overlaps (then {@code out} may hold
   *     part of the image: count each image into a cleared {@link PqStats} and merge it after)
   */
  public void evaluate(SegmentPairTable pairs, Segments gt, Segments pred, String gtFile, String predFile,
      PqStats out) {
    int ng = gt.size();
    int np = pred.size();
    grow(ng, np);
    pairs.sort();
    int n = pairs.size();
    // areas and VOID overlaps, checking every PNG id against segments_info
    for (int i = 0; i < n; i++) {
      int g = pairs.gtId(i);
      int p = pairs.predId(i);
      long c = pairs.pairPixels(i);
      int gi = g == 0 ? -1 : gt.indexOf(g);
      if (g != 0 && gi < 0) throw notListed(gtFile, g, pairs, true);
      int pi = p == 0 ? -1 : pred.indexOf(p);
      if (p != 0 && pi < 0) throw notListed(predFile, p, pairs, false);
      if (gi >= 0) gtPixels[gi] += c;
      if (pi >= 0) {
        predPixels[pi] += c;
        if (g == 0) predVoid[pi] += c;
      }
    }
    for (int i = 0; i < ng; i++) {
      if (gtPixels[i] == 0) throw notInPng(gtFile, gt, i);
    }
    for (int i = 0; i < np; i++) {
      if (predPixels[i] == 0) throw notInPng(predFile, pred, i);
    }
    // evaluation.py: matches in np.unique order; IoU > 0.5 makes them unique
    for (int i = 0; i < n; i++) {
      int g = pairs.gtId(i);
      int p = pairs.predId(i);
      if (g == 0 || p == 0) continue;
      int gi = gt.indexOf(g);
      int pi = pred.indexOf(p);
      if (gt.crowd(gi) || gt.category(gi) != pred.category(pi)) continue;
      long inter = pairs.pairPixels(i);
      // the prediction's pixels on VOID leave the union; the ground truth's area is its JSON area
      long union = predPixels[pi] + gt.area(gi) - inter - predVoid[pi];
      if (union <= 0) {
        throw new InvalidInputException(gtFile, null, null, "ground-truth segment " + g + ": area " + gt.area(gi)
            + " in segments_info is smaller than its overlap with predicted segment " + p + " (" + inter
            + " pixels); the IoU is undefined");
      }
      double iou = (double) inter / (double) union;
      if (iou > 0.5) {
        out.addMatch(gt.category(gi), iou);
        gtMatched[gi] = true;
        predMatched[pi] = true;
      }
    }
    Arrays.fill(crowdOf, -1);
    for (int i = 0; i < ng; i++) {
      if (gtMatched[i]) continue;
      if (gt.crowd(i)) {
        // the last crowd segment of a category wins, as pq_compute's crowd_labels_dict
        crowdOf[gt.category(i)] = i;
        continue;
      }
      out.addFalseNegative(gt.category(i));
    }
    for (int i = 0; i < np; i++) {
      if (predMatched[i]) continue;
      long ignored = predVoid[i];
      int crowd = crowdOf[pred.category(i)];
      if (crowd >= 0) ignored += pairs.get(gt.id(crowd), pred.id(i));
      if ((double) ignored / (double) predPixels[i] > 0.5) continue;
      out.addFalsePositive(pred.category(i));
    }
  }

  /** Pixel count of predicted segment {@code i} in the last image evaluated (its area, as pq_compute's). */
  public long predArea(int i) {
    return predPixels[i];
  }

  private void grow(int ng, int np) {
    if (gtPixels.length < ng) {
      gtPixels = new long[ng];
      gtMatched = new boolean[ng];
    } else {
      Arrays.fill(gtPixels, 0, ng, 0);
      Arrays.fill(gtMatched, 0, ng, false);
    }
    if (predPixels.length < np) {
      predPixels = new long[np];
      predVoid = new long[np];
      predMatched = new boolean[np];
    } else {
      Arrays.fill(predPixels, 0, np, 0);
      Arrays.fill(predVoid, 0, np, 0);
      Arrays.fill(predMatched, 0, np, false);
    }
  }

  private static InvalidInputException notListed(String file, int id, SegmentPairTable pairs, boolean isGt) {
    long pixels = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if ((isGt ? pairs.gtId(i) : pairs.predId(i)) == id) pixels += pairs.pairPixels(i);
    }
    return new InvalidInputException(file, null, null, "segment id " + id + " (RGB " + rgb(id) + ", " + pixels
        + " pixels) is in the PNG but not in segments_info");
  }

  private static InvalidInputException notInPng(String file, Segments s, int i) {
    return new InvalidInputException(file, null, null, "segment id " + s.id(i) + " (RGB " + rgb(s.id(i))
        + ", segments_info[" + i + "]) is in segments_info but has no pixel in the PNG");
  }

  /** An id as the colour a user finds in an image viewer. */
  static String rgb(int id) {
    return (id & 0xFF) + "," + ((id >>> 8) & 0xFF) + "," + ((id >>> 16) & 0xFF);
  }

  /** C. */
  public int numCategories() {
    return numCategories;
  }
}
