package dev.overlap.jobs.slices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.core.slices.ImageSlices;
import dev.overlap.jobs.cli.SliceOptions;
import java.util.function.ObjIntConsumer;

/** summary.json's {@code slices}, the same for every task but for the metrics of a slice. */
public final class SliceJson {
  private SliceJson() {}

  /**
   * Writes {@code root.slices}: source, minimum, the side table's row accounting, and per field each shown value's
   * images, flag and metrics ({@code metrics} fills them for slice number q).
   */
  public static void write(ObjectNode root, SliceOptions options, SliceSetup.Built built, long[] images,
      ObjIntConsumer<ObjectNode> metrics) {
    ObjectNode o = root.putObject("slices");
    ImageSlices sl = built.slices();
    o.put("source", built.source());
    o.put("min_images", options.minImages());
    if (options.attributes() != null) {
      ObjectNode rows = o.putObject("attribute_rows");
      rows.put("read", built.rows());
      rows.put("matched", built.rows() - built.unmatched());
      rows.put("not_in_ground_truth", built.unmatched());
    }
    ObjectNode fields = o.putObject("fields");
    ArrayNode cur = null;
    int curField = -1;
    for (int[] fv : SliceOrder.shown(sl, images)) {
      if (fv[0] != curField) {
        curField = fv[0];
        cur = fields.putArray(sl.field(curField));
      }
      int q = sl.slice(fv[0], fv[1]);
      ObjectNode e = cur.addObject();
      e.put("value", sl.value(fv[0], fv[1]));
      e.put("images", images[q]);
      e.put("too_few_images", images[q] < options.minImages());
      metrics.accept(e, q);
    }
  }
}
