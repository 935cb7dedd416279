#!/usr/bin/env python3
"""The reference side of JMH OksBench: pycocotools' COCOeval.computeOks on one (image, category) of m keypoint
results against n ground truths, 17 COCO keypoints, the shapes OksBench uses (20x4, 20x20; one ground truth in
five without labelled keypoints, so the enlarged-box branch runs). Prints microseconds per matrix, wall and CPU.

  scripts/bench-oks-reference.py [--repeat 2000]

Needs pycocotools (pip or Debian's python3-pycocotools); compare with
  java -jar bench/target/overlap-bench.jar OksBench
"""
import argparse
import random
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def matrix(m, n, rnd):
    gts, dts = [], []
    for g in range(n):
        bx, by, bw, bh = rnd.uniform(0, 500), rnd.uniform(0, 400), rnd.uniform(20, 200), rnd.uniform(40, 300)
        unlabelled = g % 5 == 4
        kp = []
        for _ in range(17):
            v = 0 if unlabelled or rnd.randrange(4) == 0 else 2
            kp += [0, 0, 0] if v == 0 else [bx + rnd.random() * bw, by + rnd.random() * bh, v]
        gts.append({"id": g + 1, "image_id": 1, "category_id": 1, "bbox": [bx, by, bw, bh], "area": 0.6 * bw * bh,
                    "iscrowd": 0, "keypoints": kp, "num_keypoints": sum(1 for i in range(2, 51, 3) if kp[i] > 0)})
    for d in range(m):
        g = gts[rnd.randrange(n)]["bbox"]
        kp = []
        for _ in range(17):
            kp += [g[0] + rnd.random() * g[2] + rnd.gauss(0, 5), g[1] + rnd.random() * g[3] + rnd.gauss(0, 5), rnd.random()]
        dts.append({"image_id": 1, "category_id": 1, "keypoints": kp, "score": rnd.random()})
    return gts, dts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2000)
    a = ap.parse_args()
    rnd = random.Random(1)
    for m, n in ((20, 4), (20, 20)):
        gts, dts = matrix(m, n, rnd)
        gt = COCO()
        gt.dataset = {"images": [{"id": 1, "width": 700, "height": 700}], "annotations": gts,
                      "categories": [{"id": 1, "name": "person"}]}
        gt.createIndex()
        dt = gt.loadRes(dts)
        e = COCOeval(gt, dt, "keypoints")
        e.params.imgIds = [1]
        e._prepare()
        e.computeOks(1, 1)  # warm
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.repeat):
            e.computeOks(1, 1)
        w, c = time.perf_counter() - w0, time.process_time() - c0
        print("pycocotools computeOks %dx%d: %.1f us per matrix wall, %.1f us CPU (%d calls)"
              % (m, n, w / a.repeat * 1e6, c / a.repeat * 1e6, a.repeat))


if __name__ == "__main__":
    main()
