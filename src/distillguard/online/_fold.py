"""Per-event fold of an account's profile, for the online service.

The batch scan builds each account's profile with one group-by (``features/profile.py``); the
service must build the *same* profile one event at a time.  This module holds the online side:

* :func:`prepare` — the stateless per-event work over a batch of canonical events: the text
  features (the vectorised Arrow function of :mod:`distillguard.features.text`, run once per
  batch), the grouping keys (hour, day, IP prefix, infrastructure) and every flag that needs no
  history.  The same expressions as :func:`distillguard.features.profile.flag_events`.
* :class:`AccountState` — what one account needs to fold its next event: the running profile
  (every :data:`~distillguard.features.profile.PROFILE_FIELDS` value), the previous request's
  time (the gap), the account's first request and each infrastructure's first use (the *late*
  flags), and the values seen so far per first-seen key.
* :func:`add_event` — folds one prepared event into a state, in arrival order.

First-seen distinct counts are kept **exactly**: per key, the set of 32-bit fingerprints of the
values seen (integers such as the day or the ASN are kept as themselves).  The running
``new_<key>`` count is the size of that set, so it equals the batch count whenever events
arrive in ``(ts, request_id)`` order and no two of one account's values share a fingerprint
(probability about ``n² / 2³³`` for ``n`` distinct values of one key; a collision can only
undercount by one).  Exact sets cost 4 bytes per distinct value: light accounts stay far below
the ~4 KiB budget, an account with thousands of distinct prompts does not (see
``docs/online.md`` and ``BENCHMARKS.md`` for the measured distribution).

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
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from distillguard.features import profile as P

__all__ = ["DEFINITION_HASH", "FIELD_NAMES", "AccountState", "PreparedEvent", "add_event", "prepare", "profile_columns"]

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in P.PROFILE_FIELDS)
_INDEX = {n: i for i, n in enumerate(FIELD_NAMES)}
_MERGE = tuple(f.merge for f in P.PROFILE_FIELDS)
_DEFAULTS = np.array([f.default for f in P.PROFILE_FIELDS], dtype=np.float64)

#: first-seen keys, in the order of ``features/profile.py`` (name -> profile field counting it)
_FIRST_SEEN: tuple[tuple[str, str | None], ...] = (
    ("day", "new_days"),
    ("hour", "active_buckets"),
    ("hour_of_day", "new_hours_of_day"),
    ("ip", "new_ips"),
    ("prefix", "new_prefixes"),
    ("asn", "new_asns"),
    ("ua", "new_uas"),
    ("prompt", "new_prompts"),
    ("template", "new_templates"),
    ("prefix_fp", "new_prefix_fps"),
    ("suffix_fp", "new_suffix_fps"),
    ("topic", "new_topics"),
    ("system", "new_systems"),
    ("conversation", "new_conversations"),
)
_KEYS = tuple(k for k, _ in _FIRST_SEEN)

#: a stored state carries this hash of the field definitions: a state written by another
#: definition is refused instead of being merged into the new one silently
DEFINITION_HASH: int = int.from_bytes(
    hashlib.blake2b(
        ("|".join(f"{f.name}:{f.merge}" for f in P.PROFILE_FIELDS) + "#" + ",".join(_KEYS) + "#fp32").encode(),
        digest_size=4,
    ).digest(),
    "little",
)

_V4 = re.compile(r"^(\d+\.\d+\.\d+)\.\d+$", re.ASCII)
_V6 = re.compile(r"^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)")
_HIGH_REASONING = frozenset({"high", "xhigh", "max"})
_REFUSAL = frozenset({"refusal", "content_filter"})
_CAP_FIELD = {cap: _INDEX[col] for cap, col in P.CAPABILITY_COLUMNS.items()}


def _fp_str(kind: str, value: str) -> int:
    """32-bit fingerprint of a string value of one key (BLAKE2b, personalised by the key)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=4, person=kind.encode()[:16]).digest(), "little")


def _fp_int64(h: int) -> int:
    """32-bit fingerprint of a 64-bit hash from the text features."""
    h &= 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def _prefix(ip: str | None) -> str | None:
    """IPv4 /24 (``a.b.c``) or IPv6 first three groups, lower case; otherwise the value itself
    (the same rule as ``keyed_events`` in ``features/profile.py``)."""
    if ip is None:
        return None
    m = _V4.match(ip)
    if m:
        return m.group(1)
    if ":" in ip:
        m6 = _V6.match(ip)
        if m6 and m6.group(1):
            return m6.group(1).lower()
    return ip


def _reasoning_budget(v: str | None) -> int | None:
    """``TRY_CAST(reasoning AS BIGINT)``: an integer (surrounding spaces allowed) or nothing."""
    if v is None:
        return None
    s = v.strip()
    if not s:
        return None
    try:
        return int(s)
    except ValueError:
        try:
            f = float(s)
        except ValueError:
            return None
        if not math.isfinite(f):
            return None
        return int(round(f))


_TEXT_COLUMNS = ("prompt_hash", "template_fp", "prefix_fp", "suffix_fp", "system_fp", "topic", "capability",
                 "cue_cot", "cue_align", "cue_datagen", "cue_sysprompt", "cue_cot_sys")


class _TextCache:
    """The text features of recently seen (prompt, system, prompt_sha256), so a request decided
    by ``/v1/check`` and then sent back completed to ``/v1/events`` pays the text features once.
    The features are a pure function of the three texts, so a hit is exactly what a computation
    would give.  Bounded (least recently used out)."""

    def __init__(self, size: int = 8192) -> None:
        from collections import OrderedDict

        self.size = size
        self._d: OrderedDict[bytes, tuple[Any, ...]] = OrderedDict()
        self._lock = __import__("threading").Lock()

    @staticmethod
    def _key(p: str | None, s: str | None, h: str | None) -> bytes:
        m = hashlib.blake2b(digest_size=16, person=b"dg.textcache")
        for part in (p, s, h):
            if part is None:
                m.update(b"\x00")
            else:
                b = part.encode("utf-8", "surrogatepass")
                m.update(b"\x01" + len(b).to_bytes(8, "little") + b)
        return m.digest()

    def features(self, prompts: list[Any], systems: list[Any], shas: list[Any]) -> dict[str, list[Any]]:
        from distillguard.features.text import text_features

        n = len(prompts)
        keys = [self._key(p, s, h) for p, s, h in zip(prompts, systems, shas)]
        rows: list[tuple[Any, ...] | None] = [None] * n
        with self._lock:
            for i, k in enumerate(keys):
                v = self._d.get(k)
                if v is not None:
                    self._d.move_to_end(k)
                    rows[i] = v
        miss = [i for i in range(n) if rows[i] is None]
        if miss:
            feats = text_features(pa.array([prompts[i] for i in miss], pa.string()),
                                  pa.array([systems[i] for i in miss], pa.string()),
                                  pa.array([shas[i] for i in miss], pa.string()))
            cols = [feats.column(c).to_pylist() for c in _TEXT_COLUMNS]
            fresh = list(zip(*cols))
            with self._lock:
                for i, v in zip(miss, fresh):
                    rows[i] = v
                    self._d[keys[i]] = v
                while len(self._d) > self.size:
                    self._d.popitem(last=False)
        return {c: [r[j] for r in rows] for j, c in enumerate(_TEXT_COLUMNS)}  # type: ignore[index]


_TEXT_CACHE = _TextCache()


@dataclass(slots=True)
class PreparedEvent:
    """One event after the stateless per-event work: what :func:`add_event` folds."""

    request_id: str
    account_id: str
    ts_ms: int
    #: first-seen key -> fingerprint (``None``: the event has no value for that key)
    keys: tuple[int | None, ...]
    #: fingerprint of ``(asn or /24) | user agent``, the infrastructure the late flags follow
    infra: int
    cue_any: bool
    capability: str | None
    #: additive profile contributions that need no history (index into FIELD_NAMES, value)
    sums: tuple[tuple[int, float], ...]
    #: (index, value) for the max-merged fields
    maxes: tuple[tuple[int, float], ...]


def prepare(batch: pa.RecordBatch | pa.Table) -> list[PreparedEvent]:
    """The stateless per-event work over a batch of canonical events (``EVENTS_ARROW_SCHEMA``
    columns; ``ts_ms`` must be filled), in the batch's order."""
    n = batch.num_rows
    if n == 0:
        return []
    cols = batch.column_names

    def col(name: str) -> list[Any]:
        return batch.column(name).to_pylist() if name in cols else [None] * n

    f = _TEXT_CACHE.features(col("prompt"), col("system"), col("prompt_sha256"))
    rid, acct, ts = col("request_id"), col("account_id"), col("ts_ms")
    prompt, sha = col("prompt"), col("prompt_sha256")
    ip, asn, ua, conv = col("ip"), col("asn"), col("user_agent"), col("conversation_id")
    out_t, reason_t, in_t = col("output_tokens"), col("reasoning_tokens"), col("input_tokens")
    max_t, n_c, logprobs, top_lp = col("max_tokens"), col("n"), col("logprobs"), col("top_logprobs")
    lb_n, reasoning, temp, tools = col("logit_bias_n"), col("reasoning"), col("temperature"), col("tools_n")
    turn, status, finish = col("turn"), col("status"), col("finish_reason")

    I = _INDEX
    events: list[PreparedEvent] = []
    for i in range(n):
        t = int(ts[i])
        ip_i = ip[i]
        pre = _prefix(ip_i)
        asn_i = asn[i]
        ua_i = ua[i]
        infra_s = (str(asn_i) if asn_i is not None else (pre if pre is not None else "?")) + "|" + (ua_i if ua_i is not None else "?")
        hour = t // P.HOUR_MS
        topic = f["topic"][i]
        keys = (
            t // P.DAY_MS,
            hour,
            hour % 24,
            None if ip_i is None else _fp_str("ip", ip_i),
            None if pre is None else _fp_str("prefix", pre),
            None if asn_i is None else int(asn_i) & 0xFFFFFFFF,
            None if ua_i is None else _fp_str("ua", ua_i),
            None if f["prompt_hash"][i] is None else _fp_int64(f["prompt_hash"][i]),
            None if f["template_fp"][i] is None else _fp_int64(f["template_fp"][i]),
            None if f["prefix_fp"][i] is None else _fp_int64(f["prefix_fp"][i]),
            None if f["suffix_fp"][i] is None else _fp_int64(f["suffix_fp"][i]),
            None if topic is None else _fp_str("topic", topic),
            None if f["system_fp"][i] is None else _fp_int64(f["system_fp"][i]),
            None if conv[i] is None else _fp_str("conversation", conv[i]),
        )
        o, r, mt, nn, tl, lb = out_t[i], reason_t[i], max_t[i], n_c[i], top_lp[i], lb_n[i]
        total_out = (o or 0) + (r or 0)
        budget = _reasoning_budget(reasoning[i])
        cot, align, datagen, sysp = (bool(f[c][i]) for c in ("cue_cot", "cue_align", "cue_datagen", "cue_sysprompt"))
        fr = finish[i]
        st = status[i]
        flags = {
            "prompt_known": prompt[i] is not None or sha[i] is not None,
            "output_known": o is not None,
            "params_known": mt is not None,
            "long_max_tokens": mt is not None and mt >= 4000,
            "multi_n": nn is not None and nn > 1,
            "logprob_requests": bool(logprobs[i]) or (tl is not None and tl > 0),
            "top_logprobs_high": tl is not None and tl >= 10,
            "logit_bias_requests": lb is not None and lb > 0,
            "logit_bias_large": lb is not None and lb >= 50,
            "short_outputs": o is not None and o <= 2,
            "long_outputs": o is not None and total_out >= 1000,
            "reasoning_high": (reasoning[i] is not None and reasoning[i].lower() in _HIGH_REASONING) or (budget is not None and budget >= 8000),
            "temp_known": temp[i] is not None,
            "temp_zero": temp[i] is not None and temp[i] == 0,
            "tools_requests": tools[i] is not None and tools[i] > 0,
            "followups": turn[i] is not None and turn[i] > 1,
            "errors": st is not None and st >= 400,
            "rate_limited": st is not None and st == 429,
            "refusals": fr is not None and fr.lower() in _REFUSAL,
            "cue_cot": cot,
            "cue_align": align,
            "cue_datagen": datagen,
            "cue_sysprompt": sysp,
            "cue_cot_sys": bool(f["cue_cot_sys"][i]),
        }
        sums: list[tuple[int, float]] = [(I["requests"], 1.0)]
        sums += [(I[k], 1.0) for k, v in flags.items() if v]
        cap = f["capability"][i]
        if cap in _CAP_FIELD:
            sums.append((_CAP_FIELD[cap], 1.0))
        sums += [
            (I["input_tokens"], float(in_t[i] or 0)),
            (I["output_tokens"], float(o or 0)),
            (I["reasoning_tokens"], float(r or 0)),
            (I["completions"], float(nn if nn is not None else 1)),
        ]
        maxes = ((I["top_logprobs_max"], float(tl or 0)), (I["logit_bias_max"], float(lb or 0)), (I["max_tokens_max"], float(mt or 0)))
        events.append(PreparedEvent(
            request_id=rid[i], account_id=acct[i], ts_ms=t, keys=keys, infra=_fp_str("infra", infra_s),
            cue_any=cot or align or datagen or sysp, capability=cap, sums=tuple(sums), maxes=maxes,
        ))
    return events


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
        return cls(_DEFAULTS.copy())

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


_I_GAPS, _I_GAP_SUM, _I_GAP_SUMSQ = _INDEX["gaps"], _INDEX["gap_sum"], _INDEX["gap_sumsq"]
_I_GLOG, _I_GLOGSQ, _I_RESTS = _INDEX["gap_log_sum"], _INDEX["gap_log_sumsq"], _INDEX["rests"]
_I_LATE, _I_LATE_CUE, _I_LATE_FIRST = _INDEX["late_infra"], _INDEX["late_cue"], _INDEX["late_first_ts"]
_I_FIRST, _I_LAST = _INDEX["first_ts"], _INDEX["last_ts"]
_SEEN_FIELD = tuple(_INDEX[f] for _, f in _FIRST_SEEN if f is not None)


def add_event(st: AccountState, ev: PreparedEvent) -> None:
    """Fold one event into ``st`` (in place).  Events of one account must come in time order
    for the gap and first-seen definitions to equal the batch scan's."""
    p = st.profile
    t = ev.ts_ms
    for i, v in ev.sums:
        p[i] += v
    for i, v in ev.maxes:
        if v > p[i]:
            p[i] = v
    # first-seen keys: the profile count is the size of the set of values seen
    for j, k in enumerate(ev.keys):
        if k is not None:
            s = st.seen[j]
            if k not in s:
                s.add(k)
                p[_SEEN_FIELD[j]] += 1.0
    # the gap since the account's previous request
    if st.last_ts is not None:
        gap = (t - st.last_ts) / 1000.0
        # an event older than the account's latest one has no gap online (the batch scan would
        # sort it in between; the service sees it late): the gap definitions hold for in-order events
        if 0 <= gap < P.SESSION_GAP_S:
            p[_I_GAPS] += 1.0
            p[_I_GAP_SUM] += gap
            p[_I_GAP_SUMSQ] += gap * gap
            lg = math.log10(gap + 0.1)
            p[_I_GLOG] += lg
            p[_I_GLOGSQ] += lg * lg
        if gap >= P.REST_GAP_S:
            p[_I_RESTS] += 1.0
    # infrastructure first used >= 3 days after the account's first request: a change of hands
    if st.first_ts is None or t < st.first_ts:
        st.first_ts = t
    inf = st.infra_first.get(ev.infra)
    if inf is None or t < inf:
        st.infra_first[ev.infra] = inf = t
    if inf - st.first_ts >= P.LATE_INFRA_MS:
        p[_I_LATE] += 1.0
        if ev.cue_any:
            p[_I_LATE_CUE] += 1.0
        if not (p[_I_LATE_FIRST] <= t):  # NaN or later
            p[_I_LATE_FIRST] = float(t)
    if not (p[_I_FIRST] <= t):
        p[_I_FIRST] = float(t)
    if not (p[_I_LAST] >= t):
        p[_I_LAST] = float(t)
    if st.last_ts is None or t > st.last_ts:
        st.last_ts = t


def profile_columns(states: Sequence[AccountState] | Iterable[AccountState]) -> dict[str, np.ndarray]:
    """Profile columns (one row per state) in the form detectors read."""
    rows = [s.profile for s in states]
    m = np.vstack(rows) if rows else np.zeros((0, len(FIELD_NAMES)))
    return {n: m[:, i] for i, n in enumerate(FIELD_NAMES)}


def state_from_profile(profile: Mapping[str, float]) -> AccountState:  # pragma: no cover - helper for tools
    st = AccountState.zero()
    for n, v in profile.items():
        if n in _INDEX:
            st.profile[_INDEX[n]] = float(v)
    return st
