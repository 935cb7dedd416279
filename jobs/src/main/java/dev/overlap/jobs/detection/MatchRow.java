package dev.overlap.jobs.detection;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** A ranked detection in the global sort: category index, score, image id, rank in image, flags. */
public class MatchRow implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<MatchRow> ENCODER = Encoders.bean(MatchRow.class);

  private int category;
  private double score;
  private long imageId;
  private int rank;
  private byte[] flags;

  public MatchRow() {}

  public int getCategory() { return category; }
  public void setCategory(int category) { this.category = category; }
  public double getScore() { return score; }
  public void setScore(double score) { this.score = score; }
  public long getImageId() { return imageId; }
  public void setImageId(long imageId) { this.imageId = imageId; }
  public int getRank() { return rank; }
  public void setRank(int rank) { this.rank = rank; }
  public byte[] getFlags() { return flags; }
  public void setFlags(byte[] flags) { this.flags = flags; }
}
