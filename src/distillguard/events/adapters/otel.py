"""OpenTelemetry GenAI spans → canonical events.

Reads what an OpenTelemetry pipeline already writes:

* OTLP JSON (the file exporter / collector ``file`` exporter): ``{"resourceSpans": [{"resource":
  {...}, "scopeSpans": [{"spans": [...]}]}]}``, one document per file (pretty-printed or not) or
  one per line;
* one span per line: an OTLP span object (``spanId``, ``attributes`` as a key/value list), or the
  Python SDK's ``ConsoleSpanExporter`` form (``context.span_id``, ``attributes`` as an object).

Only spans that describe a model call are kept: those with a ``gen_ai.*`` request/usage attribute
(others, such as HTTP server spans around them, are skipped, not rejected).

Mapping (GenAI semantic conventions; older names in brackets):

=================  ================================================================================
``ts``             span start time
``request_id``     ``spanId`` (unique per span; re-exported spans are duplicates)
``account_id``     ``enduser.id`` / ``user.id`` (span, then resource attributes)
``ip``             ``client.address``
``user_agent``     ``user_agent.original``
``model``          ``gen_ai.request.model`` (``gen_ai.response.model``)
``endpoint``       ``gen_ai.operation.name`` (``chat``; ``text_completion`` → ``completion``;
                   ``embeddings`` → ``embedding``)
``conversation_id`` ``gen_ai.conversation.id``
``input_tokens``   ``gen_ai.usage.input_tokens`` (``gen_ai.usage.prompt_tokens``)
``output_tokens``  ``gen_ai.usage.output_tokens`` (``gen_ai.usage.completion_tokens``)
``max_tokens`` …   ``gen_ai.request.max_tokens``, ``.temperature``, ``.top_p``, ``.choice.count`` (n)
``finish_reason``  first of ``gen_ai.response.finish_reasons``
``prompt``         last user message of ``gen_ai.input.messages`` / ``gen_ai.prompt`` (JSON or
                   text) / indexed ``gen_ai.prompt.N.content``, or span events
                   ``gen_ai.content.prompt`` / ``gen_ai.user.message``
``system``         ``gen_ai.system_instructions`` or the system messages
``response``       ``gen_ai.output.messages`` / ``gen_ai.completion`` (JSON or text)
``status``         ``http.response.status_code``
``latency_ms``     span end − start
=================  ================================================================================

Other scalar attributes are kept in ``attrs`` (with ``trace_id`` and ``span_name``).
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
    nanos_to_ms,
    source_format,
    split_messages,
    to_ms,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["records", "span_to_event"]

_ENDPOINT = {"text_completion": "completion", "embeddings": "embedding", "generate_content": "chat"}

#: attributes mapped to canonical fields (not repeated in attrs)
_MAPPED = {
    "enduser.id", "user.id", "client.address", "user_agent.original", "gen_ai.request.model",
    "gen_ai.response.model", "gen_ai.operation.name", "gen_ai.conversation.id", "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
    "gen_ai.request.max_tokens", "gen_ai.request.temperature", "gen_ai.request.top_p",
    "gen_ai.request.choice.count", "gen_ai.response.finish_reasons", "gen_ai.prompt", "gen_ai.input.messages",
    "gen_ai.completion", "gen_ai.output.messages", "gen_ai.system_instructions", "http.response.status_code",
}


def _any_value(v: Any) -> Any:
    """Python value of an OTLP ``AnyValue`` (``{"stringValue": "x"}``, ``{"intValue": "12"}``, …)."""
    if not isinstance(v, Mapping):
        return v
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        return int(v["intValue"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [_any_value(x) for x in (v["arrayValue"] or {}).get("values", [])]
    if "kvlistValue" in v:
        return _attributes((v["kvlistValue"] or {}).get("values", []))
    if "bytesValue" in v:
        return v["bytesValue"]
    return None


def _attributes(attrs: Any) -> dict[str, Any]:
    """Attributes as a dict, from the OTLP key/value list or an already flat object."""
    if isinstance(attrs, Mapping):
        return dict(attrs)
    out: dict[str, Any] = {}
    for kv in attrs or []:
        if isinstance(kv, Mapping) and "key" in kv:
            out[kv["key"]] = _any_value(kv.get("value"))
    return out


def _is_genai(a: Mapping[str, Any]) -> bool:
    return any(k.startswith(("gen_ai.request.", "gen_ai.usage.", "gen_ai.operation.", "gen_ai.system", "gen_ai.provider.")) for k in a)


def _indexed_prompt(a: Mapping[str, Any], prefix: str) -> list[dict[str, Any]]:
    """OpenLLMetry's ``gen_ai.prompt.0.role`` / ``gen_ai.prompt.0.content`` as a message list."""
    msgs: dict[int, dict[str, Any]] = {}
    for k, v in a.items():
        if k.startswith(prefix):
            idx, _, key = k[len(prefix):].partition(".")
            if idx.isdigit() and key in ("role", "content"):
                msgs.setdefault(int(idx), {})[key] = v
    return [msgs[i] for i in sorted(msgs)]


def _event_attr(span: Mapping[str, Any], names: tuple[str, ...], key: str) -> Any:
    for ev in span.get("events") or []:
        if isinstance(ev, Mapping) and ev.get("name") in names:
            ea = _attributes(ev.get("attributes"))
            val = first(ea.get(key), ea.get("content"), ea.get("gen_ai.prompt"), ea.get("gen_ai.completion"))
            if val is not None:
                return val
    return None


def span_to_event(span: Mapping[str, Any], resource: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """One span as a canonical event row (``None`` for a span that is not a model call).

    Raises
    ------
    AdapterError
        A span whose start time is unreadable.
    """
    a = _attributes(span.get("attributes"))
    if not _is_genai(a):
        return None
    res = resource or {}
    ctx = span.get("context") if isinstance(span.get("context"), Mapping) else {}
    span_id = first(span.get("spanId"), span.get("span_id"), ctx.get("span_id"))
    trace_id = first(span.get("traceId"), span.get("trace_id"), ctx.get("trace_id"))
    start = nanos_to_ms(span.get("startTimeUnixNano"), "startTimeUnixNano") if "startTimeUnixNano" in span else to_ms(span.get("start_time"), "start_time")
    end = nanos_to_ms(span.get("endTimeUnixNano"), "endTimeUnixNano") if "endTimeUnixNano" in span else to_ms(span.get("end_time"), "end_time")

    msgs = first(a.get("gen_ai.input.messages"), a.get("gen_ai.prompt"))
    if msgs is None:
        indexed = _indexed_prompt(a, "gen_ai.prompt.")
        msgs = indexed or _event_attr(span, ("gen_ai.content.prompt", "gen_ai.user.message"), "gen_ai.prompt")
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    instr = maybe_json(a.get("gen_ai.system_instructions"))
    if instr is not None:
        system = message_text(instr) if not isinstance(instr, str) else instr
    out_msgs = first(a.get("gen_ai.output.messages"), a.get("gen_ai.completion"))
    if out_msgs is None:
        indexed_out = _indexed_prompt(a, "gen_ai.completion.")
        out_msgs = indexed_out or _event_attr(span, ("gen_ai.content.completion", "gen_ai.choice"), "gen_ai.completion")
    response = None
    if out_msgs is not None:
        parsed = maybe_json(out_msgs)
        if isinstance(parsed, list) and parsed:
            m = parsed[-1]
            response = message_text(m.get("content", m.get("parts", m.get("message"))) if isinstance(m, Mapping) else m)
        else:
            response = message_text(parsed)
    reasons = a.get("gen_ai.response.finish_reasons")
    if isinstance(reasons, list):
        reasons = reasons[0] if reasons else None
    op = a.get("gen_ai.operation.name")

    row: dict[str, Any] = {
        "ts": start,
        "request_id": span_id,
        "account_id": first(a.get("enduser.id"), a.get("user.id"), res.get("enduser.id"), res.get("user.id")),
        "ip": a.get("client.address"),
        "user_agent": first(a.get("user_agent.original"), res.get("user_agent.original")),
        "model": first(a.get("gen_ai.request.model"), a.get("gen_ai.response.model")),
        "endpoint": _ENDPOINT.get(op, op) if isinstance(op, str) else None,
        "conversation_id": a.get("gen_ai.conversation.id"),
        "turn": count_user_turns(msgs),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": first(a.get("gen_ai.usage.input_tokens"), a.get("gen_ai.usage.prompt_tokens")),
        "output_tokens": first(a.get("gen_ai.usage.output_tokens"), a.get("gen_ai.usage.completion_tokens")),
        "max_tokens": a.get("gen_ai.request.max_tokens"),
        "temperature": a.get("gen_ai.request.temperature"),
        "top_p": a.get("gen_ai.request.top_p"),
        "n": a.get("gen_ai.request.choice.count"),
        "finish_reason": reasons,
        "status": a.get("http.response.status_code"),
        "latency_ms": (end - start) if start is not None and end is not None else None,
        "trace_id": trace_id,
        "span_name": span.get("name"),
    }
    if "service.name" in res:
        row["service.name"] = res["service.name"]
    for k, v in a.items():
        if k not in _MAPPED and not k.startswith(("gen_ai.prompt.", "gen_ai.completion.")) and not isinstance(v, (list, dict)):
            row.setdefault(k, v)
    return row


def _spans(doc: Any) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
    """``(span, resource attributes)`` of an OTLP document, a bare span or an SDK console span."""
    if not isinstance(doc, Mapping):
        return
    if "resourceSpans" in doc:
        for rs in doc.get("resourceSpans") or []:
            res = _attributes((rs.get("resource") or {}).get("attributes"))
            for ss in rs.get("scopeSpans") or rs.get("instrumentationLibrarySpans") or []:
                for span in ss.get("spans") or []:
                    yield span, res
    else:
        res = doc.get("resource")
        yield doc, _attributes(res.get("attributes")) if isinstance(res, Mapping) else {}


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of an OTLP JSON / span-per-line file (see module docs)."""
    for line, doc, raw in iter_records(path, fmt=source_format(path), whole_documents=True):
        if isinstance(doc, BadRecord):
            yield line, doc, raw
            continue
        if not isinstance(doc, Mapping):
            yield line, BadRecord("not an OTLP document or span object"), raw
            continue
        many = "resourceSpans" in doc
        for span, res in _spans(doc):
            try:
                row = span_to_event(span, res)
            except AdapterError as exc:
                yield line, exc.bad(), span if many else raw
                continue
            if row is not None:
                yield line, row, (span if many else raw)
