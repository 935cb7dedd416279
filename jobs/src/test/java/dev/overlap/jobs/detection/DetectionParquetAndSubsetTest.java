package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoEvaluation;
import dev.overlap.core.coco.CocoEvaluator;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.io.CocoFiles;
import dev.overlap.core.mask.RleCodec;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.TestData;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet inputs (the README's schema) and image / category subsets, against core and pycocotools. */
class DetectionParquetAndSubsetTest {
  static final String SMALL = "reference/coco-small/";
  static final double TOL = 1e-12;

  @TempDir Path tmp;

  static final StructType IMAGES = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("file_name", DataTypes.StringType, true)});
  static final StructType CATEGORIES = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true)});
  static final StructType ANNOTATIONS = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("bbox", DataTypes.createArrayType(DataTypes.DoubleType), false),
      DataTypes.createStructField("area", DataTypes.DoubleType, false),
      DataTypes.createStructField("iscrowd", DataTypes.IntegerType, false),
      DataTypes.createStructField("segmentation_polygons",
          DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true),
      DataTypes.createStructField("segmentation_size", DataTypes.createArrayType(DataTypes.IntegerType), true),
      DataTypes.createStructField("segmentation_counts", DataTypes.StringType, true)});
  static final StructType PREDICTIONS = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("bbox", DataTypes.createArrayType(DataTypes.DoubleType), true),
      DataTypes.createStructField("score", DataTypes.DoubleType, false),
      DataTypes.createStructField("segmentation_size", DataTypes.createArrayType(DataTypes.IntegerType), true),
      DataTypes.createStructField("segmentation_counts", DataTypes.StringType, true)});

  static List<Double> boxed(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double v : a) l.add(v);
    return l;
  }

  static Object[] seg(Segmentation s) {
    if (s == null) return new Object[] {null, null, null};
    if (s.isPolygons()) {
      List<List<Double>> p = new ArrayList<>();
      for (double[] part : s.polygons()) p.add(boxed(part));
      return new Object[] {p, null, null};
    }
    return new Object[] {null, Arrays.asList(s.rleHeight(), s.rleWidth()),
        RleCodec.encode(s.rleCounts(), s.rleCounts().length)};
  }

  /** coco-small converted to the documented Parquet layout (one file per table; predictions in 3 files). */
  @Test
  void parquetInputsGiveThePycocotoolsNumbers() {
    SparkSession spark = SparkTestSession.get();
    CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of(TestData.path(SMALL + "instances_gt.json")), true);
    List<Detection> dts = CocoFiles.readResults(Path.of(TestData.path(SMALL + "detections.json")), true);
    List<Row> images = new ArrayList<>();
    for (Image im : gt.images()) images.add(RowFactory.create(im.id(), im.width(), im.height(), im.fileName()));
    List<Row> cats = new ArrayList<>();
    for (Category c : gt.categories()) cats.add(RowFactory.create(c.id(), c.name()));
    List<Row> anns = new ArrayList<>();
    for (GtAnnotation a : gt.annotations()) {
      Object[] s = seg(a.segmentation());
      anns.add(RowFactory.create(a.id(), a.imageId(), a.categoryId(), boxed(a.bbox()), a.area(), a.iscrowd() ? 1 : 0,
          s[0], s[1], s[2]));
    }
    List<Row> preds = new ArrayList<>();
    for (Detection d : dts) {
      Object[] s = seg(d.segmentation());
      preds.add(RowFactory.create(d.imageId(), d.categoryId(), boxed(d.bbox()), d.score(), s[1], s[2]));
    }
    Path g = tmp.resolve("gt");
    spark.createDataFrame(images, IMAGES).coalesce(1).write().parquet(g.resolve("images").toString());
    spark.createDataFrame(cats, CATEGORIES).coalesce(1).write().parquet(g.resolve("categories").toString());
    spark.createDataFrame(anns, ANNOTATIONS).coalesce(1).write().parquet(g.resolve("annotations").toString());
    // file order must survive: three files, in path order, each keeping its rows' order
    Path p = tmp.resolve("pred");
    int per = (preds.size() + 2) / 3;
    for (int f = 0; f < 3; f++) {
      spark.createDataFrame(preds.subList(f * per, Math.min(preds.size(), (f + 1) * per)), PREDICTIONS).coalesce(1)
          .write().parquet(p.resolve("part" + f).toString());
    }
    for (String type : new String[] {"bbox", "segm"}) {
      DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(g.toString(), p.toString(),
          tmp.resolve("out-" + type).toString(), 3, "--iou-type", type));
      double[] want = DetectionJobTest.expectedStats(type);
      for (int i = 0; i < 12; i++) assertEquals(want[i], r.summary().stat(i), TOL, type + " stat " + i);
      assertEquals(9870, r.predRecords());
    }
  }

  /** --img-ids / --cat-ids (pycocotools' params.imgIds / catIds) equal core's in-memory evaluation. */
  @Test
  void imageAndCategorySubsetsMatchCore() {
    CocoGroundTruth gt = CocoFiles.readGroundTruth(Path.of(TestData.path(SMALL + "instances_gt.json")), false);
    List<Detection> dts = CocoFiles.readResults(Path.of(TestData.path(SMALL + "detections.json")), false);
    long[] imgs = new long[60];
    for (int i = 0; i < imgs.length; i++) imgs[i] = gt.images().get(i * 3).id();
    long[] cats = {1, 3, 18, 44, 52, 65, 88};
    StringBuilder is = new StringBuilder();
    for (long id : imgs) is.append(is.length() > 0 ? "," : "").append(id);
    for (boolean useCats : new boolean[] {true, false}) {
      CocoParams params = CocoParams.builder(IouType.BBOX).imageIds(imgs).categoryIds(cats).useCats(useCats).build();
      CocoEvaluation core = CocoEvaluator.evaluate(gt, dts, params);
      DetectionResult r = DetectionJobTest.run(DetectionJobTest.config(TestData.path(SMALL + "instances_gt.json"),
          TestData.path(SMALL + "detections.json"), tmp.resolve("sub" + useCats).toString(), 2, "--img-ids",
          is.toString(), "--cat-ids", "1,3,18,44,52,65,88", "--use-cats", Boolean.toString(useCats)));
      assertArrayEquals(core.summary().stats(), r.summary().stats(), "useCats " + useCats);
      assertEquals(60, r.images());
      assertEquals(140, r.imagesSkipped());
      assertEquals(r.counts().predRecords(), r.counts().predEvaluated() + r.counts().predExcluded());
      assertArrayEquals(core.categoryIds(), r.categoryIds());
    }
  }
}
