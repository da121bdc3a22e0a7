"""OpenTelemetry GenAI spans → canonical events.

Reads what an OpenTelemetry pipeline already writes:

* OTLP JSON (the file exporter / collector ``file`` exporter): ``{"resourceSpans": [{"resource":
  {...}, "scopeSpans": [{"spans": [...]}]}]}``, one document per file (pretty-printed or not) or
  one per line;
* one span per line: an OTLP span object (``spanId``, ``attributes`` as a key/value list), or the
  Python SDK's ``ConsoleSpanExporter`` form (``context.span_id``, ``attributes`` as an object).

Only spans that describe a model call are kept: those with a ``gen_ai.*`` request/usage attribute
(others, such as HTTP server spans around them, are skipped, not rejected).  Both generations of
the GenAI semantic conventions are read: the current names (``gen_ai.provider.name``,
``gen_ai.input.messages`` / ``gen_ai.output.messages`` with typed ``parts``,
``gen_ai.system_instructions``, ``gen_ai.usage.reasoning.output_tokens``) and those of v1.36 and
before (``gen_ai.system``, ``gen_ai.usage.prompt_tokens`` / ``completion_tokens``, ``gen_ai.prompt``
/ ``gen_ai.completion`` as attributes, span events or OpenLLMetry's indexed
``gen_ai.prompt.0.content``).

Span and trace ids are written as hex (the OTLP JSON encoding); an exporter that wrote the
protobuf default, base64, is read back to the same hex id, so one span exported both ways is one
request.

Mapping (older names in brackets):

=================  ================================================================================
``ts``             span start time (``startTimeUnixNano``, epoch ns; ``start_time`` RFC 3339)
``request_id``     ``spanId`` (unique per span; re-exported spans are duplicates)
``account_id``     ``enduser.id`` / ``user.id`` (span, then resource attributes); without them the
                   service that made the call: ``service.namespace/service.name`` of the resource,
                   with a note (pass ``--account-key`` to choose another attribute)
``end_user``       ``user.id`` / ``enduser.id``
``ip``             ``client.address`` [``http.client_ip``]
``user_agent``     ``user_agent.original`` [``http.user_agent``]
``model``          ``gen_ai.request.model`` (``gen_ai.response.model``)
``endpoint``       ``gen_ai.operation.name`` (``chat``; ``text_completion`` → ``completion``;
                   ``embeddings`` → ``embedding``)
``conversation_id`` ``gen_ai.conversation.id``
``input_tokens``   ``gen_ai.usage.input_tokens`` [``gen_ai.usage.prompt_tokens``]
``output_tokens``  ``gen_ai.usage.output_tokens`` [``gen_ai.usage.completion_tokens``]
``reasoning_tokens`` ``gen_ai.usage.reasoning.output_tokens``
``max_tokens`` …   ``gen_ai.request.max_tokens``, ``.temperature``, ``.top_p``, ``.choice.count`` (n),
                   ``.stream``
``reasoning``      ``gen_ai.request.reasoning.level`` / ``.effort`` / ``.max_tokens`` (a budget)
                   [``gen_ai.openai.request.reasoning_effort``]
``tools_n``        entries of ``gen_ai.tool.definitions`` [OpenLLMetry ``llm.request.functions.N``]
``finish_reason``  first of ``gen_ai.response.finish_reasons``
``prompt``         last user message of ``gen_ai.input.messages`` [``gen_ai.prompt`` (JSON or text) /
                   indexed ``gen_ai.prompt.N.content`` / span events ``gen_ai.content.prompt``,
                   ``gen_ai.user.message``]
``system``         ``gen_ai.system_instructions`` or the system messages
``response``       visible parts of the last ``gen_ai.output.messages`` message (``reasoning`` parts
                   are hidden reasoning, not the answer) [``gen_ai.completion``]
``status``         ``http.response.status_code``
``latency_ms``     span end − start
=================  ================================================================================

Other scalar attributes are kept in ``attrs`` (with ``trace_id``, ``span_name``, ``service.name``),
among them ``gen_ai.request.seed`` and ``gen_ai.provider.name`` [``gen_ai.system``].  The GenAI
conventions have no attribute for ``logprobs``, ``top_logprobs`` or ``logit_bias``, and message
content is recorded only when the instrumentation is told to capture it: without it, the content
and harvesting-parameter detectors abstain.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from distillguard.events.adapters._common import (
    AdapterError,
    count_items,
    count_user_turns,
    first,
    maybe_json,
    message_text,
    nanos_to_ms,
    note,
    shielded,
    source_format,
    split_messages,
    to_ms,
    visible_text,
)
from distillguard.events.readers import BadRecord, Record, iter_records

__all__ = ["otlp_id", "records", "span_to_event"]

_ENDPOINT = {"text_completion": "completion", "embeddings": "embedding", "generate_content": "chat"}

#: attributes mapped to canonical fields (not repeated in attrs)
_MAPPED = {
    "enduser.id", "user.id", "client.address", "http.client_ip", "user_agent.original", "http.user_agent",
    "gen_ai.request.model", "gen_ai.response.model", "gen_ai.operation.name", "gen_ai.conversation.id",
    "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens", "gen_ai.usage.reasoning.output_tokens", "gen_ai.request.max_tokens",
    "gen_ai.request.temperature", "gen_ai.request.top_p", "gen_ai.request.choice.count", "gen_ai.request.stream",
    "gen_ai.request.reasoning.level", "gen_ai.request.reasoning.effort", "gen_ai.request.reasoning.max_tokens",
    "gen_ai.openai.request.reasoning_effort", "gen_ai.tool.definitions", "gen_ai.response.finish_reasons",
    "gen_ai.prompt", "gen_ai.input.messages", "gen_ai.completion", "gen_ai.output.messages",
    "gen_ai.system_instructions", "http.response.status_code",
}


def _any_value(v: Any) -> Any:
    """Python value of an OTLP ``AnyValue`` (``{"stringValue": "x"}``, ``{"intValue": "12"}``, …)."""
    if not isinstance(v, Mapping):
        return v
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        try:
            return int(v["intValue"])
        except (TypeError, ValueError):
            return v["intValue"]
    if "doubleValue" in v:
        try:
            return float(v["doubleValue"])
        except (TypeError, ValueError):
            return v["doubleValue"]
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [_any_value(x) for x in (v["arrayValue"] or {}).get("values", []) or []]
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
    for kv in attrs if isinstance(attrs, list) else []:
        if isinstance(kv, Mapping) and "key" in kv:
            out[str(kv["key"])] = _any_value(kv.get("value"))
    return out


def otlp_id(v: Any, nbytes: int) -> str | None:
    """A span (8 bytes) or trace (16 bytes) id as lowercase hex, whether written as hex (OTLP
    JSON), base64 (the protobuf JSON default) or ``0x``-prefixed hex (the Python console exporter).

    >>> otlp_id("eee19b7ec3c1b174", 8), otlp_id("7uGbfsPBsXQ=", 8), otlp_id("0xEEE19B7EC3C1B174", 8)
    ('eee19b7ec3c1b174', 'eee19b7ec3c1b174', 'eee19b7ec3c1b174')
    """
    if v is None or v == "":
        return None
    s = str(v).strip()
    h = s[2:] if s[:2] in ("0x", "0X") else s
    if len(h) == 2 * nbytes and all(c in "0123456789abcdefABCDEF" for c in h):
        return h.lower()
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return s
    return raw.hex() if len(raw) == nbytes else s


def _is_genai(a: Mapping[str, Any]) -> bool:
    return any(k.startswith(("gen_ai.request.", "gen_ai.usage.", "gen_ai.operation.", "gen_ai.system", "gen_ai.provider.")) for k in a)


def _indexed(a: Mapping[str, Any], prefix: str, keys: tuple[str, ...] = ("role", "content")) -> list[dict[str, Any]]:
    """OpenLLMetry's ``gen_ai.prompt.0.role`` / ``gen_ai.prompt.0.content`` as a message list."""
    msgs: dict[int, dict[str, Any]] = {}
    for k, v in a.items():
        if k.startswith(prefix):
            idx, _, key = k[len(prefix):].partition(".")
            if idx.isascii() and idx.isdigit() and key in keys:
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


def _response(out_msgs: Any) -> str | None:
    parsed = maybe_json(out_msgs)
    if isinstance(parsed, list) and parsed:
        m = parsed[-1]
        if isinstance(m, Mapping):
            return visible_text(first(m.get("parts"), m.get("content"), m.get("message")))
        return message_text(m)
    if isinstance(parsed, Mapping):
        return visible_text(first(parsed.get("parts"), parsed.get("content"), parsed.get("message")))
    return message_text(parsed)


def _service(res: Mapping[str, Any]) -> str | None:
    name = first(res.get("service.name"))
    if name is None:
        return None
    ns = first(res.get("service.namespace"))
    return f"{ns}/{name}" if ns else str(name)


def _span_times(span: Mapping[str, Any]) -> tuple[Any, int | None, int | None]:
    """(start as written, start ms, end ms)."""
    if "startTimeUnixNano" in span:
        start_raw = span.get("startTimeUnixNano")
        start = nanos_to_ms(start_raw, "startTimeUnixNano")
        try:
            end = nanos_to_ms(span.get("endTimeUnixNano"), "endTimeUnixNano")
        except AdapterError:
            end = None
        return start_raw, start, end
    start_raw = span.get("start_time")
    start = to_ms(start_raw, "start_time")
    try:
        end = to_ms(span.get("end_time"), "end_time")
    except AdapterError:
        end = None
    return start_raw, start, end


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
    span_id = otlp_id(first(span.get("spanId"), span.get("span_id"), ctx.get("span_id")), 8)
    trace_id = otlp_id(first(span.get("traceId"), span.get("trace_id"), ctx.get("trace_id")), 16)
    start_raw, start, end = _span_times(span)

    msgs = first(a.get("gen_ai.input.messages"), a.get("gen_ai.prompt"))
    if msgs is None:
        msgs = first(_indexed(a, "gen_ai.prompt."), _event_attr(span, ("gen_ai.content.prompt", "gen_ai.user.message"), "gen_ai.prompt"))
    system, prompt = split_messages(msgs) if msgs is not None else (None, None)
    instr = maybe_json(a.get("gen_ai.system_instructions"))
    if instr is not None:
        system = message_text(instr) if not isinstance(instr, str) else instr
    out_msgs = first(a.get("gen_ai.output.messages"), a.get("gen_ai.completion"))
    if out_msgs is None:
        out_msgs = first(_indexed(a, "gen_ai.completion."), _event_attr(span, ("gen_ai.content.completion", "gen_ai.choice"), "gen_ai.completion"))
    response = _response(out_msgs) if out_msgs is not None else None
    reasons = a.get("gen_ai.response.finish_reasons")
    if isinstance(reasons, list):
        reasons = reasons[0] if reasons else None
    op = a.get("gen_ai.operation.name")
    user = first(a.get("enduser.id"), a.get("user.id"), res.get("enduser.id"), res.get("user.id"))
    budget = a.get("gen_ai.request.reasoning.max_tokens")
    tools = first(count_items(a.get("gen_ai.tool.definitions")), len(_indexed(a, "llm.request.functions.", ("name",))) or None)

    row: dict[str, Any] = {
        "ts": start_raw,
        "request_id": span_id,
        "account_id": user,
        "end_user": first(a.get("user.id"), a.get("enduser.id"), res.get("user.id"), res.get("enduser.id")),
        "ip": first(a.get("client.address"), a.get("http.client_ip")),
        "user_agent": first(a.get("user_agent.original"), a.get("http.user_agent"), res.get("user_agent.original")),
        "model": first(a.get("gen_ai.request.model"), a.get("gen_ai.response.model")),
        "endpoint": _ENDPOINT.get(op, op) if isinstance(op, str) else None,
        "conversation_id": a.get("gen_ai.conversation.id"),
        "turn": count_user_turns(msgs),
        "system": system,
        "prompt": prompt,
        "response": response,
        "input_tokens": first(a.get("gen_ai.usage.input_tokens"), a.get("gen_ai.usage.prompt_tokens")),
        "output_tokens": first(a.get("gen_ai.usage.output_tokens"), a.get("gen_ai.usage.completion_tokens")),
        "reasoning_tokens": a.get("gen_ai.usage.reasoning.output_tokens"),
        "max_tokens": a.get("gen_ai.request.max_tokens"),
        "temperature": a.get("gen_ai.request.temperature"),
        "top_p": a.get("gen_ai.request.top_p"),
        "n": a.get("gen_ai.request.choice.count"),
        "stream": a.get("gen_ai.request.stream"),
        "reasoning": first(
            a.get("gen_ai.request.reasoning.level"), a.get("gen_ai.request.reasoning.effort"),
            a.get("gen_ai.openai.request.reasoning_effort"), str(budget) if budget not in (None, "") else None,
        ),
        "tools_n": tools,
        "finish_reason": reasons,
        "status": a.get("http.response.status_code"),
        "latency_ms": (end - start) if start is not None and end is not None else None,
        "trace_id": trace_id,
        "span_name": span.get("name"),
    }
    if "service.name" in res:
        row["service.name"] = res["service.name"]
    for k in ("service.namespace", "service.instance.id", "host.name", "deployment.environment.name"):
        if k in res and res[k] not in (None, ""):
            row[k] = res[k]
    if user is None:
        svc = _service(res)
        if svc is not None:
            row["account_id"] = svc
            note(row, "account_id is the calling service (service.name): the spans name no user; choose with --account-key")
    for k, v in a.items():
        if k not in _MAPPED and not k.startswith(("gen_ai.prompt.", "gen_ai.completion.", "llm.request.functions.")) and not isinstance(v, (list, dict)):
            row.setdefault(k, v)
    return row


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _spans(doc: Any) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
    """``(span, resource attributes)`` of an OTLP document, a bare span or an SDK console span."""
    if not isinstance(doc, Mapping):
        return
    if "resourceSpans" in doc:
        for rs in _list(doc.get("resourceSpans")):
            if not isinstance(rs, Mapping):
                continue
            resource = rs.get("resource") if isinstance(rs.get("resource"), Mapping) else {}
            res = _attributes(resource.get("attributes"))
            for ss in _list(rs.get("scopeSpans")) or _list(rs.get("instrumentationLibrarySpans")):
                for span in _list(ss.get("spans")) if isinstance(ss, Mapping) else []:
                    if isinstance(span, Mapping):
                        yield span, res
    else:
        res = doc.get("resource")
        yield doc, _attributes(res.get("attributes")) if isinstance(res, Mapping) else {}


def records(path: Path) -> Iterator[Record]:
    """Canonical event rows of an OTLP JSON / span-per-line file (see module docs)."""
    for line, doc, raw in iter_records(path, fmt=source_format(path)):
        if isinstance(doc, BadRecord):
            yield line, doc, raw
            continue
        if not isinstance(doc, Mapping):
            yield line, BadRecord("not an OTLP document or span object"), raw
            continue
        many = "resourceSpans" in doc
        for span, res in _spans(doc):
            with shielded() as bad:
                row = span_to_event(span, res)
            if bad:
                yield line, bad[0], span if many else raw
            elif row is not None:
                yield line, row, (span if many else raw)
