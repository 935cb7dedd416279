package dev.overlap.jobs.segmentation;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One label map on its way to be paired when an input is Parquet: the image id, which side it is,
 * where it came from and its PNG bytes (or, for a PNG folder on the other side, the file to read).
 * A shuffle by image id brings both sides of an image together; {@link PairUp} pairs them.
 */
public class ImageSide implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int GT = 0;
  public static final int PRED = 1;

  /**
   * The rows both sides become before the shuffle, in this column order ({@link #of(Row)} reads them by
   * position): plain rows, no bean encoder (Scala reflection, generated code: docs/benchmarks.md).
   */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("image", DataTypes.StringType, true),
      DataTypes.createStructField("side", DataTypes.IntegerType, false),
      DataTypes.createStructField("path", DataTypes.StringType, true),
      DataTypes.createStructField("row", DataTypes.LongType, false),
      DataTypes.createStructField("length", DataTypes.LongType, false),
      DataTypes.createStructField("bytes", DataTypes.BinaryType, true),
      DataTypes.createStructField("problem", DataTypes.StringType, true)});

  private String image;
  private int side;
  private String path;
  private long row;
  private long length;
  private byte[] bytes;
  private String problem;

  public ImageSide() {}

  /** A PNG file of a folder input. */
  static ImageSide file(String image, int side, String path, long length) {
    ImageSide s = new ImageSide();
    s.image = image;
    s.side = side;
    s.path = path;
    s.row = -1;
    s.length = length;
    return s;
  }

  /** A row of {@link #SCHEMA}. */
  static ImageSide of(Row r) {
    ImageSide s = new ImageSide();
    s.image = r.isNullAt(0) ? null : r.getString(0);
    s.side = r.getInt(1);
    s.path = r.isNullAt(2) ? null : r.getString(2);
    s.row = r.isNullAt(3) ? -1 : r.getLong(3);
    s.length = r.isNullAt(4) ? 0 : r.getLong(4);
    s.bytes = r.isNullAt(5) ? null : (byte[]) r.get(5);
    s.problem = r.isNullAt(6) ? null : r.getString(6);
    return s;
  }

  /** This side as a row of {@link #SCHEMA}. */
  Row toRow() {
    return RowFactory.create(image, side, path, row, length, bytes, problem);
  }

  /** The image id (a Parquet image_id as a string, or a relative path without suffix); null if missing. */
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  /** {@link #GT} or {@link #PRED}. */
  public int getSide() { return side; }
  public void setSide(int side) { this.side = side; }
  /** The PNG file, or the Parquet file holding the row. */
  public String getPath() { return path; }
  public void setPath(String path) { this.path = path; }
  /** Row index within the Parquet file, -1 for a PNG file. */
  public long getRow() { return row; }
  public void setRow(long row) { this.row = row; }
  public long getLength() { return length; }
  public void setLength(long length) { this.length = length; }
  /** The PNG (Parquet), or null: read {@link #getPath()}. */
  public byte[] getBytes() { return bytes; }
  public void setBytes(byte[] bytes) { this.bytes = bytes; }
  /** Why this row is unusable (a null image_id or png), or null. */
  public String getProblem() { return problem; }
  public void setProblem(String problem) { this.problem = problem; }

  /** How errors name the map: "row N" for Parquet, null for a file. */
  String record() {
    return row >= 0 ? "row " + row : null;
  }
}
