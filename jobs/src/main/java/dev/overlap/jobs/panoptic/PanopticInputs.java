package dev.overlap.jobs.panoptic;

import dev.overlap.core.io.InvalidInputException;
import dev.overlap.core.io.PanopticJsonReader;
import dev.overlap.core.io.PanopticJsonReader.Annotation;
import dev.overlap.core.io.PanopticJsonReader.Category;
import dev.overlap.core.io.PanopticJsonReader.Document;
import dev.overlap.core.io.PanopticJsonReader.ImageRecord;
import dev.overlap.jobs.io.HadoopConf;
import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.HadoopFiles.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The driver's side of the panoptic job: reads both JSON files (streamed; only the segment lists
 * are kept), maps category ids to dense indices in the ground truth's order, lists both PNG folders
 * once, and pairs each ground-truth annotation with the prediction entry of the same
 * {@code image_id}, as pq_compute does. Problems found here (a missing prediction entry or PNG, a
 * repeated image id, an unknown category, a bad annotation) travel with the image's task, so that
 * skip mode rejects that image alone; the segments' own checks and the pixels come on the executors.
 */
final class PanopticInputs {
  private PanopticInputs() {}

  /**
   * What the driver found.
   *
   * @param tasks one per ground-truth annotation, in file order
   * @param predIgnored prediction entries whose image id is not in the ground truth (ignored, as pq_compute)
   * @param rejectedAnnotations prediction annotations rejected without an image id (skip mode), as tasks
   * @param images the ground truth's image records with the slice fields, when {@code --slice-by} reads them there;
   *     null otherwise, or when the file has none
   */
  record Inputs(List<Category> categories, List<PanopticTask> tasks, long predEntries, long predIgnored,
      long gtFiles, long predFiles, List<PanopticTask> rejectedAnnotations, List<ImageRecord> images) {}

  static Inputs read(PanopticConfig cfg, HadoopConf conf) {
    String gtName = HadoopFiles.display(cfg.gtJson());
    String predName = HadoopFiles.display(cfg.predJson());
    // slice values from the image records: read in the same pass over the ground truth
    String[] imageFields = cfg.slices().enabled() && cfg.slices().attributes() == null ? cfg.slices().fields() : null;
    Document gt = readJson(conf, cfg.gtJson(), gtName, true, imageFields);
    Document pred = readJson(conf, cfg.predJson(), predName, false, null);
    List<Category> categories = gt.categories();
    if (categories.isEmpty()) throw new InvalidInputException(gtName, null, "categories", "lists no category");
    Map<Integer, Integer> dense = new HashMap<>();
    for (int c = 0; c < categories.size(); c++) {
      Integer before = dense.put(categories.get(c).id(), c);
      if (before != null) {
        throw new InvalidInputException(gtName, "categories[" + c + "]", "id", "category id " + categories.get(c).id()
            + " is listed twice (also categories[" + before + "])");
      }
    }
    Map<String, InputFile> gtPngs = listPngs(conf, cfg.gtDir(), "--gt-dir");
    Map<String, InputFile> predPngs = listPngs(conf, cfg.predDir(), "--pred-dir");
    boolean skip = cfg.run().skipBadInput();

    Map<String, List<Annotation>> predByImage = new HashMap<>();
    List<PanopticTask> rejected = new ArrayList<>();
    for (Annotation a : pred.annotations()) {
      if (a.imageId() == null) {
        // without an image id the entry belongs to no image: fail, or reject the entry alone
        InvalidInputException e = a.problem();
        if (!skip) throw e;
        PanopticTask t = new PanopticTask();
        rejected.add(t.problem("pred", e.file(), e.record(), e.field(), e.reason()));
        continue;
      }
      predByImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>(1)).add(a);
    }
    Map<String, Integer> gtCount = new HashMap<>();
    for (Annotation g : gt.annotations()) if (g.imageId() != null) gtCount.merge(g.imageId(), 1, Integer::sum);

    List<PanopticTask> tasks = new ArrayList<>(gt.annotations().size());
    for (Annotation g : gt.annotations()) {
      PanopticTask t = task(g, predByImage.get(g.imageId()), gtCount, dense, gtPngs, predPngs, cfg, gtName, predName);
      if (t.getProblem() != null && !skip) {
        throw new InvalidInputException(t.getProblemFile(), t.getProblemRecord(), t.getProblemField(), t.getProblem());
      }
      tasks.add(t);
    }
    long predIgnored = 0;
    for (Map.Entry<String, List<Annotation>> e : predByImage.entrySet()) {
      if (!gtCount.containsKey(e.getKey())) predIgnored += e.getValue().size();
    }
    return new Inputs(categories, tasks, pred.annotations().size(), predIgnored, gtPngs.size(), predPngs.size(),
        rejected, gt.images());
  }

  private static PanopticTask task(Annotation g, List<Annotation> preds, Map<String, Integer> gtCount,
      Map<Integer, Integer> dense, Map<String, InputFile> gtPngs, Map<String, InputFile> predPngs, PanopticConfig cfg,
      String gtName, String predName) {
    PanopticTask t = new PanopticTask();
    t.setImage(g.imageId());
    t.setGtRecord(g.record());
    if (g.problem() != null) {
      InvalidInputException e = g.problem();
      return t.problem("gt", e.file(), e.record(), e.field(), e.reason());
    }
    if (gtCount.get(g.imageId()) > 1) {
      return t.problem("gt", gtName, g.record(), "image_id", "image_id " + g.imageId() + " has "
          + gtCount.get(g.imageId()) + " annotations in the ground truth; the image is not evaluated");
    }
    if (preds == null) {
      return t.problem("pred", predName, null, null, "no prediction entry for ground-truth image_id " + g.imageId()
          + " (" + g.record() + ")");
    }
    Annotation p = preds.get(0);
    t.setPredRecord(p.record());
    if (preds.size() > 1) {
      return t.problem("pred", predName, preds.get(1).record(), "image_id", "image_id " + g.imageId() + " has "
          + preds.size() + " prediction entries (first " + p.record() + "); the image is not evaluated");
    }
    if (p.problem() != null) {
      InvalidInputException e = p.problem();
      return t.problem("pred", e.file(), e.record(), e.field(), e.reason());
    }
    int[] gtCats = dense(g.categoryIds(), dense);
    int bad = firstUnknown(g.categoryIds(), dense);
    if (bad >= 0) {
      return t.problem("gt", gtName, g.record(), "segments_info[" + bad + "].category_id", "unknown category_id "
          + g.categoryIds()[bad] + " of segment " + g.ids()[bad] + " (not in categories)");
    }
    bad = firstUnknown(p.categoryIds(), dense);
    if (bad >= 0) {
      return t.problem("pred", predName, p.record(), "segments_info[" + bad + "].category_id", "unknown category_id "
          + p.categoryIds()[bad] + " of segment " + p.ids()[bad] + " (not in the ground truth's categories)");
    }
    InputFile gtPng = gtPngs.get(g.fileName());
    if (gtPng == null) {
      return t.problem("gt", HadoopFiles.display(child(cfg.gtDir(), g.fileName())), g.record(), "file_name",
          "PNG not found under --gt-dir");
    }
    InputFile predPng = predPngs.get(p.fileName());
    if (predPng == null) {
      return t.problem("pred", HadoopFiles.display(child(cfg.predDir(), p.fileName())), p.record(), "file_name",
          "PNG not found under --pred-dir");
    }
    t.setGtPath(gtPng.path());
    t.setGtLength(gtPng.length());
    t.setGtIds(g.ids());
    t.setGtCategories(gtCats);
    t.setGtCrowd(g.crowd());
    t.setGtAreas(g.areas());
    t.setPredPath(predPng.path());
    t.setPredLength(predPng.length());
    t.setPredIds(p.ids());
    t.setPredCategories(dense(p.categoryIds(), dense));
    return t;
  }

  private static int firstUnknown(int[] categoryIds, Map<Integer, Integer> dense) {
    for (int i = 0; i < categoryIds.length; i++) if (!dense.containsKey(categoryIds[i])) return i;
    return -1;
  }

  private static int[] dense(int[] categoryIds, Map<Integer, Integer> dense) {
    int[] out = new int[categoryIds.length];
    for (int i = 0; i < out.length; i++) {
      Integer c = dense.get(categoryIds[i]);
      out[i] = c == null ? -1 : c;
    }
    return out;
  }

  private static String child(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  private static Document readJson(HadoopConf conf, String path, String name, boolean groundTruth,
      String[] imageFields) {
    try (InputStream in = HadoopFiles.open(conf.get(), path)) {
      return PanopticJsonReader.read(in, name, groundTruth, imageFields);
    } catch (IOException e) {
      throw new InvalidInputException(name, null, null, "cannot be read: " + HadoopFiles.oneLine(e));
    } catch (UncheckedIOException e) {
      throw new InvalidInputException(name, null, null, "cannot be read: " + HadoopFiles.oneLine(e.getCause()));
    }
  }

  /** The files under a PNG folder by their path relative to it (the JSON's {@code file_name}). */
  static Map<String, InputFile> listPngs(HadoopConf conf, String dir, String option) {
    String root;
    try {
      Path p = new Path(dir);
      root = p.getFileSystem(conf.get()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new InvalidInputException(HadoopFiles.display(dir), null, null, "cannot be read (" + option + "): "
          + HadoopFiles.oneLine(e));
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    Map<String, InputFile> out = new HashMap<>();
    for (InputFile f : HadoopFiles.list(conf.get(), dir, option)) {
      String rel = f.path().startsWith(prefix) ? f.path().substring(prefix.length()) : new Path(f.path()).getName();
      out.put(rel, f);
    }
    return out;
  }
}
