package dev.overlap.core.png;

import dev.overlap.core.io.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes single-channel PNG label maps (grayscale or palette, any legal bit depth, sequential or
 * Adam7) into a caller-owned {@link LabelImage}, and 8-bit RGB(A) segment-id maps (COCO panoptic,
 * {@link #decodeSegmentIds}) into 24-bit ids, following the PNG specification (W3C, 2nd/3rd
 * edition): §5 chunk layout, §11.2.2 IHDR, §9 filters, §8.2 Adam7.
 *
 * <p>Checks, in order: the signature; IHDR (first, 13 bytes, legal field values); the colour type
 * (RGB, RGBA and gray+alpha are rejected with a one-line reason); the declared pixel count against
 * {@code maxPixels}, <em>before</em> any chunk after IHDR is read or any byte is inflated; then
 * every chunk's length against the bytes that remain (truncation) and, when enabled, its CRC-32;
 * IEND must be present. Inflation writes into a block sized from the header and stops when the
 * header's byte count is reached, so no input can make it inflate more than the image needs.
 * Data beyond that count is rejected as corrupt (the header and the data disagree; javax.imageio
 * would silently ignore it); a zlib stream whose end is missing after all rows are complete is
 * accepted, as javax.imageio accepts it. The zlib Adler-32 is verified whenever the stream's end
 * is present.
 *
 * <p>Ancillary chunks (lower-case first letter) are skipped; PLTE is skipped too, because the
 * index is the class id. An unknown critical chunk is rejected. IDAT chunks are concatenated in
 * file order.
 *
 * <p>CRC verification is on by default: CRC-32 is a JVM intrinsic and costs a few percent of a
 * decode, and it is the only check that catches a flipped bit in a stored (uncompressed) block.
 *
 * <p>Not thread-safe: it keeps an {@link Inflater} and scratch rows. One instance per task;
 * {@link #close()} releases the inflater's native memory.
 */
public final class LabelPngDecoder implements AutoCloseable {
  /** Default decompression-bomb limit: 2^28 pixels (e.g. 16384 x 16384). */
  public static final long DEFAULT_MAX_PIXELS = 1L << 28;

  /** Largest usable {@code maxPixels}: labels live in one Java array. */
  public static final long MAX_ARRAY_PIXELS = Integer.MAX_VALUE - 8;

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  /** Signature, IHDR length + type, 13 data bytes, CRC. */
  static final int HEADER_BYTES = 8 + 8 + 13 + 4;
  private static final int IHDR = 0x49484452;
  private static final int IDAT = 0x49444154;
  private static final int IEND = 0x49454E44;
  private static final int PLTE = 0x504C5445;

  /**
   * Largest image (filtered bytes) a row stream inflates whole with {@link WholeInflater}: 32 MiB
   * covers 8-bit maps up to ~5800 x 5800; larger ones stream through zlib in 64 KiB blocks.
   */
  private static final int WHOLE_BYTES = 32 << 20;

  /** Rows are inflated in blocks of about this size: large enough to amortise the JNI call, small enough for L2. */
  private static final int BLOCK_BYTES = 1 << 16;

  private static final int[] ADAM7_X0 = {0, 4, 0, 2, 0, 1, 0};
  private static final int[] ADAM7_Y0 = {0, 0, 4, 0, 2, 0, 1};
  private static final int[] ADAM7_DX = {8, 8, 4, 4, 2, 2, 1};
  private static final int[] ADAM7_DY = {8, 8, 8, 4, 4, 2, 2};
  private static final int[] SEQUENTIAL = {0};

  private final long maxPixels;
  private final boolean verifyCrc;
  private final Inflater inflater = new Inflater();
  private final CRC32 crc = new CRC32();

  // IDAT (offset, length) pairs of the file being decoded
  private int[] idat = new int[16];
  private int idatCount;
  private int nextIdat;
  private byte[] png;
  private int fileStart;
  private String file;

  // scratch, grown on demand
  private byte[] block = new byte[0];
  private byte[] prevRow = new byte[0];
  private final byte[] probe = new byte[1];
  private WholeInflater wholeInflater;
  private byte[] whole = new byte[0];
  private byte[] joined = new byte[0];

  // row stream (beginRows): the header of the open stream, else null; the array rows are
  // returned in (whole, or block); rows already returned; rows of the current block, and those
  // of them returned
  private PngHeader streamHeader;
  private byte[] streamRows = new byte[0];
  private int streamAdler;
  private int streamY;
  private int streamRowsPerBlock;
  private int streamBlockRows;
  private int streamBlockRow;

  /** A decoder with {@link #DEFAULT_MAX_PIXELS} and CRC verification on. */
  public LabelPngDecoder() {
    this(DEFAULT_MAX_PIXELS, true);
  }

  /**
   * @param maxPixels images whose IHDR declares more pixels are rejected before decoding;
   *     1 .. {@link #MAX_ARRAY_PIXELS}
   * @param verifyCrc whether every chunk's CRC-32 is checked (PNG specification §5.3)
   */
  public LabelPngDecoder(long maxPixels, boolean verifyCrc) {
    if (maxPixels < 1 || maxPixels > MAX_ARRAY_PIXELS) {
      throw new IllegalArgumentException(
          "maxPixels must be in 1.." + MAX_ARRAY_PIXELS + ", got " + maxPixels);
    }
    this.maxPixels = maxPixels;
    this.verifyCrc = verifyCrc;
  }

  /** The decompression-bomb limit this decoder enforces. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Reads the signature and IHDR (PNG specification §5.2, §11.2.2) without decoding. Any legal
   * colour type is returned, so a caller can report what an RGB file is; {@link #decode} is the
   * one that rejects it. The IHDR CRC is always checked.
   *
   * @param file names the input in error messages; may be null
   * @throws InvalidInputException if the bytes are not a PNG or IHDR is truncated or invalid
   */
  public static PngHeader readHeader(byte[] png, int off, int len, String file) {
    Objects.checkFromIndexSize(off, len, png.length);
    if (len == 0) throw reject(file, "empty file, not a PNG");
    for (int i = 0; i < Math.min(len, SIGNATURE.length); i++) {
      if (png[off + i] != SIGNATURE[i]) throw reject(file, "not a PNG file (bad signature)");
    }
    if (len < HEADER_BYTES) {
      throw reject(file, "truncated: file is " + len + " bytes, a PNG header needs " + HEADER_BYTES);
    }
    int length = readInt(png, off + 8);
    int type = readInt(png, off + 12);
    if (type != IHDR) {
      throw reject(file, "not a valid PNG: first chunk is " + typeName(type) + ", expected IHDR");
    }
    if (length != 13) throw reject(file, "corrupt IHDR: length " + length + ", expected 13");
    CRC32 headerCrc = new CRC32();
    headerCrc.update(png, off + 12, 17);
    if ((int) headerCrc.getValue() != readInt(png, off + 29)) {
      throw reject(file, "corrupt IHDR: CRC mismatch");
    }
    int p = off + 16;
    int width = readInt(png, p);
    int height = readInt(png, p + 4);
    int bitDepth = png[p + 8] & 0xFF;
    int colourType = png[p + 9] & 0xFF;
    int compression = png[p + 10] & 0xFF;
    int filterMethod = png[p + 11] & 0xFF;
    int interlace = png[p + 12] & 0xFF;
    // A negative int here is a value above 2^31-1, which §11.2.2 forbids.
    if (width <= 0 || height <= 0) {
      throw reject(file, "invalid IHDR: size " + Integer.toUnsignedString(width) + "x"
          + Integer.toUnsignedString(height) + " (each must be 1..2147483647)");
    }
    if (!legalDepth(colourType, bitDepth)) {
      throw reject(file, "invalid IHDR: bit depth " + bitDepth + " is not allowed for colour type "
          + colourType);
    }
    if (compression != 0) throw reject(file, "invalid IHDR: unknown compression method " + compression);
    if (filterMethod != 0) throw reject(file, "invalid IHDR: unknown filter method " + filterMethod);
    if (interlace > 1) throw reject(file, "invalid IHDR: unknown interlace method " + interlace);
    return new PngHeader(width, height, bitDepth, colourType, interlace == 1);
  }

  /**
   * Decodes a grayscale or palette PNG into {@code out}: 8-bit labels (bit depths 1..8) into
   * {@link LabelImage#bytes()}, 16-bit into {@link LabelImage#shorts()}. Follows the PNG
   * specification §9 (filters) and §8.2 (Adam7); see the class comment for every check made.
   *
   * @param file names the input in error messages; may be null
   * @return the header of the decoded image
   * @throws InvalidInputException for anything but a well-formed single-channel PNG within
   *     {@link #maxPixels()}; {@code out} is then in an unspecified state
   */
  public PngHeader decode(byte[] png, int off, int len, String file, LabelImage out) {
    Objects.requireNonNull(out, "out");
    PngHeader h = readHeader(png, off, len, file);
    if (!h.isSingleChannel()) {
      throw reject(file, colourName(h.colourType()) + " PNG (colour type " + h.colourType()
          + "): label maps must be single-channel (grayscale or palette)");
    }
    if (h.pixelCount() > maxPixels) {
      throw reject(file, "image declares " + h.width() + "x" + h.height() + " = " + h.pixelCount()
          + " pixels, over the limit of " + maxPixels + " (maxPixels)");
    }
    // A row stream (beginRows) may have been abandoned mid-image.
    inflater.reset();
    streamHeader = null;
    this.png = png;
    this.fileStart = off;
    this.file = file;
    try {
      scanChunks(off + HEADER_BYTES, off + len);
      inflateRows(h, out);
    } finally {
      this.png = null;
      this.file = null;
      // Drops the inflater's reference to the caller's array.
      inflater.reset();
    }
    return h;
  }

  /**
   * Decodes an 8-bit RGB or RGBA PNG into 24-bit segment ids, {@code R + 256 G + 256^2 B}, the
   * COCO panoptic encoding (panopticapi {@code rgb2id}; alpha is ignored, as there), into
   * {@link LabelImage#ints()}. Sequential and Adam7 images; every check of {@link #decode}.
   *
   * @param file names the input in error messages; may be null
   * @return the header of the decoded image
   * @throws InvalidInputException for anything but a well-formed 8-bit RGB(A) PNG within
   *     {@link #maxPixels()}; {@code out} is then in an unspecified state
   */
  public PngHeader decodeSegmentIds(byte[] png, int off, int len, String file, LabelImage out) {
    Objects.requireNonNull(out, "out");
    PngHeader h = readHeader(png, off, len, file);
    if (!h.isRgb8()) {
      String what = h.colourType() == PngHeader.RGB || h.colourType() == PngHeader.RGBA
          ? h.bitDepth() + "-bit " + colourName(h.colourType())
          : h.colourType() == PngHeader.GRAY ? "grayscale"
          : h.colourType() == PngHeader.PALETTE ? "palette" : colourName(h.colourType());
      throw reject(file, what + " PNG (colour type " + h.colourType() + ", bit depth " + h.bitDepth()
          + "): segment-id maps must be 8-bit RGB or RGBA");
    }
    if (h.pixelCount() > maxPixels) {
      throw reject(file, "image declares " + h.width() + "x" + h.height() + " = " + h.pixelCount()
          + " pixels, over the limit of " + maxPixels + " (maxPixels)");
    }
    inflater.reset();
    streamHeader = null;
    this.png = png;
    this.fileStart = off;
    this.file = file;
    try {
      scanChunks(off + HEADER_BYTES, off + len);
      inflateRows(h, out);
    } finally {
      this.png = null;
      this.file = null;
      inflater.reset();
    }
    return h;
  }

  /**
   * Starts decoding a PNG row by row, for callers that consume each row while it is in cache
   * instead of materialising the whole image (e.g. confusion counting of two maps in lockstep).
   * Only the layout label maps almost always have is streamed: single-channel, bit depth 8,
   * not interlaced, where a reconstructed scanline is the row of labels. For any other image,
   * including one {@link #decode} would reject for its colour type or pixel count, this returns
   * null without reading past the header: decode it with {@link #decode}, which gives the reason.
   *
   * <p>Makes every check {@link #decode} makes, at the same points: the header and all chunks
   * before the first row; filter types per row in {@link #nextRow()}; the zlib trailer and
   * surplus data in {@link #endRows()}. Throws as {@link #decode} does. A stream abandoned after
   * an exception needs no clean-up: the next {@code beginRows} or {@code decode} starts afresh.
   *
   * @param file names the input in error messages; may be null
   * @return the header, or null when the image is not streamed
   */
  public PngHeader beginRows(byte[] png, int off, int len, String file) {
    PngHeader h = readHeader(png, off, len, file);
    streamHeader = null;
    if (!h.isSingleChannel() || h.bitDepth() != 8 || h.interlaced() || h.pixelCount() > maxPixels) {
      return null;
    }
    inflater.reset();
    this.png = png;
    this.fileStart = off;
    this.file = file;
    scanChunks(off + HEADER_BYTES, off + len);
    nextIdat = 0;
    int stride = h.width() + 1;
    streamY = 0;
    long expected = (long) h.height() * stride;
    if (expected <= WHOLE_BYTES && inflateWhole((int) expected)) {
      streamRows = whole;
      streamHeader = h;
      return h;
    }
    streamRowsPerBlock = Math.max(1, Math.min(h.height(), BLOCK_BYTES / stride));
    if (block.length < streamRowsPerBlock * stride) block = new byte[streamRowsPerBlock * stride];
    if (prevRow.length < h.width()) prevRow = new byte[h.width()];
    streamRows = block;
    streamBlockRow = 0;
    streamBlockRows = 0;
    streamHeader = h;
    return h;
  }

  /**
   * Inflates and reconstructs the next row of the image started by {@link #beginRows}.
   *
   * @return the offset in {@link #rowBuffer()} of the row's {@code width} labels, valid until the
   *     next call
   * @throws InvalidInputException for an unknown filter type or missing image data
   * @throws IllegalStateException if no stream is open or every row has been read
   */
  public int nextRow() {
    PngHeader h = streamHeader;
    if (h == null || streamY >= h.height()) throw new IllegalStateException("no row to read");
    int width = h.width();
    int stride = width + 1;
    if (streamBlockRow == streamBlockRows) {
      // The next block overwrites the row the next row is filtered against: keep it.
      if (streamBlockRows > 0) {
        System.arraycopy(block, (streamBlockRows - 1) * stride + 1, prevRow, 0, width);
      }
      int rows = Math.min(streamRowsPerBlock, h.height() - streamY);
      inflateFully(rows * stride, (long) h.height() * stride);
      streamBlockRows = rows;
      streamBlockRow = 0;
    }
    if (streamRows == whole) {
      // inflated whole: the row above is in place
      int at = streamY * stride;
      streamAdler = WholeInflater.adler32(streamAdler, whole, at, stride);
      int filter = whole[at] & 0xFF;
      if (filter > ScanlineFilters.PAETH) {
        throw reject(file, "corrupt image data: unknown filter type " + filter + " on row " + streamY);
      }
      ScanlineFilters.unfilter(filter, whole, at + 1, whole, at + 1, streamY > 0 ? whole : null, at + 1 - stride,
          width, 1);
      streamY++;
      return at + 1;
    }
    int at = streamBlockRow * stride;
    int filter = block[at] & 0xFF;
    if (filter > ScanlineFilters.PAETH) {
      throw reject(file, "corrupt image data: unknown filter type " + filter + " on row " + streamY);
    }
    if (streamBlockRow > 0) {
      ScanlineFilters.unfilter(filter, block, at + 1, block, at + 1, block, at + 1 - stride, width, 1);
    } else {
      ScanlineFilters.unfilter(filter, block, at + 1, block, at + 1, streamY > 0 ? prevRow : null, 0,
          width, 1);
    }
    streamBlockRow++;
    streamY++;
    return at + 1;
  }

  /** The array {@link #nextRow()} offsets point into; it may change at each {@link #beginRows}. */
  public byte[] rowBuffer() {
    return streamRows;
  }

  /**
   * Inflates all scanlines at once with {@link WholeInflater}; false when it does not vouch for
   * the stream, and the rows are then inflated block by block with zlib, whose checks and
   * messages stand.
   */
  private boolean inflateWhole(int expected) {
    byte[] in = png;
    int from;
    int length;
    if (idatCount == 1) {
      from = idat[0];
      length = idat[1];
    } else {
      // the zlib stream runs on across IDAT chunks: join their data (small: the compressed size)
      length = 0;
      for (int i = 0; i < idatCount; i++) length += idat[2 * i + 1];
      if (joined.length < length) joined = new byte[length];
      int at = 0;
      for (int i = 0; i < idatCount; i++) {
        System.arraycopy(png, idat[2 * i], joined, at, idat[2 * i + 1]);
        at += idat[2 * i + 1];
      }
      in = joined;
      from = 0;
    }
    if (whole.length < expected) whole = new byte[expected];
    if (wholeInflater == null) wholeInflater = new WholeInflater();
    // the Adler-32 is summed row by row in nextRow, while each row is in cache anyway
    streamAdler = 1;
    return wholeInflater.inflate(in, from, length, whole, expected, false);
  }

  /** {@link #inflateWhole} with the zlib Adler-32 checked at once (a whole decode, not a row stream). */
  private boolean inflateWholeChecked(int expected) {
    if (!inflateWhole(expected)) return false;
    if (WholeInflater.adler32(1, whole, 0, expected) != wholeInflater.trailer()) {
      // zlib's words for it, as the block-by-block decode reports it
      throw reject(file, "corrupt image data: incorrect data check");
    }
    return true;
  }

  /**
   * Ends a row stream after its last row: checks the zlib trailer and that no data follows the
   * last row, as {@link #decode} does, and releases the caller's array.
   *
   * @throws InvalidInputException if the image data runs past the last row or is corrupt
   * @throws IllegalStateException if rows remain unread
   */
  public void endRows() {
    PngHeader h = streamHeader;
    if (h == null || streamY != h.height()) throw new IllegalStateException("rows remain unread");
    try {
      if (streamRows != whole) {
        finishStream(h);
      } else if (streamAdler != wholeInflater.trailer()) {
        // zlib's words for it, as a whole decode reports it
        throw reject(file, "corrupt image data: incorrect data check");
      }
    } finally {
      streamHeader = null;
      png = null;
      file = null;
      inflater.reset();
    }
  }

  /** Releases the inflater's native memory; the decoder cannot be used afterwards. */
  @Override
  public void close() {
    inflater.end();
  }

  /** Walks the chunks after IHDR: truncation, CRCs, order; records the IDAT ranges. */
  private void scanChunks(int pos, int end) {
    idatCount = 0;
    while (true) {
      if (end - pos < 12) {
        throw reject(file, end == pos
            ? "truncated: file ends at byte " + (pos - fileStart) + " without an IEND chunk"
            : "truncated: file ends inside a chunk header at byte " + (pos - fileStart));
      }
      int length = readInt(png, pos);
      int type = readInt(png, pos + 4);
      if (length < 0) {
        throw reject(file, "corrupt chunk " + typeName(type) + " at byte " + (pos - fileStart)
            + ": length " + Integer.toUnsignedString(length) + " exceeds 2^31-1");
      }
      if (length > end - pos - 12) {
        throw reject(file, "truncated: chunk " + typeName(type) + " at byte "
            + (pos - fileStart) + " declares " + length + " data bytes, only "
            + Math.max(0, end - pos - 12) + " remain");
      }
      if (!isChunkType(type)) {
        throw reject(file, "corrupt chunk at byte " + (pos - fileStart) + ": type "
            + typeName(type) + " is not four letters");
      }
      if (verifyCrc) {
        crc.reset();
        crc.update(png, pos + 4, length + 4);
        if ((int) crc.getValue() != readInt(png, pos + 8 + length)) {
          throw reject(file, "corrupt chunk " + typeName(type) + " at byte "
              + (pos - fileStart) + ": CRC mismatch");
        }
      }
      if (type == IDAT) {
        if (2 * idatCount + 2 > idat.length) idat = Arrays.copyOf(idat, 2 * idat.length);
        idat[2 * idatCount] = pos + 8;
        idat[2 * idatCount + 1] = length;
        idatCount++;
      } else if (type == IEND) {
        break;
      } else if (type == IHDR) {
        throw reject(file, "corrupt: a second IHDR chunk at byte " + (pos - fileStart));
      } else if (type != PLTE && (type & 0x20000000) == 0) {
        throw reject(file, "unsupported critical chunk " + typeName(type));
      }
      pos += 12 + length;
    }
    if (idatCount == 0) throw reject(file, "no image data (IDAT chunk)");
  }

  private void inflateRows(PngHeader h, LabelImage out) {
    int width = h.width();
    int height = h.height();
    int depth = h.bitDepth();
    int channels = h.channels();
    boolean rgb = h.isRgb8();
    int bitsPerPixel = depth * channels;
    // the filters' byte distance (§9.2): bytes per complete pixel, at least 1
    int bpp = Math.max(1, bitsPerPixel >>> 3);
    boolean direct = depth == 8 && channels == 1 && !h.interlaced();
    byte[] outBytes = null;
    short[] outShorts = null;
    int[] outInts = null;
    if (rgb) outInts = out.intsFor(width, height);
    else if (depth == 16) outShorts = out.shortsFor(width, height);
    else outBytes = out.bytesFor(width, height);
    long expected = expectedBytes(h);

    nextIdat = 0;
    if (rgb && !h.interlaced() && expected <= WHOLE_BYTES && inflateWholeChecked((int) expected)) {
      // segment maps are long runs: WholeInflater copies its matches in bulk, then rows are unfiltered in place
      int rowBytes = width * channels;
      int stride = rowBytes + 1;
      for (int y = 0; y < height; y++) {
        int at = y * stride;
        int filter = whole[at] & 0xFF;
        if (filter > ScanlineFilters.PAETH) {
          throw reject(file, "corrupt image data: unknown filter type " + filter + " on row " + y);
        }
        ScanlineFilters.unfilter(filter, whole, at + 1, whole, at + 1, y > 0 ? whole : null, at + 1 - stride, rowBytes,
            bpp);
        if (y == 0) emitRgb(whole, at + 1, width, channels, outInts, 0, 1);
        else emitRgbBelow(whole, at + 1, at + 1 - stride, width, channels, outInts, y * width);
      }
      return;
    }
    int[] passes = h.interlaced() ? ADAM7_X0 : SEQUENTIAL;
    for (int pass = 0; pass < passes.length; pass++) {
      int x0 = h.interlaced() ? ADAM7_X0[pass] : 0;
      int y0 = h.interlaced() ? ADAM7_Y0[pass] : 0;
      int dx = h.interlaced() ? ADAM7_DX[pass] : 1;
      int dy = h.interlaced() ? ADAM7_DY[pass] : 1;
      if (width <= x0 || height <= y0) continue;
      int passWidth = (width - x0 + dx - 1) / dx;
      int passHeight = (height - y0 + dy - 1) / dy;
      int rowBytes = (int) (((long) passWidth * bitsPerPixel + 7) >>> 3);
      int stride = rowBytes + 1;
      int rowsPerBlock = Math.max(1, Math.min(passHeight, BLOCK_BYTES / stride));
      if (block.length < rowsPerBlock * stride) block = new byte[rowsPerBlock * stride];
      if (!direct && prevRow.length < rowBytes) prevRow = new byte[rowBytes];

      for (int r0 = 0; r0 < passHeight; r0 += rowsPerBlock) {
        int rows = Math.min(rowsPerBlock, passHeight - r0);
        inflateFully(rows * stride, expected);
        for (int r = 0; r < rows; r++) {
          int y = r0 + r;
          int at = r * stride;
          int filter = block[at] & 0xFF;
          if (filter > ScanlineFilters.PAETH) {
            throw reject(file, "corrupt image data: unknown filter type " + filter + " on row " + y
                + (h.interlaced() ? " of Adam7 pass " + (pass + 1) : ""));
          }
          if (direct) {
            int d = y * width;
            ScanlineFilters.unfilter(filter, block, at + 1, outBytes, d,
                y == 0 ? null : outBytes, d - width, width, 1);
          } else {
            byte[] prev = r > 0 ? block : (r0 > 0 ? prevRow : null);
            int prevOff = r > 0 ? at + 1 - stride : 0;
            ScanlineFilters.unfilter(filter, block, at + 1, block, at + 1, prev, prevOff, rowBytes, bpp);
            int base = (y0 + y * dy) * width + x0;
            if (rgb) {
              emitRgb(block, at + 1, passWidth, channels, outInts, base, dx);
            } else if (depth == 16) {
              emit16(block, at + 1, passWidth, outShorts, base, dx);
            } else if (depth == 8) {
              emit8(block, at + 1, passWidth, outBytes, base, dx);
            } else {
              emitPacked(block, at + 1, passWidth, depth, outBytes, base, dx);
            }
          }
        }
        if (!direct) System.arraycopy(block, (rows - 1) * stride + 1, prevRow, 0, rowBytes);
      }
    }
    finishStream(h);
  }

  /** Inflates exactly {@code need} bytes into {@code block}, feeding IDAT chunks as required. */
  private void inflateFully(int need, long expected) {
    Inflater inf = inflater;
    int filled = 0;
    while (filled < need) {
      int n;
      try {
        n = inf.inflate(block, filled, need - filled);
      } catch (DataFormatException e) {
        throw new InvalidInputException(file, null, null, "corrupt image data: " + e.getMessage(), e);
      }
      filled += n;
      if (n > 0) continue;
      // finished() first: a stream that ended has also consumed its input.
      if (inf.finished()) {
        throw reject(file, "corrupt image data: the compressed stream ends after "
            + inf.getBytesWritten() + " bytes, the header needs " + expected);
      }
      if (inf.needsInput()) {
        if (nextIdat < idatCount) {
          inf.setInput(png, idat[2 * nextIdat], idat[2 * nextIdat + 1]);
          nextIdat++;
          continue;
        }
        throw reject(file, "image data is incomplete: the IDAT chunks inflate to "
            + inf.getBytesWritten() + " bytes, the header needs " + expected);
      }
      if (inf.needsDictionary()) {
        throw reject(file, "corrupt image data: the zlib stream asks for a preset dictionary");
      }
      throw reject(file, "corrupt image data: inflation stopped after " + inf.getBytesWritten()
          + " bytes");
    }
  }

  /** After the last row: lets zlib check its Adler-32 and rejects data the header has no room for. */
  private void finishStream(PngHeader h) {
    Inflater inf = inflater;
    while (!inf.finished()) {
      int n;
      try {
        n = inf.inflate(probe, 0, 1);
      } catch (DataFormatException e) {
        throw new InvalidInputException(file, null, null, "corrupt image data: " + e.getMessage(), e);
      }
      if (n > 0) {
        throw reject(file, "corrupt image data: more data than " + h.width() + "x" + h.height()
            + " pixels at bit depth " + h.bitDepth() + " need");
      }
      if (!inf.needsInput()) break;
      if (nextIdat >= idatCount) break;
      inf.setInput(png, idat[2 * nextIdat], idat[2 * nextIdat + 1]);
      nextIdat++;
    }
  }

  /** Bytes the filtered scanlines occupy (filter byte + samples per row, per Adam7 pass). */
  static long expectedBytes(PngHeader h) {
    int width = h.width();
    int height = h.height();
    long bits = (long) h.bitDepth() * h.channels();
    if (!h.interlaced()) return (long) height * (1 + ((width * bits + 7) >>> 3));
    long total = 0;
    for (int pass = 0; pass < 7; pass++) {
      if (width <= ADAM7_X0[pass] || height <= ADAM7_Y0[pass]) continue;
      long pw = (width - ADAM7_X0[pass] + ADAM7_DX[pass] - 1) / ADAM7_DX[pass];
      long ph = (height - ADAM7_Y0[pass] + ADAM7_DY[pass] - 1) / ADAM7_DY[pass];
      total += ph * (1 + ((pw * bits + 7) >>> 3));
    }
    return total;
  }

  private static void emit8(byte[] row, int off, int n, byte[] out, int base, int dx) {
    if (dx == 1) {
      System.arraycopy(row, off, out, base, n);
      return;
    }
    for (int i = 0; i < n; i++) out[base + i * dx] = row[off + i];
  }

  /** 8-bit RGB(A) samples to segment ids {@code R + 256 G + 256^2 B}; alpha skipped, as panopticapi's rgb2id. */
  private static void emitRgb(byte[] row, int off, int n, int channels, int[] out, int base, int dx) {
    int b = off;
    for (int i = 0; i < n; i++) {
      out[base + i * dx] = (row[b] & 0xFF) | ((row[b + 1] & 0xFF) << 8) | ((row[b + 2] & 0xFF) << 16);
      b += channels;
    }
  }

  /**
   * {@link #emitRgb} for a row whose reconstructed row above is {@code stride} bytes before it and
   * already emitted: where the samples repeat the row above (most of a segment map), the ids are
   * copied from the row above instead of assembled pixel by pixel.
   */
  private static void emitRgbBelow(byte[] rows, int off, int aboveOff, int n, int channels, int[] out, int base) {
    int x = 0;
    while (x < n) {
      int same = 0;
      while (x < n && same < ScanlineFilters.RUN) {
        int b = off + x * channels;
        int id = (rows[b] & 0xFF) | ((rows[b + 1] & 0xFF) << 8) | ((rows[b + 2] & 0xFF) << 16);
        out[base + x] = id;
        same = id == out[base - n + x] ? same + 1 : 0;
        x++;
      }
      if (x < n) {
        int m = Arrays.mismatch(rows, off + x * channels, off + n * channels,
            rows, aboveOff + x * channels, aboveOff + n * channels);
        int pixels = m < 0 ? n - x : m / channels;
        System.arraycopy(out, base - n + x, out, base + x, pixels);
        x += pixels;
      }
    }
  }

  private static void emit16(byte[] row, int off, int n, short[] out, int base, int dx) {
    for (int i = 0; i < n; i++) {
      int b = off + 2 * i;
      // PNG stores 16-bit samples most significant byte first (§7.1).
      out[base + i * dx] = (short) (((row[b] & 0xFF) << 8) | (row[b + 1] & 0xFF));
    }
  }

  private static void emitPacked(byte[] row, int off, int n, int depth, byte[] out, int base, int dx) {
    int mask = (1 << depth) - 1;
    for (int i = 0; i < n; i++) {
      int bit = i * depth;
      // Pixels are packed leftmost in the high-order bits (§7.2).
      int shift = 8 - depth - (bit & 7);
      out[base + i * dx] = (byte) ((row[off + (bit >>> 3)] >>> shift) & mask);
    }
  }

  private static boolean legalDepth(int colourType, int bitDepth) {
    switch (colourType) {
      case PngHeader.GRAY:
        return bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case PngHeader.PALETTE:
        return bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      case PngHeader.RGB:
      case PngHeader.GRAY_ALPHA:
      case PngHeader.RGBA:
        return bitDepth == 8 || bitDepth == 16;
      default:
        return false;
    }
  }

  private static String colourName(int colourType) {
    switch (colourType) {
      case PngHeader.RGB:
        return "RGB";
      case PngHeader.GRAY_ALPHA:
        return "gray+alpha";
      case PngHeader.RGBA:
        return "RGBA";
      default:
        return "colour type " + colourType;
    }
  }

  private static boolean isChunkType(int type) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (type >>> shift) & 0xFF;
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    }
    return true;
  }

  private static String typeName(int type) {
    if (isChunkType(type)) {
      return new String(new char[] {
          (char) (type >>> 24), (char) ((type >>> 16) & 0xFF), (char) ((type >>> 8) & 0xFF),
          (char) (type & 0xFF)});
    }
    return String.format("0x%08X", type);
  }

  private static int readInt(byte[] b, int p) {
    return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
  }

  private static InvalidInputException reject(String file, String reason) {
    return new InvalidInputException(file, null, null, reason);
  }
}
