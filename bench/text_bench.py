"""The per-event text features alone: ``text_features`` over the scan benchmark's prompts.

Usage::

    .venv/bin/python bench/text_bench.py [--rows 50000] [--repeat 4]

Reads the first ``--rows`` prompts of ``bench/out/bench-1000000.parquet`` (written by
``bench/scan_bench.py --events 1000000``), runs ``text_features`` on them once to warm up, then
``--repeat`` times, and prints the best wall time, per row, as JSON.  One thread, no engine: the
function every engine maps.  To compare two trees in the same run, run it once per tree with
``PYTHONPATH=<tree>/src`` (the JSON names the module file it measured).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq

LOG = Path(__file__).resolve().parent / "out" / "bench-1000000.parquet"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args()
    import distillguard.features.text as T

    if not LOG.exists():
        raise SystemExit(f"{LOG} is missing: run bench/scan_bench.py --events 1000000 first")
    prompts = pq.read_table(LOG, columns=["prompt"]).slice(0, args.rows).column("prompt").combine_chunks()
    T.text_features(prompts)
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        T.text_features(prompts)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"rows": len(prompts), "best_s": round(best, 3), "us_per_row": round(best / len(prompts) * 1e6, 1),
                      "module": T.__file__, "cpus": os.cpu_count(), "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
