package dev.overlap.jobs.panoptic;

import java.io.Serializable;

/**
 * One ground-truth image to evaluate: both PNG files, both sides' segments (category ids already
 * dense indices), or why it cannot be evaluated ({@code problem}: no prediction entry, a repeated
 * image id, an unknown category, a bad annotation, a missing PNG), found on the driver.
 */
public class PanopticTask implements Serializable {
  private static final long serialVersionUID = 1L;


  private String image;
  private String gtPath;
  private long gtLength;
  private String gtRecord;
  private int[] gtIds;
  private int[] gtCategories;
  private boolean[] gtCrowd;
  private long[] gtAreas;
  private String predPath;
  private long predLength;
  private String predRecord;
  private int[] predIds;
  private int[] predCategories;
  private String problem;
  private String problemSource;
  private String problemFile;
  private String problemRecord;
  private String problemField;

  public PanopticTask() {}

  /** An image that cannot be evaluated; {@code source} is "gt" or "pred". */
  PanopticTask problem(String source, String file, String record, String field, String reason) {
    this.problemSource = source;
    this.problemFile = file;
    this.problemRecord = record;
    this.problemField = field;
    this.problem = reason;
    return this;
  }

  /** The image id as text (an integer's digits, or Cityscapes' string id). */
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public String getGtPath() { return gtPath; }
  public void setGtPath(String gtPath) { this.gtPath = gtPath; }
  public long getGtLength() { return gtLength; }
  public void setGtLength(long gtLength) { this.gtLength = gtLength; }
  /** Where the annotation is in the ground-truth JSON, e.g. "annotations[3] (image_id 42)". */
  public String getGtRecord() { return gtRecord; }
  public void setGtRecord(String gtRecord) { this.gtRecord = gtRecord; }
  public int[] getGtIds() { return gtIds; }
  public void setGtIds(int[] gtIds) { this.gtIds = gtIds; }
  /** Dense category indices (ground-truth category order). */
  public int[] getGtCategories() { return gtCategories; }
  public void setGtCategories(int[] gtCategories) { this.gtCategories = gtCategories; }
  public boolean[] getGtCrowd() { return gtCrowd; }
  public void setGtCrowd(boolean[] gtCrowd) { this.gtCrowd = gtCrowd; }
  /** The segments' {@code area} fields. */
  public long[] getGtAreas() { return gtAreas; }
  public void setGtAreas(long[] gtAreas) { this.gtAreas = gtAreas; }
  public String getPredPath() { return predPath; }
  public void setPredPath(String predPath) { this.predPath = predPath; }
  public long getPredLength() { return predLength; }
  public void setPredLength(long predLength) { this.predLength = predLength; }
  public String getPredRecord() { return predRecord; }
  public void setPredRecord(String predRecord) { this.predRecord = predRecord; }
  public int[] getPredIds() { return predIds; }
  public void setPredIds(int[] predIds) { this.predIds = predIds; }
  public int[] getPredCategories() { return predCategories; }
  public void setPredCategories(int[] predCategories) { this.predCategories = predCategories; }
  /** Why the image cannot be evaluated, or null. */
  public String getProblem() { return problem; }
  public void setProblem(String problem) { this.problem = problem; }
  public String getProblemSource() { return problemSource; }
  public void setProblemSource(String problemSource) { this.problemSource = problemSource; }
  public String getProblemFile() { return problemFile; }
  public void setProblemFile(String problemFile) { this.problemFile = problemFile; }
  public String getProblemRecord() { return problemRecord; }
  public void setProblemRecord(String problemRecord) { this.problemRecord = problemRecord; }
  public String getProblemField() { return problemField; }
  public void setProblemField(String problemField) { this.problemField = problemField; }
}
