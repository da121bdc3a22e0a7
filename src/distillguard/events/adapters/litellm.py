"""LiteLLM proxy spend logs (the ``LiteLLM_SpendLogs`` table) → canonical events.

Export the table as JSON Lines, a JSON array, CSV (JSON columns as JSON text) or Parquet, e.g.
``\\copy (select row_to_json(s) from "LiteLLM_SpendLogs" s) to 'spend.jsonl'``.  Timestamps
without an offset (Postgres ``timestamp(3)``) are UTC, as LiteLLM writes them.

Mapping:

=================  ================================================================================
``ts``             ``startTime``
``request_id``     ``request_id``
``account_id``     ``user`` → ``metadata.user_api_key_user_id`` → ``end_user`` → ``api_key``
                   (the key owner is the billed principal; the key hash stands in for keys with no
                   user)
``org_id``         ``metadata.user_api_key_org_id`` → ``team_id``
``api_key_id``     ``api_key`` (LiteLLM stores the hash, never the secret)
``ip``             ``requester_ip_address`` (column or metadata)
``model``          ``model`` → ``model_group``
``endpoint``       ``call_type`` (``acompletion`` → ``chat``, ``atext_completion`` → ``completion``,
                   ``aembedding`` → ``embedding``, …)
``conversation_id`` ``session_id``
``prompt``/``system`` last user / the system messages of ``messages`` (or
                   ``proxy_server_request.messages``) when prompts are stored
``response``       ``response.choices[0].message.content``; ``finish_reason`` likewise
``input_tokens``   ``prompt_tokens``; ``output_tokens``: ``completion_tokens``; ``reasoning_tokens``:
                   ``metadata.usage_object.completion_tokens_details.reasoning_tokens``
request options    ``max_tokens``/``max_completion_tokens``, ``temperature``, ``top_p``, ``n``,
                   ``logprobs``, ``top_logprobs``, ``logit_bias`` (counted), ``tools`` (counted),
                   ``stream``, ``reasoning_effort`` from ``proxy_server_request``
``user_agent``     ``proxy_server_request.headers.user-agent`` / ``metadata.headers.user-agent``
``status``         ``metadata.error_information.error_code`` when numeric
``latency_ms``     ``endTime`` − ``startTime``
=================  ================================================================================

``spend``, ``status`` (``success``/``failure``), ``team_id``, ``end_user``, ``cache_hit`` and
``request_tags`` are kept in ``attrs``.
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

__all__ = ["records", "spend_log_to_event"]

_ENDPOINT = {
    "completion": "chat", "acompletion": "chat", "text_completion": "completion", "atext_completion": "completion",
    "embedding": "embedding", "aembedding": "embedding", "image_generation": "image",
    "aimage_generation": "image", "responses": "chat", "aresponses": "chat", "anthropic_messages": "chat",
    "create_batch": "batch", "acreate_batch": "batch",
}
_KEEP = ("spend", "status", "team_id", "end_user", "cache_hit", "request_tags", "model_group", "custom_llm_provider", "api_base")


def _dict(v: Any) -> dict[str, Any]:
    v = maybe_json(v)
    return dict(v) if isinstance(v, Mapping) else {}


def _count(v: Any) -> int | None:
    v = maybe_json(v)
    return len(v) if isinstance(v, (list, dict)) else None


def _header(headers: Mapping[str, Any], name: str) -> Any:
    for k, v in headers.items():
        if isinstance(k, str) and k.lower() == name:
            return v
    return None


def spend_log_to_event(r: Mapping[str, Any]) -> dict[str, Any]:
    """One ``LiteLLM_SpendLogs`` row as a canonical event row.

    Raises
    ------
    AdapterError
        An unreadable ``startTime``/``endTime``.
    """
    meta = _dict(r.get("metadata"))
    req = _dict(r.get("proxy_server_request"))
    body = _dict(req.get("body")) or req
    headers = _dict(req.get("headers")) or _dict(meta.get("headers"))
    resp = maybe_json(r.get("response"))
    usage = _dict(meta.get("usage_object"))
    details = _dict(usage.get("completion_tokens_details"))
    err = _dict(meta.get("error_information"))
    start = to_ms(r.get("startTime"), "startTime")
    end = to_ms(r.get("endTime"), "endTime")

    msgs = first(r.get("messages"), body.get("messages"), body.get("input"), body.get("prompt"))
    msgs = maybe_json(msgs)
    if msgs in ({}, []):
        msgs = None
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    response = finish = None
    if isinstance(resp, Mapping):
        choices = resp.get("choices") or []
        if choices and isinstance(choices[0], Mapping):
            c0 = choices[0]
            msg = c0.get("message") if isinstance(c0.get("message"), Mapping) else {}
            response = message_text(msg.get("content")) if msg else message_text(c0.get("text"))
            finish = c0.get("finish_reason")
    elif isinstance(resp, str) and resp:
        response = resp
    code = err.get("error_code")
    call_type = r.get("call_type")

    row: dict[str, Any] = {
        "ts": start,
        "request_id": r.get("request_id"),
        "account_id": first(r.get("user"), meta.get("user_api_key_user_id"), r.get("end_user"), r.get("api_key")),
        "org_id": first(meta.get("user_api_key_org_id"), r.get("team_id"), meta.get("user_api_key_team_id")),
        "api_key_id": first(r.get("api_key"), meta.get("user_api_key")),
        "ip": first(r.get("requester_ip_address"), meta.get("requester_ip_address")),
        "user_agent": _header(headers, "user-agent"),
        "model": first(r.get("model"), r.get("model_group")),
        "endpoint": _ENDPOINT.get(call_type, call_type) if isinstance(call_type, str) else None,
        "conversation_id": first(r.get("session_id"), meta.get("session_id")),
        "turn": count_user_turns(msgs),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": r.get("prompt_tokens"),
        "output_tokens": r.get("completion_tokens"),
        "reasoning_tokens": details.get("reasoning_tokens"),
        "temperature": body.get("temperature"),
        "top_p": body.get("top_p"),
        "max_tokens": first(body.get("max_tokens"), body.get("max_completion_tokens"), body.get("max_output_tokens")),
        "n": body.get("n"),
        "logprobs": body.get("logprobs"),
        "top_logprobs": body.get("top_logprobs"),
        "logit_bias_n": _count(body.get("logit_bias")),
        "reasoning": first(body.get("reasoning_effort"), _dict(body.get("reasoning")).get("effort")),
        "tools_n": _count(body.get("tools")),
        "stream": body.get("stream"),
        "finish_reason": finish,
        "status": int(code) if isinstance(code, (int, str)) and str(code).isdigit() else None,
        "latency_ms": (end - start) if start is not None and end is not None else None,
    }
    for k in _KEEP:
        v = r.get(k)
        if v not in (None, "", [], {}):
            row[k if k != "status" else "litellm_status"] = maybe_json(v)
    return row


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of a spend-logs export (JSON Lines, JSON array, CSV or Parquet)."""
    for line, r, raw in iter_records(path, fmt=source_format(path)):
        if isinstance(r, BadRecord):
            yield line, r, raw
        elif not isinstance(r, Mapping):
            yield line, BadRecord("not a spend-log object"), raw
        else:
            try:
                yield line, spend_log_to_event(r), raw if raw is not None else dict(r)
            except AdapterError as exc:
                yield line, exc.bad(), raw if raw is not None else dict(r)

