"""The in-memory reference engine: pure Python over Arrow, events folded one at a time.

Slow but obvious, like pySigma's test backend: it is the oracle of the parity suite
(``tests/engines/test_parity.py``) and its fold, :class:`AccountState`, is what the online
service updates per request.

The fold
--------
One :class:`AccountState` per account.  :meth:`AccountState.add_event` takes one event's
stateless per-event columns (:func:`distillguard.features.profile.event_columns`, a dict),
returns its stateful columns (first-seen flags, gap, late infrastructure:
:data:`~distillguard.features.profile.STATEFUL_SCHEMA`) and updates the state.  The state holds
only mergeable primitives, and every profile field is *derived* from them when read
(:meth:`AccountState.bucket_profiles`):

- per hour bucket, the stateless fields' sums, minima and maxima (one per
  :data:`~distillguard.features.profile.PROFILE_FIELDS` entry whose source is stateless);
- per first-seen key (:data:`~distillguard.features.profile.FIRST_SEEN_KEYS`, and the
  infrastructure), every value with its first ``(ts_ms, request_id)``: **exact sets of the
  values** (fingerprints are 64-bit hashes, identifiers their own strings).  ``new_ips`` of a
  bucket is the number of IPs first seen in it, so a value first seen in an earlier state is
  never first again after a merge.  The online service may swap in a bounded variant (small
  integer sets, a Bloom filter); its parity rule is then one-sided;
- per bucket, its first and last request and the sums over the gaps *inside* it (all shorter
  than an hour); the gap into a bucket comes from the previous bucket's last request;
- per (infrastructure, bucket), its requests, those with an extraction cue, and the earliest;
  lateness (first use ≥ 3 days after the account's first request) is decided when read;
- the graph inputs: requests per edge-kind value, per wrapper phrase pair (with the set of
  prompt hashes), the sets behind the MinHash signatures, and the ``m`` earliest requests.

The laws (tested in ``tests/engines/test_state_laws.py``): :meth:`AccountState.zero` is the
identity of :meth:`~AccountState.merge`; merge is associative and commutative; folding events
in two parts and merging equals folding them all — for any split that does not interleave two
parts' events inside one hour bucket (merge raises :class:`ValueError` where it would have to
guess the gaps between interleaved requests); :meth:`~AccountState.to_bytes` /
:meth:`~AccountState.from_bytes` round-trip exactly, and refuse bytes written by a different
feature definition.  Within one state, :meth:`~AccountState.add_event` expects an account's
events in ``(ts_ms, request_id)`` order (the per-event flags it returns are causal), and raises
where an event would land inside a bucket before its last request.

Examples
--------
>>> s = AccountState.zero()
>>> row = {"request_id": "r1", "account_id": "a", "ts_ms": 0, "bucket": 0, "ip": "203.0.113.9"}
>>> s.add_event(row)["n_ip"], s.add_event(dict(row, request_id="r2", ts_ms=5000))["n_ip"]
(True, False)
>>> [(b["bucket"], b["requests"], b["new_ips"], b["gaps"]) for b in s.bucket_profiles()]
[(0, 2.0, 1.0, 1.0)]
>>> AccountState.from_bytes(s.to_bytes()) == s
True
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc

from distillguard.engines.base import EventFunction, Progress, TableName
from distillguard.errors import DistillguardError
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENTS_ARROW_SCHEMA
from distillguard.events.store import IngestSummary, ingest
from distillguard.features import profile as P

__all__ = ["AccountState", "MemoryEngine", "MemoryIngestSink", "fold"]

_STATELESS_NAMES = frozenset(P.EVENT_COLUMNS_SCHEMA.names)
#: profile fields aggregated straight from stateless per-event columns (kept per bucket)
STATELESS_FIELDS: tuple[P.ProfileField, ...] = tuple(f for f in P.PROFILE_FIELDS if f.source is None or f.source in _STATELESS_NAMES)
#: first-seen keys of the state: the profile's, and the infrastructure (for lateness)
STATE_KEYS: dict[str, str] = {**P.FIRST_SEEN_KEYS, "infra": "v_infra"}
_BUCKET_KEY = {name: col for name, col in STATE_KEYS.items()}


def _definition_hash() -> str:
    """A hash of everything the state's meaning depends on; stored with every serialised state."""
    parts = [
        repr([(f.name, f.merge, f.source) for f in P.PROFILE_FIELDS]),
        repr(sorted(STATE_KEYS.items())),
        repr(sorted(P.value_kinds().items())),
        repr((P.BUCKET_MS, P.WINDOW_MS, P.LATE_INFRA_MS, P.SESSION_GAP_S, P.REST_GAP_S)),
        "v1",
    ]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


DEFINITION = _definition_hash()
_FORMAT = 1


def _val(x: Any) -> float:
    """A per-event value as a float (``None`` → ``nan``, booleans → 0/1)."""
    if x is None:
        return math.nan
    return float(x)


def _merge_vec(fields: Sequence[P.ProfileField], a: list[float], b: list[float]) -> list[float]:
    return [f.merge_values(x, y) for f, x, y in zip(fields, a, b)]


@dataclass
class _Gaps:
    """A bucket's first and last request and the sums over the gaps inside it."""

    first: tuple[int, str]
    last: tuple[int, str]
    n: int = 0
    s: float = 0.0
    ss: float = 0.0
    ls: float = 0.0
    lss: float = 0.0

    def add_gap(self, gap_s: float) -> None:
        _, _, v, lv = P.gap_values(gap_s)  # inside one hour every gap is a session gap
        self.n += 1
        self.s += v
        self.ss += v * v
        self.ls += lv
        self.lss += lv * lv

    def then(self, later: _Gaps) -> _Gaps:
        """This bucket part followed by a ``later`` one (all of its requests after ours)."""
        out = _Gaps(self.first, later.last, self.n + later.n, self.s + later.s, self.ss + later.ss, self.ls + later.ls, self.lss + later.lss)
        out.add_gap((later.first[0] - self.last[0]) / 1000.0)
        return out


@dataclass
class AccountState:
    """One account's mergeable state (see the module docs for what it holds and its laws)."""

    m: int = 5
    first: dict[str, dict[Any, tuple[int, str]]] = field(default_factory=lambda: {k: {} for k in STATE_KEYS})
    buckets: dict[int, list[float]] = field(default_factory=dict)
    gaps: dict[int, _Gaps] = field(default_factory=dict)
    infra: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    values: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrappers: dict[tuple[str | None, str | None], list[Any]] = field(default_factory=dict)
    sets: dict[str, set[int]] = field(default_factory=lambda: {"near_duplicate": set(), "lockstep": set()})
    smallest: list[tuple[int, str]] = field(default_factory=list)

    FORMAT: ClassVar[int] = _FORMAT

    # -- the monoid ------------------------------------------------------------------------
    @classmethod
    def zero(cls, m: int = 5) -> AccountState:
        """The empty state (identity of :meth:`merge`); ``m``: which request ``mth_ts`` names."""
        return cls(m=m)

    @property
    def last(self) -> tuple[int, str] | None:
        return max((g.last for g in self.gaps.values()), default=None)

    @property
    def first_event(self) -> tuple[int, str] | None:
        return min((g.first for g in self.gaps.values()), default=None)

    def add_event(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Fold one event (its stateless per-event columns) in; return its stateful columns."""
        ts, rid, b = int(row["ts_ms"]), str(row["request_id"]), int(row["bucket"])
        key = (ts, rid)
        prev = self.last
        g = self.gaps.get(b)
        if g is not None and key <= g.last:
            raise ValueError(f"event {rid!r} arrives before the last request of its hour bucket; fold an account's events in time order")
        out: dict[str, Any] = {}
        for name, col in P.FIRST_SEEN_KEYS.items():
            v = row.get(col)
            seen = self.first[name]
            out[f"n_{name}"] = v is not None and (v not in seen or key < seen[v])
            if v is not None and (v not in seen or key < seen[v]):
                seen[v] = key
        infra = row.get("v_infra")
        if infra is not None:
            seen = self.first["infra"]
            if infra not in seen or key < seen[infra]:
                seen[infra] = key
        # gap, acct/infra first: causal when events arrive in order
        gap = None if prev is None else (ts - prev[0]) / 1000.0
        acct_first = ts if prev is None else min(ts, self.first_event[0])  # type: ignore[index]
        infra_first = self.first["infra"][infra][0] if infra is not None else None
        f_gap, f_rest, v_gap, v_gap_log = P.gap_values(gap)
        late = infra_first is not None and infra_first - acct_first >= P.LATE_INFRA_MS
        cue = bool(row.get("f_cue_any"))
        out.update({
            "v_acct_first": acct_first, "v_infra_first": infra_first, "v_gap_raw": gap,
            "f_gap": f_gap, "f_rest": f_rest, "f_late_infra": late, "f_late_cue": late and cue,
            "v_gap": v_gap, "v_gap_log": v_gap_log, "v_gap_sq": v_gap * v_gap, "v_gap_log_sq": v_gap_log * v_gap_log,
            "v_late_ts": ts if late else None,
        })
        # per bucket: stateless fields, gaps inside it
        vec = self.buckets.get(b)
        if vec is None:
            vec = [f.zero() for f in STATELESS_FIELDS]
            self.buckets[b] = vec
        for i, f in enumerate(STATELESS_FIELDS):
            vec[i] = f.merge_values(vec[i], 1.0 if f.source is None else _val(row.get(f.source)))
        if g is None:
            self.gaps[b] = _Gaps(key, key)
        else:
            g.add_gap((ts - g.last[0]) / 1000.0)
            g.last = key
        if infra is not None:
            c = self.infra.setdefault((infra, b), [0.0, 0.0, math.inf])
            c[0] += 1
            c[1] += 1.0 if cue else 0.0
            c[2] = min(c[2], ts)
        # graph inputs
        for kind, col in P.value_kinds().items():
            v = row.get(col)
            if v is not None:
                self.values[(kind, str(v))] += 1
        head, tail = row.get("head_words"), row.get("tail_words")
        if head is not None or tail is not None:
            w = self.wrappers.setdefault((head, tail), [0, set()])
            w[0] += 1
            if row.get("prompt_hash") is not None:
                w[1].add(int(row["prompt_hash"]))
        for kind, e in P.element_values(row):
            self.sets[kind].add(e)
        if len(self.smallest) < self.m or key < self.smallest[-1]:
            bisect.insort(self.smallest, key)
            del self.smallest[self.m:]
        return out

    def merge(self, other: AccountState) -> AccountState:
        """The state of both states' events (a new state; see the laws in the module docs)."""
        if other.m != self.m:
            raise ValueError(f"cannot merge states kept for m={self.m} and m={other.m}")
        out = AccountState.zero(self.m)
        for k in STATE_KEYS:
            mine, theirs = self.first[k], other.first[k]
            merged = dict(mine)
            for v, key in theirs.items():
                if v not in merged or key < merged[v]:
                    merged[v] = key
            out.first[k] = merged
        for b in self.buckets.keys() | other.buckets.keys():
            a, c = self.buckets.get(b), other.buckets.get(b)
            out.buckets[b] = list(a if c is None else c if a is None else _merge_vec(STATELESS_FIELDS, a, c))
            ga, gc = self.gaps.get(b), other.gaps.get(b)
            if ga is None or gc is None:
                g = ga or gc
                assert g is not None
                out.gaps[b] = _Gaps(g.first, g.last, g.n, g.s, g.ss, g.ls, g.lss)
            elif ga.last < gc.first:
                out.gaps[b] = ga.then(gc)
            elif gc.last < ga.first:
                out.gaps[b] = gc.then(ga)
            else:
                raise ValueError(f"the two states interleave requests inside hour bucket {b}; merge cannot know the gaps between them")
        for k in self.infra.keys() | other.infra.keys():
            a2, c2 = self.infra.get(k, [0.0, 0.0, math.inf]), other.infra.get(k, [0.0, 0.0, math.inf])
            out.infra[k] = [a2[0] + c2[0], a2[1] + c2[1], min(a2[2], c2[2])]
        out.values = self.values + other.values
        for k in self.wrappers.keys() | other.wrappers.keys():
            a3, c3 = self.wrappers.get(k, [0, set()]), other.wrappers.get(k, [0, set()])
            out.wrappers[k] = [a3[0] + c3[0], a3[1] | c3[1]]
        out.sets = {k: self.sets[k] | other.sets[k] for k in self.sets}
        out.smallest = sorted(set(self.smallest) | set(other.smallest))[: self.m]
        return out

    # -- reading ---------------------------------------------------------------------------
    def bucket_profiles(self) -> list[dict[str, Any]]:
        """The account's profile per hour bucket (``bucket`` and every profile field), in time order."""
        if not self.buckets:
            return []
        acct_first = self.first_event[0]  # type: ignore[index]
        new: dict[str, Counter[int]] = {k: Counter(ts // P.BUCKET_MS for ts, _ in self.first[k].values()) for k in P.FIRST_SEEN_KEYS}
        late_infra = {i for i, (ts, _) in self.first["infra"].items() if ts - acct_first >= P.LATE_INFRA_MS}
        late: dict[int, list[float]] = {}
        for (i, b), (req, cue, t) in self.infra.items():
            if i in late_infra:
                x = late.setdefault(b, [0.0, 0.0, math.inf])
                x[0] += req
                x[1] += cue
                x[2] = min(x[2], t)
        rows = []
        prev_last: tuple[int, str] | None = None
        for b in sorted(self.buckets):
            row: dict[str, Any] = {"bucket": b}
            for f, v in zip(STATELESS_FIELDS, self.buckets[b]):
                row[f.name] = v
            g = self.gaps[b]
            cross = None if prev_last is None else (g.first[0] - prev_last[0]) / 1000.0
            c_gap, c_rest, c_v, c_lv = P.gap_values(cross)
            lt = late.get(b, [0.0, 0.0, math.inf])
            derived = {
                "gaps": g.n + (1.0 if c_gap else 0.0), "rests": 1.0 if c_rest else 0.0,
                "gap_sum": g.s + c_v, "gap_sumsq": g.ss + c_v * c_v, "gap_log_sum": g.ls + c_lv, "gap_log_sumsq": g.lss + c_lv * c_lv,
                "late_infra": lt[0], "late_cue": lt[1], "late_first_ts": math.nan if math.isinf(lt[2]) else lt[2],
                "active_buckets": float(new["hour"][b]),
            }
            for name, col in P.FIRST_SEEN_KEYS.items():
                derived_name = _FIRST_FIELD.get(name)
                if derived_name:
                    derived[derived_name] = float(new[name][b])
            for f in P.PROFILE_FIELDS:
                if f.name not in row:
                    row[f.name] = float(derived[f.name])
            rows.append(row)
            prev_last = g.last
        return rows

    def profile(self) -> dict[str, float]:
        """The account's merged profile (every field)."""
        out = {f.name: f.zero() for f in P.PROFILE_FIELDS}
        for row in self.bucket_profiles():
            for f in P.PROFILE_FIELDS:
                out[f.name] = f.merge_values(out[f.name], row[f.name])
        return out

    def mth_ts(self) -> int | None:
        """The time of the ``m``-th request (the last, where there were fewer)."""
        return self.smallest[-1][0] if self.smallest else None

    # -- bytes -----------------------------------------------------------------------------
    def _canonical(self) -> dict[str, Any]:
        def num(x: float) -> float | None:
            return None if math.isnan(x) or math.isinf(x) else x

        return {
            "format": _FORMAT, "definition": DEFINITION, "m": self.m,
            "first": {k: sorted([v, ts, rid] for v, (ts, rid) in self.first[k].items()) for k in STATE_KEYS},
            "buckets": [[b, [num(x) for x in self.buckets[b]]] for b in sorted(self.buckets)],
            "gaps": [[b, g.first[0], g.first[1], g.last[0], g.last[1], g.n, g.s, g.ss, g.ls, g.lss] for b, g in sorted(self.gaps.items())],
            "infra": sorted([i, b, c[0], c[1], num(c[2])] for (i, b), c in self.infra.items()),
            "values": sorted([k, v, c] for (k, v), c in self.values.items()),
            "wrappers": sorted(([h, t, c, sorted(p)] for (h, t), (c, p) in self.wrappers.items()), key=lambda r: (r[0] or "", r[0] is None, r[1] or "", r[1] is None)),
            "sets": {k: sorted(v) for k, v in sorted(self.sets.items())},
            "smallest": [[ts, rid] for ts, rid in self.smallest],
        }

    def to_bytes(self) -> bytes:
        """Canonical bytes (JSON): equal states give equal bytes."""
        return orjson.dumps(self._canonical())

    @classmethod
    def from_bytes(cls, data: bytes) -> AccountState:
        d = orjson.loads(data)
        if d.get("format") != _FORMAT or d.get("definition") != DEFINITION:
            raise ValueError(f"state written by another feature definition ({d.get('definition')!r}, this one is {DEFINITION!r}); rebuild it")

        def num(x: float | None, default: float = math.nan) -> float:
            return default if x is None else float(x)

        s = cls.zero(int(d["m"]))
        s.first = {k: {v: (int(ts), rid) for v, ts, rid in d["first"][k]} for k in STATE_KEYS}
        s.buckets = {int(b): [num(x) for x in vec] for b, vec in d["buckets"]}
        s.gaps = {int(b): _Gaps((f0, f1), (l0, l1), n, s_, ss, ls, lss) for b, f0, f1, l0, l1, n, s_, ss, ls, lss in d["gaps"]}
        s.infra = {(i, int(b)): [float(r), float(c), math.inf if t is None else int(t)] for i, b, r, c, t in d["infra"]}
        s.values = Counter({(k, v): int(c) for k, v, c in d["values"]})
        s.wrappers = {(h, t): [int(c), set(p)] for h, t, c, p in d["wrappers"]}
        s.sets = {k: set(v) for k, v in d["sets"].items()}
        s.smallest = [(int(ts), rid) for ts, rid in d["smallest"]]
        return s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AccountState) and self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]


#: first-seen key -> the profile field counting it
_FIRST_FIELD: dict[str, str] = {f.source.removeprefix("n_"): f.name for f in P.PROFILE_FIELDS if f.source and f.source.startswith("n_")}


def fold(rows: Sequence[Mapping[str, Any]], *, m: int = 5) -> tuple[dict[str, AccountState], list[dict[str, Any]]]:
    """Fold per-event rows (stateless columns) into one state per account, in ``(account, ts_ms,
    request_id)`` order; returns the states and each row's stateful columns (input order)."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["account_id"], rows[i]["ts_ms"], rows[i]["request_id"]))
    states: dict[str, AccountState] = {}
    flags: list[dict[str, Any]] = [{} for _ in rows]
    for i in order:
        r = rows[i]
        st = states.get(r["account_id"])
        if st is None:
            st = states[r["account_id"]] = AccountState.zero(m)
        flags[i] = st.add_event(r)
    return states, flags


# --------------------------------------------------------------------------------------------
# the engine


class MemoryIngestSink:
    """:class:`~distillguard.events.store.IngestSink` over Arrow tables held in memory."""

    def __init__(self, engine: MemoryEngine) -> None:
        self.engine = engine
        self.staged: dict[str, list[pa.RecordBatch]] = {"events": [], "accounts": []}

    def stage(self, kind: str, batches: Iterator[pa.RecordBatch]) -> None:
        self.staged[kind].extend(batches)

    def commit(self) -> dict[str, tuple[dict[int, int], dict[int, int]]]:
        out = {}
        new_tables = {}
        for kind, key, schema in (("events", "request_id", EVENTS_ARROW_SCHEMA), ("accounts", "account_id", ACCOUNTS_ARROW_SCHEMA)):
            stored: pa.Table = self.engine.tables[kind]
            have = set(stored.column(key).to_pylist())
            staged = pa.Table.from_batches(self.staged[kind]) if self.staged[kind] else None
            staged_n: Counter[int] = Counter()
            kept_n: Counter[int] = Counter()
            keep: list[int] = []
            if staged is not None:
                order = np.argsort(staged.column("_seq").to_numpy(), kind="stable")
                keys = staged.column(key).to_pylist()
                files = staged.column("_file").to_pylist()
                for i in order:
                    staged_n[files[i]] += 1
                    if keys[i] not in have:
                        have.add(keys[i])
                        keep.append(int(i))
                        kept_n[files[i]] += 1
                rows = staged.take(pa.array(keep, pa.int64())).select(schema.names)
                new_tables[kind] = pa.concat_tables([stored, rows.cast(schema)])
            else:
                new_tables[kind] = stored
            out[kind] = (dict(staged_n), dict(kept_n))
        self.engine.tables.update(new_tables)  # both or neither
        self.discard()
        return out

    def discard(self) -> None:
        self.staged = {"events": [], "accounts": []}


_SORT: dict[str, list[tuple[str, str]]] = {
    "events": [("ts_ms", "ascending"), ("request_id", "ascending")],
    "accounts": [("account_id", "ascending")],
    "event_features": [("account_id", "ascending"), ("ts_ms", "ascending"), ("request_id", "ascending")],
    "event_flags": [("account_id", "ascending"), ("ts_ms", "ascending"), ("request_id", "ascending")],
    "profile_buckets": [("account_id", "ascending"), ("bucket", "ascending")],
    "account_profiles": [("account_id", "ascending")],
    "account_values": [("account_id", "ascending"), ("kind", "ascending"), ("value", "ascending")],
    "account_wrappers": [("account_id", "ascending"), ("head", "ascending"), ("tail", "ascending")],
    "account_sketches": [("account_id", "ascending"), ("kind", "ascending")],
    "account_mth": [("account_id", "ascending")],
    "account_risk": [("account_id", "ascending")],
    "scan_partitions": [("partition", "ascending")],
    "campaign_signatures": [("campaign", "ascending")],
}


class MemoryEngine:
    """The reference engine: every table an Arrow table in memory, profiles by :func:`fold`."""

    name: ClassVar[str] = "memory"
    capabilities: ClassVar[frozenset[str]] = frozenset({"scan", "formats", "incremental"})

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.tables: dict[str, pa.Table] = {"events": EVENTS_ARROW_SCHEMA.empty_table(), "accounts": ACCOUNTS_ARROW_SCHEMA.empty_table()}
        self.states: dict[str, AccountState] = {}

    @classmethod
    def from_config(cls, config: Any) -> MemoryEngine:
        return cls()

    @property
    def store_path(self) -> Path | None:
        return None

    def open(self, out_dir: Path, *, append: bool = False) -> None:
        out_dir = Path(out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise DistillguardError(f"--out {out_dir} is a file, not a directory")
        out_dir.mkdir(parents=True, exist_ok=True)
        if not append:
            self._reset()

    def close(self) -> None:
        pass

    def ingest(self, paths: Sequence[str | Path], *, rejects_path: Path, accounts_paths: Sequence[str | Path] = (), fmt: str = "auto",
               max_bad_fraction: float | None = None, progress: Progress | None = None) -> IngestSummary:
        return ingest(list(paths), MemoryIngestSink(self), rejects_path=rejects_path, accounts_paths=list(accounts_paths),
                      progress=progress, max_bad_fraction=max_bad_fraction, format=fmt)

    def map_events(self, fn: EventFunction, *, columns: Sequence[str], schema: pa.Schema, progress: Progress | None = None) -> int:
        ev = self.tables["events"]
        have = self.tables.get("event_features", schema.empty_table())
        todo = ev.filter(pc.invert(pc.is_in(ev.column("request_id"), value_set=have.column("request_id"))))
        parts = [have]
        for batch in todo.select(list(columns)).to_batches(max_chunksize=50_000):
            out = fn(batch)
            parts.append(out.cast(schema))
            if progress is not None:
                progress(out.num_rows)
        self.tables["event_features"] = pa.concat_tables(parts)
        return todo.num_rows

    def build_profiles(self, *, evidence_requests: int) -> str:
        """The fold over the events not folded yet, continuing each account's state (a new
        event before its account's last folded one, another ``m``, or an account that gains
        principals, refolds everything); each principal's events are folded into its own state
        (:func:`~distillguard.features.profile.with_principals`)."""
        feats = self.tables["event_features"]
        flagged = self.tables.get("event_flags")
        m = evidence_requests
        if flagged is not None and self.states and all(st.m == m for st in self.states.values()):
            new = feats.filter(pc.invert(pc.is_in(feats.column("request_id"), value_set=flagged.column("request_id"))))
            rows = new.to_pylist()
            owners = P.principal_owners_rows(feats.to_pylist())
            same_principals = owners == P.principal_owners_rows(flagged.to_pylist())
            if same_principals and all(self.states[r["account_id"]].last < (r["ts_ms"], r["request_id"]) for r in rows if r["account_id"] in self.states):
                if not rows:
                    return "unchanged"
                rows += P.principal_rows(rows, owners)
                new_flags = self._fold(rows, m)
                self.tables["event_flags"] = pa.concat_tables([flagged, _with_flags(_rows_table(rows, feats.schema), new_flags)])
                self._write_outputs()
                return "incremental"
        self.states = {}
        rows = feats.to_pylist()
        rows += P.principal_rows(rows, P.principal_owners_rows(rows))
        self.tables["event_flags"] = _with_flags(_rows_table(rows, feats.schema), self._fold(rows, m))
        self._write_outputs()
        return "rebuilt"

    def _fold(self, rows: list[dict[str, Any]], m: int) -> list[dict[str, Any]]:
        order = sorted(range(len(rows)), key=lambda i: (rows[i]["account_id"], rows[i]["ts_ms"], rows[i]["request_id"]))
        flags: list[dict[str, Any]] = [{} for _ in rows]
        for i in order:
            r = rows[i]
            st = self.states.get(r["account_id"])
            if st is None:
                st = self.states[r["account_id"]] = AccountState.zero(m)
            flags[i] = st.add_event(r)
        return flags

    def _write_outputs(self) -> None:
        from distillguard.features.sketches import group_signatures

        buckets, accounts, values, wrappers, sketches, mth = [], [], [], [], [], []
        for a in sorted(self.states):
            st = self.states[a]
            for row in st.bucket_profiles():
                buckets.append({"account_id": a, **row})
            accounts.append({"account_id": a, **st.profile()})
            values += [{"account_id": a, "kind": k, "value": v, "c": c} for (k, v), c in st.values.items()]
            wrappers += [{"account_id": a, "head": h, "tail": t, "c": c, "prompts": sorted(p)} for (h, t), (c, p) in st.wrappers.items()]
            for kind, s in sorted(st.sets.items()):
                if s:
                    g = group_signatures(pa.table({"account_id": [a] * len(s), "kind": [kind] * len(s), "e": pa.array(sorted(s), pa.int64())}))
                    sketches += g.to_pylist()
            mth.append({"account_id": a, "mth_ts": st.mth_ts()})
        self.tables["profile_buckets"] = _table(buckets, P.BUCKET_SCHEMA)
        self.tables["account_profiles"] = _table(accounts, P.PROFILE_SCHEMA)
        self.tables["account_values"] = _table(values, P.VALUES_SCHEMA)
        self.tables["account_wrappers"] = _table(wrappers, P.WRAPPERS_SCHEMA)
        self.tables["account_sketches"] = _table(sketches, P.SKETCHES_SCHEMA)
        self.tables["account_mth"] = _table(mth, P.MTH_SCHEMA)

    # -- reads -----------------------------------------------------------------------------
    def read(self, name: TableName, *, accounts: Sequence[str] | None = None, columns: Sequence[str] | None = None,
             ordered: bool = True) -> pa.Table:
        if name not in _SORT:
            raise ValueError(f"unknown table {name!r}")
        if name not in self.tables:
            raise DistillguardError(f"the in-memory store has no {name} table yet")
        t = self.tables[name]
        if accounts is not None:
            t = t.filter(pc.is_in(t.column("account_id"), value_set=pa.array(list(accounts), pa.string())))
        if not ordered:
            return t.select(list(columns)) if columns else t
        t = t.sort_by(_SORT[name]) if t.num_rows else t
        if name == "account_wrappers":  # nulls first, as documented
            t = _nulls_first(t)
        return t.select(list(columns)) if columns else t

    def events_in_buckets(self, pairs: pa.Table, *, columns: Sequence[str]) -> pa.Table:
        ef = self.tables["event_flags"]
        want = set(zip(pairs.column("account_id").to_pylist(), pairs.column("bucket").to_pylist()))
        keys = zip(ef.column("account_id").to_pylist(), ef.column("bucket").to_pylist())
        mask = pa.array([k in want for k in keys], pa.bool_())
        cols = ["account_id", "request_id", "ts_ms", *[c for c in columns if c not in ("account_id", "request_id", "ts_ms")]]
        return ef.filter(mask).select(cols).sort_by(_SORT["event_flags"])

    def first_requests(self, column: str | None, accounts: Sequence[str], n: int) -> pa.Table:
        ef = self.tables["event_flags"]
        t = ef.filter(pc.is_in(ef.column("account_id"), value_set=pa.array(list(accounts), pa.string())))
        if column is not None and column in t.column_names and pa.types.is_boolean(t.schema.field(column).type):
            t = t.filter(pc.fill_null(t.column(column), False))
        t = t.select(["account_id", "request_id", "ts_ms"]).sort_by(_SORT["event_flags"])
        ids, rids = t.column("account_id").to_pylist(), t.column("request_id").to_pylist()
        out_a, out_r, count = [], [], Counter()
        for a, r in zip(ids, rids):
            if count[a] < n:
                count[a] += 1
                out_a.append(a)
                out_r.append(r)
        return pa.table({"account_id": pa.array(out_a, pa.string()), "request_id": pa.array(out_r, pa.string())})

    def count_events_until(self, until: pa.Table) -> pa.Table:
        ef = self.tables["event_flags"]
        by: dict[str, list[int]] = {}
        for a, t in zip(ef.column("account_id").to_pylist(), ef.column("ts_ms").to_pylist()):
            by.setdefault(a, []).append(t)
        rows = sorted(zip(until.column("account_id").to_pylist(), until.column("t").to_pylist()))
        return pa.table({"account_id": pa.array([a for a, _ in rows], pa.string()),
                         "events": pa.array([sum(1 for x in by.get(a, []) if x <= t) for a, t in rows], pa.int64())})

    def count_events(self) -> int:
        return self.tables["events"].num_rows

    def write(self, name: TableName, table: pa.Table) -> None:
        if name not in _SORT:
            raise ValueError(f"unknown table {name!r}")
        self.tables[name] = table


def _with_flags(feats: pa.Table, flags: list[dict[str, Any]]) -> pa.Table:
    """The per-event columns with their stateful columns appended (``event_flags``)."""
    stateful = pa.Table.from_pylist(flags, schema=P.STATEFUL_SCHEMA) if flags else P.STATEFUL_SCHEMA.empty_table()
    for f in P.STATEFUL_SCHEMA:
        feats = feats.append_column(f, stateful.column(f.name))
    return feats


def _rows_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Per-event rows (an account's and its principals') back as a table of ``schema``."""
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    if not rows:
        return schema.empty_table()
    cols = {}
    for f in schema:
        vals = [r.get(f.name) for r in rows]
        if pa.types.is_integer(f.type):
            vals = [None if v is None or (isinstance(v, float) and math.isnan(v)) else int(v) for v in vals]
        elif pa.types.is_floating(f.type):  # an unknown sum is NULL, as SQL has it
            vals = [None if v is None or math.isnan(v) else v for v in vals]
        cols[f.name] = pa.array(vals, f.type)
    return pa.table(cols, schema=schema)


def _nulls_first(t: pa.Table) -> pa.Table:
    if t.num_rows == 0:
        return t
    keys = sorted(range(t.num_rows), key=lambda i: (t.column("account_id")[i].as_py(),
                                                   t.column("head")[i].as_py() is not None, t.column("head")[i].as_py() or "",
                                                   t.column("tail")[i].as_py() is not None, t.column("tail")[i].as_py() or ""))
    return t.take(pa.array(keys, pa.int64()))
