package dev.overlap.jobs.segmentation;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.png.PngHeader;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
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
public final class EvaluatePairs implements MapPartitionsFunction<PairTask, SegOutput>, Serializable {
  private static final long serialVersionUID = 1L;

  /** Bytes before a PNG's IHDR data ends: signature, IHDR length + type, 13 data bytes, CRC. */
  private static final int HEADER_BYTES = 33;

  private final HadoopConf conf;
  private final int numClasses;
  private final int ignoreLabel;
  private final long maxPixels;
  private final boolean skip;

  public EvaluatePairs(HadoopConf conf, int numClasses, int ignoreLabel, long maxPixels, boolean skip) {
    this.conf = conf;
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
    this.maxPixels = maxPixels;
    this.skip = skip;
  }

  @Override
  public Iterator<SegOutput> call(Iterator<PairTask> input) {
    return new Run(input);
  }

  /** The same evaluation for label maps that arrive as rows sorted by (image, side, path, row). */
  static final class FromSides implements MapPartitionsFunction<ImageSide, SegOutput> {
    private static final long serialVersionUID = 1L;
    private final EvaluatePairs evaluate;

    FromSides(EvaluatePairs evaluate) {
      this.evaluate = evaluate;
    }

    @Override
    public Iterator<SegOutput> call(Iterator<ImageSide> sides) {
      return evaluate.call(new PairUp(sides));
    }
  }

  /**
   * The most bytes a PNG of this header can reasonably take: deflate expands incompressible data by
   * well under 1 %, so twice the filtered scanlines plus 16 MiB of ancillary chunks is generous for
   * any real file, and keeps a huge file with a small header from being read into memory.
   */
  static long maxFileBytes(PngHeader h) {
    long rowBytes = 1 + (((long) h.width() * h.bitDepth() + 7) >>> 3);
    // Adam7 adds at most a filter byte and a partial byte per pass row: bounded by 8 per row.
    long raw = (long) h.height() * (rowBytes + 8);
    return Math.min(LabelPngDecoder.MAX_ARRAY_PIXELS, 2 * raw + (16L << 20));
  }

  private final class Run implements Iterator<SegOutput> {
    private final Iterator<PairTask> input;
    private final ArrayDeque<SegOutput> ready = new ArrayDeque<>();
    private final LabelPngDecoder decoder = new LabelPngDecoder(maxPixels, true);
    private final LabelImage gt = new LabelImage();
    private final LabelImage pred = new LabelImage();
    private final long[] image = new long[numClasses * numClasses];
    private final long[] total = new long[numClasses * numClasses];
    private byte[] buf = new byte[1 << 16];
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
        load(t.getGtPath(), gtName, t.getGtRecord(), t.getGtLength(), t.getGtBytes(), gt);
        side = "pred";
        load(t.getPredPath(), predName, t.getPredRecord(), t.getPredLength(), t.getPredBytes(), pred);
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
          throw new InvalidInputException(predName, t.getPredRecord(), null, "prediction is " + pred.width() + "x"
              + pred.height() + " but ground truth is " + gt.width() + "x" + gt.height() + " (" + gtName
              + (t.getGtRecord() != null ? ": " + t.getGtRecord() : "") + ")");
        }
        long t0 = System.nanoTime();
        Arrays.fill(image, 0);
        long ignored = count();
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
        emitImage(t, gtName, predName, ignored);
        for (int c = 0; c < total.length; c++) total[c] += image[c];
        ignoredPixels += ignored;
        evaluated++;
        countNanos += System.nanoTime() - t0;
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

    /** Reads (unless the bytes came from Parquet) and decodes one label map into {@code out}. */
    private void load(String path, String name, String record, long length, byte[] bytes, LabelImage out) {
      try {
        byte[] png = bytes;
        int len;
        if (png == null) {
          long t0 = System.nanoTime();
          len = read(path, name, length);
          png = buf;
          readNanos += System.nanoTime() - t0;
        } else {
          len = png.length;
          checkHeader(png, len, name);
        }
        bytesRead += len;
        long t1 = System.nanoTime();
        decoder.decode(png, 0, len, name, out);
        decodeNanos += System.nanoTime() - t1;
      } catch (InvalidInputException e) {
        if (record == null || e.record() != null) throw e;
        throw new InvalidInputException(e.file(), record, e.field(), e.reason(), e);
      }
    }

    /**
     * Reads a PNG file into {@code buf}: the header first, so that a decompression bomb or a file far
     * larger than its header allows is refused before the rest is read.
     */
    private int read(String path, String name, long listedLength) {
      Path p = new Path(path);
      try (InputStream in = p.getFileSystem(conf.get()).open(p)) {
        int n = readUpTo(in, 0, HEADER_BYTES);
        PngHeader h = checkHeader(buf, n, name);
        long limit = maxFileBytes(h);
        if (listedLength > limit) throw tooLarge(name, listedLength, h, limit);
        if (buf.length < listedLength) buf = Arrays.copyOf(buf, (int) listedLength);
        while (true) {
          n = readUpTo(in, n, buf.length - n);
          if (n < buf.length) return n;
          // the file grew since it was listed: keep reading, within the limit
          int probe = in.read();
          if (probe < 0) return n;
          if (n + 1L > limit) throw tooLarge(name, n + 1L, h, limit);
          buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
          buf[n++] = (byte) probe;
        }
      } catch (IOException e) {
        throw new InvalidInputException(name, null, null, "cannot be read: " + HadoopFiles.oneLine(e));
      }
    }

    /** Reads until {@code want} bytes are at {@code buf[off..]} or the stream ends; the new fill level. */
    private int readUpTo(InputStream in, int off, int want) throws IOException {
      int n = off;
      int end = off + want;
      while (n < end) {
        int r = in.read(buf, n, end - n);
        if (r < 0) break;
        n += r;
      }
      return n;
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
      return h;
    }

    private InvalidInputException tooLarge(String name, long bytes, PngHeader h, long limit) {
      return new InvalidInputException(name, null, null, "file is " + bytes + " bytes, more than a " + h.width() + "x"
          + h.height() + " " + h.bitDepth() + "-bit PNG can need (" + limit + "); not read");
    }

    private void emitImage(PairTask t, String gtName, String predName, long ignored) {
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
        ready.add(o);
      }
      SegOutput o = new SegOutput();
      o.setKind(SegOutput.IMAGE);
      o.setImage(t.getImage());
      o.setGtFile(gtName + (t.getGtRecord() != null ? ": " + t.getGtRecord() : ""));
      o.setPredFile(predName + (t.getPredRecord() != null ? ": " + t.getPredRecord() : ""));
      o.setWidth(gt.width());
      o.setHeight(gt.height());
      o.setValidPixels(m.totalPixels());
      o.setIgnoredPixels(ignored);
      o.setCorrectPixels(correct);
      o.setPixelAccuracy(orNull(m.pixelAccuracy()));
      o.setMeanIou(orNull(m.meanIou()));
      o.setClassesInGt(inGt);
      ready.add(o);
    }

    private void reject(String imageId, String source, String file, String record, String reason) {
      rejected++;
      ready.add(SegOutput.reject(imageId, source, file, record, reason));
    }

    private SegOutput partial() {
      SegOutput p = new SegOutput();
      p.setKind(SegOutput.PARTIAL);
      p.setConfusion(total);
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
      return p;
    }
  }

  static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
