package dev.overlap.core.io;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole COCO files into memory, for the core library API and tests. The Spark job streams the
 * same readers record by record instead.
 */
public final class CocoFiles {
  private CocoFiles() {}

  /** Reads a COCO instances file (images, annotations, categories). */
  public static CocoGroundTruth readGroundTruth(Path file, boolean readSegmentation) {
    try (InputStream in = Files.newInputStream(file)) {
      return readGroundTruth(in, file.toString(), readSegmentation);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a COCO instances document from a stream. */
  public static CocoGroundTruth readGroundTruth(InputStream in, String fileName, boolean readSegmentation) {
    return readGroundTruth(in, fileName, readSegmentation, false);
  }

  /** Reads a COCO-like ground truth with what {@code iouType} needs: boxes, masks or {@code box3d} boxes. */
  public static CocoGroundTruth readGroundTruth(InputStream in, String fileName, dev.overlap.core.coco.IouType iouType) {
    return readGroundTruth(in, fileName, iouType == dev.overlap.core.coco.IouType.SEGM, iouType.isBox3d());
  }

  private static CocoGroundTruth readGroundTruth(InputStream in, String fileName, boolean readSegmentation,
      boolean readBox3d) {
    List<Image> images = new ArrayList<>();
    List<Category> categories = new ArrayList<>();
    List<GtAnnotation> annotations = new ArrayList<>();
    try (CocoGroundTruthReader r = new CocoGroundTruthReader(in, fileName, readSegmentation).readBox3d(readBox3d)) {
      CocoRecord rec;
      while ((rec = r.next()) != null) {
        if (rec instanceof Image im) images.add(im);
        else if (rec instanceof Category c) categories.add(c);
        else annotations.add((GtAnnotation) rec);
      }
    }
    return new CocoGroundTruth(images, categories, annotations);
  }

  /** Reads a results file: a JSON array, or JSON Lines (one result object per line). */
  public static List<Detection> readResults(Path file, boolean readSegmentation) {
    try (InputStream in = Files.newInputStream(file)) {
      return readResults(in, file.toString(), readSegmentation);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads results from a stream: a JSON array (seq = index in the array) or JSON Lines (seq = line
   * index; blank lines skipped).
   */
  public static List<Detection> readResults(InputStream raw, String fileName, boolean readSegmentation) {
    return readResults(raw, fileName, readSegmentation, false);
  }

  /** Reads results with what {@code iouType} needs: boxes, masks or {@code box3d} boxes. */
  public static List<Detection> readResults(InputStream raw, String fileName, dev.overlap.core.coco.IouType iouType) {
    return readResults(raw, fileName, iouType == dev.overlap.core.coco.IouType.SEGM, iouType.isBox3d());
  }

  private static List<Detection> readResults(InputStream raw, String fileName, boolean readSegmentation,
      boolean readBox3d) {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    List<Detection> out = new ArrayList<>();
    try {
      if (startsWithArray(in)) {
        try (CocoResultsReader r = new CocoResultsReader(in, fileName, readSegmentation).readBox3d(readBox3d)) {
          Detection d;
          while ((d = r.next()) != null) out.add(d);
        }
        return out;
      }
      byte[] line = new byte[4096];
      long lineNumber = 0;
      int n = 0;
      int b;
      while (true) {
        b = in.read();
        if (b == '\n' || b == -1) {
          lineNumber++;
          if (!isBlank(line, n)) {
            out.add(CocoResultsReader.parseLine(line, 0, n, fileName, lineNumber, lineNumber - 1, readSegmentation,
                readBox3d));
          }
          n = 0;
          if (b == -1) break;
          continue;
        }
        if (n == line.length) {
          // one endless line (a small gzip can inflate to GBs) must not take the heap with it
          if (n >= dev.overlap.core.json.JsonReader.MAX_TOKEN_BYTES) {
            throw new InvalidInputException(fileName, "line " + (lineNumber + 1), null, "longer than "
                + (dev.overlap.core.json.JsonReader.MAX_TOKEN_BYTES >> 20) + " MiB (the largest record read)");
          }
          line = Arrays.copyOf(line, n * 2);
        }
        line[n++] = (byte) b;
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(fileName + ": " + e.getMessage(), e);
    }
  }

  /** True when the first non-whitespace byte (after an optional UTF-8 BOM) is '['. */
  static boolean startsWithArray(BufferedInputStream in) throws IOException {
    in.mark(1 << 16);
    try {
      int b;
      int i = 0;
      while ((b = in.read()) != -1 && i++ < (1 << 16) - 1) {
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) continue;
        return b == '[';
      }
      return false;
    } finally {
      in.reset();
    }
  }

  static boolean isBlank(byte[] line, int n) {
    for (int i = 0; i < n; i++) {
      byte c = line[i];
      if (c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
  }
}
