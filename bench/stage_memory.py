"""Time and peak memory of one scan stage alone: the reader, the ingest, or the per-event features.

Usage::

    .venv/bin/python bench/scan_bench.py --events 1000000                     # the log
    .venv/bin/distillguard scan bench/out/bench-1000000.parquet --out bench/out/store-1m   # a store
    .venv/bin/python bench/stage_memory.py read bench/out/bench-1000000.jsonl.gz [--batch-size 25000]
    .venv/bin/python bench/stage_memory.py ingest bench/out/bench-1000000.parquet [--memory-limit 1.5GB]
    .venv/bin/python bench/stage_memory.py features bench/out/store-1m/scan.duckdb [--memory-limit 1.5GB] [--batch-size 25000]

``read`` only reads the log: every validated batch of ``readers.iter_batches``, counted
(before the ingest's duplicate check) and dropped; bad rows go to a temporary rejects file.
``ingest`` reads the log into a fresh store in a temporary directory (``DuckDBEngine.ingest``,
what ``scan`` does first). ``features`` copies the store to a temporary directory, drops its
``event_features`` and recomputes them (``DuckDBEngine.map_events`` of ``event_columns``, on the
engine's threads). Each prints one JSON line: seconds, this process's peak resident memory
(``ru_maxrss``) and the settings. Run each configuration in its own process, interleaved: the
peak is per process. To compare two trees, run it with ``PYTHONPATH=<tree>/src``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["read", "ingest", "features"])
    ap.add_argument("path", type=Path, help="the log (read, ingest) or a scan store (features)")
    ap.add_argument("--memory-limit", default="1.5GB")
    ap.add_argument("--batch-size", type=int, default=25_000)
    args = ap.parse_args()
    import distillguard.engines.duckdb as D
    from distillguard.features import profile as P

    with tempfile.TemporaryDirectory(prefix="dg-stage-") as tmp:
        d = Path(tmp)
        engine = None
        if args.stage == "read":
            from distillguard.events import readers as R
            from distillguard.events.rejects import RejectsWriter

            t = time.perf_counter()
            with RejectsWriter(d / "rejects.jsonl") as rejects:
                rows = sum(b.num_rows for b in R.iter_batches(args.path, rejects=rejects, batch_size=args.batch_size))
        elif args.stage == "ingest":
            engine = D.DuckDBEngine(d / "scan.duckdb", memory_limit=args.memory_limit, batch_size=args.batch_size)
            engine.open(d)
            t = time.perf_counter()
            rows = engine.ingest([args.path], rejects_path=d / "rejects.jsonl").rows_loaded
        else:
            shutil.copy(args.path, d / "scan.duckdb")
            engine = D.DuckDBEngine(d / "scan.duckdb", memory_limit=args.memory_limit, batch_size=args.batch_size)
            engine.open(d, append=True)
            engine.con.execute("DROP TABLE IF EXISTS event_features")
            engine.con.execute("CHECKPOINT")
            t = time.perf_counter()
            rows = engine.map_events(P.event_columns, columns=list(P.EVENT_INPUTS), schema=P.EVENT_COLUMNS_SCHEMA)
        seconds = time.perf_counter() - t
        if engine is not None:
            engine.close()
    print(json.dumps({
        "stage": args.stage, "rows": rows, "seconds": round(seconds, 2),
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "memory_limit": args.memory_limit, "batch_size": args.batch_size, "module": D.__file__,
    }))


if __name__ == "__main__":
    main()
