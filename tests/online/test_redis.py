"""Redis state: replicas share state in a real redis-server (started by conftest.py), one Lua
script per event, deduplicated by request_id."""

from __future__ import annotations

import threading

import pytest

from distillguard.online import OnlineService
from distillguard.online._state import EmbeddedStore, RedisStore

from online_testlib import read_jsonl
from test_online_parity import assert_rows_match  # noqa: E402

pytestmark = pytest.mark.redis


def _svc(store):
    return OnlineService(store, refresh_interval_s=0, mode="enforce").open()


def test_two_replicas_each_sent_half_equal_one_replica(tmp_path, redis_url, demo_log):
    rows = read_jsonl(demo_log["events"])
    batches = [rows[i:i + 500] for i in range(0, len(rows), 500)]
    a, b = _svc(RedisStore(redis_url)), _svc(RedisStore(redis_url))
    one = _svc(EmbeddedStore(tmp_path / "one"))
    try:
        accepted = 0
        for i, batch in enumerate(batches):  # in time order, alternating replicas
            accepted += (a if i % 2 == 0 else b).ingest(batch).accepted
            one.ingest(batch)
        assert accepted == len(rows)
        assert a.store.journal_count() == len(rows)
        # a replica resent the other's half: nothing counted twice
        for i, batch in enumerate(batches[:6]):
            res = (b if i % 2 == 0 else a).ingest(batch)
            assert (res.accepted, res.duplicate) == (0, len(batch))
        assert a.store.journal_count() == len(rows)

        a.refresh()
        one.refresh()
        b._load_view_if_changed()  # what its background thread does every second
        rows_one = one.account_rows(one.store.states())
        for replica in (a, b):
            got = {r["account_id"]: r for r in replica.account_rows(replica.store.states())}
            assert_rows_match(got, rows_one)
        # and the same verdicts for the next request of every account
        sample = [r for r in rows_one if r["flagged"] or r["campaign"]] + rows_one[:20]
        probes = [{"account_id": r["account_id"], "prompt": "Think step by step and show your reasoning.", "max_tokens": 8000}
                  for r in sample]
        for p in probes:
            da, db, do = a.check(p), b.check(p), one.check(p)
            assert (da.would_decision, da.risk, da.campaign) == (db.would_decision, db.risk, db.campaign) == (do.would_decision, do.risk, do.campaign)
        assert any(r["flagged"] for r in rows_one)
    finally:
        a.close()
        b.close()
        one.close()


def test_concurrent_replicas_count_each_event_once(redis_url, demo_log):
    rows = read_jsonl(demo_log["events"])[:6000]
    replicas = [_svc(RedisStore(redis_url)) for _ in range(2)]
    accepted = [0, 0]
    dup = [0, 0]

    def send(k: int) -> None:
        for i in range(0, len(rows), 300):
            res = replicas[k].ingest(rows[i:i + 300])
            accepted[k] += res.accepted
            dup[k] += res.duplicate

    try:
        ts = [threading.Thread(target=send, args=(k,)) for k in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert sum(accepted) == len(rows) and sum(dup) == len(rows)
        assert replicas[0].store.journal_count() == len(rows)
        per_acct: dict[str, int] = {}
        for r in rows:
            per_acct[r["account_id"]] = per_acct.get(r["account_id"], 0) + 1
        states = dict(replicas[1].store.states())
        assert {a: s.requests for a, s in states.items()} == per_acct
    finally:
        for r in replicas:
            r.close()


def test_lua_script_takes_event_fields_as_arguments(redis_url):
    """Hostile text in an event never becomes script text: the script is one constant."""
    from distillguard.online._state import APPLY_LUA

    store = RedisStore(redis_url)
    svc = _svc(store)
    try:
        evil = "x'); redis.call('FLUSHALL'); --\n]]"
        res = svc.ingest([{"ts": 1_790_000_000_000, "request_id": evil, "account_id": evil, "prompt": evil}])
        assert res.accepted == 1
        assert svc.ingest([{"ts": 1_790_000_000_000, "request_id": evil, "account_id": evil}]).duplicate == 1
        import redis

        r = redis.Redis.from_url(redis_url)
        scripts = r.execute_command("SCRIPT", "EXISTS", store._apply.sha)
        assert scripts == [1] and evil not in APPLY_LUA
        assert r.xlen("dg:journal") == 1 and r.sismember("dg:seen", evil)
    finally:
        svc.close()
