"""Fixtures of the online tests: a throwaway Redis server, the demo log, a service over a temp dir."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TOKEN = "test-token-0123456789abcdef"

# LiteLLM fetches its model cost map from the internet at import unless told to use its own copy;
# the tests (like CI) have no internet
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``redis-server`` on a free loopback port, with its own temp dir, stopped at the end.

    Its URL, ``redis://127.0.0.1:PORT/0``.  ``scripts/setup.d/20-redis.sh`` installs the binary.
    """
    binary = os.environ.get("DISTILLGUARD_REDIS_SERVER") or shutil.which("redis-server")
    if not binary:
        pytest.fail("redis-server is not installed: run scripts/setup.d/20-redis.sh (Debian: apt-get install redis-server)")
    d = tmp_path_factory.mktemp("redis")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(d), "--save", "", "--appendonly", "no",
         "--protected-mode", "yes", "--logfile", str(d / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start: {(d / 'redis.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
    client.close()
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """The session's Redis, emptied before the test."""
    import redis

    c = redis.Redis.from_url(redis_server)
    c.flushall()
    c.close()
    yield redis_server


def write_log(d: Path, events, accounts_path: Path | None) -> dict[str, Path]:
    """``events`` (an Arrow table) as JSON Lines in ``(ts, request_id)`` order, and the scan of it."""
    import orjson

    from distillguard.scan import Scan

    rows = events.to_pylist()
    for r in rows:
        ts = r["ts"]
        r["ts"] = int(ts.timestamp() * 1000) if hasattr(ts, "timestamp") else ts
    rows.sort(key=lambda r: (r["ts"], r["request_id"]))
    with (d / "events.jsonl").open("wb") as fh:
        for r in rows:
            fh.write(orjson.dumps({k: v for k, v in r.items() if v is not None}) + b"\n")
    Scan().run([d / "events.jsonl"], d / "scan", accounts_paths=[accounts_path] if accounts_path else [])
    return {"dir": d, "events": d / "events.jsonl", "accounts": accounts_path, "scan": d / "scan"}


@pytest.fixture(scope="session")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo log as JSON Lines in time order, its accounts file, and the scan of it."""
    import pyarrow.parquet as pq

    from distillguard.fixtures import demo_traffic

    d = tmp_path_factory.mktemp("demo")
    events, accounts, labels = demo_traffic(0)
    pq.write_table(accounts, d / "accounts.parquet")
    pq.write_table(labels, d / "labels.parquet")
    return write_log(d, events, d / "accounts.parquet")


@pytest.fixture(scope="session")
def events_only_log(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo log without any text (no prompt, system prompt, response or hash): every text
    count the log cannot fill stays unknown (``nan``), in the scan and online alike."""
    from distillguard.fixtures import demo_traffic

    d = tmp_path_factory.mktemp("events_only")
    events, _, _ = demo_traffic(0)
    events = events.drop_columns([c for c in ("prompt", "system", "response", "prompt_sha256") if c in events.column_names])
    return write_log(d, events, None)


@pytest.fixture(scope="session")
def small_log(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> dict[str, Path]:
    """A simulated log with real corpora: the ``small`` scenario over 3 days (about 25k events)."""
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from distillguard.cli import app

    d = tmp_path_factory.mktemp("small")
    res = CliRunner().invoke(app, ["simulate", "--scenario", "small", "--corpora", str(shared_data), "--days", "3",
                                   "--seed", "1", "--out", str(d / "traffic")])
    assert res.exit_code == 0, res.output
    return write_log(d, pq.read_table(d / "traffic" / "events.parquet"), d / "traffic" / "accounts.jsonl")


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
