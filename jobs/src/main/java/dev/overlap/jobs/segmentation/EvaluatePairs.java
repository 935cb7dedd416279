package dev.overlap.jobs.segmentation;

import dev.overlap.core.boundary.BoundaryTotals;
import dev.overlap.core.boundary.LabelMapBoundary;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.png.PngHeader;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.PngPairCounter;
import dev.overlap.core.semseg.SemsegBootstrap;
import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.PngFileReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of the segmentation job: for each image pair of a partition, reads both PNGs
 * (Hadoop file system, or bytes from Parquet), decodes them with core's {@link LabelPngDecoder}
 * into two reusable {@link LabelImage} buffers, counts the image's {@code K x K} confusion matrix
 * with {@link ConfusionCounter}, emits the image's scores and per-class counts, and adds the image
 * into the partition's total. At the end of the partition it emits that total: a {@code long[K*K]}
 * that merges with the others by addition, so the result does not depend on how pairs are split
 * into tasks. Nothing per pixel leaves the task.
 *
 * <p>Accounting: every pair is evaluated or rejected (skip mode), never both; a rejected pair adds
 * nothing to the counts (the kernels leave the matrix unchanged when they refuse a label).
 */
public final class EvaluatePairs implements FlatMapFunction<Iterator<PairTask>, SegOutput> {
  private static final long serialVersionUID = 1L;

  /** Bytes before a PNG's IHDR data ends: signature, IHDR length + type, 13 data bytes, CRC. */
  private static final int HEADER_BYTES = PngFileReader.HEADER_BYTES;

  private final HadoopConf conf;
  private final int numClasses;
  private final int ignoreLabel;
  private final long maxPixels;
  private final boolean skip;
  private final BootstrapOptions bootstrap;
  private BoundaryOptions boundary;
  private org.apache.spark.broadcast.Broadcast<dev.overlap.core.slices.ImageSlices> slices; // --slice-by, or null

  public EvaluatePairs(HadoopConf conf, int numClasses, int ignoreLabel, long maxPixels, boolean skip) {
    this(conf, numClasses, ignoreLabel, maxPixels, skip, BootstrapOptions.NONE);
  }

  /** As above, also adding each image to bootstrap replicates when {@code bootstrap} is enabled. */
  public EvaluatePairs(HadoopConf conf, int numClasses, int ignoreLabel, long maxPixels, boolean skip,
      BootstrapOptions bootstrap) {
    this.bootstrap = bootstrap;
    this.conf = conf;
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
    this.maxPixels = maxPixels;
    this.skip = skip;
  }

  /**
   * Also computes the boundary metrics of every pair ({@code --boundary}): both maps are then decoded
   * whole, and the task's partial carries the {@link BoundaryTotals}.
   */
  public EvaluatePairs withBoundary(BoundaryOptions b) {
    this.boundary = b;
    return this;
  }

  /**
   * Also sums each image's confusion counts into its slice of every field ({@code --slice-by}); images are keyed by
   * {@link PoissonWeights#keyOf(String)} of their id.
   */
  public EvaluatePairs withSlices(org.apache.spark.broadcast.Broadcast<dev.overlap.core.slices.ImageSlices> s) {
    this.slices = s;
    return this;
  }

  @Override
  public Iterator<SegOutput> call(Iterator<PairTask> input) {
    return new Run(input);
  }

  /** The same evaluation for label maps that arrive as rows of {@link ImageSide#SCHEMA} sorted by (image, side, path, row). */
  static final class FromSides implements FlatMapFunction<Iterator<Row>, SegOutput> {
    private static final long serialVersionUID = 1L;
    private final EvaluatePairs evaluate;

    FromSides(EvaluatePairs evaluate) {
      this.evaluate = evaluate;
    }

    @Override
    public Iterator<SegOutput> call(Iterator<Row> rows) {
      return evaluate.call(new PairUp(new Iterator<ImageSide>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public ImageSide next() {
          return ImageSide.of(rows.next());
        }
      }));
    }
  }

  /** See {@link PngFileReader#maxFileBytes}. */
  static long maxFileBytes(PngHeader h) {
    return PngFileReader.maxFileBytes(h);
  }

  private final class Run implements Iterator<SegOutput> {
    private final Iterator<PairTask> input;
    private final ArrayDeque<SegOutput> ready = new ArrayDeque<>();
    private final LabelPngDecoder decoder = new LabelPngDecoder(maxPixels, true);
    // the prediction's row stream runs beside the ground truth's, so it needs its own inflater
    private final LabelPngDecoder predDecoder = new LabelPngDecoder(maxPixels, true);
    private final PngFileReader files = new PngFileReader(conf);
    /** Heap one decoded map may take in this task, fixed when the task starts. */
    private final long budget = DecodeBudget.perMap();
    private final LabelImage gt = new LabelImage();
    private final LabelImage pred = new LabelImage();
    private final long[] image = new long[numClasses * numClasses];
    private final long[] total = new long[numClasses * numClasses];
    private final SemsegBootstrap replicates = bootstrap.enabled()
        ? new SemsegBootstrap(numClasses, bootstrap.replicates(), bootstrap.seed()) : null;
    private final dev.overlap.core.slices.ImageSlices sliceWeights = slices == null ? null : slices.value();
    private final int[] sliceW = sliceWeights == null ? null : new int[sliceWeights.size()];
    private final long[] sliceCounts = sliceWeights == null ? null
        : new long[sliceWeights.size() * numClasses * numClasses];
    private final long[] sliceImages = sliceWeights == null ? null : new long[sliceWeights.size()];
    private byte[] gtBuf = new byte[1 << 16];
    private byte[] predBuf = new byte[1 << 16];
    private int lastLength;
    private PngHeader lastHeader;
    private long pairs;
    private long evaluated;
    private long rejected;
    private long gtMaps;
    private long predMaps;
    private long ignoredPixels;
    private long bytesRead;
    private long readNanos;
    private long decodeNanos;
    private long countNanos;
    private boolean finished;
    private boolean closed;
    private final LabelMapBoundary boundaryEval = boundary == null ? null
        : new LabelMapBoundary(numClasses, ignoreLabel, boundary.dilationRatio(), boundary.spacingX(), boundary.spacingY());
    private final BoundaryTotals boundaryTotals = boundary == null ? null : new BoundaryTotals(numClasses);
    private int[] gtLabels;
    private int[] predLabels;
    private long boundaryNanos;

    Run(Iterator<PairTask> input) {
      this.input = input;
      TaskContext task = TaskContext.get();
      if (task != null) {
        // releases the inflater's native memory when a task ends early (a failure, a limit)
        task.addTaskCompletionListener(new TaskCompletionListener() {
          @Override
          public void onTaskCompletion(TaskContext context) {
            close();
          }
        });
      }
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !finished) step();
      return !ready.isEmpty();
    }

    @Override
    public SegOutput next() {
      if (!hasNext()) throw new NoSuchElementException();
      return ready.poll();
    }

    private void step() {
      if (!input.hasNext()) {
        finished = true;
        ready.add(partial());
        close();
        return;
      }
      evaluate(input.next());
    }

    private void close() {
      if (!closed) {
        closed = true;
        decoder.close();
        predDecoder.close();
      }
    }

    private void evaluate(PairTask t) {
      pairs++;
      gtMaps += t.getGtCount();
      predMaps += t.getPredCount();
      if (t.getProblem() != null) {
        String file = t.getProblemPath() == null ? null : HadoopFiles.display(t.getProblemPath());
        if (!skip) throw new InvalidInputException(file, t.getProblemRecord(), null, t.getProblem());
        reject(t.getImage(), t.getProblemSource(), file, t.getProblemRecord(), t.getProblem());
        return;
      }
      String gtName = HadoopFiles.display(t.getGtPath());
      String predName = HadoopFiles.display(t.getPredPath());
      String side = "gt";
      try {
        long t0 = cpuNanos();
        byte[] gtPng = bytes(t.getGtPath(), gtName, t.getGtRecord(), t.getGtLength(), t.getGtBytes(), true);
        int gtLen = lastLength;
        PngHeader gtHeader = lastHeader;
        byte[] predPng;
        side = "pred";
        try {
          predPng = bytes(t.getPredPath(), predName, t.getPredRecord(), t.getPredLength(), t.getPredBytes(), false);
        } catch (InvalidInputException e) {
          // Decoding the ground truth whole first keeps its errors ahead of the prediction's, as before.
          side = "gt";
          decode(gtPng, gtLen, gtName, t.getGtRecord(), gt);
          side = "pred";
          throw e;
        }
        int predLen = lastLength;
        long t1 = cpuNanos();
        readNanos += t1 - t0;
        Arrays.fill(image, 0);
        long ignored = PngPairCounter.NOT_STREAMED;
        // boundary metrics need both maps whole: skip the row-streamed counting, which keeps neither
        if (boundary == null) {
          try {
            ignored = PngPairCounter.count(decoder, gtPng, 0, gtLen, gtName, predDecoder, predPng, 0, predLen, predName,
                numClasses, ignoreLabel, image);
          } catch (InvalidInputException e) {
            // decoded again whole below, which names the file and the problem exactly as before
          }
        }
        long t2 = cpuNanos();
        decodeNanos += t2 - t1;
        if (ignored < 0) {
          // Not streamed, or something is wrong: decode both whole, ground truth first, and count again.
          side = "gt";
          decode(gtPng, gtLen, gtName, t.getGtRecord(), gt);
          side = "pred";
          decode(predPng, predLen, predName, t.getPredRecord(), pred);
          if (gt.width() != pred.width() || gt.height() != pred.height()) {
            throw new InvalidInputException(predName, t.getPredRecord(), null, "prediction is " + pred.width() + "x"
                + pred.height() + " but ground truth is " + gt.width() + "x" + gt.height() + " (" + gtName
                + (t.getGtRecord() != null ? ": " + t.getGtRecord() : "") + ")");
          }
          long t3 = cpuNanos();
          decodeNanos += t3 - t2;
          t2 = t3;
          Arrays.fill(image, 0);
          ignored = count();
        }
        if (ignored < 0) {
          int i = (int) (-ignored - 1);
          int w = gt.width();
          int g = gt.label(i % w, i / w);
          int p = pred.label(i % w, i / w);
          boolean gtBad = g != ignoreLabel && g >= numClasses;
          side = gtBad ? "gt" : "pred";
          throw new InvalidInputException(gtBad ? gtName : predName, gtBad ? t.getGtRecord() : t.getPredRecord(), null,
              ConfusionCounter.describe(g, p, i, w, numClasses, ignoreLabel));
        }
        if (boundary != null) {
          long b0 = cpuNanos();
          gtLabels = LabelMapBoundary.labels(gt, gtLabels);
          predLabels = LabelMapBoundary.labels(pred, predLabels);
          boundaryEval.evaluate(gtLabels, predLabels, gt.width(), gt.height());
          boundaryNanos += cpuNanos() - b0;
        }
        emitImage(t, gtName, predName, gtHeader.width(), gtHeader.height(), ignored);
        if (boundary != null) boundaryTotals.add(boundaryEval);
        for (int c = 0; c < total.length; c++) total[c] += image[c];
        if (replicates != null) replicates.add(t.getImage(), image);
        if (sliceWeights != null) addToSlices(t.getImage());
        ignoredPixels += ignored;
        evaluated++;
        countNanos += cpuNanos() - t2;
      } catch (InvalidInputException e) {
        if (!skip) throw e;
        reject(t.getImage(), side, e.file(), e.record(), e.reason());
      }
    }

    /** Counts the decoded pair into {@code image}; the kernel's result (ignored pixels, or a refused pixel). */
    private long count() {
      int n = gt.pixelCount();
      boolean g8 = gt.labelBits() == 8;
      boolean p8 = pred.labelBits() == 8;
      if (g8 && p8) return ConfusionCounter.count(gt.bytes(), pred.bytes(), n, numClasses, ignoreLabel, image);
      if (!g8 && !p8) return ConfusionCounter.count(gt.shorts(), pred.shorts(), n, numClasses, ignoreLabel, image);
      if (g8) return ConfusionCounter.count(gt.bytes(), pred.shorts(), n, numClasses, ignoreLabel, image);
      return ConfusionCounter.count(gt.shorts(), pred.bytes(), n, numClasses, ignoreLabel, image);
    }

    /**
     * One label map's PNG bytes (length in {@link #lastLength}): the Parquet value, or the file read into the
     * side's buffer. The header is checked either way.
     */
    private byte[] bytes(String path, String name, String record, long length, byte[] parquet, boolean isGt) {
      try {
        byte[] png = parquet;
        if (png == null) {
          if (isGt) {
            gtBuf = read(path, name, length, gtBuf);
            png = gtBuf;
          } else {
            predBuf = read(path, name, length, predBuf);
            png = predBuf;
          }
        } else {
          lastLength = png.length;
          lastHeader = checkHeader(png, lastLength, name);
        }
        bytesRead += lastLength;
        return png;
      } catch (InvalidInputException e) {
        throw withRecord(e, record);
      }
    }

    /** Decodes one label map whole into {@code out}. */
    private void decode(byte[] png, int len, String name, String record, LabelImage out) {
      try {
        decoder.decode(png, 0, len, name, out);
      } catch (InvalidInputException e) {
        throw withRecord(e, record);
      }
    }

    private InvalidInputException withRecord(InvalidInputException e, String record) {
      if (record == null || e.record() != null) return e;
      return new InvalidInputException(e.file(), record, e.field(), e.reason(), e);
    }

    /** Reads a PNG file into {@code buf} with {@link PngFileReader} (length in {@link #lastLength}). */
    private byte[] read(String path, String name, long listedLength, byte[] buf) {
      try {
        return files.read(path, name, listedLength, buf, this::checkHeader);
      } finally {
        lastLength = files.length();
        lastHeader = files.header();
      }
    }

    /** The header of a PNG, refusing multi-channel images and images over --max-pixels before decoding. */
    private PngHeader checkHeader(byte[] png, int len, String name) {
      PngHeader h = LabelPngDecoder.readHeader(png, 0, len, name);
      if (!h.isSingleChannel()) {
        // The decoder refuses the colour type before it reads past the header or touches the
        // image buffer: this throws the decoder's own message.
        decoder.decode(png, 0, Math.min(len, HEADER_BYTES), name, pred);
      }
      if (h.pixelCount() > maxPixels) {
        throw new InvalidInputException(name, null, null, "image declares " + h.width() + "x" + h.height() + " = "
            + h.pixelCount() + " pixels, over the limit of " + maxPixels + " (--max-pixels); not decoded");
      }
      long need = DecodeBudget.labelBytes(h);
      if (need > budget) {
        throw new InvalidInputException(name, null, null, "a " + h.width() + "x" + h.height() + " " + h.bitDepth()
            + "-bit label map needs " + DecodeBudget.mib(need) + " MiB of heap to decode, more than a map's share"
            + " here (" + DecodeBudget.describe(budget) + "); not decoded: give executors more memory"
            + " (spark.executor.memory, or the driver's heap when local) or lower --max-pixels");
      }
      return h;
    }

    private void emitImage(PairTask t, String gtName, String predName, int width, int height, long ignored) {
      SemsegMetrics m = SemsegMetrics.of(image, numClasses);
      long correct = 0;
      int inGt = 0;
      for (int c = 0; c < numClasses; c++) {
        correct += m.truePositives(c);
        if (m.gtPixels(c) > 0) inGt++;
        if (m.gtPixels(c) + m.predPixels(c) == 0) continue;
        SegOutput o = new SegOutput();
        o.setKind(SegOutput.CLASS);
        o.setImage(t.getImage());
        o.setClassId(c);
        o.setIou(m.iou(c));
        o.setGtPixels(m.gtPixels(c));
        o.setPredPixels(m.predPixels(c));
        o.setTpPixels(m.truePositives(c));
        if (boundary != null) {
          o.setBoundaryIntersection(boundaryEval.intersection(c));
          o.setBoundaryUnion(boundaryEval.union(c));
          o.setBoundaryIou(boundaryEval.union(c) == 0 ? null : (double) boundaryEval.intersection(c) / boundaryEval.union(c));
          o.setHd95(orNull(boundaryEval.hd95(c)));
          o.setHd(orNull(boundaryEval.hd(c)));
          o.setAssd(orNull(boundaryEval.assd(c)));
        }
        ready.add(o);
      }
      SegOutput o = new SegOutput();
      o.setKind(SegOutput.IMAGE);
      o.setImage(t.getImage());
      o.setGtFile(gtName + (t.getGtRecord() != null ? ": " + t.getGtRecord() : ""));
      o.setPredFile(predName + (t.getPredRecord() != null ? ": " + t.getPredRecord() : ""));
      o.setWidth(width);
      o.setHeight(height);
      o.setValidPixels(m.totalPixels());
      o.setIgnoredPixels(ignored);
      o.setCorrectPixels(correct);
      o.setPixelAccuracy(orNull(m.pixelAccuracy()));
      o.setMeanIou(orNull(m.meanIou()));
      o.setClassesInGt(inGt);
      if (boundary != null) o.setDilationPx(boundaryEval.bandWidth());
      ready.add(o);
    }

    private void addToSlices(String imageId) {
      sliceWeights.fill(PoissonWeights.keyOf(imageId), sliceW);
      int kk = numClasses * numClasses;
      for (int s = 0; s < sliceW.length; s++) {
        if (sliceW[s] == 0) continue;
        sliceImages[s]++;
        int base = s * kk;
        for (int i = 0; i < kk; i++) sliceCounts[base + i] += image[i];
      }
    }

    private void reject(String imageId, String source, String file, String record, String reason) {
      rejected++;
      ready.add(SegOutput.reject(imageId, source, file, record, reason));
    }

    private SegOutput partial() {
      SegOutput p = new SegOutput();
      p.setKind(SegOutput.PARTIAL);
      p.setConfusion(total);
      if (replicates != null) p.setBootstrap(replicates.toArray());
      p.setSliceCounts(sliceCounts);
      p.setSliceImages(sliceImages);
      p.setPairs(pairs);
      p.setEvaluated(evaluated);
      p.setRejected(rejected);
      p.setGtMaps(gtMaps);
      p.setPredMaps(predMaps);
      p.setIgnoredPixels(ignoredPixels);
      p.setBytesRead(bytesRead);
      p.setReadNanos(readNanos);
      p.setDecodeNanos(decodeNanos);
      p.setCountNanos(countNanos);
      if (boundary != null) {
        p.setBoundary(boundaryTotals.toLongs());
        p.setBoundaryNanos(boundaryNanos);
      }
      return p;
    }
  }

  /** Thread CPU time where the JVM measures it, so that task timings mean the same on a loaded machine. */
  static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
