"""Logs that keep prompts only as ``prompt_sha256`` (issue 14, item 7).

Without text no wrapper, template or cue is left; what links an operation's keys is what a
hashed log still has: the request-parameter fingerprint its script sends (``v_params``), sign-up
waves, infrastructure.  These tests scan simulated ``hiding-small`` traffic of a seed never used
for tuning, hashed the way ``bench/detection.py --log hashed`` hashes it, and hold the result to
the aim (recall >= 0.6 with no loss of precision) while every honest twin stays unflagged: the
home users whose ISP /24s overlap the campaign's proxy pool, the corporate VPN, the evaluation
harness sharing the operator's AS and user agent, the app platforms whose users share their SDK's
defaults.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.evaluate import EvalReport, evaluate
from distillguard.features import _onerow
from distillguard.features.profile import EVENT_INPUTS, event_columns
from distillguard.scan import Scan
from distillguard.simulate import load_scenario, simulate

SEED = 4  # not one of the tuning seeds (1, 2) nor the benchmark's held-out one (3)


def _hashed(src: Path, out: Path) -> Path:
    """``src``'s traffic with prompts kept only as their SHA-256 (no prompt, system or response text)."""
    out.mkdir(parents=True, exist_ok=True)
    t = pq.read_table(src / "events.parquet")
    sha = [None if p is None else hashlib.sha256(p.encode()).hexdigest() for p in t.column("prompt").to_pylist()]
    t = t.select([c for c in t.column_names if c not in ("prompt", "system", "response", "prompt_sha256")])
    pq.write_table(t.append_column("prompt_sha256", pa.array(sha, pa.string())), out / "events.parquet")
    for name in ("accounts.jsonl", "labels.jsonl", "scenario.toml"):
        (out / name).write_bytes((src / name).read_bytes())
    return out


@pytest.fixture(scope="module")
def hashed_report(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalReport, Path]:
    root = tmp_path_factory.mktemp("hashed")
    full = root / "full"
    simulate(load_scenario("hiding-small"), seed=SEED, out=full, corpora=shared_data)
    traffic = _hashed(full, root / "traffic")
    out = root / "findings"
    Scan().run([traffic / "events.parquet"], out, accounts_paths=[traffic / "accounts.jsonl"])
    report = evaluate(traffic / "labels.jsonl", out / "accounts.jsonl", out / "campaigns.jsonl", traffic / "events.parquet")
    return report, out


def test_hashed_log_meets_the_recall_aim_without_losing_precision(hashed_report: tuple[EvalReport, Path]) -> None:
    r, _ = hashed_report
    o = r.overall
    assert o["recall"] >= 0.6, r.campaigns
    assert o["precision"] >= 0.97
    wide = next(c for c in r.campaigns if c["scenario"] == "wide-thin")
    # thousands of thin accounts with an IP per request: tied by their script's parameters
    assert wide["detected"] and wide["coverage"] >= 0.8


def test_honest_twins_stay_unflagged_on_a_hashed_log(hashed_report: tuple[EvalReport, Path]) -> None:
    r, _ = hashed_report
    assert r.overall["honest_flagged"] == 0, [s for s in r.scenarios if s["label"] != "attack" and s["flagged"]]
    twins = {s["scenario"]: s["flagged"] for s in r.scenarios if s.get("hard_negative")}
    assert {"proxy-overlap-home", "corporate-vpn", "shared-eval-harness", "app-platform"} <= set(twins)
    assert not any(twins.values()), twins


def test_campaigns_name_the_parameter_fingerprint_that_ties_them(hashed_report: tuple[EvalReport, Path]) -> None:
    import json

    _, out = hashed_report
    rows = [json.loads(line) for line in (out / "campaigns.jsonl").read_text().splitlines() if line.strip()]
    kinds = {link["kind"] for c in rows for link in c["links"]}
    assert "params" in kinds
    assert any("request parameters" in c["summary"] for c in rows)


_ROWS = [
    {"model": "m-large", "max_tokens": 2048, "temperature": 0.7, "top_p": 1.0, "reasoning": None, "n": 1},
    {"model": "m-large", "max_tokens": 2048, "temperature": 0.70000001, "top_p": None, "reasoning": "high", "n": 3},
    {"model": None, "max_tokens": None, "temperature": 0.125, "top_p": 0.005, "reasoning": None, "n": None},
    {"model": "m|odd", "max_tokens": None, "temperature": math.nan, "top_p": math.inf, "reasoning": "8000", "n": None},
    {"model": "m-mini", "max_tokens": 5, "temperature": 1e12, "top_p": -0.0, "reasoning": "", "n": 0},
    {"model": "m-mini", "max_tokens": None, "temperature": None, "top_p": None, "reasoning": None, "n": None},
    {"model": None, "max_tokens": None, "temperature": None, "top_p": None, "reasoning": None, "n": None},
]


def test_parameter_fingerprint_is_the_same_on_the_arrow_and_one_row_paths() -> None:
    """``v_params`` of the batch function and of the online one-row twin agree on odd values
    (rounding halves, NaN, infinities, huge numbers, a separator inside the model name)."""
    n = len(_ROWS)
    base = {"request_id": [f"r{i}" for i in range(n)], "account_id": ["a"] * n, "ts_ms": [1_767_225_600_000 + i for i in range(n)]}
    cols: dict[str, list] = {c: base[c] if c in base else [r.get(c) for r in _ROWS] for c in EVENT_INPUTS}
    types = {"ts_ms": pa.int64(), "max_tokens": pa.int64(), "n": pa.int64(), "temperature": pa.float64(), "top_p": pa.float64(),
             "input_tokens": pa.int64(), "output_tokens": pa.int64(), "reasoning_tokens": pa.int64(), "top_logprobs": pa.int64(),
             "logit_bias_n": pa.int64(), "tools_n": pa.int64(), "status": pa.int64(), "turn": pa.int64(), "asn": pa.int64(),
             "logprobs": pa.bool_()}
    t = pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in cols.items()})
    arrow = event_columns(t).column("v_params").to_pylist()
    one = [_onerow.event_row({k: v for k, v in zip(cols, vals) if v is not None})["v_params"] for vals in zip(*cols.values())]
    assert arrow == one
    assert arrow[0] == "m-large|2048|70|100||1"
    assert arrow[1] == "m-large|2048|70||high|3"  # 0.70000001 is the same setting as 0.7
    assert arrow[3] == "m|odd||?|?|8000|"
    assert arrow[5] is None and arrow[6] is None  # only the model (or nothing) sent: no fingerprint
