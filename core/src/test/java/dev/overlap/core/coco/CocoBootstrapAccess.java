package dev.overlap.core.coco;

import java.util.List;

/** Test access to {@link CocoBootstrap}'s fixed-weight, any-layout evaluation from other packages' tests. */
public final class CocoBootstrapAccess {
  private CocoBootstrapAccess() {}

  public static CocoIntervals evaluate(CocoGroundTruth gt, List<Detection> dts, CocoParams params,
      CocoSummary.Stat[] layout, int replicates, BootstrapCurves.Weights weights, double confidence) {
    return CocoBootstrap.evaluate(gt, dts, params, layout, replicates, weights, confidence);
  }
}
