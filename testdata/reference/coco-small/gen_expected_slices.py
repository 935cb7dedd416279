#!/usr/bin/env python3
"""Expected values of --slice-by on coco-small, from pycocotools (2.0.11): each slice evaluated alone with
params.imgIds set to its images. The slice fields are added to the ground truth's image records by a fixed rule
(the test applies the same rule):

  weather = ["rain", "sun", "fog"][id % 3], absent when id % 7 == 0
  camera  = id % 2 (a number)

  python3 gen_expected_slices.py > expected-slices.json
"""
import contextlib
import io
import json
import os
import tempfile

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

HERE = os.path.dirname(os.path.abspath(__file__))


def weather(i):
    return None if i % 7 == 0 else ["rain", "sun", "fog"][i % 3]


def main():
    g = json.load(open(os.path.join(HERE, "instances_gt.json")))
    for im in g["images"]:
        if weather(im["id"]) is not None:
            im["weather"] = weather(im["id"])
        im["camera"] = im["id"] % 2
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(g, f)
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(f.name)
        dt = gt.loadRes(os.path.join(HERE, "detections.json"))
    os.unlink(f.name)
    out = {"rule": "weather = ['rain','sun','fog'][id % 3] (absent when id % 7 == 0); camera = id % 2",
           "slices": {}, "per_class_ap": {}}
    for field, value_of in (("weather", lambda im: im.get("weather")), ("camera", lambda im: str(im["camera"]))):
        groups = {}
        for im in g["images"]:
            groups.setdefault(value_of(im), []).append(im["id"])
        out["slices"][field] = {}
        for value, ids in sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
            e = COCOeval(gt, dt, "bbox")
            e.params.imgIds = sorted(ids)
            with contextlib.redirect_stdout(io.StringIO()):
                e.evaluate()
                e.accumulate()
                e.summarize()
            key = "null" if value is None else value
            out["slices"][field][key] = {"images": len(ids), "stats": [float(x) for x in e.stats]}
            # per class AP: precision[T, R, K, area all, maxDets 100], mean of the entries > -1
            p = e.eval["precision"][:, :, :, 0, 2]
            ap = {}
            for k, cid in enumerate(e.params.catIds):
                v = p[:, :, k]
                v = v[v > -1]
                ap[str(cid)] = float(np.mean(v)) if v.size else -1.0
            out["per_class_ap"][field + "=" + key] = ap
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
