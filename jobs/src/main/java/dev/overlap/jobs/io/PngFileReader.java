package dev.overlap.jobs.io;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.png.PngHeader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads PNG files on an executor into reusable buffers, header first: the caller's check of the
 * header (colour type, --max-pixels) runs before the rest is read, and a file far larger than its
 * header allows is refused unread. Shared by the segmentation and panoptic jobs. One per task;
 * not thread-safe.
 */
public final class PngFileReader {
  /** Bytes before a PNG's IHDR data ends: signature, IHDR length + type, 13 data bytes, CRC. */
  public static final int HEADER_BYTES = 33;

  private static final int OPEN_BUFFER = 4096;

  /** Checks a PNG's header before its body is read; throws to refuse the file. */
  @FunctionalInterface
  public interface HeaderCheck {
    PngHeader check(byte[] png, int len, String name);
  }

  private final HadoopConf conf;
  private final Map<String, FileSystem> fileSystems = new HashMap<>();
  private int length;
  private PngHeader header;

  public PngFileReader(HadoopConf conf) {
    this.conf = conf;
  }

  /** Bytes of the file last read. */
  public int length() {
    return length;
  }

  /** Header of the file last read. */
  public PngHeader header() {
    return header;
  }

  /**
   * The most bytes a PNG of this header can reasonably take: deflate expands incompressible data by
   * well under 1 %, so twice the filtered scanlines plus 16 MiB of ancillary chunks is generous for
   * any real file, and keeps a huge file with a small header from being read into memory.
   */
  public static long maxFileBytes(PngHeader h) {
    long rowBytes = 1 + (((long) h.width() * h.bitDepth() * h.channels() + 7) >>> 3);
    // Adam7 adds at most a filter byte and a partial byte per pass row: bounded by 8 per row.
    long raw = (long) h.height() * (rowBytes + 8);
    return Math.min(LabelPngDecoder.MAX_ARRAY_PIXELS, 2 * raw + (16L << 20));
  }

  /**
   * Reads a PNG file into {@code buf} (grown as needed and returned; its length in {@link #length()},
   * its header in {@link #header()}). Local files are read without Hadoop (see {@link #open}).
   *
   * @param listedLength the length the file had when listed
   * @throws InvalidInputException naming the file when it cannot be read, fails {@code check}, or is too large
   */
  public byte[] read(String path, String name, long listedLength, byte[] buf, HeaderCheck check) {
    Path p = new Path(path);
    try (InputStream in = open(p)) {
      int n = readUpTo(in, buf, 0, HEADER_BYTES);
      PngHeader h = check.check(buf, n, name);
      header = h;
      long limit = maxFileBytes(h);
      if (listedLength > limit) throw tooLarge(name, listedLength, h, limit);
      // one byte beyond the listed length, so that a file that grew since it was listed is noticed in the same read
      if (buf.length < listedLength + 1) buf = Arrays.copyOf(buf, (int) Math.min(limit + 1, listedLength + 1));
      while (true) {
        n = readUpTo(in, buf, n, buf.length - n);
        if (n < buf.length) {
          length = n;
          return buf;
        }
        if (n > limit) throw tooLarge(name, n, h, limit);
        buf = Arrays.copyOf(buf, (int) Math.min(limit + 1, 2L * buf.length));
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(name, null, null, "cannot be read: no such file");
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(name, null, null, "cannot be read: permission denied");
    } catch (FileSystemException e) {
      String why = e.getReason() != null ? e.getReason() : HadoopFiles.oneLine(e);
      throw new InvalidInputException(name, null, null, "cannot be read: " + why);
    } catch (IOException e) {
      throw new InvalidInputException(name, null, null, "cannot be read: " + HadoopFiles.oneLine(e));
    }
  }

  /**
   * A stream over the file. Local files are read with java.nio directly: Hadoop's local file system
   * costs ~50 us more per file (its path and status objects, a buffered stream; 4 s of CPU per 80,000
   * maps), and its checksum layer would look for a .crc file beside every map (PNG chunks carry their
   * own CRC-32). Other file systems get a small stream buffer: the body is read in one large read,
   * which passes it by, where the default (Spark sets 64 KiB) was allocated and zeroed per file.
   */
  private InputStream open(Path p) throws IOException {
    URI u = p.toUri();
    if ("file".equals(u.getScheme()) && u.getAuthority() == null) {
      return Files.newInputStream(java.nio.file.Path.of(u.getPath()));
    }
    return fileSystem(p).open(p, OPEN_BUFFER);
  }

  /** The file system of a path, looked up once per scheme and authority; the raw one for local files. */
  private FileSystem fileSystem(Path p) throws IOException {
    URI u = p.toUri();
    String key = u.getScheme() + "://" + u.getAuthority();
    FileSystem fs = fileSystems.get(key);
    if (fs == null) {
      fs = p.getFileSystem(conf.get());
      if (fs instanceof LocalFileSystem local) fs = local.getRawFileSystem();
      fileSystems.put(key, fs);
    }
    return fs;
  }

  /** Reads until {@code want} bytes are at {@code buf[off..]} or the stream ends; the new fill level. */
  private static int readUpTo(InputStream in, byte[] buf, int off, int want) throws IOException {
    int n = off;
    int end = off + want;
    while (n < end) {
      int r = in.read(buf, n, end - n);
      if (r < 0) break;
      n += r;
    }
    return n;
  }

  private static InvalidInputException tooLarge(String name, long bytes, PngHeader h, long limit) {
    return new InvalidInputException(name, null, null, "file is " + bytes + " bytes, more than a " + h.width() + "x"
        + h.height() + " " + h.bitDepth() + "-bit PNG can need (" + limit + "); not read");
  }
}
