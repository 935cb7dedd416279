package dev.overlap.core.coco;

import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COCO evaluation of an in-memory dataset on one machine: pycocotools' evaluate, accumulate and
 * summarize. The Spark job runs the same per-image evaluation and curve builders, split across tasks.
 *
 * <pre>{@code
 * CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of("instances_val.json"), false);
 * List<Detection> dts = CocoFiles.readResults(Path.of("results.json"), false);
 * CocoEvaluation e = CocoEvaluator.evaluate(gt, dts, CocoParams.defaults(IouType.BBOX));
 * System.out.print(e.summary().text());
 * }</pre>
 */
public final class CocoEvaluator {
  private CocoEvaluator() {}

  /**
   * Evaluates detections against a ground truth.
   *
   * @throws InvalidInputException for a detection whose image or category is not in the ground truth,
   *     duplicate image or category ids, or a mask that does not fit its image
   */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params) {
    return evaluate(gt, dts, params, "ground truth", seq -> "result #" + seq);
  }

  /** As {@link #evaluate(CocoGroundTruth, List, CocoParams)}, naming inputs in error messages. */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, String gtName,
      ImageEvaluator.DetectionNamer dtNames) {
    int threads = dts.size() >= PARALLEL_MIN_DETECTIONS ? Math.min(2, Runtime.getRuntime().availableProcessors()) : 1;
    return evaluate(gt, dts, params, gtName, dtNames, threads);
  }

  /**
   * As {@link #evaluate(CocoGroundTruth, List, CocoParams, String, ImageEvaluator.DetectionNamer)} on
   * {@code threads} threads (1 or 2; more count as 2). Two threads evaluate the two halves of the images,
   * then the two halves of the categories; the halves merge in a fixed order, so the result has the same
   * bits as on one thread.
   */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params, String gtName,
      ImageEvaluator.DetectionNamer dtNames, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads is " + threads + ", expected at least 1");
    // Images by position in id order; records grouped per image with a counting sort (list order kept within
    // an image), so that no boxed id is hashed per record.
    List<Image> imageList = gt.images();
    int numImages = imageList.size();
    long[] sortedIds = new long[numImages];
    for (int i = 0; i < numImages; i++) sortedIds[i] = imageList.get(i).id();
    Arrays.sort(sortedIds);
    IdIndex imagePosition = new IdIndex(sortedIds);
    Image[] imageAt = new Image[numImages];
    for (Image im : imageList) {
      int p = imagePosition.get(im.id());
      if (imageAt[p] != null) throw new InvalidInputException(gtName, null, "images", "duplicate image id " + im.id());
      imageAt[p] = im;
    }
    long[] allCats = new long[gt.categories().size()];
    for (int i = 0; i < allCats.length; i++) allCats[i] = gt.categories().get(i).id();
    Arrays.sort(allCats);
    for (int i = 1; i < allCats.length; i++) {
      if (allCats[i] == allCats[i - 1]) {
        throw new InvalidInputException(gtName, null, "categories", "duplicate category id " + allCats[i]);
      }
    }
    IdIndex categoryPosition = new IdIndex(allCats);
    long[] catIds = params.categoryIds() != null ? intersect(params.categoryIds(), allCats) : allCats;
    long[] imgIds = sortedIds;
    if (params.imageIds() != null) imgIds = intersect(params.imageIds(), imgIds);

    List<GtAnnotation> annotations = gt.annotations();
    int[] gtImage = new int[annotations.size()];
    int[] gtStart = new int[numImages + 1];
    for (int i = 0; i < gtImage.length; i++) {
      GtAnnotation a = annotations.get(i);
      int p = imagePosition.get(a.imageId());
      if (p < 0) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "image_id", "image " + a.imageId()
            + " is not in images");
      }
      if (categoryPosition.get(a.categoryId()) < 0) {
        throw new InvalidInputException(gtName, "annotation id " + a.id(), "category_id", "category " + a.categoryId()
            + " is not in categories");
      }
      gtImage[i] = p;
      gtStart[p + 1]++;
    }
    GtAnnotation[] gtByImage = group(annotations, gtImage, gtStart, new GtAnnotation[gtImage.length]);
    int[] dtImage = new int[dts.size()];
    int[] dtStart = new int[numImages + 1];
    for (int i = 0; i < dtImage.length; i++) {
      Detection d = dts.get(i);
      int p = imagePosition.get(d.imageId());
      if (p < 0) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "image_id", "image " + d.imageId()
            + " is not in the ground truth");
      }
      if (categoryPosition.get(d.categoryId()) < 0) {
        throw new InvalidInputException(null, dtNames.name(d.seq()), "category_id", "category " + d.categoryId()
            + " is not in the ground truth");
      }
      dtImage[i] = p;
      dtStart[p + 1]++;
    }
    Detection[] dtByImage = group(dts, dtImage, dtStart, new Detection[dtImage.length]);

    int numCategories = params.useCats() ? catIds.length : 1;
    // two halves of the images with about as many detections each; one half only on one thread
    int cut = imgIds.length;
    long firstDetections = dts.size();
    if (threads > 1 && imgIds.length > 1) {
      long half = 0;
      for (long id : imgIds) {
        int p = Arrays.binarySearch(sortedIds, id);
        half += dtStart[p + 1] - dtStart[p];
      }
      half /= 2;
      long sum = 0;
      cut = 0;
      while (cut < imgIds.length - 1 && sum < half) {
        int p = Arrays.binarySearch(sortedIds, imgIds[cut++]);
        sum += dtStart[p + 1] - dtStart[p];
      }
      firstDetections = sum;
    }
    long[] ids = imgIds;
    Part first = new Part(params, catIds, gtName, dtNames, numCategories, dts.size());
    Part second = new Part(params, catIds, gtName, dtNames, numCategories, (int) (dts.size() - firstDetections));
    int end = cut;
    both(threads > 1 && cut < ids.length,
        () -> first.evaluate(ids, 0, end, sortedIds, imageAt, gtByImage, gtStart, dtByImage, dtStart),
        () -> second.evaluate(ids, end, ids.length, sortedIds, imageAt, gtByImage, gtStart, dtByImage, dtStart));
    MatchBuffer buf = first.buf;
    buf.append(second.buf);
    long[] numGt = first.numGt;
    long[] numPred = first.numPred;
    for (int k = 0; k < numCategories; k++) {
      numGt[k] += second.numGt[k];
      numPred[k] += second.numPred[k];
    }
    List<ImageStats> stats = first.stats;
    stats.addAll(second.stats);
    Accumulation acc = accumulate(params, buf, threads);
    long[] reportedCats = params.useCats() ? catIds : new long[] {-1};
    return new CocoEvaluation(params, reportedCats, CocoSummary.of(acc), numGt, numPred, List.copyOf(stats));
  }

  /** cocoeval.py#accumulate over records held in one buffer: one slice per category. */
  public static Accumulation accumulate(CocoParams params, MatchBuffer buf) {
    return accumulate(params, buf, 1);
  }

  /**
   * As {@link #accumulate(CocoParams, MatchBuffer)} on {@code threads} threads (1 or 2): categories are
   * independent, so each thread sorts and builds the curves of its half of them.
   */
  public static Accumulation accumulate(CocoParams params, MatchBuffer buf, int threads) {
    int numCategories = buf.numCategories();
    Accumulator acc = new Accumulator(params, numCategories, buf.npig());
    if (!buf.sortsByCategory()) {
      int[] order = buf.rankOrder();
      int i = 0;
      while (i < order.length) {
        int k = buf.category(order[i]);
        int end = i;
        while (end < order.length && buf.category(order[end]) == k) end++;
        acc.addSegment(0, curve(params, buf, acc.npig(k), k, order, i, end));
        i = end;
      }
      return acc.result();
    }
    int[] start = new int[numCategories + 1];
    int[] idx = buf.groupByCategory(start);
    int size = buf.size();
    int[] aux = new int[size];
    long[] key = new long[size];
    long[] keyAux = new long[size];
    CurveSegment[] segments = new CurveSegment[numCategories];
    long[][] npig = new long[numCategories][];
    for (int k = 0; k < numCategories; k++) npig[k] = acc.npig(k);
    int split = 0;
    while (split < numCategories && start[split + 1] <= size / 2) split++;
    int mid = threads > 1 ? split : numCategories;
    Runnable low = () -> {
      for (int k = 0; k < mid; k++) segments[k] = sortedCurve(params, buf, npig[k], k, idx, start, aux, key, keyAux);
    };
    Runnable high = () -> {
      for (int k = mid; k < numCategories; k++) segments[k] = sortedCurve(params, buf, npig[k], k, idx, start, aux, key, keyAux);
    };
    both(threads > 1, low, high);
    // category order, as one pass over the global rank order adds them
    for (CurveSegment s : segments) if (s != null) acc.addSegment(0, s);
    return acc.result();
  }

  private static CurveSegment sortedCurve(CocoParams params, MatchBuffer buf, long[] npig, int k, int[] idx, int[] start,
      int[] aux, long[] key, long[] keyAux) {
    int lo = start[k];
    int hi = start[k + 1];
    if (lo == hi) return null;
    buf.sortCategory(idx, lo, hi, aux, key, keyAux);
    return curve(params, buf, npig, k, idx, lo, hi);
  }

  /** One category's curves from its records {@code order[lo, hi)} in rank order. */
  private static CurveSegment curve(CocoParams params, MatchBuffer buf, long[] npig, int k, int[] order, int lo, int hi) {
    byte[] flags = buf.flagsArray();
    int stride = params.numAreaRanges() * params.numIouThresholds();
    CurveBuilder b = new CurveBuilder(params, k, npig, null);
    for (int i = lo; i < hi; i++) {
      int r = order[i];
      b.add(buf.rank(r), buf.score(r), flags, r * stride);
    }
    return b.finish();
  }

  /** Below this many detections a second thread costs more than it saves. */
  static final int PARALLEL_MIN_DETECTIONS = 20_000;

  /**
   * Runs {@code a} here and {@code b} on a second thread when {@code parallel}, else both here in order.
   * A failure of {@code a} is thrown before one of {@code b}: the error a single pass would meet first.
   */
  static void both(boolean parallel, Runnable a, Runnable b) {
    if (!parallel) {
      a.run();
      b.run();
      return;
    }
    Throwable[] failed = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        b.run();
      } catch (Throwable e) {
        failed[0] = e;
      }
    }, "overlap-coco-evaluate");
    t.setDaemon(true);
    t.start();
    RuntimeException firstFailure = null;
    try {
      a.run();
    } catch (RuntimeException e) {
      firstFailure = e;
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    if (firstFailure != null) throw firstFailure;
    if (failed[0] instanceof RuntimeException e) throw e;
    if (failed[0] instanceof Error e) throw e;
    if (failed[0] != null) throw new IllegalStateException(failed[0]);
  }

  /**
   * Positions of the values of a sorted id array, by open addressing: a probe or two per record where a
   * binary search took a dozen. Equal ids map to one position (the first inserted).
   */
  private static final class IdIndex {
    private final long[] keys;
    private final int[] positions;
    private final int mask;

    IdIndex(long[] ids) {
      int capacity = Integer.highestOneBit(Math.max(1, ids.length)) << 2;
      keys = new long[capacity];
      positions = new int[capacity];
      mask = capacity - 1;
      Arrays.fill(positions, -1);
      for (int p = 0; p < ids.length; p++) {
        int h = slot(ids[p]);
        while (positions[h] >= 0 && keys[h] != ids[p]) h = (h + 1) & mask;
        if (positions[h] < 0) {
          keys[h] = ids[p];
          positions[h] = p;
        }
      }
    }

    private int slot(long id) {
      long x = id * 0x9E3779B97F4A7C15L;
      return (int) (x ^ x >>> 32) & mask;
    }

    /** Position of {@code id}, or -1. */
    int get(long id) {
      for (int h = slot(id); ; h = (h + 1) & mask) {
        int p = positions[h];
        if (p < 0 || keys[h] == id) return p;
      }
    }
  }

  /** Per-image evaluation of a run of images into its own buffer and counts. */
  private static final class Part {
    final ImageEvaluator ev;
    final MatchBuffer buf;
    final long[] numGt;
    final long[] numPred;
    final List<ImageStats> stats = new ArrayList<>();

    Part(CocoParams params, long[] catIds, String gtName, ImageEvaluator.DetectionNamer dtNames, int numCategories,
        int capacity) {
      ev = new ImageEvaluator(params, catIds).withNames(gtName, dtNames);
      buf = new MatchBuffer(params, numCategories, capacity);
      numGt = new long[numCategories];
      numPred = new long[numCategories];
    }

    void evaluate(long[] imgIds, int from, int to, long[] sortedIds, Image[] imageAt, GtAnnotation[] gtByImage,
        int[] gtStart, Detection[] dtByImage, int[] dtStart) {
      for (int n = from; n < to; n++) {
        int p = Arrays.binarySearch(sortedIds, imgIds[n]);
        int g0 = gtStart[p];
        int g1 = gtStart[p + 1];
        int d0 = dtStart[p];
        int d1 = dtStart[p + 1];
        for (int i = g0; i < g1; i++) {
          int k = ev.categoryIndex(gtByImage[i].categoryId());
          if (k >= 0) numGt[k]++;
        }
        for (int i = d0; i < d1; i++) {
          int k = ev.categoryIndex(dtByImage[i].categoryId());
          if (k >= 0) numPred[k]++;
        }
        stats.add(ev.evaluate(imageAt[p], gtByImage, g0, g1 - g0, dtByImage, d0, d1 - d0, buf));
      }
    }
  }

  /**
   * Records in image order, list order within an image. {@code start} holds per-image counts at
   * {@code [p + 1]} on entry and start offsets on return.
   */
  private static <T> T[] group(List<T> records, int[] imageOf, int[] start, T[] out) {
    for (int p = 0; p + 1 < start.length; p++) start[p + 1] += start[p];
    int[] next = Arrays.copyOf(start, start.length - 1);
    for (int i = 0; i < imageOf.length; i++) out[next[imageOf[i]]++] = records.get(i);
    return out;
  }

  private static long[] intersect(long[] wanted, long[] available) {
    long[] out = new long[wanted.length];
    int n = 0;
    for (long w : wanted) if (Arrays.binarySearch(available, w) >= 0) out[n++] = w;
    return Arrays.copyOf(out, n);
  }
}
