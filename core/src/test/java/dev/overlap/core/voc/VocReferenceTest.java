package dev.overlap.core.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.core.coco.CocoGroundTruth;
import dev.overlap.core.coco.Detection;
import dev.overlap.core.coco.GtAnnotation;
import dev.overlap.core.coco.Image;
import dev.overlap.core.testing.TestJson;
import dev.overlap.core.coco.MatchSink;
import dev.overlap.core.io.CocoFiles;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VOC AP on voc-small against the reference values (py-faster-rcnn voc_eval with a stable sort, and
 * Detectron2's means), both protocols, every class at every threshold. Curves are built in pieces cut
 * at several places and joined, which must not change a bit.
 */
class VocReferenceTest {
  static final double TOL = 1e-12;
  static final String DIR = "/reference/voc-small/";

  /** One detection's outcome, with the keys of the global order. */
  record Ranked(int k, double score, long imageId, int rank, byte[] flags) {}

  static final class Collect implements MatchSink {
    final List<Ranked> out = new ArrayList<>();
    final long[] npos;

    Collect(int k) {
      npos = new long[k];
    }

    @Override
    public void detection(int category, long imageId, int rank, double score, byte[] flags) {
      out.add(new Ranked(category, score, imageId, rank, flags.clone()));
    }

    @Override
    public void groundTruth(int category, int area, int notIgnored) {
      npos[category] += notIgnored;
    }
  }

  static VocSummary evaluate(VocProtocol protocol, int cuts, long[][] counts) throws Exception {
    CocoGroundTruth g;
    List<Detection> d;
    try (InputStream in = VocReferenceTest.class.getResourceAsStream(DIR + "instances_gt.json")) {
      g = CocoFiles.readGroundTruth(in, "instances_gt.json", false);
    }
    try (InputStream in = VocReferenceTest.class.getResourceAsStream(DIR + "detections.json")) {
      d = CocoFiles.readResults(in, "detections.json", false);
    }
    long[] ids = new long[g.categories().size()];
    for (int i = 0; i < ids.length; i++) ids[i] = g.categories().get(i).id();
    Arrays.sort(ids);
    int k0 = ids.length;
    Map<Long, List<GtAnnotation>> gtBy = new HashMap<>();
    for (GtAnnotation a : g.annotations()) gtBy.computeIfAbsent(a.imageId(), x -> new ArrayList<>()).add(a);
    Map<Long, List<Detection>> dtBy = new HashMap<>();
    for (Detection x : d) dtBy.computeIfAbsent(x.imageId(), y -> new ArrayList<>()).add(x);
    VocMatcher m = new VocMatcher();
    Collect sink = new Collect(k0);
    for (Image im : g.images()) {
      List<GtAnnotation> ga = gtBy.getOrDefault(im.id(), List.of());
      List<Detection> da = dtBy.getOrDefault(im.id(), List.of());
      int ng = ga.size(), nd = da.size();
      int[] gc = new int[ng];
      long[] gs = new long[ng];
      boolean[] diff = new boolean[ng];
      double[] gb = new double[4 * ng];
      for (int i = 0; i < ng; i++) {
        GtAnnotation a = ga.get(i);
        gc[i] = Arrays.binarySearch(ids, a.categoryId());
        gs[i] = a.index();
        diff[i] = a.difficult() || a.iscrowd();
        System.arraycopy(a.bbox(), 0, gb, 4 * i, 4);
        counts[gc[i]][2] += diff[i] ? 1 : 0;
      }
      int[] dc = new int[nd];
      long[] ds = new long[nd];
      double[] sc = new double[nd];
      double[] db = new double[4 * nd];
      for (int i = 0; i < nd; i++) {
        Detection x = da.get(nd - 1 - i); // reversed: the file position, not the list order, decides
        dc[i] = Arrays.binarySearch(ids, x.categoryId());
        ds[i] = x.seq();
        sc[i] = x.score();
        System.arraycopy(x.bbox(), 0, db, 4 * i, 4);
        counts[dc[i]][1]++;
      }
      m.match(im.id(), ng, gc, gs, diff, gb, nd, dc, ds, sc, db, sink);
    }
    List<Ranked> all = sink.out;
    all.sort(Comparator.comparingInt(Ranked::k).thenComparing((a, b) -> Double.compare(b.score(), a.score()))
        .thenComparingLong(Ranked::imageId).thenComparingInt(Ranked::rank));
    double[] thr = VocProtocol.thresholds();
    VocCurve[][] curves = new VocCurve[k0][thr.length];
    for (int t = 0; t < thr.length; t++) {
      // cut the order into pieces and join them in order
      int from = 0;
      for (int p = 0; p <= cuts; p++) {
        int to = p == cuts ? all.size() : (int) ((long) all.size() * (p + 1) / (cuts + 1));
        VocCurve[] piece = new VocCurve[k0];
        for (int i = from; i < to; i++) {
          Ranked r = all.get(i);
          if (piece[r.k()] == null) piece[r.k()] = new VocCurve();
          piece[r.k()].add(r.flags()[t]);
        }
        for (int k = 0; k < k0; k++) {
          if (piece[k] == null) continue;
          if (curves[k][t] == null) curves[k][t] = piece[k];
          else curves[k][t].append(piece[k]);
        }
        from = to;
      }
    }
    for (int k = 0; k < k0; k++) counts[k][0] = sink.npos[k];
    return VocSummary.of(protocol, thr, curves, sink.npos);
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(strings = {"voc07", "voc12"})
  void everyClassAndThresholdEqualsReference(String protocol) throws Exception {
    Map<String, Object> root = (Map<String, Object>) TestJson.resource(DIR + "expected.json");
    Map<String, Object> exp = (Map<String, Object>) root.get(protocol);
    for (int cuts : new int[] {0, 3, 17}) {
      long[][] counts = new long[20][3];
      VocSummary s = evaluate(VocProtocol.parse(protocol), cuts, counts);
      List<Object> thr = (List<Object>) root.get("iou_thresholds");
      for (int t = 0; t < thr.size(); t++) assertEquals((Double) thr.get(t), s.thresholds()[t], 0.0);
      int checked = 0;
      for (Object o : (List<Object>) exp.get("per_class")) {
        Map<String, Object> c = (Map<String, Object>) o;
        int k = ((Double) c.get("category_id")).intValue() - 1; // ids 1..20
        assertEquals(((Double) c.get("npos")).longValue(), s.npos(k), "npos of class " + (k + 1));
        assertEquals(((Double) c.get("ndet")).longValue(), counts[k][1], "ndet of class " + (k + 1));
        assertEquals(((Double) c.get("ndifficult")).longValue(), counts[k][2], "ndifficult of class " + (k + 1));
        List<Object> byIou = (List<Object>) c.get("ap_by_iou");
        if (c.get("ap") == null) {
          for (int t = 0; t < 10; t++) assertTrue(Double.isNaN(s.ap(k, t)));
          continue;
        }
        for (int t = 0; t < 10; t++) {
          assertEquals((Double) byIou.get(t), s.ap(k, t), TOL, protocol + " class " + (k + 1) + " threshold " + thr.get(t));
          checked++;
        }
        assertEquals((Double) c.get("ap_50_95"), s.apMean(k), TOL);
      }
      assertEquals(180, checked);
      List<Object> mapByIou = (List<Object>) exp.get("mAP_by_iou");
      for (int t = 0; t < 10; t++) assertEquals((Double) mapByIou.get(t), s.mapAt(t), TOL);
      assertEquals((Double) exp.get("mAP"), s.map(), TOL);
      assertEquals((Double) exp.get("AP50"), s.ap50(), TOL);
      assertEquals((Double) exp.get("AP75"), s.ap75(), TOL);
      assertEquals((Double) exp.get("AP"), s.apAll(), TOL);
      assertEquals(((Double) exp.get("classes_in_mean")).intValue(), s.classesInMean());
    }
  }
}
