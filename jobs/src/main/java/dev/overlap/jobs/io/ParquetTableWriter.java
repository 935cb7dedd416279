package dev.overlap.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a table that lives on the driver (a summary, a per-class table, a curve of a million points)
 * as one Parquet file (or a few, written in parallel) into a partition folder, without a Spark job: no planning, no code generation,
 * no task, no commit protocol, each of which costs more than writing a small table.
 *
 * <p>The file is the one Spark would write for the same rows: same Parquet types (long: int64, int:
 * int32, double, boolean, string: binary UTF-8, timestamp as the session's outputTimestampType, maps
 * with string keys as MAP groups of key_value, arrays of doubles as LIST groups of list.element), required where the Spark field is not nullable, the
 * message named {@code spark_schema}, Spark's row metadata in the footer (so that Spark reads the schema
 * back as written), Spark's file naming ({@code part-00000-<uuid>-c000.<codec>.parquet}) and an empty
 * {@code _SUCCESS}.
 *
 * <p>Replacing a partition keeps what Spark's overwrite guarantees readers, never a partial file: on
 * local disks and HDFS the file is written under a hidden name ({@code .part-...inprogress}, skipped
 * by Spark, Hive and {@code *.parquet} globs) and renamed into place once complete, after the old
 * files are removed; on object stores (where a rename is a copy) the old files are removed first, as
 * Spark does, and the new object becomes visible only when its upload completes on close.
 */
public final class ParquetTableWriter {
  private ParquetTableWriter() {}

  /** What Spark stores in the footer: the Catalyst schema, so that a Spark reader gets it back unchanged. */
  static final String SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";
  static final String SPARK_VERSION = "org.apache.spark.version";

  /** Produces the rows of a table: per row, set each column of {@code row}, then {@link Row#end()}. */
  @FunctionalInterface
  public interface Rows {
    void writeTo(Row row);
  }

  /**
   * The session's Parquet output settings that shape the file.
   *
   * @param codec {@code spark.sql.parquet.compression.codec}: none, uncompressed, snappy, gzip, lz4,
   *     lz4_raw, zstd, ...
   * @param timestampType {@code spark.sql.parquet.outputTimestampType}: INT96, TIMESTAMP_MICROS or TIMESTAMP_MILLIS
   * @param sparkVersion written to the footer, as Spark does
   */
  public record Format(String codec, String timestampType, String sparkVersion) implements java.io.Serializable {
    /**
     * The settings {@code spark} was started with (spark-defaults, {@code --conf}, the builder; Spark's defaults
     * where unset). Read from the Spark configuration, not {@code spark.conf()}: that one sets up Spark SQL's
     * session state (~2,700 classes, ~0.3 CPU s of a run), which a run that writes its tables itself never needs.
     */
    public static Format of(SparkSession spark) {
      return of(spark.sparkContext().getConf(), spark.version());
    }

    /** The settings in {@code conf}, Spark's defaults where unset. */
    public static Format of(org.apache.spark.SparkConf conf, String sparkVersion) {
      return new Format(conf.get("spark.sql.parquet.compression.codec", "snappy"),
          conf.get("spark.sql.parquet.outputTimestampType", "INT96"), sparkVersion);
    }
  }

  /**
   * Replaces the Parquet files of folder {@code dir} with one file of {@code rows}.
   *
   * @return the rows written
   */
  public static long replace(Configuration conf, String dir, StructType schema, Format format, Rows rows) {
    return replace(conf, dir, schema, format, List.of(rows));
  }

  /**
   * Replaces the Parquet files of folder {@code dir} with one file per part ({@code part-00000},
   * {@code part-00001}, ... as Spark names a job's files), the parts written in parallel, one thread
   * per core at most: a large table (a million curve points) is encoding-bound.
   *
   * @return the rows written
   */
  public static long replace(Configuration conf, String dir, StructType schema, Format format, List<Rows> parts) {
    Replacement r = begin(conf, dir, schema, format, parts);
    // the calling thread is one of the writers
    int helpers = Math.min(parts.size(), Runtime.getRuntime().availableProcessors()) - 1;
    if (helpers <= 0) return r.finish();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(helpers, t -> {
      Thread w = new Thread(t, "overlap-parquet-writer");
      w.setDaemon(true);
      return w;
    });
    try {
      for (int i = 0; i < helpers; i++) pool.execute(r::help);
      return r.finish();
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Starts replacing the Parquet files of folder {@code dir} with one file per part, as
   * {@link #replace(Configuration, String, StructType, Format, List)} does, leaving the writing to the
   * caller's threads: see {@link Replacement}.
   */
  public static Replacement begin(Configuration conf, String dir, StructType schema, Format format, List<Rows> parts) {
    try {
      return new Replacement(conf, dir, schema, format, parts);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A replacement whose parts any thread may write. {@link #help()} writes the parts nobody has taken
   * yet, one at a time, until none is left: a thread that becomes free joins the ones already writing
   * (detection's driver takes over part of pr_curve once per_image is written). {@link #finish()}
   * helps, waits for the parts other threads hold, then puts the files in place; if any part failed it
   * removes every part, leaving the folder as it was, and throws that part's error. {@link #abort()}
   * does the removing without the error (its caller has one). The files and their names are the same
   * whichever thread writes a part.
   */
  public static final class Replacement {
    private final Configuration conf;
    private final String dir;
    private final Path d;
    private final FileSystem fs;
    private final boolean objectStore;
    private final StructType schema;
    private final CompressionCodecName codec;
    private final Timestamps ts;
    private final String sparkVersion;
    private final List<Rows> parts;
    private final String[] names;
    private final Path[] files;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    // under this object's lock: parts finished (written, failed or skipped after a failure), rows, the first error
    private int finished;
    private long rows;
    private Throwable failure;
    private boolean closed;

    private Replacement(Configuration conf, String dir, StructType schema, Format format, List<Rows> parts)
        throws IOException {
      this.conf = conf;
      this.dir = dir;
      this.d = new Path(dir);
      this.schema = schema;
      this.codec = codec(format.codec());
      this.ts = timestamps(format.timestampType());
      this.sparkVersion = format.sparkVersion();
      this.parts = List.copyOf(parts);
      String job = UUID.randomUUID().toString();
      names = new String[parts.size()];
      for (int i = 0; i < names.length; i++) names[i] = partName(i, job, codec);
      fs = d.getFileSystem(conf);
      objectStore = Outputs.isObjectStore(fs);
      files = new Path[names.length];
      for (int i = 0; i < names.length; i++) files[i] = new Path(d, objectStore ? names[i] : "." + names[i] + ".inprogress");
      if (objectStore) {
        if (fs.exists(d)) fs.delete(d, true);
      } else {
        fs.mkdirs(d);
      }
    }

    /** Writes parts that no thread has taken, until none is left; an error is kept for {@link #finish()}. */
    public void help() {
      for (int i = next.getAndIncrement(); i < parts.size(); i = next.getAndIncrement()) {
        long n = 0;
        Throwable error = null;
        boolean skip;
        synchronized (this) {
          skip = failure != null;
        }
        if (!skip) {
          try {
            n = write(conf, files[i], schema, codec, ts, sparkVersion, parts.get(i));
          } catch (Throwable e) {
            error = e;
          }
        }
        synchronized (this) {
          rows += n;
          if (error != null && failure == null) failure = error;
          finished++;
          notifyAll();
        }
      }
    }

    /**
     * Helps until every part is taken, waits for the others, and puts the files in place.
     *
     * @return the rows written
     */
    public long finish() {
      help();
      await();
      Throwable error;
      synchronized (this) {
        error = failure;
      }
      try {
        if (error != null) {
          for (Path f : files) fs.delete(f, false); // a failed table leaves no part behind
          if (error instanceof IOException io) throw io;
          if (error instanceof RuntimeException re) throw re;
          if (error instanceof Error e) throw e;
          throw new IllegalStateException(error);
        }
        if (!objectStore) {
          java.util.Set<String> mine = new java.util.HashSet<>();
          for (Path f : files) mine.add(f.getName());
          for (FileStatus s : fs.listStatus(d)) {
            if (!mine.contains(s.getPath().getName())) fs.delete(s.getPath(), true);
          }
          for (int i = 0; i < files.length; i++) {
            if (!fs.rename(files[i], new Path(d, names[i]))) throw new IOException("could not rename " + files[i]);
          }
        }
        fs.create(new Path(d, "_SUCCESS"), true).close();
        synchronized (this) {
          return rows;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
      }
    }

    /** Gives up: parts not yet started are skipped, those being written are waited for, and every part is removed. */
    public void abort() {
      synchronized (this) {
        if (failure == null) failure = new IllegalStateException("aborted");
      }
      help(); // takes the parts nobody started (and skips them)
      await();
      try {
        for (Path f : files) fs.delete(f, false);
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
      }
    }

    /** Until every part is finished: none may still be writing when its file is renamed or deleted. */
    private synchronized void await() {
      if (closed) throw new IllegalStateException(dir + ": already finished");
      boolean interrupted = false;
      while (finished < parts.size()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the writers are ours and end on their own; a half-placed table is worse
        }
      }
      closed = true;
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** Spark's name of a job's part file: {@code part-00003-<job uuid>-c000.zstd.parquet}. */
  static String partName(int part, String job, CompressionCodecName codec) {
    return String.format(Locale.ROOT, "part-%05d-%s-c000%s.parquet", part, job, codec.getExtension());
  }

  /** How timestamps are stored (Spark's outputTimestampType). */
  enum Timestamps { INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS }

  static Timestamps timestamps(String spark) {
    try {
      return Timestamps.valueOf(spark.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spark.sql.parquet.outputTimestampType: expected one of INT96, "
          + "TIMESTAMP_MICROS, TIMESTAMP_MILLIS, got \"" + spark + "\"", e);
    }
  }

  /** Spark's codec names to Parquet's. */
  static CompressionCodecName codec(String spark) {
    String s = spark.toLowerCase(Locale.ROOT);
    if (s.equals("none") || s.equals("uncompressed")) return CompressionCodecName.UNCOMPRESSED;
    try {
      return CompressionCodecName.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spark.sql.parquet.compression.codec: expected one of none, uncompressed, "
          + "snappy, gzip, lzo, brotli, lz4, lz4_raw, zstd, got \"" + spark + "\"", e);
    }
  }

  static long write(Configuration conf, Path file, StructType schema, CompressionCodecName codec,
      Timestamps ts, String sparkVersion, Rows rows) throws IOException {
    Row row = new Row(schema, ts);
    Support support = new Support(row, sparkVersion);
    try (ParquetWriter<Row> w = new Builder(HadoopOutputFile.fromPath(file, conf), support).withConf(conf)
        .withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      row.writer = w;
      rows.writeTo(row);
      if (row.open) throw new IllegalStateException("the last row of " + file.getName() + " was not ended");
    }
    return row.count;
  }

  /** The Parquet schema Spark writes for a flat struct of these types (INT96 timestamps). */
  static MessageType messageType(StructType schema) {
    return messageType(schema, Timestamps.INT96);
  }

  /** The Parquet schema Spark writes for a flat struct of these types. */
  static MessageType messageType(StructType schema, Timestamps ts) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      DataType t = f.dataType();
      if (t instanceof MapType m && m.keyType().equals(DataTypes.StringType) && isScalar(m.valueType())) {
        // Spark's standard map layout: a MAP group over a repeated key_value group
        b.addField(Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
            .addField(Types.repeatedGroup()
                .addField(scalar(DataTypes.StringType, Type.Repetition.REQUIRED, "key", ts))
                .addField(scalar(m.valueType(), m.valueContainsNull() ? Type.Repetition.OPTIONAL
                    : Type.Repetition.REQUIRED, "value", ts))
                .named("key_value"))
            .named(f.name()));
      } else if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
        // Spark's standard list layout: a LIST group over a repeated group "list" of one "element"
        b.addField(Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
            .addField(Types.repeatedGroup()
                .addField(scalar(DataTypes.DoubleType, a.containsNull() ? Type.Repetition.OPTIONAL
                    : Type.Repetition.REQUIRED, "element", ts))
                .named("list"))
            .named(f.name()));
      } else if (isScalar(t)) {
        b.addField(scalar(t, rep, f.name(), ts));
      } else {
        throw new IllegalArgumentException("column " + f.name() + ": type " + t.simpleString() + " is not supported "
            + "(long, int, double, boolean, string, timestamp, map<string, long or double>, array<double>)");
      }
    }
    return b.named("spark_schema");
  }

  /** Whether every column of {@code schema} is a scalar this writer supports (what {@link Row#copy} takes). */
  public static boolean scalarOnly(StructType schema) {
    for (StructField f : schema.fields()) if (!isScalar(f.dataType())) return false;
    return true;
  }

  private static boolean isScalar(DataType t) {
    return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.DoubleType)
        || t.equals(DataTypes.BooleanType) || t.equals(DataTypes.StringType) || t.equals(DataTypes.TimestampType);
  }

  private static Type scalar(DataType t, Type.Repetition rep, String name, Timestamps ts) {
    if (t.equals(DataTypes.LongType)) return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    if (t.equals(DataTypes.IntegerType)) return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    if (t.equals(DataTypes.DoubleType)) return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    if (t.equals(DataTypes.BooleanType)) return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    if (t.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    return switch (ts) {
      case INT96 -> Types.primitive(PrimitiveTypeName.INT96, rep).named(name);
      case TIMESTAMP_MICROS -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case TIMESTAMP_MILLIS -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
    };
  }

  /**
   * The row being written, reused for every row: set each column (unset nullable columns are null),
   * then {@link #end()}. Strings are encoded once per distinct {@code String} instance in a run of
   * rows, so repeated labels cost nothing per row.
   */
  public static final class Row {
    private static final byte LONG = 0, INT = 1, DOUBLE = 2, BOOLEAN = 3, STRING = 4, TIMESTAMP = 5, MAP = 6,
        DOUBLES = 7;
    /** Days from the Julian day 0 to 1970-01-01 (INT96 timestamps count Julian days). */
    private static final long JULIAN_DAY_OF_EPOCH = 2440588;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final StructType schema;
    private final Timestamps timestamps;
    private final String[] names;
    private final byte[] kinds;
    private final boolean[] required;
    private final boolean[] doubleValues;
    private final long[] longs;
    private final double[] doubles;
    private final Binary[] binaries;
    private final String[] lastString;
    private final Map<String, ? extends Number>[] maps;
    private final double[][] arrays;
    private final int[] arrayFrom;
    private final int[] arrayLength;
    private final boolean[] set;
    private final int[] requiredColumns;
    private final boolean hasMaps;
    private ParquetWriter<Row> writer;
    private boolean open;
    private long count;

    @SuppressWarnings("unchecked")
    Row(StructType schema, Timestamps timestamps) {
      this.schema = schema;
      this.timestamps = timestamps;
      StructField[] f = schema.fields();
      int n = f.length;
      names = new String[n];
      kinds = new byte[n];
      required = new boolean[n];
      doubleValues = new boolean[n];
      longs = new long[n];
      doubles = new double[n];
      binaries = new Binary[n];
      lastString = new String[n];
      maps = new Map[n];
      arrays = new double[n][];
      arrayFrom = new int[n];
      arrayLength = new int[n];
      set = new boolean[n];
      messageType(schema, timestamps); // fails on a type this writer does not support
      int nRequired = 0;
      boolean anyMap = false;
      for (StructField x : f) {
        if (!x.nullable()) nRequired++;
        anyMap |= x.dataType() instanceof MapType || x.dataType() instanceof ArrayType;
      }
      requiredColumns = new int[nRequired];
      hasMaps = anyMap;
      for (int i = 0, j = 0; i < n; i++) if (!f[i].nullable()) requiredColumns[j++] = i;
      for (int i = 0; i < n; i++) {
        names[i] = f[i].name();
        required[i] = !f[i].nullable();
        DataType t = f[i].dataType();
        if (t instanceof MapType m) {
          kinds[i] = MAP;
          doubleValues[i] = m.valueType().equals(DataTypes.DoubleType);
        } else if (t instanceof ArrayType) {
          kinds[i] = DOUBLES;
        } else {
          kinds[i] = t.equals(DataTypes.LongType) ? LONG : t.equals(DataTypes.IntegerType) ? INT
              : t.equals(DataTypes.DoubleType) ? DOUBLE : t.equals(DataTypes.BooleanType) ? BOOLEAN
              : t.equals(DataTypes.TimestampType) ? TIMESTAMP : STRING;
        }
      }
    }

    public Row setLong(int col, long v) {
      assert kinds[col] == LONG : names[col];
      longs[col] = v;
      return mark(col);
    }

    /** A long, or null when {@code v} is null. */
    public Row setLong(int col, Long v) {
      return v == null ? setNull(col) : setLong(col, v.longValue());
    }

    public Row setInt(int col, int v) {
      assert kinds[col] == INT : names[col];
      longs[col] = v;
      return mark(col);
    }

    public Row setDouble(int col, double v) {
      assert kinds[col] == DOUBLE : names[col];
      doubles[col] = v;
      return mark(col);
    }

    /** A double, or null when {@code v} is null. */
    public Row setDouble(int col, Double v) {
      return v == null ? setNull(col) : setDouble(col, v.doubleValue());
    }

    public Row setBoolean(int col, boolean v) {
      assert kinds[col] == BOOLEAN : names[col];
      longs[col] = v ? 1 : 0;
      return mark(col);
    }

    /** A string, or null when {@code v} is null. */
    public Row setString(int col, String v) {
      assert kinds[col] == STRING : names[col];
      if (v == null) return setNull(col);
      if (v != lastString[col]) {
        lastString[col] = v;
        // array-backed: statistics and dictionary compare and hash it per row, faster than a ByteBuffer
        binaries[col] = Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
      }
      return mark(col);
    }

    /** A timestamp (stored to the microsecond, as Spark's TimestampType), or null when {@code v} is null. */
    public Row setTimestamp(int col, java.time.Instant v) {
      assert kinds[col] == TIMESTAMP : names[col];
      if (v == null) return setNull(col);
      longs[col] = Math.addExact(Math.multiplyExact(v.getEpochSecond(), 1_000_000L), v.getNano() / 1000);
      return mark(col);
    }

    /**
     * A map with string keys and long or double values (as the column's type says; null values
     * allowed where the type allows them), or null when {@code v} is null. Written in the map's
     * iteration order.
     */
    public Row setMap(int col, Map<String, ? extends Number> v) {
      assert kinds[col] == MAP : names[col];
      if (v == null) return setNull(col);
      maps[col] = v;
      return mark(col);
    }

    /**
     * An array of doubles: {@code length} values of {@code v} from {@code from} (the array is read when
     * the row ends, not copied), or null when {@code v} is null.
     */
    public Row setDoubles(int col, double[] v, int from, int length) {
      assert kinds[col] == DOUBLES : names[col];
      if (v == null) return setNull(col);
      java.util.Objects.checkFromIndexSize(from, length, v.length);
      arrays[col] = v;
      arrayFrom[col] = from;
      arrayLength[col] = length;
      return mark(col);
    }

    /** All of {@code v} as an array of doubles, or null when {@code v} is null. */
    public Row setDoubles(int col, double[] v) {
      return v == null ? setNull(col) : setDoubles(col, v, 0, v.length);
    }

    /**
     * Every column from {@code r}, a row of this schema with scalar columns only ({@link #scalarOnly}):
     * nulls stay null; timestamps as {@code java.sql.Timestamp} or {@code Instant}.
     */
    public Row copy(org.apache.spark.sql.Row r) {
      for (int i = 0; i < kinds.length; i++) {
        if (r.isNullAt(i)) {
          set[i] = false;
          continue;
        }
        switch (kinds[i]) {
          case LONG -> longs[i] = r.getLong(i);
          case INT -> longs[i] = r.getInt(i);
          case DOUBLE -> doubles[i] = r.getDouble(i);
          case BOOLEAN -> longs[i] = r.getBoolean(i) ? 1 : 0;
          case STRING -> setString(i, r.getString(i));
          case TIMESTAMP -> setTimestamp(i, r.get(i) instanceof java.sql.Timestamp t ? t.toInstant()
              : (java.time.Instant) r.get(i));
          default -> throw new IllegalArgumentException("column " + names[i] + " is not scalar");
        }
        set[i] = true;
      }
      open = true;
      return this;
    }

    public Row setNull(int col) {
      set[col] = false;
      maps[col] = null;
      arrays[col] = null;
      open = true;
      return this;
    }

    private Row mark(int col) {
      set[col] = true;
      open = true;
      return this;
    }

    /** Writes the row; its columns are unset (null) again for the next one. */
    public void end() {
      for (int i : requiredColumns) {
        if (!set[i]) {
          throw new IllegalStateException("column " + names[i] + " is not nullable, but was not set in row " + count);
        }
      }
      try {
        writer.write(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      java.util.Arrays.fill(set, false);
      if (hasMaps) { // drop references to the caller's maps and arrays
        java.util.Arrays.fill(maps, null);
        java.util.Arrays.fill(arrays, null);
      }
      open = false;
      count++;
    }

    void writeTo(RecordConsumer c) {
      c.startMessage();
      for (int i = 0; i < names.length; i++) {
        if (!set[i]) continue; // null
        c.startField(names[i], i);
        switch (kinds[i]) {
          case LONG -> c.addLong(longs[i]);
          case INT -> c.addInteger((int) longs[i]);
          case DOUBLE -> c.addDouble(doubles[i]);
          case BOOLEAN -> c.addBoolean(longs[i] != 0);
          case TIMESTAMP -> timestamp(c, longs[i]);
          case MAP -> map(c, i);
          case DOUBLES -> doubles(c, i);
          default -> c.addBinary(binaries[i]);
        }
        c.endField(names[i], i);
      }
      c.endMessage();
    }

    private void timestamp(RecordConsumer c, long micros) {
      switch (timestamps) {
        case TIMESTAMP_MICROS -> c.addLong(micros);
        case TIMESTAMP_MILLIS -> c.addLong(Math.floorDiv(micros, 1000));
        default -> {
          // Spark's INT96: nanoseconds of the day, then the Julian day, little-endian (no calendar
          // rebase: Spark 4 writes CORRECTED, i.e. proleptic Gregorian, by default)
          long julian = micros + JULIAN_DAY_OF_EPOCH * MICROS_PER_DAY;
          long day = Math.floorDiv(julian, MICROS_PER_DAY);
          long nanos = Math.floorMod(julian, MICROS_PER_DAY) * 1000;
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
          b.putLong(nanos).putInt((int) day);
          c.addBinary(Binary.fromConstantByteArray(b.array()));
        }
      }
    }

    private void doubles(RecordConsumer c, int col) {
      double[] v = arrays[col];
      int from = arrayFrom[col];
      int to = from + arrayLength[col];
      c.startGroup();
      if (to > from) { // an empty repeated field is left out, not started
        c.startField("list", 0);
        for (int k = from; k < to; k++) {
          c.startGroup();
          c.startField("element", 0);
          c.addDouble(v[k]);
          c.endField("element", 0);
          c.endGroup();
        }
        c.endField("list", 0);
      }
      c.endGroup();
    }

    private void map(RecordConsumer c, int col) {
      Map<String, ? extends Number> m = maps[col];
      c.startGroup();
      if (!m.isEmpty()) { // an empty repeated field is left out, not started
        c.startField("key_value", 0);
        for (Map.Entry<String, ? extends Number> e : m.entrySet()) {
          if (e.getKey() == null) throw new IllegalStateException("column " + names[col] + ": null map key");
          c.startGroup();
          c.startField("key", 0);
          c.addBinary(Binary.fromString(e.getKey()));
          c.endField("key", 0);
          if (e.getValue() != null) {
            c.startField("value", 1);
            if (doubleValues[col]) c.addDouble(e.getValue().doubleValue());
            else c.addLong(e.getValue().longValue());
            c.endField("value", 1);
          }
          c.endGroup();
        }
        c.endField("key_value", 0);
      }
      c.endGroup();
    }
  }

  private static final class Support extends WriteSupport<Row> {
    private final Row row;
    private final String sparkVersion;
    private RecordConsumer consumer;

    Support(Row row, String sparkVersion) {
      this.row = row;
      this.sparkVersion = sparkVersion;
    }

    @Override
    @SuppressWarnings("deprecation") // the Hadoop-free overload delegates to this one
    public WriteContext init(Configuration configuration) {
      Map<String, String> meta = new HashMap<>();
      meta.put(SPARK_VERSION, sparkVersion);
      meta.put(SPARK_ROW_METADATA, row.schema.json());
      return new WriteContext(messageType(row.schema, row.timestamps), meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Row record) {
      record.writeTo(consumer);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final Support support;

    Builder(org.apache.parquet.io.OutputFile file, Support support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in 1.16; the Hadoop-free overload delegates to it
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
