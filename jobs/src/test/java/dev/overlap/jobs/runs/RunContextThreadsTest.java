package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection writes pr_curve on a thread of its own while the driver writes its other tables: the first two tables
 * of a run, written at the same moment, mark the run once (before the lock, both wrote the runs row and one of
 * them failed on the other's half-renamed file).
 */
class RunContextThreadsTest {
  @TempDir Path tmp;

  @Test
  void theFirstTablesOfTwoThreadsMarkTheRunOnce() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("x", DataTypes.LongType, false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        String out = tmp.resolve("out" + round).toString();
        RunOptions o = RunOptions.parse(Args.parse(new String[] {"--out", out, "--run-id", "r"}, RunOptions.OPTIONS,
            RunOptions.FLAGS));
        RunContext run = RunContext.begin(o, "detection", Map.of(), List.of());
        run.prepare(spark);
        try {
          CyclicBarrier together = new CyclicBarrier(2);
          Future<?> a = pool.submit(table(run, "a", schema, together, 3));
          Future<?> b = pool.submit(table(run, "b", schema, together, 5));
          a.get();
          b.get();
        } finally {
          run.close();
        }
        assertEquals(3, spark.read().parquet(out + "/a").count());
        assertEquals(5, spark.read().parquet(out + "/b").count());
        assertEquals(1, spark.read().parquet(out + "/runs").where("run_id = 'r'").count());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Callable<Void> table(RunContext run, String name, StructType schema, CyclicBarrier together, int rows) {
    return () -> {
      together.await();
      run.writeTable(name, schema, row -> {
        for (long i = 0; i < rows; i++) row.setLong(0, i).end();
      });
      return null;
    };
  }
}
