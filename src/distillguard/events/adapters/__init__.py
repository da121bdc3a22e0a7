"""Adapters: map logs that users already have onto the canonical event format.

Each adapter is a module with ``records(path) -> Iterator[Record]`` that yields canonical event
rows (plain dicts, :data:`~distillguard.events.readers.Record` tuples with line and raw text);
the readers then validate them exactly as they validate canonical files.  Pick one with
``ingest(..., format=NAME)``.

=============  ===========================================================================
``otel``       OpenTelemetry GenAI spans (OTLP JSON, span-per-line JSON)
``litellm``    LiteLLM proxy ``LiteLLM_SpendLogs`` rows
``langfuse``   Langfuse observations export (generations)
=============  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from distillguard.events.adapters import langfuse, litellm, otel
from distillguard.events.readers import Record

__all__ = ["ADAPTERS"]

#: format name → function from a file to canonical :data:`Record` tuples
ADAPTERS: dict[str, Callable[[Path], Iterator[Record]]] = {
    "langfuse": langfuse.records,
    "litellm": litellm.records,
    "otel": otel.records,
}
