package dev.overlap.jobs.detection;

import dev.overlap.core.coco.Category;
import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.CocoRecord;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.io.CocoGroundTruthReader;
import dev.overlap.core.io.CocoResultsReader;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Reads a ground truth and results whole with core's readers, for tests that evaluate on one machine beside a job. */
final class OneMachineInputs {
  private OneMachineInputs() {}

  static CocoGroundTruth groundTruth(String path, UnaryOperator<CocoGroundTruthReader> fields) throws Exception {
    List<Image> images = new ArrayList<>();
    List<Category> cats = new ArrayList<>();
    List<GtAnnotation> anns = new ArrayList<>();
    try (CocoGroundTruthReader r = fields.apply(new CocoGroundTruthReader(new FileInputStream(path), path, false))) {
      for (CocoRecord c = r.next(); c != null; c = r.next()) {
        if (c instanceof Image im) images.add(im);
        else if (c instanceof Category cat) cats.add(cat);
        else anns.add((GtAnnotation) c);
      }
    }
    return new CocoGroundTruth(images, cats, anns);
  }

  static List<Detection> results(String path, UnaryOperator<CocoResultsReader> fields) throws Exception {
    List<Detection> dts = new ArrayList<>();
    try (CocoResultsReader r = fields.apply(new CocoResultsReader(new FileInputStream(path), path, false))) {
      for (Detection d = r.next(); d != null; d = r.next()) dts.add(d);
    }
    return dts;
  }
}
