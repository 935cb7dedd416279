#!/usr/bin/env python3
"""Baseline for the LVIS benchmark: lvis-api LVISEval (lvis-dataset/lvis-api, pure Python, one process) on the
same files as `scripts/overlap detection --protocol lvis`. lvis-api is not on PyPI: put its checkout's folder on
PYTHONPATH. Its plotting module (cv2, matplotlib) is not needed and is not imported.

  PYTHONPATH=/path/to/lvis-api scripts/bench-lvis-api.py GT RESULTS bbox|segm

Prints key=value lines: load_s, evaluate_s (evaluate + accumulate + summarize), stats (the 13 numbers in
Overlap's summary.json order), max_rss_mb.
"""
import resource
import sys
import time
import types

sys.modules["lvis.vis"] = types.SimpleNamespace(LVISVis=None)  # lvis/__init__ imports it; cv2 is not needed

from lvis import LVIS, LVISEval, LVISResults  # noqa: E402

KEYS = ["AP", "AP50", "AP75", "APs", "APm", "APl", "APr", "APc", "APf", "AR@300", "ARs@300", "ARm@300", "ARl@300"]


def main():
    gt_file, res_file, iou_type = sys.argv[1], sys.argv[2], sys.argv[3]
    t0 = time.perf_counter()
    gt = LVIS(gt_file)
    res = LVISResults(gt, res_file)
    t1 = time.perf_counter()
    e = LVISEval(gt, res, iou_type)
    e.run()
    t2 = time.perf_counter()
    print("load_s=%.2f" % (t1 - t0))
    print("evaluate_s=%.2f" % (t2 - t1))
    print("stats=" + ",".join(repr(float(e.results[k])) for k in KEYS))
    print("max_rss_mb=%.0f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
