package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.core.coco.ImageStats;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.io.InvalidInputException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The executor side of the detection job: takes a partition of records sorted by (image id, kind,
 * seq), evaluates each image with core's {@link ImageEvaluator} and emits ranked detections with
 * their match flags, one row per image, and at the end of the partition its partial sums. Streams:
 * holds one image's records at a time.
 */
public final class EvaluateImages implements MapPartitionsFunction<EvalRecord, EvalOutput>, Serializable {
  private static final long serialVersionUID = 1L;

  private final CocoParams params;
  private final long[] allCategoryIds; // sorted: every GT category
  private final long[] categoryIds; // sorted: evaluated
  private final String gtName;
  private final PredLocator locator;

  public EvaluateImages(CocoParams params, long[] allCategoryIds, long[] categoryIds, String gtName, PredLocator locator) {
    this.params = params;
    this.allCategoryIds = allCategoryIds.clone();
    this.categoryIds = categoryIds.clone();
    this.gtName = gtName;
    this.locator = locator;
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
    private final List<GtAnnotation> gts = new ArrayList<>();
    private final List<Detection> dts = new ArrayList<>();
    private final int numAreas = params.numAreaRanges();
    private final long[] npig = new long[numCategories() * params.numAreaRanges()];
    private final long[] gtPerCategory = new long[numCategories()];
    private final long[] predPerCategory = new long[numCategories()];
    private long images;
    private long imagesSkipped;
    private long gtRecords;
    private long predRecords;
    private EvalRecord pending;
    private boolean finished;

    Run(Iterator<EvalRecord> input) {
      this.input = input;
      this.evaluator = new ImageEvaluator(params, categoryIds).withNames(gtName, locator);
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
        EvalOutput p = new EvalOutput();
        p.setKind(EvalOutput.PARTIAL);
        p.setNpig(npig);
        p.setGtPerCategory(gtPerCategory);
        p.setPredPerCategory(predPerCategory);
        p.setImages(images);
        p.setImagesSkipped(imagesSkipped);
        p.setGtRecords(gtRecords);
        p.setPredRecords(predRecords);
        ready.add(p);
        return;
      }
      long id = first.getImageId();
      Image image = null;
      gts.clear();
      dts.clear();
      EvalRecord r = first;
      while (true) {
        switch (r.getKind()) {
          case EvalRecord.IMAGE:
            if (image != null) {
              throw new InvalidInputException(gtName, null, "images", "duplicate image id " + id);
            }
            image = r.toImage();
            break;
          case EvalRecord.GT:
            gtRecords++;
            checkCategory(r.getCategoryId(), gtName, "annotation id " + r.getAnnId());
            gts.add(r.toGt());
            break;
          default:
            predRecords++;
            checkCategory(r.getCategoryId(), null, locator.name(r.getSeq()));
            dts.add(r.toDetection());
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
        if (!gts.isEmpty()) {
          throw new InvalidInputException(gtName, "annotation id " + gts.get(0).id(), "image_id", "image " + id
              + " is not in images");
        }
        throw new InvalidInputException(null, locator.name(dts.get(0).seq()), "image_id", "image " + id
            + " is not in the ground truth");
      }
      if (imageIds != null && Arrays.binarySearch(imageIds, id) < 0) {
        imagesSkipped++;
        return;
      }
      images++;
      for (GtAnnotation a : gts) {
        int k = evaluator.categoryIndex(a.categoryId());
        if (k >= 0) gtPerCategory[k]++;
      }
      for (Detection d : dts) {
        int k = evaluator.categoryIndex(d.categoryId());
        if (k >= 0) predPerCategory[k]++;
      }
      ImageStats s = evaluator.evaluate(image, gts, dts, this);
      EvalOutput o = new EvalOutput();
      o.setKind(EvalOutput.IMAGE);
      o.setImageId(id);
      o.setFileName(image.fileName());
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

    private void checkCategory(long categoryId, String file, String record) {
      if (Arrays.binarySearch(allCategoryIds, categoryId) < 0) {
        throw new InvalidInputException(file, record, "category_id", "category " + categoryId
            + " is not in the ground truth categories");
      }
    }

    @Override
    public void detection(int category, long imageId, int rank, double score, byte[] flags) {
      EvalOutput o = new EvalOutput();
      o.setKind(EvalOutput.MATCH);
      o.setCategory(category);
      o.setImageId(imageId);
      o.setRank(rank);
      o.setScore(score);
      o.setFlags(flags.clone());
      ready.add(o);
    }

    @Override
    public void groundTruth(int category, int area, int notIgnored) {
      npig[category * numAreas + area] += notIgnored;
    }
  }
}
