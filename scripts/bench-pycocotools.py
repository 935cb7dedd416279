#!/usr/bin/env python3
"""Baseline for scripts/bench: pycocotools COCOeval on the same files, one process, one core.

Prints key=value lines: load_s, evaluate_s (evaluate + accumulate + summarize), stats (the 12 numbers).
segm follows the project's convention (docs/semantics.md: the bbox key of results is dropped, area = mask area).
"""
import json
import sys
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def main():
    gt_file, res_file, iou_type = sys.argv[1], sys.argv[2], sys.argv[3]
    t0 = time.perf_counter()
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_file)
        with open(res_file) as f:
            if res_file.endswith(".jsonl"):
                res = [json.loads(line) for line in f if line.strip()]
            else:
                res = json.load(f)
        if iou_type == "segm":
            for r in res:
                r.pop("bbox", None)
        dt = gt.loadRes(res)
    t1 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        e = COCOeval(gt, dt, iou_type)
        e.evaluate()
        e.accumulate()
        e.summarize()
    t2 = time.perf_counter()
    print("load_s=%.3f" % (t1 - t0))
    print("evaluate_s=%.3f" % (t2 - t1))
    print("stats=" + ",".join(repr(float(s)) for s in e.stats))


if __name__ == "__main__":
    main()
