package dev.overlap.jobs.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The duplicate-id reduction without Spark: tasks' triples cut by reducer, combined, against a naive map. */
class GroundTruthScanTest {

  @Test
  void duplicatedIdsAcrossTasksMatchANaiveCount() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int round = 0; round < 50; round++) {
      int tasks = 1 + rnd.nextInt(5);
      int reducers = 1 + rnd.nextInt(4);
      // naive oracle: id -> {first position, count}
      Map<Long, long[]> naive = new TreeMap<>();
      List<List<Tuple2<Integer, long[]>>> byTask = new ArrayList<>();
      long seq = 0;
      for (int t = 0; t < tasks; t++) {
        int n = rnd.nextInt(40);
        long[] ids = new long[n];
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
          // a small id space, negative ids included: many repeats, within and across tasks
          ids[i] = rnd.nextInt(60) - 20;
          seqs[i] = seq++;
          naive.merge(ids[i], new long[] {seqs[i], 1}, (a, b) -> new long[] {Math.min(a[0], b[0]), a[1] + b[1]});
        }
        byTask.add(GroundTruthScan.byReducer(GroundTruthScan.distinct(ids, seqs, n), reducers));
      }
      // what the shuffle does: each reducer gets its parts from every task
      List<Long> got = new ArrayList<>();
      for (int r = 0; r < reducers; r++) {
        List<long[]> parts = new ArrayList<>();
        for (List<Tuple2<Integer, long[]>> task : byTask) {
          for (Tuple2<Integer, long[]> p : task) {
            assertTrue(p._1() >= 0 && p._1() < reducers);
            for (int i = 0; i < p._2().length; i += 3) assertTrue(Math.floorMod(p._2()[i], (long) reducers) == p._1());
            if (p._1() == r) parts.add(p._2());
          }
        }
        long[] all = parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        for (long v : GroundTruthScan.duplicated(all)) got.add(v);
      }
      long[] gotTriples = GroundTruthScan.duplicated(got.stream().mapToLong(Long::longValue).toArray());
      List<Long> want = new ArrayList<>();
      for (Map.Entry<Long, long[]> e : naive.entrySet()) {
        if (e.getValue()[1] > 1) {
          want.add(e.getKey());
          want.add(e.getValue()[0]);
          want.add(e.getValue()[1]);
        }
      }
      assertArrayEquals(want.stream().mapToLong(Long::longValue).toArray(), gotTriples, "round " + round);
    }
  }
}
