"""Plain helpers shared by the online tests (a uniquely named module: ``from conftest import``
would pick up whichever ``conftest`` another test directory put on ``sys.path`` first)."""

from __future__ import annotations

from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    import orjson

    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
