"""`distillguard demo`: the built-in log's campaign is caught, its honest heavy users are not."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.fixtures import demo_traffic
from distillguard.scan import Scan

HARD_NEGATIVES = ("batch-classifier", "eval-harness", "coding-agent", "heavy-chat-user")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict], dict[str, dict], list[dict]]:
    d = tmp_path_factory.mktemp("demo")
    events, accounts, labels = demo_traffic(0)
    pq.write_table(events, d / "events.parquet")
    pq.write_table(accounts, d / "accounts.parquet")
    result = Scan().run([d / "events.parquet"], d / "out", accounts_paths=[d / "accounts.parquet"])
    truth = {r["account_id"]: r for r in labels.to_pylist()}
    return {r["account_id"]: r for r in result.accounts}, truth, result.campaigns


def test_demo_flags_the_campaign_accounts(demo) -> None:
    found, truth, campaigns = demo
    attack = [a for a, t in truth.items() if t["label"] == "attack"]
    flagged = [a for a in attack if found[a]["flagged"]]
    assert len(flagged) >= 0.85 * len(attack)
    assert any(c["risk"] >= 0.7 and len(c["accounts"]) >= 3 for c in campaigns)
    for a in flagged:
        f = found[a]
        assert f["reasons"] and f["evidence"] and f["flagged_at"] and f["events_before_flag"] >= 1


def test_demo_flags_no_honest_account(demo) -> None:
    found, truth, _ = demo
    wrong = [a for a, t in truth.items() if t["label"] == "benign" and found[a]["flagged"]]
    assert wrong == []


@pytest.mark.parametrize("scenario", HARD_NEGATIVES)
def test_hard_negatives_score_low(demo, scenario: str) -> None:
    found, truth, _ = demo
    accts = [a for a, t in truth.items() if t["scenario"] == scenario]
    assert accts, f"the demo log has no {scenario}"
    for a in accts:
        assert found[a]["risk"] < 0.5, (scenario, found[a]["reasons"])


def test_cli_demo_runs_and_reports(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "d")])
    assert res.exit_code == 0, res.output
    assert "demo verdict:" in res.output and "honest accounts flagged: 0" in res.output
    rows = [orjson.loads(x) for x in (tmp_path / "d" / "accounts.jsonl").read_bytes().splitlines()]
    assert rows and set(rows[0]) >= {"account_id", "risk", "flagged", "flagged_at", "events_before_flag", "campaign",
                                     "capabilities", "reasons", "evidence", "events"}
