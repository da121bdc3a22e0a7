"""Benchmarks of the online service (bounded loopback load only: 127.0.0.1, a fixed number of
requests at a fixed concurrency, stopping by itself).

    .venv/bin/python bench/online_bench.py inprocess --n 2000
    .venv/bin/python bench/online_bench.py http --state embedded --n 5000 --concurrency 16 [--client raw|httpx]
    .venv/bin/python bench/online_bench.py http --state redis --n 5000 --concurrency 16
    .venv/bin/python bench/online_bench.py redis --n 5000
    .venv/bin/python bench/online_bench.py state --scenario default --days 21 --corpora ../shared/data
    .venv/bin/python bench/online_bench.py soak --minutes 10

Each prints one JSON object of figures (and the machine) on stdout.  The warm-up state of
``inprocess``, ``http`` and ``redis`` is the demo log (23.8k events, 262 accounts) ingested and
refreshed; the requests decided are replays of its events with fresh request ids.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token-0123456789abcdef"


def _machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "processor": platform.processor() or platform.machine()}


def _pcts(xs: list[float]) -> dict:
    a = np.asarray(xs) * 1000.0
    return {"p50_ms": round(float(np.percentile(a, 50)), 3), "p90_ms": round(float(np.percentile(a, 90)), 3),
            "p99_ms": round(float(np.percentile(a, 99)), 3), "max_ms": round(float(a.max()), 3), "n": len(xs)}


def _demo_rows() -> list[dict]:
    from distillguard.fixtures import demo_traffic

    events, _, _ = demo_traffic(0)
    rows = events.to_pylist()
    for r in rows:
        r["ts"] = int(r["ts"].timestamp() * 1000)
    rows.sort(key=lambda r: (r["ts"], r["request_id"]))
    return [{k: v for k, v in r.items() if v is not None} for r in rows]


def _probes(rows: list[dict], n: int) -> list[dict]:
    """Pre-call events (no outputs yet) drawn from the log, each with a fresh request id."""
    rng = np.random.default_rng(0)
    out = []
    for k, i in enumerate(rng.integers(0, len(rows), n)):
        r = {f: v for f, v in rows[int(i)].items() if f not in ("output_tokens", "reasoning_tokens", "finish_reason", "status",
                                                                  "latency_ms", "response")}
        r["request_id"] = f"probe-{k}"
        out.append(r)
    return out


def _warm_service(state: str):
    from distillguard.online import OnlineService, open_store

    svc = OnlineService(open_store(state), refresh_interval_s=0, mode="enforce").open()
    rows = _demo_rows()
    for i in range(0, len(rows), 2000):
        svc.ingest(rows[i:i + 2000])
    svc.refresh()
    return svc, rows


# -- in-process guardrail path ---------------------------------------------------------------------


def bench_inprocess(args: argparse.Namespace) -> dict:
    d = tempfile.mkdtemp()
    svc, rows = _warm_service(d)
    probes = _probes(rows, args.n)
    for p in probes[:50]:
        svc.check(p)
    lat: list[float] = []
    parts = {"validate+features": [], "state": [], "score+reasons": []}
    for p in probes:
        t0 = time.perf_counter()
        svc.check(p)
        lat.append(time.perf_counter() - t0)
    # where the time goes, on a sample

    from distillguard.online._fold import AccountState, add_event

    def prepare_one(p: dict):  # what check() runs (a tree without the one-row path: Arrow)
        if hasattr(svc, "_prepare_checks"):
            return svc._prepare_checks([dict(p)])[0][0]
        from distillguard.online._fold import prepare

        return prepare(svc._validate([p], "bench")[0])[0]

    def score_one(a: str, profile: np.ndarray) -> None:
        if hasattr(svc, "_check_risk"):
            svc._check_risk([a], profile[None, :])
        else:
            svc._risk([a], profile[None, :], capabilities=False)

    for p in probes[:300]:
        t0 = time.perf_counter()
        ev = prepare_one(p)
        t1 = time.perf_counter()
        st = svc.store.get(ev.account_id) or AccountState.zero()
        add_event(st, ev)
        t2 = time.perf_counter()
        score_one(ev.account_id, st.profile)
        t3 = time.perf_counter()
        parts["validate+features"].append(t1 - t0)
        parts["state"].append(t2 - t1)
        parts["score+reasons"].append(t3 - t2)
    svc.close()
    shutil.rmtree(d, ignore_errors=True)
    return {"bench": "inprocess check (guardrail path)", **_pcts(lat), "decisions_per_s": round(len(lat) / sum(lat), 1),
            "breakdown_p50_ms": {k: round(float(np.median(v)) * 1000, 3) for k, v in parts.items()}, "machine": _machine(),
            "loadavg": [round(x, 2) for x in os.getloadavg()]}


# -- HTTP /v1/check under a bounded load ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis() -> tuple[subprocess.Popen, str]:
    d = tempfile.mkdtemp()
    port = _free_port()
    p = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--dir", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    c = redis.Redis(port=port)
    for _ in range(200):
        try:
            c.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return p, f"redis://127.0.0.1:{port}/0"


def _serve(state: str, port: int) -> subprocess.Popen:
    from distillguard.online.service import wait_until_healthy

    env = {**os.environ, "DISTILLGUARD_TOKEN": TOKEN}
    p = subprocess.Popen([sys.executable, "-m", "distillguard", "serve", "--port", str(port), "--state", state, "--mode", "enforce",
                          "--refresh-interval", "0", "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_until_healthy(f"http://127.0.0.1:{port}", timeout_s=60, proc=p):
        p.kill()
        raise SystemExit("server did not start")
    return p


async def _load(port: int, path: str, bodies: list[bytes], concurrency: int, ctype: str) -> tuple[list[float], int, float]:
    import httpx

    lat: list[float] = []
    errors = 0
    it = iter(bodies)
    lock = asyncio.Lock()

    async def worker(c: httpx.AsyncClient) -> None:
        nonlocal errors
        while True:
            async with lock:
                b = next(it, None)
            if b is None:
                return
            t0 = time.perf_counter()
            r = await c.post(path, content=b, headers={"content-type": ctype})
            lat.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {TOKEN}"}, limits=limits,
                                 timeout=60) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(c) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return lat, errors, wall


async def _load_raw(port: int, path: str, bodies: list[bytes], concurrency: int, ctype: str) -> tuple[list[float], int, float]:
    """:func:`_load` with a lean client: HTTP/1.1 keep-alive connections over asyncio streams,
    each request's bytes built before the clock starts and only the status line and
    ``content-length`` of the answer parsed (httpx costs ~1.5 ms of CPU per request, which on two
    shared cores bounds what the server can be seen to do)."""
    head = (f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nauthorization: Bearer {TOKEN}\r\n"
            f"content-type: {ctype}\r\n").encode()
    reqs = [head + b"content-length: %d\r\n\r\n" % len(b) + b for b in bodies]
    lat: list[float] = []
    errors = 0
    it = iter(reqs)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for req in it:
                t0 = time.perf_counter()
                writer.write(req)
                status = await reader.readline()
                n = 0
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        n = int(v)
                await reader.readexactly(n)
                lat.append(time.perf_counter() - t0)
                if status.split(b" ", 2)[1] != b"200":
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return lat, errors, time.perf_counter() - t0


def bench_http(args: argparse.Namespace) -> dict:
    redis_proc = None
    if args.state == "redis":
        redis_proc, state = _start_redis()
    else:
        state = tempfile.mkdtemp()
    port = _free_port()
    srv = _serve(state, port)
    try:
        rows = _demo_rows()
        ingest_bodies = [b"\n".join(orjson.dumps(r) for r in rows[i:i + 2000]) for i in range(0, len(rows), 2000)]
        lat, err, wall = asyncio.run(_load(port, "/v1/events", ingest_bodies, 1, "application/x-ndjson"))
        import httpx

        httpx.post(f"http://127.0.0.1:{port}/v1/refresh", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)
        ingest = {"events": len(rows), "events_per_s": round(len(rows) / wall, 1), "errors": err}
        probes = [orjson.dumps(p) for p in _probes(rows, args.n)]
        load = _load_raw if args.client == "raw" else _load
        asyncio.run(load(port, "/v1/check", probes[:100], args.concurrency, "application/json"))  # warm-up
        cpu0 = time.process_time()
        lat, err, wall = asyncio.run(load(port, "/v1/check", probes, args.concurrency, "application/json"))
        client_cpu = time.process_time() - cpu0
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(30)
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(10)
    return {"bench": f"HTTP /v1/check, {args.state} state", "concurrency": args.concurrency, "client": args.client, **_pcts(lat),
            "decisions_per_s": round(len(lat) / wall, 1), "errors": err, "client_cpu_ms_per_request": round(client_cpu / len(lat) * 1000, 3),
            "ingest_v1_events": ingest, "machine": _machine(), "loadavg": [round(x, 2) for x in os.getloadavg()]}


# -- Redis: round trips and the atomic update per event ---------------------------------------------------------------


def bench_redis(args: argparse.Namespace) -> dict:
    import redis

    from distillguard.online import OnlineService
    from distillguard.online._fold import AccountState, prepare
    from distillguard.online._state import APPLY_LUA, RedisStore

    proc, url = _start_redis()
    try:
        store = RedisStore(url)
        svc = OnlineService(store, refresh_interval_s=0).open()
        rows = _demo_rows()
        # events one at a time (what the LiteLLM logger and a stream consumer send)
        single = rows[: args.n]
        rt0 = store.round_trips
        lat = []
        for r in single:
            t0 = time.perf_counter()
            svc.ingest([r])
            lat.append(time.perf_counter() - t0)
        per_event_rt = (store.round_trips - rt0) / len(single)
        # batches of 2000 (POST /v1/events)
        rt1 = store.round_trips
        rest = rows[args.n:]
        t0 = time.perf_counter()
        for i in range(0, len(rest), 2000):
            svc.ingest(rest[i:i + 2000])
        batch_wall = time.perf_counter() - t0
        batch_rt = (store.round_trips - rt1) / max(len(rest), 1)
        # the atomic update alone: EVALSHA of the Lua script, timed client-side, and server-side
        c = redis.Redis.from_url(url)
        script = c.register_script(APPLY_LUA)
        evs = prepare(__import__("pyarrow").RecordBatch.from_pylist(
            [{**r, "ts_ms": r["ts"], "request_id": "lua-" + r["request_id"]} for r in rows[:1]],
            schema=__import__("distillguard.events.schema", fromlist=["x"]).EVENTS_ARROW_SCHEMA))
        st = AccountState.zero()
        blob = st.to_bytes()
        row = orjson.dumps(rows[0])
        c.config_resetstat()
        lua = []
        v = ""
        for k in range(args.n):
            nv = f"b:{k}"
            t0 = time.perf_counter()
            script(keys=["dg:seen", "dg:acct:lua-bench", "dg:journal-bench", "dg:accounts-bench"],
                   args=[f"lua-{k}", v, nv, blob, row, "lua-bench"])
            lua.append(time.perf_counter() - t0)
            v = nv
        info = c.info("commandstats")
        evalsha = info.get("cmdstat_evalsha", {})
        svc.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return {"bench": "redis state", "single_event_ingest": _pcts(lat), "round_trips_per_event_single": round(per_event_rt, 3),
            "round_trips_per_event_batch2000": round(batch_rt, 5), "batch_events_per_s": round(len(rest) / batch_wall, 1),
            "lua_update_client": _pcts(lua), "lua_update_server_usec_per_call": evalsha.get("usec_per_call"),
            "state_bytes_per_event_update": len(blob), "machine": _machine()}


# -- bytes of state per account on a simulated log --------------------------------------------------------------------


def bench_state(args: argparse.Namespace) -> dict:
    import pyarrow.parquet as pq

    from distillguard.online._fold import AccountState, add_event, prepare

    out = Path(tempfile.mkdtemp())
    cmd = [sys.executable, "-m", "distillguard", "simulate", "--scenario", args.scenario, "--days", str(args.days), "--seed", "1",
           "--out", str(out)]
    if args.corpora:
        cmd += ["--corpora", args.corpora]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    t = pq.read_table(out / "events.parquet")
    import pyarrow.compute as pc

    t = t.append_column("ts_ms", pc.cast(pc.cast(t.column("ts"), "int64"), "int64")) if "ts_ms" not in t.column_names else t
    t = t.sort_by([("ts_ms", "ascending"), ("request_id", "ascending")])
    states: dict[str, AccountState] = {}
    t0 = time.perf_counter()
    for b in t.to_batches(20_000):
        for ev in prepare(b):
            st = states.get(ev.account_id)
            if st is None:
                st = states[ev.account_id] = AccountState.zero()
            add_event(st, ev)
    fold_s = time.perf_counter() - t0
    sizes = np.array([len(s.to_bytes()) for s in states.values()])
    reqs = np.array([s.requests for s in states.values()])
    shutil.rmtree(out, ignore_errors=True)
    return {"bench": f"state bytes per account, {args.scenario} scenario, {args.days} days", "events": t.num_rows,
            "accounts": len(states), "fold_events_per_s": round(t.num_rows / fold_s, 1),
            "bytes": {"mean": round(float(sizes.mean()), 1), "p50": int(np.median(sizes)), "p90": int(np.percentile(sizes, 90)),
                      "p99": int(np.percentile(sizes, 99)), "max": int(sizes.max())},
            "share_within_4KiB": round(float((sizes <= 4096).mean()), 4),
            "bytes_per_request_of_accounts_over_4KiB": round(float((sizes[sizes > 4096] / reqs[sizes > 4096]).mean()), 2) if (sizes > 4096).any() else None,
            "machine": _machine()}


# -- soak ------------------------------------------------------------------------------------------------


def bench_soak(args: argparse.Namespace) -> dict:
    """A bounded loopback soak: for ``--minutes``, one client posts event batches (each event sent
    twice, the second time as a retry) while another asks for decisions; at the end every event
    sent must be in the journal exactly once and every account's count must match."""
    import httpx

    state = tempfile.mkdtemp()
    port = _free_port()
    srv = _serve(state, port)
    h = {"Authorization": f"Bearer {TOKEN}"}
    deadline = time.monotonic() + args.minutes * 60
    sent: dict[str, int] = {}
    n_sent = 0
    checks = 0
    errors = 0
    stop = threading.Event()
    rows = _demo_rows()
    span = rows[-1]["ts"] - rows[0]["ts"] + 3_600_000

    def checker() -> None:
        nonlocal checks, errors
        probes = [orjson.dumps(p) for p in _probes(rows, 2000)]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={**h, "content-type": "application/json"}, timeout=60) as c:
            k = 0
            while not stop.is_set():
                r = c.post("/v1/check", content=probes[k % len(probes)])
                checks += 1
                errors += r.status_code != 200
                k += 1

    th = threading.Thread(target=checker)
    th.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={**h, "content-type": "application/x-ndjson"}, timeout=120) as c:
            lap = 0
            while time.monotonic() < deadline:
                for i in range(0, len(rows), 1000):
                    if time.monotonic() >= deadline:
                        break
                    chunk = [{**r, "ts": r["ts"] + lap * span, "request_id": f"{lap}-{r['request_id']}"} for r in rows[i:i + 1000]]
                    body = b"\n".join(orjson.dumps(r) for r in chunk)
                    for attempt in range(2):  # the second send is a gateway's retry: all duplicates
                        r = c.post("/v1/events", content=body)
                        if r.status_code != 200:
                            errors += 1
                        elif attempt == 0:
                            n_sent += len(chunk)
                            for e in chunk:
                                sent[e["account_id"]] = sent.get(e["account_id"], 0) + 1
                lap += 1
        stop.set()
        th.join()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=h, timeout=60) as c:
            lost = {a: (n, c.get(f"/v1/accounts/{a}").json()["events"]) for a, n in sent.items()}
            bad = {a: v for a, v in lost.items() if v[0] != v[1]}
            metrics = c.get("/metrics").text
    finally:
        stop.set()
        srv.send_signal(signal.SIGTERM)
        srv.wait(60)
    accepted = [ln for ln in metrics.splitlines() if ln.startswith('distillguard_events_total{outcome="accepted"}')]
    dup = [ln for ln in metrics.splitlines() if ln.startswith('distillguard_events_total{outcome="duplicate"}')]
    return {"bench": f"loopback soak, {args.minutes} min, embedded state", "events_sent": n_sent, "accounts": len(sent),
            "accounts_with_a_wrong_count": len(bad), "examples": dict(list(bad.items())[:5]), "checks": checks, "http_errors": errors,
            "metrics_accepted": accepted, "metrics_duplicate": dup, "machine": _machine()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("inprocess")
    p.add_argument("--n", type=int, default=2000)
    p = sub.add_parser("http")
    p.add_argument("--state", choices=("embedded", "redis"), default="embedded")
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--client", choices=("httpx", "raw"), default="raw", help="load generator: raw asyncio streams (lean) or httpx")
    p = sub.add_parser("redis")
    p.add_argument("--n", type=int, default=3000)
    p = sub.add_parser("state")
    p.add_argument("--scenario", default="default")
    p.add_argument("--days", type=int, default=21)
    p.add_argument("--corpora", default=None)
    p = sub.add_parser("soak")
    p.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    fn = {"inprocess": bench_inprocess, "http": bench_http, "redis": bench_redis, "state": bench_state, "soak": bench_soak}[args.cmd]
    print(orjson.dumps(fn(args), option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
