"""Issue 14's metrics on a small hand-built case whose every figure is worked out by hand:
ROC-AUC, recall at 0.1 % honest flagged, end-user precision and recall, per-wave exposure, how much
each member sent before its own flag, and the harvesting end users / key of an honest account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pytest
from rich.console import Console

from distillguard.evaluate import evaluate
from distillguard.evaluate._ranking import recall_at_honest_rate, roc_auc

from _case import T0, iso, write_rows as _write

LABELS = [
    {"account_id": "b1", "label": "benign", "campaign": "", "scenario": "chat-user"},
    {"account_id": "b2", "label": "benign", "campaign": "", "scenario": "chat-user"},
    {"account_id": "b3", "label": "benign", "campaign": "", "scenario": "corporate-vpn"},
    {"account_id": "bp", "label": "benign", "campaign": "", "scenario": "app-platform"},
    {"account_id": "P1", "label": "attack", "campaign": "C3", "scenario": "intermediary-harvest", "attack_end_users": ["h1", "h2"],
     "capability": "reasoning-traces"},
    {"account_id": "w1a", "label": "attack", "campaign": "C4", "scenario": "ban-and-return", "wave": "1", "banned_at": iso(1300)},
    {"account_id": "w1b", "label": "attack", "campaign": "C4", "scenario": "ban-and-return", "wave": "1", "banned_at": iso(1300)},
    {"account_id": "w2a", "label": "attack", "campaign": "C4", "scenario": "ban-and-return", "wave": "2"},
]
ACCOUNTS = [
    {"account_id": "b1", "risk": 0.1, "flagged": False, "flagged_at": None},
    {"account_id": "b2", "risk": 0.3, "flagged": False, "flagged_at": None},
    {"account_id": "b3", "risk": 0.8, "flagged": True, "flagged_at": iso(30)},
    # an honest platform: its odd end user is listed, but the account is not flagged, so nobody is named
    {"account_id": "bp", "risk": 0.2, "flagged": False, "flagged_at": None, "end_users": [{"end_user": "x", "risk": 0.6}]},
    {"account_id": "P1", "risk": 0.9, "flagged": True, "flagged_at": iso(300),
     "end_users": [{"end_user": "h1", "risk": 0.9, "events": 3}, {"end_user": "u1", "risk": 0.75, "events": 2}]},
    {"account_id": "w1a", "risk": 0.85, "flagged": True, "flagged_at": iso(1100)},
    {"account_id": "w1b", "risk": 0.4, "flagged": False, "flagged_at": None},
    {"account_id": "w2a", "risk": 0.95, "flagged": True, "flagged_at": iso(5100)},
]
# (account, seconds, end_user)
EVENTS = [("b1", 10, None), ("b2", 20, None), ("b3", 30, None), ("bp", 40, "x"),
          ("P1", 50, "u1"), ("P1", 100, "h1"), ("P1", 150, "u1"), ("P1", 200, "h1"), ("P1", 300, "h1"), ("P1", 400, "h2"),
          ("w1a", 1000, None), ("w1b", 1050, None), ("w1a", 1100, None), ("w1b", 1150, None), ("w1a", 1200, None),
          ("w2a", 5000, None), ("w2a", 5100, None), ("w2a", 5200, None), ("w2a", 5300, None)]


def _events(rows: list[tuple[str, int, str | None]], key: list[str | None] | None = None) -> pa.Table:
    return pa.table({"ts": pa.array([T0 + s * 1000 for _, s, _ in rows], pa.int64()).cast(pa.timestamp("ms", tz="UTC")),
                     "request_id": [f"r{i}" for i in range(len(rows))], "account_id": [a for a, _, _ in rows],
                     "end_user": pa.array([e for _, _, e in rows], pa.string()),
                     "api_key_id": pa.array(key if key is not None else [None] * len(rows), pa.string())})


@pytest.fixture()
def report(tmp_path: Path) -> Any:
    return evaluate(_write(tmp_path, LABELS, "labels.jsonl"), _write(tmp_path, ACCOUNTS, "accounts.jsonl"), tmp_path / "campaigns.jsonl",
                    _events(EVENTS))


def test_ranking_metrics(report: Any) -> None:
    o = report.overall
    # attack risks 0.9, 0.85, 0.4, 0.95 against honest 0.1, 0.3, 0.8, 0.2: 15 of 16 pairs in order
    assert o["roc_auc"] == pytest.approx(15 / 16)
    # at most 0.1 % of 4 honest accounts = none above the threshold: above 0.8, three of four attacks
    assert o["threshold_at_honest_rate"] == 0.8 and o["recall_at_honest_rate"] == 0.75
    per = {s["scenario"]: s for s in report.scenarios}
    assert per["ban-and-return"]["roc_auc"] == pytest.approx(11 / 12)  # 0.85, 0.4, 0.95 vs the four honest
    assert per["ban-and-return"]["recall_at_honest_rate"] == pytest.approx(2 / 3)
    assert per["corporate-vpn"]["roc_auc"] == 0.75  # all four attacks against 0.8: three above


def test_recall_at_rate_and_auc_edge_cases() -> None:
    pos, neg = np.array([0.9, 0.4]), np.array([0.1, 0.3, 0.8, 0.2])
    assert recall_at_honest_rate(pos, neg, 0.25) == (1.0, 0.3)  # one honest account may be flagged: 0.8
    assert recall_at_honest_rate(pos, neg, 1.0) == (1.0, float("-inf"))
    assert recall_at_honest_rate(pos, np.array([]), 0.001) == (None, None)
    assert roc_auc(np.array([0.5]), np.array([0.5])) == 0.5 and roc_auc(np.array([]), neg) is None
    # 10,000 honest accounts: 0.1 % = 10 of them may sit above the threshold
    neg = np.linspace(0, 1, 10_000)
    r, thr = recall_at_honest_rate(np.array([0.9985, 0.9995]), neg, 0.001)
    assert (neg > thr).sum() == 10 and r == 0.5


def test_end_users(report: Any) -> None:
    o = report.overall
    # named on flagged rows: (P1, h1) right, (P1, u1) wrong; (bp, x) not named, bp is not flagged
    assert (o["end_users_labelled"], o["end_users_named"]) == (2, 2)
    assert o["end_user_precision"] == 0.5 and o["end_user_recall"] == 0.5
    c3 = next(c for c in report.campaigns if c["campaign"] == "C3")
    assert (c3["end_users"], c3["end_users_named"], c3["end_user_recall"]) == (2, 1, 0.5)


def test_only_the_harvesting_end_users_requests_count(report: Any) -> None:
    c3 = next(c for c in report.campaigns if c["campaign"] == "C3")
    # h1 at 100, 200, 300 and h2 at 400 (u1's 50 and 150 are the platform's own users): flagged at 300
    assert c3["requests"] == 4 and c3["before_flag_share"] == 0.5
    assert c3["member_before_flag_median"] == 0.5 and c3["member_requests_before_flag_median"] == 2


def test_waves_and_member_exposure(report: Any) -> None:
    c4 = next(c for c in report.campaigns if c["campaign"] == "C4")
    assert c4["requests"] == 9 and c4["before_flag_share"] == pytest.approx(2 / 9)
    w1, w2 = c4["waves"]
    assert (w1["wave"], w1["returning"], w1["members"], w1["members_flagged"], w1["requests"]) == ("1", False, 2, 1, 5)
    assert w1["before_flag_share"] == pytest.approx(2 / 5)  # 1000 and 1050 before w1a's flag at 1100
    assert (w2["wave"], w2["returning"], w2["requests"], w2["before_flag_share"]) == ("2", True, 4, 0.25)
    # own requests before own flag: w1a 1 of 3, w1b never flagged (2 of 2), w2a 1 of 4
    assert c4["member_before_flag_median"] == pytest.approx(1 / 3) and c4["member_requests_before_flag_median"] == 1
    o = report.overall
    assert (o["returning_waves"], o["returning_wave_before_flag_max"], o["returning_wave_before_flag_median"]) == (1, 0.25, 0.25)


def test_aims_are_reported_beside_the_bar(report: Any, tmp_path: Path) -> None:
    aims = {a["metric"]: a for a in report.aims}
    assert aims["returning_wave_before_flag_max"]["passed"] is False and aims["end_user_recall"]["value"] == 0.5
    assert aims["honest_flagged_share"]["threshold"] == 0.001
    orjson.dumps(report.to_dict())
    con = Console(record=True, width=200)
    report.render(con)
    text = con.export_text()
    assert "ROC-AUC 0.938" in text and "The aims (issue 14)" in text and "Per wave" in text and "end-user recall 0.500" in text


def test_end_user_metrics_are_na_without_end_users_in_findings(tmp_path: Path) -> None:
    plain = [{k: v for k, v in r.items() if k != "end_users"} for r in ACCOUNTS]
    r = evaluate(_write(tmp_path, LABELS, "labels.jsonl"), _write(tmp_path, plain, "accounts.jsonl"), tmp_path / "c.jsonl", _events(EVENTS))
    o = r.overall
    assert o["end_user_precision"] is None and o["end_user_recall"] is None and o["end_user_note"].startswith("n/a")
    assert next(a for a in r.aims if a["metric"] == "end_user_recall")["passed"] is False


def test_harvesting_key(tmp_path: Path) -> None:
    labels = [{"account_id": "K", "label": "attack", "campaign": "C5", "scenario": "key-harvest", "attack_api_keys": ["k2"]},
              {"account_id": "b", "label": "benign", "campaign": "", "scenario": "multi-key-org"}]
    rows = [("K", 10, None), ("K", 20, None), ("K", 30, None), ("K", 40, None), ("b", 5, None)]
    keys = ["k1", "k2", "k1", "k2", "k9"]
    acc = [{"account_id": "K", "risk": 0.9, "flagged": True, "flagged_at": iso(40)}]
    r = evaluate(_write(tmp_path, labels, "labels.jsonl"), _write(tmp_path, acc, "accounts.jsonl"), tmp_path / "c.jsonl", _events(rows, keys))
    (c,) = r.campaigns
    assert c["requests"] == 2 and c["before_flag_share"] == 0.5  # k2 at 20 (before) and 40 (the flag)
