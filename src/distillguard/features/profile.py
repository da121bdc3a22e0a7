"""Per-account mergeable profiles.

A *profile* summarises an account's requests over a time bucket (an hour by default).  Every
field is a sum, a minimum, a maximum or a bitwise OR, so two profiles of the same account merge
into the profile of their union, and the running (cumulative) profile of an account at any moment
is the merge of its buckets so far.  Distinct counts (IPs, prompts, templates, …) stay mergeable
through the *first-seen* trick: an event adds 1 to ``new_ips`` when it is the account's first
event from that IP, so summing ``new_ips`` over buckets gives the number of distinct IPs so far.

The relational code is written once, as Ibis expressions, so it compiles to DuckDB (the default
engine) and to PySpark without a second copy.  The per-field definitions live in
:data:`PROFILE_FIELDS`; the online service and the reference engine use the same table.

Examples
--------
>>> [f.name for f in PROFILE_FIELDS][:3]
['requests', 'prompt_known', 'output_known']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np

__all__ = [
    "BUCKET_MS",
    "CAPABILITY_COLUMNS",
    "FLAG_COLUMNS",
    "PROFILE_DEFAULTS",
    "PROFILE_FIELDS",
    "ProfileField",
    "account_profiles",
    "bucket_profiles",
    "cumulative_profiles",
    "derived",
    "enriched_events",
    "flag_events",
    "keyed_events",
    "population_from_profiles",
]

HOUR_MS = 3_600_000
DAY_MS = 86_400_000
BUCKET_MS = HOUR_MS
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

E = ir.Table
Agg = Callable[[E], ir.Value]


@dataclass(frozen=True)
class ProfileField:
    """One profile field: how a bucket computes it from enriched events, and how buckets merge."""

    name: str
    merge: str  # sum | min | max
    agg: Agg
    help: str
    default: float = 0.0


def _count(flag: str) -> Agg:
    return lambda e: e[flag].cast("int64").sum()


def _sum(col: str) -> Agg:
    return lambda e: e[col].sum()


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
    ProfileField("requests", "sum", lambda e: e.count(), "requests"),
    *(ProfileField(n, "sum", _count(c), h) for n, c, h in _SUM_FLAGS),
    *(ProfileField(col, "sum", (lambda c: lambda e: (e.capability == c).cast("int64").sum())(cap), f"requests tagged {cap}")
      for cap, col in CAPABILITY_COLUMNS.items()),
    ProfileField("input_tokens", "sum", _sum("v_input_tokens"), "prompt tokens billed"),
    ProfileField("output_tokens", "sum", _sum("v_output_tokens"), "completion tokens billed"),
    ProfileField("reasoning_tokens", "sum", _sum("v_reasoning_tokens"), "reasoning tokens billed"),
    ProfileField("completions", "sum", _sum("v_n"), "completions requested (n, 1 when absent)"),
    ProfileField("gap_sum", "sum", _sum("v_gap"), "sum of inter-arrival gaps under an hour (s)"),
    ProfileField("gap_sumsq", "sum", lambda e: (e.v_gap * e.v_gap).sum(), "sum of squared gaps (s^2)"),
    ProfileField("gap_log_sum", "sum", _sum("v_gap_log"), "sum of log10(gap + 0.1)"),
    ProfileField("gap_log_sumsq", "sum", lambda e: (e.v_gap_log * e.v_gap_log).sum(), "sum of squared log gaps"),
    ProfileField("active_buckets", "sum", _count("n_hour"), "distinct hour buckets with activity (first-seen count)"),
    ProfileField("first_ts", "min", lambda e: e.ts_ms.min(), "first request (epoch ms)", default=np.nan),
    ProfileField("last_ts", "max", lambda e: e.ts_ms.max(), "last request (epoch ms)", default=np.nan),
    ProfileField("late_first_ts", "min", lambda e: e.v_late_ts.min(), "first late-infrastructure request (epoch ms)", default=np.nan),
    ProfileField("top_logprobs_max", "max", lambda e: e.v_top_lp.max(), "largest top_logprobs requested"),
    ProfileField("logit_bias_max", "max", lambda e: e.v_logit_bias.max(), "largest logit_bias map"),
    ProfileField("max_tokens_max", "max", lambda e: e.v_max_tokens.max(), "largest max_tokens requested"),
)

PROFILE_DEFAULTS: dict[str, float] = {f.name: f.default for f in PROFILE_FIELDS}

#: boolean per-event columns of the enriched events (usable as a detector's ``evidence``)
FLAG_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(c for _, c, _ in _SUM_FLAGS)) + (
    "f_cue_any",
    "f_harvest",
    "f_logit_evidence",
    "n_hour",
    "n_hour_of_day",
)


#: first-seen flags: name -> column of the enriched events whose distinct values are counted
_FIRST_SEEN_KEYS: dict[str, str] = {
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


def _first_seen_flags(e: E, keys: Mapping[str, str]) -> E:
    """``rid`` (request id) → ``n_<name>``: true on the account's first event with each key value.

    Ties in time break on ``request_id`` (the order key is the zero-padded ``ts_ms`` followed
    by the id), so the result is deterministic on every engine.
    """
    order = e.ts_ms.cast("string").lpad(16, "0") + "|" + e.request_id
    parts = []
    for name, col in keys.items():
        g = e.filter(e[col].notnull()).group_by(["account_id", col]).aggregate(o=order.min())
        parts.append(g.select(rid=g.o.substr(17), tag=ibis.literal(name)))
    u = ibis.union(*parts, distinct=False)
    return u.group_by("rid").aggregate(**{f"n_{name}": (u.tag == name).any() for name in keys})


def enriched_events(events: E, features: E) -> E:
    """Events joined with their text features, plus the per-event flags profiles count.

    Equal to ``flag_events(keyed_events(events, features))``.

    ``features`` has ``request_id`` and the text-feature columns (see
    :mod:`distillguard.features.text`).  The result keeps ``request_id``, ``account_id``,
    ``ts_ms``, ``bucket`` and the ``f_*``/``n_*``/``v_*``/``cue_*`` columns, which detectors name
    as their ``evidence`` column.
    """
    return flag_events(keyed_events(events, features))


def keyed_events(events: E, features: E) -> E:
    """Narrow events joined with their text features, with the grouping keys profiles use."""
    # Windows sort whole rows: drop the big text columns before anything else (a 1 KB prompt
    # carried through a dozen sorts costs more than all the arithmetic).
    big = {"prompt", "system", "response", "attrs", "source_file", "source_line", "prompt_sha256", "ts"}
    narrow = events.select(
        *[c for c in events.columns if c not in big],
        v_text_known=events.prompt.notnull() | events.prompt_sha256.notnull(),
    )
    feats = features.rename(f_request_id="request_id")
    j = narrow.left_join(feats, narrow.request_id == feats.f_request_id)
    e = j.select([c for c in j.columns if c != "f_request_id"])
    ip = e.ip
    v4 = ip.re_extract(r"^(\d+\.\d+\.\d+)\.\d+$", 1)
    v6 = ip.re_extract(r"^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)", 1)
    prefix = ibis.cases((v4 != "", v4), (ip.contains(":") & (v6 != ""), v6.lower()), else_=ip)
    infra = ibis.coalesce(e.asn.cast("string"), prefix, ibis.literal("?")) + "|" + ibis.coalesce(e.user_agent, ibis.literal("?"))
    e = e.mutate(
        bucket=(e.ts_ms // BUCKET_MS).cast("int64"),
        v_day=(e.ts_ms // DAY_MS).cast("int64"),
        v_prefix=prefix,
        v_infra=infra,
        v_prompt_key=e.prompt_hash,  # the text features hash prompt_sha256 where the text is absent
    )
    e = e.mutate(
        v_hour=(e.ts_ms // HOUR_MS).cast("int64"),
        v_hour_of_day=((e.ts_ms // HOUR_MS) % 24).cast("int64"),
    )
    return e


def flag_events(e: E) -> E:
    """The per-event flags over :func:`keyed_events` (materialise that first on big inputs:
    it is read once per first-seen key)."""
    # The first event per (account, key) comes from hash aggregates, not sort-based windows:
    # one group-by per key, their first request ids unioned, pivoted and joined back once.
    firsts = _first_seen_flags(e, _FIRST_SEEN_KEYS)
    acct_first = e.group_by(a_acct=e.account_id).aggregate(v_acct_first=e.ts_ms.min())
    infra_first = e.group_by(i_acct=e.account_id, i_infra=e.v_infra).aggregate(v_infra_first=e.ts_ms.min())
    joined = (
        e.left_join(firsts, e.request_id == firsts.rid)
        .inner_join(acct_first, e.account_id == acct_first.a_acct)
        .inner_join(infra_first, [e.account_id == infra_first.i_acct, e.v_infra == infra_first.i_infra])
    )
    # an explicit column list, not .drop(): Ibis's drop orders its EXCLUDE list by a set
    e = joined.select([c for c in joined.columns if c not in ("rid", "a_acct", "i_acct", "i_infra")])
    e = e.mutate(**{f"n_{name}": ibis.coalesce(e[f"n_{name}"], False) for name in _FIRST_SEEN_KEYS})
    # the one ordered window left: the gap since the account's previous request
    acct = ibis.window(group_by=e.account_id, order_by=[e.ts_ms, e.request_id])
    e = e.mutate(v_gap_raw=(e.ts_ms - e.ts_ms.lag().over(acct)).cast("float64") / 1000.0)
    reasoning_budget = e.reasoning.try_cast("int64")
    cue_any = (
        ibis.coalesce(e.cue_cot, False) | ibis.coalesce(e.cue_align, False)
        | ibis.coalesce(e.cue_datagen, False) | ibis.coalesce(e.cue_sysprompt, False)
    )
    late = (e.v_infra_first - e.v_acct_first) >= LATE_INFRA_MS
    in_session = e.v_gap_raw.notnull() & (e.v_gap_raw < SESSION_GAP_S)
    total_out = ibis.coalesce(e.output_tokens, 0) + ibis.coalesce(e.reasoning_tokens, 0)
    e = e.mutate(
        f_prompt_known=e.v_text_known,
        f_output_known=e.output_tokens.notnull(),
        f_params_known=e.max_tokens.notnull(),
        f_long_max=ibis.coalesce(e.max_tokens >= 4000, False),
        f_multi_n=ibis.coalesce(e.n > 1, False),
        f_logprob=ibis.coalesce(e.logprobs, False) | ibis.coalesce(e.top_logprobs > 0, False),
        f_top_lp_high=ibis.coalesce(e.top_logprobs >= 10, False),
        f_logit_bias=ibis.coalesce(e.logit_bias_n > 0, False),
        f_logit_bias_large=ibis.coalesce(e.logit_bias_n >= 50, False),
        f_short_out=ibis.coalesce(e.output_tokens <= 2, False),
        f_long_out=e.output_tokens.notnull() & (total_out >= 1000),
        f_reasoning_high=ibis.coalesce(e.reasoning.lower().isin(["high", "xhigh", "max"]), False)
        | ibis.coalesce(reasoning_budget >= 8000, False),
        f_temp_known=e.temperature.notnull(),
        f_temp_zero=ibis.coalesce(e.temperature == 0, False),
        f_tools=ibis.coalesce(e.tools_n > 0, False),
        f_followup=ibis.coalesce(e.turn > 1, False),
        f_error=ibis.coalesce(e.status >= 400, False),
        f_rate_limited=ibis.coalesce(e.status == 429, False),
        f_refusal=ibis.coalesce(e.finish_reason.lower().isin(["refusal", "content_filter"]), False),
        f_gap=in_session,
        f_rest=ibis.coalesce(e.v_gap_raw >= REST_GAP_S, False),
        f_late_infra=late,
        f_late_cue=late & cue_any,
        f_cue_any=cue_any,
        f_harvest=ibis.coalesce(e.max_tokens >= 4000, False) | ibis.coalesce(e.n > 1, False) | e.output_tokens.notnull() & (total_out >= 1000),
        f_logit_evidence=ibis.coalesce(e.top_logprobs >= 10, False) | ibis.coalesce(e.logit_bias_n > 0, False),
        v_input_tokens=ibis.coalesce(e.input_tokens, 0),
        v_output_tokens=ibis.coalesce(e.output_tokens, 0),
        v_reasoning_tokens=ibis.coalesce(e.reasoning_tokens, 0),
        v_n=ibis.coalesce(e.n, 1),
        v_gap=ibis.cases((in_session, e.v_gap_raw), else_=0.0),
        v_gap_log=ibis.cases((in_session, (e.v_gap_raw + 0.1).log10()), else_=0.0),
        v_late_ts=ibis.cases((late, e.ts_ms), else_=ibis.null("int64")),
        v_top_lp=ibis.coalesce(e.top_logprobs, 0),
        v_logit_bias=ibis.coalesce(e.logit_bias_n, 0),
        v_max_tokens=ibis.coalesce(e.max_tokens, 0),
    )
    return e


def bucket_profiles(enriched: E, *, bucket: str = "bucket") -> E:
    """One profile row per (account, bucket): the single group-by of the design."""
    aggs = {f.name: _as_number(f, f.agg(enriched)) for f in PROFILE_FIELDS}
    return enriched.group_by(["account_id", bucket]).aggregate(**aggs)


def _as_number(f: ProfileField, v: ir.Value) -> ir.Value:
    # sums of integers widen to HUGEINT/DECIMAL in SQL engines; profiles are plain float64/int64
    return v.cast("float64") if f.merge == "sum" else v.cast("int64")


def _merge(col: ir.Column, how: str) -> ir.Value:
    if how == "sum":
        return col.sum()
    if how == "min":
        return col.min()
    if how == "max":
        return col.max()
    raise ValueError(how)


def account_profiles(buckets: E) -> E:
    """Merge bucket profiles into one profile per account."""
    return buckets.group_by("account_id").aggregate(
        **{f.name: _as_number(f, _merge(buckets[f.name], f.merge)) for f in PROFILE_FIELDS}
    )


def cumulative_profiles(buckets: E, *, bucket: str = "bucket") -> E:
    """Each account's running profile after each of its buckets (for replay in time order)."""
    w = ibis.cumulative_window(group_by=buckets.account_id, order_by=buckets[bucket])
    return buckets.select(
        "account_id", bucket, **{f.name: _as_number(f, _merge(buckets[f.name], f.merge).over(w)) for f in PROFILE_FIELDS}
    )


# -- derived quantities shared by detectors, population statistics and reports ----------------------


def derived(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Ratios every detector may use, computed from profile columns (vectorised)."""
    from distillguard.detectors.base import safe_div

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
