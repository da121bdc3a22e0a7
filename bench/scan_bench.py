"""End-to-end scan benchmark: N events with ~1 KB prompts, scanned by `distillguard scan`.

Usage::

    .venv/bin/python bench/scan_bench.py --events 1000000 [--format parquet|jsonl] [--keep]

Generates the log once into bench/out/ (not part of the measurement), then runs the scan in a
child process and reports wall time, events/s and the child's peak resident memory.
The traffic is synthetic on purpose (the benchmark measures speed, not detection): 20k accounts
with heavy-tailed volume, prompts of realistic length assembled from a word list with templated
wrappers for a few hundred accounts, and the usual request parameters.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parent / "out"
WORDS = (
    "the model answer question explain why how what data system user code function python error "
    "value list table query result reason step think analysis policy rule safety history science "
    "market price energy water health school student teacher write story poem email summary "
    "translate french spanish german chinese network server request response token output input "
    "design build test deploy cloud account security risk review report plan budget team project"
).split()


def generate(n: int, path: Path, fmt: str, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    n_acc = 20_000
    weights = rng.pareto(1.2, n_acc) + 1
    weights /= weights.sum()
    t0 = 1_764_547_200_000  # 2025-12-01
    span = 21 * 86_400_000
    words = np.array(WORDS)
    wrappers = [
        "You are a meticulous expert. Answer the question below and show every step of your reasoning.\n\nQuestion: {}\n\nThink step by step.",
        "Respond as a helpful assistant. Task: {} Provide a detailed, complete answer.",
    ]
    batch = 100_000
    writer = None
    fh = None
    if fmt == "jsonl":
        fh = path.open("w", encoding="utf-8")
    for start in range(0, n, batch):
        m = min(batch, n - start)
        acct = rng.choice(n_acc, m, p=weights)
        ts = np.sort(rng.integers(t0, t0 + span, m))
        lens = np.clip(rng.lognormal(5.0, 0.6, m).astype(int), 5, 800)  # words; ~1 KB average
        prompts = []
        for i in range(m):
            body = " ".join(words[rng.integers(0, len(words), lens[i])])
            if acct[i] % 97 == 0:
                body = wrappers[acct[i] % 2].format(body)
            prompts.append(body)
        tbl = pa.table({
            "ts": pa.array(ts, pa.timestamp("ms", tz="UTC")),
            "request_id": pa.array([f"req-{start + i:09d}" for i in range(m)]),
            "account_id": pa.array([f"acct-{a:05d}" for a in acct]),
            "ip": pa.array([f"10.{a % 200}.{(a // 200) % 250}.{a % 251}" for a in acct]),
            "asn": pa.array((64_512 + acct % 300).astype(np.int64)),
            "user_agent": pa.array([f"sdk/{a % 7}.0" for a in acct]),
            "model": pa.array(["model-large"] * m),
            "prompt": pa.array(prompts),
            "input_tokens": pa.array((lens * 1.3).astype(np.int64)),
            "output_tokens": pa.array(rng.integers(1, 1500, m)),
            "max_tokens": pa.array(rng.choice([256, 1024, 4096], m)),
            "temperature": pa.array(rng.choice([0.0, 0.7, 1.0], m)),
            "status": pa.array(np.full(m, 200, np.int64)),
        })
        if fmt == "parquet":
            if writer is None:
                writer = pq.ParquetWriter(path, tbl.schema, compression="zstd")
            writer.write_table(tbl)
        else:
            assert fh is not None
            for row in tbl.to_pylist():
                row["ts"] = row["ts"].isoformat()
                fh.write(json.dumps(row) + "\n")
    if writer is not None:
        writer.close()
    if fh is not None:
        fh.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    ap.add_argument("--keep", action="store_true", help="keep the scan output")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"bench-{args.events}.{ 'parquet' if args.format == 'parquet' else 'jsonl'}"
    if not log.exists():
        t = time.perf_counter()
        generate(args.events, log, args.format)
        print(f"generated {log} ({log.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    out = OUT / f"scan-{args.events}"
    if (out / "scan.duckdb").exists():
        (out / "scan.duckdb").unlink()
    cmd = [sys.executable, "-m", "distillguard", "scan", str(log), "--out", str(out), "--no-progress"]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = json.loads((out / "summary.json").read_text())
    result = {
        "events": args.events,
        "format": args.format,
        "wall_s": round(wall, 1),
        "events_per_s": round(args.events / wall),
        "peak_rss_gib": round(peak_kib / 1024 / 1024, 2),
        "stage_timings_s": summary.get("timings"),
        "cpus": os.cpu_count(),
        "command": " ".join(["python", "bench/scan_bench.py", f"--events {args.events}", f"--format {args.format}"]),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
