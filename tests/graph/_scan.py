"""Shared by the graph tests: scan a labelled log written in code, read the findings back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from distillguard.scan import Scan, ScanResult


def scan_tables(d: Path, events: pa.Table, accounts: pa.Table) -> tuple[Path, ScanResult]:
    """Write ``events`` and ``accounts`` as Parquet under ``d``, scan them into ``d/out``."""
    d.mkdir(parents=True, exist_ok=True)
    pq.write_table(events, d / "events.parquet")
    pq.write_table(accounts, d / "accounts.parquet")
    result = Scan().run([d / "events.parquet"], d / "out", accounts_paths=[d / "accounts.parquet"])
    return d / "out", result


def read_jsonl(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]
