"""``distillguard consume``: a Redis Streams consumer group, at-least-once, idempotent ingest."""

from __future__ import annotations

import orjson
import pytest
import redis

from distillguard.online import OnlineService
from distillguard.online._consume import StreamConsumer, parse_stream_url
from distillguard.online._state import EmbeddedStore

from online_testlib import read_jsonl

pytestmark = pytest.mark.redis


def test_parse_stream_url():
    assert parse_stream_url("redis://127.0.0.1:6379/events") == ("redis://127.0.0.1:6379/0", "events")
    assert parse_stream_url("redis://h:1/3/logs") == ("redis://h:1/3", "logs")
    with pytest.raises(Exception, match="STREAM"):
        parse_stream_url("redis://h:1/")


def test_consume_acknowledges_after_storing_and_survives_a_crash(tmp_path, redis_url, demo_log):
    rows = read_jsonl(demo_log["events"])[:3000]
    r = redis.Redis.from_url(redis_url)
    pipe = r.pipeline()
    for row in rows:
        pipe.xadd("logs", {"event": orjson.dumps(row)})
    pipe.xadd("logs", {"event": b"{broken"})
    pipe.xadd("logs", {"other": b"1"})
    pipe.execute()
    url = redis_url.rsplit("/", 1)[0] + "/0/logs"

    svc = OnlineService(EmbeddedStore(tmp_path / "s"), refresh_interval_s=0).open()
    try:
        c = StreamConsumer.from_url(url, svc, consumer="c1", batch=400)
        # a consumer that dies after reading a batch but before acknowledging it
        got = r.xreadgroup("distillguard", "c1", {"logs": ">"}, count=400)
        assert len(got[0][1]) == 400
        assert r.xpending("logs", "distillguard")["pending"] == 400
        # restarted: its pending entries come first, then the rest
        stats = c.run(idle_exit_s=1.0)
        assert stats["entries"] == len(rows) + 2
        assert stats["accepted"] == len(rows) and stats["rejected"] == 2
        assert r.xpending("logs", "distillguard")["pending"] == 0
        assert r.xlen("logs:rejects") == 2
        # delivered again (another group replays the stream): nothing counted twice
        c2 = StreamConsumer.from_url(url, svc, group="replay", consumer="c2", batch=1000)
        s2 = c2.run(idle_exit_s=1.0)
        assert s2["accepted"] == 0 and s2["duplicate"] == len(rows)
        assert svc.store.journal_count() == len(rows)
        per = {}
        for row in rows:
            per[row["account_id"]] = per.get(row["account_id"], 0) + 1
        assert {a: s.requests for a, s in svc.store.states()} == per
    finally:
        svc.close()


def test_consume_cli(tmp_path, redis_url):
    from typer.testing import CliRunner

    from distillguard.cli import app

    r = redis.Redis.from_url(redis_url)
    for i in range(50):
        r.xadd("ev", {"event": orjson.dumps({"ts": 1_790_000_000_000 + i, "request_id": f"r{i}", "account_id": "a1"})})
    url = redis_url.rsplit("/", 1)[0] + "/0/ev"
    res = CliRunner().invoke(app, ["consume", url, "--state", str(tmp_path / "st"), "--idle-exit", "1", "--refresh-interval", "0"])
    assert res.exit_code == 0, res.output
    assert "50 accepted" in res.output
