package dev.overlap.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes deterministic semantic-segmentation pairs shaped like Cityscapes validation label maps:
 * 8-bit grayscale PNGs (default 2048x1024) holding train ids 0..18 and 255 = ignore. A street scene
 * is drawn from shapes (sky, buildings with jagged roof lines, vegetation, road and sidewalks, cars,
 * people, and thin structures: 3-8 px poles, 2-3 px fence rails, small signs), so the maps are
 * blocky with long runs and compress like real label maps (tens of KB, not megabytes). The
 * prediction re-draws the same scene with every shape moved by a few pixels, some labels confused,
 * some thin structures missed or fattened, and blocky noise; it has no ignore pixels. The ground
 * truth marks the ego vehicle and a few void patches as 255.
 *
 * <p>Pair {@code i} draws from its own stream of the seed, so pairs are written in parallel and are
 * the same bytes on every run.
 *
 * <pre>
 * java -cp overlap-bench.jar dev.overlap.bench.SemsegSetGenerator --pairs 500 --seed 1 --out DIR \
 *     [--width 2048] [--height 1024]
 * </pre>
 * writes {@code DIR/gt/img_00000.png ...}, {@code DIR/pred/img_00000.png ...} and {@code DIR/meta.properties}.
 */
public final class SemsegSetGenerator {
  /** Bumped whenever the output changes, so cached sets are regenerated. */
  public static final int VERSION = 2;
  /** Number of classes (train ids 0..18). */
  public static final int NUM_CLASSES = 19;
  /** The ignore label of the ground truth. */
  public static final int IGNORE = 255;

  private static final int ROAD = 0, SIDEWALK = 1, BUILDING = 2, WALL = 3, FENCE = 4, POLE = 5, LIGHT = 6, SIGN = 7,
      VEGETATION = 8, TERRAIN = 9, SKY = 10, PERSON = 11, RIDER = 12, CAR = 13, TRUCK = 14, BUS = 15, TRAIN = 16,
      MOTORCYCLE = 17, BICYCLE = 18;

  private final int width;
  private final int height;
  private final long seed;

  public SemsegSetGenerator(int width, int height, long seed) {
    if (width < 64 || height < 64) throw new IllegalArgumentException("image size must be at least 64x64");
    this.width = width;
    this.height = height;
    this.seed = seed;
  }

  /**
   * A filled shape: a rectangle {@code [x0, x1) x [y0, y1)} whose top edge may be jagged
   * ({@code top[x - x0]} replaces {@code y0} per column when not null).
   */
  private record Shape(int label, int x0, int y0, int x1, int y1, int[] top, boolean thin) {}

  /** The scene of pair {@code i}: shapes in drawing order (later shapes cover earlier ones). */
  List<Shape> scene(int i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L);
    int w = width, h = height;
    List<Shape> s = new ArrayList<>();
    int horizon = (int) (h * (0.38 + 0.12 * r.nextDouble()));
    s.add(new Shape(SKY, 0, 0, w, horizon, null, false));
    // buildings and walls along the horizon, jagged roof lines
    for (int x = 0; x < w; ) {
      int bw = 80 + r.nextInt(400);
      int top = (int) (horizon * (0.05 + 0.8 * r.nextDouble()));
      int label = r.nextDouble() < 0.85 ? BUILDING : WALL;
      s.add(new Shape(label, x, top, Math.min(w, x + bw), horizon + 20, jagged(r, bw, top, 6), false));
      x += bw + (r.nextDouble() < 0.3 ? 40 + r.nextInt(200) : 0);
    }
    for (int k = 0, n = 2 + r.nextInt(5); k < n; k++) {
      int vw = 100 + r.nextInt(500);
      int x = r.nextInt(w);
      int top = (int) (horizon * (0.2 + 0.7 * r.nextDouble()));
      s.add(new Shape(VEGETATION, x, top, Math.min(w, x + vw), horizon + 40, jagged(r, Math.min(w, x + vw) - x, top, 25),
          false));
    }
    // ground: sidewalk, road (a trapezoid drawn as row bands), terrain patches
    s.add(new Shape(SIDEWALK, 0, horizon, w, h, null, false));
    int bands = 16;
    for (int b = 0; b < bands; b++) {
      int y0 = horizon + (h - horizon) * b / bands;
      int y1 = horizon + (h - horizon) * (b + 1) / bands;
      double f = (b + 0.5) / bands;
      int half = (int) (w * (0.08 + 0.42 * f));
      s.add(new Shape(ROAD, w / 2 - half, y0, w / 2 + half, y1, null, false));
    }
    for (int k = 0, n = r.nextInt(3); k < n; k++) {
      int x = r.nextDouble() < 0.5 ? 0 : w - 300;
      int y = horizon + r.nextInt(Math.max(1, (h - horizon) / 2));
      s.add(new Shape(TERRAIN, x, y, x + 150 + r.nextInt(150), y + 40 + r.nextInt(120), null, false));
    }
    // fences: thin rails
    for (int k = 0, n = r.nextInt(3); k < n; k++) {
      int x = r.nextInt(w - 200);
      int len = 150 + r.nextInt(500);
      int y = horizon + r.nextInt(60);
      for (int rail = 0; rail < 3; rail++) {
        s.add(new Shape(FENCE, x, y + rail * 18, Math.min(w, x + len), y + rail * 18 + 2 + r.nextInt(2), null, true));
      }
    }
    // vehicles and people on the ground, farther ones smaller
    for (int k = 0, n = 3 + r.nextInt(10); k < n; k++) {
      double depth = r.nextDouble();
      int y1 = horizon + (int) ((h - horizon) * (0.1 + 0.85 * depth));
      int cw = (int) (60 + 500 * depth * (0.6 + 0.4 * r.nextDouble()));
      int ch = (int) (cw * (0.5 + 0.3 * r.nextDouble()));
      int x = r.nextInt(Math.max(1, w - cw));
      double u = r.nextDouble();
      int label = u < 0.8 ? CAR : u < 0.88 ? TRUCK : u < 0.94 ? BUS : u < 0.97 ? TRAIN : MOTORCYCLE;
      s.add(new Shape(label, x, Math.max(0, y1 - ch), x + cw, y1, null, false));
    }
    for (int k = 0, n = r.nextInt(12); k < n; k++) {
      double depth = r.nextDouble();
      int y1 = horizon + (int) ((h - horizon) * (0.05 + 0.9 * depth));
      int ph = (int) (40 + 300 * depth);
      int pw = Math.max(4, ph / 3);
      int x = r.nextInt(w - pw);
      double u = r.nextDouble();
      int label = u < 0.8 ? PERSON : u < 0.9 ? RIDER : BICYCLE;
      s.add(new Shape(label, x, Math.max(0, y1 - ph), x + pw, y1, null, false));
    }
    // poles with signs and lights: the thin structures that make boundaries hard
    for (int k = 0, n = 2 + r.nextInt(8); k < n; k++) {
      int x = r.nextInt(w - 10);
      int pw = 3 + r.nextInt(6);
      int top = (int) (horizon * (0.1 + 0.6 * r.nextDouble()));
      int bottom = horizon + r.nextInt(Math.max(1, (h - horizon) / 2));
      s.add(new Shape(POLE, x, top, x + pw, bottom, null, true));
      if (r.nextDouble() < 0.6) {
        int sw = 12 + r.nextInt(30);
        s.add(new Shape(r.nextDouble() < 0.6 ? SIGN : LIGHT, x - sw / 2, top, x + sw / 2 + pw, top + sw, null, true));
      }
    }
    return s;
  }

  /** Draws the ground truth (with ignore regions) or the prediction (perturbed, no ignore) of pair {@code i}. */
  byte[] draw(int i, boolean prediction) {
    List<Shape> shapes = scene(i);
    SplittableRandom r = new SplittableRandom(seed * 0x94D049BB133111EBL + i * 0x9E3779B97F4A7C15L + 7);
    byte[] px = new byte[width * height];
    for (Shape sh : shapes) {
      int label = sh.label();
      int dx = 0, dy = 0, grow = 0;
      if (prediction) {
        dx = (int) Math.round(3 * gaussian(r));
        dy = (int) Math.round(3 * gaussian(r));
        grow = sh.thin() ? r.nextInt(4) : 0; // thin structures come out fatter
        double u = r.nextDouble();
        if (sh.thin() && u < 0.2) continue; // missed
        if (u > 0.93) label = confused(label, r);
      }
      fill(px, sh, label, dx, dy, grow);
    }
    if (prediction) {
      // blocky noise: 16x16 patches of a wrong class, ~1% of the image
      int patches = width * height / 256 / 100;
      for (int k = 0; k < patches; k++) {
        int x = r.nextInt(width / 16) * 16;
        int y = r.nextInt(height / 16) * 16;
        int label = r.nextInt(NUM_CLASSES);
        fill(px, new Shape(label, x, y, x + 16, y + 16, null, false), label, 0, 0, 0);
      }
    } else {
      // ego vehicle at the bottom and a few void patches
      int ego = (int) (height * 0.9);
      int[] top = new int[width];
      for (int x = 0; x < width; x++) {
        double t = (x - width / 2.0) / (width / 2.0);
        top[x] = ego + (int) (height * 0.06 * t * t);
      }
      fill(px, new Shape(IGNORE, 0, ego, width, height, top, false), IGNORE, 0, 0, 0);
      for (int k = 0, n = r.nextInt(4); k < n; k++) {
        int x = r.nextInt(width - 100);
        int y = r.nextInt(height - 100);
        fill(px, new Shape(IGNORE, x, y, x + 20 + r.nextInt(80), y + 20 + r.nextInt(80), null, false), IGNORE, 0, 0, 0);
      }
    }
    return px;
  }

  private void fill(byte[] px, Shape s, int label, int dx, int dy, int grow) {
    int x0 = Math.max(0, s.x0() + dx - grow);
    int x1 = Math.min(width, s.x1() + dx + grow);
    int y1 = Math.min(height, s.y1() + dy);
    byte v = (byte) label;
    for (int x = x0; x < x1; x++) {
      int col = x - dx - s.x0();
      int[] t = s.top();
      int top = t != null && t.length > 0 ? t[Math.max(0, Math.min(t.length - 1, col))] : s.y0();
      int y0 = Math.max(0, top + dy);
      for (int y = y0; y < y1; y++) px[y * width + x] = v;
    }
  }

  private static int[] jagged(SplittableRandom r, int n, int top, int step) {
    int[] t = new int[Math.max(0, n)];
    int y = top;
    for (int x = 0; x < t.length; x++) {
      if (x % 8 == 0) y = Math.max(0, y + r.nextInt(2 * step + 1) - step);
      t[x] = y;
    }
    return t;
  }

  /** A plausible confusion: vehicles among themselves, flat classes among themselves, else any class. */
  private static int confused(int label, SplittableRandom r) {
    switch (label) {
      case CAR: return r.nextBoolean() ? TRUCK : BUS;
      case TRUCK: case BUS: case TRAIN: return CAR;
      case ROAD: return SIDEWALK;
      case SIDEWALK: return r.nextBoolean() ? ROAD : TERRAIN;
      case PERSON: return RIDER;
      case BUILDING: return r.nextBoolean() ? WALL : VEGETATION;
      case VEGETATION: return TERRAIN;
      default: return r.nextInt(NUM_CLASSES);
    }
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * Encodes label pixels as an 8-bit grayscale PNG with zlib level 6, the level Pillow writes (the
   * issue's baseline decodes Pillow-written maps): javax.imageio maps quality q to level (1 - q) * 9.
   */
  byte[] png(byte[] px) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(px, 0, data, 0, px.length);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.33f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  void writePng(byte[] px, Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, png(px));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The ground-truth (or prediction) PNG of pair {@code i}, in memory. */
  public byte[] pngBytes(int i, boolean prediction) {
    return png(draw(i, prediction));
  }

  /** Command line: see the class documentation. */
  public static void main(String[] args) throws Exception {
    Cli cli = Cli.parse(args, "pairs", "seed", "out", "width", "height");
    int pairs = cli.intValue("pairs", -1);
    SemsegSetGenerator gen = new SemsegSetGenerator(cli.intValue("width", 2048), cli.intValue("height", 1024),
        cli.longValue("seed", 1));
    Path out = Path.of(cli.required("out"));
    Files.createDirectories(out.resolve("gt"));
    Files.createDirectories(out.resolve("pred"));
    long t0 = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        int pair = i;
        done.add(pool.submit(() -> {
          String name = String.format(Locale.ROOT, "img_%05d.png", pair);
          for (String dir : new String[] {"gt", "pred"}) {
            Path f = out.resolve(dir).resolve(name);
            if (!Files.exists(f)) gen.writePng(gen.draw(pair, dir.equals("pred")), f);
            try {
              bytes.addAndGet(Files.size(f));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
    Files.writeString(out.resolve("meta.properties"), String.format(Locale.ROOT,
        "generator=SemsegSetGenerator v%d%nseed=%d%npairs=%d%nwidth=%d%nheight=%d%nnum_classes=%d%nignore_label=%d%nbytes=%d%n",
        VERSION, cli.longValue("seed", 1), pairs, gen.width, gen.height, NUM_CLASSES, IGNORE, bytes.get()));
    System.err.printf(Locale.ROOT, "wrote %d pairs of %dx%d label maps to %s (%.1f MB) in %.1f s%n", pairs, gen.width,
        gen.height, out, bytes.get() / 1e6, (System.nanoTime() - t0) / 1e9);
  }
}
