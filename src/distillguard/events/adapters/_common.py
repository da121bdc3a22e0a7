"""Small helpers shared by the adapters: timestamps, chat messages, JSON-in-a-string."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import orjson

from pathlib import Path

from distillguard.errors import DistillguardError
from distillguard.events.readers import BadRecord, detect_format, parse_ts

__all__ = [
    "AdapterError",
    "count_user_turns",
    "first",
    "maybe_json",
    "message_text",
    "nanos_to_ms",
    "source_format",
    "split_messages",
    "to_ms",
]


class AdapterError(Exception):
    """A source record that cannot be mapped; becomes a reject naming ``field``."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason

    def bad(self) -> BadRecord:
        return BadRecord(self.reason, self.field)


def first(*values: Any) -> Any:
    """The first value that is neither ``None`` nor an empty string."""
    for v in values:
        if v is not None and v != "":
            return v
    return None


def maybe_json(v: Any) -> Any:
    """``v`` parsed if it is a string holding a JSON object or array (CSV exports), else ``v``."""
    if isinstance(v, str) and v[:1] in ("{", "["):
        try:
            return orjson.loads(v)
        except orjson.JSONDecodeError:
            return v
    return v


def to_ms(v: Any, field: str) -> int | None:
    """Epoch ms of a source timestamp: RFC 3339 (no offset = UTC, as these exports write it),
    epoch ms, or a ``datetime``."""
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return parse_ts(v.isoformat())[0]
    if isinstance(v, bool):
        raise AdapterError(field, f"not a timestamp: {v!r}")
    if isinstance(v, (int, float)):
        return int(v)
    if isinstance(v, str):
        s = v.strip()
        if s.lstrip("-").isdigit():
            return int(s)
        try:
            return parse_ts(s)[0]
        except ValueError:
            raise AdapterError(field, f"not a timestamp: {v!r}") from None
    raise AdapterError(field, f"not a timestamp: {v!r}")


def nanos_to_ms(v: Any, field: str) -> int | None:
    """Epoch ms of an OTLP ``*UnixNano`` value (a decimal string or an integer)."""
    if v is None or v == "":
        return None
    try:
        return int(v) // 1_000_000
    except (TypeError, ValueError):
        raise AdapterError(field, f"not a nanosecond timestamp: {v!r}") from None


def message_text(content: Any) -> str | None:
    """Plain text of a chat message's ``content``: a string, or a list of parts with text."""
    if content is None:
        return None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, Mapping):
                t = first(part.get("text"), part.get("content"))
                if isinstance(t, str):
                    texts.append(t)
        return "\n".join(texts) if texts else None
    if isinstance(content, Mapping):
        t = first(content.get("text"), content.get("content"))
        return t if isinstance(t, str) else None
    return str(content)


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
    message.  A plain string is the prompt itself.  OpenTelemetry's ``parts`` form is understood."""
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


def source_format(path: Path) -> str:
    """The reader for an export file: by extension, and JSON for names the readers do not know."""
    try:
        return detect_format(path)
    except DistillguardError:
        return "jsonl"
