"""Adapters: map logs that users already have onto the canonical event format.

Each adapter is a module with ``records(path) -> Iterator[Record]`` that yields canonical event
rows (plain dicts, :data:`~distillguard.events.readers.Record` tuples with line and raw text);
the readers then validate them exactly as they validate canonical files.  Pick one with
``--format NAME`` (``ingest(..., format=NAME)``), or let :func:`sniff` recognise it from a
file's first rows (``--format auto``).  ``docs/formats.md`` has each one's field mapping.

=============  ===========================================================================
``otel``       OpenTelemetry GenAI spans (OTLP JSON, span-per-line JSON), old and new names
``litellm``    LiteLLM ``LiteLLM_SpendLogs`` rows (DB export, ``/spend/logs``) and
               ``StandardLoggingPayload`` objects
``langfuse``   Langfuse observations (API pages, the UI's trace download, flat exports)
``openai``     raw OpenAI request + response pairs (gateway captures, VCR cassettes)
``anthropic``  raw Anthropic request + response pairs (same reader as ``openai``)
=============  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from distillguard.events.adapters import langfuse, litellm, otel, raw
from distillguard.events.readers import Record

__all__ = ["ADAPTERS", "sniff"]

#: format name → function from a file to canonical :data:`Record` tuples
ADAPTERS: dict[str, Callable[[Path], Iterator[Record]]] = {
    "langfuse": langfuse.records,
    "litellm": litellm.records,
    "otel": otel.records,
    "openai": raw.records,
    "anthropic": raw.records,
}

_LITELLM_SPEND = ("call_type", "spend", "api_key", "cache_key", "total_tokens")
_LANGFUSE_OBS = ("traceId", "modelParameters", "usageDetails", "promptTokens", "calculatedTotalCost", "parentObservationId")


def sniff(row: Mapping[str, Any]) -> str | None:
    """The adapter whose export ``row`` (a file's first object, or its column names) comes from;
    ``None`` for canonical events or a row no adapter knows.

    >>> sniff({"ts": 1714564800000, "request_id": "r1", "account_id": "a"}) is None
    True
    >>> sniff({"resourceSpans": []}), sniff({"request_id": "x", "startTime": "2024-05-01", "call_type": "acompletion"})
    ('otel', 'litellm')
    """
    keys = set(row)
    if "ts" in keys and ({"request_id", "account_id"} & keys):
        return None
    if "resourceSpans" in keys or ("attributes" in keys and ({"spanId", "span_id", "context", "traceId"} & keys)):
        return "otel"
    if raw.is_pair(row):
        pairs = row.get("interactions")
        pair = pairs[0] if isinstance(pairs, list) and pairs and isinstance(pairs[0], Mapping) else row
        req, rq_h, resp, _, _, uri = raw._split(pair) if raw.is_pair(pair) else ({}, {}, None, {}, None, None)
        return raw.provider_of(resp, uri, rq_h)
    if isinstance(row.get("trace"), Mapping) and isinstance(row.get("observations"), list):
        return "langfuse"
    if isinstance(row.get("data"), list) and isinstance(row.get("meta"), Mapping):
        items = [x for x in row["data"][:5] if isinstance(x, Mapping)]
        return "langfuse" if not items or any(sniff(x) == "langfuse" for x in items) else None
    if "startTime" in keys and ({"request_id", "id"} & keys) and any(k in keys for k in _LITELLM_SPEND):
        return "litellm"
    if "startTime" in keys and any(k in keys for k in _LANGFUSE_OBS):
        return "langfuse"
    if "id" in keys and "timestamp" in keys and ({"userId", "sessionId", "observations", "htmlPath"} & keys):
        return "langfuse"
    return None
