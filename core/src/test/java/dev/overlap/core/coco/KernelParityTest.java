package dev.overlap.core.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.mask.Masks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CocoEvaluator} (primitive sorts, candidate lists, precomputed mask boxes) against
 * {@link NaiveCocoEval}, pycocotools' evaluate and accumulate transliterated in the test, on seeded random
 * datasets built to hit the tie rules: integer boxes (equal IoUs), few distinct scores (with -0.0 and 0.0),
 * crowds, GT id 0, areas on range bounds, more detections than maxDets. Every precision, recall and score
 * cell and every per-image count must be the same bits.
 */
class KernelParityTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int seed = 1; seed <= 12; seed++) {
      out.add(Arguments.of(seed, "defaults"));
      out.add(Arguments.of(seed, "no-cats"));
      out.add(Arguments.of(seed, "custom"));
      if (seed <= 6) out.add(Arguments.of(seed, "segm"));
    }
    return out.stream();
  }

  static CocoParams params(String variant) {
    switch (variant) {
      case "defaults":
        return CocoParams.defaults(IouType.BBOX);
      case "no-cats":
        return CocoParams.builder(IouType.BBOX).useCats(false).build();
      case "custom":
        return CocoParams.builder(IouType.BBOX).iouThresholds(0.1, 0.5, 0.5, 0.9, 1.0).maxDets(2, 7, 12)
            .areaRanges(new double[][] {{0, 1e10}, {0, 64}, {64, 400}, {400, 1e10}, {100, 100}},
                new String[] {"all", "a", "b", "c", "exact"})
            .build();
      case "segm":
        return CocoParams.defaults(IouType.SEGM);
      default:
        throw new IllegalArgumentException(variant);
    }
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("cases")
  void evaluatorMatchesNaiveCocoeval(int seed, String variant) {
    CocoParams params = params(variant);
    boolean segm = params.iouType() == IouType.SEGM;
    SplittableRandom rnd = new SplittableRandom(seed * 7919L + variant.hashCode());
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> gts = new ArrayList<>();
    List<Detection> dts = new ArrayList<>();
    int numImages = segm ? 12 : 40;
    for (int i = 0; i < numImages; i++) images.add(new Image(1000 - 13L * i, "i" + i, 24 + rnd.nextInt(20), 20 + rnd.nextInt(20)));
    long[] catIds = {3, 1, 90, 17, 5};
    for (long c : catIds) cats.add(new Category(c, "c" + c, "s"));
    double[] scores = {1.0, 0.9, 0.5, 0.5, 0.25, 0.0, -0.0, 0.75};
    long gtId = 0;
    long seq = 0;
    for (Image im : images) {
      int ng = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(14);
      List<double[]> boxes = new ArrayList<>();
      for (int j = 0; j < ng; j++) {
        long cat = catIds[rnd.nextInt(3)];
        double[] b = randomBox(rnd, im);
        boxes.add(b);
        double area = rnd.nextInt(4) == 0 ? new double[] {64, 400, 100, 0}[rnd.nextInt(4)] : b[2] * b[3];
        boolean crowd = rnd.nextInt(6) == 0;
        Segmentation s = segm ? mask(rnd, im, b, crowd) : null;
        gts.add(new GtAnnotation(gtId++, im.id(), cat, b, area, crowd, s, gts.size()));
      }
      int nd = rnd.nextInt(10) == 0 ? 130 : rnd.nextInt(30);
      for (int i = 0; i < nd; i++) {
        long cat = catIds[rnd.nextInt(catIds.length)];
        double[] b = !boxes.isEmpty() && rnd.nextInt(3) > 0 ? jitter(rnd, boxes.get(rnd.nextInt(boxes.size())))
            : randomBox(rnd, im);
        double score = rnd.nextInt(3) == 0 ? scores[rnd.nextInt(scores.length)] : rnd.nextInt(1000) / 1000.0;
        Segmentation s = segm ? mask(rnd, im, b, false) : null;
        dts.add(new Detection(im.id(), cat, b, score, s, seq++));
      }
    }
    // the evaluator must not depend on input order
    Collections.shuffle(gts, new Random(seed));
    Collections.shuffle(dts, new Random(seed + 1));
    CocoGroundTruth gt = new CocoGroundTruth(images, cats, gts);

    // the independent expectation: pycocotools transliterated, no core kernel in it
    NaiveCocoEval.Result naive = NaiveCocoEval.evaluate(gt, dts, params);
    for (int threads = 1; threads <= 2; threads++) {
      CocoEvaluation got = CocoEvaluator.evaluate(gt, dts, params, "ground truth", s -> "result #" + s, threads);
      assertEqualsNaive(naive, got, "seed " + seed + " " + variant + ", " + threads + " thread(s)");
    }
  }

  static void assertEqualsNaive(NaiveCocoEval.Result want, CocoEvaluation got, String what) {
    assertArrayEquals(want.categoryIds(), got.categoryIds(), what);
    Accumulation acc = got.accumulation();
    CocoParams p = acc.params();
    int K = want.categoryIds().length, A = p.numAreaRanges(), M = p.numMaxDets(), R = p.numRecallThresholds();
    int defined = 0;
    for (int t = 0; t < p.numIouThresholds(); t++) {
      for (int k = 0; k < K; k++) {
        for (int a = 0; a < A; a++) {
          for (int m = 0; m < M; m++) {
            String cell = what + " t=" + t + " k=" + k + " a=" + a + " m=" + m;
            assertEquals(want.recall()[((t * K + k) * A + a) * M + m], acc.recall(t, k, a, m), 0.0, "recall " + cell);
            for (int r = 0; r < R; r++) {
              int i = (((t * R + r) * K + k) * A + a) * M + m;
              assertEquals(want.precision()[i], acc.precision(t, r, k, a, m), 0.0, "precision r=" + r + " " + cell);
              assertEquals(want.scores()[i], acc.score(t, r, k, a, m), 0.0, "score r=" + r + " " + cell);
              if (want.precision()[i] > 0) defined++;
            }
          }
        }
      }
    }
    assertEquals(true, defined > 0, what + ": some curve reaches a recall threshold");
    assertEquals(want.perImage().size(), got.images().size(), what);
    for (ImageStats s : got.images()) {
      int[] c = want.perImage().get(s.imageId());
      assertArrayEquals(c, new int[] {s.tp50(), s.fp50(), s.fn50(), s.tp75(), s.fp75(), s.fn75()},
          what + " image " + s.imageId());
      assertEquals(want.iouSum50().get(s.imageId()), s.iouSum50(), 1e-12, what + " IoU sum of image " + s.imageId());
    }
  }

  static void assertSameEvaluation(CocoEvaluation want, CocoEvaluation got) {
    assertArrayEquals(want.numGt(), got.numGt());
    assertArrayEquals(want.numPred(), got.numPred());
    assertEquals(want.images(), got.images());
    assertSameAccumulation(want.accumulation(), got.accumulation());
    for (int i = 0; i < 12; i++) {
      assertEquals(Double.doubleToLongBits(want.summary().stat(i)), Double.doubleToLongBits(got.summary().stat(i)),
          "stat " + i);
    }
  }

  @org.junit.jupiter.api.Test
  void errorsAreThoseOfOnePass() {
    // a bad polygon in a category without detections (checked, not rasterised) and a bad RLE size in each half
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < 30; i++) images.add(new Image(i + 1, "i", 40, 30));
    List<Category> cats = List.of(new Category(1, "a", "s"), new Category(2, "b", "s"));
    List<GtAnnotation> gts = new ArrayList<>();
    List<Detection> dts = new ArrayList<>();
    long seq = 0;
    for (Image im : images) {
      double[] box = {2, 2, 10, 10};
      Segmentation poly = Segmentation.ofPolygons(new double[][] {{2, 2, 12, 2, 12, 12, 2, 12}});
      gts.add(new GtAnnotation(gts.size() + 1, im.id(), 1, box, 100, false, poly, gts.size()));
      for (int j = 0; j < 3; j++) {
        dts.add(new Detection(im.id(), 1, box, 0.5, Segmentation.ofPolygons(new double[][] {{2, 2, 12, 2, 12, 12}}), seq++));
      }
    }
    Segmentation bad = Segmentation.ofPolygons(new double[][] {{2, 2, 3e8, 2, 12, 12}});
    gts.add(new GtAnnotation(999, 5, 2, new double[] {2, 2, 10, 10}, 100, false, bad, gts.size()));
    CocoGroundTruth gt = new CocoGroundTruth(images, cats, gts);
    CocoParams params = CocoParams.defaults(IouType.SEGM);
    String want = messageOf(() -> RefCocoEvaluator.evaluate(gt, dts, params));
    assertEquals(true, want.contains("annotation id 999"), want);
    for (int threads = 1; threads <= 2; threads++) {
      int t = threads;
      assertEquals(want, messageOf(() -> CocoEvaluator.evaluate(gt, dts, params, "ground truth", x -> "result #" + x, t)));
    }
    // both halves fail: the first half's error, as one pass meets it first
    List<Detection> twoBad = new ArrayList<>(dts);
    // (masks of another size than the image are no error: IoU -1, as pycocotools; unrasterisable polygons are)
    twoBad.add(new Detection(3, 1, new double[] {1, 1, 2, 2}, 0.9,
        Segmentation.ofPolygons(new double[][] {{2, 2, 3e8, 2, 12, 12}}), seq++));
    twoBad.add(new Detection(28, 1, new double[] {1, 1, 2, 2}, 0.9,
        Segmentation.ofPolygons(new double[][] {{2, 2, 4e8, 2, 12, 12}}), seq++));
    CocoGroundTruth good = new CocoGroundTruth(images, cats, gts.subList(0, gts.size() - 1));
    String first = messageOf(() -> RefCocoEvaluator.evaluate(good, twoBad, params));
    assertEquals(true, first.contains("3.0E8"), first);
    for (int threads = 1; threads <= 2; threads++) {
      int t = threads;
      assertEquals(first, messageOf(() -> CocoEvaluator.evaluate(good, twoBad, params, "ground truth", x -> "result #" + x, t)));
    }
  }

  @org.junit.jupiter.api.Test
  void inputErrorsMatchSlowPath() {
    List<Image> images = List.of(new Image(-5, "a", 10, 10), new Image(Long.MAX_VALUE, "b", 10, 10),
        new Image(0, "c", 10, 10), new Image(1L << 40, "d", 10, 10));
    List<Category> cats = List.of(new Category(-1, "x", "s"), new Category(70_000, "y", "s"), new Category(3, "z", "s"));
    double[] box = {1, 1, 3, 3};
    List<GtAnnotation> gts = new ArrayList<>();
    for (Image im : images) {
      for (Category c : cats) gts.add(new GtAnnotation(gts.size(), im.id(), c.id(), box, 9, false, null, gts.size()));
    }
    List<Detection> dts = new ArrayList<>();
    for (Image im : images) {
      for (Category c : cats) dts.add(new Detection(im.id(), c.id(), box, 0.5, null, dts.size()));
    }
    CocoParams params = CocoParams.defaults(IouType.BBOX);
    List<List<Image>> imageCases = List.of(images,
        List.of(images.get(0), images.get(1), images.get(0), images.get(2), images.get(2), images.get(3)));
    List<List<GtAnnotation>> gtCases = new ArrayList<>(List.of(gts));
    List<GtAnnotation> unknownImage = new ArrayList<>(gts);
    unknownImage.add(new GtAnnotation(77, 12345, 3, box, 9, false, null, 99));
    gtCases.add(unknownImage);
    List<GtAnnotation> unknownCategory = new ArrayList<>(gts);
    unknownCategory.add(new GtAnnotation(78, 0, 4, box, 9, false, null, 99));
    gtCases.add(unknownCategory);
    List<List<Detection>> dtCases = new ArrayList<>(List.of(dts));
    List<Detection> dtUnknownImage = new ArrayList<>(dts);
    dtUnknownImage.add(new Detection(-6, 3, box, 0.5, null, 500));
    dtCases.add(dtUnknownImage);
    List<Detection> dtUnknownCategory = new ArrayList<>(dts);
    dtUnknownCategory.add(new Detection(0, 70_001, box, 0.5, null, 501));
    dtCases.add(dtUnknownCategory);
    for (List<Image> ims : imageCases) {
      for (List<GtAnnotation> g : gtCases) {
        for (List<Detection> d : dtCases) {
          CocoGroundTruth gt = new CocoGroundTruth(ims, cats, g);
          String want = messageOf(() -> RefCocoEvaluator.evaluate(gt, d, params));
          String got = messageOf(() -> CocoEvaluator.evaluate(gt, d, params));
          assertEquals(want, got);
          if (want.equals("no error")) {
            assertEqualsNaive(NaiveCocoEval.evaluate(gt, d, params), CocoEvaluator.evaluate(gt, d, params), "valid case");
          }
        }
      }
    }
  }

  static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return "no error";
  }

  static void assertSameAccumulation(Accumulation want, Accumulation got) {
    CocoParams p = want.params();
    int k0 = want.numCategories();
    assertEquals(k0, got.numCategories());
    for (int t = 0; t < p.numIouThresholds(); t++) {
      for (int k = 0; k < k0; k++) {
        for (int a = 0; a < p.numAreaRanges(); a++) {
          for (int m = 0; m < p.numMaxDets(); m++) {
            String at = "t" + t + " k" + k + " a" + a + " m" + m;
            assertEquals(Double.doubleToLongBits(want.recall(t, k, a, m)), Double.doubleToLongBits(got.recall(t, k, a, m)),
                "recall " + at);
            for (int r = 0; r < p.numRecallThresholds(); r++) {
              assertEquals(Double.doubleToLongBits(want.precision(t, r, k, a, m)),
                  Double.doubleToLongBits(got.precision(t, r, k, a, m)), "precision r" + r + " " + at);
              assertEquals(Double.doubleToLongBits(want.score(t, r, k, a, m)),
                  Double.doubleToLongBits(got.score(t, r, k, a, m)), "score r" + r + " " + at);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void curveBuilderSlicesMatchSlowPath(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    CocoParams p = seed % 3 == 0 ? CocoParams.defaults(IouType.BBOX)
        : seed % 3 == 1 ? CocoParams.builder(IouType.BBOX).iouThresholds(0.5, 0.75).maxDets(3, 1, 20)
            .recallThresholds(0, 0.3, 0.3001, 1).build()
        // more than 64 thresholds: the flag-by-flag path throughout
        : CocoParams.builder(IouType.BBOX).iouThresholds(CocoParams.linspace(0.3, 0.95, 70)).build();
    int a0 = p.numAreaRanges();
    int stride = a0 * p.numIouThresholds();
    long[] npig = new long[a0];
    for (int a = 0; a < a0; a++) npig[a] = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(seed % 3 == 0 ? 3 : 400);
    int n = 1 + rnd.nextInt(3000);
    byte[][] flags = new byte[n][stride];
    int[] ranks = new int[n];
    double[] scores = new double[n];
    double tpShare = rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      ranks[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(120) : rnd.nextInt(3);
      scores[i] = 1.0 - i / (double) n;
      for (int f = 0; f < stride; f++) {
        double u = rnd.nextDouble();
        flags[i][f] = u < tpShare ? MatchFlags.TP : u < 0.8 ? MatchFlags.FP : MatchFlags.IGNORED;
      }
    }
    // slices of the stream, each starting from the totals of the earlier ones
    CurveTotals before = null;
    int i = 0;
    while (i < n) {
      int end = Math.min(n, i + 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 1500));
      CurveBuilder fast = new CurveBuilder(p, 2, npig, before);
      RefCurveBuilder slow = new RefCurveBuilder(p, 2, npig, before);
      for (int j = i; j < end; j++) {
        fast.add(ranks[j], scores[j], flags[j]);
        slow.add(ranks[j], scores[j], flags[j]);
      }
      CurveSegment want = slow.finish();
      CurveSegment got = fast.finish();
      assertEquals(want.count, got.count, "points in slice at " + i);
      assertArrayEquals(java.util.Arrays.copyOf(want.assigned, want.count), java.util.Arrays.copyOf(got.assigned, got.count));
      assertArrayEquals(java.util.Arrays.copyOf(want.span, want.count), java.util.Arrays.copyOf(got.span, got.count));
      assertBits(want.precision, got.precision, want.count, "precision");
      assertBits(want.score, got.score, want.count, "score");
      assertBits(want.segmentMax, got.segmentMax, want.segmentMax.length, "segment max");
      assertArrayEquals(want.totals.tp, got.totals.tp);
      assertArrayEquals(want.totals.fp, got.totals.fp);
      assertArrayEquals(want.totals.nd, got.totals.nd);
      if (before == null) before = new CurveTotals(p, 2);
      before.merge(got.totals);
      i = end;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void rankOrderMatchesSlowPath(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    CocoParams p = CocoParams.defaults(IouType.BBOX);
    int k0 = 1 + rnd.nextInt(6);
    MatchBuffer fast = new MatchBuffer(p, k0);
    RefMatchBuffer slow = new RefMatchBuffer(p, k0);
    byte[] flags = new byte[p.numAreaRanges() * p.numIouThresholds()];
    double[] tied = {1.0, 0.5, 0.0, -0.0, 0.25, 1e-300, Double.MIN_VALUE, 0.7};
    boolean arrival = seed % 3 != 0; // as CocoEvaluator adds them: images in id order, ranks in order
    boolean nan = seed % 8 == 0;
    int images = 1 + rnd.nextInt(seed % 4 == 1 ? 6 : 400); // few: categories short enough for insertion
    for (int im = 0; im < images; im++) {
      long imageId = arrival ? 10L * im : rnd.nextInt(50);
      for (int k = 0; k < k0; k++) {
        int n = rnd.nextInt(seed % 2 == 0 ? 40 : 6);
        for (int r = 0; r < n; r++) {
          double score = rnd.nextInt(3) == 0 ? tied[rnd.nextInt(tied.length)] : rnd.nextInt(100) / 100.0;
          if (nan && rnd.nextInt(50) == 0) score = Double.NaN;
          int rank = arrival ? r : rnd.nextInt(5);
          fast.detection(k, imageId, rank, score, flags);
          slow.detection(k, imageId, rank, score, flags);
        }
      }
    }
    assertArrayEquals(slow.rankOrder(), fast.rankOrder());
  }

  @org.junit.jupiter.api.Test
  void descendingKeyOrdersAsScores() {
    double[] v = {Double.NEGATIVE_INFINITY, -2.5, -1e-300, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 0.5, 1.0, 3e9,
        Double.POSITIVE_INFINITY};
    for (double a : v) {
      for (double b : v) {
        int want = a > b ? -1 : a < b ? 1 : 0;
        int got = Integer.signum(Long.compareUnsigned(RankOrder.descendingKey(a), RankOrder.descendingKey(b)));
        assertEquals(want, got, a + " vs " + b);
      }
    }
  }

  static Stream<Integer> seeds() {
    return Stream.iterate(1, x -> x + 1).limit(24);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fewestCountIsTheDivisionTest(int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] thresholds = CocoParams.linspace(0, 1, 101);
    for (int trial = 0; trial < 2000; trial++) {
      long n = 1 + (trial % 3 == 0 ? rnd.nextInt(10) : rnd.nextInt(2_000_000));
      double thr = trial % 5 == 0 ? rnd.nextDouble() : thresholds[rnd.nextInt(thresholds.length)];
      long c = CurveBuilder.fewest(thr, n);
      assertEquals(true, (double) c / (double) n >= thr, thr + " of " + n + ": " + c);
      if (c > 0) assertEquals(true, (double) (c - 1) / (double) n < thr, thr + " of " + n + ": " + c);
    }
    assertEquals(Long.MAX_VALUE, CurveBuilder.fewest(Double.NaN, 10));
    assertEquals(0, CurveBuilder.fewest(-0.0, 10));
    assertEquals(0, CurveBuilder.fewest(-1, 10));
    assertEquals(11, CurveBuilder.fewest(1.1, 10));
  }

  static void assertBits(double[] want, double[] got, int n, String what) {
    for (int i = 0; i < n; i++) {
      assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), what + " " + i);
    }
  }

  /**
   * A long-tail vocabulary (400 categories of 1 to 3 ground truths): every cell equals the transliterated
   * accumulate, and the accumulation holds one number per distinct curve point, at most n + 1 per curve of a
   * (category, area range) with n ground truths, not the 101 recall thresholds.
   */
  @org.junit.jupiter.api.Test
  void longTailCurvesAreHeldPerPoint() {
    SplittableRandom rnd = new SplittableRandom(41);
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> gts = new ArrayList<>();
    List<Detection> dts = new ArrayList<>();
    for (int i = 0; i < 300; i++) images.add(new Image(i + 1, "i" + i, 40 + rnd.nextInt(30), 40 + rnd.nextInt(30)));
    int k0 = 400;
    for (int c = 1; c <= k0; c++) cats.add(new Category(c, "c" + c, "s"));
    long seq = 0;
    for (int c = 1; c <= k0; c++) {
      int n = 1 + rnd.nextInt(3);
      for (int j = 0; j < n; j++) {
        Image im = images.get(rnd.nextInt(images.size()));
        double[] b = randomBox(rnd, im);
        gts.add(new GtAnnotation(gts.size() + 1, im.id(), c, b, b[2] * b[3], false, null, gts.size()));
        for (int d = 0; d < 3; d++) {
          double[] db = d < 2 ? jitter(rnd, b) : randomBox(rnd, im);
          dts.add(new Detection(im.id(), d < 2 ? c : 1 + rnd.nextInt(k0), db, rnd.nextInt(1000) / 1000.0, null, seq++));
        }
      }
    }
    CocoGroundTruth gt = new CocoGroundTruth(images, cats, gts);
    CocoParams params = CocoParams.defaults(IouType.BBOX);
    CocoEvaluation got = CocoEvaluator.evaluate(gt, dts, params);
    assertEqualsNaive(NaiveCocoEval.evaluate(gt, dts, params), got, "long tail");
    Accumulation acc = got.accumulation();
    long bound = 0;
    long dense = 0;
    int curves = params.numIouThresholds() * params.numMaxDets();
    for (int k = 0; k < k0; k++) {
      for (int a = 0; a < params.numAreaRanges(); a++) {
        long n = acc.npig(k, a);
        if (n == 0) continue;
        bound += curves * Math.min(params.numRecallThresholds(), n + 1);
        dense += (long) curves * params.numRecallThresholds();
      }
    }
    assertEquals(true, acc.heldPoints() <= bound, acc.heldPoints() + " points held, bound " + bound);
    assertEquals(true, acc.heldPoints() * 20 < dense, acc.heldPoints() + " points held, dense arrays " + dense);
  }

  static double[] randomBox(SplittableRandom rnd, Image im) {
    double x = rnd.nextInt(im.width() - 2);
    double y = rnd.nextInt(im.height() - 2);
    double w = 1 + rnd.nextInt((int) (im.width() - x - 1));
    double h = 1 + rnd.nextInt((int) (im.height() - y - 1));
    if (rnd.nextInt(20) == 0) w = 0; // zero-width detection / GT
    return new double[] {x, y, w, h};
  }

  static double[] jitter(SplittableRandom rnd, double[] b) {
    if (rnd.nextInt(4) == 0) return b.clone(); // IoU exactly 1
    return new double[] {b[0] + rnd.nextInt(3) - 1, b[1] + rnd.nextInt(3) - 1, Math.max(0, b[2] + rnd.nextInt(3) - 1),
        Math.max(0, b[3] + rnd.nextInt(3) - 1)};
  }

  /** A mask inside the box (a rectangle, sometimes with a hole), or empty. */
  static Segmentation mask(SplittableRandom rnd, Image im, double[] b, boolean crowd) {
    int h = im.height();
    int w = im.width();
    byte[] px = new byte[h * w];
    if (rnd.nextInt(15) > 0) {
      int x0 = (int) Math.max(0, b[0]);
      int y0 = (int) Math.max(0, b[1]);
      int x1 = (int) Math.min(w, b[0] + b[2]);
      int y1 = (int) Math.min(h, b[1] + b[3]);
      for (int x = x0; x < x1; x++) {
        for (int y = y0; y < y1; y++) px[x * h + y] = 1;
      }
      if (x1 - x0 > 2 && y1 - y0 > 2 && rnd.nextBoolean()) px[(x0 + 1) * h + y0 + 1] = 0;
    }
    return Segmentation.ofRle(h, w, Masks.encode(px, h, w).counts());
  }
}
