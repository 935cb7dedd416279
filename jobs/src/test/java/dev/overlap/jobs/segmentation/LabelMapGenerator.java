package dev.overlap.jobs.segmentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates street-scene-like label-map pairs for benchmarks and tests: Cityscapes' 19 train ids
 * (0 road .. 18 bicycle) plus the ignore label 255 (ego vehicle, image border, unlabeled patches)
 * in the ground truth. Scenes are drawn from shapes: a sky / road / sidewalk layout, blocky regions
 * (buildings, walls, vehicles, people) and thin structures (poles 3-7 px wide, fences, traffic
 * lights and signs on poles). The prediction redraws the same shapes moved by a few pixels,
 * resized, sometimes with a confusable class (car and truck, terrain and vegetation, rider and
 * person), sometimes missed, with fattened poles and a few false-positive blobs; it never holds 255.
 *
 * <p>Seeded and deterministic: image {@code i} of seed {@code s} is the same on every machine and
 * thread count. PNGs are 8-bit grayscale, filter None, zlib level 6 by default (as Pillow writes
 * them).
 *
 * <pre>
 * java -cp jobs/target/test-classes dev.overlap.jobs.segmentation.LabelMapGenerator OUT \
 *     [--images 500] [--width 2048] [--height 1024] [--seed 1] [--level 6] [--threads N]
 * </pre>
 * writes {@code OUT/gt/img_00000.png ...} and {@code OUT/pred/img_00000.png ...}.
 */
public final class LabelMapGenerator {
  public static final int NUM_CLASSES = 19;
  public static final int IGNORE = 255;

  static final int ROAD = 0;
  static final int SIDEWALK = 1;
  static final int BUILDING = 2;
  static final int WALL = 3;
  static final int FENCE = 4;
  static final int POLE = 5;
  static final int LIGHT = 6;
  static final int SIGN = 7;
  static final int VEGETATION = 8;
  static final int TERRAIN = 9;
  static final int SKY = 10;
  static final int PERSON = 11;
  static final int RIDER = 12;
  static final int CAR = 13;
  static final int TRUCK = 14;
  static final int BUS = 15;
  static final int TRAIN = 16;
  static final int MOTORCYCLE = 17;
  static final int BICYCLE = 18;

  /** The class a prediction may confuse each class with, and how often. */
  private static final int[] CONFUSED_WITH = {-1, -1, -1, BUILDING, WALL, -1, SIGN, LIGHT, TERRAIN, VEGETATION, -1,
      RIDER, PERSON, TRUCK, CAR, TRUCK, BUS, BICYCLE, MOTORCYCLE};
  private static final double[] CONFUSION_RATE = {0, 0, 0, .3, .2, 0, .1, .1, .05, .3, 0, .05, .3, .1, .3, .2, .5, .4,
      .2};

  private static final int RECT = 0;
  private static final int ELLIPSE = 1;
  private static final int TRAPEZOID = 2;

  /**
   * A filled shape: a rectangle {@code [x0, x1) x [y0, y1)}, an ellipse inscribed in it, or a
   * trapezoid whose row span runs linearly from {@code [x0, x1)} at {@code y0} to {@code [x2, x3)} at
   * {@code y1}.
   */
  record Shape(int kind, int cls, int x0, int y0, int x1, int y1, int x2, int x3, boolean small) {}

  private LabelMapGenerator() {}

  /** The ground truth and the prediction of image {@code index}: {@code {gt, pred}}, row-major labels. */
  public static byte[][] pair(long seed, int index, int width, int height) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    List<Shape> scene = scene(rnd, width, height);
    byte[] gt = new byte[width * height];
    byte[] pred = new byte[width * height];
    for (Shape s : scene) draw(s, gt, width, height);
    for (Shape s : predicted(scene, rnd, width, height)) draw(s, pred, width, height);
    return new byte[][] {gt, pred};
  }

  static List<Shape> scene(SplittableRandom rnd, int w, int h) {
    List<Shape> s = new ArrayList<>();
    int horizon = (int) (h * (0.35 + 0.15 * rnd.nextDouble()));
    int cx = w / 2 + (int) ((rnd.nextDouble() - 0.5) * 0.2 * w);
    s.add(rect(SKY, 0, 0, w, horizon));
    s.add(rect(SIDEWALK, 0, horizon, w, h));
    int buildings = 6 + rnd.nextInt(8);
    for (int i = 0, x = 0; i < buildings && x < w; i++) {
      int bw = w / buildings + rnd.nextInt(Math.max(1, w / (2 * buildings)));
      int top = (int) (h * 0.03) + rnd.nextInt(Math.max(1, horizon - (int) (h * 0.1)));
      s.add(rect(rnd.nextDouble() < 0.15 ? WALL : BUILDING, x, top, x + bw, horizon + h / 40));
      x += bw;
    }
    for (int i = 0, n = 4 + rnd.nextInt(10); i < n; i++) {
      int ex = rnd.nextInt(w);
      int ey = horizon - rnd.nextInt(Math.max(1, horizon / 2));
      int rx = w / 40 + rnd.nextInt(w / 12);
      int ry = h / 30 + rnd.nextInt(h / 8);
      s.add(new Shape(ELLIPSE, VEGETATION, ex - rx, ey - ry, ex + rx, ey + ry, 0, 0, false));
    }
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      int tx = rnd.nextBoolean() ? rnd.nextInt(w / 5) : w - w / 5 + rnd.nextInt(w / 5);
      int ty = horizon + rnd.nextInt(Math.max(1, (h - horizon) / 2));
      s.add(rect(TERRAIN, tx, ty, tx + w / 20 + rnd.nextInt(w / 8), ty + h / 30 + rnd.nextInt(h / 10)));
    }
    // road: narrow at the horizon, wide at the bottom
    int top = w / 30 + rnd.nextInt(w / 20);
    int bottom = (int) (w * (0.45 + 0.25 * rnd.nextDouble()));
    s.add(new Shape(TRAPEZOID, ROAD, cx - top, horizon, cx + top, h, cx - bottom, cx + bottom, false));
    int fenceY = horizon + rnd.nextInt(Math.max(1, h / 20));
    s.add(rect(FENCE, 0, fenceY, cx - top - w / 10, fenceY + 6 + rnd.nextInt(16)));
    for (int i = 0, n = 8 + rnd.nextInt(14); i < n; i++) {
      int px = rnd.nextInt(w);
      int pw = 3 + rnd.nextInt(5);
      int py0 = horizon - h / 20 - rnd.nextInt(Math.max(1, horizon / 2));
      int py1 = horizon + h / 40 + rnd.nextInt(h / 6);
      s.add(new Shape(RECT, POLE, px, py0, px + pw, py1, 0, 0, true));
      if (rnd.nextDouble() < 0.5) {
        int cls = rnd.nextBoolean() ? LIGHT : SIGN;
        int bw = cls == LIGHT ? 8 + rnd.nextInt(8) : 14 + rnd.nextInt(16);
        int bh = cls == LIGHT ? 20 + rnd.nextInt(20) : 14 + rnd.nextInt(16);
        s.add(new Shape(RECT, cls, px - bw / 2, py0, px - bw / 2 + bw, py0 + bh, 0, 0, true));
      }
    }
    for (int i = 0, n = 6 + rnd.nextInt(18); i < n; i++) {
      double r = rnd.nextDouble();
      int cls = r < 0.8 ? CAR : r < 0.9 ? TRUCK : r < 0.97 ? BUS : TRAIN;
      int y1 = horizon + h / 30 + rnd.nextInt(Math.max(1, h - horizon - h / 30));
      double scale = (y1 - horizon) / (double) (h - horizon);
      // sizes relative to the image, so that a small image is the same scene at a lower resolution
      int vw = (int) (w * ((cls == CAR ? 0.025 : 0.045) + scale * (cls == CAR ? 0.15 : 0.22) * (0.7 + 0.6 * rnd.nextDouble())));
      int vh = (int) (vw * (cls == CAR ? 0.55 : 0.8));
      int vx = cx + (int) ((rnd.nextDouble() - 0.5) * 2 * (top + scale * (bottom - top))) - vw / 2;
      s.add(new Shape(RECT, cls, vx, y1 - vh, vx + vw, y1, 0, 0, false));
    }
    for (int i = 0, n = 4 + rnd.nextInt(20); i < n; i++) {
      int y1 = horizon + rnd.nextInt(Math.max(1, h - horizon));
      double scale = 0.3 + (y1 - horizon) / (double) (h - horizon);
      int pw = (int) (w * (0.006 + 0.015 * scale));
      int ph = (int) (h * (0.04 + 0.12 * scale));
      int px = rnd.nextBoolean() ? rnd.nextInt(Math.max(1, cx - top)) : cx + top + rnd.nextInt(Math.max(1, w - cx - top));
      boolean rider = rnd.nextDouble() < 0.2;
      s.add(new Shape(ELLIPSE, rider ? RIDER : PERSON, px, y1 - ph, px + pw, y1 - (rider ? ph / 3 : 0), 0, 0, true));
      if (rider) {
        int cls = rnd.nextBoolean() ? BICYCLE : MOTORCYCLE;
        s.add(new Shape(RECT, cls, px - pw / 2, y1 - ph / 3, px + pw + pw / 2, y1, 0, 0, true));
      }
    }
    // never labelled: the ego vehicle, the image border, a few unlabeled patches
    s.add(new Shape(ELLIPSE, IGNORE, w / 2 - (int) (w * 0.45), h - h / 10, w / 2 + (int) (w * 0.45), h + h / 10, 0, 0,
        false));
    for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
      int ux = rnd.nextInt(w);
      int uy = rnd.nextInt(h);
      s.add(rect(IGNORE, ux, uy, ux + 10 + rnd.nextInt(80), uy + 10 + rnd.nextInt(60)));
    }
    s.add(rect(IGNORE, 0, 0, w, 2));
    s.add(rect(IGNORE, 0, h - 2, w, h));
    s.add(rect(IGNORE, 0, 0, 2, h));
    s.add(rect(IGNORE, w - 2, 0, w, h));
    return s;
  }

  /** The prediction's shapes: moved, resized, sometimes confused or missed; thin ones fattened; never 255. */
  static List<Shape> predicted(List<Shape> scene, SplittableRandom rnd, int w, int h) {
    List<Shape> out = new ArrayList<>(scene.size() + 16);
    int dyLayout = rnd.nextInt(9) - 4;
    for (Shape s : scene) {
      if (s.cls() == IGNORE) continue;
      if (s.small() && rnd.nextDouble() < 0.12) continue;
      int cls = s.cls();
      if (CONFUSED_WITH[cls] >= 0 && rnd.nextDouble() < CONFUSION_RATE[cls]) cls = CONFUSED_WITH[cls];
      int j = s.small() ? 3 : 6;
      int dx = rnd.nextInt(2 * j + 1) - j;
      int dy = s.kind() == TRAPEZOID || cls == SKY || cls == SIDEWALK ? dyLayout : rnd.nextInt(2 * j + 1) - j;
      int grow = cls == POLE ? 1 + rnd.nextInt(3) : (int) ((s.x1() - s.x0()) * 0.08 * (rnd.nextDouble() - 0.5));
      out.add(new Shape(s.kind(), cls, s.x0() + dx - grow, s.y0() + dy, s.x1() + dx + grow, s.y1() + dy,
          s.x2() + dx - grow, s.x3() + dx + grow, s.small()));
    }
    for (int i = 0, n = 3 + rnd.nextInt(10); i < n; i++) {
      int bx = rnd.nextInt(w);
      int by = rnd.nextInt(h);
      int r = 5 + rnd.nextInt(40);
      out.add(new Shape(ELLIPSE, rnd.nextInt(NUM_CLASSES), bx - r, by - r, bx + r, by + r, 0, 0, true));
    }
    return out;
  }

  private static Shape rect(int cls, int x0, int y0, int x1, int y1) {
    return new Shape(RECT, cls, x0, y0, x1, y1, 0, 0, false);
  }

  /** Paints a shape row by row, clipped to the image. */
  static void draw(Shape s, byte[] m, int w, int h) {
    byte v = (byte) s.cls();
    int ya = Math.max(0, s.y0());
    int yb = Math.min(h, s.y1());
    for (int y = ya; y < yb; y++) {
      int xa;
      int xb;
      if (s.kind() == RECT) {
        xa = s.x0();
        xb = s.x1();
      } else if (s.kind() == ELLIPSE) {
        double cy = (s.y0() + s.y1()) / 2.0;
        double ry = (s.y1() - s.y0()) / 2.0;
        double rx = (s.x1() - s.x0()) / 2.0;
        double t = (y + 0.5 - cy) / ry;
        if (t * t >= 1) continue;
        double half = rx * Math.sqrt(1 - t * t);
        double cx = (s.x0() + s.x1()) / 2.0;
        xa = (int) Math.round(cx - half);
        xb = (int) Math.round(cx + half);
      } else {
        double f = (y - s.y0()) / (double) Math.max(1, s.y1() - s.y0());
        xa = (int) Math.round(s.x0() + f * (s.x2() - s.x0()));
        xb = (int) Math.round(s.x1() + f * (s.x3() - s.x1()));
      }
      xa = Math.max(0, xa);
      xb = Math.min(w, xb);
      if (xa < xb) Arrays.fill(m, y * w + xa, y * w + xb, v);
    }
  }

  /** Writes {@code images} pairs under {@code out/gt} and {@code out/pred}; returns the bytes written. */
  public static long write(Path out, int images, int width, int height, long seed, int level, int threads)
      throws IOException {
    Path gt = Files.createDirectories(out.resolve("gt"));
    Path pred = Files.createDirectories(out.resolve("pred"));
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        int index = i;
        done.add(pool.submit(() -> {
          byte[][] p = pair(seed, index, width, height);
          String name = String.format(Locale.ROOT, "img_%05d.png", index);
          byte[] g = PngWriter.gray8(width, height, p[0], level);
          byte[] q = PngWriter.gray8(width, height, p[1], level);
          try {
            Files.write(gt.resolve(name), g);
            Files.write(pred.resolve(name), q);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          bytes.addAndGet(g.length + q.length);
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdown();
    }
    return bytes.get();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].startsWith("--")) {
      System.err.println("usage: LabelMapGenerator OUT [--images 500] [--width 2048] [--height 1024] [--seed 1]"
          + " [--level 6] [--threads N]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int images = 500;
    int width = 2048;
    int height = 1024;
    long seed = 1;
    int level = 6;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 1; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--images" -> images = Integer.parseInt(v);
        case "--width" -> width = Integer.parseInt(v);
        case "--height" -> height = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--level" -> level = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long t0 = System.nanoTime();
    long bytes = write(out, images, width, height, seed, level, threads);
    System.out.printf(Locale.ROOT, "wrote %d pairs of %dx%d label maps (%.1f MB) to %s/{gt,pred} in %.1f s%n", images,
        width, height, bytes / 1e6, out, (System.nanoTime() - t0) / 1e9);
  }
}
