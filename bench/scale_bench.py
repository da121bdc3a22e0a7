"""A month of a large provider's traffic on one machine: N events, A accounts, a hidden thin campaign.

Usage::

    .venv/bin/python bench/scale_bench.py --events 30000000 --accounts 25000 --campaign 3000 --memory-limit 16GB
    .venv/bin/python bench/scale_bench.py --events 300000 --accounts 2500 --campaign 300        # a quick check

Generates (once, into ``bench/out/scale-N/``, in a child process) a synthetic log written as
Parquet, one file per day in time order, and an accounts table:

- **honest accounts** (``A - campaign``): heavy-tailed volume, prompts of ~1 KB assembled from a
  word list, a few hundred of them templated ("Respond as a helpful assistant. Task: …"), the
  usual request parameters, home and office networks, sign-ups spread over the year before;
- **a hidden thin campaign** (``campaign`` accounts, the shape of the 2026 disclosure: about 26
  requests per account per day, every day): fresh accounts signed up in three waves just before
  the month, each account modest on its own; every prompt a fresh payload inside one of five
  reasoning-trace wrappers, one parameter fingerprint (``max_tokens=8192``, ``temperature=0.6``,
  ``reasoning=high``), one cloud ASN over 200 /24s, one HTTP client, 60 payment fingerprints.

Then it scans the log embedded (``distillguard scan … --set engine.memory_limit=…``; DuckDB spills
to ``scan.duckdb.tmp/`` beside the store beyond the limit) in a child process and reports wall
time, events/s, the scan's own peak RSS (``wait4``), per-stage times, and whether the campaign was
found: how many of its accounts are flagged, and the campaign of ``campaigns.jsonl`` that holds
most of them (coverage: its share of the planted accounts; purity: planted accounts among its
members).  The traffic is synthetic on purpose: the benchmark measures scale, not detection
quality (``bench/detection.py`` does that).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import WORDS, print_profile, run_scan  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
T0 = 1_788_220_800_000  # 2026-09-01
DAY_MS = 86_400_000
HONEST_WRAPPER = ("Respond as a helpful assistant. Task: ", " Provide a detailed, complete answer.")
CAMPAIGN_WRAPPERS = [
    ("You are a meticulous expert. Answer the question below and show every step of your reasoning.\n\nQuestion: ", "\n\nThink step by step."),
    ("Solve the following carefully. Explain your reasoning step by step before giving the final answer.\n\n", ""),
    ("Question: ", "\nLet's think step by step and show your full chain of thought."),
    ("Provide a detailed step-by-step solution with your complete reasoning trace.\nProblem: ", ""),
    ("", "\n\nWalk me through your thought process step by step, then give the answer."),
]


def _prompts(rng: np.random.Generator, m: int, mean_words: float = 5.0) -> pa.Array:
    lens = np.clip(rng.lognormal(mean_words, 0.6, m).astype(np.int64), 5, 800)  # words; ~1 KB average
    words = pa.array(WORDS)
    flat = words.take(pa.array(rng.integers(0, len(WORDS), int(lens.sum()))))
    offsets = pa.array(np.r_[0, np.cumsum(lens)].astype(np.int32))
    return pc.binary_join(pa.ListArray.from_arrays(offsets, flat), " ")


def _wrap(body: pa.Array, which: np.ndarray, wrappers: list[tuple[str, str]], on: np.ndarray | None = None) -> pa.Array:
    on = np.ones(len(which), dtype=bool) if on is None else on
    pre = pa.array([wrappers[w][0] if x else "" for w, x in zip(which.tolist(), on.tolist())])
    post = pa.array([wrappers[w][1] if x else "" for w, x in zip(which.tolist(), on.tolist())])
    return pc.binary_join_element_wise(pre, body, post, "")


def _ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(pa.array(values).cast(pa.string()), width, "0"), "")


def generate(n: int, n_accounts: int, n_campaign: int, days: int, out: Path, seed: int = 0) -> dict:
    """Write ``out/events/dt=DAY/events.parquet`` (time order), ``out/accounts.parquet`` and
    ``out/planted.json`` (the campaign's account ids)."""
    rng = np.random.default_rng(seed)
    n_honest = n_accounts - n_campaign
    per_day_campaign = 26 * n_campaign
    honest_total = max(n - per_day_campaign * days, days)
    weights = rng.pareto(1.2, n_honest) + 1
    weights /= weights.sum()
    (out / "events").mkdir(parents=True, exist_ok=True)
    rid = 0
    for d in range(days):
        lo, hi = T0 + d * DAY_MS, T0 + (d + 1) * DAY_MS
        m_h = honest_total // days + (1 if d < honest_total % days else 0)
        acct = rng.choice(n_honest, m_h, p=weights)
        body = _wrap(_prompts(rng, m_h), acct % 2, [HONEST_WRAPPER, HONEST_WRAPPER], acct % 89 == 0)
        honest = {
            "ts": rng.integers(lo, hi, m_h),
            "account_id": _ids("acct-", acct, 6),
            "ip": pa.array([f"{10 + a % 180}.{(a // 180) % 250}.{a % 251}.{a % 7 + 1}" for a in acct.tolist()]),
            "asn": pa.array((7_000 + acct % 900).astype(np.int64)),
            "user_agent": pc.binary_join_element_wise("sdk/", pa.array(acct % 9).cast(pa.string()), ".2", ""),
            "prompt": body,
            "max_tokens": pa.array(rng.choice([256, 1024, 2048, 4096], m_h)),
            "temperature": pa.array(rng.choice([0.0, 0.7, 1.0], m_h)),
            "reasoning": pa.nulls(m_h, pa.string()),
            "output_tokens": pa.array(rng.integers(1, 1500, m_h)),
        }
        # the campaign: every account ~26 requests a day, spread over the whole day
        camp = np.repeat(np.arange(n_campaign), 26)
        m_c = len(camp)
        campaign = {
            "ts": rng.integers(lo, hi, m_c),
            "account_id": _ids("acct-c", camp, 5),
            "ip": pa.array([f"52.20.{(a * 7 + d) % 200}.{(a * 13 + d) % 250 + 1}" for a in camp.tolist()]),
            "asn": pa.array(np.full(m_c, 16_509, np.int64)),
            "user_agent": pa.array(["python-httpx/0.27.0"] * m_c),
            "prompt": _wrap(_prompts(rng, m_c, 4.6), rng.integers(0, len(CAMPAIGN_WRAPPERS), m_c), CAMPAIGN_WRAPPERS),
            "max_tokens": pa.array(np.full(m_c, 8192, np.int64)),
            "temperature": pa.array(np.full(m_c, 0.6)),
            "reasoning": pa.array(["high"] * m_c),
            "output_tokens": pa.array(rng.integers(900, 4000, m_c)),
        }
        tbl = pa.concat_tables([pa.table(honest), pa.table(campaign)])
        order = np.argsort(tbl.column("ts").to_numpy(), kind="stable")
        tbl = tbl.take(pa.array(order))
        m = tbl.num_rows
        tbl = tbl.set_column(0, "ts", pa.array(tbl.column("ts").to_numpy(), pa.timestamp("ms", tz="UTC")))
        tbl = tbl.append_column("request_id", _ids("req-", np.arange(rid, rid + m), 10))
        tbl = tbl.append_column("model", pa.array(["model-large"] * m))
        tbl = tbl.append_column("input_tokens", pc.cast(pc.divide(pc.utf8_length(tbl.column("prompt")), 4), pa.int64()))
        tbl = tbl.append_column("status", pa.array(np.full(m, 200, np.int64)))
        rid += m
        day = time.strftime("%Y-%m-%d", time.gmtime(lo // 1000))
        part = out / "events" / f"dt={day}"
        part.mkdir(exist_ok=True)
        pq.write_table(tbl, part / "events.parquet", compression="zstd", row_group_size=500_000)
    honest_ids = [f"acct-{a:06d}" for a in range(n_honest)]
    camp_ids = [f"acct-c{a:05d}" for a in range(n_campaign)]
    year = 365 * DAY_MS
    created = np.r_[T0 - rng.integers(30 * DAY_MS, year, n_honest), T0 - DAY_MS * (1 + rng.integers(0, 3, n_campaign) * 2)
                    - rng.integers(0, 6 * 3_600_000, n_campaign)]
    pq.write_table(pa.table({
        "account_id": pa.array(honest_ids + camp_ids),
        "created_at": pa.array(created, pa.timestamp("ms", tz="UTC")),
        "email_domain": pa.array([f"mail{a % 40}.example" for a in range(n_honest)] + [f"inbox{a % 25}.example" for a in range(n_campaign)]),
        "payment_fingerprint": pa.array([f"pay-{a:06d}" for a in range(n_honest)] + [f"card-{a % 60:03d}" for a in range(n_campaign)]),
        "verified": pa.array([True] * n_honest + [False] * n_campaign),
    }), out / "accounts.parquet")
    (out / "planted.json").write_text(json.dumps(camp_ids))
    return {"events": rid, "accounts": n_accounts, "campaign": n_campaign}


def found(out: Path, planted: set[str]) -> dict:
    """Is the planted campaign found: its accounts flagged, the other (honest) accounts flagged,
    the best-matching campaign's coverage and purity."""
    flagged = honest_flagged = 0
    for line in (out / "accounts.jsonl").open():
        a = json.loads(line)
        if a["flagged"]:
            if a["account_id"] in planted:
                flagged += 1
            else:
                honest_flagged += 1
    best = {"coverage": 0.0, "purity": 0.0, "members": 0, "campaign": None}
    for line in (out / "campaigns.jsonl").open():
        c = json.loads(line)
        members = set(c["accounts"])
        hit = len(members & planted)
        if hit / len(planted) > best["coverage"]:
            best = {"coverage": round(hit / len(planted), 4), "purity": round(hit / len(members), 4), "members": len(members),
                    "campaign": c["campaign"]}
    return {"planted": len(planted), "planted_flagged": flagged, "honest_flagged": honest_flagged, "best_campaign": best}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=30_000_000)
    ap.add_argument("--accounts", type=int, default=25_000)
    ap.add_argument("--campaign", type=int, default=3_000, help="accounts of the hidden thin campaign")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--memory-limit", default="16GB", help="DuckDB memory limit (engine.memory_limit); it spills beyond it")
    ap.add_argument("--workers", type=int, help="threads for the per-event features (engine.workers)")
    ap.add_argument("--keep", action="store_true", help="keep the scan's store")
    ap.add_argument("--profile", action="store_true", help="print where the time goes, per stage")
    a = ap.parse_args()
    if 26 * a.campaign * a.days >= a.events:
        raise SystemExit("the campaign alone would exceed --events; lower --campaign or --days")
    base = OUT / f"scale-{a.events}-{a.accounts}-{a.campaign}"
    if not (base / "planted.json").exists():
        t = time.perf_counter()
        code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import scale_bench as b; from pathlib import Path; "
                f"print(b.generate({a.events}, {a.accounts}, {a.campaign}, {a.days}, Path({str(base)!r})), file=sys.stderr)")
        subprocess.run([sys.executable, "-c", code], check=True)
        size = sum(f.stat().st_size for f in (base / "events").rglob("*.parquet"))
        print(f"generated {base} ({size / 1e9:.1f} GB of Parquet) in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    out = base / "scan"
    extra = ["--accounts", str(base / "accounts.parquet"), "--set", f"engine.memory_limit={a.memory_limit}"]
    if a.workers is not None:
        extra += ["--set", f"engine.workers={a.workers}"]
    r = run_scan([str(base / "events"), *extra], out)
    timings = r["summary"].get("timings") or {}
    if a.profile:
        print_profile(r["wall_s"], timings)
    events = int(r["summary"].get("events") or r["summary"].get("ingest", {}).get("rows_loaded") or 0)
    result = {
        "events": events,
        "accounts": a.accounts,
        "campaign_accounts": a.campaign,
        "days": a.days,
        "memory_limit": a.memory_limit,
        "wall_s": r["wall_s"],
        "events_per_s": round(events / r["wall_s"]) if r["wall_s"] else None,
        "peak_rss_gib": r["peak_rss_gib"],
        "stage_timings_s": timings,
        "found": found(out, set(json.loads((base / "planted.json").read_text()))),
        "cpus": os.cpu_count(),
        "command": " ".join(["python", "bench/scale_bench.py", *sys.argv[1:]]),
    }
    if not a.keep:
        for f in out.glob("scan.duckdb*"):
            f.unlink() if f.is_file() else None
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
