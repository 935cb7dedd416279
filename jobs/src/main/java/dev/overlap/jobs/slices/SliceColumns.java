package dev.overlap.jobs.slices;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** The columns every task's {@code per_slice} table starts with, so that one query reads any of them. */
public final class SliceColumns {
  private SliceColumns() {}

  /**
   * {@code field}, {@code value}, {@code images}, {@code too_few_images}, then the class column (null on a slice's
   * headline row) and {@code name}.
   *
   * @param classColumn e.g. {@code category_id} or {@code class_id}
   */
  public static List<StructField> leading(String classColumn, DataType classType) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("field", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("value", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("images", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("too_few_images", DataTypes.BooleanType, false));
    f.add(DataTypes.createStructField(classColumn, classType, true));
    f.add(DataTypes.createStructField("name", DataTypes.StringType, true));
    return f;
  }
}
