"""Small helpers shared by the adapters: timestamps, chat messages, JSON-in-a-string, headers."""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from distillguard.errors import DistillguardError
from distillguard.events.readers import NOTE_KEY, BadRecord, detect_format, to_epoch_ms

__all__ = [
    "AdapterError",
    "count_items",
    "count_user_turns",
    "first",
    "header",
    "key_hash",
    "maybe_json",
    "message_text",
    "nanos_to_ms",
    "note",
    "reasoning_of",
    "shielded",
    "source_format",
    "split_messages",
    "to_ms",
    "visible_text",
]

#: message part types that carry hidden reasoning, never the visible answer
_REASONING_PARTS = frozenset({"reasoning", "thinking", "redacted_thinking", "reasoning_text", "summary_text"})
#: a string that holds a Python literal (LiteLLM's Langfuse logger writes ``str(dict)``) is parsed
#: only up to this size
_LITERAL_LIMIT = 1 << 20


class AdapterError(Exception):
    """A source record that cannot be mapped; becomes a reject naming ``field``."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason

    def bad(self) -> BadRecord:
        return BadRecord(self.reason, self.field)


@contextmanager
def shielded() -> Iterator[list[BadRecord]]:
    """Map one source record; a mapping error, or a shape the adapter did not expect (a number where
    an object belongs), becomes a :class:`BadRecord` in the yielded list instead of an exception.

    >>> with shielded() as bad:
    ...     _ = {"a": 1}["b"]
    >>> bad[0].reason
    "unexpected structure: KeyError: 'b'"
    """
    bad: list[BadRecord] = []
    try:
        yield bad
    except AdapterError as exc:
        bad.append(exc.bad())
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        bad.append(BadRecord(f"unexpected structure: {type(exc).__name__}: {exc}"[:200]))


def first(*values: Any) -> Any:
    """The first value that is neither ``None``, an empty string nor an empty list or object."""
    for v in values:
        if v is not None and v != "" and v != [] and v != {}:
            return v
    return None


def note(row: dict[str, Any], text: str) -> dict[str, Any]:
    """Attach a note to a row (counted per file by the readers, shown in the run's summary)."""
    row[NOTE_KEY] = text
    return row


def maybe_json(v: Any) -> Any:
    """``v`` parsed if it is a string holding a JSON object or array (CSV exports, JSON columns
    written as text), else ``v``."""
    if isinstance(v, str) and v.lstrip()[:1] in ("{", "["):
        try:
            return orjson.loads(v)
        except orjson.JSONDecodeError:
            return v
    return v


def _literal(v: str) -> Any:
    """A Python literal (``{'1734': 100}``) safely, or ``None``."""
    if len(v) > _LITERAL_LIMIT:
        return None
    try:
        return ast.literal_eval(v)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def count_items(v: Any) -> int | None:
    """How many entries a list or map holds (a ``logit_bias`` map, a ``tools`` list), also when it
    is written as JSON or as a Python literal inside a string; ``None`` if ``v`` is neither."""
    v = maybe_json(v)
    if isinstance(v, str):
        v = _literal(v.strip())
    return len(v) if isinstance(v, (list, dict, tuple)) else None


def to_ms(v: Any, field: str) -> int | None:
    """Epoch ms of a source timestamp (RFC 3339, no offset = UTC; an epoch number, unit by
    magnitude; a ``datetime``), for an adapter's own arithmetic; raises :class:`AdapterError`."""
    try:
        return to_epoch_ms(v)
    except (ValueError, OverflowError):
        raise AdapterError(field, f"not a timestamp: {v!r}"[:120]) from None


def nanos_to_ms(v: Any, field: str) -> int | None:
    """Epoch ms of an OTLP ``*UnixNano`` value (a decimal string or an integer)."""
    if v is None or v == "":
        return None
    try:
        return int(v) // 1_000_000
    except (TypeError, ValueError):
        raise AdapterError(field, f"not a nanosecond timestamp: {v!r}"[:120]) from None


def _part_text(part: Any, *, visible: bool) -> str | None:
    if isinstance(part, str):
        return part
    if not isinstance(part, Mapping):
        return None
    kind = part.get("type")
    if visible and kind in _REASONING_PARTS:
        return None
    if kind in ("tool_call", "tool_use", "function_call", "tool_call_response", "tool_result", "image", "image_url", "blob", "file", "uri"):
        return None
    t = first(part.get("text"), part.get("content"))
    if isinstance(t, str):
        return t
    if isinstance(t, list):
        return _join(t, visible=visible)
    return None


def _join(parts: list[Any], *, visible: bool) -> str | None:
    texts = [t for t in (_part_text(p, visible=visible) for p in parts) if t]
    return "\n".join(texts) if texts else None


def message_text(content: Any) -> str | None:
    """Plain text of a chat message's ``content``: a string, or a list of parts with text."""
    if content is None:
        return None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return _join(content, visible=False)
    if isinstance(content, Mapping):
        t = first(content.get("text"), content.get("content"))
        return t if isinstance(t, str) else (_join(t, visible=False) if isinstance(t, list) else None)
    return str(content)


def visible_text(content: Any) -> str | None:
    """Like :func:`message_text`, without the parts that hold hidden reasoning (``reasoning``,
    ``thinking``): what the caller actually saw."""
    if isinstance(content, list):
        return _join(content, visible=True)
    if isinstance(content, Mapping):
        if content.get("type") in _REASONING_PARTS:
            return None
        t = first(content.get("text"), content.get("content"), content.get("parts"))
        return visible_text(t) if isinstance(t, (list, Mapping)) else (t if isinstance(t, str) else None)
    return message_text(content)


def reasoning_of(content: Any) -> str | None:
    """The hidden reasoning parts of a message's content, joined (``None`` if there are none)."""
    if not isinstance(content, list):
        return None
    texts = []
    for p in content:
        if isinstance(p, Mapping) and p.get("type") in _REASONING_PARTS:
            t = first(p.get("content"), p.get("thinking"), p.get("text"))
            if isinstance(t, str):
                texts.append(t)
    return "\n".join(texts) if texts else None


def _messages(v: Any) -> Iterator[Mapping[str, Any]]:
    v = maybe_json(v)
    if isinstance(v, Mapping) and "messages" in v:
        v = v["messages"]
    if isinstance(v, list):
        for m in v:
            if isinstance(m, Mapping):
                yield m


def split_messages(v: Any) -> tuple[str | None, str | None]:
    """``(system, prompt)`` from a chat message list: the system messages joined, and the last user
    message.  A plain string is the prompt itself.  OpenTelemetry's ``parts`` form, OpenAI content
    parts and Anthropic content blocks are understood."""
    v = maybe_json(v)
    if isinstance(v, str):
        return None, v
    system: list[str] = []
    prompt: str | None = None
    for m in _messages(v):
        content = m.get("content", m.get("parts"))
        text = message_text(content)
        role = m.get("role")
        if role in ("system", "developer") and text:
            system.append(text)
        elif role in ("user", "human") or role is None:
            prompt = text if text is not None else prompt
    return ("\n".join(system) if system else None), prompt


def count_user_turns(v: Any) -> int | None:
    """How many user messages a chat message list holds (1 = first turn); ``None`` if not a list."""
    msgs = list(_messages(v))
    if not msgs:
        return None
    n = sum(1 for m in msgs if m.get("role") in ("user", "human"))
    return n or None


def header(headers: Any, name: str) -> str | None:
    """A header's value, case-insensitively; a list of values (VCR cassettes) gives its first."""
    if not isinstance(headers, Mapping):
        return None
    want = name.lower()
    for k, v in headers.items():
        if isinstance(k, str) and k.lower() == want:
            if isinstance(v, list):
                v = v[0] if v else None
            return v if isinstance(v, str) and v else (str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None)
    return None


def key_hash(secret: str | None) -> str | None:
    """SHA-256 (hex) of an API key taken from a request header, so the key is never kept.

    A ``Bearer`` prefix is dropped first; an empty value gives ``None``.
    """
    if not secret:
        return None
    s = secret.strip()
    if s.lower().startswith("bearer "):
        s = s[7:].strip()
    return hashlib.sha256(s.encode("utf-8")).hexdigest() if s else None


def source_format(path: Path) -> str:
    """The reader for an export file: by extension, and JSON for names the readers do not know."""
    try:
        return detect_format(path)
    except DistillguardError:
        return "jsonl"
