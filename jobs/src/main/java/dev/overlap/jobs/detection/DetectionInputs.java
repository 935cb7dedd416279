package dev.overlap.jobs.detection;

import static org.apache.spark.sql.functions.col;

import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.ArrayCutter;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.CocoResultsReader;
import dev.overlap.core.io.ImageIds;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.HadoopFiles.InputFile;
import dev.overlap.jobs.io.LazyIterator;
import dev.overlap.jobs.io.LineSplitReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads ground truth and predictions into {@link EvalRecord}s: COCO JSON streamed record by record in
 * a task (never a DOM, never on the driver), JSON Lines split into byte ranges read in parallel,
 * Parquet through Spark's reader ({@link ParquetInputs}).
 */
public final class DetectionInputs {
  private DetectionInputs() {}

  /** bev / 3d read box3d from JSON (array or JSON Lines); the Parquet layout has no box3d column. */
  private static void box3dNeedsJson(DetectionConfig cfg) {
    if (cfg.params().iouType().isBox3d()) {
      throw new dev.overlap.jobs.cli.UsageException("--iou-type " + cfg.params().iouType().label() + " reads box3d from"
          + " JSON or JSON Lines inputs; Parquet inputs have no box3d column");
    }
  }

  /** Predictions, how to name their records in errors, and their size in JSON bytes (Parquet scaled up). */
  public record Predictions(JavaRDD<EvalRecord> records, PredLocator locator, long files, long bytes) {}

  /**
   * The ground truth: categories (on the driver), images + annotations (distributed), size in JSON bytes;
   * {@code scan} reads images and annotations without masks and with string image ids collected
   * ({@link GroundTruthScan}); {@code withImageIds} reads them again with string image ids mapped to keys.
   * {@code numericImageIds}: the image ids are numbers (Parquet), or the first one is (JSON; a string among
   * them later is refused as it is read).
   */
  public record GroundTruth(List<EvalRecord> categories, JavaRDD<EvalRecord> records, long bytes,
      JavaRDD<EvalRecord> scan, java.util.function.Function<Broadcast<ImageIds>, JavaRDD<EvalRecord>> withImageIds,
      boolean numericImageIds) {

    /** A ground truth with numeric image ids only, scanned as read. */
    public GroundTruth(List<EvalRecord> categories, JavaRDD<EvalRecord> records, long bytes) {
      this(categories, records, bytes, records, ids -> records, true);
    }
  }

  /**
   * The ground truth. From JSON: a quick driver pass reads only the categories (images and
   * annotations are skipped unparsed); one task then streams images and annotations.
   */
  public static GroundTruth groundTruth(SparkSession spark, DetectionConfig cfg, HadoopConf conf) {
    String format = cfg.gtFormat();
    List<InputFile> files = HadoopFiles.list(conf.get(), cfg.gt(), "--gt");
    if (format.equals("auto")) format = files.size() > 0 && files.get(0).path().endsWith(".parquet") ? "parquet" : "json";
    boolean segm = cfg.params().iouType().usesMasks();
    boolean keypoints = cfg.params().iouType() == IouType.KEYPOINTS;
    boolean lvis = cfg.lvis();
    if (format.equals("parquet") && (keypoints || lvis)) {
      throw new InvalidInputException(cfg.gt(), null, null, "is Parquet; " + (lvis ? "--protocol lvis" : "--iou-type keypoints")
          + " reads a COCO / LVIS JSON ground truth");
    }
    if (format.equals("parquet")) {
      box3dNeedsJson(cfg);
      boolean skip = cfg.run().skipBadInput();
      List<EvalRecord> cats = new ArrayList<>();
      List<EvalRecord> rejected = new ArrayList<>();
      for (EvalRecord r : ParquetInputs.categories(spark, cfg.gt(), skip).collect()) {
        (r.getKind() == EvalRecord.REJECT ? rejected : cats).add(r);
      }
      // a rejected category row travels with the images and annotations, to the rejects table
      JavaRDD<EvalRecord> records = ParquetInputs.imagesAndAnnotations(spark, cfg.gt(), segm, skip);
      if (!rejected.isEmpty()) {
        records = records.union(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rejected, 1));
      }
      JavaRDD<EvalRecord> all = records;
      JavaRDD<EvalRecord> scan = segm ? ParquetInputs.imagesAndAnnotations(spark, cfg.gt(), false, skip) : records;
      return new GroundTruth(cats, records, PARQUET_TO_JSON_BYTES * totalBytes(files), scan, ids -> all, true);
    }
    if (files.size() != 1) {
      throw new InvalidInputException(cfg.gt(), null, null, "expected one COCO instances JSON file, found " + files.size()
          + " files (a Parquet ground truth needs --gt-format parquet)");
    }
    String path = files.get(0).path();
    List<EvalRecord> cats = new ArrayList<>();
    // one pass on the driver: the categories, and where images and annotations can be cut for parallel reading
    long piece = pieceBytes(files.get(0).length(), cfg.splitBytes(), spark.sparkContext().defaultParallelism());
    boolean cut = !HadoopFiles.compressed(conf.get(), path) && files.get(0).length() > piece;
    List<CocoGroundTruthReader.Split> cuts = null;
    boolean clean = true;
    InputStream gtIn = HadoopFiles.open(conf.get(), path);
    try (CocoGroundTruthReader r = withFields(cut ? CocoGroundTruthReader.indexing(gtIn, cfg.gt(), piece)
        : CocoGroundTruthReader.categoriesOnly(gtIn, cfg.gt()), keypoints, lvis)) {
      long n = 0;
      while (true) {
        CocoRecord c;
        try {
          c = r.next();
        } catch (InvalidInputException e) {
          if (!cfg.run().skipBadInput()) throw e;
          clean = false; // the whole-file task below reports it as a reject
          continue;
        }
        if (c == null) break;
        cats.add(EvalRecord.of((Category) c, n++));
      }
      if (cut) cuts = r.splits();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<GtSplit> splits = new ArrayList<>();
    if (cuts != null && clean && cuts.size() > 1) {
      for (int k = 0; k < cuts.size(); k++) {
        CocoGroundTruthReader.Split c = cuts.get(k);
        boolean sameSection = k + 1 < cuts.size() && cuts.get(k + 1).section().equals(c.section());
        splits.add(new GtSplit(path, c, sameSection ? cuts.get(k + 1).offset() : Long.MAX_VALUE));
      }
    } else {
      // read whole by one task, which reports what is wrong in the file (the categories included)
      splits.add(new GtSplit(path, null, Long.MAX_VALUE));
    }
    boolean skip = cfg.run().skipBadInput();
    boolean box3d = cfg.params().iouType().isBox3d();
    // numeric ids known from the first image: a string among them is refused as it is read (ImageIds.NUMBERS)
    boolean numeric;
    try (InputStream head = HadoopFiles.open(conf.get(), path)) {
      numeric = CocoGroundTruthReader.firstImageIdIsNumber(head);
    } catch (IOException e) {
      numeric = false; // the full read reports what is wrong
    }
    JavaRDD<EvalRecord> records = jsc.parallelize(splits, splits.size())
        .mapPartitions(new ReadGroundTruth(conf, cfg.gt(), segm, skip).readBox3d(box3d).fields(keypoints, lvis)
            .numbersFirst(numeric));
    JavaRDD<EvalRecord> scan = jsc.parallelize(splits, splits.size())
        .mapPartitions(new ReadGroundTruth(conf, cfg.gt(), false, skip).readBox3d(box3d).fields(keypoints, lvis)
            .withImageIds(null, true).attributes(cfg.slices().attributes() == null && cfg.slices().enabled()
                ? cfg.slices().fields() : null));
    return new GroundTruth(cats, records, totalBytes(files), scan, ids -> ids == null ? records
        : jsc.parallelize(splits, splits.size()).mapPartitions(new ReadGroundTruth(conf, cfg.gt(), segm, skip).readBox3d(box3d).fields(keypoints, lvis)
            .withImageIds(ids, false)), numeric);
  }

  /** Below this, a file is not cut for the cores' sake: a task's start costs more than it would save. */
  static final long MIN_PIECE_BYTES = 8L << 20;

  /**
   * The size of the pieces a JSON file of {@code length} bytes is read in: at most {@code splitBytes} (--split-mb),
   * and as many equal pieces as a multiple of the cores, so that a 97 MB results file is read as two halves by
   * two cores rather than as 64 + 33 MB (measured: a 20k-image set's ground truth of 44 MB was read by one task
   * while the other core waited). Files under 2 x {@link #MIN_PIECE_BYTES} stay whole unless --split-mb cuts them.
   */
  static long pieceBytes(long length, long splitBytes, int cores) {
    long pieces = Math.max((length + splitBytes - 1) / splitBytes, Math.min(cores, length / MIN_PIECE_BYTES));
    if (pieces <= 1) return Math.max(1, Math.min(length, splitBytes));
    if (cores > 1) pieces = (pieces + cores - 1) / cores * cores;
    return (length + pieces - 1) / pieces;
  }

  /** A ground-truth reader that also reads the keypoint and / or LVIS fields. */
  static CocoGroundTruthReader withFields(CocoGroundTruthReader r, boolean keypoints, boolean lvis) {
    if (keypoints) r.withKeypoints();
    if (lvis) r.withLvis();
    return r;
  }

  /**
   * Whether the first result of the predictions carries a {@code bbox}: pycocotools' loadRes then sizes every
   * keypoint result by its box, otherwise by the extent of its keypoints. Reads the first file's first
   * result that parses (a rejected record is not a result).
   */
  static boolean firstResultHasBox(HadoopConf conf, DetectionConfig cfg) {
    List<InputFile> files = HadoopFiles.list(conf.get(), cfg.pred(), "--pred");
    boolean jsonLines = cfg.predFormat().equals("jsonl");
    if (files.isEmpty()) return false;
    String path = files.get(0).path();
    String display = HadoopFiles.display(path);
    boolean array = !jsonLines && HadoopFiles.firstByte(conf.get(), path) == '[';
    if (array) {
      try (CocoResultsReader r = new CocoResultsReader(HadoopFiles.open(conf.get(), path), display, false).withKeypoints()) {
        for (int tries = 0; tries < 1000; tries++) {
          try {
            Detection d = r.next();
            return d != null && d.bbox() != null;
          } catch (InvalidInputException e) {
            // the readers report it; look at the next record
          }
        }
      }
      return false;
    }
    try (LineSplitReader lines = new LineSplitReader(HadoopFiles.open(conf.get(), path), 0, Long.MAX_VALUE)) {
      for (int tries = 0; tries < 1000 && lines.next(); ) {
        if (ReadPredictions.blank(lines.line(), lines.lineLength())) continue;
        tries++;
        try {
          Detection d = CocoResultsReader.parseLine(lines.line(), 0, lines.lineLength(), display, 1, 0, false, true);
          return d.bbox() != null;
        } catch (InvalidInputException e) {
          // reported by the readers
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(display + ": " + e.getMessage(), e);
    }
    return false;
  }

  /**
   * What one ground-truth task reads: a whole COCO file ({@code section} null), or a stretch of images
   * or annotations. A plain class, not a record: Kryo, which Spark sends it with, cannot write records.
   */
  static final class GtSplit implements Serializable {
    private static final long serialVersionUID = 1L;
    String path;
    String section;
    long offset;
    long line;
    long lineStart;
    long firstIndex;
    long end;

    GtSplit() {}

    GtSplit(String path, CocoGroundTruthReader.Split s, long end) {
      this.path = path;
      this.end = end;
      if (s != null) {
        section = s.section();
        offset = s.offset();
        line = s.line();
        lineStart = s.lineStart();
        firstIndex = s.firstIndex();
      }
    }

    CocoGroundTruthReader.Split split() {
      return section == null ? null : new CocoGroundTruthReader.Split(section, offset, line, lineStart, firstIndex);
    }
  }

  /**
   * Input size is what sizes the evaluation partitions (DetectionJob#partitions), in JSON bytes; the
   * same records take about a seventh of that in snappy Parquet (generated 1M-image bbox set: 7.19 GB of
   * JSON, 0.99 GB of Parquet). At a quarter, 1M images ran as 40 evaluation tasks instead of 72, and the
   * larger tasks' evaluate stage took 52 s instead of 41.
   */
  static final long PARQUET_TO_JSON_BYTES = 7;

  private static long totalBytes(List<InputFile> files) {
    long n = 0;
    for (InputFile f : files) n += f.length();
    return n;
  }

  /** The predictions: JSON array / JSON Lines files read in parallel by byte range, or Parquet. */
  public static Predictions predictions(SparkSession spark, DetectionConfig cfg, HadoopConf conf) {
    return predictions(spark, cfg, conf, null);
  }

  /** As {@link #predictions(SparkSession, DetectionConfig, HadoopConf)}, string image ids read as keys of {@code ids}. */
  public static Predictions predictions(SparkSession spark, DetectionConfig cfg, HadoopConf conf,
      Broadcast<ImageIds> ids) {
    List<InputFile> files = HadoopFiles.list(conf.get(), cfg.pred(), "--pred");
    if (files.isEmpty()) {
      throw new InvalidInputException(cfg.pred(), null, null, "holds no prediction files (--pred)");
    }
    boolean segm = cfg.params().iouType().usesMasks();
    boolean keypoints = cfg.params().iouType() == IouType.KEYPOINTS;
    String format = cfg.predFormat();
    if (format.equals("auto")) format = files.get(0).path().endsWith(".parquet") ? "parquet" : "json";
    if (format.equals("parquet") && (keypoints || cfg.lvis())) {
      throw new InvalidInputException(cfg.pred(), null, null, "is Parquet; " + (cfg.lvis() ? "--protocol lvis" : "--iou-type keypoints")
          + " reads COCO results as a JSON array or JSON Lines");
    }
    List<String> paths = new ArrayList<>();
    for (InputFile f : files) paths.add(f.path());
    if (format.equals("parquet")) {
      box3dNeedsJson(cfg);
      List<PredLocator.Kind> kinds = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) kinds.add(PredLocator.Kind.PARQUET);
      PredLocator loc = new PredLocator(paths, kinds, conf);
      return new Predictions(ParquetInputs.predictions(spark, cfg.pred(), paths, segm, cfg.run().skipBadInput()), loc,
          files.size(), PARQUET_TO_JSON_BYTES * totalBytes(files));
    }
    List<PredLocator.Kind> kinds = new ArrayList<>();
    List<PredSplit> splits = new ArrayList<>();
    List<InputFile> toCut = new ArrayList<>();
    List<Integer> toCutIndexes = new ArrayList<>();
    List<Integer> toCutAt = new ArrayList<>(); // where in `splits` each one's stretches go
    List<Long> toCutPieces = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      InputFile f = files.get(i);
      boolean array;
      if (format.equals("jsonl")) array = false;
      else {
        int first = HadoopFiles.firstByte(conf.get(), f.path());
        array = first == '[';
        if (first != -1 && first != '[' && first != '{' && !cfg.run().skipBadInput()) {
          throw new InvalidInputException(HadoopFiles.display(f.path()), "line 1", null, "is not JSON: expected a results array '[' or"
              + " JSON Lines objects '{', found '" + (char) first + "'");
        }
      }
      kinds.add(array ? PredLocator.Kind.ARRAY : PredLocator.Kind.LINES);
      boolean compressed = HadoopFiles.compressed(conf.get(), f.path());
      long piece = pieceBytes(f.length(), cfg.splitBytes(), spark.sparkContext().defaultParallelism());
      if (array && !compressed && f.length() > piece) {
        toCut.add(f);
        toCutIndexes.add(i);
        toCutAt.add(splits.size());
        toCutPieces.add(piece);
      } else if (array || compressed || f.length() <= piece) {
        splits.add(new PredSplit(f.path(), i, 0, Long.MAX_VALUE, array));
      } else {
        for (long s = 0; s < f.length(); s += piece) {
          splits.add(new PredSplit(f.path(), i, s, Math.min(f.length(), s + piece), false));
        }
      }
    }
    PredLocator loc = new PredLocator(paths, kinds, conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (!toCut.isEmpty()) {
      List<List<PredSplit>> stretches = arrayStretches(jsc, conf, toCut, toCutIndexes, toCutPieces);
      for (int j = toCut.size() - 1; j >= 0; j--) splits.addAll(toCutAt.get(j), stretches.get(j)); // back to front: positions hold
    }
    JavaRDD<EvalRecord> records = jsc.parallelize(splits, Math.max(1, splits.size()))
        .mapPartitions(new ReadPredictions(conf, segm, loc, cfg.run().skipBadInput(), ids)
            .readBox3d(cfg.params().iouType().isBox3d()).keypoints(keypoints));
    return new Predictions(records, loc, files.size(), totalBytes(files));
  }

  /**
   * JSON arrays cut into stretches of about their piece size ({@link #pieceBytes}) at result boundaries, so that several tasks
   * parse each: one task per piece-sized chunk scans its bytes ({@link ArrayCutter#scan}), the
   * driver chains the summaries ({@link ArrayCutter#stitch}); no pass over a whole file on the driver. A
   * file the summaries cannot vouch for as one well-formed array stays one split, whose reader reports
   * what is wrong where.
   *
   * @return per file, its splits
   */
  static List<List<PredSplit>> arrayStretches(JavaSparkContext jsc, HadoopConf conf, List<InputFile> files,
      List<Integer> fileIndexes, List<Long> pieceBytes) {
    List<PredSplit> chunks = new ArrayList<>();
    int[] firstChunk = new int[files.size() + 1];
    for (int j = 0; j < files.size(); j++) {
      firstChunk[j] = chunks.size();
      long length = files.get(j).length();
      long[] starts = ArrayCutter.chunkStarts(length, pieceBytes.get(j));
      for (int k = 0; k < starts.length; k++) {
        long end = k + 1 < starts.length ? starts[k + 1] : length;
        chunks.add(new PredSplit(files.get(j).path(), fileIndexes.get(j), starts[k], end, true));
      }
    }
    firstChunk[files.size()] = chunks.size();
    String description = jsc.getLocalProperty("spark.job.description");
    jsc.sc().setJobDescription("cut results arrays at result boundaries (" + chunks.size() + " chunks of "
        + files.size() + " files)");
    List<ArrayCutter.ChunkSummary> sums;
    try {
      sums = jsc.parallelize(chunks, chunks.size()).map(new ScanArrayChunk(conf)).collect();
    } finally {
      jsc.sc().setJobDescription(description);
    }
    List<List<PredSplit>> out = new ArrayList<>();
    for (int j = 0; j < files.size(); j++) {
      String path = files.get(j).path();
      int fileIndex = fileIndexes.get(j);
      ArrayCutter.ChunkSummary[] mine = new ArrayCutter.ChunkSummary[firstChunk[j + 1] - firstChunk[j]];
      boolean read = true;
      for (int k = 0; k < mine.length; k++) {
        mine[k] = sums.get(firstChunk[j] + k);
        read &= mine[k] != null;
      }
      List<CocoResultsReader.Split> cuts = read ? ArrayCutter.stitch(mine) : null;
      if (cuts == null || cuts.size() <= 1) {
        out.add(List.of(new PredSplit(path, fileIndex, 0, Long.MAX_VALUE, true)));
        continue;
      }
      List<PredSplit> stretches = new ArrayList<>();
      for (int k = 0; k < cuts.size(); k++) {
        CocoResultsReader.Split c = cuts.get(k);
        long end = k + 1 < cuts.size() ? cuts.get(k + 1).offset() : Long.MAX_VALUE;
        stretches.add(PredSplit.stretch(path, fileIndex, c.offset(), end, c.line(), c.lineStart(), c.firstIndex()));
      }
      out.add(stretches);
    }
    return out;
  }

  /**
   * Scans one chunk of a results array ({@link ArrayCutter#scan}); null when it cannot be read: the
   * file is then read whole, by a task that reports why.
   */
  static final class ScanArrayChunk implements Function<PredSplit, ArrayCutter.ChunkSummary> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    ScanArrayChunk(HadoopConf conf) {
      this.conf = conf;
    }

    @Override
    public ArrayCutter.ChunkSummary call(PredSplit chunk) {
      try (InputStream in = HadoopFiles.openAt(conf.get(), chunk.getPath(), ArrayCutter.readFrom(chunk.getStart()))) {
        return ArrayCutter.scan(in, chunk.getStart(), chunk.getEnd());
      } catch (IOException | UncheckedIOException | InvalidInputException e) {
        return null;
      }
    }
  }

  /** Streams one COCO instances file as records (images, categories, annotations). */
  static final class ReadGroundTruth implements FlatMapFunction<Iterator<GtSplit>, EvalRecord>, Serializable {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String displayName;
    private final boolean segm;
    private final boolean skip;
    private boolean keypoints;
    private boolean lvis;
    private Broadcast<ImageIds> imageIds; // null: numeric ids (or collecting, below)
    private boolean collect; // a scan: string image ids accepted and kept, keys not known yet
    private boolean numbersFirst;
    private String[] attributes; // a scan: image fields kept for --slice-by, or null

    private boolean box3d;

    ReadGroundTruth(HadoopConf conf, String displayName, boolean segm, boolean skip) {
      this.conf = conf;
      this.displayName = displayName;
      this.segm = segm;
      this.skip = skip;
    }

    /** Also reads keypoint and / or LVIS fields. */
    ReadGroundTruth fields(boolean keypoints, boolean lvis) {
      this.keypoints = keypoints;
      this.lvis = lvis;
      return this;
    }

    /** Keeps these image fields as text on the image records ({@link EvalRecord#getAttributes()}). */
    ReadGroundTruth attributes(String[] fields) {
      this.attributes = fields;
      return this;
    }

    /** Reads box3d annotations (bev / 3d). */
    ReadGroundTruth readBox3d(boolean b) {
      this.box3d = b;
      return this;
    }

    /** Reads string image ids as their keys in {@code ids}, or ({@code collect}) accepts and keeps them. */
    ReadGroundTruth withImageIds(Broadcast<ImageIds> ids, boolean collect) {
      this.imageIds = ids;
      this.collect = collect;
      return this;
    }

    /** Numeric image ids, as the first image's is a number (no first pass gathered them). */
    ReadGroundTruth numbersFirst(boolean b) {
      this.numbersFirst = b;
      return this;
    }

    private ImageIds ids() {
      return collect ? ImageIds.COLLECT : imageIds != null ? imageIds.value() : numbersFirst ? ImageIds.NUMBERS : null;
    }

    @Override
    public Iterator<EvalRecord> call(Iterator<GtSplit> splits) {
      return new LazyIterator<EvalRecord>() {
        CocoGroundTruthReader reader;
        long rejects;

        @Override
        protected EvalRecord computeNext() {
          while (true) {
            if (reader == null) {
              if (!splits.hasNext()) return null;
              GtSplit s = splits.next();
              if (s.section == null) {
                reader = new CocoGroundTruthReader(HadoopFiles.open(conf.get(), s.path), displayName, segm);
              } else {
                reader = CocoGroundTruthReader.forSplit(HadoopFiles.openAt(conf.get(), s.path, s.offset), displayName,
                    s.split(), s.end, segm);
              }
              withFields(reader, keypoints, lvis);
              reader.readBox3d(box3d);
              reader.withImageIds(ids());
              reader.withAttributes(attributes);
            }
            CocoRecord r;
            try {
              r = reader.next();
            } catch (InvalidInputException e) {
              if (!skip) throw e;
              // the reader has skipped the bad record (or, after a syntax error, ends): keep going
              return EvalRecord.reject("gt", e, spreadKey(rejects), rejects++);
            }
            if (r == null) {
              reader.close();
              reader = null;
              continue;
            }
            if (r instanceof Image im) {
              EvalRecord e = EvalRecord.of(im);
              if (attributes != null) e.setAttributes(reader.lastAttributes());
              return e;
            }
            if (r instanceof Category) continue; // read on the driver
            return EvalRecord.of((GtAnnotation) r);
          }
        }
      };
    }
  }

  /** Reads prediction splits: a whole JSON array file, or the lines of a byte range. */
  static final class ReadPredictions implements FlatMapFunction<Iterator<PredSplit>, EvalRecord>, Serializable {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final boolean segm;
    private final PredLocator locator;
    private final boolean skip;
    private boolean keypoints;
    private final Broadcast<ImageIds> imageIds; // null: numeric image ids

    private boolean box3d;

    ReadPredictions(HadoopConf conf, boolean segm, PredLocator locator, boolean skip, Broadcast<ImageIds> imageIds) {
      this.conf = conf;
      this.segm = segm;
      this.locator = locator;
      this.skip = skip;
      this.imageIds = imageIds;
    }

    private ImageIds ids() {
      return imageIds == null ? null : imageIds.value();
    }

    /** Reads box3d results (bev / 3d). */
    ReadPredictions readBox3d(boolean b) {
      this.box3d = b;
      return this;
    }

    /** Reads keypoint results. */
    ReadPredictions keypoints(boolean k) {
      this.keypoints = k;
      return this;
    }

    @Override
    public Iterator<EvalRecord> call(Iterator<PredSplit> splits) {
      return new LazyIterator<EvalRecord>() {
        PredSplit split;
        CocoResultsReader array;
        LineSplitReader lines;
        long lineNumber;
        long rejects;

        @Override
        protected EvalRecord computeNext() {
          try {
            while (true) {
              if (split == null) {
                if (!splits.hasNext()) return null;
                split = splits.next();
                open();
              }
              EvalRecord r = split.isArray() ? nextFromArray() : nextFromLines();
              if (r != null) return r;
              if (array != null) array.close();
              if (lines != null) lines.close();
              array = null;
              lines = null;
              split = null;
            }
          } catch (IOException e) {
            throw new UncheckedIOException(split.getPath() + ": " + e.getMessage(), e);
          }
        }

        private void open() throws IOException {
          if (split.isStretch()) {
            array = CocoResultsReader.forSplit(HadoopFiles.openAt(conf.get(), split.getPath(), split.getStart()),
                HadoopFiles.display(split.getPath()), segm, new CocoResultsReader.Split(split.getStart(), split.getLine(),
                    split.getLineStart(), split.getFirstIndex()), split.getEnd()).readBox3d(box3d).withImageIds(ids());
            if (keypoints) array.withKeypoints();
          } else if (split.isArray()) {
            array = new CocoResultsReader(HadoopFiles.open(conf.get(), split.getPath()),
                HadoopFiles.display(split.getPath()), segm).readBox3d(box3d).withImageIds(ids());
            if (keypoints) array.withKeypoints();
          } else if (split.getStart() == 0) {
            lines = new LineSplitReader(HadoopFiles.open(conf.get(), split.getPath()), 0, split.getEnd());
            lineNumber = 0;
          } else {
            lines = new LineSplitReader(HadoopFiles.openAt(conf.get(), split.getPath(), split.getStart() - 1),
                split.getStart(), split.getEnd());
            lineNumber = -1; // unknown until needed: counted only for an error message
          }
        }

        private EvalRecord nextFromArray() {
          Detection d;
          try {
            d = array.next();
          } catch (InvalidInputException e) {
            if (!skip) throw e;
            return EvalRecord.reject("pred", e, spreadKey(rejects), PredLocator.seq(split.getFileIndex(), rejects++));
          }
          if (d == null) return null;
          long seq = PredLocator.seq(split.getFileIndex(), d.seq());
          return EvalRecord.of(new Detection(d.imageId(), d.categoryId(), d.bbox(), d.score(), d.segmentation(), seq,
              d.box3d(), d.keypoints()));
        }

        private boolean nextLine() throws IOException {
          try {
            return lines.next();
          } catch (InvalidInputException e) {
            throw new InvalidInputException(HadoopFiles.display(split.getPath()), e.record(), null, e.reason());
          }
        }

        private EvalRecord nextFromLines() throws IOException {
          while (nextLine()) {
            if (lineNumber >= 0) lineNumber++;
            if (blank(lines.line(), lines.lineLength())) continue;
            long seq = PredLocator.seq(split.getFileIndex(), lines.lineStart());
            Detection d;
            try {
              d = CocoResultsReader.parseLine(lines.line(), 0, lines.lineLength(), HadoopFiles.display(split.getPath()),
                  Math.max(lineNumber, 0), seq, segm, box3d, keypoints, ids());
            } catch (InvalidInputException e) {
              InvalidInputException located = lineNumber >= 0 ? e
                  : new InvalidInputException(null, locator.name(seq), e.field(), e.reason(), e);
              if (!skip) throw located;
              return EvalRecord.reject("pred", located, spreadKey(seq), seq);
            }
            return EvalRecord.of(d);
          }
          return null;
        }
      };
    }

    static boolean blank(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        byte c = b[i];
        if (c != ' ' && c != '\t' && c != '\r') return false;
      }
      return true;
    }
  }

  /**
   * The shuffle key of a reject whose image is unknown: rejects are handled one by one, so any key
   * works; spreading them keeps a file full of bad records from landing in one task.
   */
  static long spreadKey(long n) {
    return Long.MIN_VALUE + (n * 0x9E3779B97F4A7C15L >>> 1);
  }

}
