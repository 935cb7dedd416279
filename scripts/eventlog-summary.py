#!/usr/bin/env python3
"""Summarises a Spark event log per stage: what docs/benchmarks.md's scale-out numbers are read from.

    OVERLAP_JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.dir=/tmp/events" \
      scripts/overlap detection ...
    scripts/eventlog-summary.py /tmp/events/eventlog_v2_local-1234567890   (a rolling log's folder, or one file)

For each completed stage, in order: its job description (the job group Overlap sets), tasks, wall time,
summed task run time and CPU, shuffle bytes and records written and read, bytes spilled, and the slowest
task against the median (skew). Then totals per job description, and shuffle bytes per record.
"""
import json
import os
import re
import statistics
import sys


def lines(path):
    """The events of a log file, or of a rolling log folder (eventlog_v2_*: events_N_* files, N in order)."""
    files = [path]
    if os.path.isdir(path):
        parts = [f for f in os.listdir(path) if f.startswith("events_")]
        parts.sort(key=lambda f: int(re.match(r"events_(\d+)_", f).group(1)))
        files = [os.path.join(path, f) for f in parts]
    for name in files:
        if name.endswith((".zstd", ".lz4", ".snappy", ".lzf")):
            sys.exit(f"{name}: compressed; log with -Dspark.eventLog.compress=false")
        with open(name, encoding="utf-8") as f:
            yield from f


def main(path):
    stages = {}
    tasks = {}
    desc_of_job = {}
    job_of_stage = {}
    for line in lines(path):
        e = json.loads(line)
        ev = e.get("Event")
        if ev == "SparkListenerJobStart":
            props = e.get("Properties") or {}
            d = props.get("spark.job.description") or props.get("spark.jobGroup.id") or "(no description)"
            desc_of_job[e["Job ID"]] = d
            for s in e.get("Stage IDs", []):
                job_of_stage.setdefault(s, e["Job ID"])
        elif ev == "SparkListenerTaskEnd":
            m = e.get("Task Metrics") or {}
            info = e.get("Task Info") or {}
            tasks.setdefault(e["Stage ID"], []).append((info.get("Finish Time", 0) - info.get("Launch Time", 0), m))
        elif ev == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            stages[s["Stage ID"]] = s
    if not stages:
        sys.exit(f"{path}: no completed stages")
    rows = []
    print(f"{'stage':>5} {'tasks':>5} {'wall s':>7} {'task s':>7} {'cpu s':>6} {'shuf wr MB':>10} {'wr recs':>9} "
          f"{'shuf rd MB':>10} {'spill MB':>8} {'max/med':>7}  job")
    for sid in sorted(stages):
        s = stages[sid]
        ts = tasks.get(sid, [])
        wall = (s.get("Completion Time", 0) - s.get("Submission Time", 0)) / 1e3
        run = sum(m.get("Executor Run Time", 0) for _, m in ts) / 1e3
        cpu = sum(m.get("Executor CPU Time", 0) for _, m in ts) / 1e9
        sw = sum((m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0) for _, m in ts)
        swr = sum((m.get("Shuffle Write Metrics") or {}).get("Shuffle Records Written", 0) for _, m in ts)
        sr = sum((m.get("Shuffle Read Metrics") or {}).get("Remote Bytes Read", 0)
                 + (m.get("Shuffle Read Metrics") or {}).get("Local Bytes Read", 0) for _, m in ts)
        spill = sum(m.get("Disk Bytes Spilled", 0) for _, m in ts)
        durs = sorted(d for d, _ in ts)
        skew = (durs[-1] / statistics.median(durs)) if durs and statistics.median(durs) > 0 else 1.0
        job = desc_of_job.get(job_of_stage.get(sid), "?")
        rows.append((job, wall, run, cpu, sw, swr))
        print(f"{sid:>5} {len(ts):>5} {wall:>7.2f} {run:>7.2f} {cpu:>6.2f} {sw / 1e6:>10.1f} {swr:>9} "
              f"{sr / 1e6:>10.1f} {spill / 1e6:>8.1f} {skew:>7.2f}  {job}")
    print()
    print("per job description: stage wall s, task s, cpu s")
    seen = {}
    for job, wall, run, cpu, _, _ in rows:
        a = seen.setdefault(job, [0.0, 0.0, 0.0])
        a[0] += wall
        a[1] += run
        a[2] += cpu
    for job, (wall, run, cpu) in seen.items():
        print(f"  {wall:7.2f} {run:7.2f} {cpu:7.2f}  {job}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
