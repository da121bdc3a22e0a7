"""Raw OpenAI and Anthropic request + response pairs → canonical events.

What a gateway, a proxy's debug log or an HTTP recorder captures of each call.  A record is one
pair, in either of two shapes (JSON Lines, a JSON array, or a cassette ``{"interactions": [...]}``):

* the recorded exchange, as VCR.py / pytest-recording cassettes hold it (converted to JSON):
  ``{"request": {"method", "uri", "headers", "body"}, "response": {"status": {"code"},
  "headers", "body": {"string": …}}}``, bodies as JSON text (a streamed response as its
  server-sent events), header values as strings or lists of strings;
* the two bodies side by side: ``{"request": {...}, "response": {...}}``, optionally with the
  gateway's own fields next to them (``ts``, ``request_id``, ``account_id``, ``api_key_id``,
  ``org_id``, ``end_user``, ``ip``, ``user_agent``), which win.

The provider is told by the response (``"type": "message"`` is Anthropic's Messages API;
``"object": "chat.completion"``/``"response"``/``"text_completion"`` OpenAI's), else by the URL.

Mapping:

=================  ================================================================================
``ts``             the gateway's ``ts`` → the response's ``Date`` header → ``created`` /
                   ``created_at`` of an OpenAI response (epoch seconds)
``request_id``     the gateway's → response header ``x-request-id`` (OpenAI) / ``request-id``
                   (Anthropic) → the response's ``id``
``account_id``     the gateway's → the organisation the provider answered for (response header
                   ``openai-organization`` / ``anthropic-organization-id``; noted) → the key hash
``api_key_id``     SHA-256 of the ``Authorization`` / ``x-api-key`` request header (the secret is
                   never kept; recorders usually scrub it)
``org_id``         ``openai-organization`` / ``anthropic-organization-id``; ``openai-project``
``end_user``       OpenAI ``user`` / ``safety_identifier``; Anthropic ``metadata.user_id``
``ip``             ``x-forwarded-for`` (first address) / ``x-real-ip`` request header
``user_agent``     ``user-agent`` request header
``model``          request ``model`` → response ``model``
``endpoint``       the URL path: ``/chat/completions``, ``/responses``, ``/messages`` → ``chat``;
                   ``/completions`` → ``completion``; ``/embeddings`` → ``embedding``
``system``/``prompt`` OpenAI ``messages`` (``system``/``developer``) or ``instructions`` + ``input``;
                   Anthropic ``system`` + ``messages`` (content blocks)
``response``       the visible text: ``choices[0].message.content``; ``output_text`` parts;
                   Anthropic ``text`` blocks (``thinking`` blocks are hidden reasoning)
``input_tokens`` … ``usage`` (``prompt_tokens``/``completion_tokens``, ``input_tokens``/``output_tokens``);
                   ``reasoning_tokens`` from ``completion_tokens_details`` / ``output_tokens_details``
request options    ``temperature``, ``top_p``, ``max_tokens`` / ``max_completion_tokens`` /
                   ``max_output_tokens``, ``n``, ``logprobs``, ``top_logprobs``, ``logit_bias``
                   (counted), ``reasoning_effort`` / ``reasoning.effort`` / Anthropic
                   ``thinking.budget_tokens``, ``tools`` (counted), ``stream``; ``seed`` is kept
``finish_reason``  ``choices[0].finish_reason`` / Anthropic ``stop_reason`` / Responses ``status``
``status``         the response's status code
``latency_ms``     ``openai-processing-ms`` response header
=================  ================================================================================

A captured pair carries no client address unless the gateway added one, and no account beyond the
organisation the key belongs to: logs from one organisation's key hold one principal unless the
gateway names its callers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson

from distillguard.events.adapters._common import (
    AdapterError,
    count_items,
    count_user_turns,
    first,
    header,
    key_hash,
    maybe_json,
    message_text,
    note,
    shielded,
    source_format,
    split_messages,
    visible_text,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["is_pair", "pair_to_event", "provider_of", "records"]

_GATEWAY = ("ts", "request_id", "account_id", "api_key_id", "org_id", "end_user", "ip", "user_agent", "conversation_id")
_ENDPOINTS = (("/chat/completions", "chat"), ("/responses", "chat"), ("/messages", "chat"), ("/completions", "completion"),
              ("/embeddings", "embedding"), ("/batches", "batch"))


def is_pair(doc: Mapping[str, Any]) -> bool:
    """Whether ``doc`` is a request + response pair (or a cassette of them)."""
    return isinstance(doc.get("interactions"), list) or (isinstance(doc.get("request"), (Mapping, str)) and "response" in doc)


def _body(part: Any) -> Any:
    """A recorded body as Python: ``{"string": …}`` (VCR), JSON text, an object, or SSE text."""
    if isinstance(part, Mapping) and "string" in part and len(part) <= 2:
        part = part["string"]
    if isinstance(part, (bytes, bytearray)):
        part = part.decode("utf-8", "replace")
    if isinstance(part, str):
        s = part.strip()
        if s.startswith(("data:", "event:")):
            return _sse(s)
        try:
            return orjson.loads(s) if s else None
        except orjson.JSONDecodeError:
            return s
    return part


def _sse(text: str) -> list[Any]:
    events = []
    for line in text.splitlines():
        if line.startswith("data:"):
            payload = line[5:].strip()
            if payload and payload != "[DONE]":
                try:
                    events.append(orjson.loads(payload))
                except orjson.JSONDecodeError:
                    continue
    return events


def _split(doc: Mapping[str, Any]) -> tuple[Any, dict[str, Any], Any, dict[str, Any], Any, str | None]:
    """(request body, request headers, response body, response headers, status, uri)."""
    req, resp = doc.get("request"), doc.get("response")
    recorded = isinstance(req, Mapping) and ("body" in req and ("headers" in req or "method" in req or "uri" in req))
    if recorded:
        assert isinstance(req, Mapping)
        rq, rq_h, uri = _body(req.get("body")), dict(req.get("headers") or {}), req.get("uri")
        rs_map = resp if isinstance(resp, Mapping) else {}
        rs, rs_h = _body(rs_map.get("body")), dict(rs_map.get("headers") or {})
        st = rs_map.get("status")
        status = st.get("code") if isinstance(st, Mapping) else st
        return rq, rq_h, rs, rs_h, status, uri if isinstance(uri, str) else None
    return _body(req), {}, _body(resp), {}, doc.get("status"), doc.get("uri") if isinstance(doc.get("uri"), str) else None


def provider_of(resp: Any, uri: str | None, req_headers: Mapping[str, Any]) -> str:
    """``anthropic`` or ``openai``."""
    events = resp if isinstance(resp, list) else [resp]
    for e in events:
        if isinstance(e, Mapping):
            t = e.get("type")
            if t == "message" or (isinstance(t, str) and t.startswith(("message_", "content_block"))):
                return "anthropic"
            obj = e.get("object")
            if isinstance(obj, str) and obj.startswith(("chat.completion", "response", "text_completion", "list")):
                return "openai"
    if uri and "anthropic" in uri or header(req_headers, "anthropic-version") is not None:
        return "anthropic"
    return "openai"


def _stream_response(events: list[Any], provider: str) -> dict[str, Any]:
    """The one response a stream of server-sent events adds up to."""
    out: dict[str, Any] = {}
    texts: list[str] = []
    usage: dict[str, Any] = {}
    finish = None
    for e in events:
        if not isinstance(e, Mapping):
            continue
        if provider == "anthropic":
            if e.get("type") == "message_start" and isinstance(e.get("message"), Mapping):
                m = e["message"]
                out.update({k: m.get(k) for k in ("id", "model")})
                usage.update(m.get("usage") or {})
            elif e.get("type") == "content_block_delta":
                d = e.get("delta") or {}
                if isinstance(d, Mapping) and d.get("type") == "text_delta" and isinstance(d.get("text"), str):
                    texts.append(d["text"])
            elif e.get("type") == "message_delta":
                d = e.get("delta") or {}
                finish = d.get("stop_reason") if isinstance(d, Mapping) else finish
                usage.update(e.get("usage") or {})
        else:
            for k in ("id", "model", "created"):
                if e.get(k) is not None:
                    out.setdefault(k, e[k])
            for c in e.get("choices") or []:
                if isinstance(c, Mapping):
                    d = c.get("delta") or {}
                    if isinstance(d, Mapping) and isinstance(d.get("content"), str):
                        texts.append(d["content"])
                    finish = c.get("finish_reason") or finish
            if isinstance(e.get("usage"), Mapping):
                usage.update(e["usage"])
    if provider == "anthropic":
        out.update({"type": "message", "content": [{"type": "text", "text": "".join(texts)}], "stop_reason": finish, "usage": usage})
    else:
        out.update({"object": "chat.completion", "choices": [{"message": {"content": "".join(texts)}, "finish_reason": finish}], "usage": usage})
    return out


def _endpoint(uri: str | None, req: Mapping[str, Any]) -> str | None:
    if uri:
        path = urlparse(uri).path
        for suffix, name in _ENDPOINTS:
            if path.endswith(suffix):
                return name
    if "messages" in req or "input" in req:
        return "chat"
    return "completion" if "prompt" in req else None


def _ts(rs_h: Mapping[str, Any], resp: Mapping[str, Any]) -> Any:
    date_h = header(rs_h, "date")
    if date_h:
        try:
            return parsedate_to_datetime(date_h).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return first(resp.get("created"), resp.get("created_at"))


def _openai(req: Mapping[str, Any], resp: Mapping[str, Any]) -> dict[str, Any]:
    msgs = first(req.get("messages"), req.get("input"), req.get("prompt"))
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    if isinstance(req.get("instructions"), str):
        system = first(system, req["instructions"])
    usage = resp.get("usage") if isinstance(resp.get("usage"), Mapping) else {}
    choices = resp.get("choices")
    response = finish = None
    if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
        c0 = choices[0]
        msg = c0.get("message") if isinstance(c0.get("message"), Mapping) else None
        response = visible_text(msg.get("content")) if msg else message_text(c0.get("text"))
        finish = c0.get("finish_reason")
    elif isinstance(resp.get("output"), list):
        texts = [visible_text(o.get("content")) for o in resp["output"] if isinstance(o, Mapping) and o.get("type") == "message"]
        response = "\n".join(t for t in texts if t) or None
        finish = resp.get("status")
    reasoning_opt = first(req.get("reasoning_effort"), (req.get("reasoning") or {}).get("effort") if isinstance(req.get("reasoning"), Mapping) else None)
    details = first(usage.get("completion_tokens_details"), usage.get("output_tokens_details"))
    lp = req.get("logprobs")
    legacy = type(lp) is int  # the completions API: logprobs is the number of alternatives
    return {
        "end_user": first(req.get("user"), req.get("safety_identifier")),
        "system": system,
        "prompt": prompt,
        "turn": count_user_turns(msgs),
        "response": response,
        "finish_reason": finish,
        "input_tokens": first(usage.get("prompt_tokens"), usage.get("input_tokens")),
        "output_tokens": first(usage.get("completion_tokens"), usage.get("output_tokens")),
        "reasoning_tokens": details.get("reasoning_tokens") if isinstance(details, Mapping) else None,
        "max_tokens": first(req.get("max_tokens"), req.get("max_completion_tokens"), req.get("max_output_tokens")),
        "n": req.get("n"),
        "logprobs": True if legacy else lp,
        "top_logprobs": first(req.get("top_logprobs"), lp if legacy else None),
        "logit_bias_n": count_items(req.get("logit_bias")),
        "reasoning": reasoning_opt,
    }


def _anthropic(req: Mapping[str, Any], resp: Mapping[str, Any]) -> dict[str, Any]:
    msgs = req.get("messages")
    _, prompt = split_messages(msgs) if msgs is not None else (None, None)
    sys_v = req.get("system")
    system = sys_v if isinstance(sys_v, str) else message_text(sys_v) if isinstance(sys_v, list) else None
    usage = resp.get("usage") if isinstance(resp.get("usage"), Mapping) else {}
    thinking = req.get("thinking") if isinstance(req.get("thinking"), Mapping) else {}
    budget = thinking.get("budget_tokens") if thinking.get("type") == "enabled" else None
    meta = req.get("metadata") if isinstance(req.get("metadata"), Mapping) else {}
    return {
        "end_user": meta.get("user_id"),
        "system": system,
        "prompt": prompt,
        "turn": count_user_turns(msgs),
        "response": visible_text(resp.get("content")),
        "finish_reason": resp.get("stop_reason"),
        "input_tokens": usage.get("input_tokens"),
        "output_tokens": usage.get("output_tokens"),
        "max_tokens": req.get("max_tokens"),
        "reasoning": str(budget) if budget else None,
    }


def pair_to_event(doc: Mapping[str, Any]) -> dict[str, Any]:
    """One request + response pair as a canonical event row (see the module docs).

    Raises
    ------
    AdapterError
        A pair whose request body is not a JSON object, or that carries no time at all.
    """
    req, rq_h, resp, rs_h, status, uri = _split(doc)
    if not isinstance(req, Mapping):
        raise AdapterError("request", "the request body is not a JSON object")
    provider = provider_of(resp, uri, rq_h)
    if isinstance(resp, list):
        resp = _stream_response(resp, provider)
    if not isinstance(resp, Mapping):
        resp = {}
    body = _anthropic(req, resp) if provider == "anthropic" else _openai(req, resp)
    org = first(header(rs_h, "openai-organization"), header(rs_h, "anthropic-organization-id"), header(rq_h, "openai-organization"))
    key = key_hash(first(header(rq_h, "authorization"), header(rq_h, "x-api-key"), header(rq_h, "api-key")))
    fwd = header(rq_h, "x-forwarded-for")
    row: dict[str, Any] = {
        "ts": _ts(rs_h, resp),
        "request_id": first(header(rs_h, "x-request-id"), header(rs_h, "request-id"), resp.get("id")),
        "account_id": first(org, key),
        "org_id": first(org, header(rs_h, "openai-project"), header(rq_h, "openai-project")),
        "api_key_id": key,
        "ip": first(fwd.split(",")[0].strip() if fwd else None, header(rq_h, "x-real-ip")),
        "user_agent": header(rq_h, "user-agent"),
        "model": first(req.get("model"), resp.get("model")),
        "endpoint": _endpoint(uri, req),
        "temperature": req.get("temperature"),
        "top_p": req.get("top_p"),
        "tools_n": count_items(req.get("tools")),
        "stream": req.get("stream"),
        "status": status,
        "latency_ms": first(header(rs_h, "openai-processing-ms"), header(rs_h, "x-envoy-upstream-service-time")),
        "provider": provider,
        **body,
    }
    if org is not None:
        note(row, f"account_id is the {provider} organisation the key belongs to; choose with --account-key")
    for k in _GATEWAY:
        if doc.get(k) not in (None, ""):
            row[k] = doc[k]
    if row["ts"] is None:
        raise AdapterError("ts", "the pair has no time: no ts, no Date response header, no created field")
    if req.get("seed") is not None:
        row["seed"] = req["seed"]
    if isinstance(maybe_json(doc.get("tags")), list):
        row["tags"] = maybe_json(doc["tags"])
    return row


def _pairs(doc: Any) -> Iterator[Any]:
    if isinstance(doc, Mapping) and isinstance(doc.get("interactions"), list):
        yield from doc["interactions"]
    else:
        yield doc


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of a file of request + response pairs (see the module docs)."""
    for line, doc, raw in iter_records(path, fmt=source_format(path)):
        if isinstance(doc, BadRecord):
            yield line, doc, raw
            continue
        many = isinstance(doc, Mapping) and isinstance(doc.get("interactions"), list)
        for i, pair in enumerate(_pairs(doc), 1):
            where = i if many else line
            shown = pair if many or raw is None else raw
            if not isinstance(pair, Mapping) or not is_pair(pair):
                yield where, BadRecord("not a request + response pair"), shown
                continue
            with shielded() as bad:
                row = pair_to_event(pair)
            yield where, bad[0] if bad else row, shown
