package dev.overlap.jobs.detection;

import dev.overlap.core.coco.IouType;
import dev.overlap.core.voc.VocProtocol;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;
import java.util.Set;

/**
 * The detection diagnostics of a run ({@code docs/voc-confusion.md}): the VOC protocol, and the confusion
 * matrix with its error breakdown. Both run in the per-image pass of the COCO evaluation.
 *
 * @param protocol {@code --protocol voc07|voc12}, or null for COCO alone
 * @param confusion {@code --confusion-matrix}
 * @param confusionIou {@code --confusion-iou} in (0, 1], default 0.5
 * @param confusionScore {@code --confusion-score}, default 0.0: detections with a lower score are left out
 */
public record Diagnostics(VocProtocol protocol, boolean confusion, double confusionIou, double confusionScore)
    implements Serializable {

  /** Valued options. */
  public static final Set<String> OPTIONS = Set.of("protocol", "confusion-iou", "confusion-score");
  /** Flags. */
  public static final Set<String> FLAGS = Set.of("confusion-matrix");

  /** None: a plain COCO run. */
  public static final Diagnostics NONE = new Diagnostics(null, false, 0.5, 0.0);

  /** Usage lines. */
  public static final String USAGE = String.join("\n",
      "  --protocol P         voc07 (11-point) or voc12 (all-point) PASCAL VOC AP, bbox only; summary keys",
      "                       mAP, AP, AP50, AP75, per_class are then VOC's (docs/voc-confusion.md)",
      "  --confusion-matrix   class-agnostic confusion matrix and error breakdown (tables confusion, errors)",
      "  --confusion-iou T    matching IoU for the confusion matrix, in (0, 1] (default 0.5)",
      "  --confusion-score S  leave out detections scored below S (default 0.0)");

  /** Parses and validates the options; {@code iouType} is the run's. */
  public static Diagnostics parse(Args a, IouType iouType) {
    VocProtocol protocol = null;
    if (a.has("protocol")) {
      String p = a.get("protocol", "");
      try {
        protocol = VocProtocol.parse(p);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--protocol: expected voc07 or voc12, got \"" + p + "\"");
      }
      if (iouType != IouType.BBOX) {
        throw new UsageException("--protocol " + p + " evaluates boxes only; it cannot be used with --iou-type "
            + a.get("iou-type", "segm"));
      }
    }
    boolean confusion = a.flag("confusion-matrix");
    if (!confusion && (a.has("confusion-iou") || a.has("confusion-score"))) {
      throw new UsageException("--confusion-iou and --confusion-score need --confusion-matrix");
    }
    double iou = one(a, "confusion-iou", 0.5);
    if (!(iou > 0 && iou <= 1)) {
      throw new UsageException("--confusion-iou: expected a threshold in (0, 1], got \"" + a.get("confusion-iou", "") + "\"");
    }
    double score = one(a, "confusion-score", 0.0);
    if (Double.isNaN(score) || Double.isInfinite(score)) {
      throw new UsageException("--confusion-score: expected a number, got \"" + a.get("confusion-score", "") + "\"");
    }
    return new Diagnostics(protocol, confusion, iou, score);
  }

  private static double one(Args a, String name, double dflt) {
    double[] v = a.doubles(name, new double[] {dflt});
    if (v.length != 1) throw new UsageException("--" + name + ": expected one number, got \"" + a.get(name, "") + "\"");
    return v[0];
  }

  /** Whether any diagnostic is on. */
  public boolean any() {
    return protocol != null || confusion;
  }
}
