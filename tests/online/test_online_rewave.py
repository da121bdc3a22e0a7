"""Ban and return online: a new account on a found campaign's cards is flagged at the next refresh.

``hiding-small`` seed 1 is replayed through the service up to the first replacement of a banned
pool account, refreshed (the pool is found), then the replacement's first three requests (and
everyone's traffic in between) come in.  ``/v1/check`` knows only the last refresh's campaigns, so
the replacement's first check is judged on its own traffic (allowed); the **next refresh** links it
to the campaign, flags it from its first request (``events_before_flag`` 1: the scan's flag moment,
:func:`~distillguard.scoring.campaigns.member_flag_time`), and every check after that carries the
campaign's decision.  The service's rows after that refresh are the scan's for every account.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from distillguard.events.readers import parse_ts
from distillguard.online import OnlineService
from distillguard.online._state import EmbeddedStore

_PARITY = ("flagged", "events", "flagged_at", "events_before_flag", "campaign", "capabilities")


def _events(path: Path) -> list[dict[str, Any]]:
    t = pq.read_table(path)
    t = t.set_column(t.column_names.index("ts"), "ts", pc.cast(pc.cast(t.column("ts"), pa.timestamp("ms", tz="UTC")), pa.int64()))
    rows = [{k: v for k, v in r.items() if v is not None} for r in t.to_pylist()]
    rows.sort(key=lambda r: (r["ts"], r["request_id"]))
    return rows


@pytest.fixture(scope="module")
def replayed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from distillguard.simulate import load_scenario, simulate

    d = tmp_path_factory.mktemp("online-rewave")
    simulate(load_scenario("hiding-small"), seed=1, out=d / "log", corpora=shared_data)
    labels = {r["account_id"]: r for r in map(json.loads, (d / "log" / "labels.jsonl").read_text().splitlines())}
    bar = [a for a, r in labels.items() if r.get("scenario") == "ban-and-return"]
    rows = _events(d / "log" / "events.parquet")
    firsts = {a: next(r for r in rows if r["account_id"] == a) for a in bar}
    new = min((a for a in bar if labels[a]["wave"].startswith("1-r")), key=lambda a: firsts[a]["ts"])
    pool = [a for a in bar if labels[a]["wave"] == "1"]
    mine = [r for r in rows if r["account_id"] == new]
    t0, t3 = mine[0]["ts"], mine[2]["ts"]
    svc = OnlineService(EmbeddedStore(d / "state"), refresh_interval_s=0, accounts_paths=[d / "log" / "accounts.jsonl"]).open()
    out: dict[str, Any] = {"new": new, "pool": pool, "mine": mine}
    try:
        before = [r for r in rows if r["ts"] < t0]
        for i in range(0, len(before), 5000):
            assert svc.ingest(before[i:i + 5000]).rejected == 0
        svc.refresh()
        out["pool_rows"] = [svc.account(a) for a in pool]
        out["first_check"] = svc.check(mine[0]).to_dict()
        assert svc.ingest([r for r in rows if t0 <= r["ts"] <= t3]).rejected == 0
        out["row_before_refresh"] = svc.account(new)
        svc.refresh()
        out["row"] = svc.account(new)
        out["pool_after"] = [svc.account(a) for a in pool]
        out["next_check"] = svc.check(mine[3]).to_dict()
        out["online"] = {a: svc.account(a) for a in svc.view.rows}
        out["batch"] = dict(svc.view.rows)
    finally:
        svc.close()
    return out


def test_the_campaign_is_found_before_the_replacement_arrives(replayed: dict[str, Any]) -> None:
    rows = replayed["pool_rows"]
    assert all(r is not None and r["flagged"] and r["campaign"] for r in rows)
    assert replayed["first_check"]["campaign"] is None  # not linked yet: judged on its own first request


def test_the_replacement_is_flagged_from_its_first_request_at_the_next_refresh(replayed: dict[str, Any]) -> None:
    row, first = replayed["row"], replayed["mine"][0]
    assert not replayed["row_before_refresh"]["flagged"]  # its own three requests do not flag it
    assert row["flagged"] and row["events"] == 3, row
    assert row["campaign"] is not None and row["campaign"] in {r["campaign"] for r in replayed["pool_after"]}
    assert parse_ts(row["flagged_at"])[0] == first["ts"] and row["events_before_flag"] == 1
    chk = replayed["next_check"]
    assert chk["campaign"] == row["campaign"] and chk["would_decision"] != "allow" and chk["risk"] >= 0.7, chk


def test_rows_after_the_refresh_are_the_scans(replayed: dict[str, Any]) -> None:
    """Including the members whose flag the campaign moved earlier: the service's rows are the
    scan's feedback over the refresh's rows, which keeps them."""
    online, batch = replayed["online"], replayed["batch"]
    bad = [(a, k, online[a][k], b[k]) for a, b in batch.items() for k in _PARITY if online[a][k] != b[k]]
    bad += [(a, "risk", online[a]["risk"], b["risk"]) for a, b in batch.items() if abs(online[a]["risk"] - b["risk"]) > 1e-6]
    assert not bad, bad[:5]
    assert sum(1 for b in batch.values() if b["flagged"]) >= len(replayed["pool"]) + 1
