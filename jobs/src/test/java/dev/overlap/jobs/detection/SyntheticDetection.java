package dev.overlap.jobs.detection;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.ImageStats;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A detection result with hundreds of classes, made without Spark: seeded random boxes evaluated by
 * core's in-memory {@link CocoEvaluator}, wrapped as the job's {@link DetectionResult}. Frequent
 * classes have low ids, rare ones high ids, the last 20 have no ground truth; some names are long,
 * one carries markup and one a terminal escape.
 */
final class SyntheticDetection {
  static final int CLASSES = 300, WITHOUT_GT = 20, IMAGES = 120;
  static final String LONG_NAME = "a remarkably long category name that keeps on going, number ";
  static final String MARKUP_NAME = "<b>bold</b> & \"quoted\"";
  static final String ESCAPE_NAME = "red\u001b[31m";

  final DetectionResult result;
  final CocoEvaluation evaluation;
  final DetectionHtmlReport.ImageErrors images;

  static final StructType PER_IMAGE = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("file_name", DataTypes.StringType, true),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("num_gt", DataTypes.IntegerType, false),
      DataTypes.createStructField("num_pred", DataTypes.IntegerType, false),
      DataTypes.createStructField("tp_50", DataTypes.IntegerType, false),
      DataTypes.createStructField("fp_50", DataTypes.IntegerType, false),
      DataTypes.createStructField("fn_50", DataTypes.IntegerType, false),
      DataTypes.createStructField("tp_75", DataTypes.IntegerType, false),
      DataTypes.createStructField("fp_75", DataTypes.IntegerType, false),
      DataTypes.createStructField("fn_75", DataTypes.IntegerType, false),
      DataTypes.createStructField("mean_iou_50", DataTypes.DoubleType, true),
      DataTypes.createStructField("errors", DataTypes.IntegerType, false)});

  SyntheticDetection(String out, String... extraArgs) {
    SplittableRandom rnd = new SplittableRandom(20261121L);
    List<Category> cats = new ArrayList<>();
    String[] names = new String[CLASSES];
    for (int c = 1; c <= CLASSES; c++) {
      String name = c % 37 == 0 ? LONG_NAME + c : c == 7 ? MARKUP_NAME : c == 9 ? ESCAPE_NAME : String.format("class_%03d", c);
      names[c - 1] = name;
      cats.add(new Category(c, name, "all"));
    }
    List<Image> imgs = new ArrayList<>();
    List<GtAnnotation> gts = new ArrayList<>();
    List<Detection> dts = new ArrayList<>();
    long annId = 1;
    for (int i = 1; i <= IMAGES; i++) {
      imgs.add(new Image(i, String.format("img_%04d.jpg", i), 640, 480));
      int objects = rnd.nextInt(9);
      for (int o = -3; o < objects; o++) {
        // three objects per image cycle through every class that has ground truth; the rest are skewed to low ids
        double u = rnd.nextDouble();
        int cat = o < 0 ? 1 + (3 * (i - 1) + o + 3) % (CLASSES - WITHOUT_GT) : 1 + (int) ((CLASSES - WITHOUT_GT) * u * u);
        double w = 20 + rnd.nextDouble() * 200, h = 20 + rnd.nextDouble() * 200;
        double x = rnd.nextDouble() * (640 - w), y = rnd.nextDouble() * (480 - h);
        gts.add(new GtAnnotation(annId, i, cat, new double[] {x, y, w, h}, w * h, false, null, annId - 1));
        annId++;
        double found = 0.15 + 0.85 * ((cat * 7919L) % 100) / 100.0;
        if (rnd.nextDouble() < found) {
          double j = 0.25 * (1 - found);
          dts.add(new Detection(i, cat, new double[] {x + w * j * rnd.nextDouble(), y + h * j * rnd.nextDouble(), w, h},
              0.3 + 0.7 * rnd.nextDouble(), null, dts.size()));
        }
      }
      for (int f = 0; f < 3; f++) {
        dts.add(new Detection(i, 1 + rnd.nextInt(CLASSES), new double[] {rnd.nextDouble() * 500, rnd.nextDouble() * 400,
            30, 30}, 0.6 * rnd.nextDouble(), null, dts.size()));
      }
    }
    List<String> args = new ArrayList<>(List.of("--gt", "synthetic/gt.json", "--pred", "synthetic/pred.json", "--out",
        out, "--run-id", "synthetic"));
    args.addAll(List.of(extraArgs));
    DetectionConfig cfg = DetectionConfig.parse(Args.parse(args.toArray(new String[0]), DetectionConfig.OPTIONS,
        DetectionConfig.FLAGS));
    evaluation = CocoEvaluator.evaluate(new CocoGroundTruth(imgs, cats, gts), dts, cfg.params());
    result = new DetectionResult(cfg, evaluation.categoryIds(), names, evaluation.summary(), evaluation.numGt(),
        evaluation.numPred(), new DetectionJob.Counts(IMAGES, 0, 0, 0, gts.size(), 0, 0, dts.size(), 0, 0, 1), null, null,
        null, 1, 1, null);

    long tp = 0, fp = 0, fn = 0;
    List<ImageStats> bad = new ArrayList<>();
    for (ImageStats s : evaluation.images()) {
      tp += s.tp50();
      fp += s.fp50();
      fn += s.fn50();
      if (s.fn50() + s.fp50() > 0) bad.add(s);
    }
    bad.sort(Comparator.comparingInt((ImageStats s) -> -(s.fn50() + s.fp50())).thenComparingInt(s -> -s.fn50())
        .thenComparingLong(ImageStats::imageId));
    List<Row> worst = new ArrayList<>();
    for (ImageStats s : bad.subList(0, Math.min(DetectionHtmlReport.WORST_IMAGES, bad.size()))) {
      worst.add(new GenericRowWithSchema(new Object[] {s.imageId(), String.format("img_%04d.jpg", s.imageId()), 640, 480,
          s.numGt(), s.numPred(), s.tp50(), s.fp50(), s.fn50(), s.tp75(), s.fp75(), s.fn75(),
          Double.isNaN(s.meanIou50()) ? null : s.meanIou50(), s.fn50() + s.fp50()}, PER_IMAGE));
    }
    images = new DetectionHtmlReport.ImageErrors(IMAGES, tp, fp, fn, worst);
  }
}
