"""Per-account mergeable profiles: every feature defined once.

A *profile* summarises an account's requests over a time bucket (an hour).  Every field is a
sum, a minimum or a maximum of one per-event column, so two profiles of the same account merge
into the profile of their union, and the running profile of an account at any moment is the
merge of its buckets so far.  Distinct counts (IPs, prompts, templates, …) stay mergeable
through the *first-seen* trick: an event adds 1 to ``new_ips`` when it is the account's first
event from that IP, so summing ``new_ips`` over buckets gives the number of distinct IPs so far.

The work is split in three, each written once:

1. **Per event, stateless** — :func:`event_columns`: one vectorised Arrow function over a batch of
   events (text features, request-parameter flags, keys such as the IP prefix, the hour and the
   15-minute window).  Engines map it over batches (DuckDB), partitions (Spark ``mapInArrow``) or
   call it on one event (the in-memory reference and the online service).
2. **Per event, stateful** — the few primitives that need the account's history: first-seen per
   account and key (:data:`FIRST_SEEN_KEYS`), the gap since the account's previous request, the
   first time per account and per account × infrastructure.  Written relationally in Ibis here
   (:func:`event_flags`, compiled for DuckDB and PySpark) and as the Python fold in
   :mod:`distillguard.engines.memory`; the parity suite holds them equal.
3. **Aggregation** — :data:`PROFILE_FIELDS`: each field names its per-event ``source`` column and
   its ``merge`` (sum, min, max); :func:`bucket_profiles` and :func:`account_profiles` (Ibis), the
   memory fold and :func:`single_event_profiles` (one event's own profile, for replay) all derive
   from that one declaration.

The per-account inputs the account graph needs (values per edge kind, wrapper phrases, MinHash
elements, the time of the m-th request) are outputs of the same stage: :func:`account_values`,
:func:`account_wrappers`, :func:`sketch_elements`, :func:`mth_request`.

Examples
--------
>>> [f.name for f in PROFILE_FIELDS][:3]
['requests', 'prompt_known', 'output_known']
>>> import pyarrow as pa
>>> ip_prefixes(pa.array(["203.0.113.9", "2001:DB8:ab:1::7", "::ffff:203.0.113.77", None, "pseudonym-1"])).to_pylist()
['203.0.113', '2001:db8:ab::/48', '203.0.113', None, 'pseudonym-1']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:  # Ibis is imported where the relational forms are built, not by importing this module
    import ibis.expr.types as ir

__all__ = [
    "BUCKET_MS",
    "CAPABILITY_COLUMNS",
    "EVENT_COLUMNS_SCHEMA",
    "EVENT_INPUTS",
    "FIRST_SEEN_KEYS",
    "FLAG_COLUMNS",
    "PROFILE_DEFAULTS",
    "PROFILE_FIELDS",
    "PRINCIPAL_KINDS",
    "PRINCIPAL_MIN",
    "PROFILE_SCHEMA",
    "ProfileField",
    "account_profiles",
    "account_values",
    "account_wrappers",
    "bucket_profiles",
    "definition",
    "derived",
    "event_columns",
    "event_flags",
    "ip_prefixes",
    "is_principal",
    "merge_buckets",
    "mth_request",
    "parse_principal",
    "population_from_profiles",
    "principal_id",
    "single_event_profiles",
    "sketch_elements",
]

HOUR_MS = 3_600_000
DAY_MS = 86_400_000
BUCKET_MS = HOUR_MS
#: lockstep windows: 15 minutes, on two grids offset by half a window
WINDOW_MS = 900_000
#: an infrastructure (ASN or /24, with user agent) first used this long after the account's
#: first request counts as *late*: the mark of a change of hands
LATE_INFRA_MS = 3 * DAY_MS
#: gaps longer than this are rests between sessions, not inter-arrival times
SESSION_GAP_S = 3600.0
REST_GAP_S = 4 * 3600.0

#: capability tag (from the text features) -> profile column counting it
CAPABILITY_COLUMNS: dict[str, str] = {
    "coding": "cap_coding",
    "math": "cap_math",
    "reasoning-traces": "cap_reasoning",
    "alignment-behaviour": "cap_alignment",
    "data-generation": "cap_datagen",
    "system-prompt": "cap_sysprompt",
    "general": "cap_general",
}


# ---------------------------------------------------------------------------------------------
# 1. per event, stateless
# ---------------------------------------------------------------------------------------------

#: columns of the canonical events the per-event function reads
EVENT_INPUTS: tuple[str, ...] = (
    "request_id", "account_id", "ts_ms", "org_id", "api_key_id", "end_user", "ip", "asn", "user_agent", "conversation_id", "turn",
    "system", "prompt", "prompt_sha256", "input_tokens", "output_tokens", "reasoning_tokens", "temperature",
    "max_tokens", "n", "logprobs", "top_logprobs", "logit_bias_n", "reasoning", "tools_n", "finish_reason", "status",
    "model", "top_p",
)

_KEYS_SCHEMA = [
    pa.field("request_id", pa.string()),
    pa.field("account_id", pa.string()),
    pa.field("ts_ms", pa.int64()),
    pa.field("bucket", pa.int64()),
    pa.field("org_id", pa.string()),
    pa.field("api_key_id", pa.string()),
    pa.field("end_user", pa.string()),
    pa.field("ip", pa.string()),
    pa.field("asn", pa.int64()),
    pa.field("user_agent", pa.string()),
    pa.field("conversation_id", pa.string()),
]
_DERIVED_KEYS = [
    pa.field("v_day", pa.int64()),
    pa.field("v_hour", pa.int64()),
    pa.field("v_hour_of_day", pa.int64()),
    pa.field("v_prefix", pa.string()),
    pa.field("v_infra", pa.string()),
    pa.field("v_prompt_key", pa.int64()),
    pa.field("v_w15", pa.int64()),
    pa.field("v_w15b", pa.int64()),
    pa.field("v_nd_a", pa.int64()),
    pa.field("v_nd_b", pa.int64()),
    pa.field("v_params", pa.string()),
]
#: stateless boolean flags (never null)
STATELESS_FLAGS: tuple[str, ...] = (
    "f_prompt_known", "f_output_known", "f_params_known", "f_long_max", "f_multi_n", "f_logprob", "f_top_lp_high",
    "f_logit_bias", "f_logit_bias_large", "f_short_out", "f_long_out", "f_reasoning_high", "f_temp_known",
    "f_temp_zero", "f_tools", "f_followup", "f_error", "f_rate_limited", "f_refusal", "f_cue_any", "f_harvest",
    "f_logit_evidence",
)
#: per-event integer values (nulls already replaced by their neutral value)
STATELESS_VALUES: tuple[str, ...] = (
    "v_input_tokens", "v_output_tokens", "v_reasoning_tokens", "v_n", "v_top_lp", "v_logit_bias", "v_max_tokens",
)


def _text_schema() -> list[pa.Field]:
    from distillguard.features.text import TEXT_FEATURE_SCHEMA

    return list(TEXT_FEATURE_SCHEMA)


#: what :func:`event_columns` returns, one row per event: keys, text features, stateless flags
EVENT_COLUMNS_SCHEMA: pa.Schema = pa.schema(
    _KEYS_SCHEMA + _text_schema() + _DERIVED_KEYS
    + [pa.field(f"f_cap_{c.removeprefix('cap_')}", pa.bool_()) for c in CAPABILITY_COLUMNS.values()]
    + [pa.field(n, pa.bool_()) for n in STATELESS_FLAGS]
    + [pa.field(n, pa.int64()) for n in STATELESS_VALUES]
)

def ip_prefixes(ip: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The network key of each client address: IPv4 /24 (``a.b.c``), IPv6 /48 (canonical, with its
    length), IPv4-mapped IPv6 as the IPv4 it maps, a pseudonym its own key, blank or null as null
    (:func:`distillguard.events._net.ip_prefixes`; the one place the prefix rule lives)."""
    from distillguard.events._net import ip_prefixes as prefixes

    out = prefixes(ip.combine_chunks() if isinstance(ip, pa.ChunkedArray) else ip)
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


def _floordiv(x: np.ndarray, d: int) -> np.ndarray:
    return np.floor_divide(x, d)


def _col(batch: pa.Table, name: str) -> pa.Array:
    c = batch.column(name)
    return c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c


#: the request parameters a client sends, in the order of the fingerprint (``v_params``)
PARAMS_FINGERPRINT: tuple[str, ...] = ("model", "max_tokens", "temperature", "top_p", "reasoning", "n")
#: sampling parameters written in hundredths (0.7 and 0.70000001 are one client's setting)
_HUNDREDTHS = ("temperature", "top_p")


def _hundredths(a: pa.Array) -> pa.Array:
    """A number as its hundredths rounded half to even (``0.7`` -> ``"70"``); ``"?"`` where it is
    not finite or beyond a million; null where absent (the one-row twin: ``_onerow._hundredths``)."""
    x = pc.cast(a, pa.float64())
    ok = pc.fill_null(pc.and_(pc.is_finite(x), pc.less_equal(pc.abs(x), 1e6)), False)
    v = pc.cast(pc.cast(pc.round(pc.multiply(pc.if_else(ok, x, 0.0), 100.0)), pa.int64()), pa.string())
    return pc.if_else(ok, v, pc.if_else(pc.is_valid(x), pa.scalar("?"), pa.scalar(None, pa.string())))


def _params_fingerprint(g: Mapping[str, pa.Array]) -> pa.Array:
    """``model|max_tokens|temperature|top_p|reasoning|n`` as sent (empty where not sent; temperature
    and top_p in hundredths), or null where no parameter but the model was sent (a bare call says
    nothing of the client that made it)."""
    parts = [_hundredths(g[c]) if c in _HUNDREDTHS else pc.cast(g[c], pa.string()) for c in PARAMS_FINGERPRINT]
    sent = pc.is_valid(parts[1])
    for part in parts[2:]:
        sent = pc.or_(sent, pc.is_valid(part))
    fp = pc.binary_join_element_wise(*(pc.fill_null(part, "") for part in parts), "|")
    return pc.if_else(sent, fp, pa.scalar(None, pa.string()))


def _ge(a: pa.Array, v: float) -> pa.Array:
    return pc.fill_null(pc.greater_equal(a, v), False)


def _isin_lower(a: pa.Array, words: Sequence[str]) -> pa.Array:
    return pc.fill_null(pc.is_in(pc.utf8_lower(a), value_set=pa.array(list(words), pa.string())), False)


_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _budget(reasoning: pa.Array) -> pa.Array:
    """A reasoning budget written as a number (``"8000"``, ``" 8000 "``, ``"8e3"``), else null."""
    s = pc.utf8_trim_whitespace(reasoning)
    ok = pc.fill_null(pc.match_substring_regex(s, _NUMBER), False)
    return pc.if_else(ok, pc.cast(pc.if_else(ok, s, pa.scalar("0")), pa.float64()), pa.scalar(None, pa.float64()))


def event_columns(batch: pa.RecordBatch | pa.Table) -> pa.Table:
    """The stateless per-event features of a batch of canonical events (:data:`EVENT_COLUMNS_SCHEMA`).

    ``batch`` needs the columns of :data:`EVENT_INPUTS`; one output row per input row, in order.
    Pure and picklable: engines map it over batches or partitions, the online service calls it
    on a batch of one.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from distillguard.testing import make_events
    >>> ev = make_events([{"ts": 1_767_225_600_000, "request_id": "r1", "account_id": "a", "ip": "203.0.113.9",
    ...                    "prompt": "Think step by step and show your reasoning: what is 2+2?", "max_tokens": 8000}])
    >>> t = event_columns(ev.append_column("ts_ms", pa.array([1_767_225_600_000])))
    >>> t.column("v_prefix")[0].as_py(), t.column("f_long_max")[0].as_py(), t.column("cue_cot")[0].as_py()
    ('203.0.113', True, True)
    """
    from distillguard.features.text import text_features

    t = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    n = t.num_rows
    g = {name: _col(t, name) for name in EVENT_INPUTS}
    feats = text_features(g["prompt"], g["system"], g["prompt_sha256"])
    ts = g["ts_ms"].to_numpy(zero_copy_only=False).astype(np.int64)
    prefix = ip_prefixes(g["ip"])
    asn_s = pc.cast(g["asn"], pa.string())
    infra = pc.binary_join_element_wise(
        pc.coalesce(asn_s, prefix, pa.scalar("?")), pc.coalesce(g["user_agent"], pa.scalar("?")), "|")
    prompt_hash = feats.column("prompt_hash").combine_chunks()
    text_known = pc.or_(pc.is_valid(g["prompt"]), pc.is_valid(g["prompt_sha256"]))
    out_tok, reas_tok = g["output_tokens"], g["reasoning_tokens"]
    total_out = pc.add(pc.fill_null(out_tok, 0), pc.fill_null(reas_tok, 0))
    out_known = pc.is_valid(out_tok)
    long_out = pc.and_(out_known, pc.greater_equal(total_out, 1000))
    long_max = _ge(g["max_tokens"], 4000)
    multi_n = pc.fill_null(pc.greater(g["n"], 1), False)
    top_lp_high = _ge(g["top_logprobs"], 10)
    logit_bias = pc.fill_null(pc.greater(g["logit_bias_n"], 0), False)
    cues = [pc.fill_null(feats.column(c).combine_chunks(), False) for c in ("cue_cot", "cue_align", "cue_datagen", "cue_sysprompt")]
    cue_any = pc.or_(pc.or_(cues[0], cues[1]), pc.or_(cues[2], cues[3]))
    capability = feats.column("capability").combine_chunks()
    cols: dict[str, pa.Array] = {
        "request_id": g["request_id"],
        "account_id": g["account_id"],
        "ts_ms": pa.array(ts, pa.int64()),
        "bucket": pa.array(_floordiv(ts, BUCKET_MS), pa.int64()),
        "org_id": g["org_id"],
        "api_key_id": g["api_key_id"],
        "end_user": g["end_user"],
        "ip": g["ip"],
        "asn": g["asn"],
        "user_agent": g["user_agent"],
        "conversation_id": g["conversation_id"],
    }
    for f in feats.schema:
        cols[f.name] = feats.column(f.name).combine_chunks()
    nd_a = pc.coalesce(feats.column("prefix_fp").combine_chunks(), prompt_hash)
    nd_b = pc.coalesce(feats.column("suffix_fp").combine_chunks(), prompt_hash)
    cols.update({
        "v_day": pa.array(_floordiv(ts, DAY_MS), pa.int64()),
        "v_hour": pa.array(_floordiv(ts, HOUR_MS), pa.int64()),
        "v_hour_of_day": pa.array(_floordiv(ts, HOUR_MS) % 24, pa.int64()),
        "v_prefix": prefix,
        "v_infra": infra,
        "v_prompt_key": prompt_hash,
        "v_w15": pa.array(_floordiv(ts, WINDOW_MS), pa.int64()),
        "v_w15b": pa.array(_floordiv(ts + WINDOW_MS // 2, WINDOW_MS), pa.int64()),
        "v_nd_a": nd_a,
        "v_nd_b": nd_b,
        "v_params": _params_fingerprint(g),
    })
    for tag, col in CAPABILITY_COLUMNS.items():
        cols[f"f_cap_{col.removeprefix('cap_')}"] = pc.equal(capability, tag)
    cols.update({
        "f_prompt_known": text_known,
        "f_output_known": out_known,
        "f_params_known": pc.is_valid(g["max_tokens"]),
        "f_long_max": long_max,
        "f_multi_n": multi_n,
        "f_logprob": pc.or_(pc.fill_null(g["logprobs"], False), pc.fill_null(pc.greater(g["top_logprobs"], 0), False)),
        "f_top_lp_high": top_lp_high,
        "f_logit_bias": logit_bias,
        "f_logit_bias_large": _ge(g["logit_bias_n"], 50),
        "f_short_out": pc.fill_null(pc.less_equal(out_tok, 2), False),
        "f_long_out": long_out,
        "f_reasoning_high": pc.or_(_isin_lower(g["reasoning"], ("high", "xhigh", "max")), _ge(_budget(g["reasoning"]), 8000)),
        "f_temp_known": pc.is_valid(g["temperature"]),
        "f_temp_zero": pc.fill_null(pc.equal(g["temperature"], 0), False),
        "f_tools": pc.fill_null(pc.greater(g["tools_n"], 0), False),
        "f_followup": pc.fill_null(pc.greater(g["turn"], 1), False),
        "f_error": _ge(g["status"], 400),
        "f_rate_limited": pc.fill_null(pc.equal(g["status"], 429), False),
        "f_refusal": _isin_lower(g["finish_reason"], ("refusal", "content_filter")),
        "f_cue_any": cue_any,
        "f_harvest": pc.or_(pc.or_(long_max, multi_n), long_out),
        "f_logit_evidence": pc.or_(top_lp_high, logit_bias),
        "v_input_tokens": pc.fill_null(g["input_tokens"], 0),
        "v_output_tokens": pc.fill_null(out_tok, 0),
        "v_reasoning_tokens": pc.fill_null(reas_tok, 0),
        "v_n": pc.fill_null(g["n"], 1),
        "v_top_lp": pc.fill_null(g["top_logprobs"], 0),
        "v_logit_bias": pc.fill_null(g["logit_bias_n"], 0),
        "v_max_tokens": pc.fill_null(g["max_tokens"], 0),
    })
    arrays = [pc.cast(cols[f.name], f.type) if cols[f.name].type != f.type else cols[f.name] for f in EVENT_COLUMNS_SCHEMA]
    out = pa.Table.from_arrays(arrays, schema=EVENT_COLUMNS_SCHEMA)
    assert out.num_rows == n
    return out


# ---------------------------------------------------------------------------------------------
# 2. per event, stateful (relational form; the Python fold is engines.memory)
# ---------------------------------------------------------------------------------------------

#: first-seen flags: name -> per-event column whose distinct values are counted per account
FIRST_SEEN_KEYS: dict[str, str] = {
    "day": "v_day",
    "hour": "v_hour",
    "hour_of_day": "v_hour_of_day",
    "ip": "ip",
    "prefix": "v_prefix",
    "asn": "asn",
    "ua": "user_agent",
    "prompt": "v_prompt_key",
    "template": "template_fp",
    "prefix_fp": "prefix_fp",
    "suffix_fp": "suffix_fp",
    "topic": "topic",
    "system": "system_fp",
    "conversation": "conversation_id",
}

#: columns :func:`event_flags` adds to the per-event columns
STATEFUL_SCHEMA: pa.Schema = pa.schema(
    [pa.field(f"n_{k}", pa.bool_()) for k in FIRST_SEEN_KEYS]
    + [
        pa.field("v_acct_first", pa.int64()),
        pa.field("v_infra_first", pa.int64()),
        pa.field("v_gap_raw", pa.float64()),
        pa.field("f_gap", pa.bool_()),
        pa.field("f_rest", pa.bool_()),
        pa.field("f_late_infra", pa.bool_()),
        pa.field("f_late_cue", pa.bool_()),
        pa.field("v_gap", pa.float64()),
        pa.field("v_gap_log", pa.float64()),
        pa.field("v_gap_sq", pa.float64()),
        pa.field("v_gap_log_sq", pa.float64()),
        pa.field("v_late_ts", pa.int64()),
    ]
)

E = "ir.Table"


def gap_values(gap_s: float | None) -> tuple[bool, bool, float, float]:
    """``(f_gap, f_rest, v_gap, v_gap_log)`` of one inter-arrival gap in seconds (``None``: the
    account's first request).  The Python twin of the expressions in :func:`event_flags`."""
    if gap_s is None:
        return False, False, 0.0, 0.0
    in_session = gap_s < SESSION_GAP_S
    return in_session, gap_s >= REST_GAP_S, gap_s if in_session else 0.0, math.log10(gap_s + 0.1) if in_session else 0.0


# -- principals inside an account ------------------------------------------------------------------

#: principal kind -> the per-event column that names it
PRINCIPAL_KINDS: dict[str, str] = {"end_user": "end_user", "api_key": "api_key_id"}
#: an account is profiled per principal of a kind when it names at least this many distinct ones
#: (an app platform's end users, an organisation's keys; one chat user setting ``user`` to itself
#: and an app with two or three keys stay whole)
PRINCIPAL_MIN: int = 4
#: the separator of a principal id's parts; a principal id starts with it
PRINCIPAL_SEP = "\x1f"


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace(PRINCIPAL_SEP, "\\x1f")


def _unescape(s: str) -> str:
    import re

    return re.sub(r"\\(\\|x1f)", lambda m: "\\" if m.group(1) == "\\" else PRINCIPAL_SEP, s)


def principal_id(kind: str, account_id: str, value: str) -> str:
    """The id under which a principal (an end user or API key of an account) is profiled:
    ``SEP kind SEP account SEP value``, the account and value escaped so the id splits back
    exactly (:func:`parse_principal`).

    Examples
    --------
    >>> pid = principal_id("end_user", "acct_1", "u\\x1f9")
    >>> parse_principal(pid)
    ('end_user', 'acct_1', 'u\x1f9')
    >>> parse_principal("acct_1") is None
    True
    """
    return PRINCIPAL_SEP + kind + PRINCIPAL_SEP + _escape(account_id) + PRINCIPAL_SEP + _escape(value)


def parse_principal(pid: str) -> tuple[str, str, str] | None:
    """``(kind, account_id, value)`` of a principal id, ``None`` for an account's own id."""
    if not pid.startswith(PRINCIPAL_SEP):
        return None
    parts = pid.split(PRINCIPAL_SEP)
    if len(parts) != 4 or parts[1] not in PRINCIPAL_KINDS:
        return None
    return parts[1], _unescape(parts[2]), _unescape(parts[3])


def is_principal(ids: Sequence[str]) -> np.ndarray:
    """Which ids are principal ids (vectorised over a list of ids)."""
    return np.fromiter((isinstance(a, str) and a.startswith(PRINCIPAL_SEP) for a in ids), dtype=bool, count=len(ids))


def _principal_expr(kind: str, account: ir.StringValue, value: ir.StringValue) -> ir.StringValue:
    import ibis

    def esc(x: ir.StringValue) -> ir.StringValue:
        return x.replace("\\", "\\\\").replace(PRINCIPAL_SEP, "\\x1f")

    return ibis.literal(PRINCIPAL_SEP + kind + PRINCIPAL_SEP) + esc(account) + ibis.literal(PRINCIPAL_SEP) + esc(value)


def principal_owners(e: E, prior: E | None = None) -> E:
    """(``account_id``, ``kind``): the accounts profiled per principal of each kind, over the
    events ``e`` and the accounts' own rows of ``prior`` (stored flags)."""
    import ibis

    parts = []
    for kind, col in PRINCIPAL_KINDS.items():
        src = e.select(a=e.account_id, v=e[col])
        if prior is not None:
            src = ibis.union(src, prior.select(a=prior.account_id, v=prior[col]), distinct=False)
        src = src.filter(src.v.notnull() & ~src.a.startswith(PRINCIPAL_SEP))
        g = src.group_by("a").aggregate(k=src.v.nunique())
        g = g.filter(g.k >= PRINCIPAL_MIN)
        parts.append(g.select(account_id=g.a, kind=ibis.literal(kind)))
    return ibis.union(*parts, distinct=False)


def with_principals(e: E, prior: E | None = None) -> E:
    """The events ``e``, and again every event of an account profiled per principal, once per
    principal kind, keyed by the principal's id (:func:`principal_id`).  ``prior``: the stored
    flags of earlier events (an incremental scan), which count towards an account's principals."""
    import ibis

    owners = principal_owners(e, prior)
    parts = [e]
    for kind, col in PRINCIPAL_KINDS.items():
        mine = owners.filter(owners.kind == kind)
        sub = e.filter(e[col].notnull())
        sub = sub.semi_join(mine, sub.account_id == mine.account_id)
        parts.append(sub.mutate(account_id=_principal_expr(kind, sub.account_id, sub[col])))
    return ibis.union(*parts, distinct=False)


def principal_owners_rows(rows: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """The Python twin of :func:`principal_owners` over per-event rows (accounts' own rows only)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        a = r["account_id"]
        if not isinstance(a, str) or a.startswith(PRINCIPAL_SEP):
            continue
        for kind, col in PRINCIPAL_KINDS.items():
            v = r.get(col)
            if v is not None:
                seen.setdefault((a, kind), set()).add(v)
    return {k for k, vs in seen.items() if len(vs) >= PRINCIPAL_MIN}


def principal_rows(rows: Sequence[Mapping[str, Any]], owners: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """The Python twin of :func:`with_principals`: each row of ``rows`` whose account is profiled
    per principal, again under the principal's id (the rows themselves are not repeated)."""
    out = []
    for kind, col in PRINCIPAL_KINDS.items():
        for r in rows:
            v = r.get(col)
            if v is not None and (r["account_id"], kind) in owners:
                out.append({**r, "account_id": principal_id(kind, r["account_id"], v)})
    return out


def _first_seen_flags(e: E, keys: Mapping[str, str], prior: E | None = None) -> E:
    """(``acct``, ``seq``: account and the event's place in its account's time order) →
    ``n_mask``: bit ``i`` set on the account's first event with each value of the ``i``-th key
    (not first where ``prior``, the earlier events' flags, already has the value for the account).
    Keyed by account as well: a request is one event of its account and one of each principal it
    belongs to (:func:`with_principals`).

    ``e`` carries ``_seq``, the row number in the account's order by (``ts_ms``, ``request_id``),
    so the first event per (account, value) is an integer minimum from a hash aggregate, not a
    sort per key, and deterministic on every engine.  Within one key an event is the first of at
    most one value, so the bits of a (account, seq) are distinct and their sum is their union.
    """
    import ibis

    parts = []
    for i, (_name, col) in enumerate(keys.items()):
        g = e.filter(e[col].notnull()).group_by(["account_id", col]).aggregate(s=e._seq.min())
        if prior is not None:
            seen = prior.filter(prior[col].notnull()).select("account_id", col).distinct()
            g = g.anti_join(seen, ["account_id", col])
        parts.append(g.select(acct=g.account_id, seq=g.s, bit=ibis.literal(1 << i, "int64")))
    u = ibis.union(*parts, distinct=False)
    return u.group_by(["acct", "seq"]).aggregate(n_mask=u.bit.sum())


def event_flags(e: E, prior: E | None = None) -> E:
    """The per-event columns (:func:`event_columns`, stored) with the stateful primitives added
    (:data:`STATEFUL_SCHEMA`): first-seen flags, the gap since the account's previous request,
    and the first time of the account and of its infrastructure (ASN or prefix, with user agent).
    Every event of an account with principals also appears once per principal it belongs to,
    keyed by the principal's id (:func:`with_principals`), so each principal gets the same
    profile, graph inputs and replay as an account.

    ``prior``: the stored flags of the account's earlier events, which the new events ``e``
    continue (an incremental scan): a value ``prior`` has seen is not first again, the first new
    request's gap is to the last earlier one, first times are over both.  Exact when every new
    event comes after the account's earlier ones.
    """
    import ibis

    e = with_principals(e, prior)
    # The state is computed on the few columns it reads, then joined to the events once: a
    # window or a join carries every column of its rows, and the events have a hundred.
    k = e.select(*dict.fromkeys(["account_id", "request_id", "ts_ms", "v_infra", *FIRST_SEEN_KEYS.values()]))
    # the one ordered window: each event's place in its account's time order, and the time of
    # the account's previous request
    acct = ibis.window(group_by=k.account_id, order_by=[k.ts_ms, k.request_id])
    k = k.mutate(_seq=ibis.row_number().over(acct), _prev=k.ts_ms.lag().over(acct))
    # The first event per (account, key) comes from hash aggregates, not sort-based windows:
    # one group-by per key, their first places unioned as one bit mask each, joined back once.
    firsts = _first_seen_flags(k, FIRST_SEEN_KEYS, prior)
    acct_first = k.group_by(a_acct=k.account_id).aggregate(v_acct_first=k.ts_ms.min())
    infra_first = k.group_by(i_acct=k.account_id, i_infra=k.v_infra).aggregate(v_infra_first=k.ts_ms.min())
    if prior is not None:
        pa_ = prior.group_by(a_acct=prior.account_id).aggregate(v_acct_first=prior.ts_ms.min())
        u = ibis.union(acct_first, pa_, distinct=False)
        acct_first = u.group_by("a_acct").aggregate(v_acct_first=u.v_acct_first.min())
        pi = prior.group_by(i_acct=prior.account_id, i_infra=prior.v_infra).aggregate(v_infra_first=prior.ts_ms.min())
        u = ibis.union(infra_first, pi, distinct=False)
        infra_first = u.group_by(["i_acct", "i_infra"]).aggregate(v_infra_first=u.v_infra_first.min())
    st = (
        k.left_join(firsts, [k.account_id == firsts.acct, k._seq == firsts.seq])
        .inner_join(acct_first, k.account_id == acct_first.a_acct)
        .inner_join(infra_first, [k.account_id == infra_first.i_acct, k.v_infra == infra_first.i_infra])
    )
    prev = st._prev
    if prior is not None:
        last = prior.group_by(l_acct=prior.account_id).aggregate(l_ts=prior.ts_ms.max())
        st = st.left_join(last, k.account_id == last.l_acct)
        prev = ibis.coalesce(st._prev, st.l_ts)
    mask = ibis.coalesce(st.n_mask, 0)
    st = st.select(
        s_acct=st.account_id,
        s_rid=st.request_id,
        **{f"n_{name}": (mask & (1 << i)) != 0 for i, name in enumerate(FIRST_SEEN_KEYS)},
        v_acct_first=st.v_acct_first,
        v_infra_first=st.v_infra_first,
        v_gap_raw=(st.ts_ms - prev).cast("float64") / 1000.0,
    )
    joined = e.inner_join(st, [e.account_id == st.s_acct, e.request_id == st.s_rid])
    # an explicit column list, not .drop(): Ibis's drop orders its EXCLUDE list by a set
    e = joined.select([c for c in joined.columns if c not in ("s_acct", "s_rid")])
    late = (e.v_infra_first - e.v_acct_first) >= LATE_INFRA_MS
    in_session = e.v_gap_raw.notnull() & (e.v_gap_raw < SESSION_GAP_S)
    gap = ibis.cases((in_session, e.v_gap_raw), else_=0.0)
    gap_log = ibis.cases((in_session, (e.v_gap_raw + 0.1).log10()), else_=0.0)
    return e.mutate(
        f_gap=in_session,
        f_rest=ibis.coalesce(e.v_gap_raw >= REST_GAP_S, False),
        f_late_infra=late,
        f_late_cue=late & e.f_cue_any,
        v_gap=gap,
        v_gap_log=gap_log,
        v_gap_sq=gap * gap,
        v_gap_log_sq=gap_log * gap_log,
        v_late_ts=ibis.cases((late, e.ts_ms), else_=ibis.null("int64")),
    )


def merge_buckets(stored: E, new: E) -> E:
    """New bucket profiles merged into the stored ones: every (account, bucket) the new rows
    touch, each field by its own merge (a partition boundary inside an hour merges two halves)."""
    import ibis

    touched = stored.semi_join(new, ["account_id", "bucket"])
    u = ibis.union(touched, new.select(stored.columns), distinct=False)
    return u.group_by(["account_id", "bucket"]).aggregate(**{f.name: f.merge_agg(u[f.name]) for f in PROFILE_FIELDS})


# ---------------------------------------------------------------------------------------------
# 3. aggregation: the field table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileField:
    """One profile field: the per-event column it aggregates and how (``merge``).

    ``source`` is a column of the per-event flags (booleans count as 0/1); ``None`` counts
    requests.  Sums are ``float64`` in the profile tables, minima and maxima ``int64`` (null where
    no event had a value).  The relational aggregation (:meth:`agg`), the merge of profiles
    (:meth:`merge_agg`, :meth:`merge_values`), the in-memory fold and one event's own profile all
    derive from these two attributes.
    """

    name: str
    merge: str  # sum | min | max
    source: str | None
    help: str
    default: float = 0.0

    # -- values (the fold; replay) ---------------------------------------------------------
    def zero(self) -> float:
        """The identity: ``nan``, SQL's ``NULL`` (a sum over no known value is unknown, not 0)."""
        return math.nan

    def merge_values(self, a: float, b: float) -> float:
        """Merge two values of this field (``nan`` is every merge's identity, as ``NULL`` in SQL)."""
        if math.isnan(a):
            return b
        if math.isnan(b):
            return a
        if self.merge == "sum":
            return a + b
        return min(a, b) if self.merge == "min" else max(a, b)

    # -- relational ------------------------------------------------------------------------
    def agg(self, e: E) -> ir.Value:
        import ibis.expr.types as ir

        if self.source is None:
            v: ir.Value = e.count()
        else:
            col = e[self.source]
            if self.merge == "sum":
                # summed as float64, what the profile keeps: counts and token sums are exact below
                # 2**53, and SQL engines' integer sums widen to 128 bits (~40 % of DuckDB's hour
                # bucket aggregate)
                v = col.cast("float64").sum()
            else:
                if isinstance(col, ir.BooleanValue):
                    col = col.cast("int64")
                v = col.min() if self.merge == "min" else col.max()
        return self.cast(v)

    def merge_agg(self, col: ir.Column) -> ir.Value:
        v = col.sum() if self.merge == "sum" else col.min() if self.merge == "min" else col.max()
        return self.cast(v)

    def cast(self, v: ir.Value) -> ir.Value:
        # sums of integers widen to HUGEINT/DECIMAL in SQL engines; profiles are plain float64/int64
        return v.cast("float64") if self.merge == "sum" else v.cast("int64")

    @property
    def arrow_type(self) -> pa.DataType:
        return pa.float64() if self.merge == "sum" else pa.int64()


_SUM_FLAGS: list[tuple[str, str, str]] = [
    ("prompt_known", "f_prompt_known", "requests whose prompt text or hash is known"),
    ("output_known", "f_output_known", "requests with output_tokens known"),
    ("params_known", "f_params_known", "requests with max_tokens known"),
    ("long_max_tokens", "f_long_max", "requests with max_tokens >= 4000"),
    ("multi_n", "f_multi_n", "requests asking for n > 1 completions"),
    ("logprob_requests", "f_logprob", "requests asking for logprobs or top_logprobs"),
    ("top_logprobs_high", "f_top_lp_high", "requests with top_logprobs >= 10"),
    ("logit_bias_requests", "f_logit_bias", "requests with a logit_bias map"),
    ("logit_bias_large", "f_logit_bias_large", "requests whose logit_bias names >= 50 tokens"),
    ("short_outputs", "f_short_out", "requests answered with <= 2 output tokens"),
    ("long_outputs", "f_long_out", "requests answered with >= 1000 output (incl. reasoning) tokens"),
    ("reasoning_high", "f_reasoning_high", "requests asking for high reasoning effort or a budget >= 8000"),
    ("temp_known", "f_temp_known", "requests with temperature known"),
    ("temp_zero", "f_temp_zero", "requests at temperature 0"),
    ("tools_requests", "f_tools", "requests that declare tools"),
    ("followups", "f_followup", "requests that continue a conversation (turn > 1)"),
    ("errors", "f_error", "requests answered with HTTP status >= 400"),
    ("rate_limited", "f_rate_limited", "requests answered with HTTP 429"),
    ("refusals", "f_refusal", "requests that ended in a refusal or content filter"),
    ("cue_cot", "cue_cot", "prompts eliciting chain-of-thought / reasoning traces"),
    ("cue_align", "cue_align", "prompts probing the model's own values, rules and refusals"),
    ("cue_datagen", "cue_datagen", "prompts asking to generate training data"),
    ("cue_sysprompt", "cue_sysprompt", "prompts trying to extract the system prompt"),
    ("cue_cot_sys", "cue_cot_sys", "requests whose system prompt asks for step-by-step reasoning"),
    ("gaps", "f_gap", "inter-arrival gaps shorter than an hour"),
    ("rests", "f_rest", "gaps of 4 hours or more (rests)"),
    ("late_infra", "f_late_infra", "requests from an ASN or /24 with a user agent first used >= 3 days after the account's first request"),
    ("late_cue", "f_late_cue", "late-infrastructure requests that carry an extraction cue"),
    ("new_days", "n_day", "distinct UTC days active (first-seen count)"),
    ("new_hours_of_day", "n_hour_of_day", "distinct UTC hours of the day (0-23) active (first-seen count)"),
    ("new_ips", "n_ip", "distinct IPs (first-seen count)"),
    ("new_prefixes", "n_prefix", "distinct IPv4 /24 or IPv6 /48 (first-seen count)"),
    ("new_asns", "n_asn", "distinct ASNs (first-seen count)"),
    ("new_uas", "n_ua", "distinct user agents (first-seen count)"),
    ("new_prompts", "n_prompt", "distinct normalised prompts (first-seen count)"),
    ("new_templates", "n_template", "distinct template fingerprints (first-seen count)"),
    ("new_prefix_fps", "n_prefix_fp", "distinct prompt-prefix fingerprints (first-seen count)"),
    ("new_suffix_fps", "n_suffix_fp", "distinct prompt-suffix fingerprints (first-seen count)"),
    ("new_topics", "n_topic", "distinct coarse topics (first-seen count)"),
    ("new_systems", "n_system", "distinct system prompts (first-seen count)"),
    ("new_conversations", "n_conversation", "distinct conversations (first-seen count)"),
]

PROFILE_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("requests", "sum", None, "requests"),
    *(ProfileField(n, "sum", c, h) for n, c, h in _SUM_FLAGS),
    *(ProfileField(col, "sum", f"f_cap_{col.removeprefix('cap_')}", f"requests tagged {cap}") for cap, col in CAPABILITY_COLUMNS.items()),
    ProfileField("input_tokens", "sum", "v_input_tokens", "prompt tokens billed"),
    ProfileField("output_tokens", "sum", "v_output_tokens", "completion tokens billed"),
    ProfileField("reasoning_tokens", "sum", "v_reasoning_tokens", "reasoning tokens billed"),
    ProfileField("completions", "sum", "v_n", "completions requested (n, 1 when absent)"),
    ProfileField("gap_sum", "sum", "v_gap", "sum of inter-arrival gaps under an hour (s)"),
    ProfileField("gap_sumsq", "sum", "v_gap_sq", "sum of squared gaps (s^2)"),
    ProfileField("gap_log_sum", "sum", "v_gap_log", "sum of log10(gap + 0.1)"),
    ProfileField("gap_log_sumsq", "sum", "v_gap_log_sq", "sum of squared log gaps"),
    ProfileField("active_buckets", "sum", "n_hour", "distinct hour buckets with activity (first-seen count)"),
    ProfileField("first_ts", "min", "ts_ms", "first request (epoch ms)", default=np.nan),
    ProfileField("last_ts", "max", "ts_ms", "last request (epoch ms)", default=np.nan),
    ProfileField("late_first_ts", "min", "v_late_ts", "first late-infrastructure request (epoch ms)", default=np.nan),
    ProfileField("top_logprobs_max", "max", "v_top_lp", "largest top_logprobs requested"),
    ProfileField("logit_bias_max", "max", "v_logit_bias", "largest logit_bias map"),
    ProfileField("max_tokens_max", "max", "v_max_tokens", "largest max_tokens requested"),
)

PROFILE_DEFAULTS: dict[str, float] = {f.name: f.default for f in PROFILE_FIELDS}
#: the per-event columns the profile fields read
PROFILE_SOURCES: tuple[str, ...] = tuple(dict.fromkeys(f.source for f in PROFILE_FIELDS if f.source))
#: ``account_profiles``: one row per account
PROFILE_SCHEMA: pa.Schema = pa.schema([pa.field("account_id", pa.string())] + [pa.field(f.name, f.arrow_type) for f in PROFILE_FIELDS])
#: ``profile_buckets``: one row per account and hour bucket
BUCKET_SCHEMA: pa.Schema = pa.schema(
    [pa.field("account_id", pa.string()), pa.field("bucket", pa.int64())] + [pa.field(f.name, f.arrow_type) for f in PROFILE_FIELDS]
)

#: boolean per-event columns of the per-event flags (usable as a detector's ``evidence``)
FLAG_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(c for _, c, _ in _SUM_FLAGS)) + (
    "f_cue_any",
    "f_harvest",
    "f_logit_evidence",
    "n_hour",
    "n_hour_of_day",
)


def bucket_profiles(flags: E, *, bucket: str = "bucket") -> E:
    """One profile row per (account, bucket): the single group-by of the design."""
    return flags.group_by(["account_id", bucket]).aggregate(**{f.name: f.agg(flags) for f in PROFILE_FIELDS})


def account_profiles(buckets: E) -> E:
    """Merge bucket profiles into one profile per account."""
    return buckets.group_by("account_id").aggregate(**{f.name: f.merge_agg(buckets[f.name]) for f in PROFILE_FIELDS})


def single_event_profiles(flags: pa.Table) -> dict[str, np.ndarray]:
    """Each event's own profile (``float64`` columns, one row per row of ``flags``): what the
    aggregation of :func:`bucket_profiles` gives over that event alone (replay inside a bucket)."""
    out: dict[str, np.ndarray] = {}
    n = flags.num_rows
    for f in PROFILE_FIELDS:
        if f.source is None:
            out[f.name] = np.ones(n)
            continue
        col = flags.column(f.source)
        if pa.types.is_boolean(col.type):
            col = pc.cast(col, pa.int64())
        out[f.name] = col.cast(pa.float64()).to_numpy(zero_copy_only=False)
    return out


# ---------------------------------------------------------------------------------------------
# 4. per-account inputs of the account graph
# ---------------------------------------------------------------------------------------------

#: ``account_values``: per account, edge kind and value, how many requests used it
VALUES_SCHEMA: pa.Schema = pa.schema([
    pa.field("account_id", pa.string()), pa.field("kind", pa.string()), pa.field("value", pa.string()), pa.field("c", pa.int64()),
])
#: ``account_wrappers``: per account and (opening, closing) phrase pair, the requests and their
#: distinct prompt hashes (sorted)
WRAPPERS_SCHEMA: pa.Schema = pa.schema([
    pa.field("account_id", pa.string()), pa.field("head", pa.string()), pa.field("tail", pa.string()),
    pa.field("c", pa.int64()), pa.field("prompts", pa.list_(pa.int64())),
])
#: ``sketch_elements``: the distinct elements of each account's sets (MinHash/LSH edge kinds)
ELEMENTS_SCHEMA: pa.Schema = pa.schema([pa.field("account_id", pa.string()), pa.field("kind", pa.string()), pa.field("e", pa.int64())])
#: ``account_sketches``: per account and set kind, its set size and MinHash signature
SKETCHES_SCHEMA: pa.Schema = pa.schema([
    pa.field("account_id", pa.string()), pa.field("kind", pa.string()), pa.field("n", pa.int64()), pa.field("sig", pa.list_(pa.uint64())),
])  # = features.sketches.SIGNATURES_SCHEMA
#: ``account_mth``: the time of each account's m-th request (its last where it made fewer)
MTH_SCHEMA: pa.Schema = pa.schema([pa.field("account_id", pa.string()), pa.field("mth_ts", pa.int64())])


def value_kinds() -> dict[str, str]:
    """Edge kinds counted per request from one per-event column: kind name -> column."""
    from distillguard.detectors.graph.edges import EDGE_KINDS

    return {k.name: k.column for k in EDGE_KINDS if k.level == "event"}


def account_values(flags: E) -> E:
    """Per account, edge kind and value: the number of requests that used the value."""
    import ibis

    parts = []
    for kind, col in value_kinds().items():
        sub = flags.filter(flags[col].notnull())
        g = sub.group_by(account_id=sub.account_id, value=sub[col].cast("string")).aggregate(c=sub.count())
        parts.append(g.select("account_id", kind=ibis.literal(kind), value=g.value, c=g.c.cast("int64")))
    return ibis.union(*parts, distinct=False)


def account_wrappers(flags: E) -> E:
    """Per account and wrapper phrase pair (``head_words``, ``tail_words``), its requests and
    their distinct prompt hashes: enough for the head and tail edge kinds and wrapper families."""
    sub = flags.filter(flags.head_words.notnull() | flags.tail_words.notnull())
    return sub.group_by(account_id=sub.account_id, head=sub.head_words, tail=sub.tail_words).aggregate(
        c=sub.count().cast("int64"),
        prompts=sub.prompt_hash.collect(distinct=True).sort(),
    )


def _elements(flags: E) -> list[tuple[str, ir.IntegerColumn]]:
    """Set kind -> per-event element columns (each with its encoding into one int64 space)."""
    return [
        ("near_duplicate", flags.v_nd_a),
        ("near_duplicate", flags.v_nd_b),
        ("lockstep", flags.v_w15 * 2),
        ("lockstep", flags.v_w15b * 2 + 1),
    ]


def sketch_elements(flags: E) -> E:
    """The distinct elements of every account's sets, per set kind (see ``scoring._graph_sets``)."""
    import ibis

    parts = [flags.select(account_id=flags.account_id, kind=ibis.literal(k), e=col.cast("int64")) for k, col in _elements(flags)]
    u = ibis.union(*parts, distinct=False)
    return u.filter(u.e.notnull()).distinct()


def element_values(row: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The Python twin of :func:`sketch_elements` for one per-event row."""
    out = []
    for kind, col, mul, add in (("near_duplicate", "v_nd_a", 1, 0), ("near_duplicate", "v_nd_b", 1, 0),
                                ("lockstep", "v_w15", 2, 0), ("lockstep", "v_w15b", 2, 1)):
        v = row.get(col)
        if v is not None:
            out.append((kind, int(v) * mul + add))
    return out


def mth_request(flags: E, m: int) -> E:
    """Per account, the time of its ``m``-th request in (time, id) order, or of its last one."""
    import ibis

    w = ibis.window(group_by=flags.account_id, order_by=[flags.ts_ms, flags.request_id])
    r = flags.select("account_id", "ts_ms", rn=ibis.row_number().over(w))
    r = r.filter(r.rn < m)
    return r.group_by("account_id").aggregate(mth_ts=r.ts_ms.max().cast("int64"))


# -- what a stored profile was computed with -------------------------------------------------------


def definition() -> str:
    """A fingerprint of the feature code (this module, the text features and lexicons, the
    sketches, the IP prefixes and the edge kinds): an engine's store records it, and a store built
    by other feature code is recomputed from its events rather than merged into."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=8)
    for rel in ("features/profile.py", "features/text.py", "features/_lexicons.py", "features/sketches.py",
                "events/_net.py", "detectors/graph/edges.py"):
        path = root / rel
        h.update(rel.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    return h.hexdigest()


# -- derived quantities shared by detectors, population statistics and reports ----------------------


def safe_div(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """``a / b`` with 0 where ``b`` is 0 (vectorised)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.zeros(np.broadcast(a, b).shape, dtype=float)
    np.divide(a, b, out=out, where=b != 0)
    return out


def derived(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Ratios every detector may use, computed from profile columns (vectorised)."""
    req = np.asarray(p["requests"], dtype=float)
    span_days = np.maximum((np.asarray(p["last_ts"], float) - np.asarray(p["first_ts"], float)) / DAY_MS, 0.0)
    span_days = np.nan_to_num(span_days)
    days = np.maximum(np.asarray(p["new_days"], float), 1.0)
    gaps = np.asarray(p["gaps"], float)
    mean_log = safe_div(p["gap_log_sum"], gaps)
    var_log = np.maximum(safe_div(p["gap_log_sumsq"], gaps) - mean_log**2, 0.0)
    mean_gap = safe_div(p["gap_sum"], gaps)
    var_gap = np.maximum(safe_div(p["gap_sumsq"], gaps) - mean_gap**2, 0.0)
    hours = np.asarray(p["new_hours_of_day"], dtype=float)
    return {
        "rate_per_day": req / days,
        "span_days": span_days,
        "active_days": days,
        "duty_cycle": safe_div(p["active_buckets"], days * 24.0),
        "hours_of_day": hours,
        "gap_mean_s": mean_gap,
        "gap_cv": safe_div(np.sqrt(var_gap), mean_gap),
        "gap_log_sd": np.sqrt(var_log),
        "out_per_req": safe_div(np.asarray(p["output_tokens"], float) + np.asarray(p["reasoning_tokens"], float), p["output_known"]),
        "distinct_prompt_ratio": safe_div(p["new_prompts"], p["prompt_known"]),
        "template_ratio": safe_div(p["new_templates"], p["prompt_known"]),
    }


def population_from_profiles(p: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """Quantiles of the population's account-level metrics (the :class:`Population` data)."""
    d = derived(p)
    req = np.asarray(p["requests"], dtype=float)
    metrics = {
        "requests": req,
        "rate_per_day": d["rate_per_day"],
        "out_per_req": d["out_per_req"],
        "output_tokens": np.asarray(p["output_tokens"], float) + np.asarray(p["reasoning_tokens"], float),
    }
    q: dict[str, dict[str, float]] = {}
    for name, arr in metrics.items():
        arr = arr[np.isfinite(arr)]
        if arr.size == 0:
            continue
        p50, p90, p99 = np.quantile(arr, [0.5, 0.9, 0.99])
        q[name] = {"p50": float(p50), "p90": float(p90), "p99": float(p99), "max": float(arr.max())}
    return {"n_accounts": int(req.size), "quantiles": q}
