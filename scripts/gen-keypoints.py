#!/usr/bin/env python3
"""Seeded COCO person-keypoints benchmark set: ground truth and keypoint results (official format, no bbox).

  scripts/gen-keypoints.py --images 10000 --out bench-out/kpt-10k

Writes OUT/person_keypoints_gt.json and OUT/keypoints_results.json. About 3 persons per image (a fifth of them
small and unlabelled: num_keypoints 0), 1 % crowd regions; results: noisy copies of the persons' keypoints plus
false alarms, up to 25 per image (so pycocotools' maxDets 20 cut applies).
"""
import argparse
import json
import os
import random

K = 17


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    images, anns, res = [], [], []
    ann_id = 1
    for i in range(a.images):
        img_id = i + 1
        w, h = rnd.choice([(640, 480), (640, 427), (480, 640)])
        images.append({"id": img_id, "width": w, "height": h, "file_name": "%012d.jpg" % img_id})
        for _ in range(rnd.randint(0, 6)):
            bw, bh = rnd.uniform(10, w / 2), rnd.uniform(20, h / 1.5)
            x, y = rnd.uniform(0, w - bw), rnd.uniform(0, h - bh)
            crowd = rnd.random() < 0.01
            small = bw * bh < 1500 or rnd.random() < 0.1
            kps, nk = [], 0
            for _k in range(K):
                if crowd or small or rnd.random() < 0.25:
                    kps += [0, 0, 0]
                else:
                    kps += [round(x + rnd.uniform(0, bw)), round(y + rnd.uniform(0, bh)), rnd.choice([1, 2, 2])]
                    nk += 1
            area = round(bw * bh * rnd.uniform(0.4, 0.8), 2)
            anns.append({"id": ann_id, "image_id": img_id, "category_id": 1, "bbox": [round(x, 2), round(y, 2),
                         round(bw, 2), round(bh, 2)], "area": area, "iscrowd": int(crowd), "num_keypoints": nk,
                         "keypoints": kps})
            ann_id += 1
            for _d in range(rnd.randint(0, 3)):
                s = (area ** 0.5) * rnd.uniform(0.02, 0.3)
                kp = []
                for k in range(K):
                    gx, gy = kps[3 * k], kps[3 * k + 1]
                    if kps[3 * k + 2] == 0:
                        gx, gy = x + rnd.uniform(0, bw), y + rnd.uniform(0, bh)
                    kp += [round(gx + rnd.gauss(0, s), 2), round(gy + rnd.gauss(0, s), 2), round(rnd.random(), 3)]
                res.append({"image_id": img_id, "category_id": 1, "keypoints": kp, "score": round(rnd.random(), 4)})
        for _f in range(rnd.randint(0, 8)):
            kp = []
            for k in range(K):
                kp += [round(rnd.uniform(0, w), 2), round(rnd.uniform(0, h), 2), round(rnd.random(), 3)]
            res.append({"image_id": img_id, "category_id": 1, "keypoints": kp, "score": round(rnd.random() * 0.5, 4)})
    cats = [{"id": 1, "name": "person", "supercategory": "person",
             "keypoints": ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                           "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
                           "left_knee", "right_knee", "left_ankle", "right_ankle"]}]
    with open(os.path.join(a.out, "person_keypoints_gt.json"), "w") as f:
        json.dump({"images": images, "annotations": anns, "categories": cats}, f, separators=(",", ":"))
    with open(os.path.join(a.out, "keypoints_results.json"), "w") as f:
        json.dump(res, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
