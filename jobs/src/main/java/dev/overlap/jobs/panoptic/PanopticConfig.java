package dev.overlap.jobs.panoptic;

import dev.overlap.core.png.LabelPngDecoder;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.BootstrapOptions;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.SliceOptions;
import dev.overlap.jobs.cli.UsageException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

/**
 * The panoptic job's configuration, parsed once from the command line (and {@code --config}) and
 * validated up front; every message names the option and the bad value.
 *
 * @param gtJson COCO panoptic ground truth (annotations, categories)
 * @param gtDir folder of the ground-truth PNGs ({@code file_name} of each annotation)
 * @param predJson predictions in the same format (categories optional)
 * @param predDir folder of the predicted PNGs
 * @param maxPixels images whose header declares more pixels are rejected before decoding
 * @param alsoSemantic also score the maps as semantic segmentation (per-category IoU)
 * @param run shared run options
 * @param bootstrap bootstrap intervals ({@code --bootstrap R}), or {@link BootstrapOptions#NONE}
 * @param slices {@code --slice-by}: every metric per value of image fields (the ground truth's image records or
 *     {@code --image-attributes}), or {@link SliceOptions#NONE}
 */
public record PanopticConfig(String gtJson, String gtDir, String predJson, String predDir, long maxPixels,
    boolean alsoSemantic, RunOptions run, BootstrapOptions bootstrap, SliceOptions slices) implements Serializable {

  /** A configuration without slices. */
  public PanopticConfig(String gtJson, String gtDir, String predJson, String predDir, long maxPixels,
      boolean alsoSemantic, RunOptions run, BootstrapOptions bootstrap) {
    this(gtJson, gtDir, predJson, predDir, maxPixels, alsoSemantic, run, bootstrap, SliceOptions.NONE);
  }

  /** A configuration without intervals. */
  public PanopticConfig(String gtJson, String gtDir, String predJson, String predDir, long maxPixels,
      boolean alsoSemantic, RunOptions run) {
    this(gtJson, gtDir, predJson, predDir, maxPixels, alsoSemantic, run, BootstrapOptions.NONE);
  }

  public static final Set<String> OPTIONS;
  public static final Set<String> FLAGS;

  static {
    Set<String> o = new HashSet<>(RunOptions.OPTIONS);
    o.addAll(Set.of("gt-json", "gt-dir", "pred-json", "pred-dir", "max-pixels"));
    o.addAll(BootstrapOptions.OPTIONS);
    o.addAll(SliceOptions.OPTIONS);
    OPTIONS = Set.copyOf(o);
    Set<String> f = new HashSet<>(RunOptions.FLAGS);
    f.add("also-semantic");
    FLAGS = Set.copyOf(f);
  }

  public static final String USAGE = String.join("\n",
      "usage: overlap panoptic --gt-json GT.json --gt-dir DIR --pred-json PRED.json --pred-dir DIR --out PATH [options]",
      "  --gt-json FILE            COCO panoptic ground truth: annotations [{image_id, file_name, segments_info}],",
      "                            categories [{id, name, isthing}]",
      "  --gt-dir DIR              ground-truth PNGs (RGB: segment id = R + 256 G + 256^2 B, 0 = VOID)",
      "  --pred-json FILE          predictions in the same format (segments_info: id, category_id)",
      "  --pred-dir DIR            predicted PNGs; a prediction's PNG is DIR/<its file_name>",
      "  --out PATH                output folder (local, s3a://, hdfs://)",
      "  --also-semantic           also score the maps as semantic segmentation (per-category IoU, mIoU)",
      "  --run-id ID               run id (default: UTC timestamp)",
      "  --max-pixels N            reject a PNG whose header declares more pixels, before decoding (default 268435456)",
      "  --partitions N            tasks (default: Spark's default parallelism)",
      "  --master URL              Spark master (default local[*] when run by scripts/overlap)",
      "  --config FILE             properties file with any of these options (keys without dashes)",
      "  --top N                   per-class rows printed (default 25; 0 prints all)",
      "  --on-bad-input M          fail (default): stop at the first bad image with a one-line error;",
      "                            skip: send bad images to the 'rejects' table, finish the run, exit 3",
      "  --allow-rejects           with skip: exit 0 even when images were rejected",
      "  --fail-below LIST         regression gate: e.g. PQ=0.40; exit 4 when a metric is below",
      "  --max-drop LIST           regression gate: e.g. PQ=0.01; exit 4 when a metric dropped more since --baseline",
      "  --baseline RUN            run id to compare with, or 'previous' (default): the latest earlier run id",
      "  --significance A          with --max-drop and --bootstrap: a drop fails only when its paired (1-A)",
      "                            interval against the baseline run (same --bootstrap, --seed) excludes 0",
      BootstrapOptions.USAGE,
      SliceOptions.USAGE,
      "  --quiet, --verbose        less output / stack traces, Spark logs and step timings");

  /** Parses and validates. */
  public static PanopticConfig parse(Args a) {
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
    return new PanopticConfig(a.required("gt-json"), a.required("gt-dir"), a.required("pred-json"),
        a.required("pred-dir"), maxPixels, a.flag("also-semantic"), RunOptions.parse(a), BootstrapOptions.parse(a),
        SliceOptions.parse(a));
  }
}
