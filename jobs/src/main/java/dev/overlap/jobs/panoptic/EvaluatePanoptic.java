package dev.overlap.jobs.panoptic;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.panoptic.PanopticMatcher;
import dev.overlap.core.panoptic.PqResult;
import dev.overlap.core.panoptic.PqSliceStats;
import dev.overlap.core.panoptic.PqStats;
import dev.overlap.core.panoptic.SegmentPairTable;
import dev.overlap.core.panoptic.Segments;
import dev.overlap.core.png.LabelImage;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.png.PngHeader;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.core.stats.PoissonWeights;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.PngFileReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of the panoptic job: for each image of a partition, reads both PNGs, decodes
 * them to 24-bit segment ids ({@link LabelPngDecoder#decodeSegmentIds}) in two reusable buffers,
 * counts the (ground-truth id, predicted id) pairs ({@link SegmentPairTable}), matches them
 * ({@link PanopticMatcher}) into the image's {@link PqStats}, emits one row per category the image
 * touches, and adds the image to the partition's total. With {@code --also-semantic} the same pair
 * counts give the image's semantic confusion counts (ground-truth category x predicted category,
 * predicted VOID as an extra column, ground-truth VOID not counted): no second pass over pixels.
 * With {@code --slice-by} each image's counts are also added to its slices ({@link PqSliceStats}). At the end of
 * the partition it emits the totals, which merge by addition.
 *
 * <p>Accounting: every image is evaluated or rejected (skip mode), never both; a rejected image
 * adds nothing to the totals.
 */
public final class EvaluatePanoptic implements FlatMapFunction<Iterator<PanopticTask>, PanopticOutput> {
  private static final long serialVersionUID = 1L;

  private final HadoopConf conf;
  private final int[] categoryIds;
  private final boolean[] isThing;
  private final long maxPixels;
  private final boolean semantic;
  private final boolean skip;
  private final String gtJson;
  private final String predJson;
  private int replicates; // --bootstrap R, 0 without
  private long seed;
  private Broadcast<ImageSlices> slices; // --slice-by, or null

  /**
   * @param categoryIds the ground truth's category ids by dense index; {@code isThing} their isthing flags
   * @param semantic also count the semantic confusion matrix ({@code (C+1) x (C+1)})
   */
  public EvaluatePanoptic(HadoopConf conf, int[] categoryIds, boolean[] isThing, long maxPixels, boolean semantic,
      boolean skip, String gtJson, String predJson) {
    this.conf = conf;
    this.categoryIds = categoryIds;
    this.isThing = isThing;
    this.maxPixels = maxPixels;
    this.semantic = semantic;
    this.skip = skip;
    this.gtJson = gtJson;
    this.predJson = predJson;
  }

  /** Also adds every image's counts to {@code replicates} Poisson-bootstrap replicates under {@code seed}. */
  public EvaluatePanoptic bootstrap(int replicates, long seed) {
    this.replicates = replicates;
    this.seed = seed;
    return this;
  }

  /** Also adds every evaluated image's counts to its slices, images keyed by {@link PoissonWeights#keyOf(String)}. */
  public EvaluatePanoptic withSlices(Broadcast<ImageSlices> s) {
    this.slices = s;
    return this;
  }

  @Override
  public Iterator<PanopticOutput> call(Iterator<PanopticTask> input) {
    return new Run(input);
  }

  private final class Run implements Iterator<PanopticOutput> {
    private final Iterator<PanopticTask> input;
    private final ArrayDeque<PanopticOutput> ready = new ArrayDeque<>();
    private final LabelPngDecoder decoder = new LabelPngDecoder(maxPixels, true);
    private final PngFileReader files = new PngFileReader(conf);
    private final LabelImage gt = new LabelImage();
    private final LabelImage pred = new LabelImage();
    private final SegmentPairTable pairs = new SegmentPairTable();
    private final PanopticMatcher matcher = new PanopticMatcher(categoryIds.length);
    private final PqStats image = new PqStats(categoryIds.length);
    private final PqStats total = new PqStats(categoryIds.length);
    private final dev.overlap.core.panoptic.PanopticBootstrap boot = replicates > 0
        ? new dev.overlap.core.panoptic.PanopticBootstrap(categoryIds.length, replicates, seed) : null;
    private final ImageSlices sliceOf = slices == null ? null : slices.value();
    private final int[] member = sliceOf == null ? null : new int[sliceOf.size()];
    private final PqSliceStats sliceStats = sliceOf == null ? null
        : new PqSliceStats(categoryIds.length, sliceOf.size());
    private final int k = categoryIds.length + 1;
    private final long[] confusion = semantic ? new long[k * k] : null;
    private byte[] gtBuf = new byte[1 << 16];
    private byte[] predBuf = new byte[1 << 16];
    private long images;
    private long evaluated;
    private long rejected;
    private long pixels;
    private long bytesRead;
    private long readNanos;
    private long decodeNanos;
    private long countNanos;
    private boolean finished;
    private boolean closed;

    Run(Iterator<PanopticTask> input) {
      this.input = input;
      TaskContext task = TaskContext.get();
      if (task != null) {
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
    public PanopticOutput next() {
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

    private void evaluate(PanopticTask t) {
      images++;
      if (t.getProblem() != null) {
        if (!skip) {
          throw new InvalidInputException(t.getProblemFile(), t.getProblemRecord(), t.getProblemField(), t.getProblem());
        }
        reject(t.getImage(), t.getProblemSource(), t.getProblemFile(), recordOf(t), t.getProblem());
        return;
      }
      String gtName = HadoopFiles.display(t.getGtPath());
      String predName = HadoopFiles.display(t.getPredPath());
      String side = "gt";
      try {
        Segments gs = Segments.of(t.getGtIds(), t.getGtCategories(), t.getGtCrowd(), t.getGtAreas(), gtJson,
            t.getGtRecord());
        side = "pred";
        Segments ps = Segments.of(t.getPredIds(), t.getPredCategories(), null, null, predJson, t.getPredRecord());
        long t0 = cpuNanos();
        side = "gt";
        gtBuf = files.read(t.getGtPath(), gtName, t.getGtLength(), gtBuf, this::checkHeader);
        int gtLen = files.length();
        side = "pred";
        predBuf = files.read(t.getPredPath(), predName, t.getPredLength(), predBuf, this::checkHeader);
        int predLen = files.length();
        long t1 = cpuNanos();
        side = "gt";
        decoder.decodeSegmentIds(gtBuf, 0, gtLen, gtName, gt);
        side = "pred";
        decoder.decodeSegmentIds(predBuf, 0, predLen, predName, pred);
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
          throw new InvalidInputException(predName, null, null, "prediction is " + pred.width() + "x" + pred.height()
              + " but ground truth is " + gt.width() + "x" + gt.height() + " (" + gtName + ")");
        }
        long t2 = cpuNanos();
        pairs.clear();
        pairs.count(gt.ints(), 0, pred.ints(), 0, gt.pixelCount());
        image.clear();
        side = null;
        try {
          matcher.evaluate(pairs, gs, ps, gtName, predName, image);
        } catch (InvalidInputException e) {
          side = predName.equals(e.file()) ? "pred" : "gt";
          throw e;
        }
        if (semantic) addSemantic(gs, ps);
        total.merge(image);
        if (boot != null) boot.add(t.getImage(), image);
        if (sliceStats != null) {
          sliceOf.fill(PoissonWeights.keyOf(t.getImage()), member);
          sliceStats.add(member, image);
        }
        emitImage(t.getImage());
        evaluated++;
        pixels += gt.pixelCount();
        bytesRead += gtLen + predLen;
        readNanos += t1 - t0;
        decodeNanos += t2 - t1;
        countNanos += cpuNanos() - t2;
      } catch (InvalidInputException e) {
        if (!skip) throw e;
        reject(t.getImage(), side, e.file(), e.record(), e.field() != null ? "field \"" + e.field() + "\": "
            + e.reason() : e.reason());
      }
    }

    /** Semantic confusion counts from the pair counts: rows ground-truth category, columns predicted (C = VOID). */
    private void addSemantic(Segments gs, Segments ps) {
      int c = k - 1;
      for (int i = 0; i < pairs.size(); i++) {
        int g = pairs.gtId(i);
        if (g == 0) continue;
        int p = pairs.predId(i);
        int row = gs.category(gs.indexOf(g));
        int col = p == 0 ? c : ps.category(ps.indexOf(p));
        confusion[row * k + col] += pairs.pairPixels(i);
      }
    }

    private PngHeader checkHeader(byte[] png, int len, String name) {
      PngHeader h = LabelPngDecoder.readHeader(png, 0, len, name);
      if (!h.isRgb8()) {
        // refuses the colour type with the decoder's own message, before the body is read
        decoder.decodeSegmentIds(png, 0, Math.min(len, PngFileReader.HEADER_BYTES), name, pred);
      }
      if (h.pixelCount() > maxPixels) {
        throw new InvalidInputException(name, null, null, "image declares " + h.width() + "x" + h.height() + " = "
            + h.pixelCount() + " pixels, over the limit of " + maxPixels + " (--max-pixels); not decoded");
      }
      return h;
    }

    private void emitImage(String imageId) {
      PqResult r = PqResult.of(image, isThing);
      Double imagePq = orNull(r.pq(PqResult.Group.ALL));
      for (int c = 0; c < categoryIds.length; c++) {
        if (!r.counted(c)) continue;
        PanopticOutput o = new PanopticOutput();
        o.setKind(PanopticOutput.IMAGE_CLASS);
        o.setImage(imageId);
        o.setCategoryId(categoryIds[c]);
        o.setTp(r.tp(c));
        o.setFp(r.fp(c));
        o.setFn(r.fn(c));
        o.setIouSum(r.iouSum(c));
        o.setPq(orNull(r.pq(c)));
        o.setImagePq(imagePq);
        ready.add(o);
      }
    }

    private void reject(String imageId, String source, String file, String record, String reason) {
      rejected++;
      ready.add(PanopticOutput.reject(imageId, source, file, record, reason));
    }

    private PanopticOutput partial() {
      PanopticOutput p = new PanopticOutput();
      p.setKind(PanopticOutput.PARTIAL);
      p.setStats(total.toBytes());
      if (boot != null) p.setBootstrap(boot.toBytes());
      if (sliceStats != null) p.setSlices(sliceStats.toBytes());
      p.setConfusion(confusion);
      p.setImages(images);
      p.setEvaluated(evaluated);
      p.setRejected(rejected);
      p.setPixels(pixels);
      p.setBytesRead(bytesRead);
      p.setReadNanos(readNanos);
      p.setDecodeNanos(decodeNanos);
      p.setCountNanos(countNanos);
      return p;
    }
  }

  private static String recordOf(PanopticTask t) {
    String r = t.getProblemRecord();
    return t.getProblemField() == null ? r : (r == null ? "" : r + ": ") + "field \"" + t.getProblemField() + "\"";
  }

  static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
}
