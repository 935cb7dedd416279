package dev.overlap.jobs.detection;

import dev.overlap.core.coco.Accumulation;
import dev.overlap.core.coco.Accumulator;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import dev.overlap.core.coco.CurveSegment;
import dev.overlap.core.coco.CurveTotals;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.keypoints.KeypointStats;
import dev.overlap.core.lvis.FrequencyGroups;
import dev.overlap.core.lvis.LvisStats;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.spark.LazyFrame;
import dev.overlap.jobs.spark.StepTimer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * COCO detection evaluation on Spark: read, co-partition ground truth and predictions by image id,
 * evaluate each image with core on the executors, sort the ranked detections globally, and build the
 * precision-recall curves in two passes. No step holds all detections of a category, or all images,
 * in one place; the driver receives O(partitions + categories x curves x thresholds) numbers.
 */
public final class DetectionJob {
  /**
   * Above this many bytes of curve totals from the evaluation tasks, they are summed on the executors (a Spark
   * property, for tests and for drivers short of memory).
   */
  static final String TOTALS_ON_DRIVER_BYTES = "spark.overlap.curveTotalsOnDriverBytes";

  /**
   * {@link #TOTALS_ON_DRIVER_BYTES} from the calling thread's local properties, else from the Spark configuration
   * (not {@code spark.conf()}: that sets up Spark SQL's session state, which a detection run does not need).
   */
  static long totalsOnDriverBytes(SparkSession spark) {
    String local = spark.sparkContext().getLocalProperty(TOTALS_ON_DRIVER_BYTES);
    return Long.parseLong(local != null ? local
        : spark.sparkContext().getConf().get(TOTALS_ON_DRIVER_BYTES, String.valueOf(32L << 20)));
  }

  private DetectionJob() {}

  /**
   * Waits for the duplicate check that ran beside the curve passes; a duplicated annotation id is refused as the
   * scan refuses it (the evaluation's output is released first).
   */
  private static void awaitNoDuplicates(java.util.concurrent.Future<List<long[]>> check, JavaRDD<EvalOutput> out,
      String gtName) {
    try {
      GroundTruthScan.refuseDuplicates(check.get(), gtName);
    } catch (InvalidInputException e) {
      out.unpersist(false);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking annotation ids", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the check of annotation ids failed", e.getCause());
    }
  }

  /** Reads the inputs and evaluates. The returned per-image dataset is persisted; call {@link DetectionResult#release()}. */
  public static DetectionResult run(SparkSession spark, DetectionConfig cfg) {
    return run(spark, cfg, new StepTimer());
  }

  /** As {@link #run(SparkSession, DetectionConfig)}, recording step times in {@code timer}. */
  public static DetectionResult run(SparkSession spark, DetectionConfig cfg, StepTimer timer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    CocoParams params = cfg.params();

    jsc.setJobGroup("overlap-detection", "read ground truth categories", false);
    DetectionInputs.GroundTruth gt = DetectionInputs.groundTruth(spark, cfg, conf);
    List<EvalRecord> cats = gt.categories();
    long[] allIds = new long[cats.size()];
    for (int i = 0; i < allIds.length; i++) allIds[i] = cats.get(i).getCategoryId();
    long[] sortedAll = allIds.clone();
    Arrays.sort(sortedAll);
    List<Row> driverRejects = new ArrayList<>();
    int unique = 0;
    for (int i = 0; i < sortedAll.length; i++) {
      if (i > 0 && sortedAll[i] == sortedAll[i - 1]) {
        InvalidInputException e = new InvalidInputException(cfg.gt(), "categories", "id", "duplicate category id "
            + sortedAll[i] + (cfg.run().skipBadInput() ? " (the first one is kept)" : ""));
        if (!cfg.run().skipBadInput()) throw e;
        driverRejects.add(RowFactory.create("gt", e.file(), e.record(), e.field(), e.reason(), null));
        continue;
      }
      sortedAll[unique++] = sortedAll[i];
    }
    sortedAll = Arrays.copyOf(sortedAll, unique);
    long[] evaluated = sortedAll;
    if (params.categoryIds() != null) {
      long[] want = params.categoryIds();
      long[] keep = new long[want.length];
      int n = 0;
      for (long w : want) if (Arrays.binarySearch(sortedAll, w) >= 0) keep[n++] = w;
      evaluated = Arrays.copyOf(keep, n);
    }
    timer.lap("read ground truth categories");
    String[] names = new String[evaluated.length];
    for (EvalRecord c : cats) {
      int k = Arrays.binarySearch(evaluated, c.getCategoryId());
      if (k >= 0 && names[k] == null) names[k] = c.getName();
    }
    // keypoints: the sigmas of every category and how results are sized; LVIS: the frequency groups
    params = ProtocolSetup.params(cfg, conf, params, cats, sortedAll);
    FrequencyGroups groups = cfg.lvis() ? ProtocolSetup.frequencyGroups(cfg, cats, evaluated) : null;

    // The scan reads the ground truth once more before the evaluation, for string image ids' keys, for duplicate
    // annotation ids to reject (skip mode) and for --slice-by's image list. Without any of these the evaluation
    // gathers the annotation ids itself and a duplicate is refused after it (on the 20k set: 1.0 s of 9.6 saved).
    boolean scanFirst = !gt.numericImageIds() || cfg.run().skipBadInput() || cfg.slices().enabled();
    GroundTruthScan.Result scan = GroundTruthScan.Result.NONE;
    if (scanFirst) {
      jsc.setJobGroup("overlap-detection", "scan ground truth (image id kinds, duplicate annotation ids)", false);
      scan = GroundTruthScan.run(jsc, gt.scan(), cfg.gt(), cfg.run().skipBadInput(), cfg.slices().enabled());
      timer.lap("scan ground truth");
    }
    Broadcast<dev.overlap.core.io.ImageIds> imageIds = scan.imageIds() == null ? null : jsc.broadcast(scan.imageIds());
    JavaRDD<EvalRecord> gtRecords = gt.withImageIds().apply(imageIds);

    DetectionInputs.Predictions preds = DetectionInputs.predictions(spark, cfg, conf, imageIds);
    int partitions = cfg.run().partitions() > 0 ? cfg.run().partitions()
        : partitions(jsc.defaultParallelism(), gt.bytes() + preds.bytes());
    CocoParams evalParams = selectedImages(cfg, params, scan.imageIds());
    EvaluateImages evaluate = new EvaluateImages(evalParams, sortedAll, evaluated, cfg.gt(), preds.locator(),
        cfg.run().skipBadInput()).bootstrap(cfg.bootstrap().replicates(), cfg.bootstrap().seed())
        .withDiagnostics(cfg.diagnostics()).withSuppression(cfg.suppression()).withGroundTruthScan(scan);
    if (!scanFirst) evaluate.gatherAnnotationIds();
    int numCategories = evaluate.numCategories();
    dev.overlap.jobs.slices.SliceSetup.Built sliceSetup = null;
    Broadcast<dev.overlap.core.slices.ImageSlices> sliceB = null;
    if (cfg.slices().enabled()) {
      sliceSetup = DetectionSlices.build(spark, cfg, conf, scan);
      sliceB = jsc.broadcast(sliceSetup.slices());
      evaluate.slices(sliceB);
      timer.lap("slices: image attributes");
    }

    jsc.setJobGroup("overlap-detection", "evaluate images (match detections to ground truth per image)", false);
    JavaRDD<EvalOutput> out = gtRecords.union(preds.records())
        .mapPartitionsToPair(new Keys.BatchByImage(partitions, batchBytes(partitions)))
        .partitionBy(new Keys.Direct(partitions))
        .mapPartitions(it -> evaluate.call(new SortedRecords(new ValueIterator<>(it))))
        .persist(StorageLevel.DISK_ONLY());

    List<EvalOutput> partials = out.filter(o -> o.getKind() == EvalOutput.PARTIAL).collect();
    long[] npig = new long[numCategories * params.numAreaRanges()];
    // a --protocol run's intervals are VOC's (diagnose); its COCO stats are reported without
    long[] bootstrapNpig = cfg.bootstrap().enabled() && cfg.diagnostics().protocol() == null
        ? new long[npig.length * cfg.bootstrap().replicates()] : null;
    long[] sliceNpig = sliceB != null ? new long[npig.length * sliceB.value().size()] : null;
    long[] sliceImages = sliceB != null ? new long[sliceB.value().size()] : null;
    // --protocol voc07 / voc12: a slice's VOC npos (non-difficult ground truths) per class
    long[] vocSliceNpos = sliceB != null && cfg.diagnostics().protocol() != null
        ? new long[evaluated.length * sliceB.value().size()] : null;
    long[] numGt = new long[numCategories];
    long[] numPred = new long[numCategories];
    long[] c = new long[11];
    long[] lvisDropped = cfg.lvis() ? new long[5] : null;
    dev.overlap.core.coco.Localization localization = new dev.overlap.core.coco.Localization(numCategories);
    List<MatchBlock> samples = new ArrayList<>();
    List<Long> sampled = new ArrayList<>();
    CompatCounts compat = CompatCounts.NONE;
    for (EvalOutput p : partials) {
      compat = compat.plus(p.getCompat());
      add(npig, p.getNpig());
      if (bootstrapNpig != null) add(bootstrapNpig, p.getBootstrapNpig());
      if (sliceNpig != null) {
        add(sliceNpig, p.getSliceNpig());
        add(sliceImages, p.getSliceImages());
      }
      if (vocSliceNpos != null && p.getVocSliceNpos() != null) add(vocSliceNpos, p.getVocSliceNpos());
      add(numGt, p.getGtPerCategory());
      add(numPred, p.getPredPerCategory());
      c[0] += p.getImages();
      c[1] += p.getImagesSkipped();
      c[2] += p.getImagesRejected();
      c[3] += p.getGtRecords();
      c[4] += p.getGtRejected();
      c[5] += p.getGtExcluded();
      c[6] += p.getPredRecords();
      c[7] += p.getPredRejected();
      c[8] += p.getPredExcluded();
      c[9] += p.getPredSuppressed();
      if (p.localization() != null) localization.merge(p.localization());
      samples.add(p.getSample());
      sampled.add(p.getNumMatches());
      if (lvisDropped != null && p.getLvisDropped() != null) add(lvisDropped, p.getLvisDropped());
    }
    Counts counts = new Counts(c[0], c[1], c[2], driverRejects.size(), c[3], c[4], c[5], c[6], c[7], c[8],
        preds.files(), c[9]);
    timer.lap("read + evaluate images");
    org.apache.spark.api.java.JavaFutureAction<List<long[]>> duplicates = null;
    if (!scanFirst) {
      jsc.setJobGroup("overlap-detection", "duplicate annotation ids (as the evaluation read them)", false);
      duplicates = GroundTruthScan.duplicatesAsync(out);
    }
    DiagnosticsResult diagnostics = diagnose(jsc, cfg.diagnostics(), cfg.bootstrap(), out, partials, evaluated, names, cats,
        partitions);
    if (diagnostics != DiagnosticsResult.NONE) timer.lap("diagnostics (VOC curves, confusion reduce)");

    jsc.setJobGroup("overlap-detection", "rank detections (global sort by category, score, image, rank)", false);
    MatchBlock bounds = rangeBounds(samples, sampled, partitions);
    int ranges = bounds.size() + 1;
    Accumulator acc = new Accumulator(params, numCategories, npig);
    jsc.setJobGroup("overlap-detection", "precision-recall pass 1: totals per rank range", false);
    // the slices bound for one range partition add up to its totals (sums of counts: the same in any order). Each
    // evaluation task sends one per (range, category) it holds: up to tasks x categories of them. Past a few
    // megabytes they are summed per (range, category) on the executors first, so that the driver holds
    // ~(categories + ranges) totals; below, the extra shuffle stage costs more than it saves.
    java.util.Map<Long, CurveTotals> rangeTotals = new java.util.TreeMap<>();
    long keysPerRange = numCategories;
    JavaRDD<CurvePasses.Slice<CurveTotals>> slices = out.mapPartitions(new CurvePasses.Totals(params, bounds));
    long sliceBytes = 16L * params.numAreaRanges() * params.numMaxDets() * params.numIouThresholds();
    if ((long) out.getNumPartitions() * (numCategories + ranges) * sliceBytes
        <= totalsOnDriverBytes(spark)) {
      for (CurvePasses.Slice<CurveTotals> t : slices.collect()) {
        rangeTotals.merge(t.order() * keysPerRange + t.value().category(), t.value(), (x, y) -> {
          x.merge(y);
          return x;
        });
      }
    } else {
      for (Tuple2<Long, CurveTotals> t : slices
          .mapToPair(s -> new Tuple2<>(s.order() * keysPerRange + s.value().category(), s.value()))
          .reduceByKey((x, y) -> {
            x.merge(y);
            return x;
          }, Math.max(1, Math.min(ranges, jsc.defaultParallelism())))
          .collect()) {
        rangeTotals.put(t._1(), t._2());
      }
    }
    for (java.util.Map.Entry<Long, CurveTotals> e : rangeTotals.entrySet()) acc.addTotals(e.getKey() / numCategories, e.getValue());
    timer.lap("curve pass 1");

    jsc.setJobGroup("overlap-detection", "precision-recall pass 2: rank shuffle, curves from offsets", false);
    int stride = params.numAreaRanges() * params.numIouThresholds();
    Broadcast<long[]> npigB = jsc.broadcast(npig);
    Broadcast<dev.overlap.core.coco.SliceOffsets> offB = jsc.broadcast(acc.offsets());
    List<CurvePasses.Slice<CurveSegment>> segments = out.flatMapToPair(new Keys.SliceByRange(bounds))
        .partitionBy(new Keys.Direct(ranges))
        .mapPartitions(it -> {
          List<MatchBlock> parts = new ArrayList<>();
          while (it.hasNext()) parts.add(it.next()._2());
          return List.of(MatchBlock.merge(parts, stride)).iterator();
        })
        .mapPartitionsWithIndex(new CurvePasses.Segments(params, npigB, offB), false)
        .collect();
    for (CurvePasses.Slice<CurveSegment> s : segments) acc.addSegment(s.order(), s.value());
    Accumulation accumulation = acc.result();
    timer.lap("sort + curve pass 2 + accumulate");
    npigB.destroy();
    offB.destroy();
    jsc.clearJobGroup();
    if (duplicates != null) awaitNoDuplicates(duplicates, out, cfg.gt());

    // the stats the run reports, which its replicates and slices summarize: keypoints' ten, LVIS's thirteen
    // (frequency groups), bev / 3d's four, else COCO's twelve
    CocoSummary.Stat[] layout = params.iouType() == dev.overlap.core.coco.IouType.KEYPOINTS ? KeypointStats.layout()
        : groups != null && params.useCats() ? LvisStats.layout(groups, params.maxDetsLast())
        : params.iouType().isBox3d() ? dev.overlap.core.geometry.Box3dSummary.layout() : null;
    CocoIntervals intervals = null;
    if (bootstrapNpig != null) {
      jsc.setJobGroup("overlap-detection", "bootstrap: " + cfg.bootstrap().replicates()
          + " replicates of every category's curves", false);
      Broadcast<long[]> bootNpig = jsc.broadcast(bootstrapNpig);
      intervals = BootstrapPass.run(out, params, layout, numCategories, bootNpig, cfg.bootstrap().replicates(),
          cfg.bootstrap().seed(), cfg.bootstrap().confidence(), Math.max(1, Math.min(numCategories, ranges)));
      bootNpig.destroy();
      jsc.clearJobGroup();
      timer.lap("bootstrap intervals");
    }

    DetectionSlices.Result sliced = null;
    if (sliceB != null) {
      jsc.setJobGroup("overlap-detection", "slices: every category's curves per value of "
          + String.join(", ", cfg.slices().fields()), false);
      dev.overlap.core.slices.SliceMetrics m;
      if (vocSliceNpos != null) {
        // a --protocol run's slices are VOC's, as its headline is
        int k0 = evaluated.length;
        m = DetectionSlices.runVoc(out, cfg.diagnostics().protocol(), vocSliceNpos, k0, sliceB, sliceImages,
            Math.max(1, Math.min(k0, partitions)));
      } else {
        Broadcast<long[]> sliceNpigB = jsc.broadcast(sliceNpig);
        m = DetectionSlices.run(out, params, layout, numCategories, sliceNpigB, sliceB, sliceImages,
            Math.max(1, Math.min(numCategories, ranges)));
        sliceNpigB.destroy();
      }
      sliced = new DetectionSlices.Result(cfg.slices(), sliceSetup, m);
      jsc.clearJobGroup();
      timer.lap("slices");
    }

    long[] reported = params.useCats() ? evaluated : new long[] {-1};
    String[] reportedNames = params.useCats() ? names : new String[] {"(all categories)"};
    LazyFrame perImage = LazyFrame.of(() -> spark.createDataFrame(perImageRows(out), PER_IMAGE));
    LazyFrame rejects = LazyFrame.of(() -> {
      Dataset<Row> r = spark.createDataFrame(out.filter(o -> o.getKind() == EvalOutput.REJECT)
          .map(DetectionJob::rejectRow), REJECTS);
      return driverRejects.isEmpty() ? r : r.union(spark.createDataFrame(driverRejects, REJECTS));
    });
    CocoSummary summary = params.iouType() == dev.overlap.core.coco.IouType.KEYPOINTS
        ? KeypointStats.summarize(accumulation)
        : groups != null && params.useCats() ? LvisStats.summarize(accumulation, groups) : CocoSummary.of(accumulation);
    return new DetectionResult(cfg, reported, reportedNames, summary, numGt, numPred, counts,
        perImage, rejects, out, partitions, ranges, intervals, diagnostics, params.useCats() ? groups : null, lvisDropped,
        localization, compat, sliced);
  }

  /**
   * The diagnostics from the tasks' partial sums (added in task order: integers, so any order gives the same
   * counts) and, for --protocol, the ordered VOC curve pass over the persisted output (and with --bootstrap, the
   * replicates' pass).
   */
  static DiagnosticsResult diagnose(JavaSparkContext jsc, Diagnostics d, dev.overlap.jobs.cli.BootstrapOptions boot,
      JavaRDD<EvalOutput> out, List<EvalOutput> partials, long[] evaluated, String[] names, List<EvalRecord> cats,
      int partitions) {
    if (!d.any()) return DiagnosticsResult.NONE;
    int k0 = evaluated.length;
    dev.overlap.core.confusion.ConfusionCounts confusion = d.confusion() ? new dev.overlap.core.confusion.ConfusionCounts(k0) : null;
    dev.overlap.core.confusion.ErrorCounts errors = d.confusion() ? new dev.overlap.core.confusion.ErrorCounts(k0) : null;
    long[] npos = new long[k0];
    long[] bootNpos = d.protocol() != null && boot.enabled() ? new long[k0 * boot.replicates()] : null;
    List<MatchBlock> samples = new ArrayList<>();
    List<Long> sampled = new ArrayList<>();
    for (EvalOutput p : partials) {
      if (confusion != null && p.getConfusion() != null) confusion.merge(p.getConfusion());
      if (errors != null && p.getErrors() != null) errors.merge(p.getErrors());
      if (p.getVocNpos() != null) {
        add(npos, p.getVocNpos());
        if (bootNpos != null) add(bootNpos, p.getVocBootstrapNpos());
        samples.add(p.getVocSample());
        sampled.add(p.getVocNumMatches());
      }
    }
    dev.overlap.core.voc.VocSummary voc = null;
    if (d.protocol() != null) {
      jsc.setJobGroup("overlap-detection", "VOC curves: rank shuffle, curve pieces joined in order", false);
      voc = VocCurves.summarize(out, samples, sampled, partitions, d.protocol(), npos);
    }
    dev.overlap.core.voc.VocIntervals vocIntervals = null;
    if (bootNpos != null) {
      jsc.setJobGroup("overlap-detection", "bootstrap: " + boot.replicates() + " replicates of every class's VOC curves",
          false);
      vocIntervals = VocCurves.bootstrap(out, d.protocol(), bootNpos, k0, boot.replicates(), boot.seed(),
          boot.confidence(), Math.max(1, Math.min(k0, partitions)));
    }
    // rows in the ground truth's categories order (file order), each evaluated id once
    List<EvalRecord> byFile = new ArrayList<>(cats);
    byFile.sort(java.util.Comparator.comparingLong(EvalRecord::getSeq));
    int[] order = new int[k0];
    boolean[] seen = new boolean[k0];
    int n = 0;
    for (EvalRecord c : byFile) {
      int k = Arrays.binarySearch(evaluated, c.getCategoryId());
      if (k >= 0 && !seen[k]) {
        seen[k] = true;
        order[n++] = k;
      }
    }
    return new DiagnosticsResult(d, evaluated.clone(), names.clone(), Arrays.copyOf(order, n), voc, vocIntervals,
        confusion, errors);
  }

  /**
   * The parameters with {@code --img-ids} as keys: for string image ids each given string's key (strings not in
   * the ground truth select nothing, as unknown numeric ids do); for numeric ids the numbers, which must then
   * all be integers.
   */
  static CocoParams selectedImages(DetectionConfig cfg, CocoParams params, dev.overlap.core.io.ImageIds ids) {
    String[] given = cfg.imageIdStrings();
    if (given == null) return params;
    if (ids == null) {
      for (String v : given) {
        try {
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new dev.overlap.jobs.cli.UsageException("--img-ids: \"" + v + "\" is not an integer id (this ground"
              + " truth's image ids are numbers)");
        }
      }
      return params;
    }
    long[] keys = new long[given.length];
    int n = 0;
    for (String v : given) {
      long k = ids.key(v);
      if (k >= 0) keys[n++] = k;
    }
    return params.toBuilder().imageIds(Arrays.copyOf(keys, n)).build();
  }

  /**
   * Tasks for the per-image evaluation when --partitions is not given: enough that a task's share of
   * the input stays near {@link #INPUT_BYTES_PER_PARTITION} (its records are held while they are
   * sorted by image), and a multiple of the cluster's parallelism so no core idles in a last wave.
   */
  static int partitions(int parallelism, long inputBytes) {
    int p = Math.max(1, parallelism);
    long want = Math.max(p, (inputBytes + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION);
    long rounded = (want + p - 1) / p * p;
    return (int) Math.min(rounded, 100_000);
  }

  /** Input (JSON) bytes per evaluation task: about 60 MB of encoded records and sort keys. */
  static final long INPUT_BYTES_PER_PARTITION = 96L << 20;

  /** Batch size: a reader task buffers at most 64 MiB of records across all partitions. */
  static int batchBytes(int partitions) {
    return (int) Math.max(4 << 10, Math.min(1 << 20, (64L << 20) / partitions));
  }

  /**
   * Range bounds that cut the global order of ranked detections into {@code partitions} ranges of
   * about equal counts (Spark's RangePartitioner, from samples the evaluation took for free): each
   * task's sample keys stand for {@code count / sample size} detections.
   */
  static MatchBlock rangeBounds(List<MatchBlock> samples, List<Long> counts, int partitions) {
    int stride = 0;
    int n = 0;
    double total = 0;
    for (int s = 0; s < samples.size(); s++) {
      n += samples.get(s).size();
      total += counts.get(s);
      stride = samples.get(s).stride();
    }
    Integer[] order = new Integer[n];
    int[] from = new int[n];
    int[] at = new int[n];
    double[] weight = new double[n];
    int i = 0;
    for (int s = 0; s < samples.size(); s++) {
      MatchBlock b = samples.get(s);
      for (int j = 0; j < b.size(); j++) {
        from[i] = s;
        at[i] = j;
        weight[i] = (double) counts.get(s) / b.size();
        order[i] = i;
        i++;
      }
    }
    Arrays.sort(order, (x, y) -> MatchBlock.compare(samples.get(from[x]), at[x], samples.get(from[y]), at[y]));
    MatchBlock bounds = new MatchBlock(stride, Math.max(1, partitions - 1));
    byte[] noFlags = new byte[stride];
    double step = total / partitions;
    double cum = 0;
    int next = 1;
    for (int q = 0; q < n && next < partitions; q++) {
      int x = order[q];
      cum += weight[x];
      if (cum >= step * next) {
        MatchBlock b = samples.get(from[x]);
        bounds.add(b.category(at[x]), b.imageId(at[x]), b.rank(at[x]), b.score(at[x]), noFlags);
        next++;
      }
    }
    return bounds;
  }

  static final StructType PER_IMAGE = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("file_name", DataTypes.StringType, true),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("num_gt", DataTypes.IntegerType, false),
      DataTypes.createStructField("num_pred", DataTypes.IntegerType, false),
      DataTypes.createStructField("tp_50", DataTypes.IntegerType, true),
      DataTypes.createStructField("fp_50", DataTypes.IntegerType, true),
      DataTypes.createStructField("fn_50", DataTypes.IntegerType, true),
      DataTypes.createStructField("tp_75", DataTypes.IntegerType, true),
      DataTypes.createStructField("fp_75", DataTypes.IntegerType, true),
      DataTypes.createStructField("fn_75", DataTypes.IntegerType, true),
      DataTypes.createStructField("mean_iou_50", DataTypes.DoubleType, true),
      // the id as the input wrote it; image_id is then its dense key (string ids: position in sorted order)
      DataTypes.createStructField("image_id_str", DataTypes.StringType, true)});

  static final StructType REJECTS = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.StringType, false),
      DataTypes.createStructField("file", DataTypes.StringType, true),
      DataTypes.createStructField("record", DataTypes.StringType, true),
      DataTypes.createStructField("field", DataTypes.StringType, true),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
      DataTypes.createStructField("image_id", DataTypes.LongType, true)});

  private static Integer count(int v) {
    return v < 0 ? null : v; // -1: that IoU threshold is not evaluated
  }

  /** The per_image rows of the evaluation output (schema {@link #PER_IMAGE}). */
  static JavaRDD<Row> perImageRows(JavaRDD<EvalOutput> out) {
    return out.filter(o -> o.getKind() == EvalOutput.IMAGE).map(DetectionJob::perImageRow);
  }

  /** A per_image row that carries its schema: the report's digest reads it by column name as it is written. */
  static Row perImageRow(EvalOutput o) {
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {o.getImageId(),
        o.getFileName(), o.getWidth(), o.getHeight(), o.getNumGt(), o.getNumPred(), count(o.getTp50()),
        count(o.getFp50()), count(o.getFn50()), count(o.getTp75()), count(o.getFp75()), count(o.getFn75()),
        o.getTp50() > 0 ? o.getIouSum50() / o.getTp50() : null, o.getStringId()}, PER_IMAGE);
  }

  static Row rejectRow(EvalOutput o) {
    return RowFactory.create(o.getSource(), o.getFile(), o.getRecord(), o.getField(), o.getReason(),
        o.getImageId() == Long.MIN_VALUE ? null : o.getImageId());
  }

  private static void add(long[] into, long[] x) {
    for (int i = 0; i < into.length; i++) into[i] += x[i];
  }

  /** The values of a key-value iterator. */
  static final class ValueIterator<K, V> implements java.util.Iterator<V> {
    private final java.util.Iterator<Tuple2<K, V>> it;

    ValueIterator(java.util.Iterator<Tuple2<K, V>> it) {
      this.it = it;
    }

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    public V next() {
      return it.next()._2();
    }
  }

  /**
   * What was read and what became of it, per source: records = evaluated + excluded (outside
   * --img-ids / --cat-ids) + rejected. Ground-truth records are annotations; duplicate image and
   * category records are counted apart. {@link #rejected()} is the number of rows of the rejects table.
   */
  public record Counts(long images, long imagesSkipped, long imagesRejected, long categoriesRejected, long gtRecords,
      long gtRejected, long gtExcluded, long predRecords, long predRejected, long predExcluded, long predFiles,
      long predSuppressed) implements java.io.Serializable {
    /** Counts of a run without --nms / --soft-nms. */
    public Counts(long images, long imagesSkipped, long imagesRejected, long categoriesRejected, long gtRecords,
        long gtRejected, long gtExcluded, long predRecords, long predRejected, long predExcluded, long predFiles) {
      this(images, imagesSkipped, imagesRejected, categoriesRejected, gtRecords, gtRejected, gtExcluded, predRecords,
          predRejected, predExcluded, predFiles, 0);
    }

    public long gtEvaluated() { return gtRecords - gtRejected - gtExcluded; }
    public long predEvaluated() { return predRecords - predRejected - predExcluded; }
    public long rejected() { return gtRejected + predRejected + imagesRejected + categoriesRejected; }
  }


  /** Everything the detection job computed; {@code intervals} is null without {@code --bootstrap}. */
  public record DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
      long[] numGt, long[] numPred, Counts counts, LazyFrame perImageFrame, LazyFrame rejectsFrame,
      JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
      DiagnosticsResult diagnostics, FrequencyGroups frequencyGroups, long[] lvisDropped,
      dev.overlap.core.coco.Localization localization, CompatCounts compat, DetectionSlices.Result slices) {

    /** The per_image table's rows as a Dataset (made on request), or null. */
    public Dataset<Row> perImage() {
      return perImageFrame == null ? null : perImageFrame.get();
    }

    /** The rejects table's rows as a Dataset (made on request), or null. */
    public Dataset<Row> rejects() {
      return rejectsFrame == null ? null : rejectsFrame.get();
    }

    /** A result with its tables' Datasets made already. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics, FrequencyGroups frequencyGroups, long[] lvisDropped,
        dev.overlap.core.coco.Localization localization, CompatCounts compat, DetectionSlices.Result slices) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, LazyFrame.of(perImage),
          LazyFrame.of(rejects), persisted, partitions, rankRanges, intervals, diagnostics, frequencyGroups, lvisDropped,
          localization, compat, slices);
    }

    /** A result without slices. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics, FrequencyGroups frequencyGroups, long[] lvisDropped,
        dev.overlap.core.coco.Localization localization, CompatCounts compat) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, diagnostics, frequencyGroups, lvisDropped, localization, compat, null);
    }

    /** A keypoints / LVIS result: no localization statistics, no loadRes-reshaped results. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics, FrequencyGroups frequencyGroups, long[] lvisDropped) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, diagnostics, frequencyGroups, lvisDropped, null, CompatCounts.NONE);
    }

    /** A result without loadRes-reshaped results. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics, dev.overlap.core.coco.Localization localization) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, diagnostics, null, null, localization, CompatCounts.NONE);
    }

    /** A result without localization statistics. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics, CompatCounts compat) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, diagnostics, null, null, null, compat);
    }

    /** A result without localization statistics or loadRes-reshaped results (callers that evaluate in one JVM). */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals,
        DiagnosticsResult diagnostics) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, diagnostics, null, null, null, CompatCounts.NONE);
    }

    /** A result without diagnostics, localization statistics or loadRes-reshaped results. */
    public DetectionResult(DetectionConfig config, long[] categoryIds, String[] categoryNames, CocoSummary summary,
        long[] numGt, long[] numPred, Counts counts, Dataset<Row> perImage, Dataset<Row> rejects,
        JavaRDD<EvalOutput> persisted, int partitions, int rankRanges, CocoIntervals intervals) {
      this(config, categoryIds, categoryNames, summary, numGt, numPred, counts, perImage, rejects, persisted, partitions,
          rankRanges, intervals, DiagnosticsResult.NONE, null, null, null, CompatCounts.NONE);
    }

    /** Images evaluated. */
    public long images() { return counts.images(); }
    /** Images outside --img-ids. */
    public long imagesSkipped() { return counts.imagesSkipped(); }
    /** Ground-truth annotations read. */
    public long gtRecords() { return counts.gtRecords(); }
    /** Prediction records read. */
    public long predRecords() { return counts.predRecords(); }
    /** Prediction files read. */
    public long predFiles() { return counts.predFiles(); }

    /** Frees the cached evaluation output. */
    public void release() {
      persisted.unpersist(false);
    }
  }

}
