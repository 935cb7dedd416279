package dev.overlap.jobs.segmentation;

import dev.overlap.jobs.io.HadoopFiles;
import dev.overlap.jobs.io.LazyIterator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Pairs label maps that arrive sorted by (image id, side, path, row): each run of one image id
 * becomes one {@link PairTask}, carrying a problem when a side is missing, repeated, or a row is
 * unusable. Streams: holds one image's maps at a time.
 */
final class PairUp extends LazyIterator<PairTask> {
  private final Iterator<ImageSide> input;
  private final List<ImageSide> gts = new ArrayList<>();
  private final List<ImageSide> preds = new ArrayList<>();
  private ImageSide pending;

  PairUp(Iterator<ImageSide> input) {
    this.input = input;
  }

  @Override
  protected PairTask computeNext() {
    ImageSide first = pending != null ? pending : (input.hasNext() ? input.next() : null);
    pending = null;
    if (first == null) return null;
    gts.clear();
    preds.clear();
    (first.getSide() == ImageSide.GT ? gts : preds).add(first);
    // rows without an image id cannot be grouped: each is its own (rejected) image
    if (first.getImage() != null) {
      while (input.hasNext()) {
        ImageSide s = input.next();
        if (!first.getImage().equals(s.getImage())) {
          pending = s;
          break;
        }
        (s.getSide() == ImageSide.GT ? gts : preds).add(s);
      }
    }
    return pair(first.getImage());
  }

  private PairTask pair(String image) {
    PairTask t = new PairTask();
    t.setImage(image);
    t.setGtCount(gts.size());
    t.setPredCount(preds.size());
    for (List<ImageSide> side : List.of(gts, preds)) {
      for (ImageSide s : side) {
        if (s.getProblem() != null) return t.problem(source(s), s.getPath(), s.record(), s.getProblem());
      }
    }
    if (gts.isEmpty()) {
      ImageSide p = preds.get(0);
      return t.problem("pred", p.getPath(), p.record(), "prediction has no ground truth (no image id \"" + image
          + "\" in --gt)");
    }
    if (preds.isEmpty()) {
      ImageSide g = gts.get(0);
      return t.problem("gt", g.getPath(), g.record(), "ground truth has no prediction (no image id \"" + image
          + "\" in --pred)");
    }
    if (gts.size() > 1) return duplicate(t, gts, "ground truth");
    if (preds.size() > 1) return duplicate(t, preds, "predictions");
    ImageSide g = gts.get(0);
    ImageSide p = preds.get(0);
    t.setGtPath(g.getPath());
    t.setGtRecord(g.record());
    t.setGtLength(g.getLength());
    t.setGtBytes(g.getBytes());
    t.setPredPath(p.getPath());
    t.setPredRecord(p.record());
    t.setPredLength(p.getLength());
    t.setPredBytes(p.getBytes());
    return t;
  }

  private static PairTask duplicate(PairTask t, List<ImageSide> maps, String what) {
    ImageSide second = maps.get(1);
    ImageSide first = maps.get(0);
    String firstAt = HadoopFiles.display(first.getPath()) + (first.record() != null ? ": " + first.record() : "");
    return t.problem(source(second), second.getPath(), second.record(), "image id \"" + t.getImage() + "\" appears "
        + maps.size() + " times in the " + what + " (first at " + firstAt + "); the image is not evaluated");
  }

  private static String source(ImageSide s) {
    return s.getSide() == ImageSide.GT ? "gt" : "pred";
  }
}
