package dev.overlap.jobs.detection;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.Segmentation;
import java.io.Serializable;

/**
 * One input record on its way to the per-image evaluation: an image, a category, a ground-truth
 * annotation or a detection (a tagged union, so that one shuffle by image id brings an image's
 * records together). Masks travel as polygons ({@code polyXy} flat, {@code polyLens} coordinates per
 * part) or as uncompressed RLE counts.
 */
public class EvalRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int IMAGE = 0;
  public static final int GT = 1;
  public static final int DET = 2;
  public static final int CATEGORY = 3;
  /** A record that could not be read (skip mode): carries where and why, goes to the rejects table. */
  public static final int REJECT = 4;

  private int kind;
  private long imageId;
  private long categoryId;
  private long seq;
  private long annId;
  private double[] bbox;
  private double[] box3d;
  private double area;
  private double score;
  private boolean crowd;
  private boolean difficult;
  private boolean ignore;
  private int width;
  private int height;
  private String name;
  private String stringId; // IMAGE: the id as written when it was a string
  private double[] polyXy;
  private int[] polyLens;
  private int rleH;
  private int rleW;
  private int[] rleCounts;
  private String rejectSource;
  private String rejectFile;
  private String rejectRecord;
  private String rejectField;
  private String rejectReason;
  // keypoints and LVIS (null / -1 / false for COCO boxes and masks)
  private double[] keypoints;
  private int numKeypoints = -1;
  private long[] negCategoryIds;
  private long[] notExhaustiveCategoryIds;
  private String frequency;
  private String[] attributes; // IMAGE of the ground-truth scan: --slice-by fields as text, null where missing

  public EvalRecord() {}

  /**
   * A rejected input record.
   *
   * @param source "gt" or "pred"
   * @param imageId the image it belongs to when known (it travels with that image), else any spread key
   */
  public static EvalRecord reject(String source, dev.overlap.core.io.InvalidInputException e, long imageId, long seq) {
    EvalRecord r = new EvalRecord();
    r.kind = REJECT;
    r.imageId = imageId;
    r.seq = seq;
    r.rejectSource = source;
    r.rejectFile = e.file();
    r.rejectRecord = e.record();
    r.rejectField = e.field();
    r.rejectReason = e.reason();
    return r;
  }

  public static EvalRecord of(Image im) {
    EvalRecord r = new EvalRecord();
    r.kind = IMAGE;
    r.imageId = im.id();
    r.width = im.width();
    r.height = im.height();
    r.name = im.fileName();
    r.negCategoryIds = im.negCategoryIds();
    r.notExhaustiveCategoryIds = im.notExhaustiveCategoryIds();
    r.stringId = im.stringId();
    return r;
  }

  public static EvalRecord of(Category c, long index) {
    EvalRecord r = new EvalRecord();
    r.kind = CATEGORY;
    r.categoryId = c.id();
    r.name = c.name();
    r.seq = index;
    r.frequency = c.frequency();
    r.numKeypoints = c.numKeypoints();
    return r;
  }

  public static EvalRecord of(GtAnnotation a) {
    EvalRecord r = new EvalRecord();
    r.kind = GT;
    r.imageId = a.imageId();
    r.categoryId = a.categoryId();
    r.seq = a.index();
    r.annId = a.id();
    r.bbox = a.bbox();
    r.box3d = a.box3d();
    r.area = a.area();
    r.crowd = a.iscrowd();
    r.difficult = a.difficult();
    r.ignore = a.ignore();
    r.setSegmentation(a.segmentation());
    r.keypoints = a.keypoints();
    r.numKeypoints = a.numKeypoints();
    return r;
  }

  public static EvalRecord of(Detection d) {
    EvalRecord r = new EvalRecord();
    r.kind = DET;
    r.imageId = d.imageId();
    r.categoryId = d.categoryId();
    r.seq = d.seq();
    r.bbox = d.bbox();
    r.box3d = d.box3d();
    r.score = d.score();
    r.setSegmentation(d.segmentation());
    r.keypoints = d.keypoints();
    return r;
  }

  private void setSegmentation(Segmentation s) {
    if (s == null) return;
    if (s.isPolygons()) {
      double[][] polys = s.polygons();
      int total = 0;
      for (double[] p : polys) total += p.length;
      polyXy = new double[total];
      polyLens = new int[polys.length];
      int o = 0;
      for (int i = 0; i < polys.length; i++) {
        System.arraycopy(polys[i], 0, polyXy, o, polys[i].length);
        polyLens[i] = polys[i].length;
        o += polys[i].length;
      }
    } else {
      rleH = s.rleHeight();
      rleW = s.rleWidth();
      rleCounts = s.rleCounts();
    }
  }

  /** The segmentation carried, or null. */
  public Segmentation segmentation() {
    if (polyLens != null) {
      double[][] polys = new double[polyLens.length][];
      int o = 0;
      for (int i = 0; i < polyLens.length; i++) {
        polys[i] = new double[polyLens[i]];
        System.arraycopy(polyXy, o, polys[i], 0, polyLens[i]);
        o += polyLens[i];
      }
      return Segmentation.ofPolygons(polys);
    }
    if (rleCounts != null) return Segmentation.ofRle(rleH, rleW, rleCounts);
    return null;
  }

  public Image toImage() {
    return new Image(imageId, name, width, height, stringId, negCategoryIds, notExhaustiveCategoryIds);
  }

  public GtAnnotation toGt() {
    return new GtAnnotation(annId, imageId, categoryId, bbox, area, crowd, segmentation(), seq, difficult, ignore,
        box3d, keypoints, numKeypoints);
  }

  public Detection toDetection() {
    return new Detection(imageId, categoryId, bbox, score, segmentation(), seq, box3d, keypoints);
  }

  public double[] getKeypoints() { return keypoints; }
  public void setKeypoints(double[] keypoints) { this.keypoints = keypoints; }
  public int getNumKeypoints() { return numKeypoints; }
  public void setNumKeypoints(int numKeypoints) { this.numKeypoints = numKeypoints; }
  public long[] getNegCategoryIds() { return negCategoryIds; }
  public void setNegCategoryIds(long[] ids) { this.negCategoryIds = ids; }
  public long[] getNotExhaustiveCategoryIds() { return notExhaustiveCategoryIds; }
  public void setNotExhaustiveCategoryIds(long[] ids) { this.notExhaustiveCategoryIds = ids; }
  public String getFrequency() { return frequency; }
  public void setFrequency(String frequency) { this.frequency = frequency; }

  public int getKind() { return kind; }
  public void setKind(int kind) { this.kind = kind; }
  public long getImageId() { return imageId; }
  public void setImageId(long imageId) { this.imageId = imageId; }
  public long getCategoryId() { return categoryId; }
  public void setCategoryId(long categoryId) { this.categoryId = categoryId; }
  public long getSeq() { return seq; }
  public void setSeq(long seq) { this.seq = seq; }
  public long getAnnId() { return annId; }
  public void setAnnId(long annId) { this.annId = annId; }
  public double[] getBbox() { return bbox; }
  public void setBbox(double[] bbox) { this.bbox = bbox; }
  /** {@code [cx, cy, cz, l, w, h, yaw]} of a bev / 3d record, else null. */
  public double[] getBox3d() { return box3d; }
  public void setBox3d(double[] box3d) { this.box3d = box3d; }
  public double getArea() { return area; }
  public void setArea(double area) { this.area = area; }
  public double getScore() { return score; }
  public void setScore(double score) { this.score = score; }
  public boolean isCrowd() { return crowd; }
  public void setCrowd(boolean crowd) { this.crowd = crowd; }
  public boolean isDifficult() { return difficult; }
  public void setDifficult(boolean difficult) { this.difficult = difficult; }
  /** A ground truth's {@code ignore} field (read by Boundary AP and LVIS). */
  public boolean isIgnore() { return ignore; }
  public void setIgnore(boolean ignore) { this.ignore = ignore; }
  public int getWidth() { return width; }
  public void setWidth(int width) { this.width = width; }
  public int getHeight() { return height; }
  public void setHeight(int height) { this.height = height; }
  public String getStringId() { return stringId; }
  public void setStringId(String s) { this.stringId = s; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public double[] getPolyXy() { return polyXy; }
  public void setPolyXy(double[] polyXy) { this.polyXy = polyXy; }
  public int[] getPolyLens() { return polyLens; }
  public void setPolyLens(int[] polyLens) { this.polyLens = polyLens; }
  public int getRleH() { return rleH; }
  public void setRleH(int rleH) { this.rleH = rleH; }
  public int getRleW() { return rleW; }
  public void setRleW(int rleW) { this.rleW = rleW; }
  public int[] getRleCounts() { return rleCounts; }
  public String getRejectSource() { return rejectSource; }
  public void setRejectSource(String s) { this.rejectSource = s; }
  public String getRejectFile() { return rejectFile; }
  public void setRejectFile(String s) { this.rejectFile = s; }
  public String getRejectRecord() { return rejectRecord; }
  public void setRejectRecord(String s) { this.rejectRecord = s; }
  public String getRejectField() { return rejectField; }
  public void setRejectField(String s) { this.rejectField = s; }
  public String getRejectReason() { return rejectReason; }
  public void setRejectReason(String s) { this.rejectReason = s; }
  public void setRleCounts(int[] rleCounts) { this.rleCounts = rleCounts; }

  public String[] getAttributes() { return attributes; }
  public void setAttributes(String[] v) { this.attributes = v; }
}
