#!/usr/bin/env python3
"""Seeded LVIS-style benchmark set: ground truth (images with neg_category_ids / not_exhaustive_category_ids,
categories with r/c/f frequency) and bbox results with a fixed number of results per image.

  scripts/gen-lvis.py --images 20000 --categories 1203 --dets 300 --out bench-out/lvis-20k

Writes OUT/lvis_gt.json and OUT/lvis_results.json (a JSON array). Frequencies follow LVIS v1's proportions
(337 r, 461 c, 405 f of 1203); about 12 ground truths per image from 1 to 6 categories; results: noisy copies
of the image's ground truths, results of its negative categories, and the rest spread over random categories
(most then dropped by the federated filter, as with a real detector's long tail).
"""
import argparse
import json
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=20000)
    ap.add_argument("--categories", type=int, default=1203)
    ap.add_argument("--dets", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    k = a.categories
    n_r, n_c = round(k * 337 / 1203), round(k * 461 / 1203)
    freq = ["r"] * n_r + ["c"] * n_c + ["f"] * (k - n_r - n_c)
    rnd.shuffle(freq)
    # frequent categories appear in more images
    weight = {"r": 1, "c": 8, "f": 60}
    cat_ids = list(range(1, k + 1))
    weights = [weight[f] for f in freq]
    images, anns = [], []
    gt_of = []
    ann_id = 1
    for i in range(a.images):
        img_id = i + 1
        w, h = rnd.choice([(640, 480), (640, 427), (480, 640), (500, 375)])
        present = sorted(set(rnd.choices(cat_ids, weights=weights, k=rnd.randint(1, 6))))
        boxes = []
        for c in present:
            for _ in range(rnd.randint(1, 4)):
                bw = rnd.uniform(8, w / 2)
                bh = rnd.uniform(8, h / 2)
                x = rnd.uniform(0, w - bw)
                y = rnd.uniform(0, h - bh)
                box = [round(x, 2), round(y, 2), round(bw, 2), round(bh, 2)]
                anns.append({"id": ann_id, "image_id": img_id, "category_id": c, "bbox": box,
                             "area": round(bw * bh * rnd.uniform(0.5, 0.9), 2)})
                boxes.append((c, box))
                ann_id += 1
        absent = [c for c in rnd.sample(cat_ids, 12) if c not in present][:8]
        not_exh = [c for c in present if rnd.random() < 0.05]
        images.append({"id": img_id, "width": w, "height": h, "file_name": "%012d.jpg" % img_id,
                       "neg_category_ids": absent, "not_exhaustive_category_ids": not_exh})
        gt_of.append((w, h, boxes, absent))
    cats = [{"id": c, "name": "thing_%04d" % c, "synset": "thing_%04d.n.01" % c, "frequency": freq[c - 1]}
            for c in cat_ids]
    with open(os.path.join(a.out, "lvis_gt.json"), "w") as f:
        json.dump({"images": images, "annotations": anns, "categories": cats}, f, separators=(",", ":"))
    with open(os.path.join(a.out, "lvis_results.json"), "w") as f:
        f.write("[")
        first = True
        for i, (w, h, boxes, absent) in enumerate(gt_of):
            img_id = i + 1
            for j in range(a.dets):
                r = rnd.random()
                if r < 0.3 and boxes:
                    c, b = rnd.choice(boxes)
                    jx, jy = rnd.gauss(0, 0.1) * b[2], rnd.gauss(0, 0.1) * b[3]
                    box = [b[0] + jx, b[1] + jy, b[2] * rnd.uniform(0.8, 1.2), b[3] * rnd.uniform(0.8, 1.2)]
                    score = rnd.uniform(0.2, 1.0)
                elif r < 0.4 and absent:
                    c = rnd.choice(absent)
                    box = [rnd.uniform(0, w - 20), rnd.uniform(0, h - 20), rnd.uniform(5, 150), rnd.uniform(5, 150)]
                    score = rnd.uniform(0.0, 0.6)
                else:
                    c = rnd.choices(cat_ids, weights=weights)[0]
                    box = [rnd.uniform(0, w - 20), rnd.uniform(0, h - 20), rnd.uniform(5, 150), rnd.uniform(5, 150)]
                    score = rnd.uniform(0.0, 0.5)
                f.write(("" if first else ",") + '{"image_id":%d,"category_id":%d,"bbox":[%.2f,%.2f,%.2f,%.2f],"score":%.4f}'
                        % (img_id, c, box[0], box[1], box[2], box[3], score))
                first = False
        f.write("]")


if __name__ == "__main__":
    main()
