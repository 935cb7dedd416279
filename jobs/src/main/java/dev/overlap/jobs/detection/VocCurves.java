package dev.overlap.jobs.detection;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.voc.VocBootstrap;
import dev.overlap.core.voc.VocCurve;
import dev.overlap.core.voc.VocIntervals;
import dev.overlap.core.voc.VocProtocol;
import dev.overlap.core.voc.VocSummary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * VOC AP from the per-task VOC blocks, in one ordered pass: the blocks are cut at range bounds taken
 * from the tasks' samples (as for the COCO curves), each range partition merges its slices into the
 * global order (category, score descending, image id, rank in image: {@code voc_eval}'s stable sort over
 * image order and file order) and builds each class's {@link VocCurve} per threshold over its stretch;
 * the driver joins the stretches in range order. Curves hold O(true positives) numbers, never a detection.
 *
 * <p>{@code --bootstrap}: each class's ranked detections meet in one task instead (as COCO's replicates do, {@link
 * BootstrapPass}), where {@link VocBootstrap} walks them for every replicate at once; the driver summarizes each
 * replicate as the run ({@link VocIntervals}). Matching is not repeated: replicates only reweigh counts. Slices
 * ({@code --slice-by}) take the same pass with 0 / 1 weights, one replicate per slice.
 */
final class VocCurves {
  private VocCurves() {}

  /** One range partition's curve pieces of one class, tagged with the partition's place in the order. */
  static final class Piece implements Serializable {
    private static final long serialVersionUID = 1L;
    int range;
    int category;
    VocCurve[] curves;

    Piece() {}

    Piece(int range, int category, VocCurve[] curves) {
      this.range = range;
      this.category = category;
      this.curves = curves;
    }
  }

  /** Builds the curve pieces of one range partition from its merged slices. */
  static final class Build implements FlatMapFunction<Iterator<scala.Tuple2<Integer, MatchBlock>>, Piece> {
    private static final long serialVersionUID = 1L;
    private final int thresholds;

    Build(int thresholds) {
      this.thresholds = thresholds;
    }

    @Override
    public Iterator<Piece> call(Iterator<scala.Tuple2<Integer, MatchBlock>> it) {
      List<MatchBlock> parts = new ArrayList<>();
      int range = -1;
      while (it.hasNext()) {
        scala.Tuple2<Integer, MatchBlock> t = it.next();
        range = t._1();
        parts.add(t._2());
      }
      List<Piece> out = new ArrayList<>();
      if (parts.isEmpty()) return out.iterator();
      MatchBlock m = MatchBlock.merge(parts, thresholds);
      byte[] flags = m.flagsArray();
      VocCurve[] cur = null;
      int k = -1;
      for (int i = 0; i < m.size(); i++) {
        if (cur == null || m.category(i) != k) {
          if (cur != null) out.add(new Piece(range, k, cur));
          k = m.category(i);
          cur = new VocCurve[thresholds];
          for (int t = 0; t < thresholds; t++) cur[t] = new VocCurve();
        }
        int o = i * thresholds;
        for (int t = 0; t < thresholds; t++) cur[t].add(flags[o + t]);
      }
      if (cur != null) out.add(new Piece(range, k, cur));
      return out.iterator();
    }
  }

  /**
   * The VOC summary of the run.
   *
   * @param out the persisted per-image evaluation output (its {@link EvalOutput#VOC_MATCHES} blocks)
   * @param samples the tasks' samples of their VOC blocks, and {@code counts} the detections each stands for
   * @param npos non-difficult GTs per class index
   */
  static VocSummary summarize(JavaRDD<EvalOutput> out, List<MatchBlock> samples, List<Long> counts, int partitions,
      VocProtocol protocol, long[] npos) {
    double[] thr = VocProtocol.thresholds();
    MatchBlock bounds = DetectionJob.rangeBounds(samples, counts, partitions);
    int ranges = bounds.size() + 1;
    List<Piece> pieces = out.flatMapToPair(new Keys.SliceByRange(bounds, EvalOutput.VOC_MATCHES))
        .partitionBy(new Keys.Direct(ranges))
        .mapPartitions(new Build(thr.length))
        .collect();
    List<Piece> sorted = new ArrayList<>(pieces);
    sorted.sort((a, b) -> a.range != b.range ? Integer.compare(a.range, b.range) : Integer.compare(a.category, b.category));
    VocCurve[][] curves = new VocCurve[npos.length][];
    for (Piece p : sorted) {
      if (curves[p.category] == null) {
        curves[p.category] = p.curves;
      } else {
        for (int t = 0; t < thr.length; t++) curves[p.category][t].append(p.curves[t]);
      }
    }
    return VocSummary.of(protocol, thr, curves, npos);
  }

  /** One class's AP in every replicate at every threshold ({@link VocBootstrap#ap}). A plain class for Kryo. */
  static final class ClassAps implements Serializable {
    private static final long serialVersionUID = 1L;
    int category;
    double[] ap;

    ClassAps() {}

    ClassAps(int category, double[] ap) {
      this.category = category;
      this.ap = ap;
    }
  }

  /** Per class of the task, in class order: its merged rank order, then all replicates' APs. */
  static final class Aps implements FlatMapFunction<Iterator<scala.Tuple2<Integer, MatchBlock>>, ClassAps> {
    private static final long serialVersionUID = 1L;
    private final VocProtocol protocol;
    private final long[] npos;
    private final int replicates;
    private final BootstrapPass.WeightsSource source;

    Aps(VocProtocol protocol, long[] npos, int replicates, BootstrapPass.WeightsSource source) {
      this.protocol = protocol;
      this.npos = npos;
      this.replicates = replicates;
      this.source = source;
    }

    @Override
    public Iterator<ClassAps> call(Iterator<scala.Tuple2<Integer, MatchBlock>> pieces) {
      int t0 = VocProtocol.thresholds().length;
      BootstrapCurves.Weights weights = source.get();
      List<ClassAps> out = new ArrayList<>();
      BootstrapPass.forEachCategory(pieces, t0, (k, ranked) -> {
        long[] images = new long[ranked.size()];
        for (int d = 0; d < images.length; d++) images[d] = ranked.imageId(d);
        out.add(new ClassAps(k, VocBootstrap.ap(images.length, images, ranked.flagsArray(), t0,
            java.util.Arrays.copyOfRange(npos, k * replicates, (k + 1) * replicates), weights, protocol)));
      });
      return out.iterator();
    }
  }

  /**
   * Bootstrap intervals of the VOC summary: Poisson(1) replicates under {@code seed}.
   *
   * @param npos weighted non-difficult ground truths summed over the evaluation tasks, {@code [k * R + rep]}
   * @param tasks tasks that build the classes' curves
   */
  static VocIntervals bootstrap(JavaRDD<EvalOutput> out, VocProtocol protocol, long[] npos, int numClasses,
      int replicates, long seed, double confidence, int tasks) {
    double[][] ap = aps(out, protocol, npos, numClasses, replicates, () -> BootstrapCurves.poisson(seed), tasks);
    return VocIntervals.of(protocol, VocProtocol.thresholds(), ap, byClass(npos, numClasses, replicates), confidence);
  }

  /**
   * Every class's AP in every replicate of {@code weights} at every threshold ({@link VocBootstrap#ap}):
   * {@code [k][rep * T + t]}. Poisson weights make the bootstrap's replicates; 0 / 1 weights make slices
   * ({@code --slice-by}), each then the AP of its images alone.
   *
   * @param npos weighted non-difficult ground truths summed over the evaluation tasks, {@code [k * R + rep]}
   * @param tasks tasks that build the classes' curves
   */
  static double[][] aps(JavaRDD<EvalOutput> out, VocProtocol protocol, long[] npos, int numClasses, int replicates,
      BootstrapPass.WeightsSource weights, int tasks) {
    double[] thr = VocProtocol.thresholds();
    List<ClassAps> parts = out.flatMapToPair(new BootstrapPass.ByCategory(tasks, EvalOutput.VOC_MATCHES))
        .partitionBy(new Keys.Direct(tasks))
        .mapPartitions(new Aps(protocol, npos, replicates, weights))
        .collect();
    double[][] ap = new double[numClasses][];
    for (ClassAps c : parts) ap[c.category] = c.ap;
    BootstrapCurves.Weights w = weights.get();
    long[][] n = byClass(npos, numClasses, replicates);
    for (int k = 0; k < numClasses; k++) {
      // a class without detections: AP 0 wherever it has ground truth
      if (ap[k] == null) ap[k] = VocBootstrap.ap(0, new long[0], new byte[0], thr.length, n[k], w, protocol);
    }
    return ap;
  }

  /** {@code npos[k * R + rep]} as {@code [k][rep]}. */
  static long[][] byClass(long[] npos, int numClasses, int replicates) {
    long[][] n = new long[numClasses][];
    for (int k = 0; k < numClasses; k++) n[k] = java.util.Arrays.copyOfRange(npos, k * replicates, (k + 1) * replicates);
    return n;
  }
}
