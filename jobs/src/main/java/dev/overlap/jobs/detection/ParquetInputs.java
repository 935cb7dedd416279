package dev.overlap.jobs.detection;

import static org.apache.spark.sql.functions.col;

import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.mask.Rle;
import dev.overlap.core.mask.RleCodec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * COCO content as Parquet (schema in docs/detection.md): a ground-truth folder with {@code images/},
 * {@code annotations/} and {@code categories/}, and predictions with one row per result. Rows are
 * validated as the JSON readers validate them and named "file: row N" in errors; file order is
 * (file path, row index), read from Spark's {@code _metadata} columns.
 */
final class ParquetInputs {
  private ParquetInputs() {}

  /**
   * The ground-truth categories, read from {@code categories/} alone: the driver needs them before the
   * images and annotations are distributed.
   */
  static JavaRDD<EvalRecord> categories(SparkSession spark, String root, boolean skip) {
    Dataset<Row> c = read(spark, child(root, "categories"));
    return c.select(col("id"), optional(c, "name"), col("_metadata.file_path").as("_file"),
            col("_metadata.row_index").as("_row"))
        .javaRDD().map(lenient(new CategoryRow(), "gt", skip));
  }

  /** The ground-truth images and annotations. */
  static JavaRDD<EvalRecord> imagesAndAnnotations(SparkSession spark, String root, boolean segm, boolean skip) {
    Dataset<Row> i = read(spark, child(root, "images"));
    JavaRDD<EvalRecord> images = i.select(col("id"), col("width"), col("height"), optional(i, "file_name"),
            col("_metadata.file_path").as("_file"), col("_metadata.row_index").as("_row"))
        .javaRDD().map(lenient(new ImageRow(), "gt", skip));
    Dataset<Row> a = read(spark, child(root, "annotations"));
    List<String> files = Arrays.asList(a.inputFiles());
    files.sort(null);
    JavaRDD<EvalRecord> annotations = a.select(col("id"), col("image_id"), col("category_id"), optional(a, "bbox"), col("area"),
            optional(a, "iscrowd"), optional(a, "ignore"), optional(a, "segmentation_polygons"),
            optional(a, "segmentation_size"),
            optional(a, "segmentation_counts"), col("_metadata.file_path").as("_file"),
            col("_metadata.row_index").as("_row"))
        .javaRDD().map(lenient(new AnnotationRow(files, segm), "gt", skip));
    return images.union(annotations);
  }

  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().option("recursiveFileLookup", "true").parquet(path);
  }

  private static String child(String root, String name) {
    return root.endsWith("/") ? root + name : root + "/" + name;
  }

  static JavaRDD<EvalRecord> predictions(SparkSession spark, String root, List<String> files, boolean segm,
      boolean skip) {
    Dataset<Row> p = read(spark, root);
    return p.select(col("image_id"), col("category_id"), optional(p, "bbox"), col("score"),
            optional(p, "segmentation_polygons"), optional(p, "segmentation_size"),
            optional(p, "segmentation_counts"), col("_metadata.file_path").as("_file"),
            col("_metadata.row_index").as("_row"))
        .javaRDD().map(lenient(new PredictionRow(files, segm), "pred", skip));
  }

  /** In skip mode a bad row becomes a reject record instead of failing the task. */
  static Function<Row, EvalRecord> lenient(Function<Row, EvalRecord> f, String source, boolean skip) {
    if (!skip) return f;
    return new Lenient(f, source);
  }

  static final class Lenient implements Function<Row, EvalRecord> {
    private static final long serialVersionUID = 1L;
    private final Function<Row, EvalRecord> f;
    private final String source;

    Lenient(Function<Row, EvalRecord> f, String source) {
      this.f = f;
      this.source = source;
    }

    @Override
    public EvalRecord call(Row r) throws Exception {
      try {
        return f.call(r);
      } catch (InvalidInputException e) {
        long row = r.getLong(r.fieldIndex("_row"));
        return EvalRecord.reject(source, e, DetectionInputs.spreadKey(row ^ file(r).hashCode()), row);
      }
    }
  }

  /** A column that may be absent from the files: null when it is. */
  private static org.apache.spark.sql.Column optional(Dataset<Row> d, String name) {
    StructType s = d.schema();
    for (String f : s.fieldNames()) if (f.equals(name)) return col(name);
    return org.apache.spark.sql.functions.lit(null).as(name);
  }

  private static String where(Row r) {
    return "row " + r.getLong(r.fieldIndex("_row"));
  }

  private static String file(Row r) {
    return dev.overlap.jobs.io.HadoopFiles.display(r.getString(r.fieldIndex("_file")));
  }

  static long longField(Row r, String name) {
    Object v = r.get(r.fieldIndex(name));
    if (v == null) throw new InvalidInputException(file(r), where(r), name, "is missing (null)");
    if (!(v instanceof Number n)) {
      throw new InvalidInputException(file(r), where(r), name, "expected an integer"
          + (v instanceof String ? ", found a string (string ids are read from JSON inputs only)" : ""));
    }
    if ((v instanceof Double || v instanceof Float) && n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new InvalidInputException(file(r), where(r), name, "expected an integer, got " + v);
    }
    return n.longValue();
  }

  static double doubleField(Row r, String name) {
    Object v = r.get(r.fieldIndex(name));
    if (v == null) throw new InvalidInputException(file(r), where(r), name, "is missing (null)");
    if (!(v instanceof Number n)) throw new InvalidInputException(file(r), where(r), name, "expected a number");
    return n.doubleValue();
  }

  static double[] bbox(Row r) {
    int i = r.fieldIndex("bbox");
    if (r.isNullAt(i)) return null;
    List<Object> l = r.getList(i);
    if (l.size() != 4) {
      throw new InvalidInputException(file(r), where(r), "bbox", "expected 4 numbers [x, y, w, h], got " + l.size());
    }
    double[] b = new double[4];
    for (int k = 0; k < 4; k++) {
      Object v = l.get(k);
      if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new InvalidInputException(file(r), where(r), "bbox", "value " + v + " is not a finite number");
      }
      b[k] = n.doubleValue();
    }
    if (b[2] < 0) throw new InvalidInputException(file(r), where(r), "bbox", "width is negative (" + b[2] + ")");
    if (b[3] < 0) throw new InvalidInputException(file(r), where(r), "bbox", "height is negative (" + b[3] + ")");
    return b;
  }

  static Segmentation segmentation(Row r) {
    int pi = r.fieldIndex("segmentation_polygons");
    if (!r.isNullAt(pi)) {
      List<Object> parts = r.getList(pi);
      if (parts.isEmpty()) throw new InvalidInputException(file(r), where(r), "segmentation_polygons", "is empty");
      double[][] polys = new double[parts.size()][];
      for (int k = 0; k < polys.length; k++) {
        List<?> xy = (List<?>) toList(parts.get(k));
        if (xy.size() < 6 || xy.size() % 2 != 0) {
          throw new InvalidInputException(file(r), where(r), "segmentation_polygons", "polygon " + k + " has "
              + xy.size() + " coordinates; needs an even count of at least 6 (3 points)");
        }
        polys[k] = new double[xy.size()];
        for (int j = 0; j < xy.size(); j++) {
          double v = ((Number) xy.get(j)).doubleValue();
          if (!Double.isFinite(v)) {
            throw new InvalidInputException(file(r), where(r), "segmentation_polygons", "coordinate " + v + " is not finite");
          }
          polys[k][j] = v;
        }
      }
      return Segmentation.ofPolygons(polys);
    }
    int si = r.fieldIndex("segmentation_size");
    int ci = r.fieldIndex("segmentation_counts");
    if (r.isNullAt(si) || r.isNullAt(ci)) return null;
    List<Object> size = r.getList(si);
    if (size.size() != 2) throw new InvalidInputException(file(r), where(r), "segmentation_size", "expected [h, w]");
    int h = ((Number) size.get(0)).intValue();
    int w = ((Number) size.get(1)).intValue();
    try {
      int[] counts = RleCodec.decodeCounts(r.getString(ci));
      return Segmentation.ofRle(h, w, Rle.of(h, w, counts).counts());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(file(r), where(r), "segmentation_counts", e.getMessage());
    }
  }

  private static Object toList(Object o) {
    if (o instanceof List<?>) return o;
    if (o instanceof scala.collection.Seq<?> s) return scala.jdk.javaapi.CollectionConverters.asJava(s);
    return o;
  }

  /** Parquet file path to its index in the sorted file list: the high bits of seq. */
  static final class FileIndex implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> index = new HashMap<>();

    FileIndex(List<String> files) {
      for (int i = 0; i < files.size(); i++) index.put(files.get(i), i);
    }

    long seq(Row r) {
      Integer i = index.get(r.getString(r.fieldIndex("_file")));
      if (i == null) {
        // paths can differ in form (file:/x vs file:///x): fall back to the name
        String f = r.getString(r.fieldIndex("_file"));
        for (Map.Entry<String, Integer> e : index.entrySet()) {
          if (sameFile(e.getKey(), f)) return PredLocator.seq(e.getValue(), r.getLong(r.fieldIndex("_row")));
        }
        throw new IllegalStateException("unlisted input file " + f);
      }
      return PredLocator.seq(i, r.getLong(r.fieldIndex("_row")));
    }

    private static boolean sameFile(String a, String b) {
      return new org.apache.hadoop.fs.Path(a).toUri().getPath().equals(new org.apache.hadoop.fs.Path(b).toUri().getPath());
    }
  }

  static final class ImageRow implements Function<Row, EvalRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public EvalRecord call(Row r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.IMAGE);
      e.setImageId(longField(r, "id"));
      long w = longField(r, "width");
      long h = longField(r, "height");
      if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
        throw new InvalidInputException(file(r), where(r), w <= 0 ? "width" : "height", "must be a positive integer");
      }
      e.setWidth((int) w);
      e.setHeight((int) h);
      int fi = r.fieldIndex("file_name");
      e.setName(r.isNullAt(fi) ? null : r.getString(fi));
      return e;
    }
  }

  static final class CategoryRow implements Function<Row, EvalRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public EvalRecord call(Row r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.CATEGORY);
      e.setCategoryId(longField(r, "id"));
      int ni = r.fieldIndex("name");
      e.setName(r.isNullAt(ni) ? "" : r.getString(ni));
      return e;
    }
  }

  static final class AnnotationRow implements Function<Row, EvalRecord> {
    private static final long serialVersionUID = 1L;
    private final FileIndex files;
    private final boolean segm;

    AnnotationRow(List<String> files, boolean segm) {
      this.files = new FileIndex(files);
      this.segm = segm;
    }

    @Override
    public EvalRecord call(Row r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.GT);
      e.setAnnId(longField(r, "id"));
      e.setImageId(longField(r, "image_id"));
      e.setCategoryId(longField(r, "category_id"));
      double[] b = bbox(r);
      // segm evaluation never reads a ground truth's box (cocoeval.py#computeIoU uses the masks)
      if (b == null && !segm) throw new InvalidInputException(file(r), where(r), "bbox", "is missing (null)");
      e.setBbox(b);
      double area = doubleField(r, "area");
      if (!(area >= 0) || Double.isInfinite(area)) {
        throw new InvalidInputException(file(r), where(r), "area", "must be a finite number >= 0, got " + area);
      }
      e.setArea(area);
      int ci = r.fieldIndex("iscrowd");
      if (!r.isNullAt(ci)) {
        Object v = r.get(ci);
        e.setCrowd(v instanceof Boolean bo ? bo : ((Number) v).longValue() != 0);
      }
      int ii = r.fieldIndex("ignore");
      if (!r.isNullAt(ii)) {
        Object v = r.get(ii);
        e.setIgnore(v instanceof Boolean bo ? bo : ((Number) v).doubleValue() != 0);
      }
      e.setSeq(files.seq(r));
      if (segm) {
        Segmentation s = segmentation(r);
        if (s == null) {
          throw new InvalidInputException(file(r), where(r), "segmentation_polygons",
              "segm evaluation needs segmentation_polygons or segmentation_size + segmentation_counts");
        }
        EvalRecord tmp = EvalRecord.of(new dev.overlap.core.coco.GtAnnotation(0, 0, 0, b, 0, false, s, 0));
        e.setPolyXy(tmp.getPolyXy());
        e.setPolyLens(tmp.getPolyLens());
        e.setRleH(tmp.getRleH());
        e.setRleW(tmp.getRleW());
        e.setRleCounts(tmp.getRleCounts());
      }
      return e;
    }
  }

  static final class PredictionRow implements Function<Row, EvalRecord> {
    private static final long serialVersionUID = 1L;
    private final FileIndex files;
    private final boolean segm;

    PredictionRow(List<String> files, boolean segm) {
      this.files = new FileIndex(files);
      this.segm = segm;
    }

    @Override
    public EvalRecord call(Row r) {
      long image = longField(r, "image_id");
      long cat = longField(r, "category_id");
      double score = doubleField(r, "score");
      if (Double.isNaN(score)) throw new InvalidInputException(file(r), where(r), "score", "NaN is not a valid score");
      if (Double.isInfinite(score)) throw new InvalidInputException(file(r), where(r), "score", "must be finite, got " + score);
      if (score < 0) throw new InvalidInputException(file(r), where(r), "score", "must be >= 0, got " + score);
      double[] b = bbox(r);
      // as loadRes: a segm result may be a box alone (a rectangle mask), a bbox result a mask alone (boxed by it)
      Segmentation s = segm || b == null ? segmentation(r) : null;
      if (segm && s == null && b == null) {
        throw new InvalidInputException(file(r), where(r), "segmentation_counts",
            "segm evaluation needs segmentation_size + segmentation_counts (or segmentation_polygons, or a bbox)");
      }
      if (!segm && b == null && s == null) throw new InvalidInputException(file(r), where(r), "bbox", "is missing (null)");
      return EvalRecord.of(new dev.overlap.core.coco.Detection(image, cat, b, score + 0.0, s, files.seq(r)));
    }
  }
}
