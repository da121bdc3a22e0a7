"""Where the profile stage's time goes: each table of the full rebuild, and the heaviest
operators of the ``event_flags`` query (DuckDB's own profiler), on an existing scan store.

Usage::

    .venv/bin/python bench/scan_bench.py --events 200000 --keep      # a store: bench/out/scan-200000/scan.duckdb
    .venv/bin/python bench/profile_stage.py bench/out/scan-200000/scan.duckdb [--top 15]

The store is opened read-only; every table is built as a temporary table and discarded.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    from distillguard.engines.duckdb import DuckDBEngine
    from distillguard.features import profile as P

    eng = DuckDBEngine(args.store, read_only=True)
    con = eng.con
    ib = eng._ibis()
    steps = [("event_flags", lambda: P.event_flags(ib.table("event_features")))]
    prof = Path(tempfile.mkdtemp()) / "profile.json"
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute(f"PRAGMA profiling_output = '{prof}'")
    t = time.perf_counter()
    con.execute(f"create temp table _ef as {eng._sql(steps[0][1]())}")
    wall = time.perf_counter() - t
    con.execute("PRAGMA disable_profiling")
    ops: list[tuple[float, str, str, int | None]] = []

    def walk(node: dict) -> None:
        ops.append((float(node.get("operator_timing", 0.0)), str(node.get("operator_type") or node.get("operator_name")),
                    json.dumps(node.get("extra_info", {}))[:160], node.get("operator_cardinality")))
        for c in node.get("children", []):
            walk(c)

    walk(json.loads(prof.read_text()))
    print(f"event_flags: {wall:.2f} s wall, {sum(o[0] for o in ops):.2f} s operator time")
    for secs, name, info, rows in sorted(ops, key=lambda o: -o[0])[: args.top]:
        print(f"{secs:8.2f} s  {name:<18} rows={rows}  {info}")
    ef = ib.table("_ef")
    for name, expr in (("profile_buckets", P.bucket_profiles(ef)), ("account_values", P.account_values(ef)),
                       ("account_wrappers", P.account_wrappers(ef)), ("sketch_elements", P.sketch_elements(ef))):
        t = time.perf_counter()
        con.execute(f"create temp table _{name} as {eng._sql(expr)}")
        print(f"{name:<18}{time.perf_counter() - t:8.2f} s")
    eng.close()


if __name__ == "__main__":
    main()
