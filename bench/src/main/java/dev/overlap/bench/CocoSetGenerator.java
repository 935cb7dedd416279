package dev.overlap.bench;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
import dev.overlap.jobs.io.ParquetTableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a deterministic COCO-style detection set: a ground-truth instances file and results files
 * for bbox and segm evaluation, shaped like the generator behind {@code testdata/reference/coco-small}
 * (and the pycocotools figures): COCO image sizes, COCO's 80 category ids, ~7.3 ground
 * truths and ~51 detections per image, polygon ground truth (7% in two parts), ~1.3% crowd regions
 * as uncompressed RLE, detections that hit, duplicate, confuse or miss objects, per-image cap of 100
 * detections except in rare crowded images, and realistic score ties (~28% of scores with two decimals,
 * ~2.4% exactly 1.0). Segm results carry compressed RLE masks.
 *
 * <p>Every image draws from its own {@link SplittableRandom} stream, derived from the seed and the
 * image index, so the files are identical on every run and are written in one streaming pass each
 * (no image's objects are kept once written): memory stays flat at any size.
 *
 * <p>For the scale suite, {@code --categories N} other than 80 uses ids 1..N with a longer tail (Zipf
 * exponent 1 instead of 0.8: most of an LVIS-like set's classes are rare), and {@code --max-dets-per-image M}
 * above 100 makes 5% of the images dense scenes of M/2 to M detections, each image capped at M (LVIS allows
 * 300). The defaults (80, 100) draw exactly the sets of earlier versions, byte for byte.
 *
 * <pre>
 * java -cp overlap-bench.jar dev.overlap.bench.CocoSetGenerator --images 5000 --seed 1 --out DIR \
 *     [--results bbox,segm] [--format json|jsonl|parquet] [--categories 80] [--max-dets-per-image 100]
 * </pre>
 * writes {@code DIR/instances.json}, {@code DIR/results-bbox.json} (or {@code .jsonl}),
 * {@code DIR/results-segm.json} and {@code DIR/meta-<kind>-<format>.properties} (counts). With
 * {@code --format parquet} (bbox only) it writes the detection job's Parquet layout instead, with the
 * project's own {@link ParquetTableWriter}: {@code DIR/gt/images}, {@code DIR/gt/categories},
 * {@code DIR/gt/annotations} (boxes, areas and crowd flags; no segmentations) and {@code DIR/pred}, each
 * table in files of 100k images, in image order (as a Spark job writes it; file order breaks score ties as
 * the JSON's order does).
 */
public final class CocoSetGenerator {
  /** Bumped whenever the output changes, so cached sets are regenerated. */
  public static final int VERSION = 1;

  /** COCO 2017's category ids (1..90 with gaps). */
  static final long[] CATEGORY_IDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
      25, 27, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
      58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90};

  /** COCO's common image sizes (w, h) and their weights in the validation set, roughly. */
  private static final int[][] SIZES = {{640, 480, 42}, {640, 427, 22}, {480, 640, 8}, {640, 426, 6}, {427, 640, 5},
      {500, 375, 4}, {640, 512, 4}, {612, 612, 3}, {640, 360, 3}, {375, 500, 2}, {333, 500, 1}};

  private static final long STREAM_IMAGE = 1;
  private static final long STREAM_GT = 2;
  private static final long STREAM_DT = 3;

  private final int numImages;
  private final long seed;
  private final long[] categoryIds;
  private final double[] categoryCdf;
  private final int maxDetsPerImage;

  /**
   * @param numImages number of images
   * @param seed the seed; the same seed and size give the same files
   */
  public CocoSetGenerator(int numImages, long seed) {
    this(numImages, seed, CATEGORY_IDS.length, 100);
  }

  /**
   * @param numImages number of images
   * @param seed the seed
   * @param categories 80 for COCO's ids, else ids 1..categories with a longer tail
   * @param maxDetsPerImage a detector's per-image cap (100 as COCO's; above 100 some images are dense)
   */
  public CocoSetGenerator(int numImages, long seed, int categories, int maxDetsPerImage) {
    if (numImages < 1) throw new IllegalArgumentException("--images must be >= 1, got " + numImages);
    if (categories < 1) throw new IllegalArgumentException("--categories must be >= 1, got " + categories);
    if (maxDetsPerImage < 100) {
      throw new IllegalArgumentException("--max-dets-per-image must be >= 100, got " + maxDetsPerImage);
    }
    this.numImages = numImages;
    this.seed = seed;
    this.maxDetsPerImage = maxDetsPerImage;
    boolean coco = categories == CATEGORY_IDS.length;
    categoryIds = new long[categories];
    for (int i = 0; i < categories; i++) categoryIds[i] = coco ? CATEGORY_IDS[i] : i + 1;
    // category popularity: Zipf-like, as COCO's (person far ahead, a long tail); longer for big vocabularies
    double exponent = coco ? 0.8 : 1.0;
    categoryCdf = new double[categories];
    double sum = 0;
    for (int i = 0; i < categories; i++) {
      sum += i == 0 ? 4.0 : 1.0 / Math.pow(i, exponent);
      categoryCdf[i] = sum;
    }
    for (int i = 0; i < categoryCdf.length; i++) categoryCdf[i] /= sum;
  }

  /** Counts of what was written. */
  public record Counts(long images, long groundTruths, long crowd, long detections) {}

  /** An image: id and size. */
  record ImageSpec(long id, int width, int height) {}

  /**
   * A ground-truth object. Coordinates are exact multiples of 0.01 (written with two decimals), so
   * the doubles here are the doubles a reader parses.
   */
  record GtObject(int category, double[][] polygons, double[] bbox, double area, boolean crowd, int[] rleCounts) {}

  /** A detection; {@code outline} is the polygon its segm mask is rasterised from (drawn for bbox sets too, so
   * that bbox and segm results hold the same boxes and scores). */
  record DtObject(int category, double[] bbox, double score, double[] outline) {}

  ImageSpec image(int i) {
    SplittableRandom r = rng(i, STREAM_IMAGE);
    // sparse, increasing ids as COCO's
    long id = 4L * i + 1 + r.nextInt(4);
    int pick = r.nextInt(100);
    int[] size = SIZES[0];
    for (int[] s : SIZES) {
      if (pick < s[2]) {
        size = s;
        break;
      }
      pick -= s[2];
    }
    return new ImageSpec(id, size[0], size[1]);
  }

  List<GtObject> groundTruth(int i, ImageSpec im) {
    SplittableRandom r = rng(i, STREAM_GT);
    List<GtObject> out = new ArrayList<>();
    if (r.nextDouble() < 0.02) return out; // some images have no ground truth
    // over-dispersed count: Poisson with a Gamma(2) mean of 7.3
    double lambda = 7.3 / 2 * (exponential(r) + exponential(r));
    int n = Math.min(60, Math.max(1, poisson(r, lambda)));
    int distinct = Math.min(n, 1 + poisson(r, 2.0));
    int[] cats = new int[distinct];
    for (int c = 0; c < distinct; c++) cats[c] = popularCategory(r);
    for (int j = 0; j < n; j++) {
      // every chosen category appears; further objects favour the first (the image's main subject)
      int category = j < distinct ? cats[j] : cats[r.nextDouble() < 0.25 ? 0 : r.nextInt(distinct)];
      if (r.nextDouble() < 0.013) {
        GtObject crowd = crowdObject(r, im, category);
        if (crowd != null) {
          out.add(crowd);
          continue;
        }
      }
      out.add(polygonObject(r, im, category));
    }
    return out;
  }

  private GtObject polygonObject(SplittableRandom r, ImageSpec im, int category) {
    double[] box = randomBox(r, im, 8, 0.8);
    double[] main = star(r, box[0] + box[2] / 2, box[1] + box[3] / 2, box[2] / 2, box[3] / 2, 5 + r.nextInt(12), im);
    double[][] parts;
    if (r.nextDouble() < 0.07) {
      double ox = box[0] + box[2] * (r.nextBoolean() ? 0.05 : 0.95);
      double oy = box[1] + box[3] * (r.nextBoolean() ? 0.05 : 0.95);
      parts = new double[][] {main, star(r, ox, oy, box[2] * 0.15 + 1, box[3] * 0.15 + 1, 4 + r.nextInt(5), im)};
    } else {
      parts = new double[][] {main};
    }
    double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    double area = 0;
    for (double[] p : parts) {
      for (int k = 0; k < p.length; k += 2) {
        minX = Math.min(minX, p[k]);
        maxX = Math.max(maxX, p[k]);
        minY = Math.min(minY, p[k + 1]);
        maxY = Math.max(maxY, p[k + 1]);
      }
      area += shoelace(p);
    }
    double[] bbox = {minX, minY, round2(maxX - minX), round2(maxY - minY)};
    return new GtObject(category, parts, bbox, area, false, null);
  }

  private GtObject crowdObject(SplittableRandom r, ImageSpec im, int category) {
    double[] box = randomBox(r, im, 40, 0.9);
    double[] outline = star(r, box[0] + box[2] / 2, box[1] + box[3] / 2, box[2] / 2, box[3] / 2, 12, im);
    Rle rle = Polygons.toRle(outline, outline.length / 2, im.height(), im.width());
    if (rle.area() == 0) return null;
    double[] bbox = new double[4];
    Masks.toBbox(rle, bbox, 0);
    return new GtObject(category, null, bbox, rle.area(), true, rle.counts());
  }

  List<DtObject> detections(int i, ImageSpec im, List<GtObject> gts) {
    SplittableRandom r = rng(i, STREAM_DT);
    List<DtObject> out = new ArrayList<>();
    boolean crowded = r.nextDouble() < 0.005;
    for (GtObject g : gts) {
      double[] gb = g.bbox();
      double[] outline = g.crowd() ? null : g.polygons()[0];
      if (g.crowd()) {
        // detections inside a crowd region: pycocotools ignores them
        int k = r.nextInt(6);
        for (int j = 0; j < k; j++) {
          double[] b = randomBoxIn(r, gb, im);
          out.add(new DtObject(g.category(), b, score(r, r.nextDouble()), boxStar(r, b, im)));
        }
        continue;
      }
      if (r.nextDouble() < 0.8) {
        double[] b = jitter(r, gb, 0.07, im);
        out.add(new DtObject(g.category(), b, score(r, clamp01(0.75 + 0.15 * gaussian(r))), moved(r, outline, gb, b, 0.03)));
      }
      int dups = poisson(r, 0.9);
      for (int j = 0; j < dups; j++) {
        double[] b = jitter(r, gb, 0.25, im);
        out.add(new DtObject(g.category(), b, score(r, 0.6 * r.nextDouble()), moved(r, outline, gb, b, 0.08)));
      }
      if (r.nextDouble() < 0.1) {
        double[] b = jitter(r, gb, 0.1, im);
        out.add(new DtObject(popularCategory(r), b, score(r, 0.5 * r.nextDouble()), moved(r, outline, gb, b, 0.05)));
      }
    }
    int present = gts.isEmpty() ? -1 : gts.get(0).category();
    int background = crowded ? 150 + r.nextInt(70) : poisson(r, 38);
    // a dense scene (only drawn when the cap allows one, so that capped-at-100 sets stay as they were)
    if (!crowded && maxDetsPerImage > 100 && r.nextDouble() < 0.05) {
      background = maxDetsPerImage / 2 + r.nextInt(maxDetsPerImage - maxDetsPerImage / 2 + 1);
    }
    int crowdedCategory = present >= 0 ? present : popularCategory(r);
    for (int j = 0; j < background; j++) {
      int category;
      if (crowded) category = crowdedCategory;
      else if (present >= 0 && r.nextDouble() < 0.6) category = gts.get(r.nextInt(gts.size())).category();
      else category = popularCategory(r);
      double[] b = randomBox(r, im, 4, 0.6);
      double u = r.nextDouble();
      out.add(new DtObject(category, b, score(r, 0.6 * u * u), boxStar(r, b, im)));
    }
    if (!crowded && out.size() > maxDetsPerImage) {
      // a detector's per-image cap: keep the best (stable, so ties keep generation order)
      out.sort((a, b) -> Double.compare(b.score(), a.score()));
      out = new ArrayList<>(out.subList(0, maxDetsPerImage));
    }
    // detectors emit in no particular order within an image; file order breaks pycocotools' score ties
    for (int j = out.size() - 1; j > 0; j--) {
      int k = r.nextInt(j + 1);
      DtObject t = out.get(j);
      out.set(j, out.get(k));
      out.set(k, t);
    }
    return out;
  }

  /**
   * One generated image as core records, for kernel benchmarks: the ground truth with its
   * segmentations (polygons, crowd RLE) and the detections with their RLE masks, as the readers
   * would produce them from the written files.
   */
  public record ImageSample(Image image, List<GtAnnotation> groundTruth, List<Detection> detections) {}

  /** Image {@code i} of the set as core records (see {@link ImageSample}). */
  public ImageSample sample(int i) {
    ImageSpec im = image(i);
    List<GtObject> gts = groundTruth(i, im);
    List<GtAnnotation> g = new ArrayList<>(gts.size());
    for (int j = 0; j < gts.size(); j++) {
      GtObject o = gts.get(j);
      Segmentation seg = o.crowd() ? Segmentation.ofRle(im.height(), im.width(), o.rleCounts())
          : Segmentation.ofPolygons(o.polygons());
      g.add(new GtAnnotation(j + 1, im.id(), categoryIds[o.category()], o.bbox(), o.area(), o.crowd(), seg, j));
    }
    List<DtObject> dts = detections(i, im, gts);
    List<Detection> d = new ArrayList<>(dts.size());
    for (int j = 0; j < dts.size(); j++) {
      DtObject o = dts.get(j);
      Rle m = Polygons.toRle(o.outline(), o.outline().length / 2, im.height(), im.width());
      d.add(new Detection(im.id(), categoryIds[o.category()], o.bbox(), o.score(),
          Segmentation.ofRle(im.height(), im.width(), m.counts()), j));
    }
    return new ImageSample(new Image(im.id(), null, im.width(), im.height()), g, d);
  }

  /** The category ids of every generated set, sorted. */
  public static long[] categoryIds() {
    return CATEGORY_IDS.clone();
  }

  /** Writes the ground truth file; returns its counts (detections 0). */
  public Counts writeGroundTruth(Path file) {
    long annId = 0;
    long crowd = 0;
    try (JsonOut o = new JsonOut(file)) {
      o.raw("{\"info\":{\"description\":\"Overlap benchmark set (CocoSetGenerator v").num(VERSION).raw(", seed ")
          .num(seed).raw(")\",\"version\":\"1.0\",\"year\":2026},\"licenses\":[{\"id\":1,\"name\":\"synthetic\",\"url\":\"\"}],");
      o.raw("\"images\":[");
      for (int i = 0; i < numImages; i++) {
        ImageSpec im = image(i);
        if (i > 0) o.ch(',');
        o.raw("\n{\"id\":").num(im.id()).raw(",\"width\":").num(im.width()).raw(",\"height\":").num(im.height())
            .raw(",\"file_name\":\"").raw(String.format(Locale.ROOT, "%012d.jpg", im.id())).raw("\",\"license\":1}");
      }
      o.raw("],\n\"annotations\":[");
      for (int i = 0; i < numImages; i++) {
        ImageSpec im = image(i);
        for (GtObject g : groundTruth(i, im)) {
          if (annId > 0) o.ch(',');
          o.raw("\n{\"id\":").num(++annId).raw(",\"image_id\":").num(im.id()).raw(",\"category_id\":")
              .num(categoryIds[g.category()]).raw(",\"segmentation\":");
          if (g.crowd()) {
            crowd++;
            o.raw("{\"counts\":[");
            int[] c = g.rleCounts();
            for (int k = 0; k < c.length; k++) {
              if (k > 0) o.ch(',');
              o.num(c[k]);
            }
            o.raw("],\"size\":[").num(im.height()).ch(',').num(im.width()).raw("]}");
          } else {
            o.ch('[');
            for (int p = 0; p < g.polygons().length; p++) {
              if (p > 0) o.ch(',');
              coords(o, g.polygons()[p]);
            }
            o.ch(']');
          }
          o.raw(",\"area\":").dbl(g.area()).raw(",\"bbox\":");
          coords(o, g.bbox());
          o.raw(",\"iscrowd\":").num(g.crowd() ? 1 : 0).ch('}');
        }
      }
      o.raw("],\n\"categories\":[");
      for (int k = 0; k < categoryIds.length; k++) {
        if (k > 0) o.ch(',');
        o.raw("\n{\"id\":").num(categoryIds[k]).raw(",\"name\":\"class_").num(categoryIds[k])
            .raw("\",\"supercategory\":\"synthetic\"}");
      }
      o.raw("]}\n");
    }
    return new Counts(numImages, annId, crowd, 0);
  }

  /**
   * Writes the results file.
   *
   * @param segm write a compressed RLE {@code segmentation} with every result
   * @param jsonLines one result object per line instead of one JSON array
   */
  public Counts writeResults(Path file, boolean segm, boolean jsonLines) {
    long n = 0;
    long gtCount = 0;
    try (JsonOut o = new JsonOut(file)) {
      if (!jsonLines) o.ch('[');
      for (int i = 0; i < numImages; i++) {
        ImageSpec im = image(i);
        List<GtObject> gts = groundTruth(i, im);
        gtCount += gts.size();
        for (DtObject d : detections(i, im, gts)) {
          if (!jsonLines && n > 0) o.ch(',');
          n++;
          o.raw("{\"image_id\":").num(im.id()).raw(",\"category_id\":").num(categoryIds[d.category()])
              .raw(",\"bbox\":");
          coords(o, d.bbox());
          o.raw(",\"score\":").dbl(d.score());
          if (segm) {
            double[] outline = d.outline();
            Rle m = Polygons.toRle(outline, outline.length / 2, im.height(), im.width());
            o.raw(",\"segmentation\":{\"size\":[").num(im.height()).ch(',').num(im.width()).raw("],\"counts\":\"");
            // the counts alphabet is '0'..'o' plus nothing that needs escaping except '\\'
            String c = m.toCompressed();
            for (int k = 0; k < c.length(); k++) {
              char ch = c.charAt(k);
              if (ch == '\\') o.ch('\\');
              o.ch(ch);
            }
            o.raw("\"}");
          }
          o.ch('}').ch('\n');
        }
      }
      if (!jsonLines) o.raw("]\n");
    }
    return new Counts(numImages, gtCount, -1, n);
  }

  private static final StructType PQ_IMAGES = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("width", DataTypes.IntegerType, false),
      DataTypes.createStructField("height", DataTypes.IntegerType, false),
      DataTypes.createStructField("file_name", DataTypes.StringType, false)});
  private static final StructType PQ_CATEGORIES = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("name", DataTypes.StringType, false)});
  private static final StructType PQ_ANNOTATIONS = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("bbox", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
      DataTypes.createStructField("area", DataTypes.DoubleType, false),
      DataTypes.createStructField("iscrowd", DataTypes.IntegerType, false)});
  private static final StructType PQ_RESULTS = new StructType(new StructField[] {
      DataTypes.createStructField("image_id", DataTypes.LongType, false),
      DataTypes.createStructField("category_id", DataTypes.LongType, false),
      DataTypes.createStructField("bbox", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false)});
  /** Images per results file: a folder of files, in image order, as a sharded detector writes them. */
  private static final int PQ_IMAGES_PER_PART = 100_000;

  /**
   * Writes the set in the detection job's Parquet layout (see the class documentation): the same
   * images, boxes, areas, crowd flags, scores and order as the JSON files, as the doubles a JSON
   * reader parses from them (coordinates are multiples of 0.01, scores round-trip).
   *
   * @return the counts (ground truths and detections)
   */
  public Counts writeParquet(Path dir) {
    Configuration conf = new Configuration();
    ParquetTableWriter.Format format = new ParquetTableWriter.Format("snappy", "INT96",
        org.apache.spark.package$.MODULE$.SPARK_VERSION());
    String gt = dir.resolve("gt").toString();
    // every table in parts of PQ_IMAGES_PER_PART images, in image order, as a Spark job writes them
    List<ParquetTableWriter.Rows> imageParts = new ArrayList<>();
    for (int from = 0; from < numImages; from += PQ_IMAGES_PER_PART) {
      int lo = from;
      int hi = Math.min(numImages, from + PQ_IMAGES_PER_PART);
      imageParts.add(row -> {
        for (int i = lo; i < hi; i++) {
          ImageSpec im = image(i);
          row.setLong(0, im.id()).setInt(1, im.width()).setInt(2, im.height())
              .setString(3, String.format(Locale.ROOT, "%012d.jpg", im.id())).end();
        }
      });
    }
    ParquetTableWriter.replace(conf, gt + "/images", PQ_IMAGES, format, imageParts);
    ParquetTableWriter.replace(conf, gt + "/categories", PQ_CATEGORIES, format, row -> {
      for (long id : categoryIds) row.setLong(0, id).setString(1, "class_" + id).end();
    });
    // parts are written in parallel: each starts from the annotation id the JSON file gives its first image
    int numParts = (numImages + PQ_IMAGES_PER_PART - 1) / PQ_IMAGES_PER_PART;
    long[] firstAnnId = new long[numParts + 1];
    for (int i = 0; i < numImages; i++) firstAnnId[i / PQ_IMAGES_PER_PART + 1] += groundTruth(i, image(i)).size();
    for (int k = 1; k <= numParts; k++) firstAnnId[k] += firstAnnId[k - 1];
    long[] crowdPerPart = new long[numParts];
    List<ParquetTableWriter.Rows> annParts = new ArrayList<>();
    for (int k = 0; k < numParts; k++) {
      int part = k;
      annParts.add(row -> {
        long annId = firstAnnId[part];
        for (int i = part * PQ_IMAGES_PER_PART; i < Math.min(numImages, (part + 1) * PQ_IMAGES_PER_PART); i++) {
          ImageSpec im = image(i);
          for (GtObject g : groundTruth(i, im)) {
            if (g.crowd()) crowdPerPart[part]++;
            row.setLong(0, ++annId).setLong(1, im.id()).setLong(2, categoryIds[g.category()])
                .setDoubles(3, hundredths(g.bbox())).setDouble(4, g.area()).setInt(5, g.crowd() ? 1 : 0).end();
          }
        }
      });
    }
    long gts = ParquetTableWriter.replace(conf, gt + "/annotations", PQ_ANNOTATIONS, format, annParts);
    long crowd = 0;
    for (long c : crowdPerPart) crowd += c;
    List<ParquetTableWriter.Rows> parts = new ArrayList<>();
    for (int from = 0; from < numImages; from += PQ_IMAGES_PER_PART) {
      int lo = from;
      int hi = Math.min(numImages, from + PQ_IMAGES_PER_PART);
      parts.add(row -> {
        for (int i = lo; i < hi; i++) {
          ImageSpec im = image(i);
          for (DtObject d : detections(i, im, groundTruth(i, im))) {
            row.setLong(0, im.id()).setLong(1, categoryIds[d.category()]).setDoubles(2, hundredths(d.bbox()))
                .setDouble(3, d.score()).end();
          }
        }
      });
    }
    long dets = ParquetTableWriter.replace(conf, dir.resolve("pred").toString(), PQ_RESULTS, format, parts);
    return new Counts(numImages, gts, crowd, dets);
  }

  /** The doubles a JSON reader parses from {@link #coords}' two-decimal text. */
  private static double[] hundredths(double[] xy) {
    double[] v = new double[xy.length];
    for (int k = 0; k < xy.length; k++) v[k] = Math.round(xy[k] * 100) / 100.0;
    return v;
  }

  private static void coords(JsonOut o, double[] xy) {
    o.ch('[');
    for (int k = 0; k < xy.length; k++) {
      if (k > 0) o.ch(',');
      o.hundredths(Math.round(xy[k] * 100));
    }
    o.ch(']');
  }

  // ---- geometry (all coordinates rounded to 0.01 and kept inside the image) ----

  /** A box with sqrt(area) log-uniform in [minSide, maxFrac * min(w, h)] and aspect log-uniform in [1/3, 3]. */
  private static double[] randomBox(SplittableRandom r, ImageSpec im, double minSide, double maxFrac) {
    double hi = Math.max(minSide + 1, maxFrac * Math.min(im.width(), im.height()));
    double s = Math.exp(Math.log(minSide) + r.nextDouble() * (Math.log(hi) - Math.log(minSide)));
    double a = Math.exp((r.nextDouble() * 2 - 1) * Math.log(3));
    double w = Math.max(1, Math.min(im.width() - 1, s * Math.sqrt(a)));
    double h = Math.max(1, Math.min(im.height() - 1, s / Math.sqrt(a)));
    double x = r.nextDouble() * (im.width() - w);
    double y = r.nextDouble() * (im.height() - h);
    return clip(x, y, w, h, im);
  }

  private static double[] randomBoxIn(SplittableRandom r, double[] outer, ImageSpec im) {
    double w = outer[2] * (0.1 + 0.3 * r.nextDouble());
    double h = outer[3] * (0.1 + 0.3 * r.nextDouble());
    return clip(outer[0] + r.nextDouble() * (outer[2] - w), outer[1] + r.nextDouble() * (outer[3] - h), w, h, im);
  }

  /** A detection of a box: centre moved by N(0, sigma * size), sides scaled by exp(N(0, sigma)). */
  private static double[] jitter(SplittableRandom r, double[] b, double sigma, ImageSpec im) {
    double w = b[2] * Math.exp(sigma * gaussian(r));
    double h = b[3] * Math.exp(sigma * gaussian(r));
    double cx = b[0] + b[2] / 2 + sigma * b[2] * gaussian(r);
    double cy = b[1] + b[3] / 2 + sigma * b[3] * gaussian(r);
    return clip(cx - w / 2, cy - h / 2, w, h, im);
  }

  private static double[] clip(double x, double y, double w, double h, ImageSpec im) {
    double x0 = round2(Math.max(0, Math.min(im.width() - 0.5, x)));
    double y0 = round2(Math.max(0, Math.min(im.height() - 0.5, y)));
    double x1 = round2(Math.max(x0 + 0.01, Math.min(im.width(), x + w)));
    double y1 = round2(Math.max(y0 + 0.01, Math.min(im.height(), y + h)));
    return new double[] {x0, y0, round2(x1 - x0), round2(y1 - y0)};
  }

  /** A star-shaped polygon of k points in the ellipse (cx, cy, rx, ry), clipped to the image. */
  private static double[] star(SplittableRandom r, double cx, double cy, double rx, double ry, int k, ImageSpec im) {
    double[] xy = new double[2 * k];
    for (int j = 0; j < k; j++) {
      double theta = 2 * Math.PI * (j + 0.8 * r.nextDouble()) / k;
      double rho = 0.55 + 0.45 * r.nextDouble();
      xy[2 * j] = round2(Math.max(0, Math.min(im.width(), cx + rho * rx * Math.cos(theta))));
      xy[2 * j + 1] = round2(Math.max(0, Math.min(im.height(), cy + rho * ry * Math.sin(theta))));
    }
    return xy;
  }

  private static double[] boxStar(SplittableRandom r, double[] b, ImageSpec im) {
    return star(r, b[0] + b[2] / 2, b[1] + b[3] / 2, b[2] / 2, b[3] / 2, 6 + r.nextInt(6), im);
  }

  /** The ground-truth outline mapped from box {@code from} to box {@code to}, each vertex moved by noise. */
  private static double[] moved(SplittableRandom r, double[] outline, double[] from, double[] to, double noise) {
    double[] xy = new double[outline.length];
    double sx = to[2] / Math.max(from[2], 0.01);
    double sy = to[3] / Math.max(from[3], 0.01);
    for (int j = 0; j < outline.length; j += 2) {
      xy[j] = to[0] + (outline[j] - from[0]) * sx + noise * to[2] * gaussian(r);
      xy[j + 1] = to[1] + (outline[j + 1] - from[1]) * sy + noise * to[3] * gaussian(r);
    }
    return xy;
  }

  private static double shoelace(double[] p) {
    double s = 0;
    int k = p.length / 2;
    for (int j = 0; j < k; j++) {
      int n = (j + 1) % k;
      s += p[2 * j] * p[2 * n + 1] - p[2 * n] * p[2 * j + 1];
    }
    return Math.abs(s) / 2;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  // ---- distributions ----

  /** Score ties as detectors produce them: two-decimal scores and exact 1.0 appear often. */
  private static double score(SplittableRandom r, double p) {
    double u = r.nextDouble();
    if (u < 0.024) return 1.0;
    if (u < 0.304) return Math.round(p * 100) / 100.0;
    return p;
  }

  private int popularCategory(SplittableRandom r) {
    int k = Arrays.binarySearch(categoryCdf, r.nextDouble());
    return Math.min(categoryIds.length - 1, k >= 0 ? k : -k - 1);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double exponential(SplittableRandom r) {
    return -Math.log(1 - r.nextDouble());
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(r)));
    double l = Math.exp(-lambda);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  private SplittableRandom rng(int image, long stream) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + image * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL);
  }

  /** Command line: see the class documentation. */
  public static void main(String[] args) throws Exception {
    Cli cli = Cli.parse(args, "images", "seed", "out", "results", "format", "categories", "max-dets-per-image");
    int images = cli.intValue("images", -1);
    long seed = cli.longValue("seed", 1);
    Path out = Path.of(cli.required("out"));
    String format = cli.value("format", "json");
    if (!format.equals("json") && !format.equals("jsonl") && !format.equals("parquet")) {
      throw new IllegalArgumentException("--format must be json, jsonl or parquet, got " + format);
    }
    CocoSetGenerator gen = new CocoSetGenerator(images, seed, cli.intValue("categories", CATEGORY_IDS.length),
        cli.intValue("max-dets-per-image", 100));
    Files.createDirectories(out);
    if (format.equals("parquet")) {
      if (!cli.value("results", "bbox").equals("bbox")) {
        throw new IllegalArgumentException("--format parquet writes bbox results only, got --results "
            + cli.value("results", "bbox"));
      }
      long t0 = System.nanoTime();
      Counts c = gen.writeParquet(out);
      long bytes = 0;
      try (java.util.stream.Stream<Path> files = Files.walk(out)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(f) && f.toString().endsWith(".parquet")) bytes += Files.size(f);
        }
      }
      // written last: its presence says the set is complete
      Files.writeString(out.resolve("meta-bbox-parquet.properties"), String.format(Locale.ROOT,
          "generator=CocoSetGenerator v%d%nseed=%d%nimages=%d%nground_truths=%d%ndetections=%d%nbytes=%d%n", VERSION,
          seed, c.images(), c.groundTruths(), c.detections(), bytes));
      System.err.printf(Locale.ROOT, "wrote %s/gt and %s/pred: %d images, %d ground truths (%d crowd), %d detections,"
          + " %d bytes in %.1f s%n", out, out, c.images(), c.groundTruths(), c.crowd(), c.detections(), bytes,
          (System.nanoTime() - t0) / 1e9);
      return;
    }
    Path gtFile = out.resolve("instances.json");
    if (!Files.exists(gtFile)) {
      long t0 = System.nanoTime();
      Path tmp = out.resolve("instances.json.tmp");
      Counts gt = gen.writeGroundTruth(tmp);
      Files.move(tmp, gtFile, StandardCopyOption.REPLACE_EXISTING);
      System.err.printf(Locale.ROOT, "wrote %s: %d images, %d ground truths (%d crowd) in %.1f s%n", gtFile, gt.images(),
          gt.groundTruths(), gt.crowd(), (System.nanoTime() - t0) / 1e9);
    }
    for (String kind : cli.value("results", "bbox").split(",")) {
      if (!kind.equals("bbox") && !kind.equals("segm")) {
        throw new IllegalArgumentException("--results takes bbox and/or segm, got " + kind);
      }
      Path file = out.resolve("results-" + kind + "." + format);
      long t0 = System.nanoTime();
      Path tmp = out.resolve(file.getFileName() + ".tmp");
      Counts c = gen.writeResults(tmp, kind.equals("segm"), format.equals("jsonl"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(out.resolve("meta-" + kind + "-" + format + ".properties"), String.format(Locale.ROOT,
          "generator=CocoSetGenerator v%d%nseed=%d%nimages=%d%nground_truths=%d%ndetections=%d%nbytes=%d%n", VERSION,
          seed, c.images(), c.groundTruths(), c.detections(), Files.size(file)));
      System.err.printf(Locale.ROOT, "wrote %s: %d detections (%d ground truths) in %.1f s%n", file, c.detections(),
          c.groundTruths(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
