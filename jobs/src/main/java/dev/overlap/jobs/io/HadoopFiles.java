package dev.overlap.jobs.io;

import dev.overlap.core.io.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Listing and opening input files on any Hadoop file system (local, s3a, hdfs). */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** A listed input file. */
  public record InputFile(String path, long length) implements java.io.Serializable {}

  /**
   * The files of an input: the path itself when it is a file, else every file below it, recursively,
   * sorted by path, skipping names that start with '_' or '.' (Spark's _SUCCESS, checksums).
   *
   * @param option the option that named the path, for messages ("--pred")
   */
  public static List<InputFile> list(Configuration conf, String path, String option) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (FileNotFoundException e) {
        throw new InvalidInputException(path, null, null, "does not exist (" + option + ")");
      }
      List<InputFile> out = new ArrayList<>();
      boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
      if (st.isFile()) {
        // a FIFO or a device reads as a file of length 0 here, and blocks or never ends when opened
        if (local) checkRegular(java.nio.file.Path.of(fs.makeQualified(p).toUri()), st.getPath(), option);
        out.add(new InputFile(st.getPath().toString(), st.getLen()));
        return out;
      }
      if (local) {
        // listFiles builds a LocatedFileStatus per file, for which the local file system forks a
        // shell to read permissions: seconds per thousand files. A plain walk reads no permissions.
        Path q = fs.makeQualified(p);
        java.nio.file.Path dir = java.nio.file.Path.of(q.toUri());
        java.util.Set<java.nio.file.Path> ancestors = new java.util.HashSet<>();
        ancestors.add(dir.toRealPath());
        walk(q, dir, ancestors, out, option);
      } else {
        // object stores list a whole prefix in pages, far faster than a walk
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (hidden(p, f.getPath())) continue;
          out.add(new InputFile(f.getPath().toString(), f.getLen()));
        }
      }
      out.sort((a, b) -> a.path().compareTo(b.path()));
      return out;
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(path, null, null, "cannot be read (" + option + "): " + reason(e));
    }
  }

  /**
   * A walk of a local folder that follows symbolic links (as Hadoop's listing does) but refuses a
   * link back to a folder on the current path, which would make the listing endless, and anything
   * that is neither a file nor a folder (a FIFO blocks its reader forever).
   *
   * @param ancestors real paths of the folders from the root down to {@code dir}
   */
  private static void walk(Path dirPath, java.nio.file.Path dir, java.util.Set<java.nio.file.Path> ancestors,
      List<InputFile> out, String option) throws IOException {
    try (java.nio.file.DirectoryStream<java.nio.file.Path> entries = java.nio.file.Files.newDirectoryStream(dir)) {
      for (java.nio.file.Path e : entries) {
        String n = e.getFileName().toString();
        if (n.startsWith("_") || n.startsWith(".")) continue;
        Path child = new Path(dirPath, n);
        java.nio.file.attribute.BasicFileAttributes a;
        try {
          a = java.nio.file.Files.readAttributes(e, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (java.nio.file.FileSystemException x) {
          throw new InvalidInputException(display(child.toString()), null, null, "cannot be read (" + option + "): "
              + (java.nio.file.Files.isSymbolicLink(e) ? "a symbolic link to nothing or a link loop" : x.getReason()));
        }
        if (a.isDirectory()) {
          java.nio.file.Path real = e.toRealPath();
          if (!ancestors.add(real)) {
            throw new InvalidInputException(display(child.toString()), null, null, "is a symbolic link loop: it leads"
                + " back to " + real + ", a folder above it (" + option + ")");
          }
          walk(child, e, ancestors, out, option);
          ancestors.remove(real);
        } else if (a.isRegularFile()) {
          out.add(new InputFile(child.toString(), a.size()));
        } else {
          checkRegular(e, child, option);
        }
      }
    }
  }

  /** Refuses a FIFO, socket or device, which would block or never end when read. */
  private static void checkRegular(java.nio.file.Path file, Path shown, String option) throws IOException {
    java.nio.file.attribute.BasicFileAttributes a =
        java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new InvalidInputException(display(shown.toString()), null, null, "is not a regular file (a FIFO, socket"
          + " or device would never end or block the read) (" + option + ")");
    }
  }

  private static boolean hidden(Path root, Path f) {
    for (Path q = f; q != null && !q.equals(root); q = q.getParent()) {
      String n = q.getName();
      if (n.startsWith("_") || n.startsWith(".")) return true;
    }
    return false;
  }

  /** Opens a file, decompressing by extension (.gz, .bz2, ...). */
  public static InputStream open(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FSDataInputStream in = fs.open(p);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      return codec == null ? in : codec.createInputStream(in);
    } catch (IOException e) {
      throw new InvalidInputException(path, null, null, "cannot be opened: " + reason(e));
    }
  }

  /** Opens a file positioned at {@code offset} (uncompressed files only). */
  public static FSDataInputStream openAt(Configuration conf, String path, long offset) {
    try {
      Path p = new Path(path);
      FSDataInputStream in = p.getFileSystem(conf).open(p);
      if (offset > 0) in.seek(offset);
      return in;
    } catch (IOException e) {
      throw new InvalidInputException(path, null, null, "cannot be opened: " + reason(e));
    }
  }

  /** True when the file is compressed (and so cannot be split). */
  public static boolean compressed(Configuration conf, String path) {
    return new CompressionCodecFactory(conf).getCodec(new Path(path)) != null;
  }

  /** The 1-based line number of the byte at {@code offset}: counts newlines before it (error path only). */
  public static long lineNumberAt(Configuration conf, String path, long offset) {
    try (InputStream in = openAt(conf, path, 0)) {
      byte[] buf = new byte[1 << 16];
      long line = 1;
      long pos = 0;
      while (pos < offset) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, offset - pos));
        if (n < 0) break;
        for (int i = 0; i < n; i++) if (buf[i] == '\n') line++;
        pos += n;
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** First non-whitespace byte of a file (after a UTF-8 BOM), or -1 when it has none. */
  public static int firstByte(Configuration conf, String path) {
    try (InputStream in = open(conf, path)) {
      int b;
      while ((b = in.read()) != -1) {
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) continue;
        return b;
      }
      return -1;
    } catch (IOException e) {
      throw new InvalidInputException(path, null, null, "cannot be read: " + reason(e));
    }
  }

  /** How a path is shown to users: local files without the "file:" scheme, credentials in a URI redacted. */
  public static String display(String path) {
    if (path.startsWith("file:///")) return path.substring("file://".length());
    if (path.startsWith("file:/")) return path.substring("file:".length());
    return dev.overlap.jobs.cli.Text.redact(path);
  }

  /**
   * Why a path cannot be read, in words a user acts on: object-store failures (missing bucket, no or
   * wrong credentials, unreachable endpoint) are recognised along the cause chain by class name, so
   * that this class needs no object-store client; anything else is its first message line.
   */
  private static final java.util.regex.Pattern CONNECT =
      java.util.regex.Pattern.compile("Connect to \\S+( \\[[^\\]]*\\])? failed: [^:]+");

  public static String reason(Throwable e) {
    boolean denied = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String n = t.getClass().getSimpleName();
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (n.equals("NoSuchBucketException") || m.contains("NoSuchBucket")) return "the bucket does not exist";
      if (n.equals("NoAwsCredentialsException") || n.equals("NoAuthWithAWSException")) {
        return "no AWS credentials found (give them through the AWS provider chain: environment, profile or instance"
            + " role, or the Spark conf spark.hadoop.fs.s3a.*)";
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
        java.util.regex.Matcher c = CONNECT.matcher(m);
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) deepest = deepest.getCause();
        return "cannot reach the storage endpoint: " + (c.find() ? c.group() : oneLine(deepest));
      }
      denied |= n.equals("AccessDeniedException") || m.contains("Status Code: 403");
    }
    if (denied) return "access denied (HTTP 403): check the credentials and the bucket's policy";
    return oneLine(e);
  }

  /** The first line of an exception's message (AWS and Hadoop messages can span many lines). */
  public static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
