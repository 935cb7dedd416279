package dev.overlap.jobs.detection;

import dev.overlap.core.coco.Localization;
import dev.overlap.jobs.detection.DetectionJob.DetectionResult;
import dev.overlap.jobs.io.ParquetTableWriter;
import dev.overlap.jobs.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The per_class columns and report table of {@link Localization}: how well each class is localized once
 * found, as the mean IoU, GIoU, DIoU and CIoU (torchvision.ops, float64) of its true positives at IoU 0.5.
 */
final class LocalizationColumns {
  private LocalizationColumns() {}

  /** per_class columns: tp_50, then mean_iou_50 .. mean_ciou_50 (null where undefined). */
  static final List<StructField> PER_CLASS_FIELDS = List.of(
      DataTypes.createStructField("tp_50", DataTypes.LongType, true),
      DataTypes.createStructField("mean_iou_50", DataTypes.DoubleType, true),
      DataTypes.createStructField("mean_giou_50", DataTypes.DoubleType, true),
      DataTypes.createStructField("mean_diou_50", DataTypes.DoubleType, true),
      DataTypes.createStructField("mean_ciou_50", DataTypes.DoubleType, true));

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** Sets the columns of category index {@code k} from column {@code col} on. */
  static void set(DetectionResult r, int k, ParquetTableWriter.Row row, int col) {
    Localization l = r.localization();
    if (l == null || r.summary().accumulation().params().iouIndex(0.5) < 0) {
      for (int i = 0; i < 5; i++) row.setDouble(col + i, (Double) null);
      return;
    }
    row.setLong(col, l.count(k));
    for (int m = 0; m < 4; m++) row.setDouble(col + 1 + m, orNull(l.mean(k, m)));
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** The report's localization table, classes in {@code order}; null when IoU 0.5 is not evaluated. */
  static Table table(DetectionResult r, List<Integer> order, String out, String runId, String iouType) {
    Localization l = r.localization();
    if (l == null || r.summary().accumulation().params().iouIndex(0.5) < 0) return null;
    boolean boxes = r.summary().accumulation().params().iouType() == dev.overlap.core.coco.IouType.BBOX;
    List<List<String>> rows = new ArrayList<>();
    for (int k : order) {
      if (k >= l.numCategories()) continue;
      rows.add(List.of(Long.toString(r.categoryIds()[k]), r.categoryNames()[k] == null ? "" : r.categoryNames()[k],
          Long.toString(l.count(k)), fmt(l.mean(k, 0)), fmt(l.mean(k, 1)), fmt(l.mean(k, 2)), fmt(l.mean(k, 3))));
    }
    List<Table.Column> cols = List.of(
        new Table.Column("id", true, "category_id"),
        new Table.Column("name", false, "category name from the ground truth"),
        new Table.Column("tp_50", true, "true positives at IoU 0.50, area all"),
        new Table.Column("mean IoU", true, "mean IoU of those true positives"),
        new Table.Column("mean GIoU", true, "mean generalized IoU (torchvision generalized_box_iou)"),
        new Table.Column("mean DIoU", true, "mean distance IoU (torchvision distance_box_iou, eps 1e-7)"),
        new Table.Column("mean CIoU", true, "mean complete IoU (torchvision complete_box_iou, eps 1e-7)"));
    String caption = boxes
        ? "How well a class is localized once it is found: the IoU family of the matched pairs at IoU 0.50 (detection "
            + "box against its ground truth, [x1, y1, x2, y2] in float64 as torchvision.ops). - where a class has no "
            + "true positive (or, for CIoU, only point boxes)."
        : "Mean " + iouType + " IoU of the true positives at IoU 0.50; GIoU, DIoU and CIoU are defined for "
            + "axis-aligned boxes only (-).";
    return new Table("Localization of true positives at IoU 0.50", caption, cols, rows, "The same numbers: columns "
        + "tp_50, mean_iou_50 .. mean_ciou_50 of " + dev.overlap.jobs.io.Outputs.child(out, "per_class") + " (run_id="
        + runId + ", iou_type=" + iouType + ").");
  }

  /** The console line with the overall means of the true positives at IoU 0.50, or "" when there are none. */
  static String consoleLine(DetectionResult r) {
    Localization l = r.localization();
    if (l == null || r.summary().accumulation().params().iouIndex(0.5) < 0) return "";
    Localization all = l.pooled();
    if (all.count(0) == 0) return "";
    return "Localization of the " + all.count(0) + " true positives at IoU 0.50: mean IoU " + fmt(all.mean(0, 0))
        + (Double.isNaN(all.mean(0, 1)) ? "" : ", GIoU " + fmt(all.mean(0, 1)) + ", DIoU " + fmt(all.mean(0, 2))
        + ", CIoU " + fmt(all.mean(0, 3))) + " (per class: per_class.mean_*_50)";
  }
}
