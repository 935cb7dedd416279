package dev.overlap.jobs.detection;

import java.io.Serializable;

/**
 * What the per-image evaluation emits (a tagged union): a task's ranked detections with their match
 * flags (one sorted block), an image's counts, or a task's partial sums (GT counts per category and
 * area range, record counts, and a sample of the ranked detections' keys for the global sort).
 */
public class EvalOutput implements Serializable {
  private static final long serialVersionUID = 1L;

  /** All ranked detections of a task, sorted. */
  public static final int MATCHES = 0;
  public static final int IMAGE = 1;
  public static final int PARTIAL = 2;
  /** A rejected input record (skip mode). */
  public static final int REJECT = 3;
  /** All VOC-ranked detections of a task with their flags per VOC threshold, sorted (--protocol). */
  public static final int VOC_MATCHES = 4;
  /**
   * A task's ground-truth annotation ids, as (id, first file position, count) triples ascending by id, for the
   * duplicate check of runs that skip the ground-truth scan ({@link GroundTruthScan#duplicatesAsync}).
   */
  public static final int ANNOTATION_IDS = 5;

  private int kind;
  private long imageId;
  // MATCHES
  private MatchBlock matches;
  // PARTIAL: the sample of the task's ranked detections and how many detections it stands for
  private MatchBlock sample;
  private long numMatches;
  // IMAGE
  private String fileName;
  private String stringId;
  private int width;
  private int height;
  private int numGt;
  private int numPred;
  private int tp50;
  private int fp50;
  private int fn50;
  private int tp75;
  private int fp75;
  private int fn75;
  private double iouSum50;
  // PARTIAL
  private long[] npig;
  private long[] bootstrapNpig; // [(k * R + replicate) * A + a], weighted; null without --bootstrap
  private long[] sliceNpig; // [(k * S + slice) * A + a]; null without --slice-by
  private long[] sliceImages; // [slice]: images evaluated; null without --slice-by
  private long[] gtPerCategory;
  private long[] predPerCategory;
  private long images;
  private long imagesSkipped;
  private long gtRecords;
  private long predRecords;
  private long gtRejected;
  private long predRejected;
  private long gtExcluded;
  private long predExcluded;
  private long predSuppressed;
  // PARTIAL: Localization state (counts, high words, low words) of the task's true positives at IoU 0.5
  private long[] locCount;
  private long[] locHi;
  private long[] locLo;
  private long imagesRejected;
  // PARTIAL: loadRes-reshaped results (CompatCounts as plain fields: Kryo cannot write records)
  private long boxAsMask;
  private long boxFromMask;
  private long maskSizeMismatch;
  private long firstMismatchSeq = -1;
  private String firstMismatch;
  // PARTIAL, diagnostics (docs/voc-confusion.md): null when off
  private dev.overlap.core.confusion.ConfusionCounts confusion;
  private dev.overlap.core.confusion.ErrorCounts errors;
  private long[] vocNpos;
  private long[] vocBootstrapNpos; // [k * R + replicate], weighted; null without --bootstrap
  private long[] vocSliceNpos; // [k * S + slice]; null without --slice-by
  private MatchBlock vocSample;
  private long vocNumMatches;
  // REJECT
  private String source;
  private String file;
  private String record;
  private String field;
  private String reason;

  public EvalOutput() {}

  /** A reject row from a rejected record or a consistency failure. */
  public static EvalOutput reject(String source, String file, String record, String field, String reason, long imageId) {
    EvalOutput o = new EvalOutput();
    o.kind = REJECT;
    o.source = source;
    o.file = file;
    o.record = record;
    o.field = field;
    o.reason = reason;
    o.imageId = imageId;
    return o;
  }

  public int getKind() { return kind; }
  public void setKind(int kind) { this.kind = kind; }
  public long getImageId() { return imageId; }
  public void setImageId(long imageId) { this.imageId = imageId; }
  MatchBlock getMatches() { return matches; }
  void setMatches(MatchBlock m) { this.matches = m; }
  MatchBlock getSample() { return sample; }
  void setSample(MatchBlock s) { this.sample = s; }
  public long getNumMatches() { return numMatches; }
  public void setNumMatches(long n) { this.numMatches = n; }
  public String getStringId() { return stringId; }
  public void setStringId(String s) { this.stringId = s; }
  public String getFileName() { return fileName; }
  public void setFileName(String fileName) { this.fileName = fileName; }
  public int getWidth() { return width; }
  public void setWidth(int width) { this.width = width; }
  public int getHeight() { return height; }
  public void setHeight(int height) { this.height = height; }
  public int getNumGt() { return numGt; }
  public void setNumGt(int numGt) { this.numGt = numGt; }
  public int getNumPred() { return numPred; }
  public void setNumPred(int numPred) { this.numPred = numPred; }
  public int getTp50() { return tp50; }
  public void setTp50(int tp50) { this.tp50 = tp50; }
  public int getFp50() { return fp50; }
  public void setFp50(int fp50) { this.fp50 = fp50; }
  public int getFn50() { return fn50; }
  public void setFn50(int fn50) { this.fn50 = fn50; }
  public int getTp75() { return tp75; }
  public void setTp75(int tp75) { this.tp75 = tp75; }
  public int getFp75() { return fp75; }
  public void setFp75(int fp75) { this.fp75 = fp75; }
  public int getFn75() { return fn75; }
  public void setFn75(int fn75) { this.fn75 = fn75; }
  public double getIouSum50() { return iouSum50; }
  public void setIouSum50(double iouSum50) { this.iouSum50 = iouSum50; }
  /**
   * PARTIAL, LVIS: what the load rules removed in the task: GT of area 0, results beyond the 300 per image,
   * results of area 0, results dropped by the federated filter, results of categories not in the ground truth.
   */
  private long[] lvisDropped;
  private long[] annotationIds; // ANNOTATION_IDS
  public long[] getAnnotationIds() { return annotationIds; }
  public void setAnnotationIds(long[] v) { this.annotationIds = v; }

  public long[] getLvisDropped() { return lvisDropped; }
  public void setLvisDropped(long[] v) { this.lvisDropped = v; }
  public long[] getBootstrapNpig() { return bootstrapNpig; }
  public void setBootstrapNpig(long[] v) { this.bootstrapNpig = v; }
  public long[] getSliceNpig() { return sliceNpig; }
  public void setSliceNpig(long[] v) { this.sliceNpig = v; }
  public long[] getSliceImages() { return sliceImages; }
  public void setSliceImages(long[] v) { this.sliceImages = v; }
  public long[] getNpig() { return npig; }
  public void setNpig(long[] npig) { this.npig = npig; }
  public long[] getGtPerCategory() { return gtPerCategory; }
  public void setGtPerCategory(long[] gtPerCategory) { this.gtPerCategory = gtPerCategory; }
  public long[] getPredPerCategory() { return predPerCategory; }
  public void setPredPerCategory(long[] predPerCategory) { this.predPerCategory = predPerCategory; }
  public long getImages() { return images; }
  public void setImages(long images) { this.images = images; }
  public long getImagesSkipped() { return imagesSkipped; }
  public void setImagesSkipped(long imagesSkipped) { this.imagesSkipped = imagesSkipped; }
  public long getGtRecords() { return gtRecords; }
  public void setGtRecords(long gtRecords) { this.gtRecords = gtRecords; }
  public long getPredRecords() { return predRecords; }
  public void setPredRecords(long predRecords) { this.predRecords = predRecords; }
  public long getGtRejected() { return gtRejected; }
  public void setGtRejected(long v) { this.gtRejected = v; }
  public long getPredRejected() { return predRejected; }
  public void setPredRejected(long v) { this.predRejected = v; }
  public long getGtExcluded() { return gtExcluded; }
  public void setGtExcluded(long v) { this.gtExcluded = v; }
  public long getPredExcluded() { return predExcluded; }
  public void setPredExcluded(long v) { this.predExcluded = v; }
  /** Predictions removed by --nms / --soft-nms before matching. */
  public long getPredSuppressed() { return predSuppressed; }
  public void setPredSuppressed(long v) { this.predSuppressed = v; }
  /** The task's {@link dev.overlap.core.coco.Localization}, or null. */
  public dev.overlap.core.coco.Localization localization() {
    return locCount == null ? null : dev.overlap.core.coco.Localization.fromState(new long[][] {locCount, locHi, locLo});
  }
  public void setLocalization(dev.overlap.core.coco.Localization l) {
    long[][] s = l.state();
    locCount = s[0];
    locHi = s[1];
    locLo = s[2];
  }
  public long getImagesRejected() { return imagesRejected; }
  public void setImagesRejected(long v) { this.imagesRejected = v; }
  public CompatCounts getCompat() {
    return new CompatCounts(boxAsMask, boxFromMask, maskSizeMismatch, firstMismatchSeq, firstMismatch);
  }
  public void setCompat(CompatCounts c) {
    boxAsMask = c.boxAsMask();
    boxFromMask = c.boxFromMask();
    maskSizeMismatch = c.maskSizeMismatch();
    firstMismatchSeq = c.firstMismatchSeq();
    firstMismatch = c.firstMismatch();
  }
  public dev.overlap.core.confusion.ConfusionCounts getConfusion() { return confusion; }
  public void setConfusion(dev.overlap.core.confusion.ConfusionCounts c) { this.confusion = c; }
  public dev.overlap.core.confusion.ErrorCounts getErrors() { return errors; }
  public void setErrors(dev.overlap.core.confusion.ErrorCounts e) { this.errors = e; }
  public long[] getVocNpos() { return vocNpos; }
  public void setVocNpos(long[] n) { this.vocNpos = n; }
  public long[] getVocBootstrapNpos() { return vocBootstrapNpos; }
  public void setVocBootstrapNpos(long[] n) { this.vocBootstrapNpos = n; }
  public long[] getVocSliceNpos() { return vocSliceNpos; }
  public void setVocSliceNpos(long[] n) { this.vocSliceNpos = n; }
  MatchBlock getVocSample() { return vocSample; }
  void setVocSample(MatchBlock s) { this.vocSample = s; }
  public long getVocNumMatches() { return vocNumMatches; }
  public void setVocNumMatches(long n) { this.vocNumMatches = n; }
  public String getSource() { return source; }
  public void setSource(String s) { this.source = s; }
  public String getFile() { return file; }
  public void setFile(String s) { this.file = s; }
  public String getRecord() { return record; }
  public void setRecord(String s) { this.record = s; }
  public String getField() { return field; }
  public void setField(String s) { this.field = s; }
  public String getReason() { return reason; }
  public void setReason(String s) { this.reason = s; }
}
