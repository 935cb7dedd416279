package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.coco.Suppression;
import dev.overlap.core.geometry.SoftNms;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

/**
 * The detection job's configuration, parsed once from the command line (and {@code --config}) and
 * validated up front.
 *
 * @param gt ground truth: a COCO instances JSON file, or a Parquet folder with images/, annotations/, categories/
 * @param pred predictions: a results JSON array, JSON Lines, or Parquet (a file or a folder of files)
 * @param gtFormat auto, json or parquet
 * @param predFormat auto, json, jsonl or parquet
 * @param params COCO evaluation parameters
 * @param splitBytes size of the pieces JSON inputs are read in, in parallel: JSON Lines byte ranges, stretches of
 *     a results array or of the ground truth's images and annotations
 * @param run shared run options
 * @param bootstrap bootstrap intervals ({@code --bootstrap R}), or {@link BootstrapOptions#NONE}
 * @param diagnostics VOC protocol and confusion matrix ({@link Diagnostics})
 * @param imageIdStrings {@code --img-ids} as written (see {@link #imageIdStrings()})
 * @param suppression NMS or Soft-NMS applied per image and category before matching ({@code --nms},
 *     {@code --soft-nms}), or null
 * @param kptSigmas keypoints: a JSON file of per-keypoint OKS sigmas per category ({@code --kpt-sigmas}), or null
 *     for COCO's 17
 * @param slices {@code --slice-by}: every metric per value of image fields, or {@link SliceOptions#NONE}
 */
public record DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
    long splitBytes, RunOptions run, BootstrapOptions bootstrap, Diagnostics diagnostics, String[] imageIdStrings,
    Suppression suppression, String kptSigmas, SliceOptions slices)
    implements Serializable {

  /** A configuration without slices. */
  public DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
      long splitBytes, RunOptions run, BootstrapOptions bootstrap, Diagnostics diagnostics, String[] imageIdStrings,
      Suppression suppression, String kptSigmas) {
    this(gt, pred, gtFormat, predFormat, params, splitBytes, run, bootstrap, diagnostics, imageIdStrings, suppression,
        kptSigmas, SliceOptions.NONE);
  }

  /** A configuration without diagnostics or suppression. */
  public DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
      long splitBytes, RunOptions run, BootstrapOptions bootstrap) {
    this(gt, pred, gtFormat, predFormat, params, splitBytes, run, bootstrap, Diagnostics.NONE, null, null, null);
  }

  /** A configuration whose {@code --img-ids} (if any) are numbers only, without suppression or a sigmas file. */
  public DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
      long splitBytes, RunOptions run, BootstrapOptions bootstrap, Diagnostics diagnostics) {
    this(gt, pred, gtFormat, predFormat, params, splitBytes, run, bootstrap, diagnostics, null, null, null);
  }

  /** A configuration without a sigmas file. */
  public DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
      long splitBytes, RunOptions run, BootstrapOptions bootstrap, Diagnostics diagnostics,
      String[] imageIdStrings, Suppression suppression) {
    this(gt, pred, gtFormat, predFormat, params, splitBytes, run, bootstrap, diagnostics, imageIdStrings, suppression, null);
  }

  /** A keypoints configuration: numeric {@code --img-ids}, no suppression. */
  public DetectionConfig(String gt, String pred, String gtFormat, String predFormat, CocoParams params,
      long splitBytes, RunOptions run, BootstrapOptions bootstrap, Diagnostics diagnostics,
      String kptSigmas) {
    this(gt, pred, gtFormat, predFormat, params, splitBytes, run, bootstrap, diagnostics, null, null, kptSigmas);
  }

  /** Whether the LVIS federated protocol is asked ({@code --protocol lvis}). */
  public boolean lvis() {
    return params.federated();
  }

  /**
   * {@code --img-ids} as written, for a ground truth with string image ids (the job maps them to keys once
   * it has read the ids); null without the option. When a value is not an integer, {@code params()} selects
   * no image until then.
   */
  public String[] imageIdStrings() {
    return imageIdStrings == null ? null : imageIdStrings.clone();
  }

  public static final Set<String> OPTIONS;
  public static final Set<String> FLAGS;

  static {
    Set<String> o = new HashSet<>(RunOptions.OPTIONS);
    o.addAll(BootstrapOptions.OPTIONS);
    o.addAll(SliceOptions.OPTIONS);
    o.addAll(Set.of("gt", "pred", "iou-type", "gt-format", "pred-format", "segm-area", "iou-thrs", "rec-thrs",
        "max-dets", "area-rng", "use-cats", "img-ids", "cat-ids", "split-mb", "kpt-sigmas", "dilation-ratio", "nms",
        "soft-nms", "soft-nms-sigma", "soft-nms-nt"));
    o.addAll(Diagnostics.OPTIONS); // --protocol among them: voc07 / voc12 there, coco / lvis here
    OPTIONS = Set.copyOf(o);
    Set<String> f = new HashSet<>(RunOptions.FLAGS);
    f.addAll(Diagnostics.FLAGS);
    FLAGS = Set.copyOf(f);
  }

  public static final String USAGE = String.join("\n",
      "usage: overlap detection --gt PATH --pred PATH --out PATH [options]",
      "  --gt PATH            COCO instances JSON, or a Parquet folder (images/, annotations/, categories/)",
      "  --pred PATH          COCO results: JSON array, JSON Lines, or Parquet; a file or a folder",
      "  --iou-type T         bbox (default), segm, boundary (Boundary AP: min(mask IoU, boundary IoU)), keypoints",
      "                       (OKS, pycocotools: maxDets 20, areas all/medium/large), bev or 3d (box3d [cx, cy,",
      "                       cz, l, w, h, yaw]: bird's-eye-view or 3D IoU of yaw-rotated boxes; IoU thresholds",
      "                       0.25,0.5, maxDets 100, one area range)",
      "  --dilation-ratio R   boundary: band width as a fraction of the image diagonal, in (0, 1] (default 0.02)",
      "  --protocol P         coco (default) or lvis (lvis-api federated evaluation: 300 results per image,",
      "                       neg / not-exhaustive categories, APr / APc / APf by category frequency)",
      "  --kpt-sigmas FILE    keypoints: JSON {\"<category id>\": [sigma per keypoint], \"default\": [...]}",
      "                       (default: COCO's 17 person-keypoint sigmas for every category)",
      "  --out PATH           output folder (local, s3a://, hdfs://)",
      "  --run-id ID          run id (default: UTC timestamp)",
      "  --segm-area A        segm: size detections by 'mask' area (default, Detectron2) or 'bbox' (pycocotools loadRes)",
      "  --iou-thrs LIST      IoU thresholds, e.g. 0.5,0.75 (default numpy linspace(.5,.95,10))",
      "  --rec-thrs N|LIST    number of recall thresholds (default 101: linspace(0,1,101)), or the",
      "                       thresholds themselves, ascending, e.g. 0.25,0.5,0.75",
      "  --max-dets LIST      e.g. 1,10,100 (default); the last is the largest",
      "  --area-rng LIST      e.g. all=0:1e10,small=0:1024,medium=1024:9216,large=9216:1e10",
      "  --use-cats B         true (default) or false (pool all categories)",
      "  --img-ids LIST       evaluate only these image ids (numbers, or the strings of a ground truth whose",
      "                       image ids are strings)",
      "  --cat-ids LIST       evaluate only these category ids",
      Diagnostics.USAGE,
      "  --nms T              NMS per image and category before matching (torchvision: suppress when IoU > T)",
      "  --soft-nms M         Soft-NMS per image and category before matching: linear or gaussian",
      "  --soft-nms-sigma S   gaussian decay exp(-o^2 / S) (default 0.5)",
      "  --soft-nms-nt T      linear: decay by 1 - o when o > T (default 0.3)",
      "  --gt-format F        auto (default), json, parquet",
      "  --pred-format F      auto (default), json, jsonl, parquet",
      "  --partitions N       tasks for the per-image evaluation (default: one per 96 MB of input files,",
      "                       rounded up to a multiple of Spark's default parallelism)",
      "  --split-mb N         largest piece JSON inputs are read in, in parallel (default 64): byte ranges",
      "                       of JSON Lines, stretches of a results array and of the ground truth's images",
      "                       and annotations (decimals allowed); a file is cut evenly, into a multiple of the",
      "                       cores (one piece per core at least, for files over 16 MB)",
      "  --master URL         Spark master (default local[*] when run by scripts/overlap)",
      "  --config FILE        properties file with any of these options (keys without dashes)",
      "  --top N              per-class rows printed (default 25; 0 prints all)",
      "  --on-bad-input M     fail (default): stop at the first bad record with a one-line error;",
      "                       skip: send bad records to the 'rejects' table, finish the run, exit 3",
      "  --allow-rejects      with skip: exit 0 even when records were rejected",
      "  --fail-below LIST    regression gate: e.g. AP=0.40,AP50=0.6; exit 4 when a metric is below",
      "  --max-drop LIST      regression gate: e.g. AP=0.01; exit 4 when a metric dropped more since --baseline",
      "  --baseline RUN       run id to compare with, or 'previous' (default): the latest earlier run id",
      "  --significance A     with --max-drop and --bootstrap: a drop fails only when its paired (1-A)",
      "                       interval against the baseline run (same --bootstrap, --seed) excludes 0",
      BootstrapOptions.USAGE,
      SliceOptions.USAGE,
      "  --quiet              print the headline lines only, no progress lines",
      "  --verbose            stack traces, step timings and Spark's own logs");

  public static DetectionConfig parse(Args a) {
    IouType type;
    try {
      type = IouType.parse(a.get("iou-type", "bbox"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--iou-type: expected bbox, segm, boundary, keypoints, bev or 3d, got \"" + a.get("iou-type", "") + "\"");
    }
    // --protocol coco | lvis here; voc07 | voc12 are Diagnostics'
    boolean lvis = a.get("protocol", "coco").equalsIgnoreCase("lvis");
    if (lvis && type == IouType.KEYPOINTS) {
      throw new UsageException("--protocol lvis evaluates --iou-type bbox or segm, not keypoints");
    }
    if (a.has("kpt-sigmas") && type != IouType.KEYPOINTS) {
      throw new UsageException("--kpt-sigmas applies to --iou-type keypoints only");
    }
    CocoParams.Builder b = lvis ? dev.overlap.core.lvis.LvisParams.builder(type) : CocoParams.builder(type);
    String segmArea = a.choice("segm-area", "mask", "mask", "bbox");
    if (segmArea.equals("bbox") && type != IouType.SEGM) {
      throw new UsageException("--segm-area applies to --iou-type segm only");
    }
    b.segmAreaFromBox(segmArea.equals("bbox"));
    if (a.has("dilation-ratio")) {
      if (type != IouType.BOUNDARY) throw new UsageException("--dilation-ratio applies to --iou-type boundary only");
      b.dilationRatio(dilationRatio(a.get("dilation-ratio", "")));
    }
    if (a.has("iou-thrs")) b.iouThresholds(a.doubles("iou-thrs", null));
    if (a.has("rec-thrs")) b.recallThresholds(recallThresholds(a.get("rec-thrs", "")));
    if (a.has("max-dets")) b.maxDets(a.ints("max-dets", null));
    if (a.has("area-rng")) parseAreaRanges(a.get("area-rng", ""), b);
    String useCats = a.choice("use-cats", "true", "true", "false", "1", "0");
    b.useCats(useCats.equals("true") || useCats.equals("1"));
    String[] idStrings = null;
    if (a.has("img-ids")) {
      idStrings = a.get("img-ids", "").split(",");
      for (int i = 0; i < idStrings.length; i++) idStrings[i] = idStrings[i].trim();
      long[] numeric;
      try {
        numeric = a.longs("img-ids");
      } catch (UsageException e) {
        numeric = new long[0]; // string ids: mapped to their keys once the ground truth is scanned
      }
      b.imageIds(numeric);
    }
    b.categoryIds(a.longs("cat-ids"));
    CocoParams params;
    try {
      params = b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String gtFormat = a.choice("gt-format", "auto", "auto", "json", "parquet");
    String predFormat = a.choice("pred-format", "auto", "auto", "json", "jsonl", "parquet");
    double[] mb = a.doubles("split-mb", new double[] {64});
    if (mb.length != 1 || !(mb[0] > 0) || mb[0] > 1 << 20) {
      throw new UsageException("--split-mb: expected one size in MB above 0 (decimals allowed), got \"" + a.get("split-mb", "") + "\"");
    }
    long split = Math.max(1, Math.round(mb[0] * (1 << 20)));
    if ((lvis || type == IouType.KEYPOINTS) && (gtFormat.equals("parquet") || predFormat.equals("parquet"))) {
      throw new UsageException((lvis ? "--protocol lvis" : "--iou-type keypoints") + " reads COCO JSON / JSON Lines inputs;"
          + " Parquet inputs carry no " + (lvis ? "LVIS image lists" : "keypoints"));
    }
    BootstrapOptions bootstrap = BootstrapOptions.parse(a);
    Diagnostics diagnostics = Diagnostics.parse(a, type);
    SliceOptions slices = SliceOptions.parse(a);
    return new DetectionConfig(a.required("gt"), a.required("pred"), gtFormat, predFormat, params, split,
        RunOptions.parse(a), bootstrap, diagnostics, idStrings, suppression(a),
        a.has("kpt-sigmas") ? a.get("kpt-sigmas", null) : null, slices);
  }

  /**
   * {@code --rec-thrs}: an integer n is {@code linspace(0, 1, n)} (pycocotools' own construction);
   * anything with a point or a comma is the list of thresholds itself, used exactly as written
   * (e.g. {@code 0.25,0.5,0.75}, or {@code 0.5} alone).
   */
  static double[] recallThresholds(String v) {
    String s = v.trim();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      int n;
      try {
        n = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new UsageException("--rec-thrs: " + s + " thresholds are too many");
      }
      if (n < 2) throw new UsageException("--rec-thrs: a count must be at least 2, got " + n + " (write 1.0 for one threshold at 1)");
      return CocoParams.linspace(0.0, 1.0, n);
    }
    String[] parts = s.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--rec-thrs: \"" + parts[i].trim() + "\" is not a number (expected a count, e.g. 101, or a"
            + " list, e.g. 0.25,0.5,0.75)");
      }
      if (!(out[i] >= 0 && out[i] <= 1)) throw new UsageException("--rec-thrs: " + parts[i].trim() + " is not in [0, 1]");
      if (i > 0 && !(out[i] > out[i - 1])) {
        throw new UsageException("--rec-thrs: thresholds must be strictly ascending, got " + parts[i - 1].trim() + " then "
            + parts[i].trim());
      }
    }
    return out;
  }

  /** {@code --dilation-ratio}: one number in (0, 1]. */
  static double dilationRatio(String v) {
    double r;
    try {
      r = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      r = Double.NaN;
    }
    if (!(r > 0 && r <= 1)) {
      throw new UsageException("--dilation-ratio: expected a number in (0, 1], got \"" + v + "\"");
    }
    return r;
  }

  /** {@code --nms T} or {@code --soft-nms M [--soft-nms-sigma S] [--soft-nms-nt T]}, or null. */
  static Suppression suppression(Args a) {
    if (a.has("nms") && a.has("soft-nms")) throw new UsageException("--nms and --soft-nms exclude each other: give one");
    if (!a.has("soft-nms") && (a.has("soft-nms-sigma") || a.has("soft-nms-nt"))) {
      throw new UsageException("--soft-nms-sigma and --soft-nms-nt need --soft-nms linear|gaussian");
    }
    if (a.has("nms")) {
      double t = one(a, "nms", Double.NaN);
      if (!(t >= 0 && t <= 1)) throw new UsageException("--nms: expected an IoU threshold in [0, 1], got \"" + a.get("nms", "") + "\"");
      return Suppression.nms(t);
    }
    if (!a.has("soft-nms")) return null;
    String m = a.choice("soft-nms", "gaussian", "linear", "gaussian");
    double sigma = one(a, "soft-nms-sigma", SoftNms.DEFAULT_SIGMA);
    double nt = one(a, "soft-nms-nt", SoftNms.DEFAULT_NT);
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new UsageException("--soft-nms-sigma: expected a number above 0, got \"" + a.get("soft-nms-sigma", "") + "\"");
    }
    if (!(nt >= 0 && nt <= 1)) {
      throw new UsageException("--soft-nms-nt: expected an IoU threshold in [0, 1], got \"" + a.get("soft-nms-nt", "") + "\"");
    }
    return Suppression.softNms(SoftNms.Method.parse(m), nt, sigma);
  }

  private static double one(Args a, String name, double dflt) {
    double[] v = a.doubles(name, new double[] {dflt});
    if (v.length != 1) throw new UsageException("--" + name + ": expected one number, got \"" + a.get(name, "") + "\"");
    return v[0];
  }

  private static void parseAreaRanges(String v, CocoParams.Builder b) {
    String[] parts = v.split(",");
    double[][] ranges = new double[parts.length][];
    String[] labels = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      int colon = p.indexOf(':', eq + 1);
      if (eq <= 0 || colon < 0) {
        throw new UsageException("--area-rng: \"" + p + "\" must look like label=lo:hi, e.g. small=0:1024");
      }
      labels[i] = p.substring(0, eq).trim();
      if (!labels[i].matches("[A-Za-z][A-Za-z0-9_]*") || labels[i].equals("s") || labels[i].equals("m")
          || labels[i].equals("l")) {
        throw new UsageException("--area-rng: label \"" + labels[i] + "\" must be a letter then letters, digits or _,"
            + " and not s, m or l (it names the keys AP" + labels[i] + " and AR" + labels[i] + ")");
      }
      for (int j = 0; j < i; j++) {
        if (labels[j].equals(labels[i])) throw new UsageException("--area-rng: label \"" + labels[i] + "\" appears twice");
      }
      try {
        ranges[i] = new double[] {Double.parseDouble(p.substring(eq + 1, colon)), Double.parseDouble(p.substring(colon + 1))};
      } catch (NumberFormatException e) {
        throw new UsageException("--area-rng: \"" + p + "\" has a bound that is not a number");
      }
    }
    b.areaRanges(ranges, labels);
  }
}
