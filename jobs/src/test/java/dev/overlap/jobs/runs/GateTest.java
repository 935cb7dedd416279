package dev.overlap.jobs.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.jobs.cli.Args;
import dev.overlap.jobs.cli.RunOptions;
import dev.overlap.jobs.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's parsing and messages, without Spark. */
class GateTest {
  static Gate gate(String... args) {
    return RunOptions.parse(Args.parse(args, RunOptions.OPTIONS, RunOptions.FLAGS)).gate();
  }

  static Map<String, Double> m(double ap) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("AP", ap);
    m.put("APl", -1.0);
    return m;
  }

  @Test
  void failBelowNamesMetricValueAndThreshold() {
    Gate g = gate("--out", "o", "--run-id", "2026-11-21", "--fail-below", "AP=0.40");
    assertEquals(List.of("AP 0.3812 is below 0.40"), g.violations(m(0.38123), null));
    assertEquals(List.of(), g.violations(m(0.40), null));
  }

  @Test
  void maxDropNamesTheBaselineRun() {
    Gate g = gate("--out", "o", "--run-id", "2026-11-21", "--max-drop", "AP=0.01", "--baseline", "previous");
    Gate.Baseline b = new Gate.Baseline("2026-11-20", m(0.3965));
    assertEquals(List.of("AP dropped 0.0153 from 0.3965 (run 2026-11-20) to 0.3812, more than 0.01"),
        g.violations(m(0.3812), b));
    // a drop of exactly the limit passes, whatever the double rounding of the difference
    assertEquals(List.of(), g.violations(m(0.3865), b));
    assertEquals(List.of(), g.violations(m(0.5), b), "a rise passes");
    assertEquals(List.of(), g.violations(m(0.1), null), "no baseline: --max-drop is not checked");
  }

  @Test
  void undefinedMetricsFailWithAReason() {
    Gate g = gate("--out", "o", "--fail-below", "APl=0.2", "--max-drop", "APl=0.01");
    List<String> v = g.violations(m(0.5), new Gate.Baseline("r0", Map.of("APl", 0.3)));
    assertEquals(List.of("APl is undefined in this run, so it cannot be at least 0.2",
        "APl is undefined in this run (it was 0.3000 in run r0)"), v);
    Map<String, Double> none = new LinkedHashMap<>();
    none.put("APl", null);
    assertEquals(List.of("AP is undefined in baseline run r0, so its drop cannot be checked"),
        gate("--out", "o", "--max-drop", "AP=0.01").violations(m(0.5), new Gate.Baseline("r0", none)));
  }

  @Test
  void badGateOptionsNameTheOption() {
    assertEquals("--fail-below: \"AP\" must look like METRIC=VALUE, e.g. AP=0.40",
        assertThrows(UsageException.class, () -> gate("--out", "o", "--fail-below", "AP")).getMessage());
    assertEquals("--max-drop: \"lots\" is not a number (in \"AP=lots\")",
        assertThrows(UsageException.class, () -> gate("--out", "o", "--max-drop", "AP=lots")).getMessage());
    assertEquals("--max-drop: AP must be >= 0, got -0.1",
        assertThrows(UsageException.class, () -> gate("--out", "o", "--max-drop", "AP=-0.1")).getMessage());
    assertEquals("--baseline needs --max-drop",
        assertThrows(UsageException.class, () -> gate("--out", "o", "--baseline", "r1")).getMessage());
    assertEquals("--baseline: r1 is this run's own id", assertThrows(UsageException.class,
        () -> gate("--out", "o", "--run-id", "r1", "--max-drop", "AP=0.1", "--baseline", "r1")).getMessage());
    assertEquals("--baseline: expected \"previous\" or a run id, got \"../x\"", assertThrows(UsageException.class,
        () -> gate("--out", "o", "--max-drop", "AP=0.1", "--baseline", "../x")).getMessage());
    UsageException e = assertThrows(UsageException.class,
        () -> gate("--out", "o", "--fail-below", "mAP=0.4").validate(List.of("AP", "AP50")));
    assertEquals("--fail-below: unknown metric \"mAP\" (one of AP, AP50)", e.getMessage());
  }

  @Test
  void recordTotalsMustReconcile() {
    new RunContext.Records("predictions", 10, 7, 1, 2, Map.of("predictions", 2L));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new RunContext.Records("predictions", 10, 8, 0, 1, Map.of()));
    assertTrue(e.getMessage().contains("do not reconcile: 10 predictions read, 8 evaluated + 0 excluded + 1 rejected"),
        e.getMessage());
  }

  @Test
  void credentialsInUrisAreMasked() {
    assertEquals("s3a://***@bucket/gt.json", RunContext.maskUserInfo("s3a://AKIA:se/cret@bucket/gt.json"));
    assertEquals("s3a://bucket/a@b.json", RunContext.maskUserInfo("s3a://bucket/a@b.json"));
    assertEquals("/data/gt.json", RunContext.maskUserInfo("/data/gt.json"));
  }
}
