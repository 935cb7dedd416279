package dev.overlap.jobs.detection;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.core.coco.ImageStats;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Localization;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.coco.Suppression;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.lvis.LvisImageRules;
import dev.overlap.core.slices.ImageSlices;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The executor side of the detection job: takes a partition of records sorted by (image id, kind,
 * seq), evaluates each image with core's {@link ImageEvaluator} and emits one row per image and
 * rejects (skip mode) as it goes; at the end of the partition, its ranked detections with their match
 * flags as one sorted {@link MatchBlock}, and its partial sums with a sample of that block's keys.
 * Holds one image's records at a time, and the partition's ranked detections in flat columns.
 *
 * <p>Accounting per source: records = evaluated + excluded (outside --img-ids / --cat-ids) + rejected.
 */
public final class EvaluateImages implements MapPartitionsFunction<EvalRecord, EvalOutput>, Serializable {
  private static final long serialVersionUID = 1L;

  private final CocoParams params;
  private final long[] allCategoryIds; // sorted: every GT category
  private final long[] categoryIds; // sorted: evaluated
  private final String gtName;
  private final PredLocator locator;
  private final boolean skip;
  private Suppression suppression;
  private Diagnostics diagnostics = Diagnostics.NONE;
  private int replicates;
  private long seed;
  private org.apache.spark.broadcast.Broadcast<ImageSlices> slices; // --slice-by, or null

  private GroundTruthScan.Result scan; // duplicate annotation ids to reject (skip mode), or null
  private boolean gatherAnnotationIds;

  /**
   * Gathers the ground truth's annotation ids as read, for a duplicate check after the evaluation
   * ({@link GroundTruthScan#duplicatesAsync}): for runs that skip the scan.
   */
  EvaluateImages gatherAnnotationIds() {
    this.gatherAnnotationIds = true;
    return this;
  }

  /** Rejects repeated annotation ids that the scan found (skip mode: the first in file order is kept). */
  EvaluateImages withGroundTruthScan(GroundTruthScan.Result scan) {
    this.scan = scan;
    return this;
  }

  /** Keys each task samples from its ranked detections for the range bounds of the global sort. */
  static final int SAMPLES_PER_TASK = 256;

  public EvaluateImages(CocoParams params, long[] allCategoryIds, long[] categoryIds, String gtName, PredLocator locator,
      boolean skip) {
    this.params = params;
    this.allCategoryIds = allCategoryIds.clone();
    this.categoryIds = categoryIds.clone();
    this.gtName = gtName;
    this.locator = locator;
    this.skip = skip;
  }

  /** Applies NMS / Soft-NMS to each image's predictions, per category, before matching (null: none). */
  public EvaluateImages withSuppression(Suppression s) {
    this.suppression = s;
    return this;
  }

  /** Also computes the diagnostics (VOC protocol, confusion matrix) in the same per-image pass. */
  public EvaluateImages withDiagnostics(Diagnostics d) {
    this.diagnostics = d;
    return this;
  }

  /**
   * Also sums each category's non-ignored ground truths weighted by every image's Poisson weight in each of
   * {@code replicates} bootstrap replicates ({@link EvalOutput#getBootstrapNpig()}).
   */
  EvaluateImages bootstrap(int replicates, long seed) {
    this.replicates = replicates;
    this.seed = seed;
    return this;
  }

  /**
   * Also sums each category's non-ignored ground truths and the images of every slice
   * ({@link EvalOutput#getSliceNpig()}, {@link EvalOutput#getSliceImages()}) and, with {@code --protocol voc07 /
   * voc12}, each class's non-difficult ones ({@link EvalOutput#getVocSliceNpos()}).
   */
  EvaluateImages slices(org.apache.spark.broadcast.Broadcast<ImageSlices> s) {
    this.slices = s;
    return this;
  }

  int numCategories() {
    return params.useCats() ? categoryIds.length : 1;
  }

  @Override
  public Iterator<EvalOutput> call(Iterator<EvalRecord> input) {
    dev.overlap.jobs.spark.Faults.inject("evaluate");
    return new Run(input);
  }

  private final class Run implements Iterator<EvalOutput>, MatchSink {
    private final Iterator<EvalRecord> input;
    private final ImageEvaluator evaluator;
    private final long[] imageIds = params.imageIds();
    private final ArrayDeque<EvalOutput> ready = new ArrayDeque<>();
    private final MatchBlock matches = new MatchBlock(params.numAreaRanges() * params.numIouThresholds(), 1024);
    private final List<GtAnnotation> gts = new ArrayList<>();
    private final List<Detection> dts = new ArrayList<>();
    private final int numAreas = params.numAreaRanges();
    private final long[] npig = new long[numCategories() * params.numAreaRanges()];
    private final long[] imageNpig = new long[npig.length];
    private final long[] bootstrapNpig = replicates > 0 ? new long[npig.length * replicates] : null;
    private final BootstrapCurves.Weights poisson = BootstrapCurves.poisson(seed);
    private final int[] poissonW = new int[replicates];
    private final ImageSlices sliceWeights = slices == null ? null : slices.value();
    private final long[] sliceNpig = sliceWeights == null ? null : new long[npig.length * sliceWeights.size()];
    private final long[] sliceImages = sliceWeights == null ? null : new long[sliceWeights.size()];
    private final int[] sliceW = sliceWeights == null ? null : new int[sliceWeights.size()];
    private final long[] gtPerCategory = new long[numCategories()];
    private final long[] predPerCategory = new long[numCategories()];
    private long images;
    private long imagesSkipped;
    private long imagesRejected;
    private long gtRecords;
    private long predRecords;
    private long gtRejected;
    private long predRejected;
    private long gtExcluded;
    private long predExcluded;
    private long predSuppressed;
    private final Localization localization = new Localization(numCategories());
    private final Localization imageLocalization = new Localization(numCategories());
    private long boxAsMask;
    private long boxFromMask;
    private long maskSizeMismatch;
    private long firstMismatchSeq = -1;
    private String firstMismatch;
    private EvalRecord pending;
    private boolean finished;
    private final LvisImageRules lvisRules = params.federated()
        ? new LvisImageRules(params.maxDetsLast(), params.iouType(), params.segmAreaFromBox()) : null;
    private final long[] lvisDropped = new long[5];
    private final ImageDiagnostics diag;
    private final GroundTruthScan.AnnotationIds annotationIds = gatherAnnotationIds
        ? new GroundTruthScan.AnnotationIds() : null;

    Run(Iterator<EvalRecord> input) {
      this.input = input;
      this.evaluator = new ImageEvaluator(params, categoryIds).withNames(gtName, locator);
      this.diag = diagnostics.any() ? new ImageDiagnostics(diagnostics, categoryIds, params.iouType(),
          replicates, poisson, sliceWeights) : null;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !finished) step();
      return !ready.isEmpty();
    }

    @Override
    public EvalOutput next() {
      if (!hasNext()) throw new java.util.NoSuchElementException();
      return ready.poll();
    }

    /** Evaluates the next image, or emits the partial sums at the end. */
    private void step() {
      EvalRecord first = pending != null ? pending : (input.hasNext() ? input.next() : null);
      pending = null;
      if (first == null) {
        finished = true;
        MatchBlock sorted = matches.sorted();
        matches.truncate(0);
        EvalOutput m = new EvalOutput();
        m.setKind(EvalOutput.MATCHES);
        m.setMatches(sorted);
        ready.add(m);
        EvalOutput p = partial();
        p.setSample(sorted.sample(SAMPLES_PER_TASK));
        p.setNumMatches(sorted.size());
        if (diag != null) diag.finish(ready, p, SAMPLES_PER_TASK);
        ready.add(p);
        if (annotationIds != null) {
          EvalOutput a = new EvalOutput();
          a.setKind(EvalOutput.ANNOTATION_IDS);
          a.setAnnotationIds(annotationIds.distinct());
          ready.add(a);
        }
        return;
      }
      long id = first.getImageId();
      Image image = null;
      gts.clear();
      dts.clear();
      EvalRecord r = first;
      while (true) {
        switch (r.getKind()) {
          case EvalRecord.REJECT:
            if ("gt".equals(r.getRejectSource())) {
              gtRecords++;
              gtRejected++;
            } else {
              predRecords++;
              predRejected++;
            }
            ready.add(EvalOutput.reject(r.getRejectSource(), r.getRejectFile(), r.getRejectRecord(), r.getRejectField(),
                r.getRejectReason(), Long.MIN_VALUE));
            break;
          case EvalRecord.IMAGE:
            if (image != null) {
              InvalidInputException e = new InvalidInputException(gtName, "images", "id", "duplicate image id " + id
                  + (skip ? " (the first one is kept)" : ""));
              if (!skip) throw e;
              imagesRejected++;
              ready.add(EvalOutput.reject("gt", e.file(), e.record(), e.field(), e.reason(), id));
            } else {
              image = r.toImage();
            }
            break;
          case EvalRecord.GT:
            gtRecords++;
            if (annotationIds != null) annotationIds.add(r.getAnnId(), r.getSeq());
            if (scan != null && scan.isRepeat(r.getAnnId(), r.getSeq())) {
              int at = java.util.Arrays.binarySearch(scan.duplicateIds(), r.getAnnId());
              rejectGt(new InvalidInputException(gtName, "annotations[" + r.getSeq() + "]", "id", "duplicate annotation id "
                  + r.getAnnId() + ": " + scan.copies()[at] + " annotations carry it, the first (annotations["
                  + scan.firstSeq()[at] + "]) is kept"), id);
            } else if (known(r.getCategoryId())) gts.add(r.toGt());
            else rejectGt(new InvalidInputException(gtName, "annotation id " + r.getAnnId(), "category_id", "category "
                + r.getCategoryId() + " is not in the ground truth categories"), id);
            break;
          default:
            predRecords++;
            if (known(r.getCategoryId())) {
              dts.add(r.toDetection());
            } else if (lvisRules != null) {
              // lvis-api drops results of categories the ground truth does not have, silently (results.py)
              predExcluded++;
              lvisDropped[4]++;
            } else {
              rejectPred(r.getSeq(), "category_id", "category " + r.getCategoryId()
                  + " is not in the ground truth categories", id);
            }
        }
        if (!input.hasNext()) break;
        r = input.next();
        if (r.getImageId() != id) {
          pending = r;
          break;
        }
      }
      if (image == null) {
        // records sort by kind: the image row comes first when there is one
        for (GtAnnotation a : gts) {
          rejectGt(new InvalidInputException(gtName, "annotation id " + a.id(), "image_id", "image " + id
              + " is not in images"), id);
        }
        for (Detection d : dts) rejectPred(d.seq(), "image_id", "image " + id + " is not in the ground truth", id);
        return;
      }
      if (params.iouType().usesMasks()) checkMaskSizes(image);
      if (params.iouType() == IouType.KEYPOINTS) checkKeypoints();
      if (imageIds != null && Arrays.binarySearch(imageIds, id) < 0) {
        imagesSkipped++;
        gtExcluded += gts.size();
        predExcluded += dts.size();
        return;
      }
      countLoadResCases(image);
      if (lvisRules != null && !applyLvisRules(image)) return;
      evaluate(image);
    }

    private void evaluate(Image image) {
      int mark = matches.size();
      int diagMark = diag != null ? diag.mark() : 0;
      Arrays.fill(imageNpig, 0);
      imageLocalization.clear();
      ImageStats s;
      List<Detection> evaluated = dts;
      try {
        if (suppression != null) evaluated = suppression.apply(dts, params.iouType(), locator);
        s = evaluator.evaluate(image, gts, evaluated, this);
        if (diag != null) diag.add(image, gts, evaluated);
      } catch (InvalidInputException e) {
        if (!skip) throw e;
        matches.truncate(mark);
        if (diag != null) diag.rollback(diagMark);
        // a mask that cannot be rasterised: the image's records go to rejects, nothing of it is counted
        for (GtAnnotation a : gts) {
          rejectGt(new InvalidInputException(gtName, "annotation id " + a.id(), e.field(), "image " + image.id()
              + " rejected: " + e.getMessage()), image.id());
        }
        for (Detection d : dts) {
          rejectPred(d.seq(), e.field(), "image " + image.id() + " rejected: " + e.getMessage(), image.id());
        }
        return;
      }
      images++;
      predSuppressed += dts.size() - evaluated.size();
      localization.merge(imageLocalization);
      for (int i = 0; i < npig.length; i++) npig[i] += imageNpig[i];
      if (bootstrapNpig != null) addWeighted(image.id(), poisson, poissonW, bootstrapNpig);
      if (sliceNpig != null) {
        addWeighted(image.id(), sliceWeights, sliceW, sliceNpig);
        for (int q = 0; q < sliceW.length; q++) sliceImages[q] += sliceW[q];
      }
      for (GtAnnotation a : gts) {
        int k = evaluator.categoryIndex(a.categoryId());
        if (k >= 0) gtPerCategory[k]++;
        else gtExcluded++;
      }
      for (Detection d : dts) {
        int k = evaluator.categoryIndex(d.categoryId());
        if (k >= 0) predPerCategory[k]++;
        else predExcluded++;
      }
      EvalOutput o = new EvalOutput();
      o.setKind(EvalOutput.IMAGE);
      o.setImageId(image.id());
      o.setFileName(image.fileName());
      o.setStringId(image.originalId());
      o.setWidth(image.width());
      o.setHeight(image.height());
      o.setNumGt(s.numGt());
      o.setNumPred(s.numPred());
      o.setTp50(s.tp50());
      o.setFp50(s.fp50());
      o.setFn50(s.fn50());
      o.setTp75(s.tp75());
      o.setFp75(s.fp75());
      o.setFn75(s.fn75());
      o.setIouSum50(s.iouSum50());
      ready.add(o);
    }

    /** A ground-truth RLE must have its image's size (pycocotools would score its pairs -1; we name it). */
    private void checkMaskSizes(Image image) {
      for (int i = gts.size() - 1; i >= 0; i--) {
        String why = sizeMismatch(gts.get(i).segmentation(), image);
        if (why != null) {
          GtAnnotation a = gts.remove(i);
          rejectGt(new InvalidInputException(gtName, "annotation id " + a.id(), "segmentation", why), image.id());
        }
      }
    }

    /**
     * Counts the results that pycocotools' loadRes would reshape: segm results with a box only, bbox
     * results with a mask only, and result masks of another size than their image (IoU -1, see
     * core's LoadResRules), remembering the first of those in input order for the run's warning.
     */
    private void countLoadResCases(Image image) {
      boolean segm = params.iouType().usesMasks();
      for (Detection d : dts) {
        Segmentation s = d.segmentation();
        if (segm && s == null) boxAsMask++;
        if (!segm && d.bbox() == null) boxFromMask++;
        if (segm && s != null && !s.isPolygons() && (s.rleHeight() != image.height() || s.rleWidth() != image.width())) {
          maskSizeMismatch++;
          if (firstMismatchSeq < 0 || d.seq() < firstMismatchSeq) {
            firstMismatchSeq = d.seq();
            firstMismatch = locator.name(d.seq()) + ": mask [" + s.rleHeight() + ", " + s.rleWidth() + "], image "
                + image.id() + " is [" + image.height() + ", " + image.width() + "]";
          }
        }
      }
    }

    /**
     * LVIS's load-time rules for this image, here on the executor and before matching (the top-300 cut is across
     * the image's categories). What they remove is excluded, not rejected: lvis-api drops it by design.
     *
     * @return false when the image itself is rejected (no LVIS lists, skip mode)
     */
    private boolean applyLvisRules(Image image) {
      int ng = gts.size();
      int nd = dts.size();
      LvisImageRules.Dropped d;
      try {
        d = lvisRules.apply(image, gts, dts, gtName);
      } catch (InvalidInputException e) {
        if (!skip) throw e;
        imagesRejected++;
        ready.add(EvalOutput.reject("gt", e.file(), e.record(), e.field(), e.reason(), image.id()));
        gtExcluded += ng;
        predExcluded += nd;
        return false;
      }
      gtExcluded += d.gtAreaZero();
      predExcluded += d.results();
      lvisDropped[0] += d.gtAreaZero();
      lvisDropped[1] += d.beyondTop();
      lvisDropped[2] += d.areaZero();
      lvisDropped[3] += d.federated();
      return true;
    }

    /**
     * Keypoint arrays must have 3 values per keypoint of their category (its sigmas), GT flags 0..2 (checked by
     * the reader): a record that does not fit is rejected alone, before the image is evaluated.
     */
    private void checkKeypoints() {
      dev.overlap.core.keypoints.KeypointSigmas sigmas = params.keypointSigmas();
      for (int i = gts.size() - 1; i >= 0; i--) {
        GtAnnotation a = gts.get(i);
        double[] s = sigmas.forCategory(a.categoryId());
        if (s == null || a.keypoints() == null) continue; // the driver checked coverage; the reader presence
        String why = dev.overlap.core.keypoints.Oks.problem(a.keypoints(), s.length, true);
        if (why != null) {
          gts.remove(i);
          rejectGt(new InvalidInputException(gtName, "annotation id " + a.id(), "keypoints", why), a.imageId());
        }
      }
      for (int i = dts.size() - 1; i >= 0; i--) {
        Detection d = dts.get(i);
        double[] s = sigmas.forCategory(d.categoryId());
        if (s == null || d.keypoints() == null) continue;
        String why = dev.overlap.core.keypoints.Oks.problem(d.keypoints(), s.length, false);
        if (why == null && params.keypointAreaFromBox() && d.bbox() == null) {
          dts.remove(i);
          rejectPred(d.seq(), "bbox", "missing; the first result has a bbox, so every result is sized by its box"
              + " (pycocotools loadRes)", d.imageId());
          continue;
        }
        if (why != null) {
          dts.remove(i);
          rejectPred(d.seq(), "keypoints", why, d.imageId());
        }
      }
    }

    private String sizeMismatch(Segmentation s, Image image) {
      if (s == null || s.isPolygons()) return null;
      if (s.rleHeight() == image.height() && s.rleWidth() == image.width()) return null;
      return "RLE size [" + s.rleHeight() + ", " + s.rleWidth() + "] differs from the size [" + image.height() + ", "
          + image.width() + "] of image " + image.id();
    }

    private boolean known(long categoryId) {
      return Arrays.binarySearch(allCategoryIds, categoryId) >= 0;
    }

    private void rejectGt(InvalidInputException e, long imageId) {
      if (!skip) throw e;
      gtRejected++;
      ready.add(EvalOutput.reject("gt", e.file(), e.record(), e.field(), e.reason(), imageId));
    }

    private void rejectPred(long seq, String field, String reason, long imageId) {
      if (!skip) throw new InvalidInputException(null, locator.name(seq), field, reason);
      predRejected++;
      ready.add(EvalOutput.reject("pred", locator.displayFile(seq), locator.recordLabel(seq), field, reason, imageId));
    }

    /**
     * Adds the image's GT counts to every replicate with its weight there (nothing for weight 0), into
     * {@code into[(k * R + rep) * A + a]}; leaves the weights in {@code w}.
     */
    private void addWeighted(long imageId, BootstrapCurves.Weights weights, int[] w, long[] into) {
      weights.fill(imageId, w);
      int reps = w.length;
      for (int rep = 0; rep < reps; rep++) {
        if (w[rep] == 0) continue;
        for (int i = 0; i < imageNpig.length; i++) {
          if (imageNpig[i] == 0) continue;
          int k = i / numAreas;
          into[(k * reps + rep) * numAreas + i % numAreas] += (long) w[rep] * imageNpig[i];
        }
      }
    }

    private EvalOutput partial() {
      EvalOutput p = new EvalOutput();
      p.setKind(EvalOutput.PARTIAL);
      p.setNpig(npig);
      p.setBootstrapNpig(bootstrapNpig);
      p.setSliceNpig(sliceNpig);
      p.setSliceImages(sliceImages);
      p.setGtPerCategory(gtPerCategory);
      p.setPredPerCategory(predPerCategory);
      p.setImages(images);
      p.setImagesSkipped(imagesSkipped);
      p.setImagesRejected(imagesRejected);
      p.setGtRecords(gtRecords);
      p.setPredRecords(predRecords);
      p.setGtRejected(gtRejected);
      p.setPredRejected(predRejected);
      p.setGtExcluded(gtExcluded);
      p.setPredExcluded(predExcluded);
      if (lvisRules != null) p.setLvisDropped(lvisDropped.clone());
      p.setPredSuppressed(predSuppressed);
      p.setLocalization(localization);
      p.setCompat(new CompatCounts(boxAsMask, boxFromMask, maskSizeMismatch, firstMismatchSeq, firstMismatch));
      return p;
    }

    @Override
    public void detection(int category, long imageId, int rank, double score, byte[] flags) {
      matches.add(category, imageId, rank, score, flags);
    }

    @Override
    public void localization(int category, double iou, double giou, double diou, double ciou) {
      imageLocalization.add(category, iou, giou, diou, ciou);
    }

    @Override
    public void groundTruth(int category, int area, int notIgnored) {
      imageNpig[category * numAreas + area] += notIgnored;
    }
  }
}
