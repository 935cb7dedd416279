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
 * Annotation ids travel through one shuffle of (id, file position, count), reduced by key; only the
 * duplicated ids reach the driver. String image ids reach it through an accumulator (each once per
 * image; duplicates from retried tasks are removed).
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
  record Result(ImageIds imageIds, long[] duplicateIds, long[] firstSeq, long[] copies)
      implements java.io.Serializable {
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
    CollectionAccumulator<String> strings = jsc.sc().collectionAccumulator("string image ids");
    LongAccumulator numeric = jsc.sc().longAccumulator("numeric image ids");
    List<Tuple2<Long, long[]>> dups = scan
        .flatMapToPair(r -> {
          if (r.getKind() == EvalRecord.IMAGE) {
            if (r.getStringId() != null) strings.add(r.getStringId());
            else numeric.add(1);
          } else if (r.getKind() == EvalRecord.GT) {
            return List.of(new Tuple2<>(r.getAnnId(), new long[] {r.getSeq(), 1})).iterator();
          }
          return java.util.Collections.<Tuple2<Long, long[]>>emptyIterator();
        })
        .reduceByKey((a, b) -> new long[] {Math.min(a[0], b[0]), a[1] + b[1]})
        .filter(t -> t._2()[1] > 1)
        .collect();
    Set<String> distinct = new HashSet<>(strings.value());
    if (!distinct.isEmpty() && numeric.value() > 0) {
      throw new InvalidInputException(gtName, "images", "id", "mixes string and numeric image ids (" + distinct.size()
          + " strings, " + numeric.value() + " numbers); use one kind");
    }
    ImageIds ids = distinct.isEmpty() ? null : ImageIds.of(distinct.toArray(new String[0]));
    List<Tuple2<Long, long[]>> sorted = new ArrayList<>(dups);
    sorted.sort((x, y) -> Long.compare(x._1(), y._1()));
    long[] dupIds = new long[sorted.size()];
    long[] first = new long[sorted.size()];
    long[] copies = new long[sorted.size()];
    for (int i = 0; i < dupIds.length; i++) {
      dupIds[i] = sorted.get(i)._1();
      first[i] = sorted.get(i)._2()[0];
      copies[i] = sorted.get(i)._2()[1];
    }
    if (dupIds.length > 0 && !skip) throw duplicate(gtName, dupIds[0], copies[0], dupIds.length);
    return new Result(ids, dupIds, first, copies);
  }

  /** The one-line error for a duplicated annotation id. */
  static InvalidInputException duplicate(String gtName, long id, long copies, int ids) {
    return new InvalidInputException(gtName, "annotation id " + id, "id", "duplicate annotation id: " + copies
        + " annotations carry it" + (ids > 1 ? " (and " + (ids - 1) + " more ids are duplicated)" : "")
        + "; pycocotools would evaluate the last of them in place of each");
  }
}
