package dev.overlap.core.mask;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Slow, obviously-correct pixel helpers and random masks for the mask tests. */
final class MaskFixtures {
  private MaskFixtures() {}

  /** A random column-major mask: a few filled rectangles plus salt noise, or all empty / all full. */
  static byte[] randomPixels(SplittableRandom random, int h, int w) {
    byte[] mask = new byte[h * w];
    int kind = random.nextInt(12);
    if (kind == 0) {
      return mask;
    }
    if (kind == 1) {
      Arrays.fill(mask, (byte) 1);
      return mask;
    }
    int rects = random.nextInt(0, 4);
    for (int r = 0; r < rects; r++) {
      int x0 = random.nextInt(w);
      int y0 = random.nextInt(h);
      int x1 = random.nextInt(x0, w) + 1;
      int y1 = random.nextInt(y0, h) + 1;
      for (int x = x0; x < x1; x++) {
        for (int y = y0; y < y1; y++) {
          mask[x * h + y] = 1;
        }
      }
    }
    double noise = kind < 5 ? 0.0 : random.nextDouble() * 0.3;
    for (int i = 0; i < mask.length; i++) {
      if (random.nextDouble() < noise) {
        mask[i] ^= 1;
      }
    }
    return mask;
  }

  /** Canonical counts of a column-major mask, computed the plain way. */
  static int[] countsOf(byte[] mask) {
    List<Integer> runs = new ArrayList<>();
    int value = 0;
    int run = 0;
    for (byte b : mask) {
      int v = b != 0 ? 1 : 0;
      if (v != value) {
        runs.add(run);
        run = 0;
        value = v;
      }
      run++;
    }
    runs.add(run);
    return runs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Pixels of counts, the plain way. */
  static byte[] pixelsOf(int[] counts, int size) {
    byte[] mask = new byte[size];
    int p = 0;
    for (int j = 0; j < counts.length; j++) {
      for (int k = 0; k < counts[j]; k++) {
        mask[p++] = (byte) (j & 1);
      }
    }
    if (p != size) {
      throw new IllegalStateException("counts cover " + p + " pixels, expected " + size);
    }
    return mask;
  }

  /**
   * The same pixels with pairs of empty runs inserted at random run boundaries (two toggles cancel),
   * and possibly an empty first run of ones after a leading empty run: a non-canonical encoding.
   */
  static int[] withEmptyRuns(SplittableRandom random, int[] counts) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < counts.length; j++) {
      out.add(counts[j]);
      if (random.nextInt(3) == 0) {
        out.add(0);
        out.add(0);
      }
    }
    if (random.nextInt(4) == 0) {
      out.add(0, 0);
      out.add(0, 0);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Reads a test resource of this package as lines, without '#' comment lines. */
  static List<String> resourceLines(String name) {
    try (InputStream in = MaskFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("#") && !line.isEmpty()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a test resource of this package as one string. */
  static String resourceText(String name) {
    return String.join("\n", resourceLines(name));
  }

  /** Polygon parts written as {@code x1,y1,x2,y2;x1,y1,...}. */
  static double[][] parseParts(String text) {
    String[] parts = text.split(";");
    double[][] polygons = new double[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      String[] values = parts[i].split(",");
      polygons[i] = new double[values.length];
      for (int j = 0; j < values.length; j++) {
        polygons[i][j] = Double.parseDouble(values[j]);
      }
    }
    return polygons;
  }
}
