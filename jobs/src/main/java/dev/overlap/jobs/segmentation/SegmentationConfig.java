package dev.overlap.jobs.segmentation;

import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.core.semseg.ConfusionCounter;
import dev.overlap.core.semseg.SemsegBootstrap;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The segmentation job's configuration, parsed once from the command line (and {@code --config})
 * and validated up front; every message names the option and the bad value.
 *
 * @param gt ground-truth label maps: a folder of PNGs, or Parquet (image_id, png)
 * @param pred predicted label maps, in the same forms
 * @param gtFormat auto, png or parquet
 * @param predFormat auto, png or parquet
 * @param gtSuffix PNG folders: the file-name ending stripped from ground-truth files to form the image id
 * @param predSuffix the same for prediction files
 * @param numClasses K: class ids are 0 .. K-1
 * @param classNames names by class id (null entries where none is given), length K
 * @param classesFile the {@code --classes} file, or null
 * @param ignoreLabel ground-truth label whose pixels are not counted, or -1 for none
 * @param excludedFromHeadline class ids left out of the signal-class mIoU (sorted, unique)
 * @param maxPixels images whose header declares more pixels are rejected before decoding
 * @param run shared run options
 * @param bootstrap bootstrap intervals ({@code --bootstrap R}), or {@link BootstrapOptions#NONE}
 * @param boundary boundary metrics ({@code --boundary}), or null when not asked for
 * @param slices {@code --slice-by} with {@code --image-attributes}: every metric per value of image attributes, or
 *     {@link SliceOptions#NONE}
 */
public record SegmentationConfig(String gt, String pred, String gtFormat, String predFormat, String gtSuffix,
    String predSuffix, int numClasses, String[] classNames, String classesFile, int ignoreLabel,
    int[] excludedFromHeadline, long maxPixels, RunOptions run, BootstrapOptions bootstrap, BoundaryOptions boundary,
    SliceOptions slices)
    implements Serializable {

  /** A configuration without slices. */
  public SegmentationConfig(String gt, String pred, String gtFormat, String predFormat, String gtSuffix,
      String predSuffix, int numClasses, String[] classNames, String classesFile, int ignoreLabel,
      int[] excludedFromHeadline, long maxPixels, RunOptions run, BootstrapOptions bootstrap, BoundaryOptions boundary) {
    this(gt, pred, gtFormat, predFormat, gtSuffix, predSuffix, numClasses, classNames, classesFile, ignoreLabel,
        excludedFromHeadline, maxPixels, run, bootstrap, boundary, SliceOptions.NONE);
  }

  public static final Set<String> OPTIONS;
  public static final Set<String> FLAGS;

  static {
    Set<String> o = new HashSet<>(RunOptions.OPTIONS);
    o.addAll(BootstrapOptions.OPTIONS);
    o.addAll(SliceOptions.OPTIONS);
    o.addAll(Set.of("gt", "pred", "num-classes", "classes", "ignore-label", "exclude-from-headline", "max-pixels",
        "gt-format", "pred-format", "gt-suffix", "pred-suffix", "dilation-ratio", "spacing"));
    OPTIONS = Set.copyOf(o);
    Set<String> f = new HashSet<>(RunOptions.FLAGS);
    f.add("boundary");
    FLAGS = Set.copyOf(f);
  }

  public static final String USAGE = String.join("\n",
      "usage: overlap segmentation --gt PATH --pred PATH --num-classes K --out PATH [options]",
      "  --gt PATH                 ground-truth label maps: a folder of single-channel PNGs (8/16-bit gray or",
      "                            palette; pixel = class id), or Parquet with columns image_id, png (binary)",
      "  --pred PATH               predicted label maps, in either form; PNGs pair with ground truth by relative",
      "                            path without the suffix, Parquet rows by image_id",
      "  --num-classes K           class ids are 0..K-1 (default: the largest id in --classes + 1)",
      "  --classes FILE            class names: CSV (id,name) or JSON, e.g. conf/classes/cityscapes.csv",
      "  --ignore-label L          ground-truth label not counted: 0..65535, at least K (default 255), or none",
      "  --exclude-from-headline L class ids left out of the signal-class mIoU, e.g. 0 (background)",
      "  --out PATH                output folder (local, s3a://, hdfs://)",
      "  --run-id ID               run id (default: UTC timestamp)",
      "  --boundary                also boundary IoU per class (mBoundaryIoU) and HD95 / HD / ASSD per class",
      "  --dilation-ratio R        with --boundary: band width as a fraction of the image diagonal (default 0.02)",
      "  --spacing SX,SY           with --boundary: pixel width and height for distances (default 1,1)",
      "  --max-pixels N            reject a PNG whose header declares more pixels, before decoding (default 268435456)",
      "  --gt-format F             auto (default: parquet when the path holds .parquet files), png, parquet",
      "  --pred-format F           the same for --pred",
      "  --gt-suffix S             PNG folders: file-name ending stripped to form the image id (default .png),",
      "                            e.g. _gtFine_labelTrainIds.png; other files are not read",
      "  --pred-suffix S           the same for --pred, e.g. _leftImg8bit.png",
      "  --partitions N            tasks (default: Spark's default parallelism, or one per 64 MB of input if more)",
      "  --master URL              Spark master (default local[*] when run by scripts/overlap)",
      "  --config FILE             properties file with any of these options (keys without dashes)",
      "  --top N                   per-class rows printed (default 25; 0 prints all)",
      "  --on-bad-input M          fail (default): stop at the first bad pair with a one-line error;",
      "                            skip: send bad pairs to the 'rejects' table, finish the run, exit 3",
      "  --allow-rejects           with skip: exit 0 even when pairs were rejected",
      "  --fail-below LIST         regression gate: e.g. mIoU=0.70; exit 4 when a metric is below",
      "  --max-drop LIST           regression gate: e.g. mIoU=0.01; exit 4 when a metric dropped more since --baseline",
      "  --baseline RUN            run id to compare with, or 'previous' (default): the latest earlier run id",
      "  --significance A          with --max-drop and --bootstrap: a drop fails only when its paired (1-A)",
      "                            interval against the baseline run (same --bootstrap, --seed) excludes 0",
      BootstrapOptions.USAGE,
      SliceOptions.USAGE.replace("from the\n                       ground truth's image records, or from --image-attributes",
          "from\n                       --image-attributes (keyed by the image ids of per_image)"),
      "  --quiet, --verbose        less output / stack traces, Spark logs and step timings");

  /** Parses and validates; reads the {@code --classes} file (a local file). */
  public static SegmentationConfig parse(Args a) {
    String classesFile = a.get("classes", null);
    TreeMap<Integer, String> names = classesFile == null ? null : ClassNames.read(Path.of(classesFile));
    int k;
    if (a.has("num-classes")) {
      k = a.intValue("num-classes", 0, 1);
      if (k > ConfusionCounter.MAX_CLASSES) {
        throw new UsageException("--num-classes: at most " + ConfusionCounter.MAX_CLASSES + ", got " + k);
      }
    } else if (names != null) {
      k = names.lastKey() + 1;
      if (k > ConfusionCounter.MAX_CLASSES) {
        throw new UsageException("--classes " + classesFile + ": class id " + names.lastKey() + " needs more than "
            + ConfusionCounter.MAX_CLASSES + " classes");
      }
    } else {
      throw new UsageException("--num-classes is required (or --classes FILE naming every class id)");
    }
    String[] classNames = names == null ? new String[k] : ClassNames.forClasses(names, k, classesFile);

    int ignore = ignoreLabel(a.get("ignore-label", "255"), k, !a.has("ignore-label"));
    int[] excluded = a.ints("exclude-from-headline", new int[0]);
    for (int c : excluded) {
      if (c < 0 || c >= k) {
        throw new UsageException("--exclude-from-headline: " + c + " is not a class id (0.." + (k - 1) + ")");
      }
    }
    excluded = Arrays.stream(excluded).distinct().sorted().toArray();
    if (excluded.length == k) {
      throw new UsageException("--exclude-from-headline: excludes every class; the signal-class mIoU would be empty");
    }

    long maxPixels = LabelPngDecoder.DEFAULT_MAX_PIXELS;
    if (a.has("max-pixels")) {
      String v = a.get("max-pixels", "");
      try {
        maxPixels = Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--max-pixels: expected an integer, got \"" + v + "\"");
      }
      if (maxPixels < 1 || maxPixels > LabelPngDecoder.MAX_ARRAY_PIXELS) {
        throw new UsageException("--max-pixels: must be in 1.." + LabelPngDecoder.MAX_ARRAY_PIXELS + ", got " + maxPixels);
      }
    }
    String gtFormat = a.choice("gt-format", "auto", "auto", "png", "parquet");
    String predFormat = a.choice("pred-format", "auto", "auto", "png", "parquet");
    String gtSuffix = suffix(a, "gt-suffix");
    String predSuffix = suffix(a, "pred-suffix");
    BootstrapOptions bootstrap = BootstrapOptions.parse(a);
    long counts = (long) bootstrap.replicates() * k * k;
    if (counts > SemsegBootstrap.MAX_COUNTS) {
      throw new UsageException("--bootstrap " + bootstrap.replicates() + " with " + k + " classes needs " + counts
          + " counts per task, more than " + SemsegBootstrap.MAX_COUNTS + "; use at most "
          + SemsegBootstrap.MAX_COUNTS / ((long) k * k) + " replicates");
    }
    SliceOptions slices = SliceOptions.parse(a);
    if (slices.enabled() && slices.attributes() == null) {
      throw new UsageException("--slice-by: label maps carry no image records; give the fields with --image-attributes"
          + " FILE (CSV or Parquet keyed by image_id, the ids of the per_image table)");
    }
    return new SegmentationConfig(a.required("gt"), a.required("pred"), gtFormat, predFormat, gtSuffix, predSuffix, k,
        classNames, classesFile, ignore, excluded, maxPixels, RunOptions.parse(a), bootstrap, BoundaryOptions.parse(a),
        slices);
  }

  private static int ignoreLabel(String v, int k, boolean isDefault) {
    if (v.trim().equalsIgnoreCase("none")) return -1;
    int ignore;
    try {
      ignore = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--ignore-label: expected a label 0.." + ConfusionCounter.MAX_LABEL + " or none, got \""
          + v + "\"");
    }
    if (ignore < 0 || ignore > ConfusionCounter.MAX_LABEL) {
      throw new UsageException("--ignore-label: expected a label 0.." + ConfusionCounter.MAX_LABEL + " or none, got "
          + ignore);
    }
    if (ignore < k) {
      // A class id that is also skipped would score a class without ever counting its ground truth.
      throw new UsageException("--ignore-label " + ignore + (isDefault ? " (the default)" : "") + " is a class id (0.."
          + (k - 1) + "); use a label >= " + k + " or none");
    }
    return ignore;
  }

  private static String suffix(Args a, String name) {
    String s = a.get(name, ".png");
    if (s.isEmpty() || s.contains("/")) {
      throw new UsageException("--" + name + ": expected a file-name ending such as .png, got \"" + s + "\"");
    }
    return s;
  }

  /** The name of class {@code c}, or its id when the classes file names none. */
  public String displayName(int c) {
    return classNames[c] != null ? classNames[c] : Integer.toString(c);
  }

  /** Whether class {@code c} counts towards the signal-class mIoU. */
  public boolean isSignal(int c) {
    return Arrays.binarySearch(excludedFromHeadline, c) < 0;
  }
}
