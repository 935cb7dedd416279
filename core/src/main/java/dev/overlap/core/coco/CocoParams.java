package dev.overlap.core.coco;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Evaluation parameters, with pycocotools' defaults ({@code cocoeval.py#Params.setDetParams}).
 *
 * <p>Immutable. IoU and recall thresholds are built as {@code numpy.linspace} builds them, so the
 * ninth IoU threshold is {@code 0.8999999999999999} and some recall thresholds carry float artifacts
 * ({@code 0.7000000000000001}); summaries look thresholds up by exact equality, as pycocotools does.
 */
public final class CocoParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default area ranges, inclusive at both ends: all, small, medium, large. */
  public static final double[][] DEFAULT_AREA_RANGES = {
      {0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
  public static final String[] DEFAULT_AREA_LABELS = {"all", "small", "medium", "large"};
  /** Keypoints' area ranges (cocoeval.py#Params.setKpParams): there is no "small". */
  public static final double[][] KEYPOINT_AREA_RANGES = {{0, 1e10}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
  public static final String[] KEYPOINT_AREA_LABELS = {"all", "medium", "large"};
  /** Default IoU thresholds of the bev and 3d IoU types. */
  public static final double[] BOX3D_IOU_THRESHOLDS = {0.25, 0.5};

  private final IouType iouType;
  private final double[] iouThresholds;
  private final double[] recallThresholds;
  private final int[] maxDets;
  private final double[] areaRanges; // A x 2, flat: lo, hi
  private final String[] areaLabels;
  private final boolean useCats;
  private final long[] imageIds; // null: every GT image
  private final long[] categoryIds; // null: every GT category
  private final boolean segmAreaFromBox;
  private final dev.overlap.core.keypoints.KeypointSigmas keypointSigmas;
  private final boolean keypointAreaFromBox;
  private final boolean federated;
  private final double dilationRatio;

  private CocoParams(Builder b) {
    this.iouType = b.iouType;
    this.iouThresholds = b.iouThresholds.clone();
    this.recallThresholds = b.recallThresholds.clone();
    this.maxDets = b.maxDets.clone();
    this.areaRanges = new double[b.areaRanges.length * 2];
    for (int a = 0; a < b.areaRanges.length; a++) {
      areaRanges[2 * a] = b.areaRanges[a][0];
      areaRanges[2 * a + 1] = b.areaRanges[a][1];
    }
    this.areaLabels = b.areaLabels.clone();
    this.useCats = b.useCats;
    this.imageIds = b.imageIds == null ? null : sortedUnique(b.imageIds);
    this.categoryIds = b.categoryIds == null ? null : sortedUnique(b.categoryIds);
    this.segmAreaFromBox = b.segmAreaFromBox;
    this.keypointSigmas = b.keypointSigmas;
    this.keypointAreaFromBox = b.keypointAreaFromBox;
    this.federated = b.federated;
    this.dilationRatio = b.dilationRatio;
  }

  /** pycocotools' defaults for the given IoU type. */
  public static CocoParams defaults(IouType iouType) {
    return builder(iouType).build();
  }

  public static Builder builder(IouType iouType) {
    return new Builder(iouType);
  }

  /** A builder preloaded with these parameters. */
  public Builder toBuilder() {
    Builder b = new Builder(iouType);
    b.iouThresholds = iouThresholds.clone();
    b.recallThresholds = recallThresholds.clone();
    b.maxDets = maxDets.clone();
    b.areaRanges = new double[numAreaRanges()][];
    for (int a = 0; a < b.areaRanges.length; a++) b.areaRanges[a] = new double[] {areaLo(a), areaHi(a)};
    b.areaLabels = areaLabels.clone();
    b.useCats = useCats;
    b.imageIds = imageIds == null ? null : imageIds.clone();
    b.categoryIds = categoryIds == null ? null : categoryIds.clone();
    b.segmAreaFromBox = segmAreaFromBox;
    b.keypointSigmas = keypointSigmas;
    b.keypointAreaFromBox = keypointAreaFromBox;
    b.federated = federated;
    b.dilationRatio = dilationRatio;
    return b;
  }

  /**
   * {@code numpy.linspace(start, stop, num)}: {@code start + i * step} with
   * {@code step = (stop - start) / (num - 1)}, the last element set to {@code stop}.
   */
  public static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    if (num == 1) {
      y[0] = start;
      return y;
    }
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) y[i] = i * step + start;
    y[num - 1] = stop;
    return y;
  }

  private static long[] sortedUnique(long[] ids) {
    long[] s = ids.clone();
    Arrays.sort(s);
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) s[n++] = s[i];
    }
    return Arrays.copyOf(s, n);
  }

  public IouType iouType() { return iouType; }
  public int numIouThresholds() { return iouThresholds.length; }
  public double iouThreshold(int t) { return iouThresholds[t]; }
  public double[] iouThresholds() { return iouThresholds.clone(); }
  public int numRecallThresholds() { return recallThresholds.length; }
  public double recallThreshold(int r) { return recallThresholds[r]; }
  public double[] recallThresholds() { return recallThresholds.clone(); }
  public int numMaxDets() { return maxDets.length; }
  public int maxDets(int m) { return maxDets[m]; }
  public int[] maxDets() { return maxDets.clone(); }
  /** {@code maxDets[-1]}: detections per image and category kept for matching. */
  public int maxDetsLast() { return maxDets[maxDets.length - 1]; }
  public int numAreaRanges() { return areaLabels.length; }
  public double areaLo(int a) { return areaRanges[2 * a]; }
  public double areaHi(int a) { return areaRanges[2 * a + 1]; }
  public String areaLabel(int a) { return areaLabels[a]; }
  public String[] areaLabels() { return areaLabels.clone(); }
  public boolean useCats() { return useCats; }
  /** Sorted unique image ids to evaluate, or null for every GT image. */
  public long[] imageIds() { return imageIds == null ? null : imageIds.clone(); }
  /** Sorted unique category ids to evaluate, or null for every GT category. */
  public long[] categoryIds() { return categoryIds == null ? null : categoryIds.clone(); }
  /** segm only: size detections by box area when they carry a bbox (pycocotools loadRes) instead of mask area. */
  public boolean segmAreaFromBox() { return segmAreaFromBox; }
  /** keypoints only: the per-keypoint OKS constants of each category (COCO's 17 by default). */
  public dev.overlap.core.keypoints.KeypointSigmas keypointSigmas() { return keypointSigmas; }
  /**
   * keypoints only: size results by their {@code bbox} w*h (pycocotools loadRes when the first result has a
   * bbox) instead of the extent of their keypoints (when it has none).
   */
  public boolean keypointAreaFromBox() { return keypointAreaFromBox; }
  /**
   * LVIS federated rules in matching (lvis-api eval.py#evaluate_img): no crowd (every GT matchable once, plain
   * IoU), the GT {@code ignore} field honoured, and unmatched results of a category not exhaustively annotated
   * in the image ignored. The load-time rules are in {@link dev.overlap.core.lvis}.
   */
  public boolean federated() { return federated; }
  /** boundary only: band width as a fraction of the image diagonal (boundary-iou-api {@code dilation_ratio}). */
  public double dilationRatio() { return dilationRatio; }

  /** Index of the area range labelled {@code label}, or -1. */
  public int areaIndex(String label) {
    for (int a = 0; a < areaLabels.length; a++) if (areaLabels[a].equals(label)) return a;
    return -1;
  }

  /** Index of the IoU threshold exactly equal to {@code thr}, or -1 (pycocotools' {@code iouThr == p.iouThrs}). */
  public int iouIndex(double thr) {
    for (int t = 0; t < iouThresholds.length; t++) if (iouThresholds[t] == thr) return t;
    return -1;
  }

  /** Index of {@code maxDets == md}, or -1. */
  public int maxDetsIndex(int md) {
    for (int m = 0; m < maxDets.length; m++) if (maxDets[m] == md) return m;
    return -1;
  }

  @Override
  public String toString() {
    return "iouType=" + iouType.label() + " iouThrs=" + Arrays.toString(iouThresholds) + " recThrs=" + recallThresholds.length
        + " maxDets=" + Arrays.toString(maxDets) + " areaRng=" + Arrays.toString(areaRanges) + " areaRngLbl="
        + Arrays.toString(areaLabels) + " useCats=" + (useCats ? 1 : 0)
        + (iouType == IouType.BOUNDARY ? " dilationRatio=" + dilationRatio : "")
        + (imageIds == null ? "" : " imgIds=" + imageIds.length) + (categoryIds == null ? "" : " catIds=" + Arrays.toString(categoryIds))
        + (iouType == IouType.KEYPOINTS ? " kptSigmas=" + keypointSigmas + " kptArea=" + (keypointAreaFromBox ? "bbox" : "extent") : "")
        + (federated ? " protocol=lvis" : "");
  }

  /** Mutable builder; {@link #build()} validates everything once. */
  public static final class Builder {
    private final IouType iouType;
    private double[] iouThresholds = linspace(0.5, 0.95, 10);
    private double[] recallThresholds = linspace(0.0, 1.00, 101);
    private int[] maxDets = {1, 10, 100};
    private double[][] areaRanges = DEFAULT_AREA_RANGES;
    private String[] areaLabels = DEFAULT_AREA_LABELS;
    private boolean useCats = true;
    private long[] imageIds;
    private long[] categoryIds;
    private boolean segmAreaFromBox;
    private dev.overlap.core.keypoints.KeypointSigmas keypointSigmas;
    private boolean keypointAreaFromBox;
    private boolean federated;
    private double dilationRatio = 0.02;

    private Builder(IouType iouType) {
      if (iouType == null) throw new IllegalArgumentException("iou type is required");
      this.iouType = iouType;
      if (iouType == IouType.KEYPOINTS) {
        // cocoeval.py#Params.setKpParams
        maxDets = new int[] {20};
        areaRanges = KEYPOINT_AREA_RANGES;
        areaLabels = KEYPOINT_AREA_LABELS;
        keypointSigmas = dev.overlap.core.keypoints.KeypointSigmas.coco();
      } else if (iouType.isBox3d()) {
        // the indoor/driving 3D protocol (GEOMETRY-SEMANTICS.md): AP at 0.25 and 0.5, 100 boxes, no area ranges
        iouThresholds = BOX3D_IOU_THRESHOLDS.clone();
        maxDets = new int[] {100};
        areaRanges = new double[][] {{0, 1e10}};
        areaLabels = new String[] {"all"};
      }
    }

    public Builder iouThresholds(double... t) { this.iouThresholds = t.clone(); return this; }
    public Builder recallThresholds(double... r) { this.recallThresholds = r.clone(); return this; }
    public Builder maxDets(int... m) { this.maxDets = m.clone(); return this; }
    /** Area ranges {@code [lo, hi]} (inclusive) with one label each. */
    public Builder areaRanges(double[][] ranges, String[] labels) {
      this.areaRanges = new double[ranges.length][];
      for (int a = 0; a < ranges.length; a++) areaRanges[a] = ranges[a].clone();
      this.areaLabels = labels.clone();
      return this;
    }
    public Builder useCats(boolean u) { this.useCats = u; return this; }
    public Builder imageIds(long... ids) { this.imageIds = ids == null ? null : ids.clone(); return this; }
    public Builder categoryIds(long... ids) { this.categoryIds = ids == null ? null : ids.clone(); return this; }
    public Builder segmAreaFromBox(boolean b) { this.segmAreaFromBox = b; return this; }
    public Builder keypointSigmas(dev.overlap.core.keypoints.KeypointSigmas s) { this.keypointSigmas = s; return this; }
    public Builder keypointAreaFromBox(boolean b) { this.keypointAreaFromBox = b; return this; }
    public Builder federated(boolean f) { this.federated = f; return this; }
    /** Boundary AP's band width ratio, in (0, 1] (default 0.02). */
    public Builder dilationRatio(double r) { this.dilationRatio = r; return this; }

    public CocoParams build() {
      if (iouThresholds.length == 0) throw new IllegalArgumentException("iouThrs: at least one threshold is needed");
      for (double t : iouThresholds) {
        if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("iouThrs: " + t + " is not in [0, 1]");
      }
      if (recallThresholds.length == 0) throw new IllegalArgumentException("recThrs: at least one threshold is needed");
      for (int r = 0; r < recallThresholds.length; r++) {
        double v = recallThresholds[r];
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("recThrs: " + v + " is not in [0, 1]");
        if (r > 0 && v < recallThresholds[r - 1]) throw new IllegalArgumentException("recThrs must be ascending");
      }
      if (maxDets.length == 0) throw new IllegalArgumentException("maxDets: at least one value is needed");
      for (int m = 0; m < maxDets.length; m++) {
        if (maxDets[m] < 1) throw new IllegalArgumentException("maxDets: " + maxDets[m] + " must be >= 1");
        // pycocotools matches once with maxDets[-1] and slices for the others: it must be the largest
        if (maxDets[m] > maxDets[maxDets.length - 1]) {
          throw new IllegalArgumentException("maxDets: the last value must be the largest, got " + Arrays.toString(maxDets));
        }
      }
      if (areaRanges.length == 0 || areaRanges.length != areaLabels.length) {
        throw new IllegalArgumentException("areaRng: need one label per range, got " + areaRanges.length + " ranges and "
            + areaLabels.length + " labels");
      }
      for (int a = 0; a < areaRanges.length; a++) {
        double[] r = areaRanges[a];
        if (r.length != 2 || !(r[0] <= r[1])) {
          throw new IllegalArgumentException("areaRng: range " + Arrays.toString(r) + " of \"" + areaLabels[a]
              + "\" must be [lo, hi] with lo <= hi");
        }
      }
      if (iouType == IouType.KEYPOINTS && keypointSigmas == null) {
        throw new IllegalArgumentException("keypoints: per-keypoint sigmas are required");
      }
      if (federated && iouType == IouType.KEYPOINTS) {
        throw new IllegalArgumentException("the LVIS protocol evaluates bbox or segm, not keypoints");
      }
      if (!(dilationRatio > 0 && dilationRatio <= 1)) {
        throw new IllegalArgumentException("dilation ratio: " + dilationRatio + " is not in (0, 1]");
      }
      return new CocoParams(this);
    }
  }
}
