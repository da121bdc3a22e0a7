"""Shared by the evaluate tests: times of hand-built cases and writing their JSON Lines."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

T0 = 1_740_960_000_000  # 2025-03-03T00:00:00Z


def iso(sec: int) -> str:
    """RFC 3339 time ``sec`` seconds after :data:`T0`."""
    return datetime.fromtimestamp((T0 + sec * 1000) / 1000, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def write_rows(d: Path, rows: list[dict[str, Any]], name: str) -> Path:
    p = d / name
    p.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return p
