package dev.overlap.core.boundary;

import java.util.Arrays;

/**
 * The dataset's boundary statistics per class, a mergeable sufficient statistic: boundary
 * intersections and unions (integers) and, for HD95 / HD / ASSD, the number of images that count and
 * the sums of their values. Sums are fixed-point (64 integer + 62 fraction bits, each value truncated to
 * 2^-62 once), so additions are exact and associative: any split of the images into tasks gives the
 * same bits.
 */
public final class BoundaryTotals implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Longs per class in {@link #toLongs()}: inter, union, images, and (integer, fraction) for 3 sums. */
  static final int STRIDE = 9;
  private static final long ONE = 1L << 62;
  private static final int VERSION = 1;

  private final int numClasses;
  private final long[] v; // [c * STRIDE + field]

  /** Empty totals for K classes. */
  public BoundaryTotals(int numClasses) {
    this.numClasses = numClasses;
    this.v = new long[numClasses * STRIDE];
  }

  /** Adds one image's results. */
  public BoundaryTotals add(LabelMapBoundary image) {
    for (int c = 0; c < numClasses; c++) {
      int o = c * STRIDE;
      v[o] += image.intersection(c);
      v[o + 1] += image.union(c);
      if (image.hasDistances(c)) {
        v[o + 2]++;
        addFixed(o + 3, image.hd95(c));
        addFixed(o + 5, image.hd(c));
        addFixed(o + 7, image.assd(c));
      }
    }
    return this;
  }

  /** Adds another partial (any order: integer additions). */
  public BoundaryTotals merge(BoundaryTotals o) {
    if (o.numClasses != numClasses) throw new IllegalArgumentException("merge of totals for " + o.numClasses + " and " + numClasses + " classes");
    for (int c = 0; c < numClasses; c++) {
      int b = c * STRIDE;
      v[b] += o.v[b];
      v[b + 1] += o.v[b + 1];
      v[b + 2] += o.v[b + 2];
      for (int f = 3; f < STRIDE; f += 2) addFixed(b + f, o.v[b + f], o.v[b + f + 1]);
    }
    return this;
  }

  private void addFixed(int at, double x) {
    // distances are finite and >= 0
    long ip = (long) x;
    long fp = (long) Math.scalb(x - ip, 62);
    addFixed(at, ip, fp);
  }

  private void addFixed(int at, long ip, long fp) {
    long f = v[at + 1] + fp; // both < 2^62: no overflow
    long carry = f >= ONE ? 1 : 0;
    v[at + 1] = f - carry * ONE;
    v[at] += ip + carry;
  }

  private double fixed(int at) {
    return v[at] + Math.scalb((double) v[at + 1], -62);
  }

  public int numClasses() { return numClasses; }
  /** Summed boundary intersection of class {@code c}. */
  public long intersection(int c) { return v[c * STRIDE]; }
  /** Summed boundary union of class {@code c}. */
  public long union(int c) { return v[c * STRIDE + 1]; }
  /** Images where class {@code c} is in both maps (its distances count). */
  public long distanceImages(int c) { return v[c * STRIDE + 2]; }

  /** {@code I_c / U_c}, NaN when the union is 0. */
  public double boundaryIou(int c) {
    long u = union(c);
    return u == 0 ? Double.NaN : (double) intersection(c) / u;
  }

  /** Plain mean of the defined per-class boundary IoUs, in class order; NaN when none is defined. */
  public double meanBoundaryIou() {
    double s = 0;
    int n = 0;
    for (int c = 0; c < numClasses; c++) {
      double x = boundaryIou(c);
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** Mean HD95 of class {@code c} over the images that count, NaN when none does. */
  public double hd95Mean(int c) { return mean(c, 3); }
  /** Mean HD of class {@code c}. */
  public double hdMean(int c) { return mean(c, 5); }
  /** Mean ASSD of class {@code c}. */
  public double assdMean(int c) { return mean(c, 7); }

  private double mean(int c, int field) {
    long n = distanceImages(c);
    return n == 0 ? Double.NaN : fixed(c * STRIDE + field) / n;
  }

  /** The state as longs (a version, K, then the fields), for shipping between tasks. */
  public long[] toLongs() {
    long[] out = new long[2 + v.length];
    out[0] = VERSION;
    out[1] = numClasses;
    System.arraycopy(v, 0, out, 2, v.length);
    return out;
  }

  /** The inverse of {@link #toLongs()}. */
  public static BoundaryTotals fromLongs(long[] a) {
    if (a == null || a.length < 2) throw new IllegalArgumentException("boundary totals: no data");
    if (a[0] != VERSION) throw new IllegalArgumentException("boundary totals version: expected " + VERSION + ", actual " + a[0]);
    BoundaryTotals t = new BoundaryTotals((int) a[1]);
    if (a.length != 2 + t.v.length) {
      throw new IllegalArgumentException("boundary totals: expected " + (2 + t.v.length) + " longs, actual " + a.length);
    }
    System.arraycopy(a, 2, t.v, 0, t.v.length);
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoundaryTotals t && t.numClasses == numClasses && Arrays.equals(t.v, v);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(v);
  }
}
