package dev.overlap.jobs.detection;

import dev.overlap.core.coco.BootstrapCurves;
import dev.overlap.core.coco.CocoIntervals;
import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.CocoSummary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Bootstrap intervals of the COCO stats over the evaluation output: each category's ranked detections meet in one
 * task (sliced by category from every evaluation task's sorted block, merged into the global rank order), where
 * {@link BootstrapCurves} accumulates all replicates at once; each task returns, per category and replicate, the
 * sums the twelve stats average, and the driver adds them in category order ({@link CocoIntervals#fromSums}).
 * IoU and matching are not repeated: replicates only reweigh counts. Slices ({@code --slice-by}) take the same pass
 * with 0 / 1 weights, one replicate per slice. Weights are integers and every sum runs in a
 * fixed order, so any partitioning gives the same bits.
 *
 * <p>A category's ranked detections are held by one task while its curves are built.
 */
final class BootstrapPass {
  private BootstrapPass() {}

  /** One category's contribution: {@code sums[rep * S + s]}, {@code counts[rep * S + s]}. A plain class for Kryo. */
  static final class CategorySums implements Serializable {
    private static final long serialVersionUID = 1L;
    int category;
    double[] sums;
    long[] counts;

    CategorySums() {}

    CategorySums(int category, double[] sums, long[] counts) {
      this.category = category;
      this.sums = sums;
      this.counts = counts;
    }
  }

  /** Where a task gets its weights: Poisson draws made on the spot, or slices from a broadcast. */
  interface WeightsSource extends Serializable {
    BootstrapCurves.Weights get();
  }

  /**
   * Per category and replicate, the sums and counts the twelve stats average ({@link CocoIntervals#sums}).
   *
   * @param sums {@code [category][replicate][stat]}
   * @param counts {@code [category][replicate][stat]}
   */
  record Sums(double[][][] sums, long[][][] counts) {}

  /**
   * Bootstrap intervals: Poisson(1) replicates under {@code seed}, of the stats of {@code layout} (keypoints',
   * LVIS's; null: COCO's twelve).
   */
  static CocoIntervals run(JavaRDD<EvalOutput> out, CocoParams params, CocoSummary.Stat[] layout, int numCategories,
      Broadcast<long[]> npig, int replicates, long seed, double confidence, int tasks) {
    Sums s = sums(out, params, layout, numCategories, npig, () -> BootstrapCurves.poisson(seed), replicates, tasks);
    return CocoIntervals.fromSums(confidence, replicates, s.sums(), s.counts(), layout);
  }

  /**
   * @param npig weighted non-ignored GT counts summed over the evaluation tasks, {@code [(k * R + rep) * A + a]}
   */
  static Sums sums(JavaRDD<EvalOutput> out, CocoParams params, CocoSummary.Stat[] layout, int numCategories,
      Broadcast<long[]> npig, WeightsSource weights, int replicates, int tasks) {
    int stride = params.numAreaRanges() * params.numIouThresholds();
    List<CategorySums> parts = out.flatMapToPair(new ByCategory(tasks, EvalOutput.MATCHES))
        .partitionBy(new Keys.Direct(tasks))
        .mapPartitions(new Curves(params, layout, npig, replicates, weights, stride))
        .collect();
    int s0 = layout == null ? CocoSummary.NAMES.length : layout.length;
    double[][][] sums = new double[numCategories][replicates][s0];
    long[][][] counts = new long[numCategories][replicates][s0];
    boolean[] seen = new boolean[numCategories];
    for (CategorySums c : parts) {
      seen[c.category] = true;
      for (int rep = 0; rep < replicates; rep++) {
        System.arraycopy(c.sums, rep * s0, sums[c.category][rep], 0, s0);
        System.arraycopy(c.counts, rep * s0, counts[c.category][rep], 0, s0);
      }
    }
    // categories without a ranked detection: curves of zeros wherever they have ground truth
    int a0 = params.numAreaRanges();
    long[] n = npig.value();
    double[] prec = new double[params.numRecallThresholds()];
    for (int k = 0; k < numCategories; k++) {
      if (seen[k]) continue;
      BootstrapCurves empty = new BootstrapCurves(params, replicates, weights.get(),
          Arrays.copyOfRange(n, k * replicates * a0, (k + 1) * replicates * a0));
      for (int rep = 0; rep < replicates; rep++) {
        CocoIntervals.sums(params, layout, empty, rep, sums[k][rep], counts[k][rep], prec);
      }
    }
    return new Sums(sums, counts);
  }

  /** What is done with one category's detections merged into the global rank order. */
  interface CategoryRun {
    void accept(int category, MatchBlock ranked);
  }

  /**
   * Groups a task's pieces ({@link ByCategory}: one category each) by category, smallest first, merges each group
   * into the global rank order and hands it on; a group's pieces are released once merged.
   */
  static void forEachCategory(Iterator<Tuple2<Integer, MatchBlock>> pieces, int stride, CategoryRun run) {
    List<MatchBlock> all = new ArrayList<>();
    while (pieces.hasNext()) all.add(pieces.next()._2());
    all.sort((x, y) -> Integer.compare(x.category(0), y.category(0)));
    int i = 0;
    while (i < all.size()) {
      int k = all.get(i).category(0);
      int j = i;
      while (j < all.size() && all.get(j).category(0) == k) j++;
      MatchBlock ranked = MatchBlock.merge(all.subList(i, j), stride);
      for (int q = i; q < j; q++) all.set(q, null);
      run.accept(k, ranked);
      i = j;
    }
  }

  /**
   * Slices each evaluation task's sorted block of one kind (COCO's {@link EvalOutput#MATCHES}, VOC's
   * {@link EvalOutput#VOC_MATCHES}) into its categories' runs, keyed by the task that builds them.
   */
  static final class ByCategory implements PairFlatMapFunction<EvalOutput, Integer, MatchBlock> {
    private static final long serialVersionUID = 1L;
    private final int tasks;
    private final int kind;

    ByCategory(int tasks, int kind) {
      this.tasks = tasks;
      this.kind = kind;
    }

    @Override
    public Iterator<Tuple2<Integer, MatchBlock>> call(EvalOutput o) {
      List<Tuple2<Integer, MatchBlock>> out = new ArrayList<>();
      if (o.getKind() != kind) return out.iterator();
      MatchBlock m = o.getMatches();
      int from = 0;
      while (from < m.size()) {
        int k = m.category(from);
        int to = from + 1;
        while (to < m.size() && m.category(to) == k) to++;
        out.add(new Tuple2<>(k % tasks, m.slice(from, to)));
        from = to;
      }
      return out.iterator();
    }
  }

  /** Per category of the task, in category order: the merged rank order, all replicates' curves, their sums. */
  static final class Curves implements FlatMapFunction<Iterator<Tuple2<Integer, MatchBlock>>, CategorySums> {
    private static final long serialVersionUID = 1L;
    private final CocoParams params;
    private final CocoSummary.Stat[] layout;
    private final Broadcast<long[]> npig;
    private final int replicates;
    private final WeightsSource source;
    private final int stride;

    Curves(CocoParams params, CocoSummary.Stat[] layout, Broadcast<long[]> npig, int replicates, WeightsSource source,
        int stride) {
      this.params = params;
      this.layout = layout;
      this.npig = npig;
      this.replicates = replicates;
      this.source = source;
      this.stride = stride;
    }

    @Override
    public Iterator<CategorySums> call(Iterator<Tuple2<Integer, MatchBlock>> pieces) {
      List<CategorySums> out = new ArrayList<>();
      int a0 = params.numAreaRanges();
      int s0 = layout == null ? CocoSummary.NAMES.length : layout.length;
      long[] n = npig.value();
      BootstrapCurves.Weights weights = source.get();
      double[] prec = new double[params.numRecallThresholds()];
      forEachCategory(pieces, stride, (k, ranked) -> {
        BootstrapCurves c = new BootstrapCurves(params, replicates, weights,
            Arrays.copyOfRange(n, k * replicates * a0, (k + 1) * replicates * a0));
        byte[] flags = ranked.flagsArray();
        for (int d = 0; d < ranked.size(); d++) {
          c.add(ranked.imageId(d), ranked.rank(d), flags, d * stride);
        }
        double[] sums = new double[replicates * s0];
        long[] counts = new long[replicates * s0];
        double[] s = new double[s0];
        long[] cnt = new long[s0];
        for (int rep = 0; rep < replicates; rep++) {
          Arrays.fill(s, 0);
          Arrays.fill(cnt, 0);
          CocoIntervals.sums(params, layout, c, rep, s, cnt, prec);
          System.arraycopy(s, 0, sums, rep * s0, s0);
          System.arraycopy(cnt, 0, counts, rep * s0, s0);
        }
        out.add(new CategorySums(k, sums, counts));
      });
      return out.iterator();
    }
  }
}
