"""Time and peak memory of each stage *inside* one scan, and of each table of the profile stage.

Usage::

    .venv/bin/python bench/scan_bench.py --events 1000000 --format parquet      # the log
    .venv/bin/python bench/scan_stages.py bench/out/bench-1000000.parquet [--out /tmp/scan-stages]

Runs ``Scan().run`` on the log in this process (default settings, the embedded DuckDB engine),
samples this process's resident memory every 50 ms, and prints, as one JSON line, the peak per
stage (the scan's own progress stages, each until the next begins, the last until the end; the
profile stage split by the table being built) and the
seconds of every table the profile stage builds. A step timed here sees the engine as the scan
leaves it (DuckDB's cache warm from the text stage); the same step timed on a copied store, with
a cold cache, can look several times costlier. To compare two trees, run it with
``PYTHONPATH=<tree>/src``, interleaved, one process per run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any


def _rss_gib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 2**20
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("log", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/scan-stages"))
    args = ap.parse_args()
    import distillguard.engines.duckdb as D
    from distillguard.scan import Scan, StageHandle

    where = ["start"]
    peaks: dict[str, float] = {}
    tables: dict[str, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            r, k = _rss_gib(), where[0]
            peaks[k] = max(peaks.get(k, 0.0), r)
            time.sleep(0.05)

    create = D._create_as

    def timed_create(con: Any, name: str, sql: str) -> None:
        where[0] = f"profiles: {name}"
        t = time.perf_counter()
        create(con, name, sql)
        tables[name] = round(time.perf_counter() - t, 3)
        where[0] = "profiles: other"

    D._create_as = timed_create

    def stage(name: str, total: int | None) -> StageHandle:
        where[0] = name
        return StageHandle()  # the scan's own do-nothing handle: only the stage's name is wanted

    shutil.rmtree(args.out, ignore_errors=True)
    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    result = Scan(stage=stage).run([args.log], args.out)
    wall = time.perf_counter() - t0
    stop.set()
    print(json.dumps({
        "log": str(args.log), "wall_s": round(wall, 2), "stage_timings_s": result.summary.get("timings"),
        "profile_tables_s": tables, "peak_rss_gib": {k: round(v, 2) for k, v in peaks.items()},
    }))


if __name__ == "__main__":
    main()
