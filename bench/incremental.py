"""One day's incremental scan on top of stored days, as a ratio to a full re-scan in the same run.

Usage::

    .venv/bin/python bench/incremental.py --days 20 --per-day 50000        # small (1.05M events)
    .venv/bin/python bench/incremental.py --days 20 --per-day 500000       # full size (10.5M events)

Writes ``days + 1`` days of the scan benchmark's synthetic traffic (``bench/scan_bench.py``) as
``dt=YYYY-MM-DD/events.parquet`` partitions under bench/out/, then, each scan in a child process:

1. stores the first ``days`` days (``scan LOGS --incremental``; timed, reported as ``store_s``);
2. the next day arrives: ``scan LOGS --incremental`` reads only it and merges it in (``incremental``);
3. a full re-scan of all ``days + 1`` days into a fresh output (``full``);

and reports both wall times, their ratio, the stage timings and peak memory of each, and whether
the two give the same findings (flags, flag times, campaigns and their members).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import OUT, ensure_log, run_scan  # noqa: E402


def _findings(out: Path) -> tuple[list, list]:
    acc = [json.loads(x) for x in (out / "accounts.jsonl").read_text().splitlines()]
    camp = [json.loads(x) for x in (out / "campaigns.jsonl").read_text().splitlines()]
    return ([(a["account_id"], a["flagged"], a["flagged_at"], a["campaign"], a["events"]) for a in acc],
            sorted((c["campaign"], tuple(c["accounts"])) for c in camp))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=20, help="days stored before the new one")
    ap.add_argument("--per-day", type=int, default=50_000, help="events per day")
    ap.add_argument("--memory-limit", help="DuckDB memory limit (engine.memory_limit)")
    args = ap.parse_args()
    n = args.per_day * (args.days + 1)
    src = OUT / f"days-{args.days + 1}x{args.per_day}"
    ensure_log(n, src, days=args.days + 1, by_day=True)
    parts = sorted(src.iterdir())
    logs, store, fresh = OUT / f"incr-logs-{n}", OUT / f"incr-store-{n}", OUT / f"incr-full-{n}"
    for d in (logs, store, fresh):
        shutil.rmtree(d, ignore_errors=True)
    logs.mkdir(parents=True)
    extra = ["--set", f"engine.memory_limit={args.memory_limit}"] if args.memory_limit else []
    def arrive(part: Path) -> None:  # hard links: the day lands in the log root without a copy
        (logs / part.name).mkdir()
        for f in part.iterdir():
            os.link(f, logs / part.name / f.name)

    for p in parts[:-1]:
        arrive(p)
    stored = run_scan([str(logs), "--incremental", *extra], store)
    arrive(parts[-1])
    incr = run_scan([str(logs), "--incremental", *extra], store)
    full = run_scan([str(logs), *extra], fresh)
    same = _findings(store) == _findings(fresh)
    result = {
        "days_stored": args.days,
        "events_per_day": args.per_day,
        "events": n,
        "store_s": stored["wall_s"],
        "incremental_s": incr["wall_s"],
        "full_rescan_s": full["wall_s"],
        "ratio": round(incr["wall_s"] / full["wall_s"], 3),
        "incremental_profile_stage": incr["summary"].get("profile_stage"),
        "incremental_timings_s": incr["summary"].get("timings"),
        "full_timings_s": full["summary"].get("timings"),
        "peak_rss_gib": {"incremental": incr["peak_rss_gib"], "full": full["peak_rss_gib"]},
        "identical_findings": same,
        "cpus": os.cpu_count(),
        "command": " ".join(["python", "bench/incremental.py", *sys.argv[1:]]),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
