"""The Spark store: a fresh scan starts clean, ``append`` adds only new ``request_id`` s and
re-derives the findings over everything stored, and ``--out`` naming a file is a one-line error.

(That a whole scan gives the reference's findings and stage tables is the shared parity suite's
job: ``tests/engines/test_parity.py`` runs it for ``spark`` on the demo and a simulated log.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from distillguard.engines.duckdb import DuckDBEngine
from distillguard.engines.spark import SparkEngine
from distillguard.errors import DistillguardError
from distillguard.scan import Scan
from distillguard.testing import make_events

T0 = 1_767_225_600_000


def _log(path: Path, prefix: str, n: int = 30, account: str = "a1") -> Path:
    rows = [{"ts": T0 + i * 60_000, "request_id": f"{prefix}-{i}", "account_id": account, "ip": "203.0.113.9",
             "prompt": f"question {prefix} {i}", "max_tokens": 512, "output_tokens": 100} for i in range(n)]
    pq.write_table(make_events(rows), path)
    return path


def _events(engine: SparkEngine) -> set[str]:
    return set(engine.read("events", columns=["request_id"]).column("request_id").to_pylist())


def test_a_fresh_scan_starts_clean_and_append_adds(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = _log(tmp_path / "one.parquet", "one"), _log(tmp_path / "two.parquet", "two", account="a2")
    engine = SparkEngine(spark=spark)
    Scan(engine=engine).run([first], out)
    assert _events(engine) == {f"one-{i}" for i in range(30)}
    r = Scan(engine=engine).run([second], out)
    assert _events(engine) == {f"two-{i}" for i in range(30)}, "a fresh scan must not keep the earlier scan's events"
    assert [a["account_id"] for a in r.accounts] == ["a2"]
    r = Scan(engine=engine).run([first], out, append=True)
    assert _events(engine) == {f"{p}-{i}" for p in ("one", "two") for i in range(30)}
    assert sorted(a["account_id"] for a in r.accounts) == ["a1", "a2"] and r.summary["events"] == 60
    assert engine.read("event_features").num_rows == 60  # the second scan's events were featured once
    again = Scan(engine=engine).run([first], out, append=True)  # appending the same log again changes nothing
    assert again.summary["events"] == 60 and again.summary["ingest"]["duplicates"] == 30
    # the appended scan's findings are those of one embedded scan of both logs
    both = Scan(engine=DuckDBEngine()).run([second, first], tmp_path / "duck")
    assert (out / "accounts.jsonl").read_bytes() == (tmp_path / "duck" / "accounts.jsonl").read_bytes()


def test_out_naming_a_file_is_a_one_line_error(spark: Any, tmp_path: Path) -> None:
    log = _log(tmp_path / "one.parquet", "one", n=3)
    (tmp_path / "taken").write_text("not a directory")
    with pytest.raises(DistillguardError, match="is a file, not a directory"):
        Scan(engine=SparkEngine(spark=spark)).run([log], tmp_path / "taken")


def test_an_executor_missing_a_package_is_a_one_line_error(spark: Any) -> None:
    from distillguard.engines._spark_session import spark_message

    def _needs_a_missing_module(batches: Any) -> Any:  # defined here: pickled by value, not by module
        import no_such_module_on_the_executors  # noqa: F401

        yield from batches

    df = spark.range(3)
    with pytest.raises(Exception) as e:
        df.mapInArrow(_needs_a_missing_module, df.schema).collect()
    assert spark_message(e.value) == (
        "a Spark task failed in Python: ModuleNotFoundError: No module named 'no_such_module_on_the_executors' "
        "(the executors need distillguard and its dependencies: see docs/cluster.md)"
    )
