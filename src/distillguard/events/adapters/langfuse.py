"""Langfuse exports (observations, with or without their traces) → canonical events.

Reads, as JSON Lines, a JSON array, one JSON document, CSV or Parquet:

* pages of the public API, ``GET /api/public/observations`` (and ``/traces``):
  ``{"data": [...], "meta": {"page": …, "totalItems": …}}``;
* a trace with its observations: the UI's download ``{"trace": {...}, "observations": [...]}``
  and ``GET /api/public/traces/{id}`` (a trace whose ``observations`` are objects);
* flat observation rows (the UI's table export, blob-storage exports), with trace rows mixed in.

Only ``GENERATION`` (and ``EMBEDDING``) observations are model calls; spans, events, tools and the
traces themselves are not events.  A trace (no ``type``, no ``traceId``, a ``timestamp`` rather
than a ``startTime``) lends its ``userId``/``sessionId`` to its observations, wherever in the file
it appears before them.

Mapping:

=================  ================================================================================
``ts``             ``startTime``
``request_id``     ``id``
``account_id``     ``userId`` of the trace (or the observation) → ``metadata.user_id``/``userId`` →
                   the key hash LiteLLM logs (``metadata.user_api_key_hash``) → the project
                   (``projectId``, else ``environment``), with a note: a trace without a user is
                   the application's own traffic (choose with ``--account-key``)
``end_user``       ``userId``: the application's end user, as the application reports it
``api_key_id``     ``metadata.user_api_key_hash`` / ``metadata.user_api_key`` (LiteLLM's logger)
``conversation_id`` ``sessionId`` (likewise), else ``traceId``
``model``          ``model`` (``providedModelName``)
``temperature`` …  ``modelParameters`` (values are strings, numbers, booleans or string lists;
                   maps arrive as their text): ``temperature``, ``top_p``, ``max_tokens``
                   (``max_completion_tokens``, ``maxTokens``), ``n``, ``logprobs``,
                   ``top_logprobs``, ``logit_bias`` (counted, JSON or Python literal text),
                   ``tools`` (counted), ``reasoning_effort``, ``stream``; ``seed`` is kept
``prompt``/``system`` last user / system messages of ``input`` (a list, ``{"messages": …}`` or text)
``response``       visible text of ``output`` (a message, a list of choices or text)
``input_tokens``   ``usageDetails.input`` → ``usage.input`` → ``promptTokens``; ``output_tokens``
                   likewise with ``output``/``completionTokens``; ``reasoning_tokens`` from
                   ``usageDetails.output_reasoning``/``reasoning``
``ip``/``user_agent`` ``metadata.requester_ip_address`` / ``metadata.user_agent`` where a gateway
                   logged them
``status``         500 when ``level`` is ``ERROR``
``latency_ms``     ``endTime`` − ``startTime`` (or ``latency`` seconds × 1000)
=================  ================================================================================

``traceId``, ``name``, ``level``, ``statusMessage``, ``environment``, ``calculatedTotalCost``,
``version`` and ``seed`` are kept in ``attrs``.  Langfuse records no client address or user agent
of its own: without a gateway's metadata the infrastructure links (shared /24, ASN, user agent)
abstain.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from distillguard.events.adapters._common import (
    AdapterError,
    count_items,
    count_user_turns,
    first,
    maybe_json,
    note,
    shielded,
    source_format,
    split_messages,
    to_ms,
    visible_text,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["is_trace", "observation_to_event", "records"]

_KEEP = ("traceId", "name", "level", "statusMessage", "environment", "calculatedTotalCost", "version")
_MODEL_CALLS = frozenset({"GENERATION", "EMBEDDING"})


def _dict(v: Any) -> dict[str, Any]:
    v = maybe_json(v)
    return dict(v) if isinstance(v, Mapping) else {}


def _response(out: Any) -> tuple[str | None, Any]:
    out = maybe_json(out)
    if isinstance(out, str):
        return out, None
    if isinstance(out, list) and out:
        out = out[-1]
    if isinstance(out, Mapping):
        if "choices" in out and isinstance(out["choices"], list) and out["choices"]:
            c0 = out["choices"][0]
            msg = c0.get("message", {}) if isinstance(c0, Mapping) else {}
            text = visible_text(msg.get("content") if isinstance(msg, Mapping) else msg)
            return text, c0.get("finish_reason") if isinstance(c0, Mapping) else None
        if "message" in out and isinstance(out["message"], Mapping):
            return visible_text(out["message"].get("content")), out.get("finish_reason")
        return visible_text(first(out.get("content"), out.get("text"))), out.get("finish_reason")
    return None, None


def is_trace(o: Mapping[str, Any]) -> bool:
    """Whether a row is a trace (not an observation): no ``type``, no ``traceId``, no ``startTime``."""
    return o.get("type") in (None, "") and o.get("traceId") in (None, "") and o.get("startTime") in (None, "") and "id" in o


def observation_to_event(o: Mapping[str, Any], trace: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """One observation as a canonical event row (``None`` unless it is a model call).

    ``trace`` is the observation's trace (``userId``, ``sessionId``) where it is known.

    Raises
    ------
    AdapterError
        An unreadable ``startTime``.
    """
    kind = o.get("type")
    if kind is not None and str(kind).upper() not in _MODEL_CALLS:
        return None
    tr = dict(trace or {})
    tr.update({k: v for k, v in _dict(o.get("trace")).items() if v not in (None, "")})
    meta = _dict(o.get("metadata"))
    params = _dict(o.get("modelParameters"))
    details = _dict(o.get("usageDetails"))
    usage = _dict(o.get("usage"))
    start = to_ms(o.get("startTime"), "startTime")
    try:
        end = to_ms(o.get("endTime"), "endTime")
    except AdapterError:
        end = None
    latency = o.get("latency")
    inp = maybe_json(o.get("input"))
    if isinstance(inp, Mapping) and "messages" in inp:
        inp = inp["messages"]
    system, prompt = split_messages(inp) if inp is not None else (None, None)
    response, finish = _response(o.get("output"))
    level = o.get("level")
    user = first(o.get("userId"), tr.get("userId"), meta.get("user_id"), meta.get("userId"), meta.get("user_api_key_user_id"))
    key = first(meta.get("user_api_key_hash"), meta.get("user_api_key"))
    budget = _dict(params.get("thinking")).get("budget_tokens")

    row: dict[str, Any] = {
        "ts": o.get("startTime"),
        "request_id": o.get("id"),
        "account_id": first(user, key),
        "end_user": first(o.get("userId"), tr.get("userId"), meta.get("user_api_key_end_user_id")),
        "api_key_id": key,
        "ip": first(meta.get("requester_ip_address"), meta.get("ip")),
        "user_agent": first(meta.get("user_agent"), _dict(meta.get("headers")).get("user-agent")),
        "conversation_id": first(o.get("sessionId"), tr.get("sessionId"), meta.get("session_id"), o.get("traceId")),
        "model": first(o.get("model"), o.get("providedModelName")),
        "endpoint": "embedding" if str(kind).upper() == "EMBEDDING" else ("chat" if isinstance(inp, list) else None),
        "turn": count_user_turns(inp),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": first(details.get("input"), usage.get("input"), o.get("promptTokens"), o.get("inputUsage")),
        "output_tokens": first(details.get("output"), usage.get("output"), o.get("completionTokens"), o.get("outputUsage")),
        "reasoning_tokens": first(details.get("output_reasoning"), details.get("reasoning"), details.get("reasoning_tokens")),
        "temperature": params.get("temperature"),
        "top_p": first(params.get("top_p"), params.get("topP")),
        "max_tokens": first(params.get("max_tokens"), params.get("max_completion_tokens"), params.get("maxTokens")),
        "n": params.get("n"),
        "logprobs": params.get("logprobs"),
        "top_logprobs": params.get("top_logprobs"),
        "logit_bias_n": count_items(params.get("logit_bias")),
        "reasoning": first(params.get("reasoning_effort"), _dict(params.get("reasoning")).get("effort"), str(budget) if budget else None),
        "tools_n": count_items(params.get("tools")),
        "stream": params.get("stream"),
        "finish_reason": finish,
        "status": 500 if isinstance(level, str) and level.upper() == "ERROR" else None,
        "latency_ms": (end - start) if start is not None and end is not None
        else (float(latency) * 1000 if isinstance(latency, (int, float)) and not isinstance(latency, bool) else None),
    }
    if row["account_id"] is None:
        project = first(o.get("projectId"), tr.get("projectId"), o.get("environment"), tr.get("environment"))
        if project is not None:
            row["account_id"] = f"langfuse-project:{project}"
            note(row, "account_id is the Langfuse project: the trace names no user; choose with --account-key")
    elif user is None:
        note(row, "account_id is the API key hash (the trace names no user)")
    for k in _KEEP:
        v = o.get(k)
        if v not in (None, ""):
            row[k] = v
    if params.get("seed") not in (None, ""):
        row["seed"] = params["seed"]
    return row


def _trace_context(t: Mapping[str, Any]) -> dict[str, Any]:
    return {k: t.get(k) for k in ("userId", "sessionId", "projectId", "environment") if t.get(k) not in (None, "")}


def _units(doc: Any) -> Iterator[tuple[Any, dict[str, Any] | None]]:
    """(observation or trace row, context of the trace it came with) of one parsed record."""
    if isinstance(doc, Mapping) and isinstance(doc.get("data"), list) and "id" not in doc:
        for item in doc["data"]:  # an API page: {"data": [...], "meta": {...}}
            yield from _units(item)
        return
    if isinstance(doc, Mapping) and isinstance(doc.get("trace"), Mapping) and isinstance(doc.get("observations"), list):
        ctx = _trace_context(doc["trace"])  # the UI's download
        for o in doc["observations"]:
            yield o, ctx
        return
    if isinstance(doc, Mapping) and is_trace(doc) and isinstance(doc.get("observations"), list):
        ctx = _trace_context(doc)  # GET /traces/{id}: observations are objects, or ids
        yield doc, None
        for o in doc["observations"]:
            if isinstance(o, Mapping):
                yield o, ctx
        return
    yield doc, None


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of a Langfuse export (see module docs)."""
    traces: dict[str, dict[str, Any]] = {}
    for line, doc, raw in iter_records(path, fmt=source_format(path)):
        if isinstance(doc, BadRecord):
            yield line, doc, raw
            continue
        for o, ctx in _units(doc):
            shown = raw if raw is not None and o is doc else o
            if not isinstance(o, Mapping):
                yield line, BadRecord("not a Langfuse observation object"), shown
                continue
            with shielded() as bad:
                if is_trace(o):
                    traces[str(o["id"])] = _trace_context(o)
                    continue
                row = observation_to_event(o, ctx if ctx is not None else traces.get(str(o.get("traceId"))))
            if bad:
                yield line, bad[0], shown
            elif row is not None:
                yield line, row, shown
