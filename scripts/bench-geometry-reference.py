#!/usr/bin/env python3
"""Rotated-box IoU with shapely, as the box3d-small reference computes it (footprint polygons from the
corners, intersection area; 3D = area x z overlap), timed on the same pairs and repeat count as
dev.overlap.bench.GeometryTiming. Prints one line per IoU kind: wall and CPU seconds, pairs per second.

    python3 scripts/bench-geometry-reference.py --pairs testdata/reference/box3d-small/iou-pairs.json --repeat 20
"""
import argparse
import json
import math
import time

from shapely.geometry import Polygon


def corners(b):
    cx, cy, _, l, w, _, yaw = b
    c, s = math.cos(yaw), math.sin(yaw)
    return [(cx + c * dx - s * dy, cy + s * dx + c * dy)
            for dx, dy in ((l / 2, w / 2), (-l / 2, w / 2), (-l / 2, -w / 2), (l / 2, -w / 2))]


def iou(b1, b2, volume):
    a1, a2 = b1[3] * b1[4], b2[3] * b2[4]
    inter = Polygon(corners(b1)).intersection(Polygon(corners(b2))).area
    if not volume:
        u = a1 + a2 - inter
        return 0.0 if u == 0 else inter / u
    dz = max(0.0, min(b1[2] + b1[5] / 2, b2[2] + b2[5] / 2) - max(b1[2] - b1[5] / 2, b2[2] - b2[5] / 2))
    v = inter * dz
    u = a1 * b1[5] + a2 * b2[5] - v
    return 0.0 if u == 0 else v / u


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", default="testdata/reference/box3d-small/iou-pairs.json")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    pairs = [(p["box1"], p["box2"], p["bev_iou"], p["iou_3d"]) for p in json.load(open(args.pairs))["pairs"]]
    worst = 0.0
    for kind in ("bev", "3d"):
        volume = kind == "3d"
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(args.repeat):
            for b1, b2, e_bev, e_3d in pairs:
                v = iou(b1, b2, volume)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        for b1, b2, e_bev, e_3d in pairs:
            worst = max(worst, abs(iou(b1, b2, volume) - (e_3d if volume else e_bev)))
        total = len(pairs) * args.repeat
        print("shapely %-3s pairs=%d wall_s=%.3f cpu_s=%.3f pairs_per_s=%.0f" % (kind, total, wall, cpu, total / wall))
    print("shapely max |IoU - expected| on the file: %.2e" % worst)


if __name__ == "__main__":
    main()
