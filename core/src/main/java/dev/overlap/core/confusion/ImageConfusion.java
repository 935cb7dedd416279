package dev.overlap.core.confusion;

import dev.overlap.core.box.BoxIou;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.mask.Masks;
import dev.overlap.core.mask.Polygons;
import dev.overlap.core.mask.Rle;
import java.util.Arrays;
import java.util.List;

/**
 * One image's records into the {@link ConfusionMatcher}: class indexes, file positions, and the IoU
 * matrix of all ground truths against all detections whatever their class (boxes as
 * {@code maskApi.c#bbIou}, or masks as {@code maskApi.c#rleIou}). Records of classes outside
 * {@code categoryIds} are left out. Not thread-safe; one instance per task.
 */
public final class ImageConfusion {
  private final long[] categoryIds;
  private final boolean segm;
  private final ConfusionMatcher matcher;

  private int[] gtClass = new int[16];
  private long[] gtSeq = new long[16];
  private boolean[] crowd = new boolean[16];
  private double[] gtBoxes = new double[64];
  private Rle[] gtMasks = new Rle[16];
  private int[] dtClass = new int[16];
  private long[] dtSeq = new long[16];
  private double[] dtScore = new double[16];
  private double[] dtBoxes = new double[64];
  private Rle[] dtMasks = new Rle[16];
  private double[] iou = new double[256];

  /**
   * @param categoryIds the classes, sorted ascending (class index = position)
   * @param iouThreshold the matching threshold t in (0, 1]
   * @param minScore detections below it are left out
   * @param segm mask IoU (true) or box IoU
   */
  public ImageConfusion(long[] categoryIds, double iouThreshold, double minScore, boolean segm) {
    this.categoryIds = categoryIds.clone();
    for (int i = 1; i < categoryIds.length; i++) {
      if (categoryIds[i] <= categoryIds[i - 1]) throw new IllegalArgumentException("category ids must be sorted and unique");
    }
    this.segm = segm;
    this.matcher = new ConfusionMatcher(categoryIds.length, iouThreshold, minScore);
  }

  /** Number of classes K. */
  public int numClasses() { return categoryIds.length; }

  /**
   * Matches one image and adds its counts to {@code confusion} and {@code errors} (either may be null).
   *
   * @throws InvalidInputException when a mask cannot be rasterised (segm)
   */
  public void add(Image image, List<GtAnnotation> gts, List<Detection> dts, ConfusionCounts confusion,
      ErrorCounts errors) {
    int ng = 0;
    int cap = gts.size();
    if (gtClass.length < cap) {
      int c = Math.max(cap, 2 * gtClass.length);
      gtClass = new int[c];
      gtSeq = new long[c];
      crowd = new boolean[c];
      gtBoxes = new double[4 * c];
      gtMasks = new Rle[c];
    }
    for (GtAnnotation a : gts) {
      int k = Arrays.binarySearch(categoryIds, a.categoryId());
      if (k < 0) continue;
      gtClass[ng] = k;
      gtSeq[ng] = a.index();
      crowd[ng] = a.iscrowd();
      if (segm) gtMasks[ng] = mask(image, a.segmentation(), "annotation id ", a.id());
      else System.arraycopy(a.bbox(), 0, gtBoxes, 4 * ng, 4);
      ng++;
    }
    cap = dts.size();
    if (dtClass.length < cap) {
      int c = Math.max(cap, 2 * dtClass.length);
      dtClass = new int[c];
      dtSeq = new long[c];
      dtScore = new double[c];
      dtBoxes = new double[4 * c];
      dtMasks = new Rle[c];
    }
    int nd = 0;
    for (Detection d : dts) {
      int k = Arrays.binarySearch(categoryIds, d.categoryId());
      if (k < 0) continue;
      dtClass[nd] = k;
      dtSeq[nd] = d.seq();
      dtScore[nd] = d.score();
      if (segm) dtMasks[nd] = mask(image, d.segmentation(), "result #", d.seq());
      else System.arraycopy(d.bbox(), 0, dtBoxes, 4 * nd, 4);
      nd++;
    }
    if ((long) ng * nd > iou.length) iou = new double[(int) Math.max((long) ng * nd, 2L * iou.length)];
    if (ng > 0 && nd > 0) {
      if (segm) {
        for (int j = 0; j < ng; j++) Masks.toBbox(gtMasks[j], gtBoxes, 4 * j);
        for (int i = 0; i < nd; i++) Masks.toBbox(dtMasks[i], dtBoxes, 4 * i);
        Masks.iou(dtMasks, dtBoxes, nd, gtMasks, gtBoxes, ng, crowd, iou);
      } else {
        BoxIou.iou(dtBoxes, nd, gtBoxes, ng, crowd, iou);
      }
    }
    matcher.addImage(ng, gtClass, gtSeq, crowd, nd, dtClass, dtSeq, dtScore, iou, confusion, errors);
    if (segm) {
      Arrays.fill(gtMasks, 0, ng, null);
      Arrays.fill(dtMasks, 0, nd, null);
    }
  }

  /** The mask of a segmentation; the record is named ({@code what + id}) only on error. */
  private static Rle mask(Image image, Segmentation s, String what, long id) {
    if (s == null) throw new InvalidInputException(null, what + id, "segmentation", "missing; segm needs a mask");
    int h = image.height();
    int w = image.width();
    if (s.isPolygons()) {
      try {
        return Polygons.toRle(s.polygons(), h, w);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(null, what + id, "segmentation", e.getMessage());
      }
    }
    if (s.rleHeight() != h || s.rleWidth() != w) {
      throw new InvalidInputException(null, what + id, "segmentation", "RLE size [" + s.rleHeight() + ", "
          + s.rleWidth() + "] differs from the size [" + h + ", " + w + "] of image " + image.id());
    }
    return Rle.of(h, w, s.rleCounts());
  }
}
