package dev.overlap.jobs.detection;

import dev.overlap.core.io.ImageIds;
import dev.overlap.core.io.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * One pass over the ground truth's images and annotations (masks skipped) before the evaluation, for
 * what no single image can tell:
 * <ul>
 *   <li>whether image ids are strings, and if so all of them, sorted into dense keys ({@link ImageIds});
 *       string and numeric ids mixed are refused (pycocotools' {@code sorted()} fails on them too);</li>
 *   <li>annotation ids used more than once. pycocotools indexes annotations by id, so each of them is
 *       replaced by the last one with that id ({@code COCO.loadAnns}) and the numbers come out silently
 *       wrong: refused in one line naming the id, or with {@code --on-bad-input skip} the first one in
 *       file order is kept and the others go to the rejects table.</li>
 * </ul>
 * Annotation ids travel through one shuffle as primitive (id, file position, count) triples, combined per task
 * and then per reducer; only the duplicated ids reach the driver. String image ids reach it through an
 * accumulator (each once per image; duplicates from retried tasks are removed).
 *
 * <p>A run that needs neither string ids' keys nor the duplicates before its evaluation (numeric ids, duplicates
 * refused, no --slice-by) skips the scan: the evaluation gathers the triples as it reads the ground truth and
 * {@link #duplicatesAsync} checks them.
 */
final class GroundTruthScan {
  private GroundTruthScan() {}

  /**
   * What the scan found.
   *
   * @param imageIds the string image ids' keys, or null when the ids are numbers
   * @param duplicateIds annotation ids used more than once, ascending
   * @param firstSeq for each of them, the file position of its first annotation (the one kept)
   * @param copies for each of them, how many annotations carry it
   */
  record Result(ImageIds imageIds, long[] duplicateIds, long[] firstSeq, long[] copies, Images images)
      implements java.io.Serializable {
    /** Numeric image ids and no duplicate to reject: what a run that skips the scan evaluates with. */
    static final Result NONE = new Result(null, new long[0], new long[0], new long[0], null);

    /** Whether annotation {@code annId} at file position {@code seq} repeats an id used before it. */
    boolean isRepeat(long annId, long seq) {
      int i = java.util.Arrays.binarySearch(duplicateIds, annId);
      return i >= 0 && seq != firstSeq[i];
    }
  }

  /**
   * Scans and checks.
   *
   * @param scan the ground truth's records read with string image ids collected ({@link ImageIds#COLLECT})
   * @param gtName the ground truth as named in messages
   * @param skip {@code --on-bad-input skip}: duplicate annotation ids are rejected later instead of refused here
   * @throws InvalidInputException for mixed image id kinds, or (without skip) a duplicate annotation id
   */
  static Result run(JavaSparkContext jsc, JavaRDD<EvalRecord> scan, String gtName, boolean skip) {
    return run(jsc, scan, gtName, skip, false);
  }

  /**
   * The ground truth's image ids (string ids: their keys once known) and the attribute fields its image records
   * carried, for --slice-by; an image listed twice appears twice.
   *
   * @param ids the image ids as read (string ids: -1 here, their keys are {@code keys})
   * @param stringIds the ids as written when they are strings, else null
   * @param attributes per image, the slice fields' values (null: the fields come from a side table)
   */
  record Images(long[] ids, String[] stringIds, String[][] attributes) implements java.io.Serializable {}

  /** As {@link #run(JavaSparkContext, JavaRDD, String, boolean)}; with {@code images}, also gathers {@link Images}. */
  static Result run(JavaSparkContext jsc, JavaRDD<EvalRecord> scan, String gtName, boolean skip, boolean images) {
    CollectionAccumulator<Images> imageChunks = images ? jsc.sc().collectionAccumulator("ground truth images") : null;
    CollectionAccumulator<String> strings = jsc.sc().collectionAccumulator("string image ids");
    LongAccumulator numeric = jsc.sc().longAccumulator("numeric image ids");
    int reducers = Math.max(1, Math.min(scan.getNumPartitions(), jsc.defaultParallelism()));
    org.apache.spark.api.java.JavaPairRDD<Integer, long[]> byReducer = scan.mapPartitionsToPair(it -> {
          AnnotationIds annIds = new AnnotationIds();
          List<EvalRecord> imgs = imageChunks == null ? null : new ArrayList<>();
          while (it.hasNext()) {
            EvalRecord r = it.next();
            if (r.getKind() == EvalRecord.IMAGE) {
              if (r.getStringId() != null) strings.add(r.getStringId());
              else numeric.add(1);
              if (imgs != null) imgs.add(r);
            } else if (r.getKind() == EvalRecord.GT) {
              annIds.add(r.getAnnId(), r.getSeq());
            }
          }
          if (imgs != null) imageChunks.add(images(imgs));
          return byReducer(annIds.distinct(), reducers).iterator();
        });
    List<long[]> found = repeatedPerReducer(byReducer, reducers).collect();
    long[] dupsFlat = duplicated(concat(found));
    Set<String> distinct = new HashSet<>(strings.value());
    if (!distinct.isEmpty() && numeric.value() > 0) {
      throw new InvalidInputException(gtName, "images", "id", "mixes string and numeric image ids (" + distinct.size()
          + " strings, " + numeric.value() + " numbers); use one kind");
    }
    ImageIds ids = distinct.isEmpty() ? null : ImageIds.of(distinct.toArray(new String[0]));
    int d = dupsFlat.length / 3;
    long[] dupIds = new long[d];
    long[] first = new long[d];
    long[] copies = new long[d];
    for (int i = 0; i < d; i++) {
      dupIds[i] = dupsFlat[3 * i];
      first[i] = dupsFlat[3 * i + 1];
      copies[i] = dupsFlat[3 * i + 2];
    }
    if (dupIds.length > 0 && !skip) throw duplicate(gtName, dupIds[0], copies[0], dupIds.length);
    return new Result(ids, dupIds, first, copies, images ? concatImages(imageChunks.value()) : null);
  }

  /**
   * The same check on the annotation ids an evaluation gathered as it read the ground truth ({@link
   * EvalOutput#ANNOTATION_IDS}, one per task), for runs that skip the scan: numeric image ids, no --slice-by, and
   * duplicates refused (nothing the evaluation did depends on them then). Started as an asynchronous job, so that it
   * runs beside the curve passes.
   *
   * @return the duplicated ids as (id, first file position, count) triples, ascending (empty when there are none)
   */
  static org.apache.spark.api.java.JavaFutureAction<List<long[]>> duplicatesAsync(JavaRDD<EvalOutput> out) {
    int reducers = Math.max(1, Math.min(out.getNumPartitions(), out.context().defaultParallelism()));
    return repeatedPerReducer(out.flatMapToPair(o -> o.getKind() == EvalOutput.ANNOTATION_IDS
        ? byReducer(o.getAnnotationIds(), reducers).iterator()
        : java.util.Collections.<Tuple2<Integer, long[]>>emptyIterator()), reducers).collectAsync();
  }

  /** Each reducer's repeated ids among the tasks' distinct triples sent to it ({@link #byReducer}). */
  private static JavaRDD<long[]> repeatedPerReducer(org.apache.spark.api.java.JavaPairRDD<Integer, long[]> byReducer,
      int reducers) {
    return byReducer.partitionBy(new Keys.Direct(reducers))
        .mapPartitions(it -> {
          List<long[]> parts = new ArrayList<>();
          while (it.hasNext()) parts.add(it.next()._2());
          return List.of(duplicated(concat(parts))).iterator();
        });
  }

  /**
   * Refuses what {@link #duplicatesAsync} found, as the scan refuses it.
   *
   * @throws InvalidInputException for a duplicated annotation id
   */
  static void refuseDuplicates(List<long[]> found, String gtName) {
    long[] dups = duplicated(concat(found));
    if (dups.length > 0) throw duplicate(gtName, dups[0], dups[2], dups.length / 3);
  }

  private static Images images(List<EvalRecord> imgs) {
    long[] ids = new long[imgs.size()];
    String[] strings = new String[imgs.size()];
    String[][] attrs = new String[imgs.size()][];
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      EvalRecord r = imgs.get(i);
      ids[i] = r.getStringId() != null ? -1 : r.getImageId();
      strings[i] = r.getStringId();
      attrs[i] = r.getAttributes();
      any |= attrs[i] != null;
    }
    return new Images(ids, strings, any ? attrs : null);
  }

  /** The tasks' images in one list (a retried task's twice: {@link dev.overlap.core.slices.ImageSlices} accepts that). */
  private static Images concatImages(List<Images> chunks) {
    int n = 0;
    boolean attrs = false;
    for (Images c : chunks) {
      n += c.ids().length;
      attrs |= c.attributes() != null;
    }
    long[] ids = new long[n];
    String[] strings = new String[n];
    String[][] values = attrs ? new String[n][] : null;
    int at = 0;
    for (Images c : chunks) {
      int m = c.ids().length;
      System.arraycopy(c.ids(), 0, ids, at, m);
      System.arraycopy(c.stringIds(), 0, strings, at, m);
      if (values != null && c.attributes() != null) System.arraycopy(c.attributes(), 0, values, at, m);
      at += m;
    }
    return new Images(ids, strings, values);
  }

  /**
   * A task's (annotation id, file position) pairs in primitive columns: millions of annotations pass here, and a
   * boxed pair per annotation cost more than reading them.
   */
  static final class AnnotationIds {
    private long[] ids = new long[1024];
    private long[] seqs = new long[1024];
    private int n;

    void add(long id, long seq) {
      if (n == ids.length) {
        ids = java.util.Arrays.copyOf(ids, 2 * n);
        seqs = java.util.Arrays.copyOf(seqs, 2 * n);
      }
      ids[n] = id;
      seqs[n++] = seq;
    }

    /** The distinct ids as (id, first file position, count) triples, ascending by id. */
    long[] distinct() {
      return GroundTruthScan.distinct(ids, seqs, n);
    }
  }

  /** The (id, first file position, count) triples of the distinct ids among {@code n} annotations, ascending by id. */
  static long[] distinct(long[] ids, long[] seqs, int n) {
    long[] triples = new long[3 * n];
    for (int i = 0; i < n; i++) {
      triples[3 * i] = ids[i];
      triples[3 * i + 1] = seqs[i];
      triples[3 * i + 2] = 1;
    }
    return combine(triples, false);
  }

  /** Triples ascending by id, cut by reducer ({@code floorMod(id, reducers)}), each part still ascending. */
  static List<Tuple2<Integer, long[]>> byReducer(long[] distinct, int reducers) {
    int[] sizes = new int[reducers];
    for (int i = 0; i < distinct.length; i += 3) sizes[(int) Math.floorMod(distinct[i], (long) reducers)] += 3;
    long[][] parts = new long[reducers][];
    for (int r = 0; r < reducers; r++) parts[r] = new long[sizes[r]];
    int[] at = new int[reducers];
    for (int i = 0; i < distinct.length; i += 3) {
      int r = (int) Math.floorMod(distinct[i], (long) reducers);
      System.arraycopy(distinct, i, parts[r], at[r], 3);
      at[r] += 3;
    }
    List<Tuple2<Integer, long[]>> out = new ArrayList<>();
    for (int r = 0; r < reducers; r++) if (sizes[r] > 0) out.add(new Tuple2<>(r, parts[r]));
    return out;
  }

  /** The triples whose id is used more than once, combined: (id, first file position, total count), ascending. */
  static long[] duplicated(long[] triples) {
    return combine(triples, true);
  }

  /**
   * Sorts (id, position, count) triples by id and combines those of one id: the smallest position, the summed
   * count; with {@code onlyRepeated} keeps only ids whose count is above 1.
   */
  private static long[] combine(long[] t, boolean onlyRepeated) {
    int n = t.length / 3;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    dev.overlap.core.sort.IndexSort.sort(idx, n, new int[n], (a, b) -> t[3 * a] < t[3 * b]);
    long[] out = new long[3 * n];
    int o = 0;
    for (int i = 0; i < n;) {
      long id = t[3 * idx[i]];
      long first = t[3 * idx[i] + 1];
      long count = 0;
      int j = i;
      for (; j < n && t[3 * idx[j]] == id; j++) {
        first = Math.min(first, t[3 * idx[j] + 1]);
        count += t[3 * idx[j] + 2];
      }
      if (!onlyRepeated || count > 1) {
        out[o++] = id;
        out[o++] = first;
        out[o++] = count;
      }
      i = j;
    }
    return java.util.Arrays.copyOf(out, o);
  }

  private static long[] concat(List<long[]> parts) {
    int total = 0;
    for (long[] p : parts) total += p.length;
    long[] all = new long[total];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** The one-line error for a duplicated annotation id. */
  static InvalidInputException duplicate(String gtName, long id, long copies, int ids) {
    return new InvalidInputException(gtName, "annotation id " + id, "id", "duplicate annotation id: " + copies
        + " annotations carry it" + (ids > 1 ? " (and " + (ids - 1) + " more ids are duplicated)" : "")
        + "; pycocotools would evaluate the last of them in place of each");
  }
}
