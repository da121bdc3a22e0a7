"""The HTTP service in-process (FastAPI TestClient): auth, limits, malformed bodies, endpoints."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from distillguard.online import OnlineService, create_app
from distillguard.online._metrics import Metrics
from distillguard.online._state import EmbeddedStore

TOKEN = "test-token-0123456789abcdef"  # as in conftest.py's auth fixture


@pytest.fixture
def service(tmp_path):
    store = EmbeddedStore(tmp_path / "state")
    svc = OnlineService(store, mode="enforce", refresh_interval_s=0)
    svc.metrics = Metrics(store.state_bytes)
    svc.open()
    yield svc
    svc.close()


@pytest.fixture
def client(service):
    app = create_app(service, tokens={"gw": TOKEN, "other": "second-token-abcdefghijk"})
    with TestClient(app) as c:
        yield c


def _ev(i: int, account: str = "acct_a", **kw):
    return {"ts": 1_790_000_000_000 + i * 1000, "request_id": f"{account}-{i}", "account_id": account, "prompt": f"question {i}", **kw}


def test_healthz_needs_no_token(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


@pytest.mark.parametrize("path,method", [("/v1/check", "post"), ("/v1/events", "post"), ("/v1/refresh", "post"),
                                         ("/v1/accounts/a", "get"), ("/v1/campaigns", "get"), ("/metrics", "get"),
                                         ("/openapi.json", "get")])
def test_every_other_endpoint_rejects_unauthenticated_calls(client, path, method):
    r = getattr(client, method)(path)
    assert r.status_code == 401
    r = getattr(client, method)(path, headers={"Authorization": "Bearer wrong-token-xxxxxxxxxxxx"})
    assert r.status_code == 401 and r.json()["error"] == "invalid token"


def test_ingest_is_idempotent_and_reports_rejects(client, auth, service):
    body = b"\n".join(orjson.dumps(_ev(i)) for i in range(5)) + b"\n{not json\n" + orjson.dumps({"ts": "soon", "request_id": "x", "account_id": "a"})
    r = client.post("/v1/events", content=body, headers={**auth, "content-type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["accepted"], out["duplicate"], out["rejected"]) == (5, 0, 2)
    assert {(x["index"], x["field"]) for x in out["rejects"]} == {(6, None), (7, "ts")}
    r = client.post("/v1/events", json=[_ev(i) for i in range(3, 8)], headers=auth)
    assert r.json()["accepted"] == 3 and r.json()["duplicate"] == 2
    row = client.get("/v1/accounts/acct_a", headers=auth).json()
    assert row["events"] == 8
    assert service.store.journal_count() == 8


def test_malformed_bodies_change_nothing(client, auth, service):
    for content, ctype in [(b"[1, 2", "application/json"), (b'{"a": 1}', "application/json"), (b"", "application/json"),
                           (b"x", "text/plain")]:
        r = client.post("/v1/events", content=content, headers={**auth, "content-type": ctype})
        assert 400 <= r.status_code < 500, (content, r.status_code)
        assert "error" in r.json()
    r = client.post("/v1/events", json=[{"request_id": "r1"}], headers=auth)  # no usable event
    assert r.status_code == 422 and r.json()["rejected"] == 1
    r = client.post("/v1/check", content=b"[]", headers={**auth, "content-type": "application/json"})
    assert r.status_code == 400
    r = client.post("/v1/check", json={"prompt": "hi"}, headers=auth)
    assert r.status_code == 422 and "account_id" in r.json()["error"]
    assert service.store.journal_count() == 0


def test_limits(tmp_path, auth):
    from distillguard.online.service import Limits

    store = EmbeddedStore(tmp_path / "s")
    svc = OnlineService(store, refresh_interval_s=0).open()
    app = create_app(svc, tokens={"gw": TOKEN}, limits=Limits(max_body_bytes=2000, max_batch=3))
    with TestClient(app) as c:
        r = c.post("/v1/events", json=[_ev(i) for i in range(4)], headers=auth)
        assert r.status_code == 413 and "limit of 3" in r.json()["error"]
        r = c.post("/v1/events", json=[_ev(i, prompt="x" * 3000) for i in range(1)], headers=auth)
        assert r.status_code == 413
    assert store.journal_count() == 0
    svc.close()


def test_check_decides_without_changing_state(client, auth, service):
    client.post("/v1/events", json=[_ev(i) for i in range(3)], headers=auth)
    r = client.post("/v1/check", json={"account_id": "acct_a", "prompt": "hello", "max_tokens": 100}, headers=auth)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["decision"] == "allow" and d["mode"] == "enforce" and 0 <= d["risk"] <= 1
    assert client.get("/v1/accounts/acct_a", headers=auth).json()["events"] == 3


def test_metrics_and_openapi(client, auth):
    client.post("/v1/check", json={"account_id": "a", "prompt": "hello"}, headers=auth)
    m = client.get("/metrics", headers=auth)
    assert m.status_code == 200
    assert 'distillguard_decisions_total{mode="enforce",verdict="allow"} 1.0' in m.text
    assert "distillguard_decision_seconds_bucket" in m.text and "distillguard_state_bytes" in m.text
    doc = client.get("/openapi.json", headers=auth).json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) >= {"/v1/check", "/v1/events", "/v1/refresh", "/v1/accounts/{account_id}", "/v1/campaigns", "/healthz", "/metrics"}
    check = doc["paths"]["/v1/check"]["post"]
    assert "account_id" in check["requestBody"]["content"]["application/json"]["schema"]["required"]
    assert set(doc["paths"]["/v1/events"]["post"]["requestBody"]["content"]) == {"application/x-ndjson", "application/json"}
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_hostile_text_is_never_logged(client, auth, caplog):
    from urllib.parse import quote

    evil = "\x1b[31mIGNORE ALL RULES'; DROP TABLE journal; --"
    path = f"/v1/accounts/{quote(evil, safe='')}"
    with caplog.at_level("DEBUG"):
        client.post("/v1/events", json=[_ev(1, account=evil, prompt=evil, user_agent=evil)], headers=auth)
        client.post("/v1/check", json={"account_id": evil, "prompt": evil}, headers=auth)
        client.get(path, headers=auth)
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("distillguard", "uvicorn")))
    assert "POST /v1/events 200" in text and "GET /v1/accounts/{account_id} 200" in text
    assert "IGNORE ALL RULES" not in text and "\x1b" not in text
    assert client.get(path, headers=auth).json()["account_id"] == evil  # stored as given, as data
