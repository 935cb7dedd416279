package dev.overlap.core.io;

import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonToken;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Reads a COCO {@code segmentation} value in the three forms pycocotools' {@code frPyObjects}
 * accepts: polygons {@code [[x1, y1, x2, y2, ...], ...]}, an uncompressed RLE
 * {@code {"size": [h, w], "counts": [n0, n1, ...]}} and a compressed RLE whose counts are a string.
 */
final class SegmentationParser {
  private static final String FIELD = "segmentation";

  private SegmentationParser() {}

  /** The segmentation at the reader's next value, validated; errors name {@code record}'s segmentation. */
  static Segmentation read(JsonReader r, String file, String record) {
    JsonToken t = r.peek();
    if (t == JsonToken.BEGIN_ARRAY) return polygons(r, file, record);
    if (t == JsonToken.BEGIN_OBJECT) return rle(r, file, record);
    throw error(file, record, "expected a list of polygons or an RLE object, found " + Fields.found(t));
  }

  private static InvalidInputException error(String file, String record, String reason) {
    return new InvalidInputException(file, record, FIELD, reason);
  }

  private static Segmentation polygons(JsonReader r, String file, String record) {
    r.beginArray();
    ArrayList<double[]> parts = new ArrayList<>(2);
    double[] xy = new double[64];
    while (r.hasNext()) {
      JsonToken t = r.peek();
      if (t != JsonToken.BEGIN_ARRAY) {
        throw error(file, record, "expected a polygon [x1, y1, x2, y2, ...], found " + Fields.found(t));
      }
      r.beginArray();
      int n = 0;
      while (r.hasNext()) {
        double v = Fields.number(r, file, record, FIELD);
        if (!Double.isFinite(v)) throw error(file, record, v + " is not a valid polygon coordinate");
        if (n == xy.length) xy = Arrays.copyOf(xy, n * 2);
        xy[n++] = v;
      }
      r.endArray();
      if ((n & 1) != 0) throw error(file, record, "polygon has an odd number of coordinates (" + n + ")");
      // maskApi.c rleFrPoly needs a closed shape; detectron2 rejects fewer than 3 points too.
      if (n < 6) throw error(file, record, "polygon has " + n / 2 + " points, needs at least 3");
      parts.add(Arrays.copyOf(xy, n));
    }
    r.endArray();
    if (parts.isEmpty()) throw error(file, record, "polygon list is empty");
    return Segmentation.ofPolygons(parts.toArray(new double[0][]));
  }

  private static Segmentation rle(JsonReader r, String file, String record) {
    r.beginObject();
    long h = -1;
    long w = -1;
    int[] counts = null;
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("size")) {
        JsonToken t = r.peek();
        if (t != JsonToken.BEGIN_ARRAY) throw error(file, record, "RLE size must be [height, width], found " + Fields.found(t));
        r.beginArray();
        long[] hw = new long[2];
        int n = 0;
        while (r.hasNext()) {
          long v = Fields.integer(r, file, record, FIELD);
          if (n < 2) hw[n] = v;
          n++;
        }
        r.endArray();
        if (n != 2) throw error(file, record, "RLE size must be [height, width], found " + n + " numbers");
        if (hw[0] < 0 || hw[1] < 0 || hw[0] > Integer.MAX_VALUE || hw[1] > Integer.MAX_VALUE) {
          throw error(file, record, "RLE size must be two integers in [0, 2^31), got [" + hw[0] + ", " + hw[1] + "]");
        }
        h = hw[0];
        w = hw[1];
      } else if (name.equals("counts")) {
        JsonToken t = r.peek();
        if (t == JsonToken.STRING) {
          try {
            counts = dev.overlap.core.mask.RleCodec.decodeCounts(r.nextString());
          } catch (IllegalArgumentException e) {
            throw error(file, record, e.getMessage());
          }
        } else if (t == JsonToken.BEGIN_ARRAY) {
          counts = uncompressedCounts(r, file, record);
        } else {
          throw error(file, record, "RLE counts must be a list of integers or a string, found " + Fields.found(t));
        }
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (h < 0) throw error(file, record, "RLE has no \"size\"");
    if (counts == null) throw error(file, record, "RLE has no \"counts\"");
    long sum = 0;
    for (int c : counts) sum += c;
    if (sum != h * w) throw error(file, record, "RLE counts sum to " + sum + ", expected h*w = " + h * w);
    return Segmentation.ofRle((int) h, (int) w, counts);
  }

  private static int[] uncompressedCounts(JsonReader r, String file, String record) {
    r.beginArray();
    int[] counts = new int[64];
    int n = 0;
    while (r.hasNext()) {
      long v = Fields.integer(r, file, record, FIELD);
      if (v < 0 || v > Integer.MAX_VALUE) throw error(file, record, "RLE count must be in [0, 2^31), got " + v);
      if (n == counts.length) counts = Arrays.copyOf(counts, n * 2);
      counts[n++] = (int) v;
    }
    r.endArray();
    return Arrays.copyOf(counts, n);
  }
}
