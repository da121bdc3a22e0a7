"""Spark engine benchmark: the scan benchmark's log, scanned with ``--engine spark`` in local mode.

Usage::

    .venv/bin/python bench/spark_bench.py --events 1000000 [--master local[2]] [--driver-memory 4g] [--no-baseline]

Generates the log once into bench/out/ with ``bench/scan_bench.py``'s generator (same synthetic
traffic: 20k accounts, ~1 KB prompts), then, each in a child process:

* the Spark scan (``Scan(engine=SparkEngine(master))``), timing every stage of the scan and every
  step of the engine (ingest, the per-event function, each stage table of the profile build);
* unless ``--no-baseline``, the embedded DuckDB scan of the same log, for the ratio.

Reports wall time, events/s, the peak resident memory of the child's whole process tree (the
Python driver, its JVM and the Python workers, sampled every 0.2 s), where the time goes, and the
size of the per-account tables the driver collects (bytes per account).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = r"""
import json, sys, time
from pathlib import Path
from distillguard.scan import Scan
log, out, engine, master, memory, result = sys.argv[1:7]
if engine == "spark":
    from distillguard.engines.spark import SparkEngine
    eng = SparkEngine(master, conf={"spark.driver.memory": memory, "spark.sql.shuffle.partitions": sys.argv[7]})
    eng.spark.range(1).count()  # the JVM's start is not part of the scan
else:
    from distillguard.engines.duckdb import DuckDBEngine
    eng = DuckDBEngine()
t = time.perf_counter()
r = Scan(engine=eng).run([log], out)
wall = time.perf_counter() - t
info = {"wall_s": wall, "timings": r.summary.get("timings"), "engine_steps": getattr(eng, "timings", {})}
if engine == "spark":
    from distillguard.engines.spark import collected_bytes
    info["collected"] = collected_bytes(eng)
Path(result).write_text(json.dumps(info))
"""


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it (from /proc)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parent[int(d)] = int(fields[1])
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(c for c, pp in parent.items() if pp == p)
    return total


def _run(cmd: list[str]) -> tuple[float, int]:
    """Run ``cmd``; its wall time and the peak RSS of its process tree."""
    peak = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    rc = proc.wait()
    done.set()
    th.join()
    if rc != 0:
        raise SystemExit(f"{cmd[:4]} failed with exit code {rc}")
    return time.perf_counter() - t, peak


def main() -> None:
    from scan_bench import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--driver-memory", default="4g", help="the local-mode JVM's heap (driver and executors are one JVM)")
    ap.add_argument("--shuffle-partitions", default="8")
    ap.add_argument("--no-baseline", action="store_true", help="skip the embedded DuckDB scan of the same log")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"bench-{args.events}.parquet"
    if not log.exists():
        t = time.perf_counter()
        generate(args.events, log, "parquet")
        print(f"generated {log} ({log.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    runs = {}
    for engine in ("spark",) if args.no_baseline else ("spark", "duckdb"):
        out = OUT / f"{engine}-scan-{args.events}"
        res = OUT / f"{engine}-result-{args.events}.json"
        cmd = [sys.executable, "-c", CHILD, str(log), str(out), engine, args.master, args.driver_memory, str(res), args.shuffle_partitions]
        _, peak = _run(cmd)
        info = json.loads(res.read_text())
        runs[engine] = {
            "wall_s": round(info["wall_s"], 1),
            "events_per_s": round(args.events / info["wall_s"]),
            "peak_rss_gib": round(peak / 2**30, 2),
            "stage_timings_s": info["timings"],
            **({"engine_steps_s": {k: round(v, 2) for k, v in info["engine_steps"].items()}} if info["engine_steps"] else {}),
            **({"collected_to_driver": info["collected"]} if "collected" in info else {}),
        }
    result = {
        "events": args.events,
        "master": args.master,
        "driver_memory": args.driver_memory,
        "cpus": os.cpu_count(),
        "runs": runs,
        "command": f"python bench/spark_bench.py --events {args.events} --master {args.master} --driver-memory {args.driver_memory}"
                   + (" --no-baseline" if args.no_baseline else ""),
    }
    if "duckdb" in runs:
        result["spark_over_duckdb_wall"] = round(runs["spark"]["wall_s"] / runs["duckdb"]["wall_s"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
