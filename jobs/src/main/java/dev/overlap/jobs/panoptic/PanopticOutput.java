package dev.overlap.jobs.panoptic;

import java.io.Serializable;

/**
 * What the per-image evaluation emits (a tagged union): one category's counts in one image, a
 * rejected image (skip mode), or a task's partial sums ({@link dev.overlap.core.panoptic.PqStats}
 * as bytes, the semantic confusion counts and record counts). Undefined scores are null.
 */
public class PanopticOutput implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int IMAGE_CLASS = 0;
  public static final int PARTIAL = 2;
  public static final int REJECT = 3;


  private int kind;
  private String image;
  // IMAGE_CLASS
  private int categoryId;
  private long tp;
  private long fp;
  private long fn;
  private double iouSum;
  private Double pq;
  private Double imagePq;
  // PARTIAL
  private byte[] stats;
  private byte[] bootstrap; // PanopticBootstrap#toBytes of the task's images, null without --bootstrap
  private byte[] slices; // PqSliceStats#toBytes of the task's images, null without --slice-by
  private long[] confusion;
  private long images;
  private long evaluated;
  private long rejected;
  private long pixels;
  private long bytesRead;
  private long readNanos;
  private long decodeNanos;
  private long countNanos;
  // REJECT
  private String source;
  private String file;
  private String record;
  private String reason;

  public PanopticOutput() {}

  static PanopticOutput reject(String image, String source, String file, String record, String reason) {
    PanopticOutput o = new PanopticOutput();
    o.kind = REJECT;
    o.image = image;
    o.source = source;
    o.file = file;
    o.record = record;
    o.reason = reason;
    return o;
  }

  public int getKind() { return kind; }
  public void setKind(int kind) { this.kind = kind; }
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public int getCategoryId() { return categoryId; }
  public void setCategoryId(int categoryId) { this.categoryId = categoryId; }
  public long getTp() { return tp; }
  public void setTp(long tp) { this.tp = tp; }
  public long getFp() { return fp; }
  public void setFp(long fp) { this.fp = fp; }
  public long getFn() { return fn; }
  public void setFn(long fn) { this.fn = fn; }
  public double getIouSum() { return iouSum; }
  public void setIouSum(double iouSum) { this.iouSum = iouSum; }
  public Double getPq() { return pq; }
  public void setPq(Double pq) { this.pq = pq; }
  public Double getImagePq() { return imagePq; }
  public void setImagePq(Double imagePq) { this.imagePq = imagePq; }
  public byte[] getStats() { return stats; }
  public byte[] getBootstrap() { return bootstrap; }
  public void setBootstrap(byte[] v) { this.bootstrap = v; }
  public byte[] getSlices() { return slices; }
  public void setSlices(byte[] v) { this.slices = v; }
  public void setStats(byte[] stats) { this.stats = stats; }
  public long[] getConfusion() { return confusion; }
  public void setConfusion(long[] confusion) { this.confusion = confusion; }
  public long getImages() { return images; }
  public void setImages(long images) { this.images = images; }
  public long getEvaluated() { return evaluated; }
  public void setEvaluated(long evaluated) { this.evaluated = evaluated; }
  public long getRejected() { return rejected; }
  public void setRejected(long rejected) { this.rejected = rejected; }
  public long getPixels() { return pixels; }
  public void setPixels(long pixels) { this.pixels = pixels; }
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
