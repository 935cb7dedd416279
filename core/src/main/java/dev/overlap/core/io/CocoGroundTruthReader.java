package dev.overlap.core.io;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonSyntaxException;
import dev.overlap.core.json.JsonToken;
import java.io.Closeable;
import java.io.InputStream;

/**
 * Streams the records of a COCO ground-truth file ({@code instances_*.json}) in file order, one
 * {@link Image}, {@link Category} or {@link GtAnnotation} per {@link #next()}, never holding more
 * than one record.
 *
 * <p>The top-level keys {@code images}, {@code annotations} and {@code categories} may come in any
 * order; a missing one yields no records; every other key ({@code info}, {@code licenses}, ...) is
 * skipped. Fields follow what pycocotools' {@code COCO} and {@code COCOeval} read: images need
 * {@code id}, {@code width}, {@code height}; categories need {@code id}; annotations need
 * {@code id}, {@code image_id}, {@code category_id}, {@code bbox} (bbox evaluation only), {@code area} (area ranges use it,
 * cocoeval.py#evaluateImg), and {@code segmentation} when it is read. {@code iscrowd} defaults to 0
 * and any nonzero value is a crowd; {@code ignore} (default 0, null is 0) is kept for Boundary AP
 * only, since cocoeval.py#_prepare overwrites it with {@code iscrowd}.
 *
 * <p>Errors are {@link InvalidInputException}s naming the file, the record ({@code images[12]},
 * {@code annotations[345]}, {@code categories[3]}) and the field; malformed JSON is reported at
 * {@code line L column C}. After an error about a record's content the reader has skipped the rest
 * of that record and {@link #next()} continues with the following one; after malformed JSON it
 * returns null.
 */
public final class CocoGroundTruthReader implements Closeable {
  private static final int NONE = 0;
  private static final int IMAGES = 1;
  private static final int ANNOTATIONS = 2;
  private static final int CATEGORIES = 3;
  private static final String[] SECTION_NAMES = {null, "images", "annotations", "categories"};

  private final JsonReader r;
  private final String file;
  private final boolean readSegmentation;
  private boolean readBox3d;
  private final boolean categoriesOnly;
  private final long splitBytes; // > 0: the categories-only pass also records where to cut images and annotations
  private final java.util.List<Split> splits = new java.util.ArrayList<>();
  private boolean split; // a reader of one stretch of an array (forSplit)
  private long splitEnd = Long.MAX_VALUE; // where it stops: the first record starting here or later
  private final boolean[] seen = new boolean[4];
  private int section = NONE;
  private long index;
  private boolean started;
  private boolean finished;
  private boolean readKeypoints; // annotations: keypoints, num_keypoints; categories: keypoint names
  private boolean readLvis; // images: neg / not-exhaustive lists; categories: frequency; annotations: ignore

  /**
   * Keypoints evaluation: annotations must carry {@code keypoints} (flags 0..2) and {@code num_keypoints};
   * a category's {@code keypoints} names give its keypoint count. Returns this reader.
   */
  public CocoGroundTruthReader withKeypoints() {
    this.readKeypoints = true;
    return this;
  }

  /**
   * LVIS: images must carry {@code neg_category_ids} and {@code not_exhaustive_category_ids}, categories
   * {@code frequency} (r, c or f); an annotation's {@code ignore} field is kept (lvis-api honours it).
   * Returns this reader.
   */
  public CocoGroundTruthReader withLvis() {
    this.readLvis = true;
    return this;
  }
  private ImageIds imageIds; // null: numeric image ids
  private String[] attributeFields; // image fields kept as text (slices), or null
  private String[] lastAttributes;

  /**
   * Keeps these fields of every image record as text ({@link #lastAttributes()}): strings as written, numbers by
   * value (2 and 2.0 are "2"), booleans as true / false, null or absent as null; an object or array is an error
   * naming the record and field. Returns this reader.
   */
  public CocoGroundTruthReader withAttributes(String[] fields) {
    this.attributeFields = fields == null || fields.length == 0 ? null : fields.clone();
    return this;
  }

  /**
   * The field names of the first {@code maxImages} image records of a ground truth, sorted: what a slice field
   * may name (for the message when one is named that no record has). Empty when the file has no images.
   */
  public static java.util.List<String> imageFieldNames(InputStream in, int maxImages) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    try (JsonReader j = new JsonReader(in)) {
      j.beginObject();
      while (j.hasNext()) {
        if (!j.nextName().equals("images")) {
          j.skipValueQuickly();
          continue;
        }
        j.beginArray();
        for (int n = 0; n < maxImages && j.hasNext(); n++) {
          if (j.peek() != JsonToken.BEGIN_OBJECT) {
            j.skipValue();
            continue;
          }
          j.beginObject();
          while (j.hasNext()) {
            names.add(j.nextName());
            j.skipValue();
          }
          j.endObject();
        }
        break;
      }
    } catch (JsonSyntaxException e) {
      // the evaluation reports malformed JSON in its own words; the names read so far still help
    }
    return new java.util.ArrayList<>(names);
  }

  /** The attributes of the image record {@link #next()} returned last (see {@link #withAttributes}). */
  public String[] lastAttributes() {
    return lastAttributes == null ? null : lastAttributes.clone();
  }

  /** Image fields the reader parses itself; as slice fields their parsed value is kept too. */
  private static final java.util.Set<String> KNOWN_IMAGE_FIELDS = java.util.Set.of("id", "width", "height",
      "file_name", "neg_category_ids", "not_exhaustive_category_ids");

  private int attributeIndex(String name) {
    if (attributeFields == null) return -1;
    for (int i = 0; i < attributeFields.length; i++) if (attributeFields[i].equals(name)) return i;
    return -1;
  }

  /**
   * @param in the JSON, UTF-8; closed by {@link #close()}
   * @param fileName the name used in error messages
   * @param readSegmentation whether annotations must carry a {@code segmentation} (segm
   *     evaluation); when false it is skipped without being parsed
   */
  public CocoGroundTruthReader(InputStream in, String fileName, boolean readSegmentation) {
    this(in, fileName, readSegmentation, false);
  }

  private CocoGroundTruthReader(InputStream in, String fileName, boolean readSegmentation, boolean categoriesOnly) {
    this(new JsonReader(in), fileName, readSegmentation, categoriesOnly, 0);
  }

  private CocoGroundTruthReader(JsonReader r, String fileName, boolean readSegmentation, boolean categoriesOnly,
      long splitBytes) {
    this.r = r;
    this.file = fileName;
    this.readSegmentation = readSegmentation;
    this.categoriesOnly = categoriesOnly;
    this.splitBytes = splitBytes;
  }

  /**
   * Where a stretch of the {@code images} or {@code annotations} array starts: the first byte of a
   * record, its line (and that line's first byte) and its index in the array, so that a reader
   * started there names records and positions as a reader of the whole file does.
   */
  /**
   * Reads {@code box3d} boxes (bev / 3d evaluation): every annotation then needs a {@code box3d}, its
   * {@code bbox}, {@code area} and {@code segmentation} are not required, and a crowd annotation is an
   * error (crowd regions are not part of the bev / 3d protocol). Call before the first {@link #next()}.
   */
  public CocoGroundTruthReader readBox3d(boolean box3d) {
    this.readBox3d = box3d;
    return this;
  }

  public record Split(String section, long offset, long line, long lineStart, long firstIndex)
      implements java.io.Serializable {}

  /**
   * A categories-only reader that also cuts {@code images} and {@code annotations} into stretches of
   * about {@code splitBytes} bytes, for readers started at each ({@link #forSplit}); it checks the
   * top level as the full reader does (each section once, each an array). {@link #splits()} holds
   * the cuts once {@link #next()} has returned null.
   */
  public static CocoGroundTruthReader indexing(InputStream in, String fileName, long splitBytes) {
    if (splitBytes <= 0) throw new IllegalArgumentException("splitBytes must be positive");
    return new CocoGroundTruthReader(new JsonReader(in), fileName, false, true, splitBytes);
  }

  /** The stretches of images and annotations, in file order (an {@link #indexing} reader, after the last record). */
  public java.util.List<Split> splits() {
    return java.util.List.copyOf(splits);
  }

  /**
   * Reads the images or annotations of one stretch: {@code in} positioned at {@code split.offset()},
   * ending before the first record that starts at {@code endOffset} or later (or at the array's end).
   */
  public static CocoGroundTruthReader forSplit(InputStream in, String fileName, Split split, long endOffset,
      boolean readSegmentation) {
    int s = sectionOf(split.section());
    if (s != IMAGES && s != ANNOTATIONS) throw new IllegalArgumentException("no split of section " + split.section());
    CocoGroundTruthReader g = new CocoGroundTruthReader(
        JsonReader.atArrayElement(in, split.offset(), split.line(), split.lineStart()), fileName, readSegmentation,
        false, 0);
    g.started = true;
    g.section = s;
    g.index = split.firstIndex();
    g.split = true;
    g.splitEnd = endOffset;
    return g;
  }

  /**
   * A reader that returns only the categories and skips {@code images} and {@code annotations}
   * without parsing them (a quick first pass: the Spark job needs the categories before it
   * distributes the rest).
   */
  public static CocoGroundTruthReader categoriesOnly(InputStream in, String fileName) {
    return new CocoGroundTruthReader(in, fileName, false, true);
  }

  /**
   * Whether the first image's id is a number, read from the start of the file (images come first in COCO's files;
   * elsewhere the sections before them are skipped unparsed). A run whose ground truth has numeric ids needs no
   * first pass to gather string ids. False for a string id, and when the start of the file is not what it should be
   * (the full read reports that). Does not close {@code in}.
   */
  public static boolean firstImageIdIsNumber(InputStream in) {
    JsonReader r = new JsonReader(in);
    try {
      if (r.peek() != JsonToken.BEGIN_OBJECT) return false;
      r.beginObject();
      while (r.hasNext()) {
        if (!r.nextName().equals("images")) {
          r.skipValueQuickly();
          continue;
        }
        if (r.peek() != JsonToken.BEGIN_ARRAY) return false;
        r.beginArray();
        if (!r.hasNext() || r.peek() != JsonToken.BEGIN_OBJECT) return false;
        r.beginObject();
        while (r.hasNext()) {
          if (r.nextName().equals("id")) return r.peek() == JsonToken.NUMBER;
          r.skipValue();
        }
        return false;
      }
      return false;
    } catch (JsonSyntaxException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /**
   * How image ids are read: null (the default) for numbers, {@link ImageIds#COLLECT} to accept strings
   * with key 0 (a first pass that gathers ids; it does not require boxes, which the full pass checks), or
   * the ground truth's string ids, mapped to their keys.
   */
  public CocoGroundTruthReader withImageIds(ImageIds ids) {
    this.imageIds = ids;
    return this;
  }

  /**
   * The next image, category or annotation in file order, or null after the last one.
   *
   * @throws InvalidInputException for malformed JSON or a record that breaks the rules above
   */
  public CocoRecord next() {
    if (finished) return null;
    try {
      if (!started) {
        JsonToken t = r.peek();
        if (t != JsonToken.BEGIN_OBJECT) {
          finished = true;
          throw new InvalidInputException(file, null, null,
              "expected a COCO object with \"images\", \"annotations\" and \"categories\", found " + Fields.found(t));
        }
        r.beginObject();
        started = true;
      }
      while (true) {
        if (section != NONE) {
          if (r.hasNext() && r.byteOffset() < splitEnd) return record();
          if (split) {
            finished = true; // a stretch: the rest of the array is another reader's
            return null;
          }
          r.endArray();
          section = NONE;
          continue;
        }
        if (!r.hasNext()) {
          r.endObject();
          r.peek();
          finished = true;
          return null;
        }
        String name = r.nextName();
        int s = sectionOf(name);
        if (s == NONE || (categoriesOnly && s != CATEGORIES && splitBytes == 0)) {
          // the categories-only pass leaves checking images and annotations to the full pass
          if (categoriesOnly) r.skipValueQuickly();
          else r.skipValue();
          continue;
        }
        if (seen[s]) {
          finished = true;
          throw new InvalidInputException(file, null, name, "appears twice in the top-level object");
        }
        seen[s] = true;
        JsonToken t = r.peek();
        if (t != JsonToken.BEGIN_ARRAY) {
          finished = true;
          throw new InvalidInputException(file, null, name, "expected an array, found " + Fields.found(t));
        }
        if (categoriesOnly && s != CATEGORIES) {
          cut(name);
          continue;
        }
        r.beginArray();
        section = s;
        index = 0;
      }
    } catch (JsonSyntaxException e) {
      finished = true;
      throw new InvalidInputException(file, "line " + e.line() + " column " + e.column(), null, e.reason(), e);
    }
  }

  /** Skips one images / annotations array by structure, noting a split every {@code splitBytes}. */
  private void cut(String name) {
    Fields.cutArray(r, splitBytes, (at, line, lineStart, i) -> splits.add(new Split(name, at, line, lineStart, i)));
  }

  private static int sectionOf(String name) {
    switch (name) {
      case "images": return IMAGES;
      case "annotations": return ANNOTATIONS;
      case "categories": return CATEGORIES;
      default: return NONE;
    }
  }

  private CocoRecord record() {
    long i = index++;
    String label = SECTION_NAMES[section] + "[" + i + "]";
    int depth = r.depth();
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_OBJECT) {
      r.skipValue();
      throw new InvalidInputException(file, label, null, "expected an object, found " + Fields.found(t));
    }
    try {
      switch (section) {
        case IMAGES: return image(label);
        case CATEGORIES: return category(label);
        default: return annotation(label, i);
      }
    } catch (InvalidInputException e) {
      Fields.skipTo(r, depth);
      throw e;
    }
  }

  private Image image(String label) {
    r.beginObject();
    long id = 0;
    int width = 0;
    int height = 0;
    String fileName = null;
    String stringId = null;
    boolean hasId = false;
    boolean hasWidth = false;
    boolean hasHeight = false;
    long[] neg = null;
    long[] notExhaustive = null;
    String[] attrs = attributeFields == null ? null : new String[attributeFields.length];
    lastAttributes = null;
    while (r.hasNext()) {
      String name = r.nextName();
      int attr = attributeIndex(name);
      if (attr >= 0 && !KNOWN_IMAGE_FIELDS.contains(name)) {
        attrs[attr] = Fields.sliceValue(r, file, label, name);
        continue;
      }
      switch (name) {
        case "neg_category_ids":
          if (readLvis) neg = Fields.ids(r, file, label, name);
          else r.skipValue();
          break;
        case "not_exhaustive_category_ids":
          if (readLvis) notExhaustive = Fields.ids(r, file, label, name);
          else r.skipValue();
          break;
        case "id":
          if (r.peek() == JsonToken.STRING && imageIds != null && !imageIds.numbers()) {
            stringId = r.nextString();
            id = imageIds.key(stringId);
            if (id < 0) throw new InvalidInputException(file, label, name, "image \"" + ImageIds.shorten(stringId)
                + "\" was not seen when the image ids were gathered");
          } else {
            id = ImageIds.read(r, imageIds, file, label, name);
          }
          hasId = true;
          break;
        case "width":
          width = Fields.positiveInt(r, file, label, name);
          hasWidth = true;
          if (attr >= 0) attrs[attr] = Integer.toString(width);
          break;
        case "height":
          height = Fields.positiveInt(r, file, label, name);
          hasHeight = true;
          if (attr >= 0) attrs[attr] = Integer.toString(height);
          break;
        case "file_name":
          fileName = Fields.stringOrNull(r, file, label, name);
          if (attr >= 0) attrs[attr] = fileName;
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (!hasId) throw Fields.missing(file, label, "id");
    // scenes of a bev / 3d ground truth have no pixel size (0 when absent)
    if (!hasWidth && !readBox3d) throw Fields.missing(file, label, "width");
    if (!hasHeight && !readBox3d) throw Fields.missing(file, label, "height");
    lastAttributes = attrs;
    if (readLvis) {
      if (neg == null) throw Fields.missing(file, label, "neg_category_ids");
      if (notExhaustive == null) throw Fields.missing(file, label, "not_exhaustive_category_ids");
      return new Image(id, fileName, width, height, stringId, neg, notExhaustive);
    }
    return new Image(id, fileName, width, height, stringId);
  }

  private Category category(String label) {
    r.beginObject();
    long id = 0;
    boolean hasId = false;
    String name = null;
    String supercategory = null;
    String frequency = null;
    int numKeypoints = -1;
    while (r.hasNext()) {
      String key = r.nextName();
      switch (key) {
        case "frequency":
          if (readLvis) frequency = Fields.stringOrNull(r, file, label, key);
          else r.skipValue();
          break;
        case "keypoints":
          if (readKeypoints) numKeypoints = Fields.arrayLength(r, file, label, key);
          else r.skipValue();
          break;
        case "id":
          id = Fields.integer(r, file, label, key);
          hasId = true;
          break;
        case "name":
          name = Fields.stringOrNull(r, file, label, key);
          break;
        case "supercategory":
          supercategory = Fields.stringOrNull(r, file, label, key);
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (!hasId) throw Fields.missing(file, label, "id");
    if (readLvis) {
      if (frequency == null) throw Fields.missing(file, label, "frequency");
      if (!frequency.equals("r") && !frequency.equals("c") && !frequency.equals("f")) {
        throw new InvalidInputException(file, label, "frequency", "expected \"r\", \"c\" or \"f\", got \"" + frequency + "\"");
      }
    }
    if (readLvis || readKeypoints) return new Category(id, name == null ? "" : name, supercategory, frequency, numKeypoints);
    return new Category(id, name == null ? "" : name, supercategory);
  }

  private GtAnnotation annotation(String label, long i) {
    r.beginObject();
    long id = 0;
    long imageId = 0;
    long categoryId = 0;
    double[] bbox = null;
    double[] box3d = null;
    boolean hasBbox = false;
    boolean hasBox3d = false;
    double area = 0;
    boolean crowd = false;
    boolean difficult = false;
    boolean ignore = false;
    Segmentation segmentation = null;
    boolean hasId = false;
    boolean hasImageId = false;
    boolean hasCategoryId = false;
    boolean hasArea = false;
    double[] keypoints = null;
    int numKeypoints = -1;
    while (r.hasNext()) {
      String name = r.nextName();
      switch (name) {
        case "keypoints":
          if (readKeypoints) keypoints = Fields.keypoints(r, file, label, true);
          else r.skipValue();
          break;
        case "num_keypoints":
          if (readKeypoints) {
            long nk = Fields.integer(r, file, label, name);
            if (nk < 0 || nk > Integer.MAX_VALUE) {
              throw new InvalidInputException(file, label, name, "must be an integer >= 0, got " + nk);
            }
            numKeypoints = (int) nk;
          } else {
            r.skipValue();
          }
          break;
        case "id":
          id = Fields.integer(r, file, label, name);
          hasId = true;
          break;
        case "image_id":
          imageId = ImageIds.read(r, imageIds, file, label, name);
          hasImageId = true;
          break;
        case "category_id":
          categoryId = Fields.integer(r, file, label, name);
          hasCategoryId = true;
          break;
        case "bbox":
          hasBbox = true;
          if (readBox3d) r.skipValue();
          else bbox = Fields.bbox(r, file, label);
          break;
        case "box3d":
          hasBox3d = true;
          if (readBox3d) box3d = Fields.box3d(r, file, label);
          else r.skipValue();
          break;
        case "area":
          area = Fields.nonNegative(r, file, label, name, "area");
          hasArea = true;
          break;
        case "iscrowd":
          crowd = truthy(label, "iscrowd");
          break;
        case "difficult":
          // PASCAL VOC's flag, as VOC-to-COCO converters write it (1 / true); read by --protocol voc07|voc12
          difficult = r.peek() != JsonToken.NULL ? truthy(label, "difficult") : nullSkipped();
          break;
        case "ignore":
          // pycocotools overwrites it with iscrowd (cocoeval.py#_prepare); Boundary AP and lvis-api
          // (eval.py#_prepare) honour it
          ignore = r.peek() != JsonToken.NULL ? truthy(label, "ignore") : nullSkipped();
          break;
        case "segmentation":
          if (readSegmentation && !readBox3d) {
            segmentation = SegmentationParser.read(r, file, label);
          } else {
            r.skipValue();
          }
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (!hasId) throw Fields.missing(file, label, "id");
    if (!hasImageId) throw Fields.missing(file, label, "image_id");
    if (!hasCategoryId) throw Fields.missing(file, label, "category_id");
    if (readBox3d) {
      if (!hasBox3d) throw Fields.missingBox3d(file, label, hasBbox);
      if (crowd) {
        throw new InvalidInputException(file, label, "iscrowd", "crowd regions are not part of the bev / 3d protocol");
      }
      // the area field is unused by bev / 3d (one area range): the footprint area l*w stands in for it
      return new GtAnnotation(id, imageId, categoryId, null, hasArea ? area : box3d[3] * box3d[4], false, null, i,
          box3d);
    }
    // segm evaluation never reads a ground truth's box (cocoeval.py#computeIoU uses the masks)
    boolean scan = imageIds != null && imageIds.collecting(); // a first pass for ids: the full pass checks boxes
    if (bbox == null && !readSegmentation && !scan) throw Fields.missingBbox(file, label, hasBox3d);
    if (!hasArea) throw Fields.missing(file, label, "area");
    if (readSegmentation && segmentation == null) throw Fields.missing(file, label, "segmentation");
    if (readKeypoints) {
      if (keypoints == null) throw Fields.missing(file, label, "keypoints");
      if (numKeypoints < 0) throw Fields.missing(file, label, "num_keypoints");
    }
    return new GtAnnotation(id, imageId, categoryId, bbox, area, crowd, segmentation, i, difficult, ignore, null,
        keypoints, numKeypoints);
  }

  private boolean nullSkipped() {
    r.skipValue();
    return false;
  }

  /** {@code iscrowd} / {@code difficult} / {@code ignore}: a boolean, or a number where anything nonzero is true (Python truthiness). */
  private boolean truthy(String label, String field) {
    JsonToken t = r.peek();
    if (t == JsonToken.TRUE || t == JsonToken.FALSE) return r.nextBoolean();
    if (t != JsonToken.NUMBER) {
      throw new InvalidInputException(file, label, field, "expected 0, 1 or a boolean, found " + Fields.found(t));
    }
    double v = r.nextDouble();
    if (!Double.isFinite(v)) throw new InvalidInputException(file, label, field, v + " is not a valid " + field);
    return v != 0;
  }

  /** Closes the input stream. */
  @Override
  public void close() {
    finished = true;
    r.close();
  }
}
