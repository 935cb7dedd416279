package dev.overlap.jobs.detection;

import java.io.Serializable;

/** A byte range of a predictions file to read in one task (the whole file for a JSON array). */
public class PredSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private String path;
  private int fileIndex;
  private long start;
  private long end;
  private boolean array;

  public PredSplit() {}

  public PredSplit(String path, int fileIndex, long start, long end, boolean array) {
    this.path = path;
    this.fileIndex = fileIndex;
    this.start = start;
    this.end = end;
    this.array = array;
  }

  public String getPath() { return path; }
  public void setPath(String path) { this.path = path; }
  public int getFileIndex() { return fileIndex; }
  public void setFileIndex(int fileIndex) { this.fileIndex = fileIndex; }
  public long getStart() { return start; }
  public void setStart(long start) { this.start = start; }
  public long getEnd() { return end; }
  public void setEnd(long end) { this.end = end; }
  public boolean isArray() { return array; }
  public void setArray(boolean array) { this.array = array; }
}
