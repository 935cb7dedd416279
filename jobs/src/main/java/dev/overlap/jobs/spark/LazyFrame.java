package dev.overlap.jobs.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A Dataset made the first time it is asked for. A job's result offers its distributed tables as Datasets for
 * readers that want them (tests, notebooks), while a run writes their rows itself: the first Dataset of a session
 * sets up Spark SQL's session state (~2,700 classes, ~0.3 CPU s of a run), which such a run never needs.
 */
public final class LazyFrame {
  private final Supplier<Dataset<Row>> make;
  private Dataset<Row> made;

  private LazyFrame(Supplier<Dataset<Row>> make, Dataset<Row> made) {
    this.make = make;
    this.made = made;
  }

  /** Made by {@code make} on the first {@link #get()}. */
  public static LazyFrame of(Supplier<Dataset<Row>> make) {
    return new LazyFrame(make, null);
  }

  /** Already made; null gives null. */
  public static LazyFrame of(Dataset<Row> made) {
    return made == null ? null : new LazyFrame(null, made);
  }

  /** The Dataset, made now if it was not yet. */
  public synchronized Dataset<Row> get() {
    if (made == null) made = make.get();
    return made;
  }
}
