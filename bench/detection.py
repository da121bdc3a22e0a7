"""Detection quality on simulated traffic with real corpora, several seeds, as markdown tables.

Usage::

    .venv/bin/python bench/detection.py --scenario default --seeds 1 2 [--corpora ../shared/data] [--days 3]

``--days`` simulates the scenario's population over fewer (or more) days: the same accounts with
fewer requests each, the traffic the peer benchmark (bench/peers) compresses to reach its size.
``--log events-only`` scans without the optional accounts table; ``--log hashed`` keeps prompts
only as ``prompt_sha256`` (no prompt, system prompt or response text).

For each seed: `distillguard simulate` (cached under bench/out/), `distillguard evaluate`, then one
overall table (the issue-3 bar) and one per-campaign table (coverage and purity: the issue-4 bar).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def _variant(traffic: Path, variant: str) -> Path:
    """The traffic as a log with less in it: ``events-only`` drops the accounts table,
    ``hashed`` keeps prompts only as ``prompt_sha256`` (no text, system prompt or response)."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    out = traffic.with_name(f"{traffic.name}-{variant}")
    if (out / "labels.jsonl").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    keep = ["labels.jsonl", "scenario.toml"] + (["accounts.jsonl"] if variant == "hashed" else [])
    for name in keep:
        (out / name).write_bytes((traffic / name).read_bytes())
    t = pq.read_table(traffic / "events.parquet")
    if variant == "hashed":
        sha = [None if p is None else hashlib.sha256(p.encode()).hexdigest() for p in t.column("prompt").to_pylist()]
        t = t.select([c for c in t.column_names if c not in ("prompt", "system", "response", "prompt_sha256")])
        t = t.append_column("prompt_sha256", pa.array(sha, pa.string()))
    pq.write_table(t, out / "events.parquet")
    return out


def run(scenario: str, seed: int, corpora: Path, days: int | None = None, variant: str = "full") -> tuple[dict, float]:
    traffic = OUT / (f"traffic-{scenario}-{seed}" if days is None else f"traffic-{scenario}-d{days}-{seed}")
    if not (traffic / "labels.jsonl").exists():
        cmd = [sys.executable, "-m", "distillguard", "simulate", "--scenario", scenario, "--corpora", str(corpora),
               "--seed", str(seed), "--out", str(traffic)]
        subprocess.run(cmd + ([] if days is None else ["--days", str(days)]), check=True, stdout=subprocess.DEVNULL)
    if variant != "full":
        traffic = _variant(traffic, variant)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "distillguard", "evaluate", str(traffic)], check=True, stdout=subprocess.DEVNULL)
    return json.loads((traffic / "findings" / "metrics.json").read_text()), time.perf_counter() - t


def _pct(x: float | None, digits: int = 0) -> str:
    return "-" if x is None else f"{x:.{digits}%}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="default")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--days", type=int, help="simulate the scenario's population over this many days")
    ap.add_argument("--log", choices=["full", "events-only", "hashed"], default="full",
                    help="events-only: scan without the accounts table; hashed: prompts kept only as prompt_sha256")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = {seed: run(a.scenario, seed, a.corpora, a.days, a.log) for seed in a.seeds}
    span = ("" if a.days is None else f" over {a.days} days") + ("" if a.log == "full" else f", log `{a.log}`")
    print(f"### scenario `{a.scenario}`{span}, seeds {', '.join(map(str, a.seeds))}\n")
    print("| seed | accounts | precision | recall | honest flagged | hard negatives flagged | campaigns detected | median requests before flag | scan+evaluate s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed, (m, secs) in results.items():
        o = m["overall"]
        print(f"| {seed} | {o['accounts']:,} | "
              f"{o['precision']:.3f} | {o['recall']:.3f} | {o['honest_flagged']}/{o['honest_accounts']} ({o['honest_flagged_share']:.2%}) | "
              f"{o['hard_negative_flagged']}/{o['hard_negative_accounts']} ({o['hard_negative_flagged_share']:.2%}) | "
              f"{o['campaigns_detected']}/{o['campaigns']} | {o['median_before_flag_share']:.1%} | {secs:.0f} |")
    print("\n| seed | campaign | members | flagged | requests before first flag | coverage | purity | capability named |")
    print("|---|---|---|---|---|---|---|---|")
    for seed, (m, _) in results.items():
        for c in m["campaigns"]:
            print(f"| {seed} | {c['scenario']} | {c['members']} | {c['members_flagged']} | {_pct(c['before_flag_share'], 1)} | "
                  f"{_pct(c['coverage'])} | {_pct(c['purity'])} | "
                  f"{'yes' if c['capability_named'] else 'no'} ({c['expected_capability']}) |")
    print("\n| seed | scenario | accounts | flagged |")
    print("|---|---|---|---|")
    for seed, (m, _) in results.items():
        for sc in m["scenarios"]:
            print(f"| {seed} | {sc['scenario']}{' (hard negative)' if sc.get('hard_negative') else ''} | {sc['accounts']} | {sc['flagged']} |")
    print("\nBar (issue 3):", "; ".join(f"seed {s}: {'pass' if m['passed'] else 'FAIL'}" for s, (m, _) in results.items()))


if __name__ == "__main__":
    main()
