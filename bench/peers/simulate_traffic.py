"""Labelled traffic for the peer benchmark: ``distillguard simulate``'s default scenario at a size.

The size is reached through the simulator's own ``--days`` knob: the default scenario is simulated
once; where its event count is not within 0.7–1.4× of the target, it is simulated again over
``days × target / events`` days (the same population, a longer or shorter span), so the two sizes
differ by how long the log runs, which is how a real log grows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from _common import DAY_MS, read_events


def _run(out: Path, seed: int, corpora: Path | None, days: int | None) -> Path:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "distillguard", "simulate", "--scenario", "default", "--seed", str(seed), "--out", str(out)]
    if corpora is not None:
        cmd += ["--corpora", str(corpora)]
    if days is not None:
        cmd += ["--days", str(days)]
    subprocess.run(cmd, check=True)
    return out


def _count_and_days(out: Path) -> tuple[int, int]:
    ts = read_events(next(p for p in (out / "events.parquet", out / "events.jsonl.gz", out / "events.jsonl") if p.exists()), ()).column("ts").to_numpy()
    n = len(ts)
    days = max(1, round((int(ts.max()) - int(ts.min())) / DAY_MS)) if n else 1
    return n, days


def simulate(events: int, *, seed: int, corpora: Path | None, out: Path) -> Path:
    """Write about ``events`` events of the default scenario into ``out``; return ``out``."""
    _run(out, seed, corpora, None)
    n, days = _count_and_days(out)
    if n and not 0.7 * events <= n <= 1.4 * events:
        want = max(1, round(days * events / n))
        print(f"default scenario: {n:,} events over {days} days; re-simulating over {want} days for ~{events:,}", file=sys.stderr)
        _run(out, seed, corpora, want)
    return out
