"""LiteLLM proxy logs → canonical events: ``LiteLLM_SpendLogs`` rows and ``StandardLoggingPayload``.

Reads, as JSON Lines, a JSON array, CSV or Parquet:

* **``LiteLLM_SpendLogs`` rows** as the database export writes them (``\\copy (select
  row_to_json(s) from "LiteLLM_SpendLogs" s) to 'spend.jsonl'``; a CSV export, where the JSON
  columns ``metadata``, ``request_tags``, ``messages``, ``response`` and ``proxy_server_request``
  are JSON text) and as the proxy's ``GET /spend/logs`` API returns them (a JSON array, JSON
  columns as objects, times with an offset).  Times without an offset (Postgres ``timestamp(3)``,
  the spend-log payload's ``2025-01-24 09:20:46.847371``) are UTC, as LiteLLM writes them.
* **``StandardLoggingPayload``** objects (the callback payload: GCS/S3/pub-sub buckets, custom
  loggers), recognised by ``id`` + ``call_type`` without ``request_id``; their ``startTime`` is
  epoch **seconds** (a float), which the readers tell apart by magnitude and report.

Mapping (spend-log column; payload field in brackets where it differs):

=================  ================================================================================
``ts``             ``startTime``
``request_id``     ``request_id`` [``id``]
``account_id``     ``user`` → ``metadata.user_api_key_user_id`` → the key hash (``api_key``
                   [``metadata.user_api_key_hash``]): the proxy writes ``user = ""`` unless the key
                   belongs to a user, so keys without a user are their own principal (noted)
``api_key_id``     ``api_key`` / ``metadata.user_api_key`` [``metadata.user_api_key_hash``] (a
                   hash; LiteLLM never stores the secret)
``end_user``       ``end_user`` → ``metadata.user_api_key_end_user_id`` → the request's ``user``
``org_id``         ``organization_id`` → ``metadata.user_api_key_org_id`` → ``team_id`` →
                   ``metadata.user_api_key_team_id``
``ip``             ``requester_ip_address`` (column or metadata)
``user_agent``     ``metadata.user_agent`` → a ``"User-Agent: …"`` request tag (the longest) →
                   request headers where an older export kept them
``model``          ``model`` → ``model_group``
``endpoint``       ``call_type`` (``acompletion`` → ``chat``, ``atext_completion`` → ``completion``,
                   ``aembedding`` → ``embedding``, …)
``conversation_id`` ``session_id`` [``trace_id``] (LiteLLM makes one per request when the caller
                   sends no trace id)
``prompt``/``system`` last user / system messages of ``messages`` (the spend log always writes
                   ``"{}"`` there, so the stored request body ``proxy_server_request`` is used, when
                   ``store_prompts_in_spend_logs`` is on)
``response``       visible text of ``response.choices[0].message.content``; ``finish_reason`` likewise
``input_tokens``   ``prompt_tokens``; ``output_tokens``: ``completion_tokens``; ``reasoning_tokens``:
                   ``completion_tokens_details.reasoning_tokens`` of the usage object
request options    from the stored request body [``model_parameters``]: ``max_tokens`` /
                   ``max_completion_tokens``, ``temperature``, ``top_p``, ``n``, ``logprobs``,
                   ``top_logprobs``, ``logit_bias`` (counted), ``tools`` (counted), ``stream``,
                   ``reasoning_effort`` / ``reasoning.effort`` / ``thinking.budget_tokens``
``status``         ``metadata.error_information.error_code`` when numeric
``latency_ms``     ``request_duration_ms`` → ``endTime`` − ``startTime``
=================  ================================================================================

``spend`` [``response_cost``], ``status`` (as ``litellm_status``), ``team_id``, ``cache_hit``,
``request_tags``, ``model_group``, ``custom_llm_provider``, ``api_base`` and the request's
``seed`` are kept in ``attrs``.  Without a stored request body a spend log carries no prompt,
response, sampling options, ``logprobs`` or ``logit_bias``: the detectors that read them abstain.
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
    header,
    maybe_json,
    note,
    shielded,
    source_format,
    split_messages,
    to_ms,
    visible_text,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["is_payload", "payload_to_event", "records", "spend_log_to_event"]

_ENDPOINT = {
    "completion": "chat", "acompletion": "chat", "text_completion": "completion", "atext_completion": "completion",
    "embedding": "embedding", "aembedding": "embedding", "image_generation": "image",
    "aimage_generation": "image", "responses": "chat", "aresponses": "chat", "anthropic_messages": "chat",
    "create_batch": "batch", "acreate_batch": "batch",
}
_KEEP = ("spend", "status", "team_id", "cache_hit", "request_tags", "model_group", "custom_llm_provider", "api_base")


def _dict(v: Any) -> dict[str, Any]:
    v = maybe_json(v)
    return dict(v) if isinstance(v, Mapping) else {}


def _tag_user_agent(tags: Any) -> str | None:
    """The longest ``User-Agent: …`` request tag (LiteLLM tags both ``claude-cli`` and
    ``claude-cli/1.0.1``; the longer one carries the version)."""
    tags = maybe_json(tags)
    if not isinstance(tags, list):
        return None
    found = [t.split(":", 1)[1].strip() for t in tags if isinstance(t, str) and t.lower().startswith("user-agent:")]
    found = [t for t in found if t]
    return max(found, key=len) if found else None


def _request(psr: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(body, headers) of a stored ``proxy_server_request``: the body itself (today's proxy) or
    ``{"body": …, "headers": …}`` (older exports)."""
    d = _dict(psr)
    if isinstance(d.get("body"), (Mapping, str)) and ("headers" in d or "url" in d or "method" in d or len(d) <= 3):
        return _dict(d.get("body")), _dict(d.get("headers"))
    return d, {}


def _reasoning_option(params: Mapping[str, Any]) -> Any:
    thinking = _dict(params.get("thinking"))
    budget = thinking.get("budget_tokens")
    return first(params.get("reasoning_effort"), _dict(params.get("reasoning")).get("effort"), str(budget) if budget else None)


def _response(resp: Any) -> tuple[str | None, Any, int | None]:
    """(visible text, finish reason, reasoning tokens) of a stored response object."""
    resp = maybe_json(resp)
    if isinstance(resp, str):
        return (resp or None), None, None
    if not isinstance(resp, Mapping):
        return None, None, None
    usage = _dict(resp.get("usage"))
    reasoning = first(_dict(usage.get("completion_tokens_details")).get("reasoning_tokens"),
                      _dict(usage.get("output_tokens_details")).get("reasoning_tokens"))
    choices = resp.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], Mapping):
        c0 = choices[0]
        msg = c0.get("message") if isinstance(c0.get("message"), Mapping) else {}
        text = visible_text(msg.get("content")) if msg else visible_text(c0.get("text"))
        return text, c0.get("finish_reason"), reasoning
    output = resp.get("output")
    if isinstance(output, list):  # Responses API
        texts = [visible_text(o.get("content")) for o in output if isinstance(o, Mapping) and o.get("type") == "message"]
        return "\n".join(t for t in texts if t) or None, resp.get("status"), reasoning
    return None, None, reasoning


def _options(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "temperature": params.get("temperature"),
        "top_p": params.get("top_p"),
        "max_tokens": first(params.get("max_tokens"), params.get("max_completion_tokens"), params.get("max_output_tokens")),
        "n": params.get("n"),
        "logprobs": params.get("logprobs"),
        "top_logprobs": params.get("top_logprobs"),
        "logit_bias_n": count_items(params.get("logit_bias")),
        "reasoning": _reasoning_option(params),
        "tools_n": count_items(params.get("tools")),
        "stream": params.get("stream"),
    }


def _status(err: Mapping[str, Any]) -> int | None:
    code = err.get("error_code")
    return int(code) if isinstance(code, (int, str)) and str(code).isascii() and str(code).isdigit() and len(str(code)) <= 3 else None


def _latency(r: Mapping[str, Any], start_field: str = "startTime") -> Any:
    dur = r.get("request_duration_ms")
    if dur not in (None, ""):
        return dur
    s0, e0 = r.get(start_field), r.get("endTime")
    if isinstance(s0, float) and isinstance(e0, float) and abs(s0) < 1e11 and abs(e0) < 1e11:
        return round((e0 - s0) * 1000, 3)  # the payload's epoch seconds: no flooring of each end
    start = to_ms(r.get(start_field), start_field)
    try:
        end = to_ms(r.get("endTime"), "endTime")
    except AdapterError:
        return None
    return (end - start) if start is not None and end is not None else None


def _principal(row: dict[str, Any], user: Any, key: Any) -> dict[str, Any]:
    row["account_id"] = first(user, key)
    if not first(user) and first(key):
        note(row, "account_id is the API key hash (the log names no user for the key)")
    return row


def spend_log_to_event(r: Mapping[str, Any]) -> dict[str, Any]:
    """One ``LiteLLM_SpendLogs`` row (or its ``/spend/logs`` API form) as a canonical event row.

    Raises
    ------
    AdapterError
        An unreadable ``startTime``.
    """
    if is_payload(r):
        return payload_to_event(r)
    meta = _dict(r.get("metadata"))
    body, headers = _request(first(r.get("proxy_server_request"), meta.get("proxy_server_request")))
    usage = _dict(meta.get("usage_object"))
    extra_usage = _dict(meta.get("additional_usage_values"))
    err = _dict(meta.get("error_information"))
    to_ms(r.get("startTime"), "startTime")

    # the spend log writes messages = "{}" (an object, or its text in a CSV export): the stored body has them
    msgs = first(*(maybe_json(v) for v in (r.get("messages"), body.get("messages"), body.get("input"), body.get("prompt"))))
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    if isinstance(body.get("instructions"), str):
        system = first(system, body["instructions"])
    response, finish, resp_reasoning = _response(r.get("response"))
    call_type = r.get("call_type")
    key = first(r.get("api_key"), meta.get("user_api_key"), meta.get("user_api_key_hash"))

    row: dict[str, Any] = {
        "ts": r.get("startTime"),
        "request_id": r.get("request_id"),
        "org_id": first(r.get("organization_id"), meta.get("user_api_key_org_id"), r.get("team_id"), meta.get("user_api_key_team_id")),
        "api_key_id": key,
        "end_user": first(r.get("end_user"), meta.get("user_api_key_end_user_id"), body.get("user")),
        "ip": first(r.get("requester_ip_address"), meta.get("requester_ip_address")),
        "user_agent": first(
            meta.get("user_agent"), _tag_user_agent(r.get("request_tags")), header(headers, "user-agent"), header(meta.get("headers"), "user-agent")
        ),
        "model": first(r.get("model"), r.get("model_group")),
        "endpoint": _ENDPOINT.get(call_type, call_type) if isinstance(call_type, str) and call_type else None,
        "conversation_id": first(r.get("session_id"), meta.get("session_id")),
        "turn": count_user_turns(msgs),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": r.get("prompt_tokens"),
        "output_tokens": r.get("completion_tokens"),
        "reasoning_tokens": first(
            _dict(usage.get("completion_tokens_details")).get("reasoning_tokens"),
            _dict(extra_usage.get("completion_tokens_details")).get("reasoning_tokens"),
            resp_reasoning,
        ),
        **_options(body),
        "finish_reason": finish,
        "status": _status(err),
        "latency_ms": _latency(r),
    }
    _principal(row, first(r.get("user"), meta.get("user_api_key_user_id")), key)
    for k in _KEEP:
        v = r.get(k)
        if v not in (None, "", [], {}, "[]", "{}"):
            row[k if k != "status" else "litellm_status"] = maybe_json(v)
    if body.get("seed") is not None:
        row["seed"] = body["seed"]
    return row


def is_payload(r: Mapping[str, Any]) -> bool:
    """Whether ``r`` is a ``StandardLoggingPayload`` (``id`` + ``call_type``, no ``request_id``)."""
    return "request_id" not in r and "id" in r and "call_type" in r and (
        "model_parameters" in r or "response_cost" in r or "hidden_params" in r or "startTime" in r
    )


def payload_to_event(r: Mapping[str, Any]) -> dict[str, Any]:
    """One ``StandardLoggingPayload`` as a canonical event row (see the module docs).

    Raises
    ------
    AdapterError
        An unreadable ``startTime``.
    """
    meta = _dict(r.get("metadata"))
    params = _dict(r.get("model_parameters"))
    err = _dict(first(r.get("error_information"), meta.get("error_information")))
    to_ms(r.get("startTime"), "startTime")
    msgs = maybe_json(r.get("messages"))
    msgs = first(msgs)
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    response, finish, resp_reasoning = _response(r.get("response"))
    usage = _dict(meta.get("usage_object"))
    call_type = r.get("call_type")
    key = first(meta.get("user_api_key_hash"), meta.get("user_api_key"))
    opts = _options(params)
    if opts["stream"] is None:
        opts["stream"] = r.get("stream")

    row: dict[str, Any] = {
        "ts": r.get("startTime"),
        "request_id": r.get("id"),
        "org_id": first(meta.get("user_api_key_org_id"), meta.get("user_api_key_team_id"), meta.get("team_id")),
        "api_key_id": key,
        "end_user": first(r.get("end_user"), meta.get("user_api_key_end_user_id"), params.get("user")),
        "ip": first(r.get("requester_ip_address"), meta.get("requester_ip_address")),
        "user_agent": first(meta.get("user_agent"), _tag_user_agent(r.get("request_tags"))),
        "model": first(r.get("model"), r.get("model_group")),
        "endpoint": _ENDPOINT.get(call_type, call_type) if isinstance(call_type, str) and call_type else None,
        "conversation_id": r.get("trace_id"),
        "turn": count_user_turns(msgs),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": r.get("prompt_tokens"),
        "output_tokens": r.get("completion_tokens"),
        "reasoning_tokens": first(_dict(usage.get("completion_tokens_details")).get("reasoning_tokens"), resp_reasoning),
        **opts,
        "finish_reason": finish,
        "status": _status(err),
        "latency_ms": _latency(r),
    }
    _principal(row, meta.get("user_api_key_user_id"), key)
    for k in ("response_cost", "status", "cache_hit", "request_tags", "model_group", "custom_llm_provider", "api_base"):
        v = r.get(k)
        if v not in (None, "", [], {}):
            row[k if k != "status" else "litellm_status"] = v
    if params.get("seed") is not None:
        row["seed"] = params["seed"]
    return row


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of a spend-logs or logging-payload export (see the module docs)."""
    for line, r, raw in iter_records(path, fmt=source_format(path)):
        if isinstance(r, BadRecord):
            yield line, r, raw
        elif not isinstance(r, Mapping):
            yield line, BadRecord("not a LiteLLM spend-log or logging-payload object"), raw
        else:
            with shielded() as bad:
                row = spend_log_to_event(r)
            yield line, bad[0] if bad else row, raw if raw is not None else dict(r)
