package dev.overlap.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.core.semseg.SemsegMetrics;
import dev.overlap.jobs.SparkTestSession;
import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.segmentation.SegmentationJob.SegmentationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job without the CLI: the reference's exact confusion matrix on any partition count. */
class SegmentationJobTest {
  @TempDir Path tmp;

  static SegmentationConfig config(String gt, String pred, String out, int partitions, String... extra) {
    java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("--gt", gt, "--pred", pred, "--out", out,
        "--run-id", "test", "--num-classes", "19", "--partitions", Integer.toString(partitions)));
    a.addAll(java.util.List.of(extra));
    return SegmentationConfig.parse(Args.parse(a.toArray(new String[0]), SegmentationConfig.OPTIONS,
        SegmentationConfig.FLAGS));
  }

  @Test
  void semsegSmallIsExactAndIdenticalOnOneThreeAndSevenPartitions() {
    long[] want = SemsegSmall.confusion();
    double[] first = null;
    for (int p : new int[] {1, 3, 7}) {
      SegmentationResult r = SegmentationJob.run(SparkTestSession.get(),
          config(SemsegSmall.gt(), SemsegSmall.pred(), tmp.toString(), p, "--exclude-from-headline", "0"));
      r.release();
      assertEquals(p, r.partitions());
      assertArrayEquals(want, r.confusion(), "confusion matrix on " + p + " partitions");
      assertEquals(30, r.counts().pairs());
      assertEquals(30, r.counts().evaluated());
      assertEquals(0, r.counts().rejected());
      assertEquals(101949, r.counts().ignoredPixels());
      SemsegMetrics m = r.metrics();
      assertEquals(3830211, m.totalPixels());
      double[] got = {m.meanIou(), m.frequencyWeightedIou(), m.pixelAccuracy(), m.meanClassAccuracy(), m.meanDice(),
          m.signalMeanIou(0)};
      for (int i = 0; i < SemsegSmall.METRICS.length; i++) {
        assertEquals(SemsegSmall.metric(SemsegSmall.METRICS[i]), got[i], SemsegSmall.TOL, SemsegSmall.METRICS[i]);
      }
      if (first == null) first = got;
      else assertArrayEquals(first, got, "identical bits for every partition count");
    }
  }
}
