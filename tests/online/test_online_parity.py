"""Parity: a log replayed through the service gives the scan's findings.

The log is sent through ``ingest`` in time order, then refreshed once; every account's row
(``GET /v1/accounts/{id}``, computed from its live fold state scored against the refresh's
population and campaigns) must match the scan's ``accounts.jsonl`` row: same flag, risk within
1e-6, same ``events``, ``flagged_at``, ``campaign``; and the campaigns must be the scan's.
"""

from __future__ import annotations

import numpy as np
import pytest

from distillguard.online import OnlineService
from distillguard.online._state import EmbeddedStore

from online_testlib import read_jsonl


def _replay(svc: OnlineService, rows: list[dict], batch: int = 2000) -> None:
    for i in range(0, len(rows), batch):
        res = svc.ingest(rows[i:i + batch])
        assert res.rejected == 0, res.rejects[:3]


def assert_rows_match(online: dict[str, dict], batch: list[dict]) -> None:
    assert set(online) == {r["account_id"] for r in batch}
    mismatches = []
    for b in batch:
        o = online[b["account_id"]]
        for k in ("flagged", "events", "flagged_at", "events_before_flag", "campaign"):
            if o[k] != b[k]:
                mismatches.append((b["account_id"], k, o[k], b[k]))
        if abs(o["risk"] - b["risk"]) > 1e-6:
            mismatches.append((b["account_id"], "risk", o["risk"], b["risk"]))
        if o["capabilities"] != b["capabilities"]:
            mismatches.append((b["account_id"], "capabilities", o["capabilities"], b["capabilities"]))
        if [r["detector"] for r in o["reasons"]] != [r["detector"] for r in b["reasons"]]:
            mismatches.append((b["account_id"], "reasons", o["reasons"], b["reasons"]))
    assert not mismatches, mismatches[:10]


@pytest.mark.parametrize("log", ["demo_log", "events_only_log", pytest.param("small_log", marks=[pytest.mark.corpora, pytest.mark.slow])])
def test_log_parity(tmp_path, request, log):
    demo_log = request.getfixturevalue(log)
    rows = read_jsonl(demo_log["events"])
    batch_rows = read_jsonl(demo_log["scan"] / "accounts.jsonl")
    svc = OnlineService(EmbeddedStore(tmp_path / "state"), refresh_interval_s=0, accounts_paths=[demo_log["accounts"]] if demo_log["accounts"] else []).open()
    try:
        _replay(svc, rows)
        info = svc.refresh()
        assert info["events"] == len(rows)
        online = {r["account_id"]: r for r in svc.account_rows(svc.store.states())}
        assert_rows_match(online, batch_rows)
        # the whole row, byte for byte, for an account with no event since the refresh
        flagged = [b for b in batch_rows if b["flagged"]]
        assert flagged, "the log must flag someone"
        for b in flagged:
            assert svc.account(b["account_id"]) == b
        assert [c["accounts"] for c in svc.campaigns()] == [c["accounts"] for c in read_jsonl(demo_log["scan"] / "campaigns.jsonl")]
    finally:
        svc.close()


def test_fold_profiles_equal_batch_profiles(tmp_path, demo_log):
    """The live profile of every account equals the scan's account profile, field by field."""
    import duckdb

    from distillguard.online._fold import FIELD_NAMES

    rows = read_jsonl(demo_log["events"])
    svc = OnlineService(EmbeddedStore(tmp_path / "state"), refresh_interval_s=0).open()
    try:
        _replay(svc, rows, batch=777)
        con = duckdb.connect(str(demo_log["scan"] / "scan.duckdb"), read_only=True)
        prof = {r["account_id"]: r for r in con.execute("select * from account_profiles").to_arrow_table().to_pylist()}
        con.close()
        states = dict(svc.store.states())
        assert set(states) == set(prof)
        for a, st in states.items():
            p = st.profile_dict()
            for k in FIELD_NAMES:
                want = np.nan if prof[a][k] is None else float(prof[a][k])
                assert p[k] == pytest.approx(want, rel=1e-9, abs=1e-9, nan_ok=True), (a, k)
    finally:
        svc.close()


def test_demo_log_parity_over_http(tmp_path, demo_log):
    """The same replay through the HTTP API: POST /v1/events, POST /v1/refresh, GET /v1/accounts."""
    import orjson
    from fastapi.testclient import TestClient

    from distillguard.online import create_app

    rows = read_jsonl(demo_log["events"])
    batch_rows = read_jsonl(demo_log["scan"] / "accounts.jsonl")
    svc = OnlineService(EmbeddedStore(tmp_path / "state"), refresh_interval_s=0, accounts_paths=[demo_log["accounts"]]).open()
    token = "parity-token-0123456789abc"
    h = {"Authorization": f"Bearer {token}"}
    try:
        with TestClient(create_app(svc, tokens={"t": token})) as c:
            for i in range(0, len(rows), 2500):
                body = b"\n".join(orjson.dumps(r) for r in rows[i:i + 2500])
                r = c.post("/v1/events", content=body, headers={**h, "content-type": "application/x-ndjson"})
                assert r.status_code == 200 and r.json()["accepted"] == len(rows[i:i + 2500])
            assert c.post("/v1/refresh", headers=h).json()["events"] == len(rows)
            online = {b["account_id"]: c.get(f"/v1/accounts/{b['account_id']}", headers=h).json() for b in batch_rows}
            assert online == {b["account_id"]: b for b in batch_rows}  # every row exactly as in accounts.jsonl
            assert c.get("/v1/campaigns", headers=h).json() == read_jsonl(demo_log["scan"] / "campaigns.jsonl")
    finally:
        svc.close()
