package dev.overlap.jobs.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.keypoints.KeypointSigmas;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code --kpt-sigmas FILE}: per-keypoint OKS constants per category, for skeletons other than COCO's 17
 * person keypoints. JSON: an object whose keys are category ids (and optionally {@code "default"} for every
 * other category), each an array of sigmas in the category's keypoint order; or one array for every category.
 * <pre>{@code {"1": [0.026, 0.025, ...], "7": [0.05, 0.05, 0.08], "default": [...]}}</pre>
 */
final class KptSigmasFile {
  private KptSigmasFile() {}

  /** Reads and checks the file; errors name the file and the key. */
  static KeypointSigmas read(HadoopConf conf, String path) {
    String display = HadoopFiles.display(path);
    JsonNode root;
    try (InputStream in = HadoopFiles.open(conf.get(), path)) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new InvalidInputException(display, null, null, "cannot be read as JSON: " + firstLine(e.getMessage()));
    }
    if (root == null) throw new InvalidInputException(display, null, null, "is empty");
    if (root.isArray()) return wrap(display, "(top level)", () -> KeypointSigmas.of(new long[0], new double[0][],
        sigmas(display, "(top level)", root)));
    if (!root.isObject()) {
      throw new InvalidInputException(display, null, null, "expected an object {\"<category id>\": [sigmas]} or an array");
    }
    List<Long> ids = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    double[] others = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("default")) {
        others = sigmas(display, key, e.getValue());
        continue;
      }
      try {
        ids.add(Long.parseLong(key.trim()));
      } catch (NumberFormatException x) {
        throw new InvalidInputException(display, "key \"" + key + "\"", null, "is not a category id nor \"default\"");
      }
      values.add(sigmas(display, key, e.getValue()));
    }
    long[] idArray = new long[ids.size()];
    for (int i = 0; i < idArray.length; i++) idArray[i] = ids.get(i);
    double[] dflt = others;
    return wrap(display, null, () -> KeypointSigmas.of(idArray, values.toArray(new double[0][]), dflt));
  }

  private static KeypointSigmas wrap(String display, String key, java.util.function.Supplier<KeypointSigmas> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(display, key, null, e.getMessage());
    }
  }

  private static double[] sigmas(String display, String key, JsonNode v) {
    if (!v.isArray() || v.size() == 0) {
      throw new InvalidInputException(display, "key \"" + key + "\"", null, "expected a non-empty array of sigmas");
    }
    double[] s = new double[v.size()];
    for (int i = 0; i < s.length; i++) {
      JsonNode x = v.get(i);
      if (!x.isNumber() || !(x.doubleValue() > 0) || !Double.isFinite(x.doubleValue())) {
        throw new InvalidInputException(display, "key \"" + key + "\"", null, "sigma " + (i + 1) + " (" + x
            + ") is not a number above 0");
      }
      s[i] = x.doubleValue();
    }
    return s;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
