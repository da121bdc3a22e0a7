"""Detection quality on simulated traffic with real corpora, several seeds, as markdown tables.

Usage::

    .venv/bin/python bench/detection.py --scenario default --seeds 1 2 [--corpora ../shared/data] [--days 3]

``--days`` simulates the scenario's population over fewer (or more) days: the same accounts with
fewer requests each, the traffic the peer benchmark (bench/peers) compresses to reach its size.
``--log events-only`` scans without the optional accounts table; ``--log hashed`` keeps prompts
only as ``prompt_sha256`` (no prompt, system prompt or response text).

For each seed: `distillguard simulate` (cached under bench/out/), `distillguard evaluate`, then one
overall table (the issue-3 bar), the issue-14 figures (ROC-AUC, recall at 0.1 % honest flagged,
end-user precision and recall, returning waves), one per-campaign table (coverage and purity: the
issue-4 bar; each member's requests before its own flag), one per wave where the labels have waves,
and one per scenario.  ``--scenario hiding`` runs the campaigns that hide and their honest twins;
seeds 1 and 2 are the ones to tune on, seed 3 is held out.
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
    name = Path(scenario).stem if scenario.endswith(".toml") else scenario
    traffic = OUT / (f"traffic-{name}-{seed}" if days is None else f"traffic-{name}-d{days}-{seed}")
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


def _num(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="default", help="built-in name (default, small, hiding, hiding-small, wide-thin-25k) or a TOML file")
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
              f"{_num(o['precision'])} | {_num(o['recall'])} | {o['honest_flagged']}/{o['honest_accounts']} ({_pct(o['honest_flagged_share'], 2)}) | "
              f"{o['hard_negative_flagged']}/{o['hard_negative_accounts']} ({_pct(o['hard_negative_flagged_share'], 2)}) | "
              f"{o['campaigns_detected']}/{o['campaigns']} | {_pct(o['median_before_flag_share'], 1)} | {secs:.0f} |")
    print("\n| seed | ROC-AUC | recall at 0.1 % honest flagged | end-user precision | end-user recall | returning waves | worst returning wave before its first flag |")
    print("|---|---|---|---|---|---|---|")
    for seed, (m, _) in results.items():
        o = m["overall"]
        print(f"| {seed} | {_num(o.get('roc_auc'))} | {_num(o.get('recall_at_honest_rate'))} | "
              f"{_num(o.get('end_user_precision')) if o.get('end_user_precision') is not None else 'n/a'} | "
              f"{_num(o.get('end_user_recall')) if o.get('end_user_recall') is not None else 'n/a'} | "
              f"{o.get('returning_waves', 0)} | {_pct(o.get('returning_wave_before_flag_max'), 1)} |")
    print("\n| seed | campaign | members | flagged | requests before first flag | coverage | purity | capability named | each member before its own flag (median) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed, (m, _) in results.items():
        for c in m["campaigns"]:
            print(f"| {seed} | {c['scenario']} | {c['members']} | {c['members_flagged']} | {_pct(c['before_flag_share'], 1)} | "
                  f"{_pct(c['coverage'])} | {_pct(c['purity'])} | "
                  f"{'yes' if c['capability_named'] else 'no'} ({c['expected_capability']}) | {_pct(c.get('member_before_flag_median'), 1)} |")
    waves = [(seed, c, w) for seed, (m, _) in results.items() for c in m["campaigns"] for w in c.get("waves") or []]
    if waves:
        print("\n| seed | campaign | wave | returning | members | flagged | requests | before the wave's first flag |")
        print("|---|---|---|---|---|---|---|---|")
        for seed, c, w in waves:
            print(f"| {seed} | {c['scenario']} | {w['wave']} | {'yes' if w['returning'] else 'no'} | {w['members']} | {w['members_flagged']} | "
                  f"{w['requests'] if w['requests'] is not None else '-'} | {_pct(w['before_flag_share'], 1)} |")
    print("\n| seed | scenario | accounts | flagged | ROC-AUC |")
    print("|---|---|---|---|---|")
    for seed, (m, _) in results.items():
        for sc in m["scenarios"]:
            print(f"| {seed} | {sc['scenario']}{' (hard negative)' if sc.get('hard_negative') else ''} | {sc['accounts']} | {sc['flagged']} | {_num(sc.get('roc_auc'))} |")
    print("\nBar (issue 3):", "; ".join(f"seed {s}: {'pass' if m['passed'] else 'FAIL'}" for s, (m, _) in results.items()))
    for s, (m, _) in results.items():
        aims = m.get("aims") or []
        if aims:
            print(f"Aims (issue 14), seed {s}:", "; ".join(f"{x['requirement']} {'pass' if x['passed'] else 'FAIL'}" for x in aims))


if __name__ == "__main__":
    main()
