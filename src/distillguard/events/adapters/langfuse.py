"""Langfuse exports (observations, optionally with their traces) → canonical events.

Reads the observations export of the Langfuse UI or API (``GET /api/public/observations``, the
blob-storage export), as JSON Lines, a JSON array (also ``{"data": [...]}`` pages), CSV or Parquet.
Only ``GENERATION`` observations are model calls; spans, events and traces are not events.
Trace rows in the same file (``type`` absent, no ``traceId``) lend their ``userId``/``sessionId``
to the generations that follow them.

Mapping:

=================  ================================================================================
``ts``             ``startTime``
``request_id``     ``id``
``account_id``     ``userId`` → ``trace.userId`` → ``metadata.user_id``/``userId`` → the
                   ``userId`` of a trace row seen earlier in the file
``conversation_id`` ``sessionId`` (likewise), else ``traceId``
``model``          ``model`` (``providedModelName``)
``temperature`` …  ``modelParameters``: ``temperature``, ``top_p``, ``max_tokens``
                   (``max_completion_tokens``, ``maxTokens``), ``n``, ``logprobs``,
                   ``top_logprobs``, ``reasoning_effort``, ``stream`` (values are often strings)
``prompt``/``system`` last user / system messages of ``input`` (a list, ``{"messages": …}`` or text)
``response``       ``output`` (a message, a list of choices or text)
``input_tokens``   ``usageDetails.input`` → ``usage.input`` → ``promptTokens``; ``output_tokens``
                   likewise with ``output``/``completionTokens``; ``reasoning_tokens`` from
                   ``usageDetails.output_reasoning``/``reasoning``
``status``         500 when ``level`` is ``ERROR``
``latency_ms``     ``endTime`` − ``startTime`` (or ``latency`` seconds × 1000)
=================  ================================================================================

``traceId``, ``name``, ``level``, ``statusMessage``, ``environment`` and ``calculatedTotalCost``
are kept in ``attrs``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from distillguard.events.adapters._common import (
    AdapterError,
    count_user_turns,
    first,
    maybe_json,
    message_text,
    source_format,
    split_messages,
    to_ms,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["observation_to_event", "records"]

_KEEP = ("traceId", "name", "level", "statusMessage", "environment", "calculatedTotalCost", "version")


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
            return message_text(msg.get("content") if isinstance(msg, Mapping) else msg), c0.get("finish_reason") if isinstance(c0, Mapping) else None
        if "message" in out and isinstance(out["message"], Mapping):
            return message_text(out["message"].get("content")), out.get("finish_reason")
        return message_text(out.get("content", out.get("text"))), out.get("finish_reason")
    return None, None


def observation_to_event(o: Mapping[str, Any], trace: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """One observation as a canonical event row (``None`` unless it is a generation).

    ``trace`` is the observation's trace (``userId``, ``sessionId``) where it is known.

    Raises
    ------
    AdapterError
        An unreadable ``startTime``/``endTime``.
    """
    kind = o.get("type")
    if kind is not None and str(kind).upper() != "GENERATION":
        return None
    tr = dict(trace or {})
    tr.update(_dict(o.get("trace")))
    meta = _dict(o.get("metadata"))
    params = _dict(o.get("modelParameters"))
    details = _dict(o.get("usageDetails"))
    usage = _dict(o.get("usage"))
    start = to_ms(o.get("startTime"), "startTime")
    end = to_ms(o.get("endTime"), "endTime")
    latency = o.get("latency")
    inp = maybe_json(o.get("input"))
    if isinstance(inp, Mapping) and "messages" in inp:
        inp = inp["messages"]
    system, prompt = split_messages(inp) if inp is not None else (None, None)
    response, finish = _response(o.get("output"))
    level = o.get("level")

    row: dict[str, Any] = {
        "ts": start,
        "request_id": o.get("id"),
        "account_id": first(o.get("userId"), tr.get("userId"), meta.get("user_id"), meta.get("userId")),
        "conversation_id": first(o.get("sessionId"), tr.get("sessionId"), meta.get("session_id"), o.get("traceId")),
        "model": first(o.get("model"), o.get("providedModelName")),
        "endpoint": "chat" if isinstance(inp, list) else None,
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
        "reasoning": params.get("reasoning_effort"),
        "stream": params.get("stream"),
        "finish_reason": finish,
        "status": 500 if isinstance(level, str) and level.upper() == "ERROR" else None,
        "latency_ms": (end - start) if start is not None and end is not None
        else (float(latency) * 1000 if isinstance(latency, (int, float)) else None),
    }
    for k in _KEEP:
        v = o.get(k)
        if v not in (None, ""):
            row[k] = v
    return row


def _is_trace(o: Mapping[str, Any]) -> bool:
    return o.get("type") is None and "traceId" not in o and ("userId" in o or "sessionId" in o)


def _rows(doc: Any) -> Iterator[Any]:
    if isinstance(doc, Mapping) and isinstance(doc.get("data"), list):
        yield from doc["data"]  # an API page: {"data": [...], "meta": {...}}
    else:
        yield doc


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of a Langfuse observations export (see module docs)."""
    traces: dict[str, dict[str, Any]] = {}
    for line, doc, raw in iter_records(path, fmt=source_format(path), whole_documents=True):
        if isinstance(doc, BadRecord):
            yield line, doc, raw
            continue
        for o in _rows(doc):
            shown = raw if raw is not None and o is doc else o
            if not isinstance(o, Mapping):
                yield line, BadRecord("not a Langfuse observation object"), shown
                continue
            if _is_trace(o):
                if o.get("id") is not None:
                    traces[str(o["id"])] = {"userId": o.get("userId"), "sessionId": o.get("sessionId")}
                continue
            try:
                row = observation_to_event(o, traces.get(str(o.get("traceId"))))
            except AdapterError as exc:
                yield line, exc.bad(), shown
                continue
            if row is not None:
                yield line, row, shown
