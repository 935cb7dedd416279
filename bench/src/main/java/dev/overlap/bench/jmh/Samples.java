package dev.overlap.bench.jmh;

import dev.overlap.bench.CocoSetGenerator;

/** Shared benchmark inputs drawn from the seeded COCO generator. */
final class Samples {
  private Samples() {}

  /** The generator behind the 5k set (seed 1). */
  static final CocoSetGenerator COCO = new CocoSetGenerator(5000, 1);

  /**
   * The first image of the 5k set closest to the set's means (7 ground truths, 52 detections):
   * a realistic image, always the same one.
   */
  static CocoSetGenerator.ImageSample typicalImage() {
    CocoSetGenerator.ImageSample best = null;
    int bestScore = Integer.MAX_VALUE;
    for (int i = 0; i < 300; i++) {
      CocoSetGenerator.ImageSample s = COCO.sample(i);
      int score = Math.abs(s.groundTruth().size() - 7) * 8 + Math.abs(s.detections().size() - 52);
      if (score < bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }
}
