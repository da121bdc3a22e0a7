"""The online fold: an account's profile updated one event at a time, in bounded-size state.

The per-event work is the engines' single definition: :func:`distillguard.features.profile.event_columns`
(text features, keys and every stateless flag, one vectorised Arrow call per batch) feeds every
profile field whose ``source`` is stateless.  What needs history is kept here, in the compact form
the service stores per account (``engines/memory.py`` keeps the full reference state, with every
hour bucket and the graph inputs, which is too large to store per account online):

* the running profile: one float64 per :data:`~distillguard.features.profile.PROFILE_FIELDS`
  entry, merged with each field's own rule (``ProfileField.merge_values``: sums, minima, maxima,
  ``nan`` as the identity, as ``NULL`` in SQL);
* the previous request's time (the gap, through ``profile.gap_values``), the account's first
  request and each infrastructure's first use (the *late* flags);
* per first-seen key (``profile.FIRST_SEEN_KEYS``) the values seen so far, **exactly**: a set of
  32-bit fingerprints (integers such as the day or the ASN are kept as themselves).  ``new_<key>``
  is then the size of that set, equal to the batch count whenever events arrive in ``(ts,
  request_id)`` order and no two of one account's values share a fingerprint (probability about
  ``n² / 2³³`` for ``n`` distinct values of one key; a collision can only undercount by one).
  Exact sets cost 4 bytes per distinct value: light accounts stay far below the ~4 KiB budget, an
  account with thousands of distinct prompts does not (``docs/online.md``, ``BENCHMARKS.md``).

Examples
--------
>>> import numpy as np, pyarrow as pa
>>> from distillguard.events.schema import EVENTS_ARROW_SCHEMA
>>> rows = [{"ts_ms": 1_700_000_000_000 + i * 60_000, "request_id": f"r{i}", "account_id": "a",
...          "prompt": "Think step by step: what is 2+2?", "ip": "10.0.0.7", "max_tokens": 8000}
...         for i in range(3)]
>>> batch = pa.RecordBatch.from_pylist(rows, schema=EVENTS_ARROW_SCHEMA)
>>> st = AccountState.zero()
>>> for ev in prepare(batch):
...     add_event(st, ev)
>>> p = st.profile_dict()
>>> p["requests"], p["new_prompts"], p["new_ips"], p["long_max_tokens"], p["gaps"], p["gap_sum"]
(3.0, 1.0, 1.0, 3.0, 2.0, 120.0)
>>> back = AccountState.from_bytes(st.to_bytes())
>>> bool(np.array_equal(back.profile, st.profile, equal_nan=True)) and back.seen == st.seen
True
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from distillguard.features import profile as P
from distillguard.features import text as T

__all__ = ["DEFINITION_HASH", "FIELD_NAMES", "AccountState", "PreparedEvent", "add_event", "prepare", "prepare_rows", "profile_columns"]

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in P.PROFILE_FIELDS)
_INDEX = {n: i for i, n in enumerate(FIELD_NAMES)}
_NF = len(FIELD_NAMES)
_STATELESS = frozenset(P.EVENT_COLUMNS_SCHEMA.names)
#: profile fields fed straight by a stateless per-event column (or counting requests)
_STATELESS_FIELDS = tuple((i, f) for i, f in enumerate(P.PROFILE_FIELDS) if f.source is None or f.source in _STATELESS)
_SUM = np.array([f.merge == "sum" for f in P.PROFILE_FIELDS])
_MIN = np.array([f.merge == "min" for f in P.PROFILE_FIELDS])
_MAX = np.array([f.merge == "max" for f in P.PROFILE_FIELDS])
_KEYS = tuple(P.FIRST_SEEN_KEYS)
#: first-seen keys whose values are small integers (kept as themselves) or 64-bit hashes
_PLAIN_INT = frozenset({"day", "hour", "hour_of_day", "asn"})
_HASH_INT = frozenset({"prompt", "template", "prefix_fp", "suffix_fp", "system"})


def _field_of(source: str) -> int:
    (i,) = [i for i, f in enumerate(P.PROFILE_FIELDS) if f.source == source]
    return i


_SEEN_FIELD = tuple(_field_of(f"n_{k}") for k in _KEYS)
_I_GAPS, _I_RESTS = _field_of("f_gap"), _field_of("f_rest")
_I_GAP, _I_GAP_SQ, _I_GLOG, _I_GLOG_SQ = _field_of("v_gap"), _field_of("v_gap_sq"), _field_of("v_gap_log"), _field_of("v_gap_log_sq")
_I_LATE, _I_LATE_CUE, _I_LATE_TS = _field_of("f_late_infra"), _field_of("f_late_cue"), _field_of("v_late_ts")
_I_REQ = _INDEX["requests"]

#: a stored state carries this hash of the definitions it depends on: a state written by another
#: definition is refused instead of being merged into the new one silently
DEFINITION_HASH: int = int.from_bytes(
    hashlib.blake2b(
        "\n".join([
            repr([(f.name, f.merge, f.source) for f in P.PROFILE_FIELDS]),
            repr(sorted(P.FIRST_SEEN_KEYS.items())),
            repr(P.EVENT_COLUMNS_SCHEMA.names),
            repr((P.BUCKET_MS, P.LATE_INFRA_MS, P.SESSION_GAP_S, P.REST_GAP_S)),
            "online-fp32-v2",
            T.HASH_SCHEME,  # the 64-bit hashes its first-seen sets are folded from
        ]).encode(),
        digest_size=4,
    ).digest(),
    "little",
)


def _fp_str(kind: str, value: str) -> int:
    """32-bit fingerprint of a string value of one key (BLAKE2b, personalised by the key)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=4, person=kind.encode()[:16]).digest(), "little")


def _fp_int64(h: int) -> int:
    """32-bit fingerprint of a 64-bit hash from the text features."""
    h &= 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def _fingerprint(key: str, v: Any) -> int | None:
    if v is None:
        return None
    if key in _PLAIN_INT:
        return int(v) & 0xFFFFFFFF
    if key in _HASH_INT:
        return _fp_int64(int(v))
    return _fp_str(key, str(v))


def prepare(batch: pa.RecordBatch | pa.Table) -> list[PreparedEvent]:
    """The stateless per-event work over a batch of canonical events (``EVENTS_ARROW_SCHEMA``
    columns, ``ts_ms`` filled), in the batch's order: one call of the engines' per-event
    function, then each event's contributions to the stateless profile fields."""
    t = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    n = t.num_rows
    if n == 0:
        return []
    for name in P.EVENT_INPUTS:
        if name not in t.column_names:
            typ = P.EVENT_COLUMNS_SCHEMA.field(name).type if name in P.EVENT_COLUMNS_SCHEMA.names else pa.string()
            t = t.append_column(name, pa.nulls(n, typ))
    ec = P.event_columns(t.select(list(P.EVENT_INPUTS)))
    contrib = np.full((n, _NF), np.nan)
    for i, f in _STATELESS_FIELDS:
        if f.source is None:
            contrib[:, i] = 1.0
            continue
        col = ec.column(f.source)
        if pa.types.is_boolean(col.type):
            col = pc.cast(col, pa.int64())
        contrib[:, i] = pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
    keys = {k: ec.column(c).to_pylist() for k, c in P.FIRST_SEEN_KEYS.items()}
    infra = ec.column("v_infra").to_pylist()
    cue = ec.column("f_cue_any").to_pylist()
    rid, acct, ts = ec.column("request_id").to_pylist(), ec.column("account_id").to_pylist(), ec.column("ts_ms").to_pylist()
    return [
        PreparedEvent(rid[i], acct[i], int(ts[i]), tuple(_fingerprint(k, keys[k][i]) for k in _KEYS),
                      None if infra[i] is None else _fp_str("infra", infra[i]), bool(cue[i]), contrib[i])
        for i in range(n)
    ]


#: (profile field index, per-event column or ``None`` for the request count) of the stateless fields
_STATELESS_SOURCES = tuple((i, f.source) for i, f in _STATELESS_FIELDS)
_KEY_COLUMNS = tuple(P.FIRST_SEEN_KEYS[k] for k in _KEYS)
_NAN = math.nan


def prepare_rows(rows: Sequence[dict[str, Any]]) -> list[PreparedEvent]:
    """:func:`prepare` of a few validated events given as Python rows (``EVENT_INPUTS`` keys,
    absent meaning null, ``ts_ms`` filled), without Arrow kernel calls: each row through
    :func:`distillguard.features._onerow.event_row`, the plain-Python twin of ``event_columns``
    (``tests/online/test_online_onerow.py`` holds the two equal).  The guardrail path."""
    from distillguard.features._onerow import event_row

    out = []
    for row in rows:
        ec = event_row(row)
        vals = [_NAN] * _NF
        for i, src in _STATELESS_SOURCES:
            if src is None:
                vals[i] = 1.0
            else:
                x = ec[src]
                if x is not None:
                    vals[i] = float(x)
        infra = ec["v_infra"]
        out.append(PreparedEvent(ec["request_id"], ec["account_id"], int(ec["ts_ms"]),
                                 tuple(_fingerprint(k, ec[c]) for k, c in zip(_KEYS, _KEY_COLUMNS)),
                                 None if infra is None else _fp_str("infra", infra), bool(ec["f_cue_any"]), np.array(vals)))
    return out


@dataclass(slots=True)
class PreparedEvent:
    """One event after the stateless per-event work: what :func:`add_event` folds."""

    request_id: str
    account_id: str
    ts_ms: int
    #: first-seen key -> fingerprint (``None``: the event has no value for that key)
    keys: tuple[int | None, ...]
    #: fingerprint of the infrastructure (``asn or /24 | user agent``) the late flags follow
    infra: int | None
    cue_any: bool
    #: the event's value of every profile field (``nan``: none, or filled by :func:`add_event`)
    contrib: np.ndarray


@dataclass(slots=True)
class AccountState:
    """One account's running profile and what folding its next event needs."""

    profile: np.ndarray  # float64, one value per FIELD_NAMES
    last_ts: int | None = None
    first_ts: int | None = None
    seen: list[set[int]] = field(default_factory=lambda: [set() for _ in _KEYS])
    infra_first: dict[int, int] = field(default_factory=dict)
    #: the first ingested event at which the service saw this account's risk reach the alert
    #: threshold (epoch ms), and the account's requests up to it
    flagged_ts: int | None = None
    flagged_events: int | None = None

    @classmethod
    def zero(cls) -> AccountState:
        """The identity: the state of an account with no events."""
        return cls(np.full(_NF, np.nan))

    def copy(self) -> AccountState:
        return AccountState(self.profile.copy(), self.last_ts, self.first_ts, [set(s) for s in self.seen],
                            dict(self.infra_first), self.flagged_ts, self.flagged_events)

    @property
    def requests(self) -> int:
        return int(self.profile[_INDEX["requests"]])

    def profile_dict(self) -> dict[str, float]:
        return {n: float(v) for n, v in zip(FIELD_NAMES, self.profile)}

    # -- bytes ----------------------------------------------------------------------------------
    _HEAD = struct.Struct("<4sIqqqqH")  # magic, definition hash, last_ts, first_ts, flagged_ts, flagged_events, fields

    def to_bytes(self) -> bytes:
        """A compact, versioned encoding: header, the profile as float64, then each first-seen
        set as a count and little-endian uint32 values, then the infrastructure first uses."""
        none = -(2**63)
        parts = [self._HEAD.pack(b"DGS1", DEFINITION_HASH,
                                 none if self.last_ts is None else self.last_ts,
                                 none if self.first_ts is None else self.first_ts,
                                 none if self.flagged_ts is None else self.flagged_ts,
                                 -1 if self.flagged_events is None else self.flagged_events,
                                 len(FIELD_NAMES)),
                 self.profile.astype("<f8").tobytes()]
        for s in self.seen:
            parts.append(struct.pack("<I", len(s)))
            if s:
                parts.append(np.fromiter(s, dtype="<u4", count=len(s)).tobytes())
        parts.append(struct.pack("<I", len(self.infra_first)))
        if self.infra_first:
            arr = np.array(list(self.infra_first.items()), dtype=np.int64)
            parts.append(arr[:, 0].astype("<u4").tobytes())
            parts.append(arr[:, 1].astype("<i8").tobytes())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> AccountState:
        head = cls._HEAD
        magic, dh, last_ts, first_ts, flagged_ts, flagged_events, nf = head.unpack_from(data, 0)
        if magic != b"DGS1" or dh != DEFINITION_HASH or nf != len(FIELD_NAMES):
            raise ValueError(
                "stored account state was written by another profile definition "
                f"(definition hash {dh:#010x}, this build {DEFINITION_HASH:#010x}); rebuild the state from the journal"
            )
        none = -(2**63)
        off = head.size
        prof = np.frombuffer(data, dtype="<f8", count=nf, offset=off).astype(np.float64)
        off += 8 * nf
        seen: list[set[int]] = []
        for _ in _KEYS:
            (k,) = struct.unpack_from("<I", data, off)
            off += 4
            seen.append(set(np.frombuffer(data, dtype="<u4", count=k, offset=off).tolist()) if k else set())
            off += 4 * k
        (k,) = struct.unpack_from("<I", data, off)
        off += 4
        infra: dict[int, int] = {}
        if k:
            fps = np.frombuffer(data, dtype="<u4", count=k, offset=off).tolist()
            off += 4 * k
            tss = np.frombuffer(data, dtype="<i8", count=k, offset=off).tolist()
            infra = dict(zip(fps, tss))
        return cls(prof, None if last_ts == none else last_ts, None if first_ts == none else first_ts, seen, infra,
                   None if flagged_ts == none else flagged_ts, None if flagged_events < 0 else flagged_events)


def add_event(st: AccountState, ev: PreparedEvent) -> None:
    """Fold one event into ``st`` (in place).  Events of one account must come in time order
    for the gap and first-seen definitions to equal the batch scan's."""
    v = ev.contrib.copy()
    t = ev.ts_ms
    # first-seen keys: 1 where this value is new to the account
    for j, k in enumerate(ev.keys):
        new = False
        if k is not None:
            s = st.seen[j]
            if k not in s:
                s.add(k)
                new = True
        v[_SEEN_FIELD[j]] = 1.0 if new else 0.0
    # the gap since the account's previous request; an event older than the account's latest
    # has no gap online (the batch scan would sort it in between; the service sees it late)
    gap = None if st.last_ts is None or t < st.last_ts else (t - st.last_ts) / 1000.0
    f_gap, f_rest, g, lg = P.gap_values(gap)
    v[_I_GAPS], v[_I_RESTS] = float(f_gap), float(f_rest)
    v[_I_GAP], v[_I_GAP_SQ], v[_I_GLOG], v[_I_GLOG_SQ] = g, g * g, lg, lg * lg
    # infrastructure first used >= 3 days after the account's first request: a change of hands
    if st.first_ts is None or t < st.first_ts:
        st.first_ts = t
    late = False
    if ev.infra is not None:
        inf = st.infra_first.get(ev.infra)
        if inf is None or t < inf:
            st.infra_first[ev.infra] = inf = t
        late = inf - st.first_ts >= P.LATE_INFRA_MS
    v[_I_LATE], v[_I_LATE_CUE] = float(late), float(late and ev.cue_any)
    v[_I_LATE_TS] = float(t) if late else math.nan
    # merge, each field by its rule (nan is every merge's identity, as NULL in SQL)
    p = st.profile
    pn, vn = np.isnan(p), np.isnan(v)
    sums = np.where(vn, p, np.where(pn, v, p + v))
    p[_SUM] = sums[_SUM]
    p[_MIN] = np.fmin(p, v)[_MIN]
    p[_MAX] = np.fmax(p, v)[_MAX]
    if st.last_ts is None or t > st.last_ts:
        st.last_ts = t


def profile_columns(states: Sequence[AccountState] | Iterable[AccountState]) -> dict[str, np.ndarray]:
    """Profile columns (one row per state) in the form detectors read."""
    rows = [s.profile for s in states]
    m = np.vstack(rows) if rows else np.zeros((0, _NF))
    return {n: m[:, i] for i, n in enumerate(FIELD_NAMES)}
