package dev.overlap.jobs.detection;

import dev.overlap.core.coco.CocoParams;
import dev.overlap.core.coco.IouType;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.keypoints.KeypointSigmas;
import dev.overlap.core.lvis.FrequencyGroups;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import java.util.Arrays;
import java.util.List;

/**
 * The driver's part of the keypoint and LVIS protocols, once the ground truth's categories are read: the OKS
 * sigmas of every category and how keypoint results are sized (keypoints), the frequency groups (LVIS).
 */
final class ProtocolSetup {
  private ProtocolSetup() {}

  /**
   * The parameters the executors use. Keypoints: every ground-truth category needs sigmas (from
   * {@code --kpt-sigmas}, or COCO's 17), as many as the names in its {@code keypoints} list when it has one;
   * results are sized by box when the first result has a {@code bbox} (pycocotools loadRes), else by the extent
   * of their keypoints.
   */
  static CocoParams params(DetectionConfig cfg, HadoopConf conf, CocoParams params, List<EvalRecord> cats,
      long[] categoryIds) {
    if (params.iouType() != IouType.KEYPOINTS) return params;
    String file = cfg.kptSigmas() == null ? null : HadoopFiles.display(cfg.kptSigmas());
    KeypointSigmas sigmas = cfg.kptSigmas() == null ? params.keypointSigmas() : KptSigmasFile.read(conf, cfg.kptSigmas());
    for (EvalRecord c : cats) {
      if (Arrays.binarySearch(categoryIds, c.getCategoryId()) < 0) continue;
      double[] s = sigmas.forCategory(c.getCategoryId());
      if (s == null) {
        throw new InvalidInputException(file, "category id " + c.getCategoryId(), null, "no sigmas for category "
            + c.getCategoryId() + " (\"" + c.getName() + "\") of the ground truth; add it or a \"default\"");
      }
      if (c.getNumKeypoints() >= 0 && c.getNumKeypoints() != s.length) {
        throw new InvalidInputException(file != null ? file : cfg.gt(), "category id " + c.getCategoryId(), "keypoints",
            "the category names " + c.getNumKeypoints() + " keypoints but has " + s.length + " sigmas"
            + (file == null ? " (COCO's default; give --kpt-sigmas)" : ""));
      }
    }
    boolean box = DetectionInputs.firstResultHasBox(conf, cfg);
    return params.toBuilder().keypointSigmas(sigmas).keypointAreaFromBox(box).build();
  }

  /** LVIS: the frequency group of every evaluated category (sorted ids); a category without one is named. */
  static FrequencyGroups frequencyGroups(DetectionConfig cfg, List<EvalRecord> cats, long[] evaluated) {
    String[] f = new String[evaluated.length];
    for (EvalRecord c : cats) {
      int k = Arrays.binarySearch(evaluated, c.getCategoryId());
      if (k >= 0 && f[k] == null) f[k] = c.getFrequency();
    }
    for (int k = 0; k < f.length; k++) {
      if (FrequencyGroups.group(f[k]) < 0) {
        throw new InvalidInputException(cfg.gt(), "category id " + evaluated[k], "frequency", f[k] == null
            ? "missing; --protocol lvis needs it (r, c or f) on every category" : "\"" + f[k] + "\" is not r, c or f");
      }
    }
    return FrequencyGroups.of(f);
  }
}
