"""Issue 14's yardstick, end to end on a seed nobody tunes on: scan `hiding-small` and hold the
honest twins to the aim (hard negatives flagged <= 0.5 %, honest accounts <= 0.1 %) while every
hiding campaign is still found.  The baseline flagged the corporate VPN's employees, the
evaluation twins and the platforms (BENCHMARKS.md, the issue-14 baseline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from distillguard.evaluate import evaluate
from distillguard.scan import Scan
from distillguard.simulate import load_scenario, simulate

UNSEEN_SEED = 4


@pytest.fixture(scope="module")
def report(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    d = tmp_path_factory.mktemp("hiding-unseen")
    simulate(load_scenario("hiding-small"), seed=UNSEEN_SEED, out=d, corpora=shared_data)
    Scan().run([d / "events.parquet"], d / "findings", accounts_paths=[d / "accounts.jsonl"])
    return evaluate(d / "labels.jsonl", d / "findings" / "accounts.jsonl", d / "findings" / "campaigns.jsonl", d / "events.parquet").to_dict()


def test_the_yardstick_measures_every_campaign(report: dict) -> None:
    # what works today: every hiding campaign is in the labels and measured, waves included
    assert {c["scenario"] for c in report["campaigns"]} == {"intermediary-harvest", "key-harvest", "wide-thin", "ban-and-return",
                                                           "academic-takeover", "mixed-reseller"}
    assert report["overall"]["returning_waves"] >= 3 and report["overall"]["roc_auc"] is not None


def test_twins_stay_unflagged_on_an_unseen_seed(report: dict) -> None:
    o = report["overall"]
    assert o["hard_negative_flagged_share"] <= 0.005, [s for s in report["scenarios"] if s["label"] == "benign" and s["flagged"]]
    assert o["honest_flagged_share"] <= 0.001
    # ... and not by losing the campaigns: each is still found, and most of their accounts
    assert o["campaigns_detected"] == o["campaigns"] and o["recall"] >= 0.9, o
