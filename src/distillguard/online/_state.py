"""Where the service keeps its state: embedded (one SQLite file in WAL mode) or in Redis.

Both stores hold the same three things:

* the **journal**: every accepted event once (deduplicated by ``request_id``), in acceptance
  order — what a refresh re-scans and what a restart replays;
* each account's **fold state** (:class:`~distillguard.online._fold.AccountState`);
* the **batch view** of the last refresh (population statistics, campaigns, the scan's rows).

Embedded (``--state DIR``)
    ``DIR/state.sqlite`` in WAL mode with ``synchronous=FULL``: a batch of events is one
    transaction, committed (and fsynced) *before* the service answers, so an acknowledged event
    survives ``kill -9``.  Account states live in memory and are checkpointed into the same file
    with the journal sequence they include; a restart loads the checkpoint and replays the
    journal after it, so nothing is counted twice.  One process owns the directory (an
    exclusive ``flock`` on ``DIR/lock``).

Redis (``--state redis://HOST:PORT/DB``)
    Every event is one atomic Lua script (:data:`APPLY_LUA`): deduplicate by ``request_id``
    first, then compare-and-set the account's state on its version, append the event to the
    journal stream, all or nothing.  The event's fields travel as script *arguments*
    (``ARGV``), never as script text.  A replica keeps the states it wrote with their versions,
    so the common case is one round trip per event (a pipeline of scripts per batch); when
    another replica updated the account first, the script answers with the current state and
    the event is folded again on top of it.

Examples
--------
>>> import tempfile
>>> s = EmbeddedStore(tempfile.mkdtemp())
>>> s.open(); s.journal_count()
0
>>> s.close()
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import orjson

from distillguard.errors import DistillguardError
from distillguard.online._fold import AccountState, PreparedEvent

__all__ = ["APPLY_LUA", "EmbeddedStore", "RedisStore", "Store", "open_store"]

#: folds each account's chain of events onto its start state; returns the states after each event
#: (``copies=True``: a separate object per event, as each is written on its own)
Chain = Callable[..., list[list[AccountState]]]


@dataclass
class Applied:
    """What happened to each event of a batch, in order: ``accepted`` or ``duplicate``."""

    status: list[str]
    round_trips: int = 0


class Store(Protocol):
    kind: str

    def open(self) -> None: ...
    def close(self) -> None: ...
    def get(self, account_id: str) -> AccountState | None: ...
    def get_many(self, account_ids: Sequence[str]) -> list[AccountState | None]: ...
    def apply(self, events: Sequence[PreparedEvent], rows: Sequence[bytes], chain: Chain) -> Applied: ...
    def journal_count(self) -> int: ...
    def export_journal(self, path: Path) -> int: ...
    def states(self) -> Iterator[tuple[str, AccountState]]: ...
    def save_view(self, blob: bytes) -> None: ...
    def load_view(self) -> bytes | None: ...
    def view_version(self) -> int: ...
    def record_decisions(self, rows: Sequence[bytes]) -> None: ...
    def state_bytes(self) -> tuple[int, int]: ...
    def checkpoint(self) -> None: ...
    def try_lead(self, owner: str, ttl_s: int) -> bool: ...


def open_store(spec: str) -> Store:
    """``DIR`` (embedded) or ``redis://HOST:PORT/DB`` (shared by replicas)."""
    if spec.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(spec)
    return EmbeddedStore(spec)


# ---------------------------------------------------------------------------------------------
# embedded


class EmbeddedStore:
    """Journal, checkpoints and view in one SQLite file (WAL, ``synchronous=FULL``)."""

    kind = "embedded"

    def __init__(self, directory: str | Path, *, checkpoint_every: int = 5000) -> None:
        self.dir = Path(directory)
        self.checkpoint_every = checkpoint_every
        self._states: dict[str, AccountState] = {}
        self._dirty: set[str] = set()
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._lockfile: Any = None
        self._seq = 0
        self._since_ckpt = 0
        self._view_version = 0

    # -- life cycle ----------------------------------------------------------------------------
    def open(self, replay: Callable[[list[tuple[int, bytes]]], None] | None = None) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DistillguardError(f"cannot create the state directory {self.dir}: {exc.strerror}") from exc
        if not self.dir.is_dir():
            raise DistillguardError(f"--state {self.dir} is not a directory")
        self._lockfile = open(self.dir / "lock", "a+")
        try:
            fcntl.flock(self._lockfile, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lockfile.close()
            raise DistillguardError(f"state directory {self.dir} is in use by another distillguard serve") from None
        db = sqlite3.connect(self.dir / "state.sqlite", isolation_level=None, check_same_thread=False)
        db.execute("pragma journal_mode=wal")
        db.execute("pragma synchronous=full")
        db.executescript(
            """
            create table if not exists journal (seq integer primary key, request_id text not null unique,
                                                account_id text not null, ts_ms integer not null, row blob not null);
            create table if not exists states (account_id text primary key, state blob not null);
            create table if not exists meta (key text primary key, value blob);
            create table if not exists decisions (id integer primary key, row blob not null);
            """
        )
        self._db = db
        self._view_version = int(self._meta("view_version") or 0)
        ckpt = int(self._meta("checkpoint_seq") or 0)
        for account_id, blob in db.execute("select account_id, state from states"):
            self._states[account_id] = AccountState.from_bytes(blob)
        self._seq = ckpt
        if replay is not None:
            # events committed after the last checkpoint: fold them again (exactly once)
            while True:
                rows = db.execute("select seq, row from journal where seq > ? order by seq limit 20000", (self._seq,)).fetchall()
                if not rows:
                    break
                replay(rows)
                self._seq = rows[-1][0]
        else:
            last = db.execute("select coalesce(max(seq), 0) from journal").fetchone()[0]
            if last > ckpt:
                raise DistillguardError("journal has events after the last checkpoint and no replay function was given")

    def replay_apply(self, events: Sequence[PreparedEvent], chain: Chain) -> None:
        """Fold journal events again at start-up (they are already in the journal)."""
        with self._lock:
            self._fold(events, chain)

    def close(self) -> None:
        if self._db is not None:
            self.checkpoint()
            self._db.close()
            self._db = None
        if self._lockfile is not None:
            self._lockfile.close()
            self._lockfile = None

    # -- state -----------------------------------------------------------------------------------
    def get(self, account_id: str) -> AccountState | None:
        """A private copy of the account's state (``None``: never seen)."""
        return self.get_many([account_id])[0]

    def get_many(self, account_ids: Sequence[str]) -> list[AccountState | None]:
        with self._lock:
            out = []
            for a in account_ids:
                st = self._states.get(a)
                out.append(None if st is None else st.copy())
            return out

    def states(self) -> Iterator[tuple[str, AccountState]]:
        with self._lock:
            items = list(self._states.items())
        yield from items

    def _fold(self, events: Sequence[PreparedEvent], chain: Chain) -> None:
        by_acct: dict[str, list[PreparedEvent]] = {}
        for ev in events:
            by_acct.setdefault(ev.account_id, []).append(ev)
        accts = list(by_acct)
        outs = chain([(self._states.get(a) or AccountState.zero(), by_acct[a]) for a in accts], copies=False)
        for a, out in zip(accts, outs):
            self._states[a] = out[-1]
            self._dirty.add(a)

    def apply(self, events: Sequence[PreparedEvent], rows: Sequence[bytes], chain: Chain) -> Applied:
        assert self._db is not None
        status: list[str] = []
        with self._lock:
            db = self._db
            db.execute("begin immediate")
            try:
                accepted: list[PreparedEvent] = []
                for ev, row in zip(events, rows):
                    cur = db.execute(
                        "insert or ignore into journal (request_id, account_id, ts_ms, row) values (?, ?, ?, ?)",
                        (ev.request_id, ev.account_id, ev.ts_ms, row),
                    )
                    if cur.rowcount == 1:
                        accepted.append(ev)
                        status.append("accepted")
                    else:
                        status.append("duplicate")
                db.execute("commit")  # fsynced (WAL, synchronous=FULL) before anyone is told
            except BaseException:
                db.execute("rollback")
                raise
            self._seq = db.execute("select coalesce(max(seq), 0) from journal").fetchone()[0]
            self._fold(accepted, chain)
            self._since_ckpt += len(accepted)
            if self._since_ckpt >= self.checkpoint_every:
                self.checkpoint()
        return Applied(status)

    def checkpoint(self) -> None:
        """Write the states changed since the last checkpoint, with the journal sequence they
        include, in one transaction."""
        with self._lock:
            if self._db is None:
                return
            db = self._db
            dirty = list(self._dirty)
            db.execute("begin immediate")
            try:
                db.executemany("insert or replace into states (account_id, state) values (?, ?)",
                               [(a, self._states[a].to_bytes()) for a in dirty])
                db.execute("insert or replace into meta (key, value) values ('checkpoint_seq', ?)", (str(self._seq),))
                db.execute("commit")
            except BaseException:
                db.execute("rollback")
                raise
            self._dirty.clear()
            self._since_ckpt = 0

    # -- journal ---------------------------------------------------------------------------------
    def journal_count(self) -> int:
        assert self._db is not None
        with self._lock:
            return int(self._db.execute("select count(*) from journal").fetchone()[0])

    def export_journal(self, path: Path) -> int:
        assert self._db is not None
        with self._lock:
            last = int(self._db.execute("select coalesce(max(seq), 0) from journal").fetchone()[0])
        n = 0
        reader = sqlite3.connect(self.dir / "state.sqlite", check_same_thread=False)
        try:
            with path.open("wb") as fh:
                for (row,) in reader.execute("select row from journal where seq <= ? order by seq", (last,)):
                    fh.write(row)
                    fh.write(b"\n")
                    n += 1
        finally:
            reader.close()
        return n

    # -- view, decisions, leadership ---------------------------------------------------------------
    def _meta(self, key: str) -> Any:
        assert self._db is not None
        r = self._db.execute("select value from meta where key = ?", (key,)).fetchone()
        return r[0] if r else None

    def save_view(self, blob: bytes) -> None:
        assert self._db is not None
        with self._lock:
            self._view_version += 1
            self._db.execute("begin immediate")
            self._db.execute("insert or replace into meta (key, value) values ('view', ?)", (blob,))
            self._db.execute("insert or replace into meta (key, value) values ('view_version', ?)", (str(self._view_version),))
            self._db.execute("commit")

    def load_view(self) -> bytes | None:
        with self._lock:
            v = self._meta("view")
        return bytes(v) if v is not None else None

    def view_version(self) -> int:
        return self._view_version

    def record_decisions(self, rows: Sequence[bytes]) -> None:
        if not rows or self._db is None:
            return
        with self._lock:
            self._db.execute("begin immediate")
            self._db.executemany("insert into decisions (row) values (?)", [(r,) for r in rows])
            self._db.execute("commit")

    def decisions(self) -> list[dict[str, Any]]:
        assert self._db is not None
        with self._lock:
            return [orjson.loads(r) for (r,) in self._db.execute("select row from decisions order by id")]

    def state_bytes(self) -> tuple[int, int]:
        with self._lock:
            states = list(self._states.values())
        return len(states), sum(len(s.to_bytes()) for s in states)

    def try_lead(self, owner: str, ttl_s: int) -> bool:
        return True  # one process owns the directory


# ---------------------------------------------------------------------------------------------
# Redis

#: One event, atomically.  KEYS: 1 seen-ids set, 2 the account's state hash, 3 journal stream,
#: 4 set of account ids.  ARGV: 1 request_id, 2 the state version the event was folded onto,
#: 3 the new version (a token unique to this write), 4 new state bytes, 5 event row (JSON),
#: 6 account id.  Returns {0} duplicate, {1} applied, {2, version, state} conflict (the account
#: changed since; fold again on the state returned).  Versions are unique tokens, not counters,
#: so a chain of one account's events applies only in full order: when one of them is refused,
#: every later one finds a version it did not expect.
APPLY_LUA = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return {0}
end
local v = redis.call('HGET', KEYS[2], 'v') or ''
if v ~= ARGV[2] then
  return {2, v, redis.call('HGET', KEYS[2], 's') or ''}
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'v', ARGV[3], 's', ARGV[4])
redis.call('XADD', KEYS[3], '*', 'e', ARGV[5])
redis.call('SADD', KEYS[4], ARGV[6])
return {1}
"""


class RedisStore:
    """State shared by replicas in one Redis server (one Lua script per event)."""

    kind = "redis"

    def __init__(self, url: str, *, prefix: str = "dg:", cache_size: int = 100_000) -> None:
        self.url = url
        self.prefix = prefix
        self._r: Any = None
        self._apply: Any = None
        #: the states this replica last wrote or read, with their versions (least recently used out)
        self._cache: OrderedDict[str, tuple[str, AccountState]] = OrderedDict()
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self.round_trips = 0
        self._writer = os.urandom(6).hex()
        self._writes = 0

    def _k(self, name: str) -> str:
        return self.prefix + name

    def _acct_key(self, account_id: str) -> str:
        return self.prefix + "acct:" + account_id

    def open(self, replay: Any = None) -> None:
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - the serve extra brings it
            raise DistillguardError("--state redis://… needs the redis package: pip install 'distillguard[serve]'") from exc
        u = urlparse(self.url)
        if u.scheme not in ("redis", "rediss", "unix"):
            raise DistillguardError(f"not a Redis URL: {self.url!r}")
        self._r = redis.Redis.from_url(self.url, socket_timeout=10, socket_connect_timeout=5)
        try:
            self._r.ping()
        except redis.RedisError as exc:
            raise DistillguardError(f"cannot reach Redis at {u.hostname}:{u.port}: {exc}") from exc
        self._apply = self._r.register_script(APPLY_LUA)

    def close(self) -> None:
        if self._r is not None:
            self._r.close()
            self._r = None

    def checkpoint(self) -> None:
        pass  # every update is already in Redis

    # -- state -----------------------------------------------------------------------------------
    def _fetch(self, accounts: Sequence[str]) -> None:
        pipe = self._r.pipeline(transaction=False)
        for a in accounts:
            pipe.hmget(self._acct_key(a), "v", "s")
        res = pipe.execute()
        self.round_trips += 1
        for a, (v, s) in zip(accounts, res):
            if v is None:
                self._cache[a] = ("", AccountState.zero())
            else:
                self._cache[a] = (v.decode(), AccountState.from_bytes(s))

    def get(self, account_id: str) -> AccountState | None:
        return self.get_many([account_id])[0]

    def get_many(self, account_ids: Sequence[str]) -> list[AccountState | None]:
        """The accounts' current states, read in one round trip (private copies)."""
        pipe = self._r.pipeline(transaction=False)
        for a in account_ids:
            pipe.hmget(self._acct_key(a), "v", "s")
        res = pipe.execute()
        self.round_trips += 1
        out: list[AccountState | None] = []
        for v, s in res:
            out.append(None if v is None else AccountState.from_bytes(s))
        return out

    def states(self) -> Iterator[tuple[str, AccountState]]:
        ids = sorted(m.decode() for m in self._r.smembers(self._k("accounts")))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            pipe = self._r.pipeline(transaction=False)
            for a in chunk:
                pipe.hget(self._acct_key(a), "s")
            for a, blob in zip(chunk, pipe.execute()):
                if blob:
                    yield a, AccountState.from_bytes(blob)

    def apply(self, events: Sequence[PreparedEvent], rows: Sequence[bytes], chain: Chain) -> Applied:
        status = [""] * len(events)
        pending: dict[str, list[int]] = {}
        for i, ev in enumerate(events):
            pending.setdefault(ev.account_id, []).append(i)
        trips = 0
        with self._lock:
            missing = [a for a in pending if a not in self._cache]
            if missing:
                self._fetch(missing)
                trips += 1
            while pending:
                pipe = self._r.pipeline(transaction=False)
                plan: list[tuple[str, int, str, AccountState]] = []
                accts = list(pending)
                outs = chain([(self._cache[a][1], [events[i] for i in pending[a]]) for a in accts], copies=True)
                for a, after in zip(accts, outs):
                    idx = pending[a]
                    v = self._cache[a][0]
                    for i, st in zip(idx, after):
                        self._writes += 1
                        nv = f"{self._writer}:{self._writes}"
                        self._apply(
                            keys=[self._k("seen"), self._acct_key(a), self._k("journal"), self._k("accounts")],
                            args=[events[i].request_id, v, nv, st.to_bytes(), rows[i], a],
                            client=pipe,
                        )
                        plan.append((a, i, nv, st))
                        v = nv
                results = pipe.execute()
                trips += 1
                for a in accts:
                    self._cache.move_to_end(a)
                retry: dict[str, list[int]] = {}
                stale: set[str] = set()
                for (a, i, nv, st), res in zip(plan, results):
                    code = int(res[0])
                    if a in stale:
                        # an earlier event of this account did not apply as planned: every later
                        # one of the chain found a version it did not expect and changed nothing
                        if code == 1:  # cannot happen: versions are unique tokens
                            raise RuntimeError("redis state applied out of its chain")
                        if code == 0:
                            status[i] = "duplicate"
                        else:
                            retry.setdefault(a, []).append(i)
                        continue
                    if code == 1:
                        status[i] = "accepted"
                        self._cache[a] = (nv, st)
                    elif code == 0:
                        status[i] = "duplicate"
                        stale.add(a)
                    else:
                        v = res[1].decode() if isinstance(res[1], bytes) else str(res[1])
                        blob = res[2]
                        self._cache[a] = (v, AccountState.from_bytes(blob) if blob else AccountState.zero())
                        retry.setdefault(a, []).append(i)
                        stale.add(a)
                pending = retry
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        self.round_trips += trips
        return Applied(status, trips)

    # -- journal ---------------------------------------------------------------------------------
    def journal_count(self) -> int:
        return int(self._r.xlen(self._k("journal")))

    def export_journal(self, path: Path) -> int:
        n = 0
        last = "-"
        end = self._r.xinfo_stream(self._k("journal"))["last-generated-id"] if self.journal_count() else None
        if end is None:
            path.write_bytes(b"")
            return 0
        with path.open("wb") as fh:
            while True:
                start = last if last == "-" else "(" + last
                chunk = self._r.xrange(self._k("journal"), min=start, max=end, count=5000)
                if not chunk:
                    break
                for eid, fields in chunk:
                    fh.write(fields[b"e"])
                    fh.write(b"\n")
                    n += 1
                last = chunk[-1][0].decode()
        return n

    # -- view, decisions, leadership ---------------------------------------------------------------
    def save_view(self, blob: bytes) -> None:
        pipe = self._r.pipeline(transaction=True)
        pipe.set(self._k("view"), blob)
        pipe.incr(self._k("view_version"))
        pipe.execute()

    def load_view(self) -> bytes | None:
        v = self._r.get(self._k("view"))
        return bytes(v) if v is not None else None

    def view_version(self) -> int:
        return int(self._r.get(self._k("view_version")) or 0)

    def record_decisions(self, rows: Sequence[bytes]) -> None:
        if not rows:
            return
        pipe = self._r.pipeline(transaction=False)
        for r in rows:
            pipe.xadd(self._k("decisions"), {"d": r}, maxlen=100_000, approximate=True)
        pipe.execute()

    def decisions(self) -> list[dict[str, Any]]:
        return [orjson.loads(f[b"d"]) for _, f in self._r.xrange(self._k("decisions"))]

    def state_bytes(self) -> tuple[int, int]:
        n = 0
        total = 0
        for _, st in self.states():
            n += 1
            total += len(st.to_bytes())
        return n, total

    def try_lead(self, owner: str, ttl_s: int) -> bool:
        """Whether this replica runs the next refresh (a lease in Redis, ``SET NX PX``)."""
        key = self._k("refresh_lease")
        if self._r.set(key, owner, nx=True, px=ttl_s * 1000):
            return True
        cur = self._r.get(key)
        return cur is not None and cur.decode() == owner

    def release_lead(self, owner: str) -> None:
        key = self._k("refresh_lease")
        cur = self._r.get(key)
        if cur is not None and cur.decode() == owner:
            self._r.delete(key)
