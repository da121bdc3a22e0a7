"""End to end on real corpora, on seeds the detectors were not tuned on: simulate labelled
traffic, scan it, and hold the result to the issue-3 bar, with and without the optional accounts
table.  Without sign-up data the account graph loses sign-up days and networks, and honest users
must still not be flagged for the company they keep (an operation that rotates residential IPs
shares ISPs and busy hours with everybody)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.evaluate import EvalReport, evaluate
from distillguard.scan import Scan
from distillguard.simulate import load_scenario, simulate

SEED = 5


@pytest.fixture(scope="module")
def small(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    simulate(load_scenario("small"), seed=SEED, out=out, corpora=shared_data)
    return out


@pytest.fixture(scope="module")
def compressed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default population over 3 days: every account has few requests (~100k events)."""
    out = tmp_path_factory.mktemp("default3")
    simulate(load_scenario("default").with_days(3), seed=SEED, out=out, corpora=shared_data)
    return out


def _scan(traffic: Path, out: Path, with_accounts: bool) -> EvalReport:
    Scan().run([traffic / "events.parquet"], out, accounts_paths=[traffic / "accounts.jsonl"] if with_accounts else [])
    return evaluate(traffic / "labels.jsonl", out / "accounts.jsonl", out / "campaigns.jsonl", traffic / "events.parquet")


def test_small_scenario_meets_the_bar(small: Path, tmp_path: Path) -> None:
    r = _scan(small, tmp_path / "out", True)
    o = r.overall
    assert o["honest_flagged"] == 0, r.scenarios
    assert o["precision"] >= 0.95 and o["recall"] >= 0.9
    assert o["campaigns_detected"] == o["campaigns"]
    assert o["median_before_flag_share"] <= 0.1


@pytest.mark.parametrize("with_accounts", [True, False], ids=["with-accounts", "events-only"])
def test_few_requests_per_account_and_no_sign_up_data(compressed: Path, tmp_path: Path, with_accounts: bool) -> None:
    r = _scan(compressed, tmp_path / "out", with_accounts)
    o = r.overall
    assert o["honest_flagged"] <= 2, r.scenarios  # at most 0.1 % of 2,214 honest accounts
    assert o["precision"] >= 0.95
    assert o["recall"] >= 0.8
    assert o["campaigns_detected"] >= o["campaigns"] - 1  # the reseller hides in its end users' chat


def test_prompts_kept_only_as_hashes(compressed: Path, tmp_path: Path) -> None:
    """A provider that keeps ``prompt_sha256`` instead of the text: no content cue can fire, so
    recall falls, but nobody honest is flagged and an operation that leaves its trace outside
    the text (logit harvesting through request parameters) is still found and linked."""
    t = pq.read_table(compressed / "events.parquet")
    sha = [None if p is None else hashlib.sha256(p.encode()).hexdigest() for p in t.column("prompt").to_pylist()]
    t = t.select([c for c in t.column_names if c not in ("prompt", "system", "response")]).append_column("prompt_sha256", pa.array(sha))
    hashed = tmp_path / "hashed"
    hashed.mkdir()
    pq.write_table(t, hashed / "events.parquet")
    for name in ("accounts.jsonl", "labels.jsonl", "scenario.toml"):
        (hashed / name).write_bytes((compressed / name).read_bytes())
    r = _scan(hashed, tmp_path / "out", True)
    o = r.overall
    assert o["honest_flagged"] <= 2, r.scenarios
    assert o["precision"] >= 0.95
    logit = next(c for c in r.campaigns if c["scenario"] == "logit-extraction")
    assert logit["detected"] and logit["coverage"] >= 0.8  # found as one campaign, not just key by key
