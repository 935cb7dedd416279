package dev.overlap.jobs.detection;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Many {@link EvalRecord}s bound for one evaluation partition, encoded back to back in one byte array.
 * The shuffle moves these instead of one object per record: a serializer writes a byte array in one
 * copy, where a record-per-object shuffle pays a key object, a value object and their field-by-field
 * serialization for each of millions of detections (docs/benchmarks.md).
 *
 * <p>Each record starts with its sort key at fixed offsets, so the receiving task orders records
 * without decoding them: {@code [int length of the rest][long imageId][byte kind][long seq]}, then
 * the fields of its kind. Big-endian, as {@link ByteBuffer} writes by default.
 */
public final class RecordBatch implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Bytes of the fixed head: length, image id, kind, seq. */
  static final int HEAD = 4 + 8 + 1 + 8;

  private byte[] data;
  private int size;
  private int count;

  RecordBatch() {} // for serializers

  private RecordBatch(byte[] data, int size, int count) {
    this.data = data;
    this.size = size;
    this.count = count;
  }

  /** The encoded records. */
  byte[] data() { return data; }

  /** Bytes used in {@link #data()}. */
  int size() { return size; }

  /** Number of records. */
  int count() { return count; }

  static long imageId(byte[] b, int at) { return (long) LONG.get(b, at + 4); }

  static int kind(byte[] b, int at) { return b[at + 12]; }

  static long seq(byte[] b, int at) { return (long) LONG.get(b, at + 13); }

  /** The offset of the record after the one at {@code at}. */
  static int next(byte[] b, int at) { return at + 4 + (int) INT.get(b, at); }

  private static final java.lang.invoke.VarHandle LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
  private static final java.lang.invoke.VarHandle INT =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

  /** Decodes the record at {@code at}. */
  static EvalRecord decode(byte[] b, int at) {
    ByteBuffer in = ByteBuffer.wrap(b, at + 4, (int) INT.get(b, at));
    EvalRecord r = new EvalRecord();
    r.setImageId(in.getLong());
    int kind = in.get();
    r.setKind(kind);
    r.setSeq(in.getLong());
    switch (kind) {
      case EvalRecord.IMAGE -> {
        r.setWidth(in.getInt());
        r.setHeight(in.getInt());
        r.setName(getString(in));
        r.setStringId(getString(in));
        r.setNegCategoryIds(getLongs(in));
        r.setNotExhaustiveCategoryIds(getLongs(in));
      }
      case EvalRecord.CATEGORY -> {
        r.setCategoryId(in.getLong());
        r.setName(getString(in));
        r.setFrequency(getString(in));
        r.setNumKeypoints(in.getInt());
      }
      case EvalRecord.GT -> {
        r.setAnnId(in.getLong());
        r.setCategoryId(in.getLong());
        r.setBbox(getDoubles(in));
        r.setArea(in.getDouble());
        int bits = in.get();
        r.setCrowd((bits & 1) != 0);
        r.setDifficult((bits & 2) != 0);
        r.setIgnore((bits & 4) != 0);
        getSegmentation(in, r);
        r.setBox3d(getDoubles(in));
        r.setKeypoints(getDoubles(in));
        r.setNumKeypoints(in.getInt());
      }
      case EvalRecord.DET -> {
        r.setCategoryId(in.getLong());
        r.setBbox(getDoubles(in));
        r.setScore(in.getDouble());
        getSegmentation(in, r);
        r.setBox3d(getDoubles(in));
        r.setKeypoints(getDoubles(in));
      }
      case EvalRecord.REJECT -> {
        r.setRejectSource(getString(in));
        r.setRejectFile(getString(in));
        r.setRejectRecord(getString(in));
        r.setRejectField(getString(in));
        r.setRejectReason(getString(in));
      }
      default -> throw new IllegalStateException("record kind " + kind + " in a record batch");
    }
    return r;
  }

  private static String getString(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) return null;
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static double[] getDoubles(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) return null;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = in.getDouble();
    return v;
  }

  private static long[] getLongs(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) return null;
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = in.getLong();
    return v;
  }

  private static int[] getInts(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) return null;
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = in.getInt();
    return v;
  }

  private static void getSegmentation(ByteBuffer in, EvalRecord r) {
    r.setPolyLens(getInts(in));
    r.setPolyXy(getDoubles(in));
    r.setRleH(in.getInt());
    r.setRleW(in.getInt());
    r.setRleCounts(getInts(in));
  }

  /** Appends records and cuts them into batches. Not thread-safe. */
  static final class Builder {
    private ByteBuffer out;
    private int count;

    Builder(int initialBytes) {
      out = ByteBuffer.allocate(Math.max(64, initialBytes));
    }

    /** Bytes written so far. */
    int size() { return out.position(); }

    int count() { return count; }

    /** The records appended since the last call, as a batch (or null when there are none); starts afresh. */
    RecordBatch take() {
      if (count == 0) return null;
      RecordBatch b = new RecordBatch(Arrays.copyOf(out.array(), out.position()), out.position(), count);
      out.clear();
      count = 0;
      return b;
    }

    void add(EvalRecord r) {
      int start = out.position();
      ensure(HEAD);
      out.putInt(0); // the length, patched below
      out.putLong(r.getImageId());
      out.put((byte) r.getKind());
      out.putLong(r.getSeq());
      switch (r.getKind()) {
        case EvalRecord.IMAGE -> {
          ensure(8);
          out.putInt(r.getWidth());
          out.putInt(r.getHeight());
          putString(r.getName());
          putString(r.getStringId());
          putLongs(r.getNegCategoryIds());
          putLongs(r.getNotExhaustiveCategoryIds());
        }
        case EvalRecord.CATEGORY -> {
          ensure(8);
          out.putLong(r.getCategoryId());
          putString(r.getName());
          putString(r.getFrequency());
          ensure(4);
          out.putInt(r.getNumKeypoints());
        }
        case EvalRecord.GT -> {
          ensure(16);
          out.putLong(r.getAnnId());
          out.putLong(r.getCategoryId());
          putDoubles(r.getBbox());
          ensure(9);
          out.putDouble(r.getArea());
          // bit 0 crowd, bit 1 VOC difficult, bit 2 the ignore field (Boundary AP, LVIS)
          out.put((byte) ((r.isCrowd() ? 1 : 0) | (r.isDifficult() ? 2 : 0) | (r.isIgnore() ? 4 : 0)));
          putSegmentation(r);
          putDoubles(r.getBox3d());
          putDoubles(r.getKeypoints());
          ensure(4);
          out.putInt(r.getNumKeypoints());
        }
        case EvalRecord.DET -> {
          ensure(8);
          out.putLong(r.getCategoryId());
          putDoubles(r.getBbox());
          ensure(8);
          out.putDouble(r.getScore());
          putSegmentation(r);
          putDoubles(r.getBox3d());
          putDoubles(r.getKeypoints());
        }
        case EvalRecord.REJECT -> {
          putString(r.getRejectSource());
          putString(r.getRejectFile());
          putString(r.getRejectRecord());
          putString(r.getRejectField());
          putString(r.getRejectReason());
        }
        default -> throw new IllegalArgumentException("record kind " + r.getKind() + " cannot be batched");
      }
      out.putInt(start, out.position() - start - 4);
      count++;
    }

    private void putString(String s) {
      if (s == null) {
        ensure(4);
        out.putInt(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      ensure(4 + b.length);
      out.putInt(b.length);
      out.put(b);
    }

    private void putDoubles(double[] v) {
      if (v == null) {
        ensure(4);
        out.putInt(-1);
        return;
      }
      ensure(4 + 8 * v.length);
      out.putInt(v.length);
      for (double x : v) out.putDouble(x);
    }

    private void putLongs(long[] v) {
      if (v == null) {
        ensure(4);
        out.putInt(-1);
        return;
      }
      ensure(4 + 8 * v.length);
      out.putInt(v.length);
      for (long x : v) out.putLong(x);
    }

    private void putInts(int[] v) {
      if (v == null) {
        ensure(4);
        out.putInt(-1);
        return;
      }
      ensure(4 + 4 * v.length);
      out.putInt(v.length);
      for (int x : v) out.putInt(x);
    }

    private void putSegmentation(EvalRecord r) {
      putInts(r.getPolyLens());
      putDoubles(r.getPolyXy());
      ensure(8);
      out.putInt(r.getRleH());
      out.putInt(r.getRleW());
      putInts(r.getRleCounts());
    }

    private void ensure(int n) {
      if (out.remaining() >= n) return;
      long want = Math.max((long) out.capacity() * 2, (long) out.position() + n);
      if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("record batch over 2 GiB");
      ByteBuffer bigger = ByteBuffer.allocate((int) want);
      out.flip();
      bigger.put(out);
      out = bigger;
    }
  }
}
