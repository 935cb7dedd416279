package dev.overlap.jobs.detection;

import java.io.Serializable;
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
 * the fields of its kind. Big-endian, as {@link java.nio.ByteBuffer} writes by default.
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
    In in = new In(b, at + 4);
    EvalRecord r = new EvalRecord();
    r.setImageId(in.getLong());
    int kind = in.get();
    r.setKind(kind);
    r.setSeq(in.getLong());
    switch (kind) {
      case EvalRecord.IMAGE -> {
        r.setWidth(in.getInt());
        r.setHeight(in.getInt());
        r.setName(in.getString());
        r.setStringId(in.getString());
        r.setNegCategoryIds(in.getLongs());
        r.setNotExhaustiveCategoryIds(in.getLongs());
      }
      case EvalRecord.CATEGORY -> {
        r.setCategoryId(in.getLong());
        r.setName(in.getString());
        r.setFrequency(in.getString());
        r.setNumKeypoints(in.getInt());
      }
      case EvalRecord.GT -> {
        r.setAnnId(in.getLong());
        r.setCategoryId(in.getLong());
        r.setBbox(in.getDoubles());
        r.setArea(in.getDouble());
        int bits = in.get();
        r.setCrowd((bits & 1) != 0);
        r.setDifficult((bits & 2) != 0);
        r.setIgnore((bits & 4) != 0);
        getSegmentation(in, r);
        r.setBox3d(in.getDoubles());
        r.setKeypoints(in.getDoubles());
        r.setNumKeypoints(in.getInt());
      }
      case EvalRecord.DET -> {
        r.setCategoryId(in.getLong());
        r.setBbox(in.getDoubles());
        r.setScore(in.getDouble());
        getSegmentation(in, r);
        r.setBox3d(in.getDoubles());
        r.setKeypoints(in.getDoubles());
      }
      case EvalRecord.REJECT -> {
        r.setRejectSource(in.getString());
        r.setRejectFile(in.getString());
        r.setRejectRecord(in.getString());
        r.setRejectField(in.getString());
        r.setRejectReason(in.getString());
      }
      default -> throw new IllegalStateException("record kind " + kind + " in a record batch");
    }
    return r;
  }

  private static void getSegmentation(In in, EvalRecord r) {
    r.setPolyLens(in.getInts());
    r.setPolyXy(in.getDoubles());
    r.setRleH(in.getInt());
    r.setRleW(in.getInt());
    r.setRleCounts(in.getInts());
  }

  /**
   * Big-endian reads that advance a position, as ByteBuffer's relative gets, from plain array loads: the
   * jobs run on C1, which does not remove a heap ByteBuffer's scope and bounds checks (they were most of
   * the decoding's CPU at 1M detections, docs/benchmarks.md).
   */
  private static final class In {
    private final byte[] b;
    private int p;

    In(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    byte get() { return b[p++]; }

    int getInt() {
      byte[] a = b;
      int i = p;
      p = i + 4;
      return (a[i] << 24) | ((a[i + 1] & 0xff) << 16) | ((a[i + 2] & 0xff) << 8) | (a[i + 3] & 0xff);
    }

    long getLong() { // the loads written out: C1 would not inline two getInt calls here
      byte[] a = b;
      int i = p;
      p = i + 8;
      return ((long) a[i] << 56) | ((a[i + 1] & 0xffL) << 48) | ((a[i + 2] & 0xffL) << 40) | ((a[i + 3] & 0xffL) << 32)
          | ((a[i + 4] & 0xffL) << 24) | ((a[i + 5] & 0xffL) << 16) | ((a[i + 6] & 0xffL) << 8) | (a[i + 7] & 0xffL);
    }

    double getDouble() { return Double.longBitsToDouble(getLong()); }

    String getString() {
      int n = getInt();
      if (n < 0) return null;
      String s = new String(b, p, n, StandardCharsets.UTF_8);
      p += n;
      return s;
    }

    double[] getDoubles() {
      int n = getInt();
      if (n < 0) return null;
      double[] v = new double[n];
      for (int i = 0; i < n; i++) v[i] = getDouble();
      return v;
    }

    long[] getLongs() {
      int n = getInt();
      if (n < 0) return null;
      long[] v = new long[n];
      for (int i = 0; i < n; i++) v[i] = getLong();
      return v;
    }

    int[] getInts() {
      int n = getInt();
      if (n < 0) return null;
      int[] v = new int[n];
      for (int i = 0; i < n; i++) v[i] = getInt();
      return v;
    }
  }

  /** Appends records and cuts them into batches. Not thread-safe. */
  static final class Builder {
    // big-endian puts into a plain array, for the reason of In
    private byte[] out;
    private int pos;
    private int count;

    Builder(int initialBytes) {
      out = new byte[Math.max(64, initialBytes)];
    }

    /** Bytes written so far. */
    int size() { return pos; }

    int count() { return count; }

    /** The records appended since the last call, as a batch (or null when there are none); starts afresh. */
    RecordBatch take() {
      if (count == 0) return null;
      RecordBatch b = new RecordBatch(Arrays.copyOf(out, pos), pos, count);
      pos = 0;
      count = 0;
      return b;
    }

    void add(EvalRecord r) {
      int start = pos;
      ensure(HEAD);
      putInt(0); // the length, patched below
      putLong(r.getImageId());
      out[pos++] = (byte) r.getKind();
      putLong(r.getSeq());
      switch (r.getKind()) {
        case EvalRecord.IMAGE -> {
          ensure(8);
          putInt(r.getWidth());
          putInt(r.getHeight());
          putString(r.getName());
          putString(r.getStringId());
          putLongs(r.getNegCategoryIds());
          putLongs(r.getNotExhaustiveCategoryIds());
        }
        case EvalRecord.CATEGORY -> {
          ensure(8);
          putLong(r.getCategoryId());
          putString(r.getName());
          putString(r.getFrequency());
          ensure(4);
          putInt(r.getNumKeypoints());
        }
        case EvalRecord.GT -> {
          ensure(16);
          putLong(r.getAnnId());
          putLong(r.getCategoryId());
          putDoubles(r.getBbox());
          ensure(9);
          putDouble(r.getArea());
          // bit 0 crowd, bit 1 VOC difficult, bit 2 the ignore field (Boundary AP, LVIS)
          out[pos++] = (byte) ((r.isCrowd() ? 1 : 0) | (r.isDifficult() ? 2 : 0) | (r.isIgnore() ? 4 : 0));
          putSegmentation(r);
          putDoubles(r.getBox3d());
          putDoubles(r.getKeypoints());
          ensure(4);
          putInt(r.getNumKeypoints());
        }
        case EvalRecord.DET -> {
          ensure(8);
          putLong(r.getCategoryId());
          putDoubles(r.getBbox());
          ensure(8);
          putDouble(r.getScore());
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
      int len = pos - start - 4;
      pos = start;
      putInt(len);
      pos = start + 4 + len;
      count++;
    }

    private void putString(String s) {
      if (s == null) {
        ensure(4);
        putInt(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      ensure(4 + b.length);
      putInt(b.length);
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
    }

    private void putDoubles(double[] v) {
      if (v == null) {
        ensure(4);
        putInt(-1);
        return;
      }
      ensure(4 + 8 * v.length);
      putInt(v.length);
      for (double x : v) putDouble(x);
    }

    private void putLongs(long[] v) {
      if (v == null) {
        ensure(4);
        putInt(-1);
        return;
      }
      ensure(4 + 8 * v.length);
      putInt(v.length);
      for (long x : v) putLong(x);
    }

    private void putInts(int[] v) {
      if (v == null) {
        ensure(4);
        putInt(-1);
        return;
      }
      ensure(4 + 4 * v.length);
      putInt(v.length);
      for (int x : v) putInt(x);
    }

    private void putSegmentation(EvalRecord r) {
      putInts(r.getPolyLens());
      putDoubles(r.getPolyXy());
      ensure(8);
      putInt(r.getRleH());
      putInt(r.getRleW());
      putInts(r.getRleCounts());
    }

    private void putInt(int v) {
      byte[] a = out;
      int i = pos;
      a[i] = (byte) (v >>> 24);
      a[i + 1] = (byte) (v >>> 16);
      a[i + 2] = (byte) (v >>> 8);
      a[i + 3] = (byte) v;
      pos = i + 4;
    }

    private void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    private void putDouble(double v) {
      putLong(Double.doubleToRawLongBits(v));
    }

    private void ensure(int n) {
      if (out.length - pos >= n) return;
      long want = Math.max((long) out.length * 2, (long) pos + n);
      if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("record batch over 2 GiB");
      out = Arrays.copyOf(out, (int) want);
    }
  }
}
