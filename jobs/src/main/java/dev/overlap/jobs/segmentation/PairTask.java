package dev.overlap.jobs.segmentation;

import java.io.Serializable;

/**
 * One image to evaluate: where its ground-truth and predicted label maps are (a file to read, or
 * PNG bytes already read from Parquet), or why it cannot be evaluated ({@code problem}: a missing
 * partner, a duplicate image id, a null PNG), found before any pixel is read.
 */
public class PairTask implements Serializable {
  private static final long serialVersionUID = 1L;


  private String image;
  private String gtPath;
  private String gtRecord;
  private long gtLength;
  private byte[] gtBytes;
  private int gtCount;
  private String predPath;
  private String predRecord;
  private long predLength;
  private byte[] predBytes;
  private int predCount;
  private String problem;
  private String problemSource;
  private String problemPath;
  private String problemRecord;

  public PairTask() {}

  /** A pair of PNG files. */
  static PairTask files(String image, String gtPath, long gtLength, String predPath, long predLength) {
    PairTask t = new PairTask();
    t.image = image;
    t.gtPath = gtPath;
    t.gtLength = gtLength;
    t.gtCount = 1;
    t.predPath = predPath;
    t.predLength = predLength;
    t.predCount = 1;
    return t;
  }

  /** An image that cannot be evaluated; {@code source} is "gt" or "pred", the side {@code path} belongs to. */
  PairTask problem(String source, String path, String record, String reason) {
    this.problemSource = source;
    this.problemPath = path;
    this.problemRecord = record;
    this.problem = reason;
    return this;
  }

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  /** The ground-truth file (for Parquet, the file holding the row), or null when there is none. */
  public String getGtPath() { return gtPath; }
  public void setGtPath(String gtPath) { this.gtPath = gtPath; }
  /** Where in {@link #getGtPath()} the map is ("row 3" for Parquet), or null for a PNG file. */
  public String getGtRecord() { return gtRecord; }
  public void setGtRecord(String gtRecord) { this.gtRecord = gtRecord; }
  /** Bytes of the PNG, as listed. */
  public long getGtLength() { return gtLength; }
  public void setGtLength(long gtLength) { this.gtLength = gtLength; }
  /** The PNG itself when it came from Parquet; null when it is read from {@link #getGtPath()}. */
  public byte[] getGtBytes() { return gtBytes; }
  public void setGtBytes(byte[] gtBytes) { this.gtBytes = gtBytes; }
  /** Ground-truth maps found for this image id (1, or 0 / more than 1 with a problem). */
  public int getGtCount() { return gtCount; }
  public void setGtCount(int gtCount) { this.gtCount = gtCount; }
  public String getPredPath() { return predPath; }
  public void setPredPath(String predPath) { this.predPath = predPath; }
  public String getPredRecord() { return predRecord; }
  public void setPredRecord(String predRecord) { this.predRecord = predRecord; }
  public long getPredLength() { return predLength; }
  public void setPredLength(long predLength) { this.predLength = predLength; }
  public byte[] getPredBytes() { return predBytes; }
  public void setPredBytes(byte[] predBytes) { this.predBytes = predBytes; }
  public int getPredCount() { return predCount; }
  public void setPredCount(int predCount) { this.predCount = predCount; }
  /** Why the image cannot be evaluated, or null. */
  public String getProblem() { return problem; }
  public void setProblem(String problem) { this.problem = problem; }
  public String getProblemSource() { return problemSource; }
  public void setProblemSource(String problemSource) { this.problemSource = problemSource; }
  public String getProblemPath() { return problemPath; }
  public void setProblemPath(String problemPath) { this.problemPath = problemPath; }
  public String getProblemRecord() { return problemRecord; }
  public void setProblemRecord(String problemRecord) { this.problemRecord = problemRecord; }
}
