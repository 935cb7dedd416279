package dev.overlap.jobs.segmentation;

import java.io.Serializable;

/**
 * What the per-pair evaluation emits (a tagged union): an image's scores, one class's counts in one
 * image, a rejected image (skip mode), or a task's partial sums: its {@code long[K*K]} confusion
 * counts and record counts. Undefined scores are null.
 */
public class SegOutput implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int IMAGE = 0;
  public static final int CLASS = 1;
  public static final int PARTIAL = 2;
  public static final int REJECT = 3;


  private int kind;
  private String image;
  // IMAGE
  private String gtFile;
  private String predFile;
  private int width;
  private int height;
  private long validPixels;
  private long ignoredPixels;
  private long correctPixels;
  private Double pixelAccuracy;
  private Double meanIou;
  private int classesInGt;
  private Integer dilationPx;
  // CLASS
  private int classId;
  private Double iou;
  private long gtPixels;
  private long predPixels;
  private long tpPixels;
  // CLASS with --boundary
  private Long boundaryIntersection;
  private Long boundaryUnion;
  private Double boundaryIou;
  private Double hd95;
  private Double hd;
  private Double assd;
  // PARTIAL
  private long[] confusion;
  private long pairs;
  private long evaluated;
  private long rejected;
  private long gtMaps;
  private long predMaps;
  private long bytesRead;
  private long readNanos;
  private long decodeNanos;
  private long countNanos;
  private long boundaryNanos;
  private long[] boundary;
  private long[] bootstrap; // replicates x K x K weighted counts (SemsegBootstrap), null without --bootstrap
  private long[] sliceCounts; // slices x K x K confusion counts (--slice-by), null without
  private long[] sliceImages; // images evaluated per slice, null without --slice-by
  // REJECT
  private String source;
  private String file;
  private String record;
  private String reason;

  public SegOutput() {}

  static SegOutput reject(String image, String source, String file, String record, String reason) {
    SegOutput o = new SegOutput();
    o.kind = REJECT;
    o.image = image;
    o.source = source;
    o.file = file;
    o.record = record;
    o.reason = reason;
    return o;
  }

  public long[] getBootstrap() { return bootstrap; }
  public void setBootstrap(long[] bootstrap) { this.bootstrap = bootstrap; }
  public long[] getSliceCounts() { return sliceCounts; }
  public void setSliceCounts(long[] v) { this.sliceCounts = v; }
  public long[] getSliceImages() { return sliceImages; }
  public void setSliceImages(long[] v) { this.sliceImages = v; }
  public int getKind() { return kind; }
  public void setKind(int kind) { this.kind = kind; }
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public String getGtFile() { return gtFile; }
  public void setGtFile(String gtFile) { this.gtFile = gtFile; }
  public String getPredFile() { return predFile; }
  public void setPredFile(String predFile) { this.predFile = predFile; }
  public int getWidth() { return width; }
  public void setWidth(int width) { this.width = width; }
  public int getHeight() { return height; }
  public void setHeight(int height) { this.height = height; }
  public long getValidPixels() { return validPixels; }
  public void setValidPixels(long validPixels) { this.validPixels = validPixels; }
  public long getIgnoredPixels() { return ignoredPixels; }
  public void setIgnoredPixels(long ignoredPixels) { this.ignoredPixels = ignoredPixels; }
  public long getCorrectPixels() { return correctPixels; }
  public void setCorrectPixels(long correctPixels) { this.correctPixels = correctPixels; }
  public Double getPixelAccuracy() { return pixelAccuracy; }
  public void setPixelAccuracy(Double pixelAccuracy) { this.pixelAccuracy = pixelAccuracy; }
  public Double getMeanIou() { return meanIou; }
  public void setMeanIou(Double meanIou) { this.meanIou = meanIou; }
  public int getClassesInGt() { return classesInGt; }
  public void setClassesInGt(int classesInGt) { this.classesInGt = classesInGt; }
  public Integer getDilationPx() { return dilationPx; }
  public void setDilationPx(Integer dilationPx) { this.dilationPx = dilationPx; }
  public Long getBoundaryIntersection() { return boundaryIntersection; }
  public void setBoundaryIntersection(Long v) { this.boundaryIntersection = v; }
  public Long getBoundaryUnion() { return boundaryUnion; }
  public void setBoundaryUnion(Long v) { this.boundaryUnion = v; }
  public Double getBoundaryIou() { return boundaryIou; }
  public void setBoundaryIou(Double v) { this.boundaryIou = v; }
  public Double getHd95() { return hd95; }
  public void setHd95(Double v) { this.hd95 = v; }
  public Double getHd() { return hd; }
  public void setHd(Double v) { this.hd = v; }
  public Double getAssd() { return assd; }
  public void setAssd(Double v) { this.assd = v; }
  /** PARTIAL with --boundary: the task's {@link dev.overlap.core.boundary.BoundaryTotals#toLongs()}. */
  public long[] getBoundary() { return boundary; }
  public void setBoundary(long[] boundary) { this.boundary = boundary; }
  public long getBoundaryNanos() { return boundaryNanos; }
  public void setBoundaryNanos(long v) { this.boundaryNanos = v; }
  public int getClassId() { return classId; }
  public void setClassId(int classId) { this.classId = classId; }
  public Double getIou() { return iou; }
  public void setIou(Double iou) { this.iou = iou; }
  public long getGtPixels() { return gtPixels; }
  public void setGtPixels(long gtPixels) { this.gtPixels = gtPixels; }
  public long getPredPixels() { return predPixels; }
  public void setPredPixels(long predPixels) { this.predPixels = predPixels; }
  public long getTpPixels() { return tpPixels; }
  public void setTpPixels(long tpPixels) { this.tpPixels = tpPixels; }
  public long[] getConfusion() { return confusion; }
  public void setConfusion(long[] confusion) { this.confusion = confusion; }
  public long getPairs() { return pairs; }
  public void setPairs(long pairs) { this.pairs = pairs; }
  public long getEvaluated() { return evaluated; }
  public void setEvaluated(long evaluated) { this.evaluated = evaluated; }
  public long getRejected() { return rejected; }
  public void setRejected(long rejected) { this.rejected = rejected; }
  public long getGtMaps() { return gtMaps; }
  public void setGtMaps(long gtMaps) { this.gtMaps = gtMaps; }
  public long getPredMaps() { return predMaps; }
  public void setPredMaps(long predMaps) { this.predMaps = predMaps; }
  public long getBytesRead() { return bytesRead; }
  public void setBytesRead(long bytesRead) { this.bytesRead = bytesRead; }
  public long getReadNanos() { return readNanos; }
  public void setReadNanos(long readNanos) { this.readNanos = readNanos; }
  public long getDecodeNanos() { return decodeNanos; }
  public void setDecodeNanos(long decodeNanos) { this.decodeNanos = decodeNanos; }
  public long getCountNanos() { return countNanos; }
  public void setCountNanos(long countNanos) { this.countNanos = countNanos; }
  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getFile() { return file; }
  public void setFile(String file) { this.file = file; }
  public String getRecord() { return record; }
  public void setRecord(String record) { this.record = record; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
