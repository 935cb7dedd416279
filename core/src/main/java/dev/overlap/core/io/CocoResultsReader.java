package dev.overlap.core.io;

import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.Segmentation;
import dev.overlap.core.json.JsonReader;
import dev.overlap.core.json.JsonSyntaxException;
import dev.overlap.core.json.JsonToken;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads COCO results (detections), either as one JSON array ({@code [{...}, {...}]}, what
 * pycocotools' {@code loadRes} takes) streamed record by record, or as JSON Lines, one result
 * object per line, parsed from a byte slice with {@link #parseLine}.
 *
 * <p>A result needs {@code image_id}, {@code category_id} (integers) and {@code score} (finite,
 * {@code >= 0}), and a {@code bbox} {@code [x, y, w, h]} (four finite numbers, {@code w, h >= 0}) or a
 * {@code segmentation} (compressed or uncompressed RLE, or polygons), as pycocotools' {@code loadRes}
 * accepts: bbox evaluation keeps the box, or, for a result with a mask only, the mask (its box is
 * derived at evaluation, {@code maskUtils.toBbox}); segm evaluation keeps the mask and any box, or a
 * box alone (evaluated as a rectangle polygon, loadRes' bbox branch). Every other key, e.g. {@code id},
 * {@code area}, {@code iscrowd}, is skipped: {@code loadRes} overwrites them. Records are numbered
 * in input order ({@code seq}), which breaks score ties as pycocotools' stable sort does
 * (cocoeval.py#evaluateImg).
 *
 * <p>Errors are {@link InvalidInputException}s naming the file, the record ({@code record N},
 * 0-based, in an array; {@code line N}, 1-based, in JSON Lines) and the field. In an array, after an
 * error about a record's content the reader has skipped that record and {@link #next()} continues
 * with the following one; after malformed JSON ({@code line L column C}) it returns null.
 */
public final class CocoResultsReader implements Closeable {
  /** How many leading bytes {@link #looksLikeJsonArray(InputStream)} may look at. */
  public static final int SNIFF_LIMIT = 1 << 16;

  private final JsonReader r;
  private final String file;
  private final boolean readSegmentation;
  private boolean readBox3d;
  private long count;
  private boolean started;
  private boolean finished;
  private boolean readKeypoints;
  private ImageIds imageIds; // null: numeric image ids
  private boolean split; // a reader of one stretch of an array (forSplit)
  private long splitEnd = Long.MAX_VALUE; // where it stops: the first result starting here or later

  /**
   * A reader over a results file holding one JSON array; {@code []} is valid and has no records.
   *
   * @param in the JSON, UTF-8; closed by {@link #close()}
   * @param fileName the name used in error messages
   * @param readSegmentation true for segm evaluation: every result needs a {@code segmentation};
   *     false for bbox evaluation: every result needs a {@code bbox} and segmentations are skipped
   */
  public CocoResultsReader(InputStream in, String fileName, boolean readSegmentation) {
    this(new JsonReader(in), fileName, readSegmentation);
  }

  private CocoResultsReader(JsonReader r, String fileName, boolean readSegmentation) {
    this.r = r;
    this.file = fileName;
    this.readSegmentation = readSegmentation;
  }

  /**
   * Keypoints evaluation: every result needs {@code keypoints}; its {@code bbox} is kept when given (it sizes
   * the result when the first result has one). Returns this reader.
   */
  public CocoResultsReader withKeypoints() {
    this.readKeypoints = true;
    return this;
  }

  /**
   * Reads {@code box3d} boxes (bev / 3d evaluation) instead of {@code bbox}: every result then needs a
   * {@code box3d} and any {@code bbox} is skipped. Call before the first {@link #next()}.
   */
  public CocoResultsReader readBox3d(boolean box3d) {
    this.readBox3d = box3d;
    return this;
  }

  /**
   * Where a stretch of a results array starts: a result's first byte, its line (and that line's
   * first byte) and its index, so that a reader started there names records and positions as a
   * reader of the whole file does.
   */
  public record Split(long offset, long line, long lineStart, long firstIndex) implements java.io.Serializable {}

  /**
   * Cuts a results array into stretches of about {@code splitBytes} bytes by following its structure
   * alone (results are checked by the readers of the stretches, {@link #forSplit}). One serial pass over
   * the whole file; {@link ArrayCutter} finds cuts of the same meaning from chunks scanned in parallel.
   *
   * @throws InvalidInputException when the file is not one well-formed JSON array
   */
  public static java.util.List<Split> splits(InputStream in, String fileName, long splitBytes) {
    if (splitBytes <= 0) throw new IllegalArgumentException("splitBytes must be positive");
    java.util.List<Split> out = new java.util.ArrayList<>();
    try (JsonReader r = new JsonReader(in)) {
      JsonToken t = r.peek();
      if (t != JsonToken.BEGIN_ARRAY) {
        throw new InvalidInputException(fileName, null, null, "expected a JSON array of results, found " + Fields.found(t));
      }
      Fields.cutArray(r, splitBytes, (at, line, lineStart, i) -> out.add(new Split(at, line, lineStart, i)));
      r.peek();
    } catch (JsonSyntaxException e) {
      throw new InvalidInputException(fileName, "line " + e.line() + " column " + e.column(), null, e.reason(), e);
    }
    return out;
  }

  /**
   * Reads the results of one stretch of an array: {@code in} positioned at {@code split.offset()},
   * ending before the first result that starts at {@code endOffset} or later (or at the array's end).
   * Records and seqs are numbered from {@code split.firstIndex()}, as in a reader of the whole file.
   */
  public static CocoResultsReader forSplit(InputStream in, String fileName, boolean readSegmentation, Split split,
      long endOffset) {
    CocoResultsReader c = new CocoResultsReader(
        JsonReader.atArrayElement(in, split.offset(), split.line(), split.lineStart()), fileName, readSegmentation);
    c.started = true;
    c.count = split.firstIndex();
    c.split = true;
    c.splitEnd = endOffset;
    return c;
  }

  /** How image ids are read: null (the default) for numbers, else the ground truth's string ids ({@link ImageIds}). */
  public CocoResultsReader withImageIds(ImageIds ids) {
    this.imageIds = ids;
    return this;
  }

  /**
   * The next result of the array, with {@code seq} its 0-based index, or null after the last one.
   *
   * @throws InvalidInputException for malformed JSON or a result that breaks the rules above
   */
  public Detection next() {
    if (finished) return null;
    try {
      if (!started) {
        JsonToken t = r.peek();
        if (t != JsonToken.BEGIN_ARRAY) {
          finished = true;
          throw new InvalidInputException(file, null, null, "expected a JSON array of results, found " + Fields.found(t));
        }
        r.beginArray();
        started = true;
      }
      if (split && (!r.hasNext() || r.byteOffset() >= splitEnd)) {
        finished = true; // the end of a stretch: what follows is another reader's
        return null;
      }
      if (!r.hasNext()) {
        r.endArray();
        r.peek();
        finished = true;
        return null;
      }
      long n = count++;
      String label = "record " + n;
      int depth = r.depth();
      JsonToken t = r.peek();
      if (t != JsonToken.BEGIN_OBJECT) {
        r.skipValue();
        throw new InvalidInputException(file, label, null, "expected a result object, found " + Fields.found(t));
      }
      try {
        return parse(r, file, label, n, readSegmentation, readBox3d, readKeypoints, imageIds);
      } catch (InvalidInputException e) {
        Fields.skipTo(r, depth);
        throw e;
      }
    } catch (JsonSyntaxException e) {
      finished = true;
      throw new InvalidInputException(file, "line " + e.line() + " column " + e.column(), null, e.reason(), e);
    }
  }

  /**
   * Parses the result object at the reader's next value (pycocotools {@code loadRes} fields).
   * Malformed JSON is not wrapped: it propagates as {@link JsonSyntaxException} for the caller to
   * locate.
   *
   * @param recordLabel where the record is, for messages: "record 17", "line 18"
   * @param seq the result's position in the input, kept as {@link Detection#seq()}
   * @throws InvalidInputException naming {@code fileName}, {@code recordLabel} and the field
   */
  public static Detection parse(JsonReader r, String fileName, String recordLabel, long seq,
      boolean readSegmentation) {
    return parse(r, fileName, recordLabel, seq, readSegmentation, false, null);
  }

  /**
   * As {@link #parse(JsonReader, String, String, long, boolean)}; with {@code readBox3d} the result needs
   * a {@code box3d} [cx, cy, cz, l, w, h, yaw] (bev / 3d evaluation) and its {@code bbox} is skipped.
   */
  public static Detection parse(JsonReader r, String fileName, String recordLabel, long seq,
      boolean readSegmentation, boolean readBox3d) {
    return parse(r, fileName, recordLabel, seq, readSegmentation, readBox3d, null);
  }

  /**
   * As {@link #parse(JsonReader, String, String, long, boolean)}, reading {@code image_id} as
   * {@link ImageIds} says (null: numbers).
   */
  public static Detection parse(JsonReader r, String fileName, String recordLabel, long seq,
      boolean readSegmentation, ImageIds imageIds) {
    return parse(r, fileName, recordLabel, seq, readSegmentation, false, imageIds);
  }

  /** As {@link #parse(JsonReader, String, String, long, boolean, boolean)} with image ids read as {@link ImageIds} says. */
  public static Detection parse(JsonReader r, String fileName, String recordLabel, long seq,
      boolean readSegmentation, boolean readBox3d, ImageIds imageIds) {
    return parse(r, fileName, recordLabel, seq, readSegmentation, readBox3d, false, imageIds);
  }

  /**
   * The general form: {@code box3d} when {@code readBox3d}; with {@code readKeypoints} a result needs
   * {@code keypoints} and may carry a {@code bbox}; image ids as {@link ImageIds} says (null: numbers).
   */
  public static Detection parse(JsonReader r, String fileName, String recordLabel, long seq,
      boolean readSegmentation, boolean readBox3d, boolean readKeypoints, ImageIds imageIds) {
    Fields.beginObject(r, fileName, recordLabel, "a result object");
    long imageId = 0;
    long categoryId = 0;
    double score = 0;
    double[] bbox = null;
    double[] box3d = null;
    boolean hasBbox = false;
    boolean hasBox3d = false;
    Segmentation segmentation = null;
    double[] keypoints = null;
    boolean hasImageId = false;
    boolean hasCategoryId = false;
    boolean hasScore = false;
    while (r.hasNext()) {
      String name = r.nextName();
      switch (name) {
        case "image_id":
          imageId = ImageIds.read(r, imageIds, fileName, recordLabel, name);
          hasImageId = true;
          break;
        case "category_id":
          categoryId = Fields.integer(r, fileName, recordLabel, name);
          hasCategoryId = true;
          break;
        case "score":
          score = Fields.nonNegative(r, fileName, recordLabel, name, "score");
          hasScore = true;
          break;
        case "bbox":
          hasBbox = true;
          if (readBox3d) r.skipValue();
          else bbox = Fields.bbox(r, fileName, recordLabel);
          break;
        case "box3d":
          hasBox3d = true;
          if (readBox3d) box3d = Fields.box3d(r, fileName, recordLabel);
          else r.skipValue();
          break;
        case "segmentation":
          // bbox evaluation reads a mask only while no box has been seen: a result without a box is
          // boxed by its mask (loadRes: maskUtils.toBbox); key order is free, so a box may come later
          if (!readBox3d && (readSegmentation || bbox == null)) {
            segmentation = SegmentationParser.read(r, fileName, recordLabel);
          } else {
            r.skipValue();
          }
          break;
        case "keypoints":
          if (readKeypoints) keypoints = Fields.keypoints(r, fileName, recordLabel, false);
          else r.skipValue();
          break;
        default:
          r.skipValue();
      }
    }
    r.endObject();
    if (!hasImageId) throw Fields.missing(fileName, recordLabel, "image_id");
    if (!hasCategoryId) throw Fields.missing(fileName, recordLabel, "category_id");
    if (!hasScore) throw Fields.missing(fileName, recordLabel, "score");
    if (readKeypoints) {
      if (keypoints == null) throw Fields.missing(fileName, recordLabel, "keypoints");
      return Detection.keypoints(imageId, categoryId, bbox, score, null, seq, keypoints);
    }
    if (readBox3d) {
      if (!hasBox3d) throw Fields.missingBox3d(fileName, recordLabel, hasBbox);
    } else if (readSegmentation) {
      // a box alone is a rectangle mask (loadRes' bbox branch), drawn once the image size is known
      if (segmentation == null && bbox == null) throw Fields.missing(fileName, recordLabel, "segmentation");
    } else if (bbox == null) {
      if (segmentation == null) throw Fields.missingBbox(fileName, recordLabel, hasBox3d);
    } else {
      segmentation = null; // the box is what bbox evaluation uses
    }
    return new Detection(imageId, categoryId, bbox, score, segmentation, seq, box3d);
  }

  /**
   * Parses one JSON Lines line, {@code buf[off, off + len)}, in place: exactly one result object,
   * optionally surrounded by whitespace (a trailing {@code \r} included). The caller splits lines
   * and skips blank ones, which carry no record; {@code lineNumber} is 1-based.
   *
   * @throws InvalidInputException labelled {@code line N} (content) or {@code line N column C}
   *     (malformed JSON; the column counts bytes)
   */
  public static Detection parseLine(byte[] buf, int off, int len, String fileName, long lineNumber, long seq,
      boolean readSegmentation) {
    return parseLine(buf, off, len, fileName, lineNumber, seq, readSegmentation, false, null);
  }

  /** As {@link #parseLine(byte[], int, int, String, long, long, boolean)}, reading {@code box3d} when asked. */
  public static Detection parseLine(byte[] buf, int off, int len, String fileName, long lineNumber, long seq,
      boolean readSegmentation, boolean readBox3d) {
    return parseLine(buf, off, len, fileName, lineNumber, seq, readSegmentation, readBox3d, null);
  }

  /** As {@link #parseLine(byte[], int, int, String, long, long, boolean)} with image ids read as {@link ImageIds} says. */
  public static Detection parseLine(byte[] buf, int off, int len, String fileName, long lineNumber, long seq,
      boolean readSegmentation, ImageIds imageIds) {
    return parseLine(buf, off, len, fileName, lineNumber, seq, readSegmentation, false, imageIds);
  }

  /** Box3d when asked, image ids as {@link ImageIds} says. */
  public static Detection parseLine(byte[] buf, int off, int len, String fileName, long lineNumber, long seq,
      boolean readSegmentation, boolean readBox3d, ImageIds imageIds) {
    return parseLine(buf, off, len, fileName, lineNumber, seq, readSegmentation, readBox3d, false, imageIds);
  }

  /** The general form: box3d or keypoints when asked, image ids as {@link ImageIds} says. */
  public static Detection parseLine(byte[] buf, int off, int len, String fileName, long lineNumber, long seq,
      boolean readSegmentation, boolean readBox3d, boolean readKeypoints, ImageIds imageIds) {
    JsonReader r = new JsonReader(buf, off, len);
    try {
      Detection d = parse(r, fileName, "line " + lineNumber, seq, readSegmentation, readBox3d, readKeypoints,
          imageIds);
      r.peek();
      return d;
    } catch (JsonSyntaxException e) {
      throw new InvalidInputException(fileName, "line " + lineNumber + " column " + e.column(), null, e.reason(), e);
    }
  }

  /**
   * Whether results whose first bytes are {@code buf[off, off + len)} are a JSON array (first byte
   * that is not a BOM or whitespace is {@code [}) rather than JSON Lines. Empty or blank input is
   * taken as JSON Lines with no records.
   */
  public static boolean looksLikeJsonArray(byte[] buf, int off, int len) {
    int p = off;
    int end = off + len;
    if (len >= 3 && buf[p] == (byte) 0xEF && buf[p + 1] == (byte) 0xBB && buf[p + 2] == (byte) 0xBF) p += 3;
    while (p < end) {
      byte b = buf[p++];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return b == '[';
    }
    return false;
  }

  /**
   * Same as {@link #looksLikeJsonArray(byte[], int, int)} on the first bytes of {@code in}, which
   * is reset to where it was: it must support {@link InputStream#mark(int)}. Looks at no more than
   * {@link #SNIFF_LIMIT} bytes.
   */
  public static boolean looksLikeJsonArray(InputStream in) {
    if (!in.markSupported()) throw new IllegalArgumentException("the stream must support mark/reset");
    byte[] head = new byte[SNIFF_LIMIT];
    try {
      in.mark(SNIFF_LIMIT);
      int n = 0;
      boolean decided = false;
      while (n < head.length && !decided) {
        int k = in.read(head, n, head.length - n);
        if (k < 0) break;
        for (int i = n; i < n + k; i++) {
          byte b = head[i];
          boolean bom = i < 3 && (b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF);
          if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && !bom) decided = true;
        }
        n += k;
      }
      in.reset();
      return looksLikeJsonArray(head, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the input stream. */
  @Override
  public void close() {
    finished = true;
    r.close();
  }
}
