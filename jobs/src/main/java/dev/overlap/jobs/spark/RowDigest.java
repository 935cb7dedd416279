package dev.overlap.jobs.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.AccumulatorV2;

/**
 * What a report needs from a distributed table, taken from the rows as the table is written (see
 * {@link #tap}), so that the report costs no second pass over the data: the row count, sums of some
 * integer columns (nulls skipped, as SQL's {@code sum}), and the first {@code n} rows in an order among
 * those a filter keeps (a bounded heap per task, merged on the driver).
 *
 * <p>An accumulator: updated in the tasks of the write's result stage, where Spark applies each task's
 * update once (a retried or speculative attempt of the same partition does not add again). The order
 * must be total (end with a unique key) for the top rows to be the same on any number of partitions.
 */
public final class RowDigest extends AccumulatorV2<Row, RowDigest.Result> {
  private static final long serialVersionUID = 1L;

  /** Which rows may be listed; serializable, it runs in the tasks. */
  public interface Filter extends Serializable {
    boolean keep(Row row);
  }

  /** The listing order, first listed first; serializable, it runs in the tasks. */
  public interface Order extends Comparator<Row>, Serializable {}

  /** Rows seen, the sums of {@code sumColumns} (in their order), the top rows in order. */
  public record Result(long rows, long[] sums, List<Row> top) {}

  private final int n;
  private final String[] sumColumns;
  private final Filter filter;
  private final Order order;
  private long rows;
  private final long[] sums;
  private final PriorityQueue<Row> top;
  private transient int[] sumIndex;

  /**
   * @param n rows to list at most
   * @param sumColumns integer columns (int or long) to sum
   */
  public RowDigest(int n, String[] sumColumns, Filter filter, Order order) {
    this.n = n;
    this.sumColumns = sumColumns.clone();
    this.filter = filter;
    this.order = order;
    this.sums = new long[sumColumns.length];
    // the head is the row to drop first: the last in order
    this.top = new PriorityQueue<>(Math.max(1, n + 1), order.reversed());
  }

  /** Creates a digest and registers it with the session's context under {@code name}. */
  public static RowDigest register(SparkSession spark, String name, int n, String[] sumColumns, Filter filter,
      Order order) {
    RowDigest d = new RowDigest(n, sumColumns, filter, order);
    spark.sparkContext().register(d, name);
    return d;
  }

  /** {@code df} with every row that passes through also added to {@code digest} (same schema, same rows). */
  public static Dataset<Row> tap(Dataset<Row> df, RowDigest digest) {
    return df.mapPartitions(new Tap(digest), Encoders.row(df.schema()));
  }

  @Override
  public boolean isZero() {
    if (rows != 0 || !top.isEmpty()) return false;
    for (long s : sums) if (s != 0) return false;
    return true;
  }

  @Override
  public RowDigest copy() {
    RowDigest c = new RowDigest(n, sumColumns, filter, order);
    c.merge(this);
    return c;
  }

  @Override
  public void reset() {
    rows = 0;
    java.util.Arrays.fill(sums, 0);
    top.clear();
  }

  @Override
  public void add(Row row) {
    rows++;
    if (sumIndex == null) {
      sumIndex = new int[sumColumns.length];
      for (int i = 0; i < sumColumns.length; i++) sumIndex[i] = row.fieldIndex(sumColumns[i]);
    }
    for (int i = 0; i < sumIndex.length; i++) {
      int j = sumIndex[i];
      if (!row.isNullAt(j)) sums[i] += ((Number) row.get(j)).longValue();
    }
    if (n > 0 && filter.keep(row)) offer(row.copy());
  }

  private void offer(Row row) {
    if (top.size() < n) {
      top.add(row);
    } else if (order.compare(row, top.peek()) < 0) {
      top.poll();
      top.add(row);
    }
  }

  @Override
  public void merge(AccumulatorV2<Row, Result> other) {
    RowDigest o = (RowDigest) other;
    rows += o.rows;
    for (int i = 0; i < sums.length; i++) sums[i] += o.sums[i];
    for (Row r : o.top) offer(r);
  }

  @Override
  public Result value() {
    List<Row> l = new ArrayList<>(top);
    l.sort(order);
    return new Result(rows, sums.clone(), Collections.unmodifiableList(l));
  }

  /** Passes rows through unchanged, adding each to the digest. */
  static final class Tap implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final RowDigest digest;

    Tap(RowDigest digest) {
      this.digest = digest;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> it) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Row next() {
          Row r = it.next();
          digest.add(r);
          return r;
        }
      };
    }
  }
}
