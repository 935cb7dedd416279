package dev.overlap.core.io;

import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonSyntaxException;
import dev.overlap.core.json.JsonToken;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a COCO panoptic JSON file (ground truth or predictions) as panopticapi's
 * {@code pq_compute} reads it: {@code annotations: [{image_id, file_name, segments_info: [{id,
 * category_id, iscrowd, area, ...}]}]} and, in the ground truth, {@code categories: [{id, name,
 * isthing}]}. Every other key ({@code info}, {@code bbox}, a prediction's {@code isthing}) is skipped, and so
 * are the {@code images} records unless slice fields are asked for ({@code --slice-by}): then each record's
 * {@code id} and those fields are kept as text.
 *
 * <p>Fields: {@code image_id} is an integer or a string (Cityscapes uses strings) and is kept as
 * its text; {@code file_name} a string; a segment needs {@code id} and {@code category_id}; in the
 * ground truth also {@code area} (pq_compute uses it as the segment's area) and {@code iscrowd}
 * defaults to 0, any nonzero value being a crowd. A category needs {@code id} and {@code isthing}
 * (1 or true is a thing); {@code name} may be absent.
 *
 * <p>Errors are {@link InvalidInputException}s naming the file, the record and the field. Malformed
 * JSON, and any error in {@code categories}, end the read. An error inside one annotation does
 * not: the rest of that annotation is skipped and it is returned with {@link Annotation#problem()}
 * set, so that a lenient caller can reject that image alone.
 */
public final class PanopticJsonReader {
  private PanopticJsonReader() {}

  /** A category of the ground truth, in file order. */
  public record Category(int id, String name, boolean isThing) {}

  /**
   * One annotation (an image's segments), in file order.
   *
   * @param index position in the {@code annotations} array
   * @param imageId the image id as text, or null when missing
   * @param ids segment ids; {@code categoryIds}, {@code crowd}, {@code areas} parallel to them
   *     ({@code areas} null when the file gives none, as in Detectron2's predictions)
   * @param problem why the annotation cannot be used, or null
   */
  public record Annotation(int index, String imageId, String fileName, int[] ids, int[] categoryIds, boolean[] crowd,
      long[] areas, InvalidInputException problem) {

    /** How errors name this annotation: {@code annotations[i] (image_id 42)}. */
    public String record() {
      return "annotations[" + index + "]" + (imageId != null ? " (image_id " + imageId + ")" : "");
    }
  }

  /**
   * An image record's slice fields.
   *
   * @param id the image id as text, numeric ids in decimal (as an annotation's {@code image_id})
   * @param values the asked fields' values as text ({@link Fields#sliceValue}); null where absent or null
   */
  public record ImageRecord(String id, String[] values) {}

  /**
   * The file's categories (empty when it has none) and annotations, in file order.
   *
   * @param images the image records' slice fields in file order; null when none were asked for or the file has no
   *     {@code images} array
   */
  public record Document(List<Category> categories, List<Annotation> annotations, boolean hasCategories,
      List<ImageRecord> images) {}

  /**
   * Reads the whole file.
   *
   * @param groundTruth whether segments need {@code area} (ground truth) and categories are read
   * @param file names the file in errors
   * @throws InvalidInputException for malformed JSON, a top level that is not an object, a missing
   *     {@code annotations} array, or an invalid category
   */
  public static Document read(InputStream in, String file, boolean groundTruth) {
    return read(in, file, groundTruth, null);
  }

  /**
   * Reads the whole file, keeping these fields of every image record ({@link Document#images()}).
   *
   * @param imageFields the slice fields, or null to skip the image records
   * @throws InvalidInputException also for an image record that is not an object, has no {@code id}, or gives a
   *     field as an object or array
   */
  public static Document read(InputStream in, String file, boolean groundTruth, String[] imageFields) {
    JsonReader r = new JsonReader(in);
    try {
      List<Category> categories = new ArrayList<>();
      List<Annotation> annotations = new ArrayList<>();
      List<ImageRecord> images = null;
      boolean sawAnnotations = false;
      boolean sawCategories = false;
      Fields.beginObject(r, file, null, "a JSON object with \"annotations\"");
      while (r.hasNext()) {
        String key = r.nextName();
        if (key.equals("annotations")) {
          sawAnnotations = true;
          readAnnotations(r, file, groundTruth, annotations);
        } else if (key.equals("images") && imageFields != null) {
          images = readImages(r, file, imageFields);
        } else if (key.equals("categories") && groundTruth) {
          sawCategories = true;
          readCategories(r, file, categories);
        } else {
          r.skipValueQuickly();
        }
      }
      r.endObject();
      if (!sawAnnotations) throw Fields.missing(file, null, "annotations");
      if (groundTruth && !sawCategories) throw Fields.missing(file, null, "categories");
      return new Document(Collections.unmodifiableList(categories), Collections.unmodifiableList(annotations),
          sawCategories, images == null ? null : Collections.unmodifiableList(images));
    } catch (JsonSyntaxException e) {
      throw new InvalidInputException(file, null, null, "malformed JSON: " + e.getMessage(), e);
    }
  }

  private static void readCategories(JsonReader r, String file, List<Category> out) {
    if (r.peek() != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, null, "categories", "expected an array, found " + Fields.found(r.peek()));
    }
    r.beginArray();
    int index = 0;
    while (r.hasNext()) {
      String record = "categories[" + index + "]";
      Fields.beginObject(r, file, record, "a category object");
      Long id = null;
      String name = null;
      Boolean thing = null;
      while (r.hasNext()) {
        String key = r.nextName();
        switch (key) {
          case "id" -> id = Fields.integer(r, file, record, "id");
          case "name" -> name = Fields.stringOrNull(r, file, record, "name");
          case "isthing" -> thing = flag(r, file, record, "isthing");
          default -> r.skipValueQuickly();
        }
      }
      r.endObject();
      if (id == null) throw Fields.missing(file, record, "id");
      if (id < 0 || id > Integer.MAX_VALUE) {
        throw new InvalidInputException(file, record, "id", "must be an integer in 0..2^31-1, got " + id);
      }
      if (thing == null) throw Fields.missing(file, record, "isthing");
      out.add(new Category((int) (long) id, name, thing));
      index++;
    }
    r.endArray();
  }

  /** 0/1 or false/true; pq_compute tests {@code isthing == 1}. */
  private static boolean flag(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t == JsonToken.TRUE || t == JsonToken.FALSE) return r.nextBoolean();
    return Fields.integer(r, file, record, field) == 1;
  }

  private static List<ImageRecord> readImages(JsonReader r, String file, String[] fields) {
    if (r.peek() != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, null, "images", "expected an array, found " + Fields.found(r.peek()));
    }
    List<ImageRecord> out = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      String record = "images[" + out.size() + "]";
      Fields.beginObject(r, file, record, "an image object");
      String id = null;
      String[] values = new String[fields.length];
      while (r.hasNext()) {
        String key = r.nextName();
        if (key.equals("id")) {
          id = imageId(r, file, record, "id");
          continue;
        }
        int f = indexOf(fields, key);
        if (f >= 0) values[f] = Fields.sliceValue(r, file, record, key);
        else r.skipValueQuickly();
      }
      r.endObject();
      if (id == null) throw Fields.missing(file, record, "id");
      out.add(new ImageRecord(id, values));
    }
    r.endArray();
    return out;
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
    return -1;
  }

  private static void readAnnotations(JsonReader r, String file, boolean groundTruth, List<Annotation> out) {
    if (r.peek() != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, null, "annotations", "expected an array, found " + Fields.found(r.peek()));
    }
    r.beginArray();
    int index = 0;
    while (r.hasNext()) {
      out.add(readAnnotation(r, file, groundTruth, index));
      index++;
    }
    r.endArray();
  }

  private static Annotation readAnnotation(JsonReader r, String file, boolean groundTruth, int index) {
    String record = "annotations[" + index + "]";
    int depth = r.depth();
    String imageId = null;
    String fileName = null;
    int[] ids = null;
    int[] cats = null;
    boolean[] crowd = null;
    long[] areas = null;
    try {
      Fields.beginObject(r, file, record, "an annotation object");
      while (r.hasNext()) {
        String key = r.nextName();
        switch (key) {
          case "image_id" -> imageId = imageId(r, file, record, "image_id");
          case "file_name" -> fileName = Fields.stringOrNull(r, file, record, "file_name");
          case "segments_info" -> {
            SegmentList s = readSegments(r, file, record, groundTruth);
            ids = s.ids;
            cats = s.cats;
            crowd = s.crowd;
            areas = s.areas;
          }
          default -> r.skipValueQuickly();
        }
      }
      r.endObject();
      if (imageId == null) throw Fields.missing(file, record, "image_id");
      record = record + " (image_id " + imageId + ")";
      if (fileName == null) throw Fields.missing(file, record, "file_name");
      if (ids == null) throw Fields.missing(file, record, "segments_info");
      return new Annotation(index, imageId, fileName, ids, cats, crowd, areas, null);
    } catch (InvalidInputException e) {
      if (e.getCause() instanceof JsonSyntaxException) throw e;
      Fields.skipTo(r, depth);
      return new Annotation(index, imageId, fileName, null, null, null, null, e);
    }
  }

  /** An image id as text: a string as written, an integer in decimal (so both sides of a pairing agree). */
  private static String imageId(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t == JsonToken.STRING) return r.nextString();
    if (t == JsonToken.NUMBER) return Long.toString(Fields.integer(r, file, record, field));
    throw new InvalidInputException(file, record, field, "expected an integer or a string, found " + Fields.found(t));
  }

  private static final class SegmentList {
    int[] ids = new int[8];
    int[] cats = new int[8];
    boolean[] crowd = new boolean[8];
    long[] areas = new long[8];
  }

  private static SegmentList readSegments(JsonReader r, String file, String record, boolean groundTruth) {
    if (r.peek() != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, "segments_info", "expected an array, found "
          + Fields.found(r.peek()));
    }
    SegmentList s = new SegmentList();
    r.beginArray();
    int n = 0;
    boolean allAreas = true;
    while (r.hasNext()) {
      String field = "segments_info[" + n + "]";
      Fields.beginObject(r, file, record, "a segment object in segments_info");
      Long id = null;
      Long cat = null;
      long crowd = 0;
      long area = -1;
      while (r.hasNext()) {
        String key = r.nextName();
        switch (key) {
          case "id" -> id = Fields.integer(r, file, record, field + ".id");
          case "category_id" -> cat = Fields.integer(r, file, record, field + ".category_id");
          case "iscrowd" -> crowd = groundTruth ? Fields.integer(r, file, record, field + ".iscrowd") : skip(r);
          case "area" -> area = area(r, file, record, field + ".area");
          default -> r.skipValueQuickly();
        }
      }
      r.endObject();
      if (id == null) throw Fields.missing(file, record, field + ".id");
      if (cat == null) throw Fields.missing(file, record, field + ".category_id");
      if (groundTruth && area < 0) throw Fields.missing(file, record, field + ".area");
      if (id < 0 || id > Integer.MAX_VALUE) {
        throw new InvalidInputException(file, record, field + ".id", "segment id " + id + " is out of range");
      }
      if (cat < 0 || cat > Integer.MAX_VALUE) {
        throw new InvalidInputException(file, record, field + ".category_id", "category id " + cat
            + " is out of range");
      }
      if (n == s.ids.length) {
        s.ids = java.util.Arrays.copyOf(s.ids, 2 * n);
        s.cats = java.util.Arrays.copyOf(s.cats, 2 * n);
        s.crowd = java.util.Arrays.copyOf(s.crowd, 2 * n);
        s.areas = java.util.Arrays.copyOf(s.areas, 2 * n);
      }
      s.ids[n] = (int) (long) id;
      s.cats[n] = (int) (long) cat;
      s.crowd[n] = crowd != 0;
      s.areas[n] = area;
      if (area < 0) allAreas = false;
      n++;
    }
    r.endArray();
    s.ids = java.util.Arrays.copyOf(s.ids, n);
    s.cats = java.util.Arrays.copyOf(s.cats, n);
    s.crowd = java.util.Arrays.copyOf(s.crowd, n);
    s.areas = allAreas ? java.util.Arrays.copyOf(s.areas, n) : null;
    return s;
  }

  private static long skip(JsonReader r) {
    r.skipValue();
    return 0;
  }

  /** A pixel count: an integral number {@code >= 0} (3 and 3.0 alike). */
  private static long area(JsonReader r, String file, String record, String field) {
    double v = Fields.nonNegative(r, file, record, field, "area");
    if (v != Math.rint(v) || v > 1L << 53) {
      throw new InvalidInputException(file, record, field, "area must be a whole pixel count, got " + v);
    }
    return (long) v;
  }
}
