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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * COCO content as Parquet (schema in docs/detection.md): a ground-truth folder with {@code images/},
 * {@code annotations/} and {@code categories/}, and predictions with one row per result. Rows are
 * validated as the JSON readers validate them and named "file: row N" in errors; file order is
 * (file path, row index), read from Spark's {@code _metadata} columns.
 *
 * <p>Rows are read as Spark's internal rows by column position, with each column's reader chosen once from
 * the files' schema: converting every row to an external {@code Row} (boxed values, Scala sequences, a field
 * lookup by name per value) cost ~12 us per annotation, several times the JSON reader's cost per record.
 */
final class ParquetInputs {
  private ParquetInputs() {}

  /**
   * The ground-truth categories, read from {@code categories/} alone: the driver needs them before the
   * images and annotations are distributed.
   */
  static JavaRDD<EvalRecord> categories(SparkSession spark, String root, boolean skip) {
    Dataset<Row> c = read(spark, child(root, "categories"));
    Dataset<Row> s = c.select(col("id"), optional(c, "name"), col("_metadata.file_path").as("_file"),
        col("_metadata.row_index").as("_row"));
    return rows(s).map(lenient(new CategoryRow(new Layout(s.schema())), "gt", skip));
  }

  /** The ground-truth images and annotations. */
  static JavaRDD<EvalRecord> imagesAndAnnotations(SparkSession spark, String root, boolean segm, boolean skip) {
    Dataset<Row> i = read(spark, child(root, "images"));
    Dataset<Row> is = i.select(col("id"), col("width"), col("height"), optional(i, "file_name"),
        col("_metadata.file_path").as("_file"), col("_metadata.row_index").as("_row"));
    JavaRDD<EvalRecord> images = rows(is).map(lenient(new ImageRow(new Layout(is.schema())), "gt", skip));
    Dataset<Row> a = read(spark, child(root, "annotations"));
    List<String> files = Arrays.asList(a.inputFiles());
    files.sort(null);
    Dataset<Row> as = a.select(col("id"), col("image_id"), col("category_id"), optional(a, "bbox"), col("area"),
        optional(a, "iscrowd"), optional(a, "ignore"), optional(a, "segmentation_polygons"),
        optional(a, "segmentation_size"), optional(a, "segmentation_counts"),
        col("_metadata.file_path").as("_file"), col("_metadata.row_index").as("_row"));
    JavaRDD<EvalRecord> annotations =
        rows(as).map(lenient(new AnnotationRow(new Layout(as.schema()), files, segm), "gt", skip));
    return images.union(annotations);
  }

  static JavaRDD<EvalRecord> predictions(SparkSession spark, String root, List<String> files, boolean segm,
      boolean skip) {
    Dataset<Row> p = read(spark, root);
    Dataset<Row> s = p.select(col("image_id"), col("category_id"), optional(p, "bbox"), col("score"),
        optional(p, "segmentation_polygons"), optional(p, "segmentation_size"),
        optional(p, "segmentation_counts"), col("_metadata.file_path").as("_file"),
        col("_metadata.row_index").as("_row"));
    return rows(s).map(lenient(new PredictionRow(new Layout(s.schema()), files, segm), "pred", skip));
  }

  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().option("recursiveFileLookup", "true").parquet(path);
  }

  private static String child(String root, String name) {
    return root.endsWith("/") ? root + name : root + "/" + name;
  }

  /** The selected columns as Spark's own rows: a row is only valid until the next one is read. */
  private static JavaRDD<InternalRow> rows(Dataset<Row> d) {
    return d.queryExecution().toRdd().toJavaRDD();
  }

  /** A column that may be absent from the files: null when it is. */
  private static Column optional(Dataset<Row> d, String name) {
    for (String f : d.schema().fieldNames()) if (f.equals(name)) return col(name);
    return org.apache.spark.sql.functions.lit(null).as(name);
  }

  // ---- reading values by position, with the messages the JSON readers give

  static final int ABSENT = 0;
  static final int LONG = 1;
  static final int INT = 2;
  static final int SHORT = 3;
  static final int BYTE = 4;
  static final int DOUBLE = 5;
  static final int FLOAT = 6;
  static final int DECIMAL = 7;
  static final int BOOLEAN = 8;
  static final int STRING = 9;
  static final int ARRAY = 10;
  static final int OTHER = 11;

  static int kindOf(DataType t) {
    if (t instanceof NullType) return ABSENT;
    if (t instanceof LongType) return LONG;
    if (t instanceof IntegerType) return INT;
    if (t instanceof ShortType) return SHORT;
    if (t instanceof ByteType) return BYTE;
    if (t instanceof DoubleType) return DOUBLE;
    if (t instanceof FloatType) return FLOAT;
    if (t instanceof DecimalType) return DECIMAL;
    if (t instanceof BooleanType) return BOOLEAN;
    if (t instanceof StringType) return STRING;
    if (t instanceof ArrayType) return ARRAY;
    return OTHER;
  }

  /**
   * Where each selected column is and how its values (and, for lists, its elements and their elements) are
   * stored: decided once from the schema on the driver.
   */
  static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> ordinal = new HashMap<>();
    private final int[] kind;
    private final int[] element;
    private final int[] inner;
    private final int[] precision;
    private final int[] scale;
    final int file;
    final int row;

    Layout(StructType schema) {
      StructField[] f = schema.fields();
      kind = new int[f.length];
      element = new int[f.length];
      inner = new int[f.length];
      precision = new int[f.length];
      scale = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        ordinal.put(f[i].name(), i);
        DataType t = f[i].dataType();
        kind[i] = kindOf(t);
        if (t instanceof DecimalType d) {
          precision[i] = d.precision();
          scale[i] = d.scale();
        }
        if (t instanceof ArrayType a) {
          element[i] = kindOf(a.elementType());
          if (a.elementType() instanceof ArrayType b) inner[i] = kindOf(b.elementType());
        }
      }
      file = ordinal.get("_file");
      row = ordinal.get("_row");
    }

    int at(String name) {
      return ordinal.get(name);
    }

    String file(InternalRow r) {
      return dev.overlap.jobs.io.HadoopFiles.display(r.getUTF8String(file).toString());
    }

    String where(InternalRow r) {
      return "row " + r.getLong(row);
    }

    boolean isNull(InternalRow r, int c) {
      return kind[c] == ABSENT || r.isNullAt(c);
    }

    InvalidInputException bad(InternalRow r, String field, String what) {
      return new InvalidInputException(file(r), where(r), field, what);
    }

    long integer(InternalRow r, int c, String field) {
      if (isNull(r, c)) throw bad(r, field, "is missing (null)");
      switch (kind[c]) {
        case LONG: return r.getLong(c);
        case INT: return r.getInt(c);
        case SHORT: return r.getShort(c);
        case BYTE: return r.getByte(c);
        case DOUBLE: case FLOAT: case DECIMAL: {
          double d = number(r, c, field);
          if (d != Math.rint(d)) throw bad(r, field, "expected an integer, got " + d);
          return (long) d;
        }
        case STRING:
          throw bad(r, field, "expected an integer, found a string (string ids are read from JSON inputs only)");
        default:
          throw bad(r, field, "expected an integer");
      }
    }

    double number(InternalRow r, int c, String field) {
      if (isNull(r, c)) throw bad(r, field, "is missing (null)");
      switch (kind[c]) {
        case DOUBLE: return r.getDouble(c);
        case FLOAT: return r.getFloat(c);
        case LONG: return r.getLong(c);
        case INT: return r.getInt(c);
        case SHORT: return r.getShort(c);
        case BYTE: return r.getByte(c);
        case DECIMAL: return r.getDecimal(c, precision[c], scale[c]).toDouble();
        default: throw bad(r, field, "expected a number");
      }
    }

    /** A flag stored as a boolean or a number (non-zero is true); false when null or absent. */
    boolean flag(InternalRow r, int c, String field) {
      if (isNull(r, c)) return false;
      if (kind[c] == BOOLEAN) return r.getBoolean(c);
      return number(r, c, field) != 0;
    }

    String string(InternalRow r, int c) {
      if (isNull(r, c)) return null;
      if (kind[c] != STRING) return null;
      return r.getUTF8String(c).toString();
    }

    /** A list column, or null; a column that is not a list of numbers is an error. */
    ArrayData list(InternalRow r, int c, String field, boolean nested) {
      if (isNull(r, c)) return null;
      if (kind[c] != ARRAY || (nested ? element[c] != ARRAY || !numeric(inner[c]) : !numeric(element[c]))) {
        throw bad(r, field, nested ? "expected a list of lists of numbers" : "expected a list of numbers");
      }
      return r.getArray(c);
    }

    /** Element k of a list of numbers whose elements are of kind {@code k}; NaN for a null element. */
    static double element(ArrayData a, int i, int k) {
      if (a.isNullAt(i)) return Double.NaN;
      switch (k) {
        case DOUBLE: return a.getDouble(i);
        case FLOAT: return a.getFloat(i);
        case LONG: return a.getLong(i);
        case INT: return a.getInt(i);
        case SHORT: return a.getShort(i);
        case BYTE: return a.getByte(i);
        default: throw new IllegalStateException("not a number kind: " + k); // checked by list()
      }
    }

    static boolean numeric(int k) {
      return k >= LONG && k <= FLOAT;
    }

    int elementKind(int c) {
      return element[c];
    }

    int innerKind(int c) {
      return inner[c];
    }
  }

  /** In skip mode a bad row becomes a reject record instead of failing the task. */
  static Function<InternalRow, EvalRecord> lenient(RowReader f, String source, boolean skip) {
    if (!skip) return f;
    return new Lenient(f, source);
  }

  abstract static class RowReader implements Function<InternalRow, EvalRecord> {
    private static final long serialVersionUID = 1L;
    final Layout l;

    RowReader(Layout l) {
      this.l = l;
    }
  }

  static final class Lenient implements Function<InternalRow, EvalRecord> {
    private static final long serialVersionUID = 1L;
    private final RowReader f;
    private final String source;

    Lenient(RowReader f, String source) {
      this.f = f;
      this.source = source;
    }

    @Override
    public EvalRecord call(InternalRow r) throws Exception {
      try {
        return f.call(r);
      } catch (InvalidInputException e) {
        long row = r.getLong(f.l.row);
        return EvalRecord.reject(source, e, DetectionInputs.spreadKey(row ^ f.l.file(r).hashCode()), row);
      }
    }
  }

  static double[] bbox(Layout l, InternalRow r, int c) {
    ArrayData a = l.list(r, c, "bbox", false);
    if (a == null) return null;
    int n = a.numElements();
    if (n != 4) throw l.bad(r, "bbox", "expected 4 numbers [x, y, w, h], got " + n);
    int k = l.elementKind(c);
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      double v = Layout.element(a, i, k);
      if (!Double.isFinite(v)) {
        throw l.bad(r, "bbox", "value " + (a.isNullAt(i) ? "null" : Double.toString(v)) + " is not a finite number");
      }
      b[i] = v;
    }
    if (b[2] < 0) throw l.bad(r, "bbox", "width is negative (" + b[2] + ")");
    if (b[3] < 0) throw l.bad(r, "bbox", "height is negative (" + b[3] + ")");
    return b;
  }

  static Segmentation segmentation(Layout l, InternalRow r) {
    int pc = l.at("segmentation_polygons");
    ArrayData parts = l.list(r, pc, "segmentation_polygons", true);
    if (parts != null) {
      int np = parts.numElements();
      if (np == 0) throw l.bad(r, "segmentation_polygons", "is empty");
      int k = l.innerKind(pc);
      double[][] polys = new double[np][];
      for (int p = 0; p < np; p++) {
        ArrayData xy = parts.isNullAt(p) ? null : parts.getArray(p);
        int n = xy == null ? 0 : xy.numElements();
        if (n < 6 || n % 2 != 0) {
          throw l.bad(r, "segmentation_polygons", "polygon " + p + " has " + n
              + " coordinates; needs an even count of at least 6 (3 points)");
        }
        polys[p] = new double[n];
        for (int j = 0; j < n; j++) {
          double v = Layout.element(xy, j, k);
          if (!Double.isFinite(v)) {
            throw l.bad(r, "segmentation_polygons",
                "coordinate " + (xy.isNullAt(j) ? "null" : Double.toString(v)) + " is not finite");
          }
          polys[p][j] = v;
        }
      }
      return Segmentation.ofPolygons(polys);
    }
    int sc = l.at("segmentation_size");
    int cc = l.at("segmentation_counts");
    ArrayData size = l.list(r, sc, "segmentation_size", false);
    String counts = l.string(r, cc);
    if (size == null || counts == null) {
      if (!l.isNull(r, cc) && counts == null) throw l.bad(r, "segmentation_counts", "expected a string");
      return null;
    }
    if (size.numElements() != 2 || size.isNullAt(0) || size.isNullAt(1)) {
      throw l.bad(r, "segmentation_size", "expected [h, w]");
    }
    double hd = Layout.element(size, 0, l.elementKind(sc));
    double wd = Layout.element(size, 1, l.elementKind(sc));
    if (!(hd >= 0 && wd >= 0 && hd == Math.rint(hd) && wd == Math.rint(wd) && hd <= Integer.MAX_VALUE
        && wd <= Integer.MAX_VALUE)) {
      throw l.bad(r, "segmentation_size", "expected [h, w] as non-negative integers, got [" + hd + ", " + wd + "]");
    }
    int h = (int) hd;
    int w = (int) wd;
    try {
      int[] c = RleCodec.decodeCounts(counts);
      return Segmentation.ofRle(h, w, Rle.of(h, w, c).counts());
    } catch (IllegalArgumentException e) {
      throw l.bad(r, "segmentation_counts", e.getMessage());
    }
  }

  /**
   * Parquet file path to its index in the sorted file list: the high bits of seq. Rows come file by file,
   * so the last path seen answers almost every lookup without hashing the path.
   */
  static final class FileIndex implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> index = new HashMap<>();
    private transient UTF8String lastPath;
    private transient int last;

    FileIndex(List<String> files) {
      for (int i = 0; i < files.size(); i++) index.put(files.get(i), i);
    }

    long seq(InternalRow r, Layout l) {
      UTF8String p = r.getUTF8String(l.file);
      if (lastPath == null || !lastPath.equals(p)) {
        last = indexOf(p.toString());
        lastPath = p.copy(); // the row's bytes are reused for the next row
      }
      return PredLocator.seq(last, r.getLong(l.row));
    }

    private int indexOf(String f) {
      Integer i = index.get(f);
      if (i != null) return i;
      // paths can differ in form (file:/x vs file:///x): fall back to the name
      for (Map.Entry<String, Integer> e : index.entrySet()) {
        if (sameFile(e.getKey(), f)) return e.getValue();
      }
      throw new IllegalStateException("unlisted input file " + f);
    }

    private static boolean sameFile(String a, String b) {
      return new org.apache.hadoop.fs.Path(a).toUri().getPath().equals(new org.apache.hadoop.fs.Path(b).toUri().getPath());
    }
  }

  static final class ImageRow extends RowReader {
    private static final long serialVersionUID = 1L;
    private final int id;
    private final int width;
    private final int height;
    private final int fileName;

    ImageRow(Layout l) {
      super(l);
      id = l.at("id");
      width = l.at("width");
      height = l.at("height");
      fileName = l.at("file_name");
    }

    @Override
    public EvalRecord call(InternalRow r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.IMAGE);
      e.setImageId(l.integer(r, id, "id"));
      long w = l.integer(r, width, "width");
      long h = l.integer(r, height, "height");
      if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
        throw l.bad(r, w <= 0 ? "width" : "height", "must be a positive integer");
      }
      e.setWidth((int) w);
      e.setHeight((int) h);
      e.setName(l.string(r, fileName));
      return e;
    }
  }

  static final class CategoryRow extends RowReader {
    private static final long serialVersionUID = 1L;
    private final int id;
    private final int name;

    CategoryRow(Layout l) {
      super(l);
      id = l.at("id");
      name = l.at("name");
    }

    @Override
    public EvalRecord call(InternalRow r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.CATEGORY);
      e.setCategoryId(l.integer(r, id, "id"));
      String n = l.string(r, name);
      e.setName(n == null ? "" : n);
      return e;
    }
  }

  static final class AnnotationRow extends RowReader {
    private static final long serialVersionUID = 1L;
    private final FileIndex files;
    private final boolean segm;
    private final int id;
    private final int imageId;
    private final int categoryId;
    private final int bbox;
    private final int area;
    private final int iscrowd;
    private final int ignore;

    AnnotationRow(Layout l, List<String> files, boolean segm) {
      super(l);
      this.files = new FileIndex(files);
      this.segm = segm;
      id = l.at("id");
      imageId = l.at("image_id");
      categoryId = l.at("category_id");
      bbox = l.at("bbox");
      area = l.at("area");
      iscrowd = l.at("iscrowd");
      ignore = l.at("ignore");
    }

    @Override
    public EvalRecord call(InternalRow r) {
      EvalRecord e = new EvalRecord();
      e.setKind(EvalRecord.GT);
      e.setAnnId(l.integer(r, id, "id"));
      e.setImageId(l.integer(r, imageId, "image_id"));
      e.setCategoryId(l.integer(r, categoryId, "category_id"));
      double[] b = ParquetInputs.bbox(l, r, bbox);
      // segm evaluation never reads a ground truth's box (cocoeval.py#computeIoU uses the masks)
      if (b == null && !segm) throw l.bad(r, "bbox", "is missing (null)");
      e.setBbox(b);
      double a = l.number(r, area, "area");
      if (!(a >= 0) || Double.isInfinite(a)) throw l.bad(r, "area", "must be a finite number >= 0, got " + a);
      e.setArea(a);
      e.setCrowd(l.flag(r, iscrowd, "iscrowd"));
      e.setIgnore(l.flag(r, ignore, "ignore"));
      e.setSeq(files.seq(r, l));
      if (segm) {
        Segmentation s = segmentation(l, r);
        if (s == null) {
          throw l.bad(r, "segmentation_polygons",
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

  static final class PredictionRow extends RowReader {
    private static final long serialVersionUID = 1L;
    private final FileIndex files;
    private final boolean segm;
    private final int imageId;
    private final int categoryId;
    private final int bbox;
    private final int score;

    PredictionRow(Layout l, List<String> files, boolean segm) {
      super(l);
      this.files = new FileIndex(files);
      this.segm = segm;
      imageId = l.at("image_id");
      categoryId = l.at("category_id");
      bbox = l.at("bbox");
      score = l.at("score");
    }

    @Override
    public EvalRecord call(InternalRow r) {
      long image = l.integer(r, imageId, "image_id");
      long cat = l.integer(r, categoryId, "category_id");
      double s = l.number(r, score, "score");
      if (Double.isNaN(s)) throw l.bad(r, "score", "NaN is not a valid score");
      if (Double.isInfinite(s)) throw l.bad(r, "score", "must be finite, got " + s);
      if (s < 0) throw l.bad(r, "score", "must be >= 0, got " + s);
      double[] b = ParquetInputs.bbox(l, r, bbox);
      // as loadRes: a segm result may be a box alone (a rectangle mask), a bbox result a mask alone (boxed by it)
      Segmentation m = segm || b == null ? segmentation(l, r) : null;
      if (segm && m == null && b == null) {
        throw l.bad(r, "segmentation_counts",
            "segm evaluation needs segmentation_size + segmentation_counts (or segmentation_polygons, or a bbox)");
      }
      if (!segm && b == null && m == null) throw l.bad(r, "bbox", "is missing (null)");
      return EvalRecord.of(new dev.overlap.core.coco.Detection(image, cat, b, s + 0.0, m, files.seq(r, l)));
    }
  }
}
