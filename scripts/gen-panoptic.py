#!/usr/bin/env python3
"""Writes a synthetic COCO panoptic set (ground truth + predictions) for timing runs.

usage: scripts/gen-panoptic.py OUT_DIR [--images N] [--size WxH] [--seed S]

OUT_DIR gets panoptic_gt.json, gt/*.png, panoptic_pred.json, pred/*.png. Stuff bands and rectangular
things (some crowd) over VOID borders; predictions shift, drop, split and relabel them. Needs numpy and
Pillow. The numbers it yields are not reference values: expected values come from pq_compute.
"""
import argparse
import json
import os

import numpy as np
from PIL import Image

CATS = [{"id": i, "name": "thing%d" % i, "isthing": 1} for i in range(1, 41)] + \
       [{"id": 100 + i, "name": "stuff%d" % i, "isthing": 0} for i in range(1, 21)]


def write_png(path, ids):
    rgb = np.stack([ids & 255, (ids >> 8) & 255, (ids >> 16) & 255], axis=-1).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(path)


def segments(ids, cat_of, crowd_of, with_area):
    labels, counts = np.unique(ids, return_counts=True)
    out = []
    for label, count in zip(labels.tolist(), counts.tolist()):
        if label == 0:
            continue
        s = {"id": label, "category_id": cat_of[label]}
        if with_area:
            s["area"] = count
            s["iscrowd"] = crowd_of.get(label, 0)
            s["bbox"] = [0, 0, 1, 1]
        out.append(s)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--images", type=int, default=200)
    ap.add_argument("--size", default="640x480")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.split("x"))
    rnd = np.random.default_rng(a.seed)
    for d in ("gt", "pred"):
        os.makedirs(os.path.join(a.out, d), exist_ok=True)
    gt_ann, pred_ann, images = [], [], []
    for n in range(a.images):
        image_id = n + 1
        gt = np.zeros((h, w), np.int64)
        pred = np.zeros((h, w), np.int64)
        cat_of, crowd_of, pcat_of = {}, {}, {}
        used = set()

        def new_id():
            while True:
                v = int(rnd.integers(1, 1 << 24))
                if v not in used:
                    used.add(v)
                    return v
        bands = int(rnd.integers(2, 6))
        for b in range(bands):
            cat = CATS[40 + int(rnd.integers(0, 20))]["id"]
            g, p = new_id(), new_id()
            cat_of[g] = cat
            pcat_of[p] = cat if rnd.random() > 0.15 else CATS[40 + int(rnd.integers(0, 20))]["id"]
            y0, y1 = b * h // bands, (b + 1) * h // bands
            gt[y0:y1] = g
            s = int(rnd.integers(-h // 20, h // 20 + 1))
            pred[max(0, y0 + s):max(0, y1 + s)] = p
        for t in range(int(rnd.integers(5, 30))):
            cat = CATS[int(rnd.integers(0, 40))]["id"]
            g = new_id()
            cat_of[g] = cat
            if rnd.random() < 0.05:
                crowd_of[g] = 1
            bw, bh = int(rnd.integers(4, w // 3)), int(rnd.integers(4, h // 3))
            x0, y0 = int(rnd.integers(0, w - bw)), int(rnd.integers(0, h - bh))
            gt[y0:y0 + bh, x0:x0 + bw] = g
            if rnd.random() < 0.15:
                continue  # missed
            dx, dy = (int(v) for v in rnd.integers(-bw // 4 - 1, bw // 4 + 2, 2))
            p = new_id()
            pcat_of[p] = cat if rnd.random() > 0.1 else CATS[int(rnd.integers(0, 40))]["id"]
            px0, py0 = max(0, x0 + dx), max(0, y0 + dy)
            pred[py0:py0 + bh, px0:px0 + bw] = p
            if rnd.random() < 0.2:  # split
                q = new_id()
                pcat_of[q] = pcat_of[p]
                pred[py0:py0 + bh, px0:px0 + bw // 2] = q
        gt[:, :2] = 0
        gt[:2, :] = 0
        pred[pred == 0] = 0
        name = "%012d.png" % image_id
        write_png(os.path.join(a.out, "gt", name), gt)
        write_png(os.path.join(a.out, "pred", name), pred)
        images.append({"id": image_id, "width": w, "height": h, "file_name": "%012d.jpg" % image_id})
        gt_ann.append({"image_id": image_id, "file_name": name, "segments_info": segments(gt, cat_of, crowd_of, True)})
        pred_ann.append({"image_id": image_id, "file_name": name,
                         "segments_info": segments(pred, pcat_of, {}, False)})
    with open(os.path.join(a.out, "panoptic_gt.json"), "w") as f:
        json.dump({"images": images, "annotations": gt_ann, "categories": CATS}, f)
    with open(os.path.join(a.out, "panoptic_pred.json"), "w") as f:
        json.dump({"annotations": pred_ann}, f)


if __name__ == "__main__":
    main()
