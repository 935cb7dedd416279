package dev.overlap.jobs.detection;

import dev.overlap.core.coco.ImageEvaluator;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import java.io.Serializable;
import java.util.List;

/**
 * Turns a detection's {@code seq} back into a place a user can find: "file: record N" for a JSON
 * array, "file: line N" for JSON Lines, "file: row N" for Parquet. A seq is
 * {@code fileIndex << 40 | position}, position being the record index, the line's byte offset, or
 * the Parquet row index; so seq order is file order, then order within the file.
 */
public final class PredLocator implements ImageEvaluator.DetectionNamer, Serializable {
  private static final long serialVersionUID = 1L;

  public static final int POSITION_BITS = 40;
  public static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

  public enum Kind { ARRAY, LINES, PARQUET }

  private final List<String> files;
  private final List<Kind> kinds;
  private final HadoopConf conf;

  public PredLocator(List<String> files, List<Kind> kinds, HadoopConf conf) {
    this.files = List.copyOf(files);
    this.kinds = List.copyOf(kinds);
    this.conf = conf;
  }

  public static long seq(int fileIndex, long position) {
    return ((long) fileIndex << POSITION_BITS) | position;
  }

  public String file(long seq) {
    return files.get((int) (seq >>> POSITION_BITS));
  }

  @Override
  public String name(long seq) {
    return displayFile(seq) + ": " + recordLabel(seq);
  }

  /** The file of a detection, as shown to users. */
  public String displayFile(long seq) {
    return HadoopFiles.display(files.get((int) (seq >>> POSITION_BITS)));
  }

  /** "record N", "line N" (counted on demand: error path only) or "row N". */
  public String recordLabel(long seq) {
    int f = (int) (seq >>> POSITION_BITS);
    long p = seq & POSITION_MASK;
    switch (kinds.get(f)) {
      case ARRAY:
        return "record " + p;
      case LINES:
        return "line " + HadoopFiles.lineNumberAt(conf.get(), files.get(f), p);
      default:
        return "row " + p;
    }
  }

  public int numFiles() {
    return files.size();
  }
}
