package dev.overlap.jobs.detection;

import java.io.Serializable;

/**
 * A byte range of a predictions file to read in one task: lines of a JSON Lines file, a whole JSON
 * array, or a stretch of a JSON array that the driver cut at result boundaries ({@link #isStretch()}:
 * it starts at a result, on {@code line} beginning at byte {@code lineStart}, whose index is
 * {@code firstIndex}).
 */
public class PredSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private String path;
  private int fileIndex;
  private long start;
  private long end;
  private boolean array;
  private boolean stretch;
  private long line;
  private long lineStart;
  private long firstIndex;

  public PredSplit() {}

  /** A stretch of a JSON array, from a result at {@code start} up to the first result at or after {@code end}. */
  public static PredSplit stretch(String path, int fileIndex, long start, long end, long line, long lineStart,
      long firstIndex) {
    PredSplit s = new PredSplit(path, fileIndex, start, end, true);
    s.stretch = true;
    s.line = line;
    s.lineStart = lineStart;
    s.firstIndex = firstIndex;
    return s;
  }

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
  public boolean isStretch() { return stretch; }
  public long getLine() { return line; }
  public long getLineStart() { return lineStart; }
  public long getFirstIndex() { return firstIndex; }
}
