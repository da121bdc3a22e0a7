"""Embedded state survives kill -9 of the real server process: nothing acknowledged is lost,
nothing is counted twice (the client resends what it is not sure of, as a gateway does)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import orjson
import pytest

from online_testlib import read_jsonl

TOKEN = "kill-test-token-0123456789"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(state: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DISTILLGUARD_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "distillguard", "serve", "--port", str(port), "--state", str(state), "--refresh-interval", "0",
         "--log-level", "warning"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )
    from distillguard.online.service import wait_until_healthy

    if not wait_until_healthy(f"http://127.0.0.1:{port}", timeout_s=60, proc=proc):
        proc.kill()
        pytest.fail(f"server did not start: {log.read_text()[-3000:]}")
    return proc


@pytest.mark.slow
def test_kill_9_loses_nothing_acknowledged_and_counts_nothing_twice(tmp_path, demo_log):
    rows = read_jsonl(demo_log["events"])[:12_000]
    batches = [rows[i:i + 400] for i in range(0, len(rows), 400)]
    state, log = tmp_path / "state", tmp_path / "server.log"
    port = _port()
    h = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/x-ndjson"}
    body = [b"\n".join(orjson.dumps(r) for r in b) for b in batches]

    proc = _start(state, port, log)
    acked: list[int] = []
    stop = threading.Event()

    def sender() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=h, timeout=30) as c:
            for i, b in enumerate(body):
                if stop.is_set():
                    return
                try:
                    r = c.post("/v1/events", content=b)
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acked.append(i)

    t = threading.Thread(target=sender)
    t.start()
    # kill once more than a checkpoint's worth (5000 events) is acknowledged, mid-stream
    deadline = time.monotonic() + 120
    while len(acked) < 16 and time.monotonic() < deadline and t.is_alive():
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    t.join()
    assert 16 <= len(acked) < len(batches), "the kill must land in the middle of the stream"

    proc = _start(state, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=h, timeout=60) as c:
            # every acknowledged event is there
            want: dict[str, int] = {}
            for i in acked:
                for r in batches[i]:
                    want[r["account_id"]] = want.get(r["account_id"], 0) + 1
            for a, n in want.items():
                got = c.get(f"/v1/accounts/{a}").json()["events"]
                assert got >= n, (a, got, n)
            # the client resends everything it sent; the service counts each event once
            dup = acc = 0
            for b in body:
                out = c.post("/v1/events", content=b).json()
                dup += out["duplicate"]
                acc += out["accepted"]
            assert dup >= sum(len(batches[i]) for i in acked)
            total: dict[str, int] = {}
            for r in rows:
                total[r["account_id"]] = total.get(r["account_id"], 0) + 1
            for a, n in total.items():
                assert c.get(f"/v1/accounts/{a}").json()["events"] == n, a
    finally:
        proc.terminate()
        proc.wait(30)

    # and the folded state equals a service that never crashed
    from distillguard.online import OnlineService
    from distillguard.online._state import EmbeddedStore

    crashed = OnlineService(EmbeddedStore(state), refresh_interval_s=0).open()
    clean = OnlineService(EmbeddedStore(tmp_path / "clean"), refresh_interval_s=0).open()
    try:
        for b in batches:
            clean.ingest(b)
        a, b2 = dict(crashed.store.states()), dict(clean.store.states())
        assert set(a) == set(b2)
        for k in a:
            assert np.array_equal(a[k].profile, b2[k].profile, equal_nan=True), k
            assert a[k].seen == b2[k].seen and a[k].infra_first == b2[k].infra_first, k
    finally:
        crashed.close()
        clean.close()
