package dev.overlap.core.io;

import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonToken;

/**
 * Typed reads of one field value with the one-line errors the readers promise: each names the file,
 * the record and the field, and says what was expected and what was found.
 */
final class Fields {
  private Fields() {}

  /** How a token is named in "found ..." messages. */
  static String found(JsonToken t) {
    switch (t) {
      case STRING: return "a string";
      case NUMBER: return "a number";
      case BEGIN_OBJECT: return "an object";
      case BEGIN_ARRAY: return "an array";
      case TRUE: return "true";
      case FALSE: return "false";
      case NULL: return "null";
      case END_ARRAY: return "the end of the array";
      case END_OBJECT: return "the end of the object";
      case NAME: return "a name";
      default: return "the end of the input";
    }
  }

  /** A missing {@code bbox}; when the record has a {@code box3d} instead, says which IoU types read it. */
  static InvalidInputException missingBbox(String file, String record, boolean hasBox3d) {
    if (!hasBox3d) return missing(file, record, "bbox");
    return new InvalidInputException(file, record, "bbox", "missing required field (the record has a 3D box3d:"
        + " evaluate it with --iou-type bev or 3d)");
  }

  /** A missing {@code box3d} of a bev / 3d evaluation; when the record has a 2D {@code bbox}, says so. */
  static InvalidInputException missingBox3d(String file, String record, boolean hasBbox) {
    return new InvalidInputException(file, record, "box3d", "missing required field [cx, cy, cz, l, w, h, yaw] of"
        + " --iou-type bev / 3d" + (hasBbox ? " (the record has a 2D bbox: evaluate it with --iou-type bbox)" : ""));
  }

  static InvalidInputException missing(String file, String record, String field) {
    return new InvalidInputException(file, record, field, "missing required field");
  }

  /** Requires the next value to be an object and enters it. */
  static void beginObject(JsonReader r, String file, String record, String what) {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_OBJECT) {
      throw new InvalidInputException(file, record, null, "expected " + what + ", found " + found(t));
    }
    r.beginObject();
  }

  /** An integral number in {@code long} range ({@code 3}, {@code 3.0} and {@code 3e0} alike). */
  static long integer(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t != JsonToken.NUMBER) {
      throw new InvalidInputException(file, record, field, "expected an integer, found " + found(t));
    }
    try {
      return r.nextLong();
    } catch (NumberFormatException e) {
      throw new InvalidInputException(file, record, field, e.getMessage());
    }
  }

  /** An integer in {@code [1, 2^31)}. */
  static int positiveInt(JsonReader r, String file, String record, String field) {
    long v = integer(r, file, record, field);
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new InvalidInputException(file, record, field, "must be a positive integer below 2^31, got " + v);
    }
    return (int) v;
  }

  /** Any number, NaN and infinities included; the caller decides which it accepts. */
  static double number(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t != JsonToken.NUMBER) {
      throw new InvalidInputException(file, record, field, "expected a number, found " + found(t));
    }
    return r.nextDouble();
  }

  /** A finite number {@code >= 0}; {@code what} names the quantity in messages ("score", "area"). */
  static double nonNegative(JsonReader r, String file, String record, String field, String what) {
    double v = number(r, file, record, field);
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(file, record, field, v + " is not a valid " + what);
    }
    if (v < 0) {
      throw new InvalidInputException(file, record, field, what + " must be >= 0, got " + v);
    }
    return v;
  }

  /**
   * A scalar image field as slice text ({@code --slice-by}): strings as written, numbers by value (2 and 2.0 are
   * "2"), booleans as true / false, null as null; an object or array is an error naming the record and field.
   */
  static String sliceValue(JsonReader r, String file, String record, String field) {
    switch (r.peek()) {
      case STRING:
        return r.nextString();
      case NUMBER: {
        double d = r.nextDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
      }
      case TRUE:
      case FALSE:
        return Boolean.toString(r.nextBoolean());
      case NULL:
        r.nextNull();
        return null;
      default:
        throw new InvalidInputException(file, record, field, "is an " + (r.peek() == JsonToken.BEGIN_ARRAY ? "array"
            : "object") + "; a slice field must be a string, a number or a boolean");
    }
  }

  /** A string, or null for a JSON {@code null}. */
  static String stringOrNull(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    if (t != JsonToken.STRING) {
      throw new InvalidInputException(file, record, field, "expected a string, found " + found(t));
    }
    return r.nextString();
  }

  /**
   * A COCO box {@code [x, y, w, h]}: exactly four finite numbers, {@code w} and {@code h} not
   * negative (pycocotools' {@code loadRes} and {@code computeIoU} read boxes this way).
   */
  /**
   * A {@code box3d} {@code [cx, cy, cz, l, w, h, yaw]}: seven finite numbers, sizes non-negative (any real
   * yaw is valid). Named in errors as field {@code box3d}.
   */
  static double[] box3d(JsonReader r, String file, String record) {
    String field = "box3d";
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, field, "expected an array of 7 numbers [cx, cy, cz, l, w, h, yaw], found "
          + found(t));
    }
    r.beginArray();
    double[] box = new double[7];
    int n = 0;
    while (r.hasNext()) {
      double v = number(r, file, record, field);
      if (n < 7) box[n] = v;
      n++;
    }
    r.endArray();
    String why = dev.overlap.core.geometry.RotatedBoxes.problem(box, n);
    if (why != null) throw new InvalidInputException(file, record, field, why);
    return box;
  }

  static double[] bbox(JsonReader r, String file, String record) {
    String field = "bbox";
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, field, "expected an array of 4 numbers, found " + found(t));
    }
    r.beginArray();
    double[] box = new double[4];
    int n = 0;
    while (r.hasNext()) {
      double v = number(r, file, record, field);
      if (n < 4) box[n] = v;
      n++;
    }
    r.endArray();
    if (n != 4) throw new InvalidInputException(file, record, field, "bbox must have 4 numbers, found " + n);
    for (int i = 0; i < 4; i++) {
      if (!Double.isFinite(box[i])) {
        throw new InvalidInputException(file, record, field, box[i] + " is not a valid bbox value");
      }
    }
    if (box[2] < 0) throw new InvalidInputException(file, record, field, "bbox width is negative (" + box[2] + ")");
    if (box[3] < 0) throw new InvalidInputException(file, record, field, "bbox height is negative (" + box[3] + ")");
    return box;
  }

  /**
   * Keypoints {@code [x1, y1, v1, ...]}: finite numbers, a multiple of 3 of them. For a ground truth
   * ({@code flags} true) every third value is a visibility flag and must be 0, 1 or 2; a result's third
   * values are confidences and are not checked.
   */
  static double[] keypoints(JsonReader r, String file, String record, boolean flags) {
    String field = "keypoints";
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, field, "expected an array of x, y, v numbers, found " + found(t));
    }
    r.beginArray();
    double[] v = new double[51];
    int n = 0;
    while (r.hasNext()) {
      double x = number(r, file, record, field);
      if (!Double.isFinite(x)) throw new InvalidInputException(file, record, field, x + " is not a valid keypoint value");
      if (n == v.length) v = java.util.Arrays.copyOf(v, 2 * n);
      v[n++] = x;
    }
    r.endArray();
    if (n % 3 != 0) {
      throw new InvalidInputException(file, record, field, "has " + n + " values, not a multiple of 3 (x, y, v per keypoint)");
    }
    if (flags) {
      for (int i = 2; i < n; i += 3) {
        if (v[i] != 0 && v[i] != 1 && v[i] != 2) {
          throw new InvalidInputException(file, record, field, "visibility flag " + v[i] + " of keypoint " + (i / 3 + 1)
              + " is not 0, 1 or 2");
        }
      }
    }
    return java.util.Arrays.copyOf(v, n);
  }

  /** An array of integer ids (LVIS {@code neg_category_ids}, {@code not_exhaustive_category_ids}). */
  static long[] ids(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, field, "expected an array of category ids, found " + found(t));
    }
    r.beginArray();
    long[] v = new long[8];
    int n = 0;
    while (r.hasNext()) {
      long x = integer(r, file, record, field);
      if (n == v.length) v = java.util.Arrays.copyOf(v, 2 * n);
      v[n++] = x;
    }
    r.endArray();
    return java.util.Arrays.copyOf(v, n);
  }

  /** The length of an array of any values (a category's keypoint names). */
  static int arrayLength(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new InvalidInputException(file, record, field, "expected an array, found " + found(t));
    }
    r.beginArray();
    int n = 0;
    while (r.hasNext()) {
      r.skipValue();
      n++;
    }
    r.endArray();
    return n;
  }

  /** Python truthiness of a boolean or number field ({@code iscrowd}, {@code ignore}). */
  static boolean truthy(JsonReader r, String file, String record, String field) {
    JsonToken t = r.peek();
    if (t == JsonToken.TRUE || t == JsonToken.FALSE) return r.nextBoolean();
    if (t != JsonToken.NUMBER) {
      throw new InvalidInputException(file, record, field, "expected 0, 1 or a boolean, found " + found(t));
    }
    double v = r.nextDouble();
    if (!Double.isFinite(v)) throw new InvalidInputException(file, record, field, v + " is not a valid " + field);
    return v != 0;
  }

  /**
   * Leaves a record that was rejected half-way: skips whatever is left of it until the reader is
   * back at {@code depth}, so that the next record can be read.
   */
  static void skipTo(JsonReader r, int depth) {
    while (r.depth() > depth) {
      JsonToken t = r.peek();
      if (t == JsonToken.END_ARRAY) {
        r.endArray();
      } else if (t == JsonToken.END_OBJECT) {
        r.endObject();
      } else {
        r.skipValue();
      }
    }
  }

  /** Where a stretch of an array starts: its first element's offset, line, line start and index. */
  interface Cut {
    void at(long offset, long line, long lineStart, long index);
  }

  /**
   * Walks the array that begins at the reader's next token by structure alone
   * ({@link JsonReader#skipValueQuickly()}), calling {@code cut} at its first element and then at the first
   * element {@code splitBytes} or more past the previous cut: where the readers' {@code forSplit} start.
   */
  static void cutArray(JsonReader r, long splitBytes, Cut cut) {
    r.beginArray();
    long next = -1;
    long i = 0;
    while (r.hasNext()) {
      long at = r.byteOffset();
      if (at >= next) {
        cut.at(at, r.line(), r.lineStartOffset(), i);
        next = at + splitBytes;
      }
      r.skipValueQuickly();
      i++;
    }
    r.endArray();
  }
}
