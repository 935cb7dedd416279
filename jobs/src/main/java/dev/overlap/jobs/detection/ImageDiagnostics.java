package dev.overlap.jobs.detection;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.confusion.ConfusionCounts;
import dev.overlap.core.confusion.ErrorCounts;
import dev.overlap.core.confusion.ImageConfusion;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.voc.VocMatcher;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The executor side of the diagnostics, called by {@link EvaluateImages} for every evaluated image with
 * the records it already holds (no second read): confusion counts and error breakdown added up per
 * task, VOC flags collected into a block sorted like the COCO one (category, score descending, image
 * id, rank) for the driver's ordered curve pass ({@link VocCurves}).
 */
final class ImageDiagnostics implements MatchSink {
  private final long[] categoryIds;
  private final ImageConfusion confusionKernel;
  private final ConfusionCounts confusion;
  private final ErrorCounts errors;
  private final VocMatcher voc;
  private final MatchBlock vocMatches;
  private final long[] vocNpos;
  // npos per (class, replicate), the image's own counts weighted by its weight in each replicate: --bootstrap's
  // Poisson replicates, --slice-by's slices; null without
  private final WeightedNpos bootstrapNpos;
  private final WeightedNpos sliceNpos;
  private final long[] imageNpos;
  private int[] touched = new int[16];
  private int numTouched;

  private int[] gtClass = new int[16];
  private long[] gtSeq = new long[16];
  private boolean[] difficult = new boolean[16];
  private double[] gtBoxes = new double[64];
  private int[] dtClass = new int[16];
  private long[] dtSeq = new long[16];
  private double[] dtScore = new double[16];
  private double[] dtBoxes = new double[64];

  /**
   * @param replicates bootstrap replicates (0: none) and {@code weights} their image weights: the VOC npos of
   *     every replicate is counted here, beside the unweighted one
   * @param slices the slices' 0 / 1 weights ({@code --slice-by}), or null: the VOC npos of every slice likewise
   */
  ImageDiagnostics(Diagnostics d, long[] categoryIds, IouType iouType, int replicates, BootstrapCurves.Weights weights,
      ImageSlices slices) {
    this.categoryIds = categoryIds;
    int k = categoryIds.length;
    if (d.confusion()) {
      confusionKernel = new ImageConfusion(categoryIds, d.confusionIou(), d.confusionScore(), iouType == IouType.SEGM);
      confusion = new ConfusionCounts(k);
      errors = new ErrorCounts(k);
    } else {
      confusionKernel = null;
      confusion = null;
      errors = null;
    }
    if (d.protocol() != null) {
      voc = new VocMatcher();
      vocMatches = new MatchBlock(voc.numThresholds(), 1024);
      vocNpos = new long[k];
    } else {
      voc = null;
      vocMatches = null;
      vocNpos = null;
    }
    this.bootstrapNpos = voc != null && replicates > 0 ? new WeightedNpos(weights, replicates, k) : null;
    this.sliceNpos = voc != null && slices != null ? new WeightedNpos(slices, slices.size(), k) : null;
    this.imageNpos = bootstrapNpos != null || sliceNpos != null ? new long[k] : null;
  }

  /** Every class's npos weighted by each image's weight in each replicate of one weights source. */
  private static final class WeightedNpos {
    final BootstrapCurves.Weights weights;
    final int[] w;
    final long[] npos; // [k * R + rep]

    WeightedNpos(BootstrapCurves.Weights weights, int replicates, int classes) {
      this.weights = weights;
      this.w = new int[replicates];
      this.npos = new long[classes * replicates];
    }

    /** Adds the image's npos of the {@code n} classes it touched (its other classes' are 0). */
    void add(long imageId, int[] touched, int n, long[] imageNpos) {
      weights.fill(imageId, w);
      int reps = w.length;
      for (int i = 0; i < n; i++) {
        int k = touched[i];
        for (int rep = 0; rep < reps; rep++) npos[k * reps + rep] += w[rep] * imageNpos[k];
      }
    }
  }

  /** A mark to roll the VOC block back to when the image turns out to be rejected. */
  int mark() {
    return vocMatches != null ? vocMatches.size() : 0;
  }

  void rollback(int mark) {
    if (vocMatches != null) vocMatches.truncate(mark);
  }

  /** Adds one image. The confusion kernel may throw (a mask it cannot rasterise) before it counts anything. */
  void add(Image image, List<GtAnnotation> gts, List<Detection> dts) {
    if (confusionKernel != null) confusionKernel.add(image, gts, dts, confusion, errors);
    if (voc != null) addVoc(image, gts, dts);
  }

  private void addVoc(Image image, List<GtAnnotation> gts, List<Detection> dts) {
    int cap = Math.max(gts.size(), dts.size());
    if (gtClass.length < cap) {
      int c = Math.max(cap, 2 * gtClass.length);
      gtClass = new int[c];
      gtSeq = new long[c];
      difficult = new boolean[c];
      gtBoxes = new double[4 * c];
      dtClass = new int[c];
      dtSeq = new long[c];
      dtScore = new double[c];
      dtBoxes = new double[4 * c];
    }
    int ng = 0;
    for (GtAnnotation a : gts) {
      int k = Arrays.binarySearch(categoryIds, a.categoryId());
      if (k < 0) continue;
      gtClass[ng] = k;
      gtSeq[ng] = a.index();
      difficult[ng] = a.difficult() || a.iscrowd(); // mmdetection's converter writes VOC-difficult as iscrowd
      System.arraycopy(a.bbox(), 0, gtBoxes, 4 * ng, 4);
      ng++;
    }
    int nd = 0;
    for (Detection x : dts) {
      int k = Arrays.binarySearch(categoryIds, x.categoryId());
      if (k < 0) continue;
      dtClass[nd] = k;
      dtSeq[nd] = x.seq();
      dtScore[nd] = x.score();
      System.arraycopy(x.bbox(), 0, dtBoxes, 4 * nd, 4);
      nd++;
    }
    voc.match(image.id(), ng, gtClass, gtSeq, difficult, gtBoxes, nd, dtClass, dtSeq, dtScore, dtBoxes, this);
    if (numTouched > 0) {
      if (bootstrapNpos != null) bootstrapNpos.add(image.id(), touched, numTouched, imageNpos);
      if (sliceNpos != null) sliceNpos.add(image.id(), touched, numTouched, imageNpos);
      for (int i = 0; i < numTouched; i++) imageNpos[touched[i]] = 0;
      numTouched = 0;
    }
  }

  @Override
  public void detection(int category, long imageId, int rank, double score, byte[] flags) {
    vocMatches.add(category, imageId, rank, score, flags);
  }

  @Override
  public void groundTruth(int category, int area, int notIgnored) {
    vocNpos[category] += notIgnored;
    if (imageNpos != null && notIgnored != 0) {
      if (imageNpos[category] == 0) {
        if (numTouched == touched.length) touched = Arrays.copyOf(touched, 2 * numTouched);
        touched[numTouched++] = category;
      }
      imageNpos[category] += notIgnored;
    }
  }

  /** At the end of the task: the VOC block as its own output, the counts into the partial sums. */
  void finish(ArrayDeque<EvalOutput> ready, EvalOutput partial, int samples) {
    partial.setConfusion(confusion);
    partial.setErrors(errors);
    if (vocMatches != null) {
      MatchBlock sorted = vocMatches.sorted();
      vocMatches.truncate(0);
      EvalOutput m = new EvalOutput();
      m.setKind(EvalOutput.VOC_MATCHES);
      m.setMatches(sorted);
      ready.add(m);
      partial.setVocNpos(vocNpos);
      partial.setVocBootstrapNpos(bootstrapNpos != null ? bootstrapNpos.npos : null);
      partial.setVocSliceNpos(sliceNpos != null ? sliceNpos.npos : null);
      partial.setVocSample(sorted.sample(samples));
      partial.setVocNumMatches(sorted.size());
    }
  }
}
