"""Fixtures for the ingest tests: the hand-written logs in tests/fixtures/logs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"


@pytest.fixture()
def logs() -> Path:
    return LOGS


@pytest.fixture()
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    yield c
    c.close()
