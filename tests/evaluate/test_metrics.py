"""evaluate() on a tiny hand-made case whose every metric is known (issue 3)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console

from distillguard.evaluate import evaluate
from distillguard.simulate._writer import CANONICAL_EVENTS_SCHEMA, write_jsonl

from _case import T0, iso, write_rows as _write

LABELS = [
    {"account_id": "b1", "label": "benign", "campaign": "", "scenario": "chat-user"},
    {"account_id": "b2", "label": "benign", "campaign": "", "scenario": "chat-user"},
    {"account_id": "h1", "label": "benign", "campaign": "", "scenario": "eval-harness"},
    {"account_id": "h2", "label": "benign", "campaign": "", "scenario": "batch-classifier"},
    {"account_id": "a1", "label": "attack", "campaign": "C1", "scenario": "hydra-distillation", "attack_start": iso(1000), "capability": "alignment-behaviour"},
    {"account_id": "a2", "label": "attack", "campaign": "C1", "scenario": "hydra-distillation", "capability": "alignment-behaviour"},
    {"account_id": "a3", "label": "attack", "campaign": "C1", "scenario": "hydra-distillation", "capability": "alignment-behaviour"},
    {"account_id": "a4", "label": "attack", "campaign": "C2", "scenario": "logit-extraction"},
]
ACCOUNTS = [
    {"account_id": "b1", "flagged": False, "flagged_at": None, "capabilities": []},
    {"account_id": "b2", "flagged": True, "flagged_at": iso(100), "capabilities": ["general"]},
    {"account_id": "h1", "flagged": True, "flagged_at": iso(50), "capabilities": ["logits"]},
    {"account_id": "h2", "flagged": False, "flagged_at": None, "capabilities": []},
    {"account_id": "a1", "flagged": True, "flagged_at": iso(3000), "capabilities": ["alignment-behaviour"]},
    {"account_id": "a2", "flagged": True, "flagged_at": iso(2500), "capabilities": ["alignment-behaviour"]},
    {"account_id": "a3", "flagged": False, "flagged_at": None, "capabilities": []},
    # a4 absent from the findings: counts as not flagged
]
CAMPAIGNS = [
    {"campaign": "F1", "accounts": ["a1", "a2", "b2"], "capabilities": ["alignment-behaviour"]},
    {"campaign": "F2", "accounts": ["a3", "h1"], "capabilities": ["general"]},
]
# (account, seconds after T0); a1's event at 500 s is the owner's, before attack_start
EVENTS = [("a1", 500), ("a1", 1000), ("a1", 2000), ("a1", 3000), ("a2", 1500), ("a2", 2500), ("a3", 2200), ("a3", 4000),
          ("a4", 100), ("a4", 200), ("b1", 10), ("b2", 20), ("h1", 30), ("h2", 40)]


def _events_table() -> pa.Table:
    rows = [{"ts": T0 + s * 1000, "request_id": f"r{i}", "account_id": a} for i, (a, s) in enumerate(EVENTS)]
    t = pa.Table.from_pylist(rows, schema=pa.schema([("ts", pa.int64()), ("request_id", pa.string()), ("account_id", pa.string())]))
    full = {f.name: (t.column(f.name) if f.name in t.column_names else pa.nulls(t.num_rows, f.type)) for f in CANONICAL_EVENTS_SCHEMA}
    full["ts"] = t.column("ts").cast(pa.timestamp("ms", tz="UTC"))
    return pa.table(full, schema=CANONICAL_EVENTS_SCHEMA)


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    _write(tmp_path, LABELS, "labels.jsonl")
    _write(tmp_path, ACCOUNTS, "accounts.jsonl")
    _write(tmp_path, CAMPAIGNS, "campaigns.jsonl")
    pq.write_table(_events_table(), tmp_path / "events.parquet")
    write_jsonl(tmp_path / "events.jsonl.gz", _events_table())
    return tmp_path


def test_overall_metrics(case: Path) -> None:
    r = evaluate(case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl", case / "events.parquet")
    o = r.overall
    assert (o["attack_flagged"], o["flagged"], o["attack_accounts"]) == (2, 4, 4)
    assert o["precision"] == 0.5 and o["recall"] == 0.5
    assert o["honest_flagged"] == 2 and o["honest_flagged_share"] == 0.5
    assert (o["hard_negative_flagged"], o["hard_negative_accounts"]) == (1, 2) and o["hard_negative_flagged_share"] == 0.5
    per = {(s["scenario"], s["label"]): s for s in r.scenarios}
    assert per[("chat-user", "benign")] == {"scenario": "chat-user", "label": "benign", "accounts": 2, "flagged": 1, "rate": 0.5, "hard_negative": False,
                                            "roc_auc": 0.5}  # no risks in these findings: every account ties at 0
    assert per[("hydra-distillation", "attack")]["flagged"] == 2 and per[("hydra-distillation", "attack")]["rate"] == pytest.approx(2 / 3)
    assert per[("eval-harness", "benign")]["hard_negative"] is True


def test_campaign_metrics(case: Path) -> None:
    r = evaluate(case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl", case / "events.parquet")
    c1, c2 = r.campaigns
    assert c1["campaign"] == "C1" and (c1["members"], c1["members_flagged"], c1["detected"]) == (3, 2, True)
    # campaign requests: a1 from attack_start (1000, 2000, 3000), a2 (1500, 2500), a3 (2200, 4000) = 7;
    # first flag at 2500 s (a2); before it: 1000, 2000, 1500, 2200 -> 4 of 7
    assert c1["requests"] == 7
    assert c1["before_flag_share"] == pytest.approx(4 / 7)
    assert c1["best_found_campaign"] == "F1"
    assert c1["coverage"] == pytest.approx(2 / 3) and c1["purity"] == pytest.approx(2 / 3)
    assert c1["expected_capability"] == "alignment-behaviour" and c1["capability_named"] is True
    assert c2["campaign"] == "C2" and c2["detected"] is False and c2["before_flag_share"] == 1.0
    assert c2["best_found_campaign"] is None and c2["coverage"] == 0.0 and c2["purity"] is None
    assert c2["expected_capability"] == "logits" and c2["capability_named"] is False
    assert r.overall["campaigns_detected_share"] == 0.5
    assert r.overall["median_before_flag_share"] == pytest.approx((4 / 7 + 1.0) / 2)


def test_event_formats_agree(case: Path) -> None:
    args = (case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl")
    a = evaluate(*args, case / "events.parquet").to_dict()
    b = evaluate(*args, case / "events.jsonl.gz").to_dict()
    c = evaluate(pa.Table.from_pylist([{"attack_start": None, "capability": None, **l} for l in LABELS]), *args[1:], _events_table()).to_dict()
    assert a == b
    assert a["campaigns"] == c["campaigns"]
    none = evaluate(*args, None)
    assert none.campaigns[0]["before_flag_share"] is None and none.overall["median_before_flag_share"] is None


def test_bar_fails_and_passes(case: Path) -> None:
    r = evaluate(case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl", case / "events.parquet")
    assert [b["passed"] for b in r.bar] == [False] * 6 and not r.passed
    # a perfect scan: exactly the attack accounts, each flagged at its campaign's first request
    perfect = [{"account_id": l["account_id"], "flagged": l["label"] == "attack", "capabilities": [],
                "flagged_at": {"C1": iso(1000), "C2": iso(100)}.get(l["campaign"])} for l in LABELS]
    _write(case, perfect, "perfect.jsonl")
    r = evaluate(case / "labels.jsonl", case / "perfect.jsonl", case / "none.jsonl", case / "events.parquet")
    assert r.overall["precision"] == 1.0 and r.overall["recall"] == 1.0
    assert [c["before_flag_share"] for c in r.campaigns] == [0.0, 0.0]
    assert r.passed and all(b["passed"] for b in r.bar)


def test_hard_negatives_from_scenario_file(case: Path) -> None:
    (case / "scenario.toml").write_text('name = "x"\nhard_negatives = ["chat-user"]\n')
    r = evaluate(case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl", None)
    assert (r.overall["hard_negative_flagged"], r.overall["hard_negative_accounts"]) == (1, 2)
    assert r.overall["hard_negative_scenarios"] == ["chat-user"]


def test_render_and_json(case: Path) -> None:
    r = evaluate(case / "labels.jsonl", case / "accounts.jsonl", case / "campaigns.jsonl", case / "events.parquet")
    orjson.dumps(r.to_dict())
    con = Console(record=True, width=160)
    r.render(con)
    text = con.export_text()
    assert "precision 0.500" in text and "FAIL" in text and "C1" in text and "57.1 %" in text
